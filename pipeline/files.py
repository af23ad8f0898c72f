"""Finding input files and turning their bytes into documents or quarantine records.

This is the I/O side of ingestion: the parsing and cleaning rules are pure functions in
`transforms/ingestion/` (`sources.parse_source`, then `documents.clean`); here files are found,
read and handed to them, and anything that goes wrong becomes a `Rejection` rather than an
exception that would stop the run.

Discovery stays inside the input roots the user named: a symbolic link found while walking is
followed only when its target lies inside one of those roots (or with `follow_symlinks=True`),
so a link in an input folder cannot pull `/etc` or a home directory into the warehouse. Links
that loop, dangle or point at devices and pipes are quarantined, not followed or opened.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from transforms.ingestion.documents import clean
from transforms.ingestion.size_limit import DEFAULT_MAX_BYTES, too_large
from transforms.ingestion.sources import parse_source
from transforms.model import Document, Rejection, SourceText


def discover_files(
    paths: Sequence[str], *, follow_symlinks: bool = False
) -> tuple[list[Path], list[Rejection]]:
    """Every regular, non-hidden file under the given files and directories, in a stable order.

    A path given explicitly is used even when it is itself a link: naming it is consent. Inside
    directories, links are followed only to targets within the given roots unless
    `follow_symlinks` is set; a directory is walked once however many links lead to it.
    """
    walk = _Walk(follow_symlinks=follow_symlinks, roots=_real_roots(paths))
    files: list[Path] = []
    for raw in paths:
        root = Path(raw).absolute()
        found = _stat(root)
        if isinstance(found, Rejection):
            walk.rejections.append(found)
        elif stat.S_ISREG(found.st_mode):
            files.append(root)
        elif stat.S_ISDIR(found.st_mode):
            files.extend(sorted(walk.directory(root, found), key=str))
        else:
            walk.rejections.append(_special(root, found))
    return list(dict.fromkeys(files)), walk.rejections


def read_documents(
    files: list[Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[Document], list[Rejection]]:
    """Read and clean a batch of files; a bad file becomes a rejection, never an exception."""
    documents: list[Document] = []
    rejections: list[Rejection] = []
    for path in files:
        data = read_file(path, max_bytes)
        if isinstance(data, Rejection):
            rejections.append(data)
            continue
        for item in _parsed(path, data, max_bytes):
            (rejections if isinstance(item, Rejection) else documents).append(item)
    return documents, rejections


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | Rejection:
    """A file's bytes, or why they cannot be had: unreadable, not a regular file, too large.

    The size is checked on the open file before reading, so a 4 GB file costs nothing, and the
    read is capped in case the file grows in between. O_NONBLOCK keeps a pipe that replaced a
    file since discovery from blocking the run.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return Rejection(str(path), f"cannot read file: {_os_error(error)}", "read_error")
    with os.fdopen(descriptor, "rb") as handle:
        try:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return _special(path, info)
            refused = too_large(str(path), info.st_size, max_bytes)
            if refused is not None:
                return refused
            data = handle.read(max_bytes + 1)
        except OSError as error:
            return Rejection(str(path), f"cannot read file: {_os_error(error)}", "read_error")
    refused = too_large(str(path), len(data), max_bytes)
    return data if refused is None else refused


def _parsed(path: Path, data: bytes, max_bytes: int) -> Iterator[Document | Rejection]:
    """Parse and clean one file's bytes.

    The rules are meant never to raise on any input, and the fuzz tests hold them to it; if
    one still does, the file is quarantined with the exception named (so the bug is visible
    and reportable) instead of failing the batch and every good file in it.
    """
    try:
        for item in parse_source(str(path), data, max_bytes=max_bytes):
            yield clean(item) if isinstance(item, SourceText) else item
    except Exception as error:  # noqa: BLE001 - the last line of defence described above
        yield Rejection(
            str(path),
            f"internal error while reading this file ({type(error).__name__}: {error}); "
            "please report it",
            "internal_error",
        )


# --------------------------------------------------------------------------------------------
# Walking directories
# --------------------------------------------------------------------------------------------


