"""Colours and shapes every chart gives an event category, and the colours of actor types.

Nineteen PLOVER categories cannot each get a colour a colour-blind reader tells apart, so
each category takes the hue of its quad class (verbal or material, cooperation or
conflict, or neutral: five Okabe-Ito colours, safe for the common colour-vision
deficiencies) and, within its class, a shape of its own. A category keeps its colour and
shape whatever else a chart shows, because both come from `plover.yaml`, not from the
rows. Marks without a shape (bars) use the quad-class colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import altair as alt

from transforms.resources.loader import language_resources

# Okabe & Ito (2008), "Color Universal Design": cooperation blue-green, conflict orange-red.
QUAD_COLOURS = {
    "verbal cooperation": "#56B4E9",  # sky blue
    "material cooperation": "#009E73",  # bluish green
    "verbal conflict": "#E69F00",  # orange
    "material conflict": "#D55E00",  # vermillion
    "neutral": "#8C8C8C",  # grey: statements and unclassified events stay in the background
}
UNKNOWN_QUAD_COLOUR = "#CC79A7"  # reddish purple: a quad class the palette does not know
# Shapes by a category's place within its quad class (at most six per class in PLOVER).
SHAPES = (
    "circle",
    "square",
    "triangle-up",
    "diamond",
    "cross",
    "triangle-down",
    "triangle-left",
    "triangle-right",
)
ACTOR_TYPE_COLOURS = {
    "person": "#0072B2",  # blue
    "organisation": "#E69F00",  # orange
    "country": "#009E73",  # bluish green
    "place": "#CC79A7",  # reddish purple
}


@dataclass(frozen=True)
class CategoryStyle:
    category: str
    quad_class: str
    colour: str
    shape: str


@cache
def _plover_quads() -> dict[str, str]:
    """Category -> quad class, in plover.yaml's order."""
    return dict(language_resources("en").plover["quad_classes"])


def category_styles(
    categories: Iterable[str], quad_of: Mapping[str, str] | None = None
) -> list[CategoryStyle]:
    """A style per category, ordered by quad class (as in QUAD_COLOURS), then as listed in
    plover.yaml. A category's shape is its place among its class's categories in
    plover.yaml, so it never changes with the data; `quad_of` gives the class of
    categories plover.yaml does not list (they take the shapes after the known ones)."""
    known = _plover_quads()
    extra_quads = dict(quad_of or {})

    def quad(category: str) -> str:
        return known.get(category) or extra_quads.get(category) or "neutral"

    order = {category: index for index, category in enumerate(known)}
    wanted = sorted(
        set(categories), key=lambda c: (_quad_rank(quad(c)), order.get(c, len(order)), c)
    )
    unknown = [c for c in wanted if c not in known]
    styles = []
    for category in wanted:
        members = [c for c in known if known[c] == quad(category)]
        members += [c for c in unknown if quad(c) == quad(category)]
        shape = SHAPES[members.index(category) % len(SHAPES)]
        colour = QUAD_COLOURS.get(quad(category), UNKNOWN_QUAD_COLOUR)
        styles.append(CategoryStyle(category, quad(category), colour, shape))
    return styles


def _quad_rank(quad: str) -> int:
    quads = list(QUAD_COLOURS)
    return quads.index(quad) if quad in quads else len(quads)


def category_colour(
    styles: list[CategoryStyle], field: str = "event_type", title: str = "Category"
) -> alt.Color:
    """Colour by category with the quad-class hues; with `category_shape` over the same
    styles, Vega-Lite draws one legend whose symbols carry both."""
    return alt.Color(
        f"{field}:N",
        title=title,
        scale=alt.Scale(domain=[s.category for s in styles], range=[s.colour for s in styles]),
        legend=alt.Legend(symbolStrokeWidth=0, symbolOpacity=1) if styles else None,
    )


def category_shape(
    styles: list[CategoryStyle], field: str = "event_type", title: str = "Category"
) -> alt.Shape:
    return alt.Shape(
        f"{field}:N",
        title=title,
        scale=alt.Scale(domain=[s.category for s in styles], range=[s.shape for s in styles]),
        legend=alt.Legend() if styles else None,
    )


def quad_colour(quads: Iterable[str], field: str = "quad_class") -> alt.Color:
    """Colour by quad class (for bars, which carry no shape); the legend lists the classes
    present, in the palette's order."""
    present = sorted(set(quads), key=_quad_rank)
    return alt.Color(
        f"{field}:N",
        title="Kind of event",
        scale=alt.Scale(
            domain=present, range=[QUAD_COLOURS.get(q, UNKNOWN_QUAD_COLOUR) for q in present]
        ),
        legend=alt.Legend() if present else None,
    )


def actor_type_colour(types: Iterable[str], field: str = "actor_type") -> alt.Color:
    held = set(types)
    present = [t for t in ACTOR_TYPE_COLOURS if t in held]
    return alt.Color(
        f"{field}:N",
        title="Actor type",
        scale=alt.Scale(domain=present, range=[ACTOR_TYPE_COLOURS[t] for t in present]),
        legend=alt.Legend() if present else None,
    )
