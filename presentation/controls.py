"""The filter controls every event chart listens to: an actor select, a category select and
a text search, drawn once above the charts and bound to each chart's Vega parameters.

Each control is a plain HTML element of the page (built here, every option escaped); a
chart declares a parameter bound to it with Vega's direct binding (`BindDirect`, by
element id), so one control drives every chart on the page with no script of ours and no
network. The filter expressions name only parameters and fields: document text reaches
Vega as data values, never as expression source.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt

from presentation.palette import category_styles

ACTOR = "filter_actor"
CATEGORY = "filter_category"
SEARCH = "filter_search"
CONTROLS = (ACTOR, CATEGORY, SEARCH)
_ELEMENT_IDS = {ACTOR: "filter-actor", CATEGORY: "filter-category", SEARCH: "filter-search"}
RESET_ID = "filter-reset"
# Waiting this long after the last keystroke before filtering keeps typing smooth.
SEARCH_DEBOUNCE_MS = 150


def element_id(control: str) -> str:
    return _ELEMENT_IDS[control]


def params(*controls: str) -> list[alt.Parameter]:
    """Vega-Lite parameters bound to the page's controls (all of them by default)."""
    chosen = controls or CONTROLS
    return [
        alt.param(
            name=control,
            value="",
            bind=alt.BindDirect(
                element=f"#{element_id(control)}",
                event="input",
                **({"debounce": SEARCH_DEBOUNCE_MS} if control == SEARCH else {}),
            ),
        )
        for control in chosen
    ]


def _text_of(fields: Sequence[str]) -> str:
    # Line breaks inserted to wrap a card's text must not stop a search across them.
    joined = ", ".join(f"datum[{field!r}]" for field in fields)
    return f"replace(lower(join([{joined}], ' ')), regexp('\\\\s+', 'g'), ' ')"


def event_filter(
    *,
    actor_field: str | None = None,
    actor_list_field: str | None = None,
    actor_slice_field: str | None = None,
    category_field: str | None = "event_type",
    search_fields: Sequence[str] = (),
) -> str:
    """A Vega expression true for the rows the controls let through; an empty control lets
    every row through.

    The actor may be one key per row (`actor_field`: a swimlane mark), a list of the keys
    an event names (`actor_list_field`: a key-event card), or a slice of counts made in the
    warehouse (`actor_slice_field`: a volume row counted for one actor, or for all of them
    where the key is ""), of which only the chosen actor's slice is shown.
    """
    terms = []
    if actor_field:
        terms.append(f"(!{ACTOR} || datum[{actor_field!r}] == {ACTOR})")
    if actor_list_field:
        terms.append(f"(!{ACTOR} || indexof(datum[{actor_list_field!r}] || [], {ACTOR}) >= 0)")
    if actor_slice_field:
        terms.append(f"datum[{actor_slice_field!r}] == {ACTOR}")
    if category_field:
        terms.append(f"(!{CATEGORY} || datum[{category_field!r}] == {CATEGORY})")
    if search_fields:
        needle = f"lower(trim({SEARCH}))"
        terms.append(f"(!trim({SEARCH}) || indexof({_text_of(search_fields)}, {needle}) >= 0)")
    return " && ".join(terms) or "true"


@dataclass(frozen=True)
class ActorOption:
    actor_key: str
    name: str
    events: int


def _attr(value: Any) -> str:
    return html.escape(str(value), quote=True)


def controls_html(
    actors: Sequence[ActorOption],
    categories: Iterable[str],
    quad_of: Mapping[str, str] | None = None,
    *,
    wanted: Sequence[str] = CONTROLS,
) -> str:
    """The control bar: selects of the actors and categories the charts can show, a search
    box and a reset button. Only the controls in `wanted` (those a page's charts use)."""
    parts = []
    if ACTOR in wanted:
        options = "".join(
            f'<option value="{_attr(actor.actor_key)}">{_attr(actor.name)} ({actor.events:,})'
            "</option>"
            for actor in actors
        )
        parts.append(
            f'<label>Actor <select id="{element_id(ACTOR)}">'
            f'<option value="">All actors</option>{options}</select></label>'
        )
    if CATEGORY in wanted:
        groups: dict[str, list[str]] = {}
        for style in category_styles(categories, quad_of):
            groups.setdefault(style.quad_class, []).append(style.category)
        optgroups = "".join(
            f'<optgroup label="{_attr(quad)}">'
            + "".join(f'<option value="{_attr(c)}">{_attr(c)}</option>' for c in members)
            + "</optgroup>"
            for quad, members in groups.items()
        )
        parts.append(
            f'<label>Category <select id="{element_id(CATEGORY)}">'
            f'<option value="">All categories</option>{optgroups}</select></label>'
        )
    if SEARCH in wanted:
        parts.append(
            f'<label>Search <input type="search" id="{element_id(SEARCH)}" '
            'placeholder="words in the sentence, title or actors" autocomplete="off" '
            'size="32"></label>'
        )
    if not parts:
        return ""
    parts.append(f'<button type="button" id="{RESET_ID}">Show all</button>')
    return '<div class="filters" id="filters" role="search">' + "".join(parts) + "</div>"
