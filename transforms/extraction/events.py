"""Events: one per trigger (a verb, or a noun that names an event), typed and dated by rule.

Triggers are verbs and the event nouns of `resources/<lang>/events.yaml`; a light verb
governing an event noun ("made a rare visit") gives way to the noun. Each event gets its
participants with roles from the dependency parse, a TimeML class, polarity, modality and
attribution, a PLOVER category and quad class (`plover.yaml`), and a date chosen by an
ordered list of rules whose name is kept in `Event.anchor_basis`, so a reader can see why
an event sits where it does on the timeline:

1. governing  -- a time expression attached to the event or to the clause around it;
2. sentence   -- a time expression elsewhere in the sentence;
3. clause     -- the date of the event that governs this one ("a parade attended by Xi");
4. dct        -- the document date, for reporting verbs and the news present perfect and
                 present progressive ("has said", "is marking");
5. previous   -- the previous sentence's anchor, where the narrative goes on in the past;
6. unanchored -- none of these.

Background history ("the 80th anniversary of the victory over Nazi Germany") only takes a
time expression of its own: it is never dated at the DCT or by the story around it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from transforms.extraction.parse import Parse, Token
from transforms.extraction.timex import interval
from transforms.model import (
    AnchorBasis,
    Event,
    EventClass,
    EventDate,
    Mention,
    Modality,
    Participant,
    Role,
    Span,
    Timex,
)
from transforms.resources.loader import language_resources

# Dependencies that open a new clause: an argument's actors stop there.
CLAUSE_DEPS = frozenset(
    {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis", "csubj", "appos"}
)
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
ARGUMENT_ROLE: dict[str, Role] = {
    "nsubj": "agent",
    "nsubjpass": "patient",
    "dobj": "patient",
    "obj": "patient",
    "attr": "patient",
    "dative": "recipient",
    "prep": "other",
    "agent": "agent",
    "npadvmod": "other",
}
DATE_TYPES = frozenset({"DATE", "TIME"})
_NOMINAL_ROLE: dict[str, Role] = {"poss": "agent", "compound": "patient", "amod": "agent"}
_INHERIT_DEPS = frozenset({"acl", "dobj", "obj", "pobj", "conj", "attr"})


@dataclass(frozen=True)
class EventLexicon:
    reporting: frozenset[str]
    light_verbs: frozenset[str]
    event_nouns: frozenset[str]
    not_events: frozenset[str]
    category_of: dict[str, str]
    quad_of: dict[str, str]
    class_of: dict[str, str]
    hedge_verbs: frozenset[str]
    hedge_adverbs: frozenset[str]
    future_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    negators: frozenset[str]
    intention_verbs: frozenset[str]
    background_heads: frozenset[str]
    attribution_markers: tuple[tuple[str, ...], ...]
    preposition_roles: dict[str, Role]


@cache
def lexicon(language: str = "en") -> EventLexicon:
    resources = language_resources(language)
    data, plover = resources.events, resources.plover
    category_of: dict[str, str] = {}
    for category, lemmas in plover["categories"].items():
        for lemma in lemmas:
            category_of.setdefault(lemma, category)
    class_of: dict[str, str] = {}
    for event_class, lemmas in data["classes"].items():
        for lemma in lemmas:
            class_of.setdefault(lemma, event_class)

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data[key])  # type: ignore[literal-required]

    return EventLexicon(
        reporting=words("reporting_verbs"),
        light_verbs=words("light_verbs"),
        event_nouns=words("event_nouns"),
        not_events=words("not_events"),
        category_of=category_of,
        quad_of=dict(plover["quad_classes"]),
        class_of=class_of,
        hedge_verbs=words("hedge_verbs"),
        hedge_adverbs=words("hedge_adverbs"),
        future_aux=words("future_aux"),
        hypothetical_aux=words("hypothetical_aux"),
        negators=words("negators"),
        intention_verbs=words("intention_verbs"),
        background_heads=words("background_heads"),
        attribution_markers=tuple(
            tuple(w.lower() for w in marker) for marker in data["attribution_markers"]
        ),
        preposition_roles=dict(data["preposition_roles"]),
    )


def event_id(doc_id: str, start: int, end: int, extractor_version: str) -> str:
    """Stable across re-runs of the same extractor; changes when the rules change."""
    raw = f"{doc_id}:{start}:{end}:{extractor_version}".encode()
    return hashlib.sha256(raw).hexdigest()[:24]


@dataclass
class _Draft:
    """An event being built: its trigger and the parse token it stands on."""

    trigger: Token
    clause: Token  # the verb whose clause the event is in (the light verb for its noun)
    event: Event
    own: bool = False  # dated by a rule of its own (1, 2 or 4), not borrowed (3, 5)


def find_events(
    *,
    doc_id: str,
    parse: Parse,
    content: tuple[Span, ...],
    timexes: list[Timex],
    mentions: list[Mention],
    dct: date | None,
    extractor_version: str,
    language: str = "en",
    all_events: bool = False,
) -> list[Event]:
    """Every trigger's event; unless `all_events`, only those with an actor or a timex.

    The news pipeline keeps only events a chart can place (someone took part, or a time
    expression dates it); timeline evaluation wants every trigger.
    """
    lex = lexicon(language)
    timexes_by_sentence = _group_by_sentence(parse, timexes)
    drafts: list[_Draft] = []
    triggers = _triggers(parse, content, lex)
    by_sentence: dict[int, list[Token]] = {}
    for pair in triggers:
        for tok in pair:
            by_sentence.setdefault(tok.sent, []).append(tok)
    for trigger, clause in triggers:
        participants = _participants(parse, clause, trigger, mentions, lex)
        lemma = trigger.lemma.lower()
        category = lex.category_of.get(lemma, "OTHER")
        background = _is_background(parse, trigger, lex)
        modality = _modality(parse, clause, lex)
        others = [t for t in by_sentence[trigger.sent] if t.i not in (trigger.i, clause.i)]
        when, basis = _own_date(
            parse, clause, trigger, timexes_by_sentence.get(trigger.sent, []), background, others
        )
        event = Event(
            event_id=event_id(doc_id, trigger.start, trigger.end, extractor_version),
            doc_id=doc_id,
            sentence_index=trigger.sent,
            trigger=trigger.text,
            lemma=lemma,
            start=trigger.start,
            end=trigger.end,
            event_type=category,
            date=when,
            participants=tuple(participants),
            event_class=_event_class(trigger, lex),
            polarity="NEG" if _negated(parse, trigger, clause, lex) else "POS",
            modality=modality,
            attribution=_attribution(parse, clause, lex),
            quad_class=lex.quad_of.get(category, "neutral"),
            anchor_basis=basis,
            pos="NOUN" if trigger.pos != "VERB" else "VERB",
            background=background,
        )
        drafts.append(_Draft(trigger, clause, event, own=basis != "unanchored"))
    _borrow_dates(parse, drafts, dct, lex)
    events = [d.event for d in drafts]
    if all_events:
        return events
    return [e for e in events if e.participants or e.anchor_basis in ("governing", "sentence")]


# --- triggers ----------------------------------------------------------------------------


def _triggers(
    parse: Parse, content: tuple[Span, ...], lex: EventLexicon
) -> list[tuple[Token, Token]]:
    """(trigger, clause verb) pairs in text order: verbs and event nouns, one per token."""
    out: dict[int, tuple[Token, Token]] = {}
    for tok in parse.tokens:
        if tok.sent < 0 or not any(s.start <= tok.start and tok.end <= s.end for s in content):
            continue
        lemma = tok.lemma.lower()
        if tok.pos == "VERB" and lemma not in lex.not_events and tok.dep not in ("aux", "amod"):
            if tok.dep == "compound":  # "state-run KCNA": a modifier, not an event
                continue
            noun = _light_verb_object(parse, tok, lex)
            if noun is not None:
                out[noun.i] = (noun, tok)
            else:
                out.setdefault(tok.i, (tok, tok))
        elif tok.pos == "NOUN" and lemma in lex.event_nouns and tok.i not in out:
            out[tok.i] = (tok, tok)
    return [out[i] for i in sorted(out)]


def _light_verb_object(parse: Parse, verb: Token, lex: EventLexicon) -> Token | None:
    if verb.lemma.lower() not in lex.light_verbs:
        return None
    for child in parse.children(verb.i):
        if child.dep in ("dobj", "obj") and child.lemma.lower() in lex.event_nouns:
            return child
    return None


# --- participants ------------------------------------------------------------------------


def _participants(
    parse: Parse, clause: Token, trigger: Token, mentions: list[Mention], lex: EventLexicon
) -> list[Participant]:
    """Actors in the predicate's arguments, each with its role.

    A verb's subject is its agent (coordinated and controlled verbs share their head's
    subject); objects are patients; a dative is the recipient. Inside a prepositional
    argument the preposition nearest the actor decides: "to" someone is a recipient, "in"
    a place its location (`preposition_roles` in events.yaml). An event noun's possessor
    is its agent ("North Korea's deployment"), its "of" object its patient.
    """
    args: list[tuple[Token, Role]] = []
    if trigger.pos == "VERB":
        for child in parse.children(trigger.i):
            role = ARGUMENT_ROLE.get(child.dep)
            if role is None:
                continue
            if child.dep == "prep" and child.text.lower() == "by" and trigger.tag == "VBN":
                role = "agent"
            args.append((child, role))
        if trigger.dep == "acl" and trigger.tag == "VBN":  # "a general blacklisted by Seoul"
            args.append((parse.tokens[trigger.head], "patient"))
    else:
        for child in parse.children(trigger.i):
            if child.dep in ("poss", "compound", "amod"):
                args.append((child, _NOMINAL_ROLE[child.dep]))
            elif child.dep == "prep":
                word = child.text.lower()
                role: Role = "agent" if word == "by" else "patient" if word == "of" else "other"
                args.append((child, role))
        if clause.i != trigger.i:  # "Kim made a visit": the light verb's arguments
            for child in parse.children(clause.i):
                role = ARGUMENT_ROLE.get(child.dep)
                if role is not None and child.i != trigger.i:
                    args.append((child, role))
        else:
            args.extend(_host_subject(parse, trigger))
    if not any(c.dep in SUBJECT_DEPS for c, _ in args) and clause.pos == "VERB":
        subject = _inherited_subject(parse, clause)
        if subject is not None:
            args.append((subject, "agent"))
    out: list[Participant] = []
    seen: set[tuple[str, str]] = set()
    for arg, role in args:
        if _starts_attribution(arg, lex):  # the source of a claim is not a participant
            continue
        tokens = _argument_tokens(parse, arg.i, keep_appos=True)
        lo, hi = tokens[0].start, tokens[-1].end
        if arg.i == parse.tokens[trigger.head].i and trigger.dep == "acl":
            lo, hi = _noun_phrase(parse, arg)
        for m in mentions:
            if not (lo <= m.start and m.end <= hi):
                continue
            if _inside(m, trigger):
                continue
            final = _role_by_preposition(parse, m, arg, role, lex)
            if (m.actor_key, final) not in seen:
                seen.add((m.actor_key, final))
                out.append(Participant(m.actor_key, final, m.start, m.end))
    return out


def _argument_tokens(parse: Parse, i: int, *, keep_appos: bool = False) -> list[Token]:
    """An argument's words: its subtree up to clause boundaries, coordinated nouns kept
    ("Pyongyang and Moscow have denied" has two agents), coordinated verbs not."""
    out: list[Token] = []
    stack = [parse.tokens[i]]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in parse.children(tok.i):
            noun_conj = child.dep == "conj" and child.pos != "VERB"
            if noun_conj or (child.dep == "appos" and keep_appos) or child.dep not in CLAUSE_DEPS:
                stack.append(child)
    return sorted(out, key=lambda t: t.i)


def _starts_attribution(tok: Token, lex: EventLexicon) -> bool:
    return any(marker[0] == tok.text.lower() for marker in lex.attribution_markers)


def _inside(mention: Mention, tok: Token) -> bool:
    return mention.start <= tok.start and tok.end <= mention.end


def _noun_phrase(parse: Parse, noun: Token) -> tuple[int, int]:
    """A noun's own phrase and, for an apposition, the phrase it renames."""
    tokens = parse.subtree(noun.i, stop_deps=CLAUSE_DEPS)
    lo, hi = tokens[0].start, tokens[-1].end
    if noun.dep == "appos":
        head = parse.tokens[noun.head]
        more = parse.subtree(head.i, stop_deps=CLAUSE_DEPS)
        lo, hi = min(lo, more[0].start), max(hi, more[-1].end)
    return lo, hi


