"""The DuckDB warehouse: everything that touches the database, all of its SQL in `.sql` files.

Where things are:

- `schema.sql` creates the tables; `contract.py` holds their columns as Arrow schemas, and
  a test checks the two agree.
- `models/{staging,timeline,marts}/` hold the views, one per file, applied layer by layer.
- `statements/<module>/` hold every other statement, one per file, run by name through
  `sql.py` with values bound; `queries/` the named read queries of charts, exports and
  the command line (`reads.fetch`).
- `connection.py` opens the warehouse and brings schema and views up to date; `load.py`
  loads batches and retires replaced texts; `freshness.py` tells whether the warehouse
  already holds what a run would bring (cheap to import: a run asks it first); `runs.py`
  records runs and quarantined inputs; `reads.py` reads; `deduplication.py` writes story
  groups and event clusters (decided by `transforms/deduplication`).
- `tables.py` turns extractions into Arrow tables, `staging.py` carries them as Parquet
  from the workers to the loader, and `lock.py` lets one process at a time in.
"""
