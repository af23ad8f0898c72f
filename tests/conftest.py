"""Shared fixtures. Prefect gets a throwaway home before anything imports it."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="chronicle-prefect-home-")
# Gone when the session ends: every run used to leave its Prefect database in /tmp.
atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], ignore_errors=True)
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# How long a Prefect server may take to start, for the harness and for every `chronicle run`
# a test starts: other work on the machine (parallel suites) made 120 s too short.
os.environ.setdefault("CHRONICLE_SERVER_START_TIMEOUT", "900")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def nlp_parse():
    """Parse documents with the project's spaCy model (loaded once per test session)."""
    from pipeline.nlp import parse_documents

    return parse_documents


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for every flow test in the session."""
    from prefect.testing.utilities import prefect_test_harness

    from pipeline.prefect_server import start_timeout

    with prefect_test_harness(server_startup_timeout=int(start_timeout())):
        yield


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that run for minutes first, then the other slow ones, each group in its
    usual order: with the suite spread over workers (`make test`), a long test left for
    last keeps one worker busy while the others have nothing left to do."""
    items.sort(
        key=lambda item: (
            item.get_closest_marker("minutes") is None,
            item.get_closest_marker("slow") is None,
        )
    )
