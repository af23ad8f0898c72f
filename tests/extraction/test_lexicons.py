"""Resource loading: only bare language codes and resource names become paths, and every
file is checked against its schema, the error naming the file, the key and the rule."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from transforms.extraction.timex.grammar import compile_rules
from transforms.resources import loader
from transforms.resources.loader import (
    ResourceError,
    language_resources,
    languages,
    load_resource,
    wire_resource,
)


def test_a_known_resource_loads() -> None:
    assert "countries" in load_resource("en", "gazetteer.yaml")


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("../en", "actors.yaml"),
        ("en/../en", "actors.yaml"),
        ("en", "../en/actors.yaml"),
        ("EN", "actors.yaml"),
        ("en", "actors.py"),
        ("en", "unknown.yaml"),
    ],
)
def test_anything_else_is_refused_before_touching_the_disk(language: str, name: str) -> None:
    with pytest.raises(ValueError, match="not a resource"):
        load_resource(language, name)


def test_a_missing_language_says_which() -> None:
    with pytest.raises(FileNotFoundError, match="'xx'"):
        load_resource("xx", "actors.yaml")
    with pytest.raises(FileNotFoundError, match="'xx'.*available: en"):
        language_resources("xx")


def test_the_languages_are_the_folders_present() -> None:
    assert languages() == ("en",)
    assert language_resources("en").language == "en"


def test_wire_rules_come_without_their_examples() -> None:
    wire = wire_resource("en")
    assert "examples" not in wire and "examples" not in wire["byline"]
    assert all(isinstance(pattern, str) for pattern in wire["trailer_patterns"])


# ---- a copy of the English folder, edited, as another language -----------------------------

Edit = Callable[[str, Callable[[Any], None]], None]


@pytest.fixture
def language_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Edit]:
    """The English resources copied as language "zz" under a temporary root; `edit(name,
    change)` rewrites one of its files through `change(data)`."""
    shutil.copytree(loader.RESOURCES / "en", tmp_path / "zz")
    monkeypatch.setattr(loader, "RESOURCES", tmp_path)
    _clear_caches()

    def edit(name: str, change: Callable[[Any], None]) -> None:
        path = tmp_path / "zz" / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    yield edit
    _clear_caches()


def _clear_caches() -> None:
    loader.languages.cache_clear()
    loader.load_resource.cache_clear()
    loader.language_resources.cache_clear()


def test_a_copied_folder_is_a_language_and_loads(language_copy: Edit) -> None:
    assert languages() == ("zz",)
    assert language_resources("zz").timex["rules"]


def test_an_unknown_key_names_the_file_and_the_key(language_copy: Edit) -> None:
    language_copy("events.yaml", lambda data: data.update(reportng_verbs=["say"]))
    with pytest.raises(ResourceError, match=r"zz/events.yaml: unknown key 'reportng_verbs'"):
        language_resources("zz")


def test_a_missing_key_names_the_file_and_the_key(language_copy: Edit) -> None:
    language_copy("actors.yaml", lambda data: data.pop("place_suffixes"))
    with pytest.raises(ResourceError, match=r"zz/actors.yaml: missing required key 'place_s"):
        language_resources("zz")


def test_a_rule_is_named_in_the_error(language_copy: Edit) -> None:
    def misspell(data: dict[str, Any]) -> None:
        rule = next(r for r in data["rules"] if r["name"] == "weekday")
        rule["normalizer"] = rule.pop("normaliser")

    language_copy("timex.yaml", misspell)
    with pytest.raises(ResourceError, match=r"rules\['weekday'\]: unknown key 'normalizer'"):
        language_resources("zz")


def test_a_rule_without_its_required_key_is_named(language_copy: Edit) -> None:
    language_copy("timex.yaml", lambda data: data["rules"][0].pop("type"))
    with pytest.raises(ResourceError, match=r"rules\['iso_date'\]: missing required key 'type'"):
        language_resources("zz")


def test_a_value_of_the_wrong_kind_is_named(language_copy: Edit) -> None:
    language_copy("timex.yaml", lambda data: data["rules"][0].update(type="MOMENT"))
    with pytest.raises(ResourceError, match=r"rules\['iso_date'\].type: 'MOMENT' is not one of"):
        language_resources("zz")


def test_a_word_yaml_reads_as_a_boolean_is_refused_with_a_hint(language_copy: Edit) -> None:
    language_copy("events.yaml", lambda data: data["negators"].append(True))
    with pytest.raises(ResourceError, match=r"negators\[\d+\]: expected a string.*quote the"):
        language_resources("zz")


def test_a_regex_rule_needs_an_example_it_matches(language_copy: Edit) -> None:
    language_copy("wire.yaml", lambda data: data["trailer_patterns"][0]["examples"].pop("match"))
    with pytest.raises(ResourceError, match=r"trailer_patterns\[0\].examples: missing required"):
        language_resources("zz")


def test_a_file_the_schema_does_not_know_is_an_error(language_copy: Edit) -> None:
    (loader.RESOURCES / "zz" / "extra.yaml").write_text("words: []\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"zz/extra.yaml: not a resource file"):
        language_resources("zz")


# ---- what the rules name must exist ---------------------------------------------------------


def _english_grammar_with(change: Callable[[dict[str, Any]], None]) -> Any:
    grammar = copy.deepcopy(language_resources("en").timex)
    change(grammar["rules"][0])
    return grammar


def test_a_rule_naming_an_unknown_normaliser_is_a_load_error_naming_the_rule() -> None:
    grammar = _english_grammar_with(lambda rule: rule.update(normaliser="explicit_dayy"))
    with pytest.raises(ResourceError, match=r"rules\['iso_date'\]: unknown normaliser 'explicit_"):
        compile_rules(grammar)


def test_a_rule_naming_an_unknown_trigger_or_lexicon_is_named() -> None:
    grammar = _english_grammar_with(lambda rule: rule.update(triggers=["lexicon:months"]))
    with pytest.raises(ResourceError, match=r"rules\['iso_date'\]: unknown triggers"):
        compile_rules(grammar)
    grammar = _english_grammar_with(lambda rule: rule.update(pattern="{monthz} {day}"))
    with pytest.raises(ResourceError, match=r"rules\['iso_date'\]: unknown lexicon or macro"):
        compile_rules(grammar)


def test_only_decorated_functions_are_normalisers() -> None:
    from transforms.extraction.timex.normalisers import NORMALISERS, normaliser, yearless

    assert callable(yearless.holiday_date) and "holiday_date" not in NORMALISERS
    rules = language_resources("en").timex["rules"]
    assert set(NORMALISERS) == {rule["normaliser"] for rule in rules}
    with pytest.raises(ValueError, match="two normalisers are named 'weekday'"):
        normaliser("weekday")(lambda fields, context: None)
