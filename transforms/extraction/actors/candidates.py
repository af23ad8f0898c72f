"""Where names are in a parse: the model's entities, repaired, and the names it missed.

The small model cuts names at their particles ("Ursula von der" + "Leyen"), runs a place into
the name after a possessive ("London's Westminster Abbey"), labels the last word of a title
("Secretary of State"), swallows the words around a name ("Balmoral Castle to") and
leaves off the first words of a place's or an organisation's ("Horizon" of "the Deepwater
Horizon"). The repairs here are rules over token ranges; what each name is comes later.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from transforms.extraction.actors.lexicon import ActorLexicon
from transforms.extraction.actors.names import fold
from transforms.extraction.parse import Parse, Token

# Parts of speech a name never starts or ends with.
_EDGE_POS = frozenset({"ADP", "CCONJ", "SCONJ", "DET", "PART", "PUNCT", "AUX", "VERB"})


@dataclass(frozen=True)
class Candidate:
    first: int  # token range, inclusive
    last: int
    kind: str  # person, organisation, place, geo, demonym


def candidates(parse: Parse, lex: ActorLexicon) -> list[Candidate]:
    """Entity spans relabelled by the lexicon, plus the names the model is known to miss."""
    tokens = parse.tokens
    taken = [False] * len(tokens)
    out: list[Candidate] = []

    def add(first: int, last: int, kind: str) -> None:
        for i in range(first, last + 1):
            taken[i] = True
        out.append(Candidate(first, last, kind))

    in_entity = {i for ent in parse.entities for i in range(ent.first, ent.last + 1)}
    for ent in parse.entities:
        if _part_of_title(tokens, ent.first, ent.last, lex):
            continue  # "State" of "Secretary of State"
        if lex.entity_labels.get(ent.label) in ("organisation", "place", "geo"):
            ent = replace(ent, first=_name_start(tokens, ent.first, ent.last, in_entity, lex))
        after = tokens[ent.last + 1] if ent.last + 1 < len(tokens) else None
        if (
            after is not None
            and after.text.lower() in lex.place_suffixes
            and _is_name(tokens[ent.last])
        ):
            add(ent.first, ent.last, "place")
            continue
        kind = lex.entity_labels.get(ent.label)
        if kind is None:
            continue
        for first, last in _split_at_possessives(tokens, ent.first, ent.last, lex):
            for piece_first, piece_last, piece_kind in _split_at_titles(
                tokens, first, last, kind, lex
            ):
                add(piece_first, piece_last, piece_kind)

    # Proper-noun runs the model left out: after a possessive ("China's Xi Jinping") or a
    # title ("President Moon Jae-in"), two or more capitalised words are a person's name;
    # before a place word ("Kursk region") they are a place.
    i = 0
    while i < len(tokens):
        if taken[i] or not _is_name(tokens[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and not taken[j + 1] and _is_name(tokens[j + 1]):
            j += 1
        before = tokens[i - 1] if i > 0 else None
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        if after is not None and after.text.lower() in lex.place_suffixes:
            add(i, j, "place")
        elif (
            j > i
            and before is not None
            and (before.text in lex.possessive_endings or ends_title(tokens, i, lex.titles))
        ):
            add(i, j, "person")
        i = j + 1
    # A mislabelled entity that overlaps a relabelled span is dropped by the overlap filter.
    out.sort(key=lambda c: (c.first, -(c.last - c.first)))
    kept: list[Candidate] = []
    for cand in out:
        if kept and cand.first <= kept[-1].last:
            continue
        kept.append(cand)
    return _joined_at_particles(tokens, kept, lex)


def _name_start(
    tokens: tuple[Token, ...], first: int, last: int, in_entity: set[int], lex: ActorLexicon
) -> int:
    """Where a place's or an organisation's name starts: the capitalised proper nouns right
    before the entity, inside its sentence, belong to it ("Deepwater" + "Horizon") unless
    another entity holds them or they end a title ("Interior Secretary"). Not before a name
    the gazetteer knows whole ("Mexico", not "Neighboring Mexico"), nor over a sentence's
    first word ("Though", "Near"), an article a headline capitalised ("Images The Gulf of
    Mexico") or a word in capitals (an acronym of its own, "BP US", or a headline's "FORMER
    FEMA"). A person's name is not extended: the words before one are mostly titles no list
    holds ("Judge", "Coroner")."""
    whole = fold(" ".join(t.text for t in tokens[first : last + 1])) in lex.known
    if whole or tokens[first].text.lower() in lex.definite_articles:
        return first  # known whole, or opening with its article ("The Gulf of Mexico")
    while (
        first > 1  # the word before must not open the sentence
        and first - 1 not in in_entity
        and _is_name(tokens[first - 1])
        and not tokens[first - 1].text.isupper()
        and not tokens[first - 1].text.endswith((",", ";", ":"))  # pre-tokenized text
        and tokens[first - 1].text.lower() not in lex.definite_articles
        and tokens[first - 2].sent == tokens[first].sent
        and not ends_title(tokens, first, lex.titles)
    ):
        first -= 1
    return first


def _is_name(tok: Token) -> bool:
    return tok.pos == "PROPN" and tok.text[:1].isupper()


def _joined_at_particles(
    tokens: tuple[Token, ...], found: list[Candidate], lex: ActorLexicon
) -> list[Candidate]:
    """A person's name is not split at its particles: "Ursula von der" + "Leyen" is one name,
    and so is a name whose particle and surname the model left out."""
    out: list[Candidate] = []
    for cand in found:
        previous = out[-1] if out else None
        if (
            previous is not None
            and "person" in (previous.kind, cand.kind)
            and tokens[cand.first].text[:1].isupper()
        ):
            between = tokens[previous.last + 1 : cand.first]
            if (between and all(t.text in lex.name_particles for t in between)) or (
                not between and tokens[previous.last].text in lex.name_particles
            ):
                out[-1] = Candidate(previous.first, cand.last, "person")
                continue
        out.append(cand)
    extended: list[Candidate] = []
    for index, cand in enumerate(out):
        last = cand.last
        limit = out[index + 1].first if index + 1 < len(out) else len(tokens)
        if cand.kind == "person":
            k = last + 1
            while k < limit and tokens[k].text in lex.name_particles:
                k += 1
            if k > last + 1 and k < limit and _is_name(tokens[k]):
                while k + 1 < limit and _is_name(tokens[k + 1]):
                    k += 1
                last = k
        extended.append(Candidate(cand.first, last, cand.kind))
    return extended


def _split_at_possessives(
    tokens: tuple[Token, ...], first: int, last: int, lex: ActorLexicon
) -> list[tuple[int, int]]:
    """ "London's Westminster Abbey" is two names: a possessive ending inside a name ends
    the first."""
    pieces: list[tuple[int, int]] = []
    start = first
    for i in range(first, last + 1):
        if tokens[i].text in lex.possessive_endings and start < i < last:
            pieces.append((start, i - 1))
            start = i + 1
    pieces.append((start, last))
    return pieces


def _split_at_titles(
    tokens: tuple[Token, ...], first: int, last: int, kind: str, lex: ActorLexicon
) -> list[tuple[int, int, str]]:
    """A title inside an entity span is the name's after it: an honorific within it starts a
    person's name ("Northamptonshire Dr Baker"), and a title ending it goes with the name
    that follows ("Coast Guard Adm." before "Thad Allen" is the Coast Guard; "Rear Adm" alone
    is no entity). Other titles inside a span stay: they open names too ("UN General
    Assembly")."""
    for i in range(first + 1, last):
        if _title_at(tokens, i, last, lex.honorifics):
            return [(first, i - 1, kind), (i, last, "person")]
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if after is not None and _is_name(after):
        for title in lex.titles:
            start = last - len(title) + 1
            if start >= first and _title_at(tokens, start, last, (title,)):
                return [(first, start - 1, kind)] if start > first else []
    return [(first, last, kind)]


def _title_at(
    tokens: tuple[Token, ...], i: int, last: int, titles: tuple[tuple[str, ...], ...]
) -> bool:
    """One of `titles` is written at token `i`, within the span that ends at `last`."""
    return any(
        i + len(title) - 1 <= last and tuple(t.text for t in tokens[i : i + len(title)]) == title
        for title in titles
    )


def _part_of_title(tokens: tuple[Token, ...], first: int, last: int, lex: ActorLexicon) -> bool:
    """The entity's words end a title that starts before it ("Secretary of State")."""
    words = tuple(t.text for t in tokens[first : last + 1])
    for title in lex.titles:
        size = len(title)
        for tail in range(1, size):
            lead = size - tail
            if (
                title[lead:] == words
                and first - lead >= 0
                and tuple(t.text for t in tokens[first - lead : first]) == title[:lead]
            ):
                return True
    return False


def ends_title(tokens: tuple[Token, ...], i: int, titles: tuple[tuple[str, ...], ...]) -> bool:
    """One of `titles` ends right before token `i` ("President" before "Moon Jae-in")."""
    for title in titles:
        n = len(title)
        if i - n >= 0 and tuple(t.text for t in tokens[i - n : i]) == title:
            return True
    return False


def honoured(tokens: tuple[Token, ...], words: list[Token], lex: ActorLexicon) -> bool:
    """An honorific opens the name or comes right before it ("Dr Fukuda", "Mr" + "Hague")."""
    first, last = words[0].i, words[-1].i
    return _title_at(tokens, first, last - 1, lex.honorifics) or ends_title(
        tokens, first, lex.honorifics
    )


def strip_title(words: list[Token], lex: ActorLexicon) -> list[Token]:
    for title in lex.titles:
        n = len(title)
        if len(words) > n and tuple(w.text for w in words[:n]) == title:
            return words[n:]
    return words


def strip_edges(
    words: list[Token], lex: ActorLexicon, tokens: tuple[Token, ...], organisation: bool = False
) -> list[Token]:
    """Drop articles, possessive endings (not an organisation's own, `_own_ending`),
    punctuation and the function words an entity span swallowed at its edges ("the
    Kremlin", "Russia's", "Balmoral Castle to"), the adverb
    opening its sentence ("Thankfully Obama"; "endorsing Carly" is a name the model called
    an adverb), and the acronym after the name whose bracket it left open ("World Health
    Organization (WHO")."""
    opened = [i for i, w in enumerate(words) if w.text == "("]
    if opened and not any(w.text == ")" for w in words[opened[-1] :]):
        words = words[: opened[-1]]
    while words and (
        words[0].text.lower() in lex.definite_articles
        or (words[0].pos in _EDGE_POS and not words[0].text[:1].isupper())
        or words[0].pos == "PUNCT"
        or (words[0].pos == "ADV" and _opens_sentence(words[0], tokens))  # "Thankfully Obama"
    ):
        words = words[1:]
    while (
        words
        and not (organisation and _own_ending(words, lex))
        and (
            words[-1].text in lex.possessive_endings
            or words[-1].pos == "PUNCT"
            or (words[-1].pos in _EDGE_POS and not words[-1].text[:1].isupper())
        )
    ):
        words = words[:-1]
    return words


def _own_ending(words: list[Token], lex: ActorLexicon) -> bool:
    """The "'s" ending the span is the company's own, as a firm named for its founder writes
    it ("Moody's cut the rating", "by Standard & Poor's"): one name, or two joined by "&",
    before it, possessing nothing in the parse. "Russia's invasion" does; a longer name's
    "'s" is its possessive however it is parsed ("Bank of America's"), and a person's name
    never ends so ("Lionel Messi's first")."""
    *name, ending = words
    one_name = len(name) == 1 or (len(name) == 3 and name[1].text == "&")
    return (
        one_name
        and ending.text in lex.possessive_endings
        and ending.text.endswith("s")
        and name[-1].dep != "poss"
    )


def _opens_sentence(word: Token, tokens: tuple[Token, ...]) -> bool:
    return word.i == 0 or tokens[word.i - 1].sent != word.sent


def surface(words: list[Token]) -> str:
    """The words as written, with the spaces between them."""
    parts: list[str] = []
    for prev, word in zip([None, *words[:-1]], words, strict=True):
        if prev is not None and prev.end < word.start:
            parts.append(" ")
        parts.append(word.text)
    return "".join(parts)
