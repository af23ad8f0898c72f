"""Category colours and shapes (distinct, colour-blind-safe, stable), and the filter
controls (bound by element id, escaped, expressions free of document text)."""

from __future__ import annotations

import re

from presentation import controls
from presentation.palette import QUAD_COLOURS, SHAPES, category_styles
from transforms.resources.loader import language_resources

# Okabe & Ito's palette for colour-vision deficiencies, and a neutral grey.
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
PAYLOAD = '<img src=x onerror="alert(1)">'


def test_every_category_has_its_own_colour_and_shape_pair() -> None:
    categories = list(language_resources("en").plover["quad_classes"])
    styles = category_styles(categories)
    assert [s.category for s in styles][:1] == ["AGREE"]  # verbal cooperation first
    pairs = {(s.colour, s.shape) for s in styles}
    assert len(pairs) == len(categories) == len(styles)
    assert {s.colour for s in styles} <= OKABE_ITO | {QUAD_COLOURS["neutral"]}
    for style in styles:
        assert style.colour == QUAD_COLOURS[style.quad_class]
        assert style.shape in SHAPES


def test_a_category_keeps_its_style_whatever_else_is_shown() -> None:
    alone = {s.category: s for s in category_styles(["ASSAULT"])}
    among = {s.category: s for s in category_styles(["ASSAULT", "PROTEST", "STATEMENT"])}
    assert alone["ASSAULT"] == among["ASSAULT"]


def test_a_category_outside_plover_takes_the_given_class_and_a_free_shape() -> None:
    styles = {
        s.category: s for s in category_styles(["ASSAULT", "RIOT"], {"RIOT": "material conflict"})
    }
    assert styles["RIOT"].colour == styles["ASSAULT"].colour
    assert styles["RIOT"].shape != styles["ASSAULT"].shape
    assert category_styles(["NEWTHING"])[0].quad_class == "neutral"


def test_filters_name_parameters_and_fields_only() -> None:
    expression = controls.event_filter(
        actor_list_field="actor_keys", search_fields=("sentence", "title")
    )
    assert "indexof(datum['actor_keys'] || [], filter_actor)" in expression
    assert "datum['event_type'] == filter_category" in expression
    assert "lower(trim(filter_search))" in expression
    # Every quoted string is a field name or the whitespace pattern.
    quoted = set(re.findall(r"'([^']*)'", expression))
    assert quoted <= {"actor_keys", "event_type", "sentence", "title", "\\\\s+", "g", " "}
    assert controls.event_filter(category_field=None) == "true"


def test_params_are_bound_to_the_page_controls_by_id() -> None:
    params = {p.name: p.param.to_dict() for p in controls.params()}
    assert set(params) == set(controls.CONTROLS)
    assert params[controls.ACTOR]["bind"] == {"element": "#filter-actor", "event": "input"}
    assert params[controls.SEARCH]["bind"]["debounce"] > 0
    assert all(param["value"] == "" for param in params.values())


def test_the_control_bar_escapes_names_and_groups_categories_by_class() -> None:
    actors = [
        controls.ActorOption("person:mallory", PAYLOAD, 3),
        controls.ActorOption('x" onmouseover="alert(1)', "Bob", 12),
    ]
    bar = controls.controls_html(actors, ["ASSAULT", "CONSULT", "PROTEST"])
    assert "<img" not in bar and 'x" onmouseover' not in bar
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; (3)" in bar
    assert 'value="x&quot; onmouseover=&quot;alert(1)"' in bar
    assert bar.count("<select") == 2 and bar.count('type="search"') == 1
    assert bar.index('label="verbal cooperation"') < bar.index('label="material conflict"')
    assert bar.index(">PROTEST<") < bar.index(">ASSAULT<")  # plover.yaml's order
    only = controls.controls_html(actors, [], wanted=(controls.ACTOR,))
    assert "filter-category" not in only and "filter-search" not in only
    assert controls.controls_html(actors, [], wanted=()) == ""
