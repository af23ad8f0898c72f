"""The I/O side of the charts: query the warehouse, build charts, write HTML, PNG, SVG and a
dashboard.

Chart construction stays in `presentation/charts.py` (pure); this module feeds it rows the
warehouse has already aggregated, and writes files. Pages are written by our own template
rather than Altair's `save(inline=True)`, for three reasons:

* Altair's inline template pastes the spec into a `<script>` as raw JSON, so a sentence
  holding `</script><script>...` would end the script and run its own. Here the specs sit
  in a `<script type="application/json">` with `<`, `>` and `&` written as `\\u003c` and
  so on, so no document text can close the element.
* A Content-Security-Policy allows only our own two scripts (by hash) and no network
  access at all: an `onerror=` attribute that slipped into the page could not run, and an
  `<img src=...>` could not load. Vega needs `'unsafe-eval'` for its compiled expressions.
* One copy of the Vega libraries serves every chart on the dashboard, and the page keeps
  each chart's Vega view in `window.chronicle.views` for the browser test to inspect.

Tooltips go through vega-tooltip, whose default sanitiser escapes `&` and `<`; the page
passes a stricter one that also escapes `>` and quotes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import altair as alt
import duckdb
import vl_convert as vlc

from presentation.charts import (
    MAX_CHART_ROWS,
    MAX_STORY_EVENTS,
    MAX_SWIMLANE_MARKS,
    actor_cooccurrence,
    actor_event_counts,
    actor_swimlane,
    event_volume,
    story_timeline,
    swimlane_title,
    volume_unit,
)
from warehouse.reads import fetch

MAX_INDEX_DOCUMENTS = 500
# Sentences and titles longer than this are cut in chart data (the export keeps them whole).
MAX_CHART_TEXT = 240
COOCCURRENCE_ACTORS = 25
SWIMLANE_BINS = ("day", "week", "month")
# The Vega-Lite version Altair writes specs for, as vl-convert names it ("6.4").
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])

BOOT_SCRIPT = """
(() => {
  "use strict";
  const escapeText = (value) => String(value)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  const state = { views: {}, errors: [], ready: false };
  window.chronicle = state;
  const specs = JSON.parse(document.getElementById("chronicle-specs").textContent);
  const options = {
    mode: "vega-lite",
    renderer: "svg",
    actions: { export: true, source: false, compiled: false, editor: false },
    tooltip: { sanitize: escapeText },
  };
  const embeds = Object.keys(specs).map((id) =>
    vegaEmbed(document.getElementById(id), specs[id], options).then((result) => {
      state.views[id] = result.view;
    }, (error) => {
      state.errors.push(id + ": " + String(error));
      console.error(error);
    })
  );
  Promise.allSettled(embeds).then(() => { state.ready = true; });
})();
"""

PAGE_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
td.n { text-align: right; }
section.chart { margin-bottom: 2rem; }
.meta { color: #555; }
"""


@dataclass(frozen=True)
class RenderedChart:
    """One chart's files, and how many data rows it embeds (what its marks are drawn from)."""

    name: str
    title: str
    html_path: Path
    png_path: Path
    svg_path: Path
    rows: int


@dataclass(frozen=True)
class Dashboard:
    """What `render_dashboard` wrote and what a caller may publish about it.

    `busiest_actors` is the actor-counts query's rows (actor, actor_type, events,
    documents, first_date, last_date), busiest first: the table a Prefect artifact shows.
    """

    index_path: Path
    charts: tuple[RenderedChart, ...]
    busiest_actors: tuple[dict[str, Any], ...]
    counts: dict[str, int]
    rendered_at: datetime
    files: tuple[Path, ...] = field(default=())

    @property
    def paths(self) -> list[Path]:
        return list(self.files)


@dataclass(frozen=True)
class _Chart:
    name: str
    section: str
    spec: dict[str, Any]  # validated once: `to_dict` is slow on thousands of rows
    rows: int