def _host_subject(parse: Parse, noun: Token) -> list[tuple[Token, Role]]:
    """ "Russia is marking the day with a parade": the parade is Russia's."""
    head = parse.tokens[noun.head]
    if noun.dep != "pobj" or head.text.lower() != "with" or head.head == head.i:
        return []
    verb = parse.tokens[head.head]
    if verb.pos != "VERB":
        return []
    return [(c, "agent") for c in parse.children(verb.i) if c.dep in SUBJECT_DEPS]


def _role_by_preposition(
    parse: Parse, mention: Mention, arg: Token, role: Role, lex: EventLexicon
) -> Role:
    """The role of an actor inside an argument: the nearest preposition above it decides."""
    covered = parse.tokens_in(mention.start, mention.end)
    if not covered:
        return role
    current = covered[-1]
    for _ in range(12):
        if current.pos == "ADP" and current.dep in ("prep", "agent"):
            mapped = lex.preposition_roles.get(current.text.lower())
            if current.dep == "agent":
                return "agent"
            if mapped is not None:
                return mapped
            if current.i == arg.i:
                return role
            return "other" if role in ("agent", "patient") and current.i != arg.i else role
        if current.i == arg.i or current.head == current.i:
            break
        current = parse.tokens[current.head]
    return role


def _inherited_subject(parse: Parse, verb: Token) -> Token | None:
    """ "Kim made a visit ... and reaffirmed": the second verb's subject is the first's."""
    current = verb
    for _ in range(4):
        if current.dep not in ("conj", "xcomp") or current.head == current.i:
            return None
        current = parse.tokens[current.head]
        for child in parse.children(current.i):
            if child.dep in SUBJECT_DEPS:
                return child
    return None


