"""The I/O side of the charts: query the warehouse, build the charts, write the charts
folder (pages, spec files, PNG, SVG and the shared runtime; see `pages.py`).

Chart construction stays in `charts.py` and `key_events.py` (pure); this module feeds them
rows the warehouse has already aggregated, works out the time axis they share, and writes
files. The dashboard opens on the key events, then who did what when, the volume of
events, one story's key dates, who acts with whom and the busiest actors; one bar of
controls (actor, category, search) drives every chart that shows events.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import altair as alt
import duckdb

from presentation import controls
from presentation.charts import (
    MAX_CHART_ROWS,
    MAX_SWIMLANE_MARKS,
    actor_cooccurrence,
    actor_event_counts,
    actor_swimlane,
    event_volume,
    swimlane_title,
    volume_unit,
)
from presentation.key_events import key_event_timeline
from presentation.limits import (
    TITLE_CHARS,
    ChartExportError,
    StaticExport,
    bounded_spec,
    shorten,
    write_atomically,
)
from presentation.pages import (
    SPEC_SUFFIX,
    VL_VERSION,
    page_html,
    script_json,
    spec_file,
    text,
    vega_runtime,
    write_runtime,
)
from presentation.timeaxis import TimeDomain, bulk_range, time_domain
from presentation.values import as_date, counted
from warehouse.reads import fetch

__all__ = ["Dashboard", "RenderedChart", "render_charts", "render_dashboard", "script_json"]

MAX_INDEX_DOCUMENTS = 500
# Sentences and titles longer than this are cut in chart data (the export keeps them whole).
MAX_CHART_TEXT = 240
COOCCURRENCE_ACTORS = 25
SWIMLANE_BINS = ("day", "week", "month")
# Key events embedded in the first view (the cards show the best of them, the filters the
# rest) and key dates of the one story shown.
MAX_KEY_EVENTS = 500
MAX_STORY_DATES = 20
# The charts in the page's order.
CHART_ORDER = (
    "key-events",
    "actor-swimlane",
    "event-volume",
    "story-timeline",
    "actor-cooccurrence",
    "actor-counts",
)


@dataclass(frozen=True)
class RenderedChart:
    """One chart's files, and how many data rows it embeds (what its marks are drawn from)."""

    name: str
    title: str
    html_path: Path
    png_path: Path
    svg_path: Path
    spec_path: Path
    rows: int
    image_error: str = ""  # why the PNG and SVG were not drawn (the HTML page still was)


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

    @property
    def failures(self) -> list[str]:
        """One line per chart whose static images could not be drawn."""
        return [chart.image_error for chart in self.charts if chart.image_error]


@dataclass(frozen=True)
class _Chart:
    name: str
    section: str
    spec: dict[str, Any]  # made once: `to_dict` is slow on thousands of rows
    rows: int
    uses: tuple[str, ...]  # the controls it listens to


@dataclass(frozen=True)
class _Options:
    """What the controls offer: the actors the charts show and the categories held."""

    actors: tuple[controls.ActorOption, ...]
    categories: dict[str, str]  # category -> quad class


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
    """Do the work every process's first render pays whatever the data: read (or bundle)
    the Vega runtime the pages share, and start the process that draws the static images,
    warmed on a tiny chart.

    For a caller with time to spare before it renders (`chronicle run` while a Prefect
    server starts); the later render in the same process reuses both.
    """
    vega_runtime()
    StaticExport.start_ahead(VL_VERSION)


