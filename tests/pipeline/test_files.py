"""File discovery and reading: symlinks, loops, special files, unreadable and oversized files."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import pipeline.files
from pipeline.files import discover_files, read_documents, read_file
from transforms.ingestion.size_limit import DEFAULT_MAX_BYTES, too_large
from transforms.model import Document, Rejection

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "data" / "corpus"
STORY = "LONDON, May 9 (Reuters) - The council approved the budget on Friday, officials said.\n"

read = read_documents


def classes(rejections: list[Rejection]) -> dict[str, str]:
    return {Path(r.path).name: r.error_class for r in rejections}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "b.txt").write_text(STORY)
    (root / "sub" / "a.md").write_text(STORY.replace("Friday", "Monday"))
    (root / ".hidden.txt").write_text(STORY)
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text(STORY)
    return root


def test_discovery_is_sorted_and_skips_hidden_files(tree: Path) -> None:
    files, rejections = discover_files([str(tree)])
    assert files == [tree / "b.txt", tree / "sub" / "a.md"]
    assert rejections == []


def test_missing_path_is_quarantined(tmp_path: Path) -> None:
    files, rejections = discover_files([str(tmp_path / "nope")])
    assert files == []
    assert [(r.error_class, r.reason) for r in rejections] == [
        ("missing_path", "path does not exist")
    ]


def test_the_same_file_named_twice_is_read_once(tree: Path) -> None:
    files, _ = discover_files([str(tree), str(tree / "b.txt")])
    assert files.count(tree / "b.txt") == 1


def test_symlinks_inside_the_roots_are_followed_once(tree: Path) -> None:
    (tree / "link-to-b.txt").symlink_to(tree / "b.txt")
    (tree / "link-to-sub").symlink_to(tree / "sub", target_is_directory=True)
    files, rejections = discover_files([str(tree)])
    assert rejections == []
    # A file link is a second path to the same text (one document, two sources); a directory
    # link to a walked directory adds nothing.
    assert files == [tree / "b.txt", tree / "link-to-b.txt", tree / "sub" / "a.md"]


def test_symlinks_outside_the_roots_are_not_followed_unless_asked(
    tree: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (tree / "out-file.txt").symlink_to(outside / "secret.txt")
    (tree / "out-dir").symlink_to(outside, target_is_directory=True)
    files, rejections = discover_files([str(tree)])
    assert outside / "secret.txt" not in files
    assert all("secret" not in str(f) for f in files)
    assert classes(rejections) == {
        "out-dir": "symlink_outside_roots",
        "out-file.txt": "symlink_outside_roots",
    }
    assert all("--follow-symlinks" in r.reason for r in rejections)

    followed, none = discover_files([str(tree)], follow_symlinks=True)
    assert none == []
    assert tree / "out-file.txt" in followed
    assert tree / "out-dir" / "secret.txt" in followed


def test_a_root_given_explicitly_may_be_a_link(tree: Path, tmp_path: Path) -> None:
    link = tmp_path / "link-root"
    link.symlink_to(tree, target_is_directory=True)
    files, rejections = discover_files([str(link)])
    assert rejections == []
    assert files == [link / "b.txt", link / "sub" / "a.md"]


def test_symlink_loops_are_quarantined_not_followed(tree: Path) -> None:
    (tree / "self.txt").symlink_to(tree / "self.txt")
    (tree / "ping.txt").symlink_to(tree / "pong.txt")
    (tree / "pong.txt").symlink_to(tree / "ping.txt")
    (tree / "sub" / "up").symlink_to(tree, target_is_directory=True)
    for follow in (False, True):
        files, rejections = discover_files([str(tree)], follow_symlinks=follow)
        assert files == [tree / "b.txt", tree / "sub" / "a.md"]
        assert classes(rejections) == {
            "ping.txt": "symlink_loop",
            "pong.txt": "symlink_loop",
            "self.txt": "symlink_loop",
            "up": "symlink_loop",
        }


def test_a_directory_loop_outside_the_roots_ends(tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "story.txt").write_text(STORY)
    (outside / "back").symlink_to(outside, target_is_directory=True)
    (tree / "out").symlink_to(outside, target_is_directory=True)
    files, rejections = discover_files([str(tree)], follow_symlinks=True)
    assert tree / "out" / "story.txt" in files
    assert classes(rejections) == {"back": "symlink_loop"}


def test_broken_symlink_is_quarantined(tree: Path) -> None:
    (tree / "dangling.txt").symlink_to(tree / "gone.txt")
    _, rejections = discover_files([str(tree)])
    assert classes(rejections) == {"dangling.txt": "broken_symlink"}
    assert "gone.txt" in rejections[0].reason


def test_named_pipes_are_quarantined_without_blocking(tree: Path) -> None:
    os.mkfifo(tree / "pipe.txt")
    files, rejections = discover_files([str(tree)])
    assert tree / "pipe.txt" not in files
    assert classes(rejections) == {"pipe.txt": "special_file"}
    # Reading a pipe that replaced a file after discovery must not hang the run either.
    outcome: list[object] = []
    reader = threading.Thread(target=lambda: outcome.append(read_file(tree / "pipe.txt")))
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "read_file blocked on a named pipe"
    [result] = outcome
    assert isinstance(result, Rejection) and result.error_class == "special_file"


def test_read_documents_reads_good_files_and_quarantines_the_rest(tree: Path) -> None:
    (tree / "empty.txt").write_bytes(b"")
    (tree / "c.txt.gz").write_bytes(gzip.compress(STORY.replace("Friday", "Sunday").encode()))
    files, _ = discover_files([str(tree)])
    documents, rejections = read(files)
    assert sorted(Path(d.path).name for d in documents) == ["a.md", "b.txt", "c.txt.gz"]
    assert classes(rejections) == {"empty.txt": "empty"}


def test_files_over_the_size_limit_are_not_read(tree: Path) -> None:
    big = tree / "big.txt"
    with big.open("wb") as handle:  # sparse: 30 MB on paper, nothing on disk
        handle.truncate(30 * 1024 * 1024)
    documents, rejections = read([big, tree / "b.txt"])
    assert [Path(d.path).name for d in documents] == ["b.txt"]
    [rejection] = rejections
    assert rejection.error_class == "too_large"
    assert f"{DEFAULT_MAX_BYTES:,}-byte limit" in rejection.reason
    small_limit, small_rejections = read([tree / "b.txt"], max_bytes=10)
    assert small_limit == []
    assert [r.error_class for r in small_rejections] == ["too_large"]


def test_a_gzip_bomb_stops_at_the_limit(tree: Path) -> None:
    bomb = tree / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 2_000_000))
    documents, rejections = read([bomb], max_bytes=1_000_000)
    assert documents == []
    assert [r.error_class for r in rejections] == ["too_large"]


def test_an_unexpected_parser_error_quarantines_only_its_file(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.files.parse_source

    def flaky(path: str, data: bytes, **kwargs: int) -> list:
        if path.endswith("b.txt"):
            raise KeyError("boom")
        return real(path, data, **kwargs)

    monkeypatch.setattr(pipeline.files, "parse_source", flaky)
    documents, rejections = read([tree / "b.txt", tree / "sub" / "a.md"])
    assert [Path(d.path).name for d in documents] == ["a.md"]
    [rejection] = rejections
    assert rejection.error_class == "internal_error"
    assert "KeyError" in rejection.reason


def _read_as_unprivileged(path: Path) -> Rejection | bytes:
    """Read `path` as the current user, or, for root, in a child without DAC override.

    Root reads a mode-000 file regardless, so as root the read runs under `setpriv` with the
    capabilities that bypass file permissions removed from the bounding set: a real
    permission failure, not a simulated one.
    """
    if os.geteuid() != 0:
        return read_file(path)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv (util-linux) is not installed to drop privileges")
    code = (
        "import sys; from pathlib import Path; from pipeline.files import read_file;"
        "r = read_file(Path(sys.argv[1]));"
        "print(r.error_class + '|' + r.reason if not isinstance(r, bytes) else 'READ')"
    )
    result = subprocess.run(
        [
            setpriv,
            "--bounding-set=-dac_override,-dac_read_search",
            "--inh-caps=-all",
            sys.executable,
            "-c",
            code,
            str(path),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0 and "setpriv" in result.stderr:
        pytest.skip(f"running as root and cannot drop privileges: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    output = result.stdout.strip()
    if output == "READ":
        return b""
    error_class, reason = output.split("|", 1)
    return Rejection(str(path), reason, error_class)


def test_an_unreadable_file_is_quarantined(tree: Path) -> None:
    locked = tree / "locked.txt"
    locked.write_text(STORY)
    locked.chmod(0)
    try:
        result = _read_as_unprivileged(locked)
    finally:
        locked.chmod(0o644)
    assert isinstance(result, Rejection), "a mode-000 file was read"
    assert result.error_class == "read_error"
    assert "Permission denied" in result.reason


def test_the_corpus_end_to_end() -> None:
    files, discovery = discover_files([str(CORPUS)])
    assert discovery == []
    documents, rejections = read(files)
    by_file: dict[str, list[Document]] = {}
    for document in documents:
        by_file.setdefault(Path(document.path).name, []).append(document)
    assert set(by_file) == {p.name for p in (CORPUS / "good").iterdir()}
    bad_files = {Path(r.path).name for r in rejections if "/bad/" in r.path}
    assert bad_files == {p.name for p in (CORPUS / "bad").iterdir()}
    assert all(r.reason and r.error_class for r in rejections)
    for document in documents:
        assert document.dct is None or 1600 <= document.dct.year <= 2999


def test_one_size_rule_before_reading_and_on_the_bytes(tree: Path) -> None:
    story = tree / "b.txt"
    size = story.stat().st_size
    refused = too_large(str(story), size, size - 1)
    assert refused is not None and refused.error_class == "too_large"
    assert read_file(story, size - 1) == refused  # from the open file's size, unread
    assert pipeline.files.parse_source(str(story), story.read_bytes(), max_bytes=size - 1) == [
        refused
    ]
    assert read_file(story, size) == story.read_bytes()  # the limit itself is allowed
