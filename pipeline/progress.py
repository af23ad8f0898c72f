"""Progress of the current run, for whoever is watching in this process.

The flow reports documents as it finishes batches; the CLI installs a progress bar when
it runs on a terminal. Flows stay free of any display code, and a flow run by a worker
reports to nobody.
"""

from __future__ import annotations

from typing import Protocol


class ProgressListener(Protocol):
    def started(self, total: int) -> None: ...

    def advanced(self, count: int) -> None: ...


_listeners: list[ProgressListener] = []


def listen(listener: ProgressListener) -> None:
    _listeners.append(listener)


def forget(listener: ProgressListener) -> None:
    _listeners.remove(listener)


def started(total: int) -> None:
    for listener in _listeners:
        listener.started(total)


def advanced(count: int) -> None:
    for listener in _listeners:
        listener.advanced(count)
