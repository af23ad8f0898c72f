"""The dashboard as a reader uses it, in headless Chromium from file://, with no network:
the controls (actor, category, search), the date brushes, hover and click, the honest
time axis, the colours and whole-number counts, and an empty warehouse.

The warehouse is `newsroom_extractions`: five invented reports over March-May 2024 with a
background date in 1999, so every expected mark below is known from the fixture.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from presentation.dashboard import Dashboard, render_dashboard
from tests.browser.gallery import SET_CONTROL
from tests.browser.test_pages_in_chromium import (
    TOOLTIP,
    assert_only_its_folder,
    require_chromium,
)
from tests.browser.warehouses import build, newsroom_extractions
from warehouse import runs
from warehouse.connection import connect
from warehouse.load import LoadStats

KEY = "chart-key-events"
LANES = "chart-actor-swimlane"
VOLUME = "chart-event-volume"
STORY = "chart-story-timeline"

# The data of the items of every mark of a view whose name starts with a prefix.
ITEMS = """((viewId, prefix) => {
  const view = window.chronicle.views[viewId];
  const found = [];
  const walk = (mark) => {
    if (mark.marktype !== "group" && mark.name && mark.name.startsWith(prefix)) {
      for (const item of mark.items) found.push(item.datum);
    }
    for (const item of mark.items || []) for (const child of item.items || []) walk(child);
  };
  walk(view.scenegraph().root);
  return JSON.parse(JSON.stringify(found));
})"""

# The on-screen centre of the first item of a mark whose datum[field] equals a value.
CENTRE = """((viewId, prefix, field, value) => {
  const view = window.chronicle.views[viewId];
  let hit = null;
  const walk = (mark) => {
    if (hit) return;
    if (mark.marktype !== "group" && mark.name && mark.name.startsWith(prefix)) {
      hit = mark.items.find((item) => item.datum && item.datum[field] === value) || null;
    }
    for (const item of mark.items || []) for (const child of item.items || []) walk(child);
  };
  walk(view.scenegraph().root);
  if (!hit) return null;
  hit._svg.scrollIntoView({ block: "center", inline: "center" });
  const box = hit._svg.getBoundingClientRect();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
})"""

SVG_TEXT = """((viewId) => Array.from(
  document.getElementById(viewId).querySelectorAll("svg text")
).map((node) => node.textContent))"""

# Every legend entry of a view: its label and the fill and shape of its symbol.
LEGEND = """((viewId) => {
  const root = document.getElementById(viewId);
  const symbols = root.querySelectorAll(".role-legend-entry .role-legend-symbol path");
  const labels = root.querySelectorAll(".role-legend-entry .role-legend-label text");
  return Array.from(labels).map((label, index) => ({
    label: label.textContent,
    fill: symbols[index] ? symbols[index].getAttribute("fill") : null,
    shape: symbols[index] ? symbols[index].getAttribute("d") : null,
  }));
})"""

# The triggers of the cards a view draws, top to bottom.
CARDS = """((viewId, prefix) => {
  const view = window.chronicle.views[viewId];
  let cards = [];
  const walk = (mark) => {
    if (mark.marktype !== "group" && mark.name && mark.name.startsWith(prefix)) {
      cards = mark.items.map((item) => [item.y, item.datum.trigger]);
    }
    for (const item of mark.items || []) for (const child of item.items || []) walk(child);
  };
  walk(view.scenegraph().root);
  return cards.sort((a, b) => a[0] - b[0]).map((card) => card[1]);
})"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    import os

    from tests.browser.cdp import chromium, find_chromium

    path = require_chromium(find_chromium(), os.environ.get("CI"))
    with chromium(path) as running:
        yield running


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Dashboard:
    root = tmp_path_factory.mktemp("newsroom")
    con = connect(build(root / "w.duckdb", newsroom_extractions()))
    try:
        runs.start_run(con, "run-7", "test", started_at=datetime(2024, 5, 21, 6, 0))
        done = LoadStats(documents_new=5, events_written=11)
        runs.finish_run(con, "run-7", "completed", done, finished_at=datetime(2024, 5, 21, 6, 2))
        return render_dashboard(con, root / "charts", run_id="run-7")
    finally:
        con.close()


