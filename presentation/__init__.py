"""What the warehouse is shown as: chart specs (`charts.py`, pure), the dashboard and its
pages (`dashboard.py`) and the exports (`exports.py`). The rows come from the warehouse's
named queries (`warehouse/queries/`), already aggregated there."""
