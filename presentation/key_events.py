"""The key-events timeline: the dashboard's first view, and the "One story" chart.

Rows come from `warehouse/queries/key_events.sql` (one per card: for the corpus a key
date's sentence of the key-event timeline, for a story its key events' dates; the columns
are documented there). The chart is two views over the same rows:

* a strip over an honest time axis (`timeaxis.py`) with a point per key event, on which a
  reader drags a brush to pick dates;
* under it, one card per key event in date order: the date, the category's symbol, the
  sentence saying what happened (wrapped, up to three lines), the actors, and the
  document it was read in. A click on a card opens the document's address when it has one
  (`href`); hovering shows the sentence whole, the date as written, how it was anchored
  and the source.

Both views follow the page's controls (actor, category, search) and the cards follow the
brush. Both hold the key events on the time axis (the subtitle counts those off it). At
most `max_cards` cards are drawn, the highest-ranked of those the filters let through, so
filtering brings the others into view.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import altair as alt

from presentation import controls
from presentation.chartkit import RESIZING, empty_chart, link, titled, tooltip
from presentation.palette import QUAD_COLOURS, category_colour, category_shape, category_styles
from presentation.timeaxis import TimeDomain, count_outside, outside_note
from presentation.values import as_date, day_label, how_anchored

CARDS_WIDTH = 860
CARD_STEP = 112  # pixels per card: three lines of sentence, actors, source
CARD_LINE_CHARS = 96  # characters per sentence line at 13 px in the text column
CARD_LINES = 3
TEXT_X = 170
SYMBOL_X = 150
MAX_CARDS = 25
STRIP_HEIGHT = 70
LINK_COLOUR = "#0b57d0"
KEY_TOOLTIP = (
    ("date_label", "Date"),
    ("date_text", "Date as written"),
    ("anchoring", "How it was dated"),
    ("trigger", "Event"),
    ("event_type", "Category"),
    ("actors_text", "Actors"),
    ("sentence", "Sentence"),
    ("document", "Document"),
    ("source", "Source"),
    ("url", "Address"),
)
SEARCHED = ("sentence", "document", "actors_text", "trigger", "source")


def _wrapped(sentence: str) -> str:
    lines = textwrap.wrap(sentence, CARD_LINE_CHARS) or [""]
    if len(lines) > CARD_LINES:
        lines = lines[:CARD_LINES]
        lines[-1] = lines[-1][: CARD_LINE_CHARS - 1].rstrip() + "…"
    return "\n".join(lines)


def _web_address(url: Any) -> str | None:
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


def card_rows(rows: Sequence[Mapping[str, Any]], domain: TimeDomain | None) -> list[dict]:
    """The rows the chart embeds: only what its marks, tooltips and filters read."""
    values = []
    for row in rows:
        day = as_date(row.get("date_start"))
        if day is None:
            continue
        actors = [str(name) for name in row.get("actors") or ()]
        url = _web_address(row.get("url"))
        source, title = row.get("source"), row.get("title")
        published = as_date(row.get("published"))
        document = title or (f"{source or 'Document'} of {published}" if published else None)
        read_in = " · ".join(str(part) for part in (source, title) if part) or str(row["doc_id"])
        values.append(
            {
                "date": day.isoformat(),
                "date_label": day_label(day, row.get("date_precision")),
                "date_text": row.get("date_text") or "(none written)",
                "anchoring": how_anchored(
                    row.get("date_basis"), row.get("anchor_basis"), row.get("published")
                ),
                "rank": int(row.get("rank") or 0),
                "trigger": row.get("trigger"),
                "event_type": row.get("event_type"),
                "quad_class": row.get("quad_class") or "neutral",
                "sentence": row.get("sentence") or "",
                "card_text": _wrapped(str(row.get("sentence") or "")),
                "actors_text": ", ".join(actors) if actors else "no actor named",
                "actor_keys": [str(key) for key in row.get("actor_keys") or ()],
                "document": document or str(row["doc_id"]),
                "source": source,
                "read_in": ("↗ " if url else "") + read_in,
                "url": url,
                "on_axis": domain.contains(day) if domain else True,
            }
        )
    return values


def key_event_timeline(
    rows: Sequence[Mapping[str, Any]],
    *,
    name: str,
    title: str,
    domain: TimeDomain | None,
    notes: Sequence[str] = (),
    max_cards: int = MAX_CARDS,
) -> alt.TopLevelMixin:
    """The strip and the cards (see the module); an empty chart saying so without rows."""
    values = card_rows(rows, domain)
    if not values or domain is None:
        return empty_chart(name, title, "No key events yet")
    days = (date.fromisoformat(value["date"]) for value in values)
    before, after = count_outside(((day, day, 1) for day in days), domain)
    shown = min(len(values), max_cards)
    lines = [
        f"{len(values):,} key events; the {shown} highest-ranked on the time axis that the "
        "filters let through are shown as cards, in date order. Drag on the strip to pick "
        "dates; click a card to open its article.",
        *notes,
        outside_note(before, after, domain, "key events"),
    ]
    styles = category_styles(v["event_type"] for v in values)
    filters = controls.event_filter(actor_list_field="actor_keys", search_fields=SEARCHED)
    brush = alt.selection_interval(encodings=["x"], name=f"{name.replace('-', '_')}_brush")
    tips = tooltip(KEY_TOOLTIP)

    strip = (
        alt.Chart()
        .mark_point(filled=True, size=90, opacity=0.9, clip=True, cursor="pointer")
        .encode(
            x=alt.X("date:T", title=None, scale=domain.scale(), axis=domain.axis()),
            y=alt.Y("quad_class:N", title=None, sort=list(QUAD_COLOURS), axis=None),
            color=category_colour(styles),
            shape=category_shape(styles),
            tooltip=tips,
            href=link(),
        )
        .transform_filter(filters)
        .transform_filter("datum.on_axis")
        .add_params(brush)
        .properties(name=f"{name}_strip", width=CARDS_WIDTH, height=STRIP_HEIGHT)
    )

    # A gap between cards: the band's inner padding, as a share of a card's step.
    rows = alt.Scale(paddingInner=0.08, paddingOuter=0.04)
    slot = alt.Y("slot:O", axis=None, bandPosition=0, scale=rows)
    bottom = alt.Y("slot:O", axis=None, bandPosition=1, scale=rows)
    card = alt.Chart().encode(y=slot, tooltip=tips, href=link())
    layers = [
        card.mark_rect(fill="#f4f5f7", cornerRadius=4, cursor="pointer")
        .encode(x=alt.value(0), x2=alt.value(CARDS_WIDTH), y=alt.Y("slot:O", axis=None, scale=rows))
        .properties(name=f"{name}_cards"),
        card.mark_text(align="left", baseline="top", fontWeight="bold", fontSize=12, dy=10)
        .encode(x=alt.value(10), text="date_label:N")
        .properties(name=f"{name}_dates"),
        card.mark_text(align="left", baseline="top", fontSize=10, fill="#666", dy=28)
        .encode(x=alt.value(10), text="event_type:N")
        .properties(name=f"{name}_categories"),
        card.mark_point(filled=True, size=110, opacity=1, yOffset=17)
        .encode(
            x=alt.value(SYMBOL_X),
            color=category_colour(styles),
            shape=category_shape(styles),
        )
        .properties(name=f"{name}_symbols"),
        card.mark_text(
            align="left", baseline="top", fontSize=13, lineHeight=16, lineBreak="\n", dy=9
        )
        .encode(x=alt.value(TEXT_X), text="card_text:N")
        .properties(name=f"{name}_sentences"),
        card.mark_text(align="left", baseline="bottom", fontSize=11, fill="#444", dy=-24)
        .encode(x=alt.value(TEXT_X), y=bottom, text="actors_text:N")
        .properties(name=f"{name}_actors"),
        card.mark_text(align="left", baseline="bottom", fontSize=11, dy=-8, limit=660)
        .encode(
            x=alt.value(TEXT_X),
            y=bottom,
            text="read_in:N",
            # Blue only where a click opens something.
            color=alt.condition("isValid(datum.url)", alt.value(LINK_COLOUR), alt.value("#444")),
        )
        .properties(name=f"{name}_sources"),
    ]
    cards = (
        alt.layer(*layers)
        .transform_filter(filters)
        .transform_filter("datum.on_axis")
        .transform_filter(brush)
        .transform_window(card_rank="row_number()", sort=[alt.SortField("rank")])
        .transform_filter(f"datum.card_rank <= {int(max_cards)}")
        .transform_window(slot="row_number()", sort=[alt.SortField("date"), alt.SortField("rank")])
        .properties(width=CARDS_WIDTH, height=alt.Step(CARD_STEP))
    )
    # The controls' parameters go to each part before they are put together: given to the
    # whole, Altair copies it and combines its parts' parameters a second time (0.3 s).
    parts = [part.add_params(*controls.params()) for part in (strip, cards)]
    return (
        alt.vconcat(*parts, data=alt.Data(values=values), spacing=16)
        .resolve_scale(color="shared", shape="shared")
        .properties(title=titled(title, lines), autosize=RESIZING)
    )
