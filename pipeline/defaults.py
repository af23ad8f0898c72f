"""Where things go when the user does not say: the repo's seeds and warehouse folders."""

DEFAULT_PATHS = ("seeds",)
DEFAULT_DB = "warehouse/chronicle.duckdb"
DEFAULT_CHARTS = "warehouse/charts"