# --- class, polarity, modality, attribution ---------------------------------------------


def _event_class(trigger: Token, lex: EventLexicon) -> EventClass:
    lemma = trigger.lemma.lower()
    if trigger.pos == "VERB" and lemma in lex.reporting:
        return "REPORTING"
    return lex.class_of.get(lemma, "OCCURRENCE")  # type: ignore[return-value]


def _negated(parse: Parse, trigger: Token, clause: Token, lex: EventLexicon) -> bool:
    """ "did not visit", "never met", "no agreement": a negator on the trigger or its verb."""
    for tok in {trigger.i: trigger, clause.i: clause}.values():
        for child in parse.children(tok.i):
            if child.dep == "neg" or (
                child.dep in ("advmod", "det", "neg") and child.text.lower() in lex.negators
            ):
                return True
    return False


def _modality(parse: Parse, clause: Token, lex: EventLexicon) -> Modality:
    """hypothetical > future > hedged > reported > asserted, from the clause verb's context."""
    helpers = [c.text.lower() for c in parse.children(clause.i) if c.dep in ("aux", "auxpass")]
    marks = [c.text.lower() for c in parse.children(clause.i) if c.dep == "mark"]
    reported = _reporter(parse, clause, lex) is not None
    if any(h in lex.hypothetical_aux for h in helpers):
        # "said it would send": the future seen from the past, in reported speech.
        if reported and "would" in helpers:
            return "future"
        return "hypothetical"
    if "if" in marks or "unless" in marks:
        return "hypothetical"
    if any(h in lex.future_aux for h in helpers) or _is_going_to(parse, clause):
        return "future"
    head = parse.tokens[clause.head]
    if clause.dep == "xcomp" and head.lemma.lower() in lex.intention_verbs:
        return "hypothetical"
    if clause.dep == "xcomp" and head.lemma.lower() in lex.hedge_verbs:
        return "hedged"
    if any(
        c.dep == "advmod" and c.text.lower() in lex.hedge_adverbs for c in parse.children(clause.i)
    ):
        return "hedged"
    if reported or _attribution_marker(parse, clause, lex) is not None:
        return "reported"
    return "asserted"