@pytest.fixture
def page(browser: Any, newsroom: Dashboard) -> Iterator[Any]:
    from tests.browser.cdp import file_url

    opened = browser.open(file_url(newsroom.index_path))
    opened.wait_for("window.chronicle && window.chronicle.ready")
    browser.pump(0.3)
    yield opened
    assert opened.errors() == []
    assert_only_its_folder(opened, newsroom.index_path)
    browser.send("Target.closeTarget", {"targetId": _target_of(browser, newsroom.index_path)})


def _target_of(browser: Any, path: Path) -> str:
    from tests.browser.cdp import file_url

    targets = browser.send("Target.getTargets")["targetInfos"]
    return next(t["targetId"] for t in targets if t["url"] == file_url(path))


def _items(page: Any, view: str, prefix: str) -> list[dict[str, Any]]:
    return page.evaluate(f"{ITEMS}({json.dumps(view)}, {json.dumps(prefix)})")


def _set(page: Any, control: str, value: str) -> None:
    page.evaluate(f"{SET_CONTROL}({json.dumps(control)}, {json.dumps(value)})")
    page.browser.pump(0.4)  # the search is debounced


def _centre(page: Any, view: str, prefix: str, field: str, value: Any) -> dict[str, float]:
    args = ", ".join(json.dumps(arg) for arg in (view, prefix, field, value))
    centre = page.evaluate(f"{CENTRE}({args})")
    assert centre is not None, (view, prefix, field, value)
    return centre


def _cards(page: Any, view: str = KEY) -> list[str]:
    """The triggers of the cards drawn, top to bottom (date order)."""
    prefix = "key_events_cards" if view == KEY else "story_cards"
    return page.evaluate(f"{CARDS}({json.dumps(view)}, {json.dumps(prefix)})")


def test_the_index_has_three_controls_listing_what_the_charts_show(page: Any) -> None:
    controls = page.evaluate(
        """Array.from(document.querySelectorAll("#filters select, #filters input"))
             .map((el) => ({ id: el.id, options: Array.from(el.options || [])
               .map((option) => option.value) }))"""
    )
    assert [control["id"] for control in controls] == [
        "filter-actor",
        "filter-category",
        "filter-search",
    ]
    assert controls[0]["options"] == ["", "acme", "bob", "kim", "lee", "ruritania"]
    assert {"SANCTION", "ACCUSE", "AGREE", "PROTEST"} <= set(controls[1]["options"])
    # The key-event timeline's sentences on the axis, in date order ("founded" is in 1999;
    # None: a headline chosen for its publication day, which has no event).
    assert _cards(page) == [
        "opened",
        "praised",
        None,
        "criticised",
        "replied",
        "marched",
        "met",
        "fined",
        "resigned",
        "signed",
        "said",
    ]


def test_the_header_names_the_run_the_page_was_drawn_after(page: Any) -> None:
    header = page.evaluate('document.getElementById("run").innerText')
    assert "Drawn after run run-7 (completed, finished 2024-05-21 06:02:00 UTC)" in header
    assert "it read 5 documents (5 new, 0 changed, 0 unchanged" in header
    assert "wrote 11 events" in header and "not finished" not in header


def test_picking_an_actor_leaves_only_that_actors_marks(page: Any) -> None:
    lanes_before = _items(page, LANES, "swimlane_points")
    assert {mark["actor_key"] for mark in lanes_before} > {"kim"}
    volume_before = sum(bar["sum_events"] for bar in _items(page, VOLUME, "volume_bars"))
    _set(page, "filter-actor", "kim")
    lanes = _items(page, LANES, "swimlane_points") + _items(page, LANES, "swimlane_bars")
    assert lanes and {mark["actor_key"] for mark in lanes} == {"kim"}
    assert sorted(mark["trigger"] for mark in lanes) == ["criticised", "met", "signed"]
    # The cards whose event is Kim's, and only Kim's slice of the volume.
    assert _cards(page) == ["criticised", "met", "signed"]
    volume = _items(page, VOLUME, "volume_bars")
    assert sum(bar["sum_events"] for bar in volume) == 3 < volume_before
    assert _cards(page, STORY) == []  # the story of the Springfield factory has no Kim
    page.evaluate('document.getElementById("filter-reset").click()')
    page.browser.pump(0.4)
    assert len(_items(page, LANES, "swimlane_points")) == len(lanes_before)


