"""Charts hold bounded text, drawing them has a time limit, and files are never half-written."""

from __future__ import annotations

import csv
import errno
import io
import multiprocessing
import os
from dataclasses import replace
from pathlib import Path

import pytest

from presentation.limits import (
    TEXT_CHARS,
    TITLE_CHARS,
    ChartExportError,
    StaticExport,
    bounded_spec,
    shorten,
    write_atomically,
)

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "title": {"text": "T" * 5000, "subtitle": "s" * 5000},
    "datasets": {"d1": [{"sentence": "w " * 5000, "events": 3, "label": "l" * 900}]},
    "data": {"name": "d1"},
    "mark": {"type": "point", "tooltip": True},
    "encoding": {
        "x": {"field": "events", "type": "quantitative", "title": "x" * 1000},
        "tooltip": [{"field": "sentence", "type": "nominal", "title": "Sentence"}],
    },
}


def test_titles_and_data_text_are_cut_and_nothing_else_changes() -> None:
    bounded = bounded_spec(SPEC)
    assert len(bounded["title"]["text"]) == TITLE_CHARS and bounded["title"]["text"][-1] == "…"
    assert len(bounded["title"]["subtitle"]) == TITLE_CHARS
    assert len(bounded["encoding"]["x"]["title"]) == TITLE_CHARS
    [row] = bounded["datasets"]["d1"]
    assert len(row["sentence"]) <= TEXT_CHARS and len(row["label"]) == TEXT_CHARS
    assert row["events"] == 3
    assert bounded["mark"] == SPEC["mark"] and bounded["$schema"] == SPEC["$schema"]
    assert SPEC["title"]["text"] == "T" * 5000  # the caller's spec is left alone
    assert shorten("short", 10) == "short"


def test_inline_csv_data_keeps_its_rows_and_cuts_each_cell() -> None:
    # charts embed their rows as one CSV string (chartkit.csv_data): cutting that string
    # whole would drop every row past the first few hundred characters
    rows = "actor,sentence,events\n" + "".join(
        f'{name},"{name} said, at length: {"w" * 900}",{n}\n'
        for n, name in enumerate(("Ann", "Bo", "Cy"))
    )
    spec = {"data": {"values": rows, "format": {"type": "csv"}}, "mark": "point"}
    cut = bounded_spec(spec)["data"]["values"]
    parsed = list(csv.reader(io.StringIO(cut)))
    assert [row[0] for row in parsed] == ["actor", "Ann", "Bo", "Cy"]
    assert [row[2] for row in parsed[1:]] == ["0", "1", "2"]
    assert all(len(row[1]) == TEXT_CHARS and row[1].startswith(row[0]) for row in parsed[1:])


def test_a_chart_too_slow_to_draw_is_stopped_and_named() -> None:
    with (
        StaticExport("v5_20", seconds=0.01) as export,
        pytest.raises(ChartExportError, match="story-timeline took longer than"),
    ):
        export.svg_and_png(bounded_spec(SPEC), "story-timeline")
    assert not [p for p in multiprocessing.active_children() if "chart-export" in p.name]


def test_a_chart_vega_cannot_draw_is_an_error_that_names_it() -> None:
    with StaticExport("v5_20") as export:
        with pytest.raises(ChartExportError, match="Vega could not draw the chart broken"):
            export.svg_and_png({"mark": "no-such-mark", "data": {"values": []}}, "broken")
        svg, png = export.svg_and_png(bounded_spec(SPEC), "fine")  # the process still serves
    assert svg.startswith("<svg") and png.startswith(b"\x89PNG")


def _export_processes() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if "chart-export" in p.name]


def test_a_process_started_ahead_is_the_one_that_draws() -> None:
    StaticExport.start_ahead("v5_20")
    [ahead] = _export_processes()
    with StaticExport("v5_20") as export:
        svg, png = export.svg_and_png(bounded_spec(SPEC), "fine")
        assert _export_processes() == [ahead]  # adopted: no second process started
    assert svg.startswith("<svg") and png.startswith(b"\x89PNG")
    assert not _export_processes()