def _is_going_to(parse: Parse, verb: Token) -> bool:
    if verb.dep != "xcomp":
        return False
    head = parse.tokens[verb.head]
    return head.lemma.lower() == "go" and head.tag == "VBG"


def _reporter(parse: Parse, clause: Token, lex: EventLexicon) -> Token | None:
    """The reporting verb whose complement holds this clause ("Kim said [X would ...]")."""
    current = clause
    for _ in range(6):
        if current.head == current.i:
            break
        head = parse.tokens[current.head]
        if current.dep in ("ccomp", "parataxis") and head.lemma.lower() in lex.reporting:
            return head
        if current.dep not in ("ccomp", "xcomp", "conj", "advcl", "parataxis"):
            break
        current = head
    # "..., South Korea has said": the reporting verb is the root and this clause its ccomp
    # or the root is this clause and a reporting verb hangs off it as parataxis.
    for child in parse.children(clause.i):
        if child.dep == "parataxis" and child.lemma.lower() in lex.reporting:
            return child
    return None


def _attribution(parse: Parse, clause: Token, lex: EventLexicon) -> str | None:
    """Who the claim comes from: an "according to" phrase, else the reporter's subject."""
    marked = _attribution_marker(parse, clause, lex)
    if marked is not None:
        return marked
    reporter = _reporter(parse, clause, lex)
    if reporter is None:
        return None
    for child in parse.children(reporter.i):
        if child.dep in SUBJECT_DEPS:
            return _phrase(parse, child)
    return None


