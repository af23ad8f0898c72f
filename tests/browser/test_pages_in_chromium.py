"""The dashboard and every chart page, opened in headless Chromium from file://.

Checks what only a browser can: each Vega view rendered with one mark per data row (counts
known from the fixture), no console error or warning, no request beyond the page itself,
and the hostile title, sentences and actor name shown as text in tooltips, chart text and
the dashboard without ever running (each payload would set `window.__chroniclePwned`).

Chromium is Debian's (`.ci/run` installs it). Without it these tests skip locally and
fail when `CI` is set, so CI cannot pass by not running them.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from presentation.dashboard import Dashboard, render_dashboard
from tests.browser.warehouses import (
    CLOSE_PAYLOAD,
    HOSTILE_ACTOR,
    HOSTILE_TITLE,
    IMG_PAYLOAD,
    SCRIPT_PAYLOAD,
    build,
    hostile_extractions,
    scale_dashboard,
)
from warehouse.connection import connect

# Items per named mark in the hostile fixture, counted by hand from hostile_extractions.
# The time axis covers March to June 2024 (Acme's founding "in 2023" is off it). Swimlane
# points are (actor, day) pairs: hired x2, attacked x2, said, replied; bars are coarser
# (actor, range) pairs on the axis: met x2 (month), fled x2 (month); the overview one bar
# per start day drawn. Key events: the corpus's key-event timeline, six sentences (hired;
# fled, said, attacked; met and founded, the plain report's lead on its publication day),
# on the strip and as cards. The story is the hostile report's three key dates; the volume
# chart one segment per (week, category) on the axis; the heatmap both orders of the four
# pairs that share an event; the counts chart the four actors.
CARD_PARTS = ("cards", "dates", "categories", "symbols", "sentences", "actors", "sources")
EXPECTED_MARKS = {
    "chart-key-events": {
        "key_events_strip": 6,
        **{f"key_events_{part}": 6 for part in CARD_PARTS},
    },
    "chart-actor-swimlane": {
        "swimlane_points": 6,
        "swimlane_bars": 4,
        "swimlane_overview": 6,
    },
    "chart-event-volume": {"volume_bars": 6},
    "chart-story-timeline": {
        "story_strip": 3,
        **{f"story_{part}": 3 for part in CARD_PARTS},
    },
    "chart-actor-cooccurrence": {"cooccurrence_cells": 8},
    "chart-actor-counts": {"count_bars": 4},
}

COUNT_MARKS = """(() => {
  const out = {};
  for (const [id, view] of Object.entries(window.chronicle.views)) {
    const counts = {};
    const walk = (mark) => {
      if (mark.marktype !== "group" && mark.name) {
        const name = mark.name.replace(/(_\\d+)?_marks$/, "");
        counts[name] = (counts[name] || 0) + mark.items.length;
      }
      for (const item of mark.items || []) for (const child of item.items || []) walk(child);
    };
    walk(view.scenegraph().root);
    out[id] = counts;
  }
  return out;
})()"""

# Center of the first item of a mark whose datum[field] contains needle and that is on top
# at its center (so a mouse there hovers it), scrolled into view; null if none.
FIND_ITEM = """((viewId, markPrefix, field, needle) => {
  const view = window.chronicle.views[viewId];
  const candidates = [];
  const walk = (mark) => {
    if (mark.name && mark.name.startsWith(markPrefix)) {
      for (const item of mark.items) {
        if (item.datum && String(item.datum[field]).includes(needle)) candidates.push(item);
      }
    }
    for (const item of mark.items || []) for (const child of item.items || []) walk(child);
  };
  walk(view.scenegraph().root);
  for (const item of candidates) {
    item._svg.scrollIntoView({ block: "center", inline: "center" });
    const box = item._svg.getBoundingClientRect();
    const x = box.x + box.width / 2, y = box.y + box.height / 2;
    if (document.elementFromPoint(x, y) === item._svg) return { x, y, datum: item.datum };
  }
  return null;
})"""

# A click on every item drawn from the hostile report (its address is javascript:...).
CLICK_HOSTILE_MARKS = """(() => {
  let clicked = 0;
  for (const view of Object.values(window.chronicle.views)) {
    const walk = (mark) => {
      for (const item of mark.items || []) {
        const datum = item.datum || {};
        if (item._svg && String(datum.title || datum.document || "").startsWith("Hostile")) {
          item._svg.dispatchEvent(new MouseEvent("click", { bubbles: true }));
          clicked += 1;
        }
        for (const child of item.items || []) walk(child);
      }
    };
    walk(view.scenegraph().root);
  }
  return clicked;
})()"""

TOOLTIP = """(() => {
  const el = document.getElementById("vg-tooltip-element");
  if (!el || !el.classList.contains("visible")) return null;
  return {
    text: el.textContent,
    tags: Array.from(el.querySelectorAll("*")).map((node) => node.tagName.toLowerCase()),
  };
})()"""

PAGE_STATE = """(() => ({
  pwned: window.__chroniclePwned === undefined ? null : String(window.__chroniclePwned),
  errors: window.chronicle.errors,
  scripts: document.scripts.length,
  images: document.images.length,
  handlers: document.querySelectorAll("[onerror], [onload], [onmouseover]").length,
  links: Array.from(document.links).map((link) => link.getAttribute("href")),
  text: document.body.innerText,
  svgText: Array.from(document.querySelectorAll("svg text")).map((node) => node.textContent),
}))()"""


def require_chromium(path: str | None, ci: str | None) -> str:
    """The browser to drive; without one, skip locally but fail under CI."""
    if path is None:
        message = "headless browser tests need Debian's chromium (apt-get install chromium)"
        if ci:
            pytest.fail(f"{message}; CI is set, so this is a failure, not a skip")
        pytest.skip(f"{message}; /usr/bin/chromium not found")
    return path


@pytest.fixture(scope="module")
def chromium_path() -> str:
    from tests.browser.cdp import find_chromium

    return require_chromium(find_chromium(), os.environ.get("CI"))


def test_a_missing_chromium_fails_under_ci_and_skips_elsewhere() -> None:
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        require_chromium(None, "true")
    with pytest.raises(pytest.skip.Exception, match="not found"):
        require_chromium(None, None)
    assert require_chromium("/usr/bin/chromium", "1") == "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Any]:
    from tests.browser.cdp import chromium

    with chromium(chromium_path) as running:
        yield running


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Dashboard:
    root = tmp_path_factory.mktemp("browser")
    con = connect(build(root / "w.duckdb", hostile_extractions()), read_only=True)
    try:
        return render_dashboard(con, root / "charts")
    finally:
        con.close()


def _open(browser: Any, path: Path) -> Any:
    from tests.browser.cdp import file_url

    page = browser.open(file_url(path))
    page.wait_for("window.chronicle && window.chronicle.ready")
    browser.pump(0.3)  # let late console messages and requests arrive
    return page


def _assert_clean(page: Any, path: Path) -> None:
    assert page.errors() == [], path.name
    warnings = [entry for entry in page.console if entry.get("type") == "warning"]
    assert warnings == [], path.name
    assert_only_its_folder(page, path)


def assert_only_its_folder(page: Any, path: Path) -> None:
    """The page loaded itself and files of its own folder (runtime, boot, specs), no more."""
    folder = page_url(path.parent) + "/"
    assert page.requests[0] == page_url(path)
    others = page.requests[1:]
    assert all(url.startswith(folder) and "/" not in url[len(folder) :] for url in others), (
        page.requests
    )
    assert folder + "vega-runtime.js" in others and folder + "chronicle.js" in others


def page_url(path: Path) -> str:
    from tests.browser.cdp import file_url

    return file_url(path)


def _pages(dashboard: Dashboard) -> list[tuple[Path, list[str]]]:
    pages = [(chart.html_path, [f"chart-{chart.name}"]) for chart in dashboard.charts]
    return [(dashboard.index_path, list(EXPECTED_MARKS)), *pages]


def test_every_page_renders_one_mark_per_row_with_no_error_or_request(
    browser: Any, dashboard: Dashboard
) -> None:
    for path, views in _pages(dashboard):
        page = _open(browser, path)
        _assert_clean(page, path)
        counts = page.evaluate(COUNT_MARKS)
        assert set(counts) == set(views), path.name
        for view in views:
            for mark, expected in EXPECTED_MARKS[view].items():
                assert counts[view].get(mark) == expected, (path.name, view, mark, counts[view])
        state = page.evaluate(PAGE_STATE)
        assert state["errors"] == [] and state["pwned"] is None, path.name


def test_hostile_text_is_shown_as_text_and_never_runs(browser: Any, dashboard: Dashboard) -> None:
    page = _open(browser, dashboard.index_path)
    state = page.evaluate(PAGE_STATE)
    assert state["pwned"] is None
    # The runtime, the six spec files and the boot script: nothing was injected.
    assert state["scripts"] == 8
    assert state["images"] == 0 and state["handlers"] == 0
    assert "javascript:window.__chroniclePwned='url'" not in state["links"]
    # The dashboard's documents table shows the title and source literally.
    assert HOSTILE_TITLE in state["text"]
    assert "Wire <b>bold</b>" in state["text"]
    # Vega draws the story's title and sentences as SVG text, payloads included.
    svg_text = "\n".join(state["svgText"])
    assert IMG_PAYLOAD[:20] in svg_text
    assert any(SCRIPT_PAYLOAD[:20] in text for text in state["svgText"])

    hovers = [
        ("chart-key-events", "key_events_cards", "sentence", IMG_PAYLOAD),
        ("chart-actor-swimlane", "swimlane_points", "sentence", IMG_PAYLOAD),
        ("chart-actor-swimlane", "swimlane_points", "sentence", SCRIPT_PAYLOAD),
        ("chart-actor-swimlane", "swimlane_bars", "sentence", CLOSE_PAYLOAD),
        ("chart-story-timeline", "story_cards", "sentence", SCRIPT_PAYLOAD),
        ("chart-actor-cooccurrence", "cooccurrence_cells", "actor", HOSTILE_ACTOR),
    ]
    for view, mark, field, payload in hovers:
        target = page.evaluate(
            f"{FIND_ITEM}({json.dumps(view)}, {json.dumps(mark)}, "
            f"{json.dumps(field)}, {json.dumps(payload)})"
        )
        assert target is not None, (view, mark, payload)
        page.mouse_move(target["x"], target["y"])
        tooltip = page.wait_for(TOOLTIP, timeout=5)
        # The payload is in the tooltip as characters, and made no element there.
        assert payload in tooltip["text"], (view, mark)
        assert set(tooltip["tags"]) <= {"table", "tbody", "tr", "td", "h2"}, tooltip["tags"]
        page.mouse_move(1, 1)  # leave, so the next hover opens a fresh tooltip
        browser.pump(0.2)
    if_any = [entry for entry in page.console if entry.get("type") in ("error", "warning")]
    assert if_any == [] and page.errors() == []
    assert page.evaluate(PAGE_STATE)["pwned"] is None
    assert_only_its_folder(page, dashboard.index_path)
    # The hostile report's javascript: address never became a link, in the page or a mark.
    tabs = browser.page_urls()
    assert page.evaluate(CLICK_HOSTILE_MARKS) > 10
    browser.pump(0.5)
    assert page.evaluate(PAGE_STATE)["pwned"] is None
    assert browser.page_urls() == tabs  # no click opened anything


@pytest.mark.slow
def test_the_100000_event_dashboard_renders_every_row(browser: Any) -> None:
    """At scale the views still draw exactly the rows they embed, without errors."""
    dashboard = scale_dashboard()
    page = _open(browser, dashboard.index_path)
    assert page.errors() == []
    assert_only_its_folder(page, dashboard.index_path)
    counts = page.evaluate(COUNT_MARKS)
    # The lanes' rows, as the spec file embeds them (CSV, parsed back).
    text = dashboard.charts[1].spec_path.read_text(encoding="utf-8")
    spec = json.loads(text[text.index("] = ") + 4 : text.rindex(";")])
    lanes = list(csv.DictReader(io.StringIO(spec["data"]["values"])))
    embedded = {kind: sum(row["mark"] == kind[:-1] for row in lanes) for kind in ("points", "bars")}
    swimlane = counts["chart-actor-swimlane"]
    assert swimlane["swimlane_points"] == embedded["points"] > 0
    assert swimlane["swimlane_bars"] == embedded["bars"] > 0
    assert embedded["points"] + embedded["bars"] == dashboard.charts[1].rows
    assert counts["chart-actor-counts"]["count_bars"] == 20
    assert counts["chart-actor-cooccurrence"]["cooccurrence_cells"] == 25 * 24