def test_the_search_narrows_the_marks_to_those_that_mention_it(page: Any) -> None:
    before = len(_items(page, LANES, "swimlane_points"))
    _set(page, "filter-search", "  FINED ")
    lanes = _items(page, LANES, "swimlane_points")
    assert 0 < len(lanes) < before
    assert all("fined" in mark["sentence"].lower() for mark in lanes)
    assert {mark["actor"] for mark in lanes} == {"Ruritania", "Acme"}
    assert _cards(page) == ["fined"]
    _set(page, "filter-search", "acme opens")  # a document title: its cards on the axis
    assert _cards(page) == ["opened", "praised", None]
    _set(page, "filter-search", "no such words")
    assert _cards(page) == [] and _items(page, LANES, "swimlane_points") == []


def test_a_category_leaves_only_its_events(page: Any) -> None:
    _set(page, "filter-category", "SANCTION")
    assert _cards(page) == ["fined"]
    lanes = _items(page, LANES, "swimlane_points")
    assert lanes and {mark["event_type"] for mark in lanes} == {"SANCTION"}
    assert {bar["event_type"] for bar in _items(page, VOLUME, "volume_bars")} == {"SANCTION"}


def test_brushing_dates_on_the_strip_leaves_the_cards_of_those_dates(page: Any) -> None:
    opened = _centre(page, KEY, "key_events_strip", "trigger", "opened")
    criticised = _centre(page, KEY, "key_events_strip", "trigger", "criticised")
    marched = _centre(page, KEY, "key_events_strip", "trigger", "marched")
    fined = _centre(page, KEY, "key_events_strip", "trigger", "fined")
    y = marched["y"]
    page.drag(((opened["x"] + criticised["x"]) / 2, y), ((marched["x"] + fined["x"]) / 2, y))
    page.browser.pump(0.4)
    assert _cards(page) == ["criticised", "replied", "marched", "met"]


def test_brushing_the_overview_zooms_the_lanes(page: Any) -> None:
    domain = """(() => {
      const view = window.chronicle.views["chart-actor-swimlane"];
      const name = Object.keys(view._runtime.scales)
        .find((n) => n.endsWith("_x") && !n.startsWith("swimlane_overview"));
      return view.scale(name).domain().map(Number);
    })()"""
    before = page.evaluate(domain)
    # The overview shares the lanes' axis: drag under Kim's criticism and Acme's fine.
    bars = [
        _centre(page, LANES, "swimlane_points", "trigger", trigger)
        for trigger in ("criticised", "fined")
    ]
    box = page.evaluate(
        """(() => { const bars = document.querySelector(
             "#chart-actor-swimlane .swimlane_overview_marks");
             const r = bars.getBoundingClientRect(); return { y: r.y + r.height - 3 }; })()"""
    )
    page.drag((bars[0]["x"] - 4, box["y"]), (bars[1]["x"] + 4, box["y"]))
    page.browser.pump(0.4)
    after = page.evaluate(domain)
    day = 86_400_000
    march_18, april_30 = 1710720000000, 1714435200000  # midnight UTC
    assert before[0] < march_18 - day < after[0] < march_18
    assert april_30 < after[1] < april_30 + day < before[1]