def _attribution_marker(parse: Parse, clause: Token, lex: EventLexicon) -> str | None:
    """ "according to South Korean intelligence" anywhere in the clause's sentence."""
    sentence = parse.sentences[clause.sent]
    words = parse.tokens[sentence.first : sentence.last + 1]
    lowered = [t.text.lower() for t in words]
    if not {marker[0] for marker in lex.attribution_markers}.intersection(lowered):
        return None  # most sentences: no marker can start anywhere in them
    for marker in lex.attribution_markers:
        n = len(marker)
        for k in range(len(words) - n + 1):
            if tuple(lowered[k : k + n]) != marker:
                continue
            last = words[k + n - 1]
            objects = [c for c in parse.children(last.i) if c.dep in ("pobj", "dobj", "obj")]
            if objects:
                return _phrase(parse, objects[0])
    return None


def _phrase(parse: Parse, tok: Token) -> str:
    """The noun phrase under tok as written, without a leading article or punctuation."""
    words = _argument_tokens(parse, tok.i)
    while words and (words[0].text.lower() in ("the", "a", "an") or words[0].pos == "PUNCT"):
        words = words[1:]
    while words and words[-1].pos == "PUNCT":
        words = words[:-1]
    out = ""
    for prev, word in zip([None, *words[:-1]], words, strict=True):
        if prev is not None and prev.end < word.start:
            out += " "
        out += word.text
    return out


def _is_background(parse: Parse, trigger: Token, lex: EventLexicon) -> bool:
    """Under "anniversary of", "since", "in memory of": history, not the day's news."""
    current = trigger
    for _ in range(6):
        if current.head == current.i:
            return False
        head = parse.tokens[current.head]
        if head.lemma.lower() in lex.background_heads or head.text.lower() in lex.background_heads:
            return True
        if head.pos == "VERB" or current.dep in CLAUSE_DEPS:
            return False
        current = head
    return False


# --- dates -------------------------------------------------------------------------------


def _group_by_sentence(parse: Parse, timexes: list[Timex]) -> dict[int, list[Timex]]:
    grouped: dict[int, list[Timex]] = {}
    for tx in timexes:
        for index, sent in enumerate(parse.sentences):
            if sent.start <= tx.start < sent.end:
                grouped.setdefault(index, []).append(tx)
                break
    return grouped