def render_dashboard(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    top_actors: int = 20,
    heading: str = "Chronicle timeline",
    rendered_at: datetime | None = None,
    story: str | None = None,
    run_id: str | None = None,
) -> Dashboard:
    """Query the warehouse, write each chart (HTML, PNG, SVG) and the dashboard page.

    A read-only connection is enough, so charts can be drawn while nothing else writes.
    Every query aggregates in DuckDB, so the files stay small however many events there
    are (the swimlane keeps the busiest actors whose marks fit and says so in its title).
    `story` picks the story group whose key dates "One story" shows (by default the one
    naming the most dates). `run_id` is the run the header tells about: the run that drew
    the page, called once its row is final; by default the latest finished run.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    when = rendered_at or datetime.now(UTC)
    # Each chart's static images are drawn (in the export process, waited for by a thread)
    # while the next chart is built here: on two cores the drawing costs little more than
    # the building.
    with (
        StaticExport(VL_VERSION) as export,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="chronicle-export") as drawing,
    ):
        images: dict[str, Future[tuple[str, bytes]]] = {}

        def draw(chart: _Chart) -> None:
            images[chart.name] = drawing.submit(export.svg_and_png, _static(chart.spec), chart.name)

        charts, options = _build_charts(con, heading, top_actors, story, draw)
        busiest = fetch(con, "actor_counts", top_actors=top_actors)
        counts = {key: int(value or 0) for key, value in fetch(con, "dashboard_counts")[0].items()}
        run = fetch(con, "latest_run", run_id=run_id)
        documents = fetch(con, "documents", max_documents=MAX_INDEX_DOCUMENTS + 1)
        runtime = write_runtime(out_dir)
        rendered = tuple(
            _save(chart, out_dir, heading, options, images[chart.name]) for chart in charts
        )
    index_path = out_dir / "index.html"
    body = _dashboard_body(
        heading, charts, rendered, counts, run[0] if run else None, documents, when, options
    )
    write_atomically(
        index_path, page_html(heading, body, [chart.spec_path.name for chart in rendered])
    )
    files: list[Path] = [*runtime]
    for chart in rendered:
        files += [chart.spec_path, chart.html_path]
        if not chart.image_error:
            files += [chart.png_path, chart.svg_path]
    return Dashboard(
        index_path=index_path,
        charts=rendered,
        busiest_actors=tuple(busiest),
        counts=counts,
        rendered_at=when,
        files=(*files, index_path),
    )


def _corpus_domain(con: duckdb.DuckDBPyConnection) -> TimeDomain | None:
    days = fetch(con, "event_days")
    bulk = bulk_range((row["day"], row["events"]) for row in days)
    return time_domain(*bulk) if bulk else None


def _story_title(story: Mapping[str, Any] | None) -> str:
    if not story:
        return "no story yet"
    if story.get("title"):
        return str(story["title"])
    published = as_date(story.get("published"))
    return f"{story.get('source') or 'a document'} of {published or 'no date'}"


def _build_charts(
    con: duckdb.DuckDBPyConnection,
    heading: str,
    top_actors: int,
    story: str | None,
    built: Callable[[_Chart], None] = lambda chart: None,
) -> tuple[list[_Chart], _Options]:
    """The dashboard's charts, in the page's order; `built` is called with each as soon as
    its spec is made (the charts are built in another order, as their data allows)."""
    made: dict[str, _Chart] = {}

    def add(
        name: str, section: str, chart: alt.TopLevelMixin, rows: int, uses: tuple[str, ...]
    ) -> None:
        # Unchecked against Vega-Lite's JSON schema here, which took a third of building
        # the charts; the tests check every chart's spec (`test_dashboard`), and vl-convert
        # compiles each one for its images anyway.
        spec = bounded_spec(chart.to_dict(validate=False))
        made[name] = _Chart(name, shorten(section, TITLE_CHARS), spec, rows, uses)
        built(made[name])

    every, no_search = controls.CONTROLS, (controls.ACTOR, controls.CATEGORY)
    domain = _corpus_domain(con)
    key_rows = fetch(
        con, "key_events", story=None, max_events=MAX_KEY_EVENTS, max_text=MAX_CHART_TEXT
    )
    key_chart = key_event_timeline(
        key_rows,
        name="key_events",
        title=f"{heading}: key events",
        domain=domain,
        notes=[
            "Key events: the corpus's key dates and the sentences that best say what "
            "happened on each (its key-event timeline), the most important date first."
        ],
    )
    add("key-events", "Key events", key_chart, len(key_rows), every)

    chosen = fetch(con, "busiest_story") if story is None else [{"story_group": story}]
    group = chosen[0]["story_group"] if chosen else None
    story_rows = (
        fetch(con, "key_events", story=group, max_events=MAX_STORY_DATES, max_text=MAX_CHART_TEXT)
        if group
        else []
    )
    story_name = _story_title(
        chosen[0] if story is None and chosen else (story_rows[0] if story_rows else None)
    )
    story_bulk = bulk_range((as_date(row["date_start"]), 1) for row in story_rows)
    story_chart = key_event_timeline(
        story_rows,
        name="story",
        title=f"{heading}: one story, {story_name}",
        domain=time_domain(*story_bulk) if story_bulk else None,
        notes=[
            "Its key dates: the dates of its documents' key events, each told by the most "
            "salient event of that date."
        ],
    )
    add("story-timeline", f"One story: {story_name}", story_chart, len(story_rows), every)

    marks = _swimlane_marks(con, top_actors)
    swimlane = actor_swimlane(
        marks, title=swimlane_title(heading, marks, top_actors), domain=domain
    )
    add(
        "actor-swimlane", "Who did what, when", swimlane, min(len(marks), MAX_SWIMLANE_MARKS), every
    )
    options = _control_options(con, marks, key_rows, story_rows)

    unit = volume_unit(domain.start, domain.end) if domain else "week"
    volume = fetch(
        con, "event_volume", unit=unit, actor_keys=[actor.actor_key for actor in options.actors]
    )
    volume_chart = event_volume(
        volume, title=f"{heading}: events per {unit}", unit=unit, domain=domain
    )
    add(
        "event-volume",
        f"Events per {unit}",
        volume_chart,
        min(len(volume), MAX_CHART_ROWS),
        no_search,
    )

    pairs = fetch(con, "cooccurrence", top_actors=COOCCURRENCE_ACTORS)
    pairs_chart = actor_cooccurrence(
        pairs, title=f"{heading}: who shares events with whom (top {COOCCURRENCE_ACTORS})"
    )
    add("actor-cooccurrence", "Who acts with whom", pairs_chart, len(pairs), ())
    counts = fetch(con, "actor_counts", top_actors=top_actors)
    counts_chart = actor_event_counts(counts, title=f"{heading}: events per actor")
    add("actor-counts", "Busiest actors", counts_chart, len(counts), ())
    return [made[name] for name in CHART_ORDER], options


def _control_options(
    con: duckdb.DuckDBPyConnection,
    marks: Sequence[Mapping[str, Any]],
    *key_rows: Sequence[Mapping[str, Any]],
) -> _Options:
    """The actors of the swimlane's lanes and of the key events; every category held."""
    keys = {str(row["actor_key"]) for row in marks}
    for rows in key_rows:
        keys |= {str(key) for row in rows for key in row.get("actor_keys") or ()}
    actors = tuple(
        controls.ActorOption(str(row["actor_key"]), str(row["actor"]), int(row["events"]))
        for row in fetch(con, "actor_options", actor_keys=sorted(keys))
    )
    categories = {
        str(row["event_type"]): str(row["quad_class"]) for row in fetch(con, "event_categories")
    }
    return _Options(actors, categories)


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


