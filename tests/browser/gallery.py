"""Screenshots of a rendered dashboard for the gallery in docs/, taken in headless Chromium.

    .venv/bin/python -m tests.browser.gallery CHARTS_DIR OUT_DIR NAME [--actor KEY]
        [--search WORDS] [--blur-text]

writes OUT_DIR/NAME-<view>.png: the top of the dashboard (header, controls, key events),
each chart section, and the dashboard with an actor picked and with a search typed, as a
reader would see them. The PNGs are half-scale and deflated again, to stay small.
`--blur-text` blurs the cards' sentences and document titles (dates, categories, actors
and sources stay sharp): a licensed corpus's text must not reach the repository, not even
as pixels.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from presentation.pictures import smaller_png
from tests.browser.cdp import Page, chromium, file_url, find_chromium

SCALE = 0.6
MAX_HEIGHT = 1500  # CSS pixels of one section in a screenshot
SECTIONS = {
    "swimlane": "#section-actor-swimlane",
    "volume": "#section-event-volume",
    "story": "#section-story-timeline",
    "actors": "#section-actor-counts",
}

BOX = """((selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return { x: box.x + window.scrollX, y: box.y + window.scrollY,
           width: box.width, height: box.height };
})"""

# Set a control as a reader would (its value, then the input event the browser fires).
SET_CONTROL = """((id, value) => {
  const control = document.getElementById(id);
  control.value = value;
  control.dispatchEvent(new Event("input", { bubbles: true }));
  return Promise.all(Object.values(window.chronicle.views).map((view) => view.runAsync()))
    .then(() => control.value);
})"""


# The cards' sentences and the documents they were read in (titles), as Vega draws them.
BLUR_TEXT = """(() => {
  const texts = document.querySelectorAll(
    '[class*="_sentences"] text, [class*="_sources"] text');
  texts.forEach((text) => { text.style.filter = "blur(6px)"; });
  return texts.length;
})()"""


def _shot(page: Page, selector: str, until: str | None = None, blur: bool = False) -> bytes:
    """The region from `selector`'s top to `until`'s top (or its own bottom), capped."""
    if blur:
        page.evaluate(BLUR_TEXT)  # each time: a control redraws the cards
    box = page.evaluate(f"{BOX}({json.dumps(selector)})")
    bottom = box["y"] + box["height"]
    if until:
        bottom = page.evaluate(f"{BOX}({json.dumps(until)})")["y"]
    height = min(bottom - box["y"], MAX_HEIGHT)
    clip = {"x": 0, "y": box["y"], "width": 1180, "height": height, "scale": SCALE}
    return smaller_png(page.screenshot(clip))


def take(
    charts: Path,
    out: Path,
    name: str,
    actor: str | None,
    search: str | None,
    blur_text: bool = False,
) -> list[Path]:
    executable = find_chromium()
    if executable is None:
        raise SystemExit("the gallery needs Chromium (/usr/bin/chromium)")
    out.mkdir(parents=True, exist_ok=True)
    shots: dict[str, bytes] = {}
    with chromium(executable) as browser:
        page = browser.open(file_url(charts / "index.html"))
        page.wait_for("window.chronicle && window.chronicle.ready")
        browser.pump(0.5)
        shots["top"] = _shot(page, "body", "#section-actor-swimlane", blur_text)
        for view, selector in SECTIONS.items():
            shots[view] = _shot(page, selector, blur=blur_text)
        if actor:
            page.evaluate(f"{SET_CONTROL}('filter-actor', {json.dumps(actor)})")
            browser.pump(0.5)
            shots["actor"] = _shot(page, "#filters", "#section-event-volume", blur_text)
            page.evaluate(f"{SET_CONTROL}('filter-actor', '')")
        if search:
            page.evaluate(f"{SET_CONTROL}('filter-search', {json.dumps(search)})")
            browser.pump(0.8)
            shots["search"] = _shot(page, "#filters", "#section-actor-swimlane", blur_text)
    written = []
    for view, png in shots.items():
        path = out / f"{name}-{view}.png"
        path.write_bytes(png)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("charts", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("name")
    parser.add_argument("--actor", help="an actor key to pick in the actor control")
    parser.add_argument("--search", help="words to type in the search box")
    parser.add_argument(
        "--blur-text", action="store_true", help="blur the cards' sentences and titles"
    )
    args = parser.parse_args()
    for path in take(
        args.charts, args.out, args.name, args.actor, args.search, blur_text=args.blur_text
    ):
        print(f"{path} {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