def render_charts(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    top_actors: int = 20,
    heading: str = "Chronicle timeline",
) -> list[Path]:
    """Write every chart as offline HTML, PNG and SVG plus `index.html`; return the paths.

    Kept for callers that only want the files; `render_dashboard` also returns the counts
    and busiest actors.
    """
    return render_dashboard(con, out_dir, top_actors=top_actors, heading=heading).paths


def warm_up() -> None:
    """Do the work every process's first render pays whatever the data: bundle the Vega
    runtime and start vl-convert's JavaScript engine (about 3 s here).

    For a caller with time to spare before it renders (`chronicle run` while a Prefect
    server starts); the later render in the same process reuses both.
    """
    _vega_bundle()
    vlc.vegalite_to_svg({"mark": "point", "data": {"values": []}}, vl_version=VL_VERSION)


def render_dashboard(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    top_actors: int = 20,
    heading: str = "Chronicle timeline",
    rendered_at: datetime | None = None,
    story_doc_ids: Sequence[str] | None = None,
) -> Dashboard:
    """Query the warehouse, write each chart (HTML, PNG, SVG) and the dashboard page.

    A read-only connection is enough, so charts can be drawn while nothing else writes.
    Every query aggregates in DuckDB, so the files stay small however many events there
    are (the swimlane keeps the busiest actors whose marks fit and says so in its title).
    `story_doc_ids` picks the story the story chart tells (one document, or a cluster's
    documents); by default it is the document with the most dated events.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    when = rendered_at or datetime.now(UTC)
    charts = _build_charts(con, heading, top_actors, story_doc_ids)
    busiest = fetch(con, "actor_counts", top_actors=top_actors)
    counts = {key: int(value or 0) for key, value in fetch(con, "dashboard_counts")[0].items()}
    latest = fetch(con, "latest_run")
    documents = fetch(con, "documents", max_documents=MAX_INDEX_DOCUMENTS + 1)

    rendered = tuple(_save(chart, out_dir, heading) for chart in charts)
    index_path = out_dir / "index.html"
    index_path.write_text(
        _dashboard_html(
            heading, charts, rendered, counts, latest[0] if latest else None, documents, when
        ),
        encoding="utf-8",
    )
    files: list[Path] = []
    for chart in rendered:
        files += [chart.html_path, chart.png_path, chart.svg_path]
    return Dashboard(
        index_path=index_path,
        charts=rendered,
        busiest_actors=tuple(busiest),
        counts=counts,
        rendered_at=when,
        files=(*files, index_path),
    )


def _build_charts(
    con: duckdb.DuckDBPyConnection,
    heading: str,
    top_actors: int,
    story_doc_ids: Sequence[str] | None,
) -> list[_Chart]:
    marks = _swimlane_marks(con, top_actors)
    swimlane = actor_swimlane(marks, title=swimlane_title(heading, marks, top_actors))

    story = [] if story_doc_ids else fetch(con, "busiest_story")
    doc_ids = list(story_doc_ids) if story_doc_ids else (story[0]["doc_ids"] if story else [])
    story_rows = fetch(
        con,
        "story_events",
        doc_ids=doc_ids,
        max_events=MAX_STORY_EVENTS + 1,
        max_text=MAX_CHART_TEXT,
    )
    story_name = next((row["title"] for row in story_rows if row["title"]), None) or (
        ", ".join(doc_ids) if doc_ids else "no story"
    )
    story_chart = story_timeline(story_rows, title=f"{heading}: one story, {story_name}")

    span = fetch(con, "event_span")[0]
    unit = volume_unit(span["first_date"], span["last_date"])
    volume = fetch(con, "event_volume", unit=unit)
    volume_chart = event_volume(volume, title=f"{heading}: events per {unit}", unit=unit)

    pairs = fetch(con, "cooccurrence", top_actors=COOCCURRENCE_ACTORS)
    pairs_chart = actor_cooccurrence(
        pairs, title=f"{heading}: who shares events with whom (top {COOCCURRENCE_ACTORS})"
    )

    counts = fetch(con, "actor_counts", top_actors=top_actors)
    counts_chart = actor_event_counts(counts, title=f"{heading}: events per actor")
    charts: list[tuple[str, str, alt.TopLevelMixin, int]] = [
        ("actor-swimlane", "Who did what, when", swimlane, min(len(marks), MAX_SWIMLANE_MARKS)),
        (
            "story-timeline",
            f"One story: {story_name}",
            story_chart,
            min(len(story_rows), MAX_STORY_EVENTS),
        ),
        ("event-volume", f"Events per {unit}", volume_chart, min(len(volume), MAX_CHART_ROWS)),
        ("actor-cooccurrence", "Who acts with whom", pairs_chart, len(pairs)),
        ("actor-counts", "Busiest actors", counts_chart, len(counts)),
    ]
    return [_Chart(name, section, chart.to_dict(), rows) for name, section, chart, rows in charts]


def _swimlane_marks(con: duckdb.DuckDBPyConnection, top_actors: int) -> list[dict[str, Any]]:
    """Marks at the finest grouping (day, else week, else month) at which every requested
    actor fits in the mark budget; at month, whichever busiest actors fit.

    A big warehouse's busiest actor may have an event on most days: shown by day it would
    fill the budget alone, shown by week the top 20 fit side by side.
    """
    marks: list[dict[str, Any]] = []
    for bin_ in SWIMLANE_BINS:
        # One row more than the chart keeps, so the chart can tell it was capped.
        marks = fetch(
            con,
            "swimlane_marks",
            top_actors=top_actors,
            max_marks=MAX_SWIMLANE_MARKS + 1,
            max_text=MAX_CHART_TEXT,
            bin=bin_,
        )
        shown = {row["actor_key"] for row in marks}
        total = max((row["actors_total"] for row in marks), default=0)
        if len(marks) <= MAX_SWIMLANE_MARKS and len(shown) >= min(top_actors, total):
            break
    return marks


def _save(chart: _Chart, out_dir: Path, heading: str) -> RenderedChart:
    spec = chart.spec
    html_path = out_dir / f"{chart.name}.html"
    png_path = out_dir / f"{chart.name}.png"
    svg_path = out_dir / f"{chart.name}.svg"
    body = f'  <div id="chart-{chart.name}"></div>\n'
    html_path.write_text(
        page_html(f"{heading}: {chart.section}", body, {f"chart-{chart.name}": spec}),
        encoding="utf-8",
    )
    # Running Vega is the expensive part: once for the SVG, then rasterise that SVG.
    svg = vlc.vegalite_to_svg(spec, vl_version=VL_VERSION)
    svg_path.write_text(svg, encoding="utf-8")
    png_path.write_bytes(vlc.svg_to_png(svg, scale=1))
    title = spec.get("title")
    return RenderedChart(
        name=chart.name,
        title=title if isinstance(title, str) else chart.section,
        html_path=html_path,
        png_path=png_path,
        svg_path=svg_path,
        rows=chart.rows,
    )


# --- pages -----------------------------------------------------------------------------


@cache
def _vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script (vl-convert bundles them, ~0.9 MB)."""
    bundle = vlc.javascript_bundle(vl_version=VL_VERSION)
    if "</script" in bundle.lower():  # would end the inline <script> early
        raise RuntimeError("the Vega bundle contains </script>; it cannot be inlined")
    return bundle


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element whatever strings it holds.

    `<`, `>` and `&` only occur inside JSON strings, where `\\u003c` etc. mean the same
    characters, so `</script>` or `<!--` in a document cannot end or confuse the element.
    U+2028/2029 are escaped too, for the old engines that read them as line ends.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def page_html(title: str, body: str, specs: Mapping[str, Mapping[str, Any]]) -> str:
    """A self-contained page: the Vega bundle, the specs as inert JSON, the boot script.

    `title` is escaped here; `body` must already be safe HTML (built with `_text`), and
    must hold one `<div id=...>` per key of `specs`.
    """
    bundle = _vega_bundle()
    csp = "; ".join(
        (
            "default-src 'none'",
            f"script-src {_script_hash(bundle)} {_script_hash(BOOT_SCRIPT)} 'unsafe-eval'",
            "style-src 'unsafe-inline'",
            "img-src data: blob:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=True)}">
  <meta name="referrer" content="no-referrer">
  <title>{_text(title)}</title>
  <style>{PAGE_STYLE}</style>
  <script>{bundle}</script>
</head>
<body>
{body}
  <script type="application/json" id="chronicle-specs">{script_json(dict(specs))}</script>
  <script>{BOOT_SCRIPT}</script>
</body>
</html>
"""


def _text(value: Any) -> str:
    return "" if value is None else html.escape(str(value), quote=True)


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    if isinstance(value, date):
        return value.isoformat()
    return _text(value)


def _dashboard_html(
    heading: str,
    charts: Sequence[_Chart],
    rendered: Sequence[RenderedChart],
    counts: Mapping[str, int],
    latest_run: Mapping[str, Any] | None,
    documents: Sequence[Mapping[str, Any]],
    rendered_at: datetime,
) -> str:
    """Every piece of text here may come from a scraped document, so all of it is escaped."""
    when = rendered_at.astimezone(UTC).replace(tzinfo=None) if rendered_at.tzinfo else rendered_at
    if latest_run:
        run_line = (
            f"Last run <code>{_text(latest_run['run_id'])}</code>: {_text(latest_run['state'])}, "
            f"started {_when(latest_run['started_at'])}, "
            f"finished {_when(latest_run['finished_at']) or '(not yet)'}; "
            f"{_text(latest_run['documents_seen'])} documents seen, "
            f"{_text(latest_run['events_written'])} events written."
        )
    else:
        run_line = "No pipeline run recorded in this warehouse."
    count_cells = "".join(
        f'<tr><th>{_text(label)}</th><td class="n">{counts.get(key, 0):,}</td></tr>'
        for key, label in (
            ("documents", "Documents"),
            ("stories", "Stories (near-duplicate documents as one)"),
            ("events", "Events"),
            ("happenings", "Happenings (duplicate reports as one)"),
            ("dated_events", "Dated events"),
            ("actors", "Actors"),
            ("sources", "Source files"),
            ("quarantined", "Quarantined inputs"),
        )
    )
    sections = "\n".join(
        f'  <section class="chart" id="section-{chart.name}">\n'
        f"    <h2>{_text(chart.section)}</h2>\n"
        f'    <div id="chart-{chart.name}"></div>\n'
        f'    <p class="meta">Open alone: <a href="{_text(files.html_path.name)}">HTML</a>, '
        f'<a href="{_text(files.png_path.name)}">PNG</a>, '
        f'<a href="{_text(files.svg_path.name)}">SVG</a></p>\n'
        "  </section>"
        for chart, files in zip(charts, rendered, strict=True)
    )
    shown = documents[:MAX_INDEX_DOCUMENTS]
    more = (
        f"<p>Showing the newest {MAX_INDEX_DOCUMENTS} documents only.</p>"
        if len(documents) > MAX_INDEX_DOCUMENTS
        else ""
    )
    document_rows = "\n".join(
        "    <tr>"
        f"<td>{_text(doc['published'])}</td>"
        f"<td>{_text(doc.get('dct_basis'))}</td>"
        f"<td>{_document_title(doc)}</td>"
        f"<td>{_text(doc['source'])}</td>"
        f'<td class="n">{_text(doc["events"])}</td>'
        "</tr>"
        for doc in shown
    )
    body = f"""  <h1>{_text(heading)}</h1>
  <p class="meta">Rendered {_when(when)}. {run_line}</p>
  <table id="counts">{count_cells}</table>
{sections}
  <h2>Documents ({len(shown)})</h2>
  {more}
  <table id="documents">
    <tr><th>DCT (published)</th><th>DCT from</th><th>Title</th><th>Source</th><th>Events</th></tr>
{document_rows}
  </table>
"""
    specs = {f"chart-{chart.name}": chart.spec for chart in charts}
    return page_html(heading, body, specs)


def _document_title(doc: Mapping[str, Any]) -> str:
    title = _text(doc["title"] or doc["doc_id"])
    url = doc.get("url")
    # Only link web addresses: a javascript: URL in a scraped page must not become a link.
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer">{title}</a>'
    return title