def _controls(chart_uses: Sequence[str], options: _Options) -> str:
    return controls.controls_html(
        options.actors, options.categories, options.categories, wanted=chart_uses
    )


def _static(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The spec the PNG and SVG are drawn from. The files are pictures: without the ARIA
    labels Vega writes for each mark of an interactive view (the whole tooltip again), the
    SVG is about half the size."""
    return {**spec, "config": {**spec.get("config", {}), "aria": False}}


def _save(
    chart: _Chart,
    out_dir: Path,
    heading: str,
    options: _Options,
    images: Future[tuple[str, bytes]],
) -> RenderedChart:
    spec = chart.spec
    element = f"chart-{chart.name}"
    spec_path = out_dir / f"{chart.name}{SPEC_SUFFIX}"
    html_path = out_dir / f"{chart.name}.html"
    png_path = out_dir / f"{chart.name}.png"
    svg_path = out_dir / f"{chart.name}.svg"
    write_atomically(spec_path, spec_file(element, spec))
    body = f'  {_controls(chart.uses, options)}\n  <div id="{element}"></div>\n'
    write_atomically(html_path, page_html(f"{heading}: {chart.section}", body, [spec_path.name]))
    # A chart Vega cannot draw in time costs its static images, not the dashboard: the
    # page above still shows it in a browser, and the run's data is already stored.
    try:
        svg, png = images.result()
    except ChartExportError as error:
        image_error = str(error)
        for stale in (svg_path, png_path):
            stale.unlink(missing_ok=True)
    else:
        image_error = ""
        write_atomically(svg_path, svg)
        write_atomically(png_path, png)
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    return RenderedChart(
        name=chart.name,
        title=title if isinstance(title, str) else chart.section,
        html_path=html_path,
        png_path=png_path,
        svg_path=svg_path,
        spec_path=spec_path,
        rows=chart.rows,
        image_error=image_error,
    )


# --- the dashboard page ----------------------------------------------------------------


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    if isinstance(value, date):
        return value.isoformat()
    return text(value)


def run_line(run: Mapping[str, Any] | None) -> str:
    """The header's account of the run whose data the page shows (escaped HTML)."""
    if not run:
        return "No finished pipeline run is recorded in this warehouse."
    finished = _when(run["finished_at"]) if run.get("finished_at") else "(not finished)"
    line = (
        f"Drawn after run <code>{text(run['run_id'])}</code> ({text(run['state'])}, "
        f"finished {finished}): it read {counted(int(run['documents_seen']), 'documents')} "
        f"({int(run['documents_new']):,} new, {int(run['documents_changed']):,} changed, "
        f"{int(run['documents_skipped']):,} unchanged; "
        f"{counted(int(run['quarantined']), 'inputs')} quarantined) and wrote "
        f"{counted(int(run['events_written']), 'events')}. A later run that changes nothing "
        "leaves this page as it is."
    )
    if run.get("running_since"):
        line += (
            f" A run started {_when(run['running_since'])} has not finished: "
            "this page may show part of its documents."
        )
    return line


_COUNT_LABELS = (
    ("documents", "Documents"),
    ("stories", "Stories (near-duplicate documents as one)"),
    ("events", "Events"),
    ("happenings", "Happenings (duplicate reports as one)"),
    ("dated_events", "Dated events"),
    ("actors", "Actors"),
    ("sources", "Source files"),
    ("quarantined", "Quarantined inputs"),
)


def _dashboard_body(
    heading: str,
    charts: Sequence[_Chart],
    rendered: Sequence[RenderedChart],
    counts: Mapping[str, int],
    run: Mapping[str, Any] | None,
    documents: Sequence[Mapping[str, Any]],
    rendered_at: datetime,
    options: _Options,
) -> str:
    """Every piece of text here may come from a scraped document, so all of it is escaped."""
    when = rendered_at.astimezone(UTC).replace(tzinfo=None) if rendered_at.tzinfo else rendered_at
    count_cells = "".join(
        f'<tr><th>{text(label)}</th><td class="n">{counts.get(key, 0):,}</td></tr>'
        for key, label in _COUNT_LABELS
    )
    sections = "\n".join(
        f'  <section class="chart" id="section-{chart.name}">\n'
        f"    <h2>{text(chart.section)}</h2>\n"
        f'    <div id="chart-{chart.name}"></div>\n'
        f'    <p class="meta">{_open_alone(files)}</p>\n'
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
        f"<td>{text(doc['published'])}</td>"
        f"<td>{text(doc.get('dct_basis'))}</td>"
        f"<td>{_document_title(doc)}</td>"
        f"<td>{text(doc['source'])}</td>"
        f'<td class="n">{text(doc["events"])}</td>'
        "</tr>"
        for doc in shown
    )
    return f"""  <h1>{text(heading)}</h1>
  <p class="meta" id="run">Rendered {_when(when)}. {run_line(run)}</p>
  <table id="counts" class="counts">{count_cells}</table>
  {_controls(controls.CONTROLS, options)}
{sections}
  <h2>Documents ({len(shown)})</h2>
  {more}
  <table id="documents">
    <tr><th>DCT (published)</th><th>DCT from</th><th>Title</th><th>Source</th><th>Events</th></tr>
{document_rows}
  </table>
"""


def _open_alone(files: RenderedChart) -> str:
    page = f'Open alone: <a href="{text(files.html_path.name)}">HTML</a>'
    if files.image_error:
        return f"{page} (no PNG or SVG: {text(files.image_error)})"
    return (
        f'{page}, <a href="{text(files.png_path.name)}">PNG</a>, '
        f'<a href="{text(files.svg_path.name)}">SVG</a>'
    )


def _document_title(doc: Mapping[str, Any]) -> str:
    title = text(shorten(doc["title"] or doc["doc_id"], TITLE_CHARS))
    url = doc.get("url")
    # Only link web addresses: a javascript: URL in a scraped page must not become a link.
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return f'<a href="{text(url)}" rel="noopener noreferrer">{title}</a>'
    return title
