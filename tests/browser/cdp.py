"""A small headless-Chromium driver over the DevTools protocol, for the browser tests.

Only the standard library and `websockets` (already installed as a Prefect dependency):
Chromium is started with `--remote-debugging-port=0`, prints the browser's websocket
address on stderr, and every page is a target attached in flat mode, so one socket carries
all commands and events. Each page records what the tests assert on: console messages,
uncaught exceptions, log entries (CSP violations land there) and every request it made.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
_DEVTOOLS_URL = re.compile(r"DevTools listening on (ws://\S+)")


def find_chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


class DevToolsError(RuntimeError):
    pass


@dataclass
class Page:
    """One tab: its session on the shared socket and everything it reported."""

    browser: Browser
    session_id: str
    console: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    loaded: bool = False

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, session_id=self.session_id)

    def evaluate(self, expression: str, timeout: float = 30) -> Any:
        """Evaluate JavaScript in the page (promises awaited) and return its JSON value."""
        result = self.send(
            "Runtime.evaluate",
            {
                "expression": expression,
                "returnByValue": True,
                "awaitPromise": True,
                "timeout": int(timeout * 1000),
            },
        )
        if "exceptionDetails" in result:
            raise DevToolsError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"page never satisfied {expression!r}")
            self.browser.pump(0.1)

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error-level log entries, as text."""
        found = [
            " ".join(str(arg.get("value", arg.get("description", ""))) for arg in entry["args"])
            for entry in self.console
            if entry.get("type") in ("error", "assert")
        ]
        found += [json.dumps(entry.get("exceptionDetails", entry)) for entry in self.exceptions]
        found += [entry["text"] for entry in self.log if entry.get("level") == "error"]
        return found

    def mouse_move(self, x: float, y: float) -> None:
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def _button(self, kind: str, x: float, y: float) -> None:
        self.send(
            "Input.dispatchMouseEvent",
            {"type": kind, "x": x, "y": y, "button": "left", "buttons": 1, "clickCount": 1},
        )

    def click(self, x: float, y: float) -> None:
        self.mouse_move(x, y)
        self._button("mousePressed", x, y)
        self._button("mouseReleased", x, y)

    def drag(self, start: tuple[float, float], end: tuple[float, float], steps: int = 8) -> None:
        """Press at `start`, move to `end` in steps with the button held, release there."""
        (x0, y0), (x1, y1) = start, end
        self.mouse_move(x0, y0)
        self._button("mousePressed", x0, y0)
        for step in range(1, steps + 1):
            x, y = x0 + (x1 - x0) * step / steps, y0 + (y1 - y0) * step / steps
            self.send(
                "Input.dispatchMouseEvent",
                {"type": "mouseMoved", "x": x, "y": y, "button": "left", "buttons": 1},
            )
        self._button("mouseReleased", x1, y1)

    def screenshot(self, clip: dict[str, float]) -> bytes:
        """A PNG of the page region `clip` (x, y, width, height in CSS pixels, scale)."""
        shot = self.send(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True, "clip": clip},
        )
        return base64.b64decode(shot["data"])


class Browser:
    """A headless Chromium process and one DevTools websocket to it."""

    def __init__(self, executable: str, *, timeout: float = 30) -> None:
        self._profile = tempfile.mkdtemp(prefix="chronicle-chromium-")
        args = [
            executable,
            "--headless=new",
            "--remote-debugging-port=0",
            f"--user-data-dir={self._profile}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--window-size=1400,1000",
            # No name resolves: a page that tried the network would fail, and a tab a test
            # opens on an article's address goes nowhere.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "about:blank",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with a sandbox
        # stderr goes to a file, not a pipe: a pipe nobody drains would block Chromium.
        self._stderr_path = Path(self._profile) / "stderr.log"
        with self._stderr_path.open("w") as stderr:
            self._process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=stderr)
        self._socket = self._connect(timeout)
        self._next_id = 0
        self._pages: dict[str, Page] = {}

    def _connect(self, timeout: float) -> ClientConnection:
        deadline = time.monotonic() + timeout
        output = ""
        while time.monotonic() < deadline:
            output = self._stderr_path.read_text(errors="replace")
            match = _DEVTOOLS_URL.search(output)
            if match:
                return connect(match.group(1), max_size=None, open_timeout=timeout)
            if self._process.poll() is not None:
                break
            time.sleep(0.05)
        self.close()
        raise DevToolsError("Chromium did not start:\n" + output[-3000:])

    def send(
        self, method: str, params: dict[str, Any] | None = None, *, session_id: str | None = None
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session_id:
            message["sessionId"] = session_id
        self._socket.send(json.dumps(message))
        while True:
            reply = json.loads(self._socket.recv(timeout=120))
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise DevToolsError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._dispatch(reply)

    def pump(self, seconds: float) -> None:
        """Take in the events that arrive within `seconds`."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self._socket.recv(timeout=left)
            except TimeoutError:
                return
            self._dispatch(json.loads(message))

    def _dispatch(self, message: dict[str, Any]) -> None:
        page = self._pages.get(message.get("sessionId", ""))
        if page is None:
            return
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.consoleAPICalled":
            page.console.append(params)
        elif method == "Runtime.exceptionThrown":
            page.exceptions.append(params)
        elif method == "Log.entryAdded":
            page.log.append(params["entry"])
        elif method == "Network.requestWillBeSent":
            page.requests.append(params["request"]["url"])
        elif method == "Page.loadEventFired":
            page.loaded = True

    def page_urls(self) -> list[str]:
        """The address of every open tab, those a page opened by itself included."""
        targets = self.send("Target.getTargets")["targetInfos"]
        return [target["url"] for target in targets if target["type"] == "page"]

    def close_pages_at(self, url: str) -> None:
        targets = self.send("Target.getTargets")["targetInfos"]
        for target in targets:
            if target["type"] == "page" and target["url"] == url:
                self.send("Target.closeTarget", {"targetId": target["targetId"]})

    def open(self, url: str, *, timeout: float = 60) -> Page:
        """A new tab with every reporting domain on, navigated to `url` and loaded."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        page = Page(self, session)
        self._pages[session] = page
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        page.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
        )
        page.send("Page.navigate", {"url": url})
        deadline = time.monotonic() + timeout
        while not page.loaded:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load")
            self.pump(0.1)
        return page

    def close(self) -> None:
        if getattr(self, "_socket", None) is not None:
            self._socket.close()
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        shutil.rmtree(self._profile, ignore_errors=True)


@contextmanager
def chromium(executable: str) -> Iterator[Browser]:
    browser = Browser(executable)
    try:
        yield browser
    finally:
        browser.close()


def file_url(path: Path) -> str:
    return path.resolve().as_uri()
