"""Chart files: offline HTML, real PNGs, and an index that links them and escapes all text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from transforms.model import (
    Actor,
    Document,
    Event,
    EventDate,
    Extraction,
    Mention,
    Participant,
    Sentence,
    Span,
)
from warehouse import store
from warehouse.render import render_charts

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HOSTILE_TITLE = "<script>alert('title')</script> & more"
REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", re.IGNORECASE)


def _extraction(
    doc_id: str, title: str, url: str | None, dated: bool, precision: str = "day"
) -> Extraction:
    text = "Acme hired Bob in March 2024. It rained."
    start = text.index("hired")
    when = (
        EventDate(
            "2024-03", date(2024, 3, 1), date(2024, 3, 31), precision, "in March 2024", "explicit"
        )
        if dated
        else EventDate(None, None, None, "unknown", None, "unanchored")
    )
    actors = (Actor("acme", "Acme", "organisation"), Actor("bob", "Bob", "person"))
    hired = Event(
        event_id=f"{doc_id}-hired",
        doc_id=doc_id,
        sentence_index=0,
        trigger="hired",
        lemma="hire",
        start=start,
        end=start + 5,
        event_type="employment",
        date=when,
        participants=(Participant("acme", "agent", 0, 4), Participant("bob", "patient", 11, 14)),
    )
    rained_at = text.index("rained")
    rained = Event(
        f"{doc_id}-rained",
        doc_id,
        1,
        "rained",
        "rain",
        rained_at,
        rained_at + 6,
        "weather",
        EventDate(None, None, None, "unknown", None, "unanchored"),
        (),
    )
    return Extraction(
        document=Document(
            doc_id=doc_id,
            text=text,
            content=(Span(0, len(text)),),
            title=title,
            source="Wire <b>",
            url=url,
            language="en",
            byline=None,
            place=None,
            dct=date(2024, 4, 1),
            dct_basis="metadata",
            path=f"in/{doc_id}.json",
        ),
        sentences=(Sentence(0, 0, 29, text[:29]), Sentence(1, 30, len(text), text[30:])),
        timexes=(),
        actors=actors,
        mentions=(Mention(0, 4, "Acme", "acme"), Mention(11, 14, "Bob", "bob")),
        events=(hired, rained),
        extractor_version="v1",
    )


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    con = store.connect(path)
    store.load_extractions(
        con,
        [
            _extraction("d1", HOSTILE_TITLE, "javascript:alert(1)", dated=True, precision="month"),
            _extraction("d2", "Plain", "https://example.org/d2?a=1&b=2", dated=True),
        ],
    )
    con.close()
    return path


@pytest.fixture
def rendered(warehouse: Path, tmp_path: Path) -> list[Path]:
    con = store.connect(warehouse, read_only=True)  # rendering needs no write access
    try:
        return render_charts(con, tmp_path / "charts", top_actors=5)
    finally:
        con.close()


def test_returns_html_png_and_index_paths_that_exist(rendered: list[Path]) -> None:
    names = sorted(path.name for path in rendered)
    assert names == [
        "actor-counts.html",
        "actor-counts.png",
        "actor-swimlane.html",
        "actor-swimlane.png",
        "index.html",
    ]
    assert all(path.is_file() and path.stat().st_size > 0 for path in rendered)


def test_html_works_offline(rendered: list[Path]) -> None:
    for path in rendered:
        if path.suffix != ".html" or path.name == "index.html":
            continue
        page = path.read_text(encoding="utf-8")
        assert not REMOTE_SCRIPT.search(page), path
        assert "cdn.jsdelivr" not in page
        assert "vega-embed.js bundle" in page  # the library itself, inlined
        assert "vegaEmbed(" in page
        assert '"actor": "Acme"' in page  # the data is embedded too


def test_png_files_are_pngs(rendered: list[Path]) -> None:
    pngs = [path for path in rendered if path.suffix == ".png"]
    assert len(pngs) == 2
    for path in pngs:
        assert path.read_bytes()[:8] == PNG_MAGIC


def test_index_links_every_chart_and_escapes_text(rendered: list[Path]) -> None:
    index = next(path for path in rendered if path.name == "index.html")
    page = index.read_text(encoding="utf-8")
    for path in rendered:
        if path != index:
            assert f'href="{path.name}"' in page
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; &amp; more" in page
    assert "Wire &lt;b&gt;" in page
    assert "javascript:" not in page  # never a link target
    assert 'href="https://example.org/d2?a=1&amp;b=2"' in page


def test_hostile_heading_is_escaped(warehouse: Path, tmp_path: Path) -> None:
    con = store.connect(warehouse, read_only=True)
    render_charts(con, tmp_path / "out", heading="<script>x</script>")
    con.close()
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "<h1>&lt;script&gt;x&lt;/script&gt;</h1>" in page


def test_empty_warehouse_still_renders(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "empty.duckdb")
    written = render_charts(con, tmp_path / "out")
    con.close()
    assert len(written) == 5
    swimlane = (tmp_path / "out" / "actor-swimlane.html").read_text(encoding="utf-8")
    assert "nothing to show" in swimlane
    assert (tmp_path / "out" / "actor-swimlane.png").read_bytes()[:8] == PNG_MAGIC


def test_charts_contain_the_warehouse_rows(rendered: list[Path], warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    dated = con.execute("SELECT count(*) FROM timeline WHERE date_start IS NOT NULL").fetchone()
    con.close()
    assert dated == (4,)  # two documents x (Acme, Bob) on the dated event
    swimlane = next(path for path in rendered if path.name == "actor-swimlane.html")
    page = swimlane.read_text(encoding="utf-8")
    assert page.count('"mark": "bar"') == 2  # d1's month-precision rows
    assert page.count('"mark": "point"') == 2  # d2's day-precision rows
