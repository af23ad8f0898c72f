"""Prefect flows and tasks, and nothing else.

One module per deployment in `prefect.yaml` (`ingest.py`, `render.py`, `rebuild.py`) and
the tasks they share (`tasks.py`). What a task does is a plain function in `pipeline/`,
`warehouse/` or `presentation/` that runs and is tested without Prefect.
"""