@dataclass
class _Walk:
    follow_symlinks: bool
    roots: tuple[str, ...]  # real paths of the given inputs
    rejections: list[Rejection] = field(default_factory=list)
    walked: set[tuple[int, int]] = field(default_factory=set)  # (device, inode) of directories

    def directory(self, top: Path, info: os.stat_result) -> Iterator[Path]:
        """Files under `top`, depth first, without recursion (deep trees cannot overflow)."""
        key = (info.st_dev, info.st_ino)
        if key in self.walked:
            return
        self.walked.add(key)
        pending: list[tuple[Path, frozenset[tuple[int, int]]]] = [(top, frozenset({key}))]
        while pending:
            directory, ancestors = pending.pop()
            try:
                with os.scandir(directory) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError as error:
                self.rejections.append(
                    Rejection(
                        str(directory), f"cannot list directory: {_os_error(error)}", "read_error"
                    )
                )
                continue
            subdirectories: list[tuple[Path, frozenset[tuple[int, int]]]] = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = Path(entry.path)
                found = self._entry(path, entry)
                if found is None:
                    continue
                if stat.S_ISREG(found.st_mode):
                    yield path
                    continue
                child = (found.st_dev, found.st_ino)
                if child in ancestors:
                    self.rejections.append(
                        Rejection(
                            str(path),
                            "symlink loop: the link leads back to a directory that contains it "
                            f"({os.path.realpath(path)})",
                            "symlink_loop",
                        )
                    )
                elif _is_link(entry) and _inside(os.path.realpath(path), self.roots):
                    continue  # its target is walked as part of the roots: no second copy
                elif child not in self.walked:
                    self.walked.add(child)
                    subdirectories.append((path, ancestors | {child}))
            pending.extend(reversed(subdirectories))

    def _entry(self, path: Path, entry: os.DirEntry[str]) -> os.stat_result | None:
        """The stat of a directory entry worth descending into or reading, else None."""
        if _is_link(entry):
            found = _stat(path)
            if isinstance(found, Rejection):
                self.rejections.append(found)
                return None
            target = os.path.realpath(path)
            if not self.follow_symlinks and not _inside(target, self.roots):
                self.rejections.append(
                    Rejection(
                        str(path),
                        f"symlink to {target}, outside the input paths; not followed "
                        "(pass --follow-symlinks to follow it)",
                        "symlink_outside_roots",
                    )
                )
                return None
        else:
            try:
                found = entry.stat(follow_symlinks=False)
            except OSError as error:
                self.rejections.append(
                    Rejection(str(path), f"cannot read file: {_os_error(error)}", "read_error")
                )
                return None
        if stat.S_ISREG(found.st_mode) or stat.S_ISDIR(found.st_mode):
            return found
        self.rejections.append(_special(path, found))
        return None


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _real_roots(paths: Sequence[str]) -> tuple[str, ...]:
    roots: list[str] = []
    for raw in paths:
        try:
            roots.append(os.path.realpath(raw, strict=True))
        except OSError:
            continue
    return tuple(roots)


def _inside(target: str, roots: tuple[str, ...]) -> bool:
    return any(target == root or target.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _stat(path: Path) -> os.stat_result | Rejection:
    """Stat through links, naming the three ways that fails: loop, dangling link, missing."""
    try:
        return os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Rejection(
                str(path),
                "symlink loop: following the link never reaches a file or directory",
                "symlink_loop",
            )
        if os.path.islink(path):
            try:
                target = os.readlink(path)
            except OSError:
                target = "(unreadable)"
            return Rejection(
                str(path), f"broken symlink: its target {target} does not exist", "broken_symlink"
            )
        if error.errno == errno.ENOENT:
            return Rejection(str(path), "path does not exist", "missing_path")
        return Rejection(str(path), f"cannot read file: {_os_error(error)}", "read_error")


def _special(path: Path, info: os.stat_result) -> Rejection:
    kinds = (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    kind = next((name for test, name in kinds if test(info.st_mode)), "not a regular file")
    return Rejection(str(path), f"{kind}, not a regular file; not read", "special_file")


def _os_error(error: OSError) -> str:
    return error.strerror or str(error)
