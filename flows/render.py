"""The `render` flow: redraw the charts and dashboard from the warehouse (hourly)."""

from __future__ import annotations

from prefect import flow

from flows.tasks import draw_charts
from pipeline.defaults import DEFAULT_CHARTS, DEFAULT_DB


@flow(name="chronicle-render", log_prints=True)
def render(db: str = DEFAULT_DB, charts: str = DEFAULT_CHARTS) -> list[str]:
    """Redraw the charts and dashboard from the warehouse as it is now."""
    return draw_charts(db, charts)
