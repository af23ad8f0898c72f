"""The key-events timeline: a strip on the honest time axis with a brush, and cards in date
order carrying the date, the sentence, the actors and the source, each a link when the
document has a web address."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from presentation import controls
from presentation.key_events import CARD_LINES, MAX_CARDS, card_rows, key_event_timeline
from presentation.timeaxis import time_domain

LINK_TEST = "isValid(datum['url']) && datum['url'] != ''"
LINK = {
    "condition": {"test": LINK_TEST, "field": "url", "type": "nominal"},
    "value": None,
}
DOMAIN = time_domain(date(2024, 3, 1), date(2024, 5, 31))


def _row(rank: int, day: date, **extra: Any) -> dict[str, Any]:
    return {
        "rank": rank,
        "date_start": day,
        "date_precision": "day",
        "date_text": "on Friday",
        "date_basis": "relative",
        "anchor_basis": "governing",
        "published": date(2024, 5, 11),
        "trigger": "met",
        "event_type": "CONSULT",
        "quad_class": "verbal cooperation",
        "sentence": "Kim met Putin on Friday.",
        "actors": ["Kim", "Putin"],
        "actor_keys": ["person:kim", "person:putin"],
        "doc_id": f"d{rank}",
        "title": "Summit",
        "source": "Wire",
        "url": "https://example.org/summit",
        **extra,
    }


def test_cards_carry_the_date_sentence_actors_source_and_how_it_was_dated() -> None:
    (card,) = card_rows([_row(1, date(2024, 5, 10))], DOMAIN)
    assert card["date_label"] == "Fri 10 May 2024"
    assert card["card_text"] == "Kim met Putin on Friday."
    assert card["actors_text"] == "Kim, Putin"
    assert card["actor_keys"] == ["person:kim", "person:putin"]
    assert card["read_in"] == "↗ Wire · Summit"
    assert card["url"] == "https://example.org/summit"
    assert card["anchoring"] == (
        "relative to the publication date (11 May 2024), from its own time expression"
    )
    assert card["on_axis"] is True


def test_a_card_says_how_an_implied_date_was_reached() -> None:
    lead, narrative = card_rows(
        [
            _row(1, date(2024, 5, 11), date_text=None, date_basis="dct", anchor_basis="lead"),
            _row(2, date(2024, 5, 10), date_text=None, anchor_basis="previous"),
        ],
        DOMAIN,
    )
    assert lead["date_text"] == narrative["date_text"] == "(none written)"
    assert lead["anchoring"].startswith("the publication date (11 May 2024), from the lead")
    assert narrative["anchoring"].endswith(
        "from an earlier sentence (implied: the story goes on from the day it set)"
    )


def test_only_web_addresses_become_links_and_long_sentences_wrap() -> None:
    long = "word " * 120
    (card,) = card_rows(
        [_row(1, date(2024, 5, 10), url="javascript:alert(1)", sentence=long, actors=[])],
        DOMAIN,
    )
    assert card["url"] is None and not card["read_in"].startswith("↗")
    lines = card["card_text"].split("\n")
    assert len(lines) == CARD_LINES and lines[-1].endswith("…")
    assert card["sentence"] == long  # the tooltip and the search keep it whole
    assert card["actors_text"] == "no actor named"


def test_a_key_event_off_the_axis_leaves_the_strip_and_the_cards_and_is_counted() -> None:
    rows = [_row(1, date(2024, 5, 10)), _row(2, date(1999, 7, 4))]
    spec = key_event_timeline(rows, name="key", title="Key events", domain=DOMAIN).to_dict()
    values = spec["data"]["values"]
    assert [v["on_axis"] for v in values] == [True, False]
    strip, cards = spec["vconcat"]
    assert {"filter": "datum.on_axis"} in strip["transform"]
    assert {"filter": "datum.on_axis"} in cards["transform"]
    assert "1 key event before" in spec["title"]["subtitle"][-1]


def test_the_strip_brush_and_the_controls_filter_the_cards() -> None:
    spec = key_event_timeline(
        [_row(1, date(2024, 5, 10))], name="key-events", title="K", domain=DOMAIN
    ).to_dict()
    strip, cards = spec["vconcat"]
    assert strip["mark"]["type"] == "point" and strip["name"] == "key-events_strip"
    assert strip["encoding"]["x"]["axis"]["format"] == DOMAIN.label_format == "%-d %b %Y"
    assert strip["encoding"]["href"] == LINK
    transforms = cards["transform"]
    filters = transforms[0]["filter"]
    assert "indexof(datum['actor_keys'] || [], filter_actor)" in filters
    assert "datum['event_type'] == filter_category" in filters
    assert "filter_search" in filters and "datum['sentence']" in filters
    assert transforms[1] == {"filter": "datum.on_axis"}
    assert transforms[2] == {"filter": {"param": "key_events_brush"}}
    # The best-ranked cards that pass, then laid out in date order.
    assert transforms[4] == {"filter": f"datum.card_rank <= {MAX_CARDS}"}
    assert transforms[5]["sort"] == [{"field": "date"}, {"field": "rank"}]
    # Altair may number layer names ("_1"); Vega then calls the mark "<name>_marks".
    names = {re.sub(r"_\d+$", "", layer["name"]) for layer in cards["layer"]}
    assert names == {
        f"key-events_{part}"
        for part in ("cards", "dates", "categories", "symbols", "sentences", "actors", "sources")
    }
    for layer in cards["layer"]:
        assert layer["encoding"]["href"] == LINK
        tips = {item["field"] for item in layer["encoding"]["tooltip"]}
        assert {"sentence", "date_text", "anchoring", "source"} <= tips
    params = {param["name"] for param in spec["params"]}
    assert params == {*controls.CONTROLS, "key_events_brush"}
