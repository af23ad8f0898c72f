"""Progress of the current run, for whoever is watching in this process.

The flow reports documents as it finishes batches, and the warnings a user must see (an
input quarantined); the CLI installs a progress bar when it runs on a terminal and prints
the warnings itself, Prefect's own console logging being off unless asked for. Flows stay
free of any display code, and a flow run by a worker reports to nobody (its warnings are
in Prefect's logs).
"""

from __future__ import annotations

from typing import Protocol


class ProgressListener(Protocol):
    def started(self, total: int) -> None: ...

    def advanced(self, count: int) -> None: ...

    def warned(self, message: str) -> None: ...


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


def warned(message: str) -> None:
    for listener in _listeners:
        listener.warned(message)
