"""Chart files and the dashboard: one shared Vega runtime, pages whose only scripts are the
folder's own files, document text that cannot become markup, real PNGs and SVGs, a header
that tells about the right run, and sizes that hold at 100 documents and 100,000 events."""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import vl_convert as vlc
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema

from presentation.charts import MAX_SWIMLANE_MARKS
from presentation.dashboard import (
    CHART_ORDER,
    Dashboard,
    render_charts,
    render_dashboard,
    run_line,
    script_json,
)
from presentation.pages import BOOT_FILE, RUNTIME_FILE, SPEC_SUFFIX
from presentation.pictures import smaller_png, smaller_svg
from tests.browser.warehouses import (
    HOSTILE_ACTOR,
    HOSTILE_TITLE,
    SCALE_EVENTS,
    build,
    build_scale,
    hostile_extractions,
    scale_dashboard,
)
from tests.presentation.test_charts import parsed
from warehouse import runs
from warehouse.connection import connect
from warehouse.load import LoadStats

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CHARTS = CHART_ORDER
RENDERED_AT = datetime(2024, 6, 1, 12, 30, tzinfo=UTC)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FOLDER_BYTES_100_DOCUMENTS = 3 * 1000 * 1000


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Dashboard:
    root = tmp_path_factory.mktemp("render")
    path = build(root / "w.duckdb", hostile_extractions())
    con = connect(path)
    runs.start_run(con, "run-42", "test", started_at=datetime(2024, 6, 1, 12, 0))
    totals = LoadStats(documents_new=3, events_written=9)  # seen = new + changed + skipped
    runs.finish_run(con, "run-42", "completed", totals, finished_at=datetime(2024, 6, 1, 12, 5))
    runs.start_run(con, "run-43", "test", started_at=datetime(2024, 6, 1, 12, 10))
    con.close()
    con = connect(path, read_only=True)  # rendering needs no write access
    try:
        return render_dashboard(con, root / "charts", top_actors=5, rendered_at=RENDERED_AT)
    finally:
        con.close()


