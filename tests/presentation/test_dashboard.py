"""Chart files and the dashboard: offline HTML whose only scripts are ours, document text
that cannot become markup, real PNGs and SVGs, and sizes that hold at 100,000 events."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from presentation.charts import MAX_SWIMLANE_MARKS
from presentation.dashboard import Dashboard, render_charts, render_dashboard, script_json
from tests.browser.warehouses import (
    HOSTILE_ACTOR,
    HOSTILE_TITLE,
    SCALE_EVENTS,
    build,
    hostile_extractions,
    scale_dashboard,
)
from warehouse import runs
from warehouse.connection import connect

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CHARTS = ("actor-swimlane", "story-timeline", "event-volume", "actor-cooccurrence", "actor-counts")
RENDERED_AT = datetime(2024, 6, 1, 12, 30, tzinfo=UTC)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
MAX_HTML_BYTES = 5 * 1024 * 1024


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Dashboard:
    root = tmp_path_factory.mktemp("render")
    path = build(root / "w.duckdb", hostile_extractions())
    con = connect(path)
    runs.start_run(con, "run-42", "test", started_at=datetime(2024, 6, 1, 12, 0))
    runs.finish_run(con, "run-42", "completed", finished_at=datetime(2024, 6, 1, 12, 5))
    con.close()
    con = connect(path, read_only=True)  # rendering needs no write access
    try:
        return render_dashboard(con, root / "charts", top_actors=5, rendered_at=RENDERED_AT)
    finally:
        con.close()


def _page(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _specs(page: str) -> dict[str, Any]:
    for attributes, body in SCRIPT.findall(page):
        if 'id="chronicle-specs"' in attributes:
            return json.loads(body)
    raise AssertionError("no embedded specs")


def _datasets(spec: Any) -> list[list[dict[str, Any]]]:
    """Every distinct row list a spec embeds: top-level `datasets` and inline `values`."""
    found: dict[int, list[dict[str, Any]]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "datasets":
                    for rows in value.values():
                        found[id(rows)] = rows
                elif key == "values" and isinstance(value, list):
                    found[id(value)] = value
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return list(found.values())


def test_every_chart_is_written_as_html_png_and_svg_plus_the_dashboard(
    dashboard: Dashboard,
) -> None:
    expected = {f"{name}.{ext}" for name in CHARTS for ext in ("html", "png", "svg")}
    assert {path.name for path in dashboard.paths} == expected | {"index.html"}
    assert all(path.is_file() and path.stat().st_size > 0 for path in dashboard.paths)
    assert dashboard.index_path.name == "index.html"
    assert [chart.name for chart in dashboard.charts] == list(CHARTS)


def test_pages_run_only_their_own_scripts_and_load_nothing(dashboard: Dashboard) -> None:
    """Three scripts per page: the Vega bundle, the inert JSON specs, the boot script; the
    CSP allows exactly the two executable ones (by hash) and no network source."""
    for path in [dashboard.index_path, *(chart.html_path for chart in dashboard.charts)]:
        page = _page(path)
        scripts = SCRIPT.findall(page)
        assert len(scripts) == 3, path
        assert page.lower().count("<script") == 3
        outside = page.replace(scripts[0][1], "")  # everything but the Vega libraries
        assert not re.search(r"<(link|iframe|img|object|embed)\b", outside, re.IGNORECASE)
        assert not re.search(r"<[a-z][^>]*\b(src|srcdoc)\s*=", outside, re.IGNORECASE)
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
        assert csp, path
        policy = csp.group(1).replace("&#x27;", "'")
        assert "default-src 'none'" in policy
        assert "connect-src" not in policy  # falls back to 'none'
        executable = [body for attributes, body in scripts if "application/json" not in attributes]
        for body in executable:
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]


def test_document_text_stays_text_in_every_page(dashboard: Dashboard) -> None:
    """The payloads never appear raw: in JSON `<` is \\u003c, in HTML &lt;."""
    for path in [dashboard.index_path, *(chart.html_path for chart in dashboard.charts)]:
        bundle = SCRIPT.findall(_page(path))[0][1]
        page = _page(path).replace(bundle, "")
        for raw in ("<img", "<b ", "<script>window", "</script><script>window", "javascript:"):
            assert raw not in page, (path.name, raw)
    specs = _specs(_page(dashboard.index_path))
    swimlane = json.dumps(specs["chart-actor-swimlane"], ensure_ascii=False)
    # Whole and unchanged once parsed: escaping must not lose or alter the text.
    assert json.dumps(HOSTILE_TITLE, ensure_ascii=False)[1:-1] in swimlane
    assert json.dumps(HOSTILE_ACTOR, ensure_ascii=False)[1:-1] in swimlane


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
        assert not tags & {"script", "foreignObject", "img", "image", "a"}, chart.name
    story = dashboard.charts[1].svg_path.read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=" in story  # the title, drawn as text


def test_dashboard_shows_run_counts_charts_and_documents(dashboard: Dashboard) -> None:
    page = _page(dashboard.index_path)
    assert "Rendered 2024-06-01 12:30:00 UTC." in page
    assert "Last run <code>run-42</code>: completed, started 2024-06-01 12:00:00 UTC" in page
    assert '<tr><th>Documents</th><td class="n">3</td></tr>' in page
    assert '<tr><th>Events</th><td class="n">9</td></tr>' in page
    assert '<tr><th>Dated events</th><td class="n">7</td></tr>' in page
    counts = dashboard.counts
    assert 1 <= counts["stories"] <= 3 and 1 <= counts["happenings"] <= 9
    for label, key in (
        ("Stories (near-duplicate documents as one)", "stories"),
        ("Happenings (duplicate reports as one)", "happenings"),
    ):
        assert f'<tr><th>{label}</th><td class="n">{counts[key]}</td></tr>' in page
    for name in CHARTS:
        assert f'<div id="chart-{name}"></div>' in page
        assert f'href="{name}.html"' in page and f'href="{name}.png"' in page
        assert f'href="{name}.svg"' in page
    assert set(_specs(page)) == {f"chart-{name}" for name in CHARTS}
    documents = page.split('<table id="documents">', 1)[1]
    # DCT, where it came from, title, source, events; newest first.
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


def test_dashboard_reports_the_busiest_actors_and_counts(dashboard: Dashboard) -> None:
    busiest = [(row["actor"], row["events"]) for row in dashboard.busiest_actors]
    assert busiest[:2] == [("Acme", 4), ("Bob", 3)]
    assert {name for name, _ in busiest} == {"Acme", "Bob", "Kim", HOSTILE_ACTOR}
    assert dashboard.counts["events"] == 9 and dashboard.counts["actors"] == 4
    assert dashboard.rendered_at == RENDERED_AT


def test_the_story_chart_tells_the_busiest_document(dashboard: Dashboard) -> None:
    story = _specs(_page(dashboard.charts[1].html_path))["chart-story-timeline"]
    assert HOSTILE_TITLE in story["title"]
    (rows,) = _datasets(story)
    assert [row["trigger"] for row in rows] == ["attacked", "said", "fled", "replied"]


def test_hostile_heading_is_escaped(dashboard: Dashboard, tmp_path: Path) -> None:
    db = build(tmp_path / "w.duckdb", hostile_extractions()[:1])
    con = connect(db, read_only=True)
    render_charts(con, tmp_path / "out", heading="<script>x</script>")
    con.close()
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<h1>&lt;script&gt;x&lt;/script&gt;</h1>" in page
    assert "<title>&lt;script&gt;x&lt;/script&gt;</title>" in page


def test_empty_warehouse_still_renders(tmp_path: Path) -> None:
    con = connect(tmp_path / "empty.duckdb")
    written = render_charts(con, tmp_path / "out")
    con.close()
    assert len(written) == 3 * len(CHARTS) + 1
    specs = _specs((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    for name in CHARTS:
        assert "nothing to show" in specs[f"chart-{name}"]["title"], name
        assert (tmp_path / "out" / f"{name}.png").read_bytes()[:8] == PNG_MAGIC
    assert "No pipeline run recorded" in (tmp_path / "out" / "index.html").read_text()


@pytest.mark.slow
def test_100000_events_render_small_with_the_busiest_actors() -> None:
    """Aggregation in DuckDB keeps every file under 5 MB and every chart under Altair's row
    limit; the swimlane shows as many of the busiest actors as fit and says so."""
    dashboard = scale_dashboard()
    assert dashboard.counts["events"] == SCALE_EVENTS
    for path in dashboard.paths:
        if path.suffix in (".html", ".svg"):
            assert path.stat().st_size < MAX_HTML_BYTES, (path.name, path.stat().st_size)
    specs = _specs(_page(dashboard.index_path))
    for chart in dashboard.charts:
        rows = sum(len(values) for values in _datasets(specs[f"chart-{chart.name}"]))
        assert rows <= 5000, chart.name
    swimlane = dashboard.charts[0]
    assert 0 < swimlane.rows <= MAX_SWIMLANE_MARKS
    assert re.search(r"the \d+ most active of 399 actors", swimlane.title), swimlane.title
    assert "grouped by" in swimlane.title
