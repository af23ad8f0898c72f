"""Every example written in the rule files, run: one parametrised test, one case an example.

A timex rule's example is a sentence the tagger must read as the example says, and the rule
must be what gives that reading (without the rule, the tagger does not). A regular
expression's examples are lines it must find, and lines it must not, tried the way the
engine that compiles it tries it. The examples live next to the rules (transforms/resources/
<language>/*.yaml): adding a rule means adding its examples there, not here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from unittest import mock

import pytest

from transforms.extraction.timex import matching, tag
from transforms.extraction.timex.grammar import cues, load_rules
from transforms.extraction.timex.triggers import trigger_groups
from transforms.ingestion.documents import clean, wire_rules
from transforms.ingestion.lines import line_kind, line_rules, prefix_end
from transforms.ingestion.wire import dateline_match
from transforms.model import Document, SourceText
from transforms.resources.loader import language_resources, languages
from transforms.resources.schema import PatternExamples, TimexExample

Check = Callable[[], None]


def _timex_check(rule_name: str, example: TimexExample) -> Check:
    def check() -> None:
        dct = date.fromisoformat(example["dct"]) if "dct" in example else None
        wanted = (example["timex"], example["value"], example["type"], example.get("mod"))

        def readings() -> list[tuple[str, str, str, str | None]]:
            return [(t.text, t.value, t.type, t.mod) for t in tag(example["text"], dct)]

        found = readings()
        assert wanted in found, f"{rule_name}: {example['text']!r} gave {found}"
        others = tuple(rule for rule in load_rules() if rule.name != rule_name)
        with mock.patch.object(matching, "load_rules", lambda: others):
            assert wanted not in readings(), f"{rule_name} is not what reads it so"

    return check


def _pattern_check(
    pattern: re.Pattern[str], how: str, examples: PatternExamples, where: str
) -> Iterator[tuple[str, Check]]:
    """`how` is the method the engine applies: search, match or fullmatch."""
    apply = getattr(pattern, how)
    for should_match, lines in ((True, examples["match"]), (False, examples.get("no_match", []))):
        for line in lines:

            def check(line: str = line, should_match: bool = should_match) -> None:
                found = apply(line) is not None
                assert found == should_match, (
                    f"{where}: {line!r} should {'' if should_match else 'not '}{how}"
                )

            yield f"{where}:{'match' if should_match else 'no_match'}:{line}", check


def _line_kind_check(
    language: str, kind: str, examples: PatternExamples, where: str
) -> Iterator[tuple[str, Check]]:
    """A line-kind rule's examples, classified as the layout classifies a page's lines: a
    `match` line must come out as that kind (no earlier kind takes it), a `no_match` line
    must not."""
    for should_match, lines in ((True, examples["match"]), (False, examples.get("no_match", []))):
        for line in lines:

            def check(line: str = line, should_match: bool = should_match) -> None:
                found = line_kind(line, line_rules(language))
                assert (found == kind) == should_match, f"{where}: {line!r} is {found}"

            yield f"{where}:{'match' if should_match else 'no_match'}:{line}", check


def _prefix_check(language: str, examples: PatternExamples) -> Iterator[tuple[str, Check]]:
    """A line prefix's examples: furniture opening a line that goes on with the story."""
    for should_match, lines in ((True, examples["match"]), (False, examples.get("no_match", []))):
        for line in lines:

            def check(line: str = line, should_match: bool = should_match) -> None:
                found = prefix_end(line, line_rules(language)) is not None
                assert found == should_match, f"prefix: {line!r}"

            yield f"prefix:{'match' if should_match else 'no_match'}:{line}", check


def _page_stamp_check(language: str, page: str, day: str | None) -> Check:
    """A page with no `published` metadata is dated by its own stamp as the example says."""

    def check() -> None:
        document = clean(SourceText("page.txt", page, {"language": language}))
        assert isinstance(document, Document), document
        found = document.dct.isoformat() if document.dct else None
        assert found == day, f"page stamp: {page!r} gave {found}"
        assert document.dct_basis == ("dateline" if day else "none")

    return check