_UNANCHORED = EventDate(
    value=None, start=None, end=None, precision="unknown", text=None, basis="unanchored"
)


def _from_timex(chosen: Timex) -> EventDate:
    span = interval(chosen.value)
    return EventDate(
        value=chosen.value,
        start=span.start,
        end=span.end,
        precision=span.precision,
        text=chosen.text,
        basis=chosen.basis,
        timex_start=chosen.start,
        timex_end=chosen.end,
    )


def _own_date(
    parse: Parse,
    clause: Token,
    trigger: Token,
    timexes: list[Timex],
    background: bool,
    verbs: list[Token],
) -> tuple[EventDate, AnchorBasis]:
    """Rules 1 and 2: a time expression of the event's clause, else of its sentence.

    A time expression elsewhere in the sentence counts only when no other trigger of the
    sentence (`verbs`) governs it: "unveiled the laptops, which ship in 2011" does not
    date the unveiling in 2011.
    """
    datable = [t for t in timexes if t.type in DATE_TYPES]
    governing = [t for t in datable if _governs(parse, t, trigger) or _governs(parse, t, clause)]
    if governing:
        return _from_timex(governing[0]), "governing"
    if background:
        return _UNANCHORED, "unanchored"
    ancestors = _ancestor_verbs(parse, clause)
    for verb in ancestors:
        around = [t for t in datable if _governs(parse, t, verb)]
        if around:
            return _from_timex(around[0]), "governing"
    free = [t for t in datable if not any(_governs(parse, t, v) for v in verbs)]
    if free:
        return _from_timex(free[0]), "sentence"
    return _UNANCHORED, "unanchored"


def _ancestor_verbs(parse: Parse, tok: Token) -> list[Token]:
    """The verbs whose clauses contain this one, nearest first (not across reports)."""
    out: list[Token] = []
    current = tok
    for _ in range(8):
        if current.head == current.i or current.dep in ("ccomp", "parataxis"):
            break
        current = parse.tokens[current.head]
        if current.pos in ("VERB", "AUX"):
            out.append(current)
    return out


def _governs(parse: Parse, timex: Timex, verb: Token) -> bool:
    """The time expression hangs off this word (directly or through a preposition)."""
    for tok in parse.tokens_in(timex.start, timex.end):
        head = parse.tokens[tok.head]
        if head.i == verb.i and tok.i != verb.i:
            return True
        if head.pos in ("ADP", "SCONJ") and head.head == verb.i:
            return True
    return False


def _borrow_dates(parse: Parse, drafts: list[_Draft], dct: date | None, lex: EventLexicon) -> None:
    """Rules 3 to 5, in place: clause, DCT, previous sentence.

    A reporting verb in the simple past ("Jobs said") takes the narrative's anchor when
    the story has set one ("On Monday, Jobs unveiled ... He said ..."), and the DCT only
    when it has not; "has said" and "says" are always the day of the report.
    """
    by_token = {d.trigger.i: d for d in drafts}
    by_token.update({d.clause.i: d for d in drafts if d.clause.i not in by_token})

    def settle(draft: _Draft, final: bool, depth: int = 0) -> None:
        event = draft.event
        if event.anchor_basis != "unanchored" or event.background or depth > 6:
            return
        governor = _governing_event(parse, draft, by_token)
        if governor is not None and governor is not draft:
            settle(governor, final, depth + 1)
            if governor.event.anchor_basis != "unanchored" and not governor.event.background:
                draft.event = replace(event, date=governor.event.date, anchor_basis="clause")
                return
        if dct is None or not _dated_at_dct(parse, draft, lex):
            return
        if not final and _narrative_report(draft):
            return
        dct_date = EventDate(
            value=dct.isoformat(), start=dct, end=dct, precision="day", text=None, basis="dct"
        )
        draft.event = replace(event, date=dct_date, anchor_basis="dct")

    for draft in drafts:
        settle(draft, final=False)
    # Rule 5, sentence by sentence in text order so anchors carry forward (across at most
    # NARRATIVE_GAP sentences that set none); events that hang off a newly dated one then
    # take its date (rule 3 again).
    last_anchor: EventDate | None = None
    gap = 0
    for index in range(len(parse.sentences)):
        in_sentence = [d for d in drafts if d.trigger.sent == index]
        previous = last_anchor if gap <= NARRATIVE_GAP else None
        for draft in in_sentence:
            event = draft.event
            if (
                previous is not None
                and event.anchor_basis == "unanchored"
                and not event.background
                and event.modality in ("asserted", "reported", "hedged")
                and _is_past(parse, draft.clause)
            ):
                draft.event = replace(event, date=previous, anchor_basis="previous")
        for draft in in_sentence:
            settle(draft, final=True)
        anchor = _sentence_anchor(parse, in_sentence)
        if anchor is not None:
            last_anchor, gap = anchor, 0
        else:
            gap += 1


