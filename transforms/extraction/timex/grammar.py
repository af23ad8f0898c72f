"""timex.yaml compiled once per process: its rules, each with its normaliser and triggers,
and its cues.

The grammar is data so that adding a phrasing is a data change; this module only knows how
to expand `{lexicon}` and `{macro}` placeholders, check what the rules name (normalisers,
triggers, lexicons) and compile the regular expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from transforms.extraction.timex.lexicons import Lexicon, build_lexicon
from transforms.extraction.timex.normalisers import NORMALISERS, Normaliser
from transforms.extraction.timex.triggers import rule_triggers, trigger_groups
from transforms.model import TimexType
from transforms.resources.loader import ResourceError, language_resources
from transforms.resources.schema import RuleContext, StoryRole, TimexFile, TimexRule

_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([a-z_0-9]+))?\}")


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    type: TimexType
    normaliser: Normaliser
    params: dict[str, Any]
    mod: str | None
    group_lexicons: dict[str, Lexicon]  # named group -> lexicon that gives its value
    # "period" or "figure_period": gets the reporting period; "names_period": sets it;
    # "anaphor": gets the last date mentioned (timex.yaml explains each)
    context: RuleContext | None = None
    role: StoryRole | None = None  # what it does to a news story's reference time
    triggers: frozenset[str] = frozenset()  # see triggers.rule_triggers


@dataclass(frozen=True)
class Cues:
    """The cues of timex.yaml, compiled; their meaning is documented there."""

    future_modal: re.Pattern[str]
    past_plan: re.Pattern[str]
    deadline: re.Pattern[str]
    completed: re.Pattern[str]
    possessive: re.Pattern[str]
    quote_opening: re.Pattern[str]
    title_tail: re.Pattern[str]
    compared_figure: re.Pattern[str]
    other_span: re.Pattern[str]
    adverbial: re.Pattern[str]


def _grammar() -> TimexFile:
    return language_resources("en").timex


@cache
def load_rules() -> tuple[Rule, ...]:
    """The grammar's rules, compiled once per process."""
    return compile_rules(_grammar())


def compile_rules(grammar: TimexFile) -> tuple[Rule, ...]:
    """Rules ready to run; a rule that names an unknown normaliser, trigger, lexicon or
    macro is an error that names it."""
    known_triggers = set(trigger_groups())
    lexicons = {name: build_lexicon(name, spec) for name, spec in grammar["lexicons"].items()}
    macros = {name: str(text) for name, text in grammar["macros"].items()}
    rules = []
    for spec in grammar["rules"]:
        where = f"timex.yaml: rules[{spec['name']!r}]"
        unknown = set(spec.get("triggers", ())) - known_triggers
        if unknown:
            raise ResourceError(f"{where}: unknown triggers {sorted(unknown)}")
        groups: dict[str, Lexicon] = {}
        body = _expand(spec["pattern"], lexicons, macros, groups, where)
        rules.append(
            Rule(
                name=spec["name"],
                regex=re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE),
                type=spec["type"],
                normaliser=_normaliser_of(spec, where),
                params=dict(spec.get("params") or {}),
                mod=spec.get("mod"),
                group_lexicons=groups,
                context=spec.get("context"),
                role=spec.get("role"),
                triggers=frozenset(spec["triggers"])
                if "triggers" in spec
                else rule_triggers(
                    spec["pattern"], body, {lexicon.name for lexicon in groups.values()}
                ),
            )
        )
    return tuple(rules)


def _normaliser_of(spec: TimexRule, where: str) -> Normaliser:
    normaliser = NORMALISERS.get(spec["normaliser"])
    if normaliser is None:
        raise ResourceError(f"{where}: unknown normaliser {spec['normaliser']!r}")
    return normaliser


def _expand(
    pattern: str,
    lexicons: dict[str, Lexicon],
    macros: dict[str, str],
    groups: dict[str, Lexicon],
    where: str,
) -> str:
    """Replace {name} / {name:group} by a lexicon group or a macro, recursively."""

    def replace(match: re.Match[str]) -> str:
        name, group = match[1], match[2] or match[1]
        if name in lexicons:
            groups[group] = lexicons[name]
            return f"(?P<{group}>{lexicons[name].regex})"
        if name in macros:
            expanded = macros[name].replace("(?P<@>", f"(?P<{group}>")
            return _expand(expanded, lexicons, macros, groups, where)
        raise ResourceError(f"{where}: unknown lexicon or macro {{{name}}}")

    return _PLACEHOLDER.sub(replace, pattern)


@cache
def cues() -> Cues:
    """The cues, compiled; `{future_auxiliaries}` stands for the forms of the future tense."""
    grammar = _grammar()
    future = "|".join(
        _written_form(form)
        for forms in grammar["tense"]["future_auxiliaries"].values()
        for form in forms
    )
    compiled = {
        name: re.compile(rule["pattern"].replace("{future_auxiliaries}", future))
        for name, rule in grammar["cues"].items()
    }
    return Cues(**compiled)


def _written_form(form: str) -> str:
    """A form of a word in running text as a regex: whitespace between its parts, and a word
    boundary before it unless it starts with a clitic's apostrophe ("'ll")."""
    body = r"\s+".join(re.escape(part) for part in form.split())
    return rf"\b{body}" if form[:1].isalnum() else body


@cache
def future_auxiliaries() -> frozenset[str]:
    """The auxiliaries of the future tense, as the parser splits them ("wo" of "won't")."""
    return frozenset(_grammar()["tense"]["future_auxiliaries"])


def reported_future_auxiliaries() -> frozenset[str]:
    """The auxiliaries of the future seen from the past ("would")."""
    return frozenset(w.lower() for w in _grammar()["tense"]["reported_future_auxiliaries"])


def perfect_auxiliary() -> str:
    """The lemma of the perfect's auxiliary ("have")."""
    return str(_grammar()["tense"]["perfect_auxiliary"]).lower()


def future_verb() -> str:
    """The lemma of the "going to" future."""
    return _grammar()["tense"]["future_verb"]


@cache
def future_complement_verbs() -> frozenset[str]:
    """Lemmas whose complement lies ahead ("expects to launch"), lower-cased."""
    return frozenset(w.lower() for w in _grammar()["tense"]["future_complement_verbs"])


@cache
def record_words() -> frozenset[str]:
    """Words after which a noun's infinitive tells a deed ("the first to win"), lower-cased."""
    return frozenset(w.lower() for w in _grammar()["tense"]["record_words"])