def _cases() -> Iterator[tuple[str, Check]]:
    for language in languages():
        resources = language_resources(language)
        for rule in resources.timex["rules"]:
            for index, example in enumerate(rule["examples"]):
                yield (
                    f"{language}/timex:{rule['name']}:{index}",
                    _timex_check(rule["name"], example),
                )
        # Cues are searched for in the text before an expression, except the two tried
        # where it ends (engine: normalising._modal_cue_tense, matching.in_title).
        compiled = cues()
        for name, rule in resources.timex["cues"].items():
            how = "match" if name in ("possessive", "title_tail") else "search"
            yield from _pattern_check(getattr(compiled, name), how, rule["examples"], f"cue {name}")
        for name, shape in resources.timex["triggers"]["digits"].items():
            pattern = trigger_groups()[f"digits:{name}"]  # tried where a run of digits starts
            yield from _pattern_check(pattern, "match", shape["examples"], f"digits {name}")
        for index, rule in enumerate(resources.actors["product_patterns"]):
            pattern = re.compile(rule["pattern"])  # as actors._not_an_actor applies it
            yield from _pattern_check(pattern, "match", rule["examples"], f"product {index}")
        for index, rule in enumerate(resources.actors["not_actor_patterns"]):
            pattern = re.compile(rule["pattern"])
            yield from _pattern_check(pattern, "match", rule["examples"], f"not actor {index}")
        wire, compiled_wire = resources.wire, wire_rules(language)
        for index, rule in enumerate(wire["trailer_patterns"]):
            pattern = compiled_wire.trailer_lines[index]
            yield from _pattern_check(pattern, "fullmatch", rule["examples"], f"trailer {index}")
        for index, rule in enumerate(wire["url_dates"]):
            pattern = compiled_wire.url_dates[index]  # searched for in an address
            yield from _pattern_check(pattern, "search", rule["examples"], f"url date {index}")
        byline = compiled_wire.byline_opener
        yield from _pattern_check(byline, "fullmatch", wire["byline"]["examples"], "byline")
        credit = compiled_wire.credit_line
        # A dateline is what `dateline_match` accepts (the regex and the checks around it).
        dateline = _Accepted(lambda line, wire=compiled_wire: dateline_match(line, wire))
        yield from _pattern_check(dateline, "match", wire["examples"]["dateline"], "dateline")  # type: ignore[arg-type]
        yield from _pattern_check(credit, "match", wire["examples"]["credit_line"], "credit line")
        layout = resources.layout
        for kind, rules in layout["kinds"].items():
            for index, rule in enumerate(rules):
                where = f"line kind {kind} {index}"
                yield from _line_kind_check(language, kind, rule["examples"], where)
        for rule in layout["prefixes"]:
            yield from _prefix_check(language, rule["examples"])
        for page, day in layout["page_stamp"]["examples"].items():
            yield f"page stamp:{page}", _page_stamp_check(language, page, day)
        subhead = layout["subhead"]["examples"]
        yield from _line_kind_check(language, "subhead", subhead, "subhead")
        compiled_lines = line_rules(language)
        for index, rule in enumerate(layout["comment_thread"]["stamps"]):
            pattern = compiled_lines.comment_stamps[index]  # searched for in a line
            yield from _pattern_check(pattern, "search", rule["examples"], f"comment stamp {index}")
        for index, rule in enumerate(layout["comment_thread"]["markers"]):
            pattern = compiled_lines.comment_markers[index]
            yield from _pattern_check(
                pattern, "search", rule["examples"], f"comment marker {index}"
            )
        for index, rule in enumerate(layout["programme_listing"]["credits"]):
            pattern = compiled_lines.listing_credits[index]
            yield from _pattern_check(
                pattern, "search", rule["examples"], f"programme credit {index}"
            )


class _Accepted:
    """A test of a line that is not one regular expression, with a pattern's `match`."""

    def __init__(self, accepts: Callable[[str], object]) -> None:
        self.match = accepts


CASES = list(_cases())


@pytest.mark.parametrize("check", [c for _, c in CASES], ids=[name for name, _ in CASES])
def test_rule_example(check: Check) -> None:
    check()


def test_every_timex_rule_has_its_examples_run() -> None:
    names = {name.split(":")[1] for name, _ in CASES if ":" in name and "/timex:" in name}
    assert names == {rule.name for rule in load_rules()}
    assert len(CASES) > 150