def test_hovering_a_card_shows_sentence_date_as_written_anchoring_and_source(page: Any) -> None:
    centre = _centre(page, KEY, "key_events_cards", "trigger", "criticised")
    page.mouse_move(centre["x"], centre["y"])
    tooltip = page.wait_for(TOOLTIP, timeout=5)["text"]
    for expected in (
        "Kim criticised Acme on 18 March 2024.",
        "Date as written18 March 2024",
        "How it was datedan explicit date, from its own time expression",
        "SourceWire",
        "DocumentKim criticises Acme",
        "Addresshttps://example.org/n2",
    ):
        assert expected in tooltip, (expected, tooltip)


def test_a_click_opens_the_document_only_when_it_has_an_address(page: Any) -> None:
    browser = page.browser
    before = browser.page_urls()
    centre = _centre(page, KEY, "key_events_cards", "trigger", "marched")  # n3: no address
    page.click(centre["x"], centre["y"])
    browser.pump(0.8)
    assert browser.page_urls() == before
    centre = _centre(page, KEY, "key_events_cards", "trigger", "opened")
    page.click(centre["x"], centre["y"])
    browser.pump(0.8)
    assert "https://example.org/n1" in browser.page_urls()
    browser.close_pages_at("https://example.org/n1")
    # The dashboard itself is where it was: the article opened beside it.
    assert page.evaluate("location.protocol") == "file:"


def test_the_time_axis_covers_the_bulk_and_says_what_is_off_it(page: Any) -> None:
    for view in (KEY, LANES, VOLUME):
        text = page.evaluate(f"{SVG_TEXT}({json.dumps(view)})")
        ticks = [t for t in text if re.fullmatch(r"(\d{1,2} )?[A-Z][a-z]{2} \d{4}", t)]
        assert ticks and all(t.endswith("2024") for t in ticks), (view, text)
        assert not any("1999" in t for t in text)
    volume_text = " ".join(page.evaluate(f"{SVG_TEXT}({json.dumps(VOLUME)})"))
    assert re.search(r"1 event before \d+ \w+ 2024 is off the time axis", volume_text)
    starts = page.evaluate(
        f"""{ITEMS}({json.dumps(VOLUME)}, "volume_bars").map((bar) => new Date(bar.period))
              .map((day) => [day.getUTCFullYear(), day.getUTCDay()])"""
    )
    assert starts and {year for year, _ in starts} == {2024}  # 1999 is not drawn
    # Weeks start on Monday, as DuckDB counts them (not Vega-Lite's Sunday).
    assert {weekday for _, weekday in starts} == {1}


def test_each_category_has_its_own_symbol_and_counts_are_whole_numbers(page: Any) -> None:
    legend = page.evaluate(f"{LEGEND}({json.dumps(LANES)})")
    categories = [entry for entry in legend if entry["label"].isupper()]
    # The eight categories the lanes show (the 1999 founding has no actor, so no lane).
    assert [entry["label"] for entry in categories] == [
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "ACCUSE", "PROTEST", "SANCTION",
        "STATEMENT",
    ]  # fmt: skip
    assert len({(entry["fill"], entry["shape"]) for entry in categories}) == len(categories)
    for view in (KEY, LANES, VOLUME, STORY, "chart-actor-cooccurrence", "chart-actor-counts"):
        text = page.evaluate(f"{SVG_TEXT}({json.dumps(view)})")
        assert not any("NaN" in t for t in text), view
        assert not any(re.fullmatch(r"-?\d+\.\d+", t) for t in text), (view, text)


def test_an_empty_warehouse_says_no_events_yet(browser: Any, tmp_path: Path) -> None:
    from tests.browser.cdp import file_url

    con = connect(tmp_path / "empty.duckdb")
    try:
        dashboard = render_dashboard(con, tmp_path / "charts")
    finally:
        con.close()
    page = browser.open(file_url(dashboard.index_path))
    page.wait_for("window.chronicle && window.chronicle.ready")
    assert page.errors() == []
    for chart in dashboard.charts:
        text = " ".join(page.evaluate(f"{SVG_TEXT}({json.dumps('chart-' + chart.name)})"))
        assert "yet" in text and "NaN" not in text, chart.name
