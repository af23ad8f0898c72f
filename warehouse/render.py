"""The I/O side of the charts: query the warehouse, build charts, write HTML, PNG and an index.

Chart construction stays in `transforms/charts.py` (pure); this module only feeds it rows
and writes files. HTML is written with the JavaScript inlined so the charts open without a
network connection, e.g. from an archived run directory.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt
import duckdb

from transforms.charts import MAX_CHART_ROWS, actor_event_counts, actor_swimlane
from warehouse.store import fetch

MAX_INDEX_DOCUMENTS = 500

# A <script> that loads code from elsewhere: what `inline=True` must not leave behind.
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//", re.IGNORECASE)


@dataclass(frozen=True)
class RenderedChart:
    name: str
    title: str
    html_path: Path
    png_path: Path


def render_charts(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    top_actors: int = 20,
    heading: str = "Chronicle timeline",
) -> list[Path]:
    """Write every chart as offline HTML and PNG plus `index.html`; return the paths written.

    A read-only connection is enough, so charts can be drawn while nothing else writes.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    # One row more than the chart keeps, so the chart can tell it was capped.
    swimlane_rows = fetch(con, "swimlane", top_actors=top_actors, max_rows=MAX_CHART_ROWS + 1)
    count_rows = fetch(con, "actor_counts", top_actors=top_actors)
    documents = fetch(con, "documents", max_documents=MAX_INDEX_DOCUMENTS + 1)

    charts: list[tuple[str, str, alt.TopLevelMixin]] = []
    swimlane_title = f"{heading}: who did what, when (top {top_actors} actors)"
    charts.append(
        ("actor-swimlane", swimlane_title, actor_swimlane(swimlane_rows, title=swimlane_title))
    )
    counts_title = f"{heading}: events per actor (top {top_actors})"
    charts.append(
        ("actor-counts", counts_title, actor_event_counts(count_rows, title=counts_title))
    )

    rendered = [_save(chart, out_dir, name, title) for name, title, chart in charts]
    index_path = out_dir / "index.html"
    index_path.write_text(_index_html(heading, rendered, documents), encoding="utf-8")

    written: list[Path] = []
    for chart in rendered:
        written += [chart.html_path, chart.png_path]
    return [*written, index_path]


def _save(chart: alt.TopLevelMixin, out_dir: Path, name: str, title: str) -> RenderedChart:
    html_path = out_dir / f"{name}.html"
    png_path = out_dir / f"{name}.png"
    chart.save(html_path, inline=True)
    if _REMOTE_SCRIPT.search(html_path.read_text(encoding="utf-8")):
        raise RuntimeError(f"{html_path} still loads JavaScript from the network")
    chart.save(png_path)
    return RenderedChart(name=name, title=title, html_path=html_path, png_path=png_path)


def _text(value: Any) -> str:
    return "" if value is None else html.escape(str(value))


def _index_html(
    heading: str, charts: Sequence[RenderedChart], documents: Sequence[Mapping[str, Any]]
) -> str:
    """Every piece of text here may come from a scraped document, so all of it is escaped."""
    chart_items = "\n".join(
        f'    <li><a href="{_text(chart.html_path.name)}">{_text(chart.title)}</a>'
        f' (<a href="{_text(chart.png_path.name)}">PNG</a>)</li>'
        for chart in charts
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
        f"<td>{_document_title(doc)}</td>"
        f"<td>{_text(doc['source'])}</td>"
        f"<td>{_text(doc['events'])}</td>"
        "</tr>"
        for doc in shown
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{_text(heading)}</title>
</head>
<body>
  <h1>{_text(heading)}</h1>
  <h2>Charts</h2>
  <ul>
{chart_items}
  </ul>
  <h2>Documents ({len(shown)})</h2>
  {more}
  <table>
    <tr><th>Published</th><th>Title</th><th>Source</th><th>Events</th></tr>
{document_rows}
  </table>
</body>
</html>
"""


def _document_title(doc: Mapping[str, Any]) -> str:
    title = _text(doc["title"] or doc["doc_id"])
    url = doc.get("url")
    # Only link web addresses: a javascript: URL in a scraped page must not become a link.
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}">{title}</a>'
    return title
