"""Bounds on what a chart holds, on how long drawing it may take, and on half-written files.

Document text reaches charts as titles, labels and tooltip values. A page's 1 MB title made
Vega's static export (`vl_convert`) run for over ten minutes, ignoring SIGTERM, on every
later run while that story was the one charted. So:

- `bounded_spec` cuts every title and every text value of a chart's data to a few hundred
  characters (the warehouse keeps the full text; only the chart's copy is cut);
- `StaticExport` runs `vl_convert` in a child process with a time limit, and kills it
  (SIGKILL, which it cannot ignore) when the limit passes, so a chart that will not draw
  fails with a message instead of hanging the run;
- `write_atomically` writes a file beside its final name and renames it into place, so a
  full disk leaves the previous page (or none), never an empty one, and says which path.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import tempfile
from collections.abc import Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

TITLE_CHARS = 300
TEXT_CHARS = 500  # a tooltip's sentence, a label, any text value of a chart's data
EXPORT_SECONDS = 180.0  # one chart's SVG and PNG; a few seconds is usual, under load tens
ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """`text`, cut to at most `limit` characters with an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def bounded_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A Vega-Lite spec with its titles cut to `TITLE_CHARS` and the text values of its
    data (inline `values` and top-level `datasets`) to `TEXT_CHARS`."""
    return _bounded(spec, None)


def _bounded(value: Any, key: str | None) -> Any:
    if isinstance(value, str):
        if key in ("title", "subtitle", "text"):
            return shorten(value, TITLE_CHARS)
        return value
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for name, item in value.items():
            if name == "values" and isinstance(item, str) and _is_csv(value.get("format")):
                out[name] = _bounded_csv(item)
            elif name in ("values", "datasets"):
                out[name] = _bounded_data(item)
            else:
                out[name] = _bounded(item, name)
        return out
    if isinstance(value, list):
        return [_bounded(item, key) for item in value]
    return value


def _bounded_data(value: Any) -> Any:
    """Data rows (or a mapping of named datasets): every string cut to `TEXT_CHARS`."""
    if isinstance(value, str):
        return shorten(value, TEXT_CHARS)
    if isinstance(value, Mapping):
        return {name: _bounded_data(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_bounded_data(item) for item in value]
    return value


def _is_csv(data_format: Any) -> bool:
    return isinstance(data_format, Mapping) and data_format.get("type") == "csv"


def _bounded_csv(text: str) -> str:
    """Inline CSV data (one string holding every row): each cell cut to `TEXT_CHARS`, the
    rows and columns kept."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in csv.reader(io.StringIO(text)):
        writer.writerow([shorten(cell, TEXT_CHARS) for cell in row])
    return buffer.getvalue()


class ChartExportError(RuntimeError):
    """A chart's static image could not be made (too slow, or Vega failed)."""


# A tiny chart with text, drawn by a process started ahead (`StaticExport.start_ahead`):
# the first chart a process draws also pays for starting vl-convert's JavaScript engine,
# loading Vega-Lite and the fonts of the PNG (about 1 s).
_WARM_UP_SPEC = {
    "data": {"values": [{"text": "Chronicle"}]},
    "mark": "text",
    "encoding": {"text": {"field": "text", "type": "nominal"}},
}
# Export processes started ahead, each drawing _WARM_UP_SPEC, for the next StaticExport.
_AHEAD: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []


class StaticExport:
    """SVG and PNG of Vega-Lite specs, made in a child process that a time limit can kill.

    One process serves every chart of a rendering (importing vl_convert once); it is
    started on first use, or adopted from `start_ahead`, and stopped by `close` (or the
    `with` block's end).
    """

    @staticmethod
    def start_ahead(vl_version: str) -> None:
        """Start an export process now and have it draw a tiny chart, for a caller with
        time to spare before it renders (`chronicle run` while its Prefect server starts):
        the next StaticExport in this process adopts it warm. A daemon process: it ends
        with this one if nothing adopts it."""
        if not _AHEAD:
            process, connection = _start_process()
            connection.send((_WARM_UP_SPEC, vl_version))
            _AHEAD.append((process, connection))

    def __init__(self, vl_version: str, seconds: float | None = None) -> None:
        self.vl_version = vl_version
        self.seconds = EXPORT_SECONDS if seconds is None else seconds
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None

    def __enter__(self) -> StaticExport:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def svg_and_png(self, spec: Mapping[str, Any], name: str) -> tuple[str, bytes]:
        connection = self._started()
        try:
            connection.send((dict(spec), self.vl_version))
            ready = connection.poll(self.seconds)
        except OSError:
            ready = True  # the process is gone: recv below says so
        if not ready:
            self._kill()
            raise ChartExportError(
                f"drawing the chart {name} took longer than {self.seconds:.0f} s; stopped"
            )
        try:
            ok, result = connection.recv()
        except (EOFError, OSError):
            self._kill()
            raise ChartExportError(f"the process drawing the chart {name} died") from None
        if not ok:
            raise ChartExportError(f"Vega could not draw the chart {name}: {result}")
        return result

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        if self._process is not None:
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
        self._process = self._connection = None

    def _started(self) -> Connection:
        if self._connection is None:
            self._process, self._connection = self._adopted() or _start_process()
        return self._connection

    def _adopted(self) -> tuple[multiprocessing.process.BaseProcess, Connection] | None:
        """The process started ahead, once it drew its warm-up chart; None when there is
        none, or it failed or did not finish in time (then it is killed)."""
        if not _AHEAD:
            return None
        process, connection = _AHEAD.pop()
        try:
            if connection.poll(self.seconds) and connection.recv()[0]:
                return process, connection
        except (EOFError, OSError):
            pass
        process.kill()
        process.join()
        connection.close()
        return None

    def _kill(self) -> None:
        if self._process is not None:
            self._process.kill()  # SIGKILL: vl_convert ignores SIGTERM
            self._process.join()
        if self._connection is not None:
            self._connection.close()
        self._process = self._connection = None


def _start_process() -> tuple[multiprocessing.process.BaseProcess, Connection]:
    spawn = multiprocessing.get_context("spawn")
    parent, child = spawn.Pipe()
    process = spawn.Process(
        target=_serve, args=(child,), name="chronicle-chart-export", daemon=True
    )
    process.start()
    child.close()
    return process, parent


def _serve(connection: Connection) -> None:
    """The child: convert specs until the parent closes the pipe."""
    import vl_convert as vlc

    from presentation.pictures import smaller_png, smaller_svg

    while True:
        try:
            spec, vl_version = connection.recv()
        except EOFError:
            return
        try:
            # Running Vega is the expensive part: once for the SVG, then rasterise that SVG.
            svg = smaller_svg(vlc.vegalite_to_svg(spec, vl_version=vl_version))
            reply: tuple[bool, Any] = (True, (svg, smaller_png(vlc.svg_to_png(svg, scale=1))))
        except Exception as error:  # noqa: BLE001 - reported to the parent, which raises
            reply = (False, f"{type(error).__name__}: {error}")
        connection.send(reply)


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` through a temporary file beside it, renamed into place: a
    reader sees the old file or the new one, never a part. A failure (a full disk) names
    the path and leaves no temporary file behind."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OSError(error.errno, f"cannot write {path}: {error.strerror or error}") from error
