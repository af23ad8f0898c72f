"""A stopped or failed run stops its workers at once: it waits for no batch in flight and
starts none again (a broken pool is not retried while the run stops)."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pytest

from pipeline import workers

KEY = ("no-model", 1)


@pytest.fixture
def busy_pool() -> Iterator[ProcessPoolExecutor]:
    """A pool whose only worker is an hour into a chunk."""
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    workers._POOLS[KEY] = pool
    busy = pool.submit(time.sleep, 3600)
    while not busy.running():
        time.sleep(0.05)
    yield pool
    workers._POOLS.pop(KEY, None)
    workers._stopping.clear()
    pool.shutdown(wait=False, cancel_futures=True)


def test_stopping_the_workers_ends_a_chunk_they_are_still_working_on(busy_pool) -> None:
    (worker,) = busy_pool._processes.values()
    workers.shutdown_workers()
    assert not worker.is_alive()
    assert workers._POOLS == {}


def test_a_stopped_run_stops_its_workers_and_starts_no_other(busy_pool) -> None:
    (worker,) = busy_pool._processes.values()
    with pytest.raises(KeyboardInterrupt), workers.stopped_with_the_run():
        raise KeyboardInterrupt  # as Ctrl-C or Prefect's SIGTERM signal unwinds the run
    assert not worker.is_alive()
    with pytest.raises(workers.Stopping):
        workers._pool("no-model", 1)
    with workers.stopped_with_the_run():  # the next run may start workers again
        assert not workers._stopping.is_set()