NARRATIVE_GAP = 1


def _narrative_report(draft: _Draft) -> bool:
    """ "said" in the simple past: dated by the narrative when there is one."""
    return draft.event.event_class == "REPORTING" and draft.clause.tag == "VBD"


def _governing_event(parse: Parse, draft: _Draft, by_token: dict[int, _Draft]) -> _Draft | None:
    """The event this one is an argument or modifier of, when it shares its time.

    A participle on an event noun ("a parade attended by Xi"), an event noun that is the
    object of an ordinary verb ("marking the day with a parade"), a coordinated verb. Not
    objects of reports or attitudes: "denied the trade" says nothing of when it was.
    """
    tok = draft.trigger if draft.trigger.i != draft.clause.i else draft.clause
    current = tok
    for _ in range(3):
        if current.head == current.i or current.dep not in _INHERIT_DEPS | {"prep"}:
            return None
        head = parse.tokens[current.head]
        if head.pos == "ADP":
            if head.text.lower() not in ("with", "at", "during"):
                return None
            current = head
            continue
        governor = by_token.get(head.i)
        if governor is None:
            return None
        if governor.event.event_class in ("REPORTING", "I_STATE", "I_ACTION"):
            return None
        return governor
    return None


def _dated_at_dct(parse: Parse, draft: _Draft, lex: EventLexicon) -> bool:
    """Reporting verbs, and the news present perfect / progressive, happen on the DCT."""
    verb = draft.clause
    event = draft.event
    if verb.pos != "VERB" or event.modality in ("future", "hypothetical"):
        return False
    helpers = [c for c in parse.children(verb.i) if c.dep in ("aux", "auxpass")]
    finite = verb.tense in ("Past", "Pres") or any(h.tense in ("Past", "Pres") for h in helpers)
    if event.event_class == "REPORTING" and draft.trigger.i == verb.i and finite:
        return True
    if verb.tag in ("VBZ", "VBP") and not helpers:  # news present: "Apple Corps claims"
        return True
    if verb.tag == "VBN" and any(
        h.lemma.lower() == "have" and h.tense == "Pres" for h in helpers
    ):  # "has helped", "have been killed"
        return True
    # "is marking"
    return verb.tag == "VBG" and any(h.lemma.lower() == "be" and h.tense == "Pres" for h in helpers)


def _is_past(parse: Parse, verb: Token) -> bool:
    """Past tense (simple, or a passive or participle under a past auxiliary)."""
    if verb.pos != "VERB":
        return False
    if verb.tag == "VBD":
        return True
    helpers = [c for c in parse.children(verb.i) if c.dep in ("aux", "auxpass")]
    if any(h.tense == "Past" for h in helpers):
        return True
    if verb.dep in ("conj", "xcomp", "advcl") and verb.head != verb.i:
        return _is_past(parse, parse.tokens[verb.head])
    return False


def _sentence_anchor(parse: Parse, drafts: list[_Draft]) -> EventDate | None:
    """The date a sentence's story happens on: its main event's, else its first dated one."""
    dated = [
        d
        for d in drafts
        if d.event.anchor_basis != "unanchored"
        and not d.event.background
        and d.event.date.start is not None
        and d.event.modality not in ("future", "hypothetical")
    ]
    if not dated:
        return None
    roots = [d for d in dated if d.clause.dep == "ROOT" and d.event.anchor_basis != "dct"]
    return (roots or dated)[0].event.date