def test_a_process_started_ahead_that_died_is_replaced() -> None:
    StaticExport.start_ahead("v5_20")
    [ahead] = _export_processes()
    ahead.kill()
    ahead.join()
    with StaticExport("v5_20") as export:
        svg, _ = export.svg_and_png(bounded_spec(SPEC), "fine")
    assert svg.startswith("<svg")


@pytest.mark.slow
def test_a_megabyte_title_is_drawn_cut_and_kept_whole_in_the_warehouse(tmp_path: Path) -> None:
    from presentation.dashboard import render_dashboard
    from tests.browser.warehouses import build, hostile_extractions
    from warehouse.connection import connect

    huge = "A title that never ends " * 45_000  # about 1 MB
    extractions = [
        replace(e, document=replace(e.document, title=huge))
        if e.document.doc_id == "hostile"
        else e
        for e in hostile_extractions()
    ]
    path = build(tmp_path / "w.duckdb", extractions)
    con = connect(path, read_only=True)
    try:
        dashboard = render_dashboard(con, tmp_path / "charts")
        stored = con.execute("SELECT title FROM documents WHERE doc_id = 'hostile'").fetchone()
    finally:
        con.close()
    assert stored == (huge,)
    story = next(chart for chart in dashboard.charts if chart.name == "story-timeline")
    assert len(story.title) <= TITLE_CHARS
    for path in dashboard.paths:  # no page, SVG or PNG carries more than a cut of it
        assert huge[: TITLE_CHARS * 2].encode() not in path.read_bytes(), path.name


def test_a_full_disk_names_the_path_and_leaves_the_old_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "index.html"
    page.write_text("the previous page", encoding="utf-8")

    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match=f"cannot write {page}: No space left on device"):
        write_atomically(page, "<html>the new page</html>")
    assert page.read_text(encoding="utf-8") == "the previous page"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]
    monkeypatch.undo()
    write_atomically(page, b"new")
    assert page.read_bytes() == b"new" and oct(page.stat().st_mode)[-3:] == "644"


@pytest.mark.slow
def test_charts_that_cannot_be_drawn_in_time_cost_their_images_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every chart's export stopped by the time limit: the dashboard and each chart's HTML
    page are still written, the failures are reported, no stale image is left, and the
    warehouse is untouched."""
    import presentation.limits
    from presentation.dashboard import render_dashboard
    from tests.browser.warehouses import build, hostile_extractions
    from warehouse.connection import connect

    path = build(tmp_path / "w.duckdb", hostile_extractions())
    out = tmp_path / "charts"
    out.mkdir()
    (out / "story-timeline.png").write_bytes(b"an image of yesterday's data")
    monkeypatch.setattr(presentation.limits, "EXPORT_SECONDS", 0.001)
    con = connect(path, read_only=True)
    try:
        before = con.execute("SELECT count(*) FROM events").fetchone()
        dashboard = render_dashboard(con, out)
        after = con.execute("SELECT count(*) FROM events").fetchone()
    finally:
        con.close()
    assert before == after and before[0] > 0
    assert len(dashboard.failures) == len(dashboard.charts) > 0
    assert all("took longer than" in failure for failure in dashboard.failures)
    pages = [p for p in dashboard.paths if p.suffix == ".html" and p != dashboard.index_path]
    assert len(pages) == len(dashboard.charts)
    assert not [p for p in dashboard.paths if p.suffix in (".png", ".svg")]
    assert all(p.stat().st_size > 0 for p in [dashboard.index_path, *pages])
    assert not list(out.glob("*.png")) and not list(out.glob("*.svg"))
    index = dashboard.index_path.read_text(encoding="utf-8")
    assert index.count("no PNG or SVG: drawing the chart") == len(dashboard.charts)