def _page(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _spec_of(path: Path) -> dict[str, Any]:
    """The spec a `<chart>.spec.js` file files under its element id."""
    text = _page(path)
    element, spec = re.fullmatch(
        r"\(window\.chronicleSpecs = window\.chronicleSpecs \|\| \{\}\)\[(\"[^\"]+\")\] = "
        r"(.*);\n",
        text,
        re.DOTALL,
    ).groups()
    assert json.loads(element) == f"chart-{path.name.removesuffix(SPEC_SUFFIX)}"
    return json.loads(spec)


def _datasets(spec: Any) -> list[list[dict[str, Any]]]:
    """Every distinct row list a spec embeds: top-level `datasets` and inline `values`."""
    found: dict[int, list[dict[str, Any]]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "datasets":
                    for rows in value.values():
                        found[id(rows)] = rows
                elif key == "values" and isinstance(value, str):
                    found[id(value)] = parsed(value, node.get("format"))
                elif (
                    key == "values"
                    and isinstance(value, list)
                    and value
                    and isinstance(value[0], dict)
                ):
                    found[id(value)] = value
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return list(found.values())


def _pages(dashboard: Dashboard) -> list[Path]:
    return [dashboard.index_path, *(chart.html_path for chart in dashboard.charts)]


def test_every_chart_is_written_as_a_page_spec_png_and_svg_beside_one_runtime(
    dashboard: Dashboard,
) -> None:
    suffixes = ("html", "png", "svg", "spec.js")
    expected = {f"{name}.{ext}" for name in CHARTS for ext in suffixes}
    assert {path.name for path in dashboard.paths} == expected | {
        "index.html",
        RUNTIME_FILE,
        BOOT_FILE,
    }
    assert all(path.is_file() and path.stat().st_size > 0 for path in dashboard.paths)
    assert [chart.name for chart in dashboard.charts] == list(CHARTS)
    folder = dashboard.index_path.parent
    runtime = (folder / RUNTIME_FILE).read_text(encoding="utf-8")
    assert "vegaEmbed" in runtime and len(runtime) > 500_000
    for page in _pages(dashboard):
        # The runtime is loaded, never inlined: a page is a few kilobytes.
        assert page.stat().st_size < 30_000, page.name
        assert f'<script src="{RUNTIME_FILE}"></script>' in _page(page)


def test_pages_run_only_the_folders_own_scripts_and_load_nothing(dashboard: Dashboard) -> None:
    """Every script is a file of the charts folder; none is inline; the CSP allows scripts
    from the page's own origin only and no network, form or inline script."""
    folder = dashboard.index_path.parent
    for path in _pages(dashboard):
        page = _page(path)
        scripts = SCRIPT.findall(page)
        assert page.lower().count("<script") == len(scripts) >= 3
        for attributes, body in scripts:
            assert body == "", (path.name, "inline script")
            (source,) = re.findall(r'src="([^"]+)"', attributes)
            assert "/" not in source and (folder / source).is_file()
        assert not re.search(r"<(link|iframe|img|object|embed)\b", page, re.IGNORECASE)
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
        assert csp, path
        policy = csp.group(1).replace("&#x27;", "'")
        assert "default-src 'none'" in policy
        assert "script-src 'self' 'unsafe-eval';" in policy
        assert "connect-src" not in policy  # falls back to 'none'
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
        assert "form-action 'none'" in policy


def test_document_text_stays_text_in_every_page_and_spec(dashboard: Dashboard) -> None:
    """The payloads never appear raw: in JSON `<` is \\u003c, in HTML &lt;."""
    spec_files = [chart.spec_path for chart in dashboard.charts]
    for path in [*_pages(dashboard), *spec_files]:
        text = _page(path)
        for raw in ("<img", "<b ", "<script>window", "</script><script>window", "javascript:"):
            assert raw not in text, (path.name, raw)
    (lanes,) = _datasets(_spec_of(spec_files[1]))
    # Whole and unchanged once parsed: escaping must not lose or alter the text.
    assert HOSTILE_TITLE in {row["title"] for row in lanes}
    assert HOSTILE_ACTOR in {row["actor"] for row in lanes}


def test_script_json_cannot_close_its_element() -> None:
    text = script_json({"s": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"s": "</script><!-- & \u2028"}


def test_png_and_svg_files_are_images_with_text_as_text(dashboard: Dashboard) -> None:
    for chart in dashboard.charts:
        assert chart.png_path.read_bytes()[:8] == PNG_MAGIC
        svg = chart.svg_path.read_text(encoding="utf-8")
        root = ET.fromstring(svg)  # well-formed: hostile text did not break the markup
        assert root.tag.endswith("svg")
        tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
        assert not tags & {"script", "foreignObject", "img", "image"}, chart.name
        # Links only to web addresses (a mark of a document that has one); the hostile
        # story's javascript: address is no link.
        links = {
            value
            for element in root.iter()
            for key, value in element.attrib.items()
            if key.endswith("href")
        }
        assert links <= {"https://example.org/plain?a=1&b=2"}, (chart.name, links)
        assert "NaN" not in svg
        # No per-mark ARIA label (the whole tooltip again for every mark) in a picture.
        assert not re.search(r'aria-roledescription="(point|bar|rect|symbol|text)"', svg)
    story = dashboard.charts[3].svg_path.read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=" in story  # the hostile sentence, drawn as text


def _scanlines(png: bytes) -> bytes:
    position, data = 8, b""
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        if png[position + 4 : position + 8] == b"IDAT":
            data += png[position + 8 : position + 8 + length]
        position += 12 + length
    return zlib.decompress(data)


def test_pngs_are_deflated_again_smaller_and_pixel_for_pixel_the_same() -> None:
    spec = {
        "data": {"values": [{"x": i, "y": i % 7} for i in range(50)]},
        "mark": "text",
        "encoding": {"x": {"field": "x", "type": "quantitative"}, "text": {"field": "y"}},
    }
    original = vlc.vegalite_to_png(spec, scale=1)
    smaller = smaller_png(original)
    assert len(smaller) < len(original)
    assert smaller[:33] == original[:33]  # signature and header chunk unchanged
    assert _scanlines(smaller) == _scanlines(original)
    with pytest.raises(ValueError, match="not a PNG"):
        smaller_png(b"GIF89a")


def test_svg_geometry_is_rounded_and_text_left_alone() -> None:
    svg = (
        '<svg><path d="M148.77002583979328,345.00000000000006L-0.0004,2.5Z" '
        'transform="translate(182.5049,6)"/>'
        '<text x="14.123456" y="8">Price rose 3.14159 points</text></svg>'
    )
    assert smaller_svg(svg) == (
        '<svg><path d="M148.77,345L0,2.5Z" transform="translate(182.5,6)"/>'
        '<text x="14.12" y="8">Price rose 3.14159 points</text></svg>'
    )


def test_the_header_counts_one_as_one() -> None:
    run = {
        "run_id": "r",
        "state": "completed",
        "finished_at": datetime(2024, 6, 1, 12, 5),
        "documents_seen": 1,
        "documents_new": 1,
        "documents_changed": 0,
        "documents_skipped": 0,
        "quarantined": 1,
        "events_written": 1,
    }
    assert (
        "it read 1 document (1 new, 0 changed, 0 unchanged; 1 input quarantined) and "
        "wrote 1 event." in run_line(run)
    )


def test_the_header_tells_about_the_latest_finished_run_and_one_still_running(
    dashboard: Dashboard,
) -> None:
    page = _page(dashboard.index_path)
    assert "Rendered 2024-06-01 12:30:00 UTC." in page
    assert (
        "Drawn after run <code>run-42</code> (completed, finished 2024-06-01 12:05:00 UTC): "
        "it read 3 documents (3 new, 0 changed, 0 unchanged; 0 inputs quarantined) and "
        "wrote 9 events." in page
    )
    assert "A run started 2024-06-01 12:10:00 UTC has not finished" in page
    assert '<tr><th>Documents</th><td class="n">3</td></tr>' in page
    assert '<tr><th>Events</th><td class="n">9</td></tr>' in page
    assert '<tr><th>Dated events</th><td class="n">7</td></tr>' in page


def test_the_header_tells_about_the_run_that_drew_the_page(tmp_path: Path) -> None:
    path = build(tmp_path / "w.duckdb", hostile_extractions()[:1])
    con = connect(path)
    runs.start_run(con, "older", "test", started_at=datetime(2024, 6, 1, 12, 0))
    runs.finish_run(con, "older", "completed", finished_at=datetime(2024, 6, 1, 12, 5))
    runs.start_run(con, "this-one", "test", started_at=datetime(2024, 6, 2, 9, 0))
    runs.finish_run(con, "this-one", "failed", finished_at=datetime(2024, 6, 2, 9, 1))
    render_dashboard(con, tmp_path / "out", run_id="older")
    con.close()
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Drawn after run <code>older</code> (completed" in page
    assert "this-one" not in page


def test_the_dashboard_lists_documents_and_links_only_web_addresses(dashboard: Dashboard) -> None:
    page = _page(dashboard.index_path)
    for name in CHARTS:
        assert f'<div id="chart-{name}"></div>' in page
        assert f'href="{name}.html"' in page and f'href="{name}.png"' in page
        assert f'<script src="{name}{SPEC_SUFFIX}"></script>' in page
    documents = page.split('<table id="documents">', 1)[1]
    assert (
        "<tr><td>2024-05-11</td><td>metadata</td><td>Hostile &lt;img src=x onerror=&quot;"
        in documents
    )
    assert "<td>Wire &lt;b&gt;bold&lt;/b&gt;</td>" in documents
    assert (
        '<td><a href="https://example.org/plain?a=1&amp;b=2" rel="noopener noreferrer">'
        "Plain story</a></td>" in documents
    )
    assert documents.index("2024-05-11") < documents.index("2024-04-02")
    assert "<td></td><td>none</td><td>undated</td>" in documents  # no DCT, no title: the id


def test_the_dashboard_has_the_controls_every_chart_listens_to(dashboard: Dashboard) -> None:
    page = _page(dashboard.index_path)
    head = page.split('<section class="chart"', 1)[0]
    assert 'id="filter-actor"' in head and 'id="filter-category"' in head
    assert 'id="filter-search"' in head and 'id="filter-reset"' in head
    # The actors of the lanes and of the key events, names escaped.
    assert '<option value="acme">Acme (4)</option>' in head
    assert "&lt;b onmouseover=" in head
    swimlane = _page(dashboard.charts[1].html_path)
    assert 'id="filter-search"' in swimlane
    counts = _page(dashboard.charts[5].html_path)
    assert "filter-" not in counts  # a chart that filters nothing shows no controls


def test_dashboard_reports_the_busiest_actors_and_counts(dashboard: Dashboard) -> None:
    busiest = [(row["actor"], row["events"]) for row in dashboard.busiest_actors]
    assert busiest[:2] == [("Acme", 4), ("Bob", 3)]
    assert {name for name, _ in busiest} == {"Acme", "Bob", "Kim", HOSTILE_ACTOR}
    assert dashboard.counts["events"] == 9 and dashboard.counts["actors"] == 4
    assert dashboard.rendered_at == RENDERED_AT


def test_the_key_events_and_the_story_chart_read_the_key_events_query(
    dashboard: Dashboard,
) -> None:
    key = _spec_of(dashboard.charts[0].spec_path)
    (cards,) = _datasets(key)
    # The first view tells the corpus's key-event timeline: its sentences, by the date's
    # rank, then the sentence's.
    con = connect(dashboard.index_path.parent.parent / "w.duckdb", read_only=True)
    try:
        told = con.execute(
            "SELECT text FROM key_timeline WHERE scope = 'corpus' ORDER BY date_rank, sentence_rank"
        ).fetchall()
    finally:
        con.close()
    assert len(told) >= 4
    ranked = sorted(cards, key=lambda card: card["rank"])
    assert [card["rank"] for card in ranked] == list(range(1, len(told) + 1))
    assert [card["sentence"] for card in ranked] == [text for (text,) in told]
    story = _spec_of(dashboard.charts[3].spec_path)
    assert HOSTILE_TITLE in story["title"]["text"]
    (dates,) = _datasets(story)
    # The hostile story (the most key dates): its key events' dates, the most salient first.
    assert [row["date"] for row in dates] == ["2024-05-09", "2024-05-10", "2024-06-20"]


def test_hostile_heading_is_escaped(tmp_path: Path) -> None:
    db = build(tmp_path / "w.duckdb", hostile_extractions()[:1])
    con = connect(db, read_only=True)
    render_charts(con, tmp_path / "out", heading="<script>x</script>")
    con.close()
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<h1>&lt;script&gt;x&lt;/script&gt;</h1>" in page
    assert "<title>&lt;script&gt;x&lt;/script&gt;</title>" in page


def test_every_chart_spec_is_valid_vega_lite(dashboard: Dashboard) -> None:
    """The dashboard writes specs without Altair's schema check (for speed): this is it."""
    schema = load_schema()
    for chart in dashboard.charts:
        validate_jsonschema(_spec_of(chart.spec_path), schema)  # raises when invalid


def test_an_empty_warehouse_says_no_events_yet_and_never_nan(tmp_path: Path) -> None:
    con = connect(tmp_path / "empty.duckdb")
    written = render_charts(con, tmp_path / "out")
    con.close()
    assert len(written) == 4 * len(CHARTS) + 3
    schema = load_schema()
    for name in CHARTS:
        spec = _spec_of(tmp_path / "out" / f"{name}{SPEC_SUFFIX}")
        validate_jsonschema(spec, schema)
        (rows,) = _datasets(spec)
        assert "yet" in rows[0]["message"], name
        svg = (tmp_path / "out" / f"{name}.svg").read_text(encoding="utf-8")
        assert "yet" in svg and "NaN" not in svg, name
        assert (tmp_path / "out" / f"{name}.png").read_bytes()[:8] == PNG_MAGIC
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "No finished pipeline run is recorded" in page


@pytest.mark.slow
def test_a_100_document_warehouse_renders_to_at_most_3_mb_in_all(tmp_path: Path) -> None:
    """Issue 16: the runtime once per folder and the rows once per chart keep a
    100-document corpus's charts folder, PNG and SVG included, within 3 MB."""
    build_scale(tmp_path / "w.duckdb", 4000, per_document=40, actors=300)
    con = connect(tmp_path / "w.duckdb", read_only=True)
    try:
        dashboard = render_dashboard(con, tmp_path / "charts")
    finally:
        con.close()
    assert dashboard.counts["documents"] == 100
    total = sum(path.stat().st_size for path in (tmp_path / "charts").iterdir())
    assert total <= MAX_FOLDER_BYTES_100_DOCUMENTS, total


@pytest.mark.slow
def test_100000_events_render_small_with_the_busiest_actors() -> None:
    """Aggregation in DuckDB keeps every file under 5 MB and every chart under Altair's row
    limit; the swimlane shows as many of the busiest actors as fit and says so."""
    dashboard = scale_dashboard()
    assert dashboard.counts["events"] == SCALE_EVENTS
    for path in dashboard.paths:
        assert path.stat().st_size < MAX_FILE_BYTES, (path.name, path.stat().st_size)
    for chart in dashboard.charts:
        rows = sum(len(values) for values in _datasets(_spec_of(chart.spec_path)))
        assert rows <= 5000, chart.name
    swimlane = dashboard.charts[1]
    assert 0 < swimlane.rows <= MAX_SWIMLANE_MARKS
    assert re.search(r"the \d+ most active of 399 actors", swimlane.title), swimlane.title
    assert "grouped by" in swimlane.title
