"""What each resource file of a language may hold, declared once.

Every language folder under `transforms/resources/` holds the files named in `FILES`; the
loader checks each against its declaration here (`validation.check`), so an unknown key, a
missing one or a value of the wrong kind stops the load with the file and key named. The
engines read the same declarations as the types of what they get. (No `from __future__
import annotations` here: `NotRequired` must be seen when each class is made.)
"""

from typing import Annotated, Literal, NotRequired, TypedDict

from transforms.model import Role, TimexType
from transforms.resources.validation import NON_EMPTY

# ---- shared -------------------------------------------------------------------------------


class PatternExamples(TypedDict):
    """Text a regular expression must find, and text it must not."""

    match: Annotated[list[str], NON_EMPTY]
    no_match: NotRequired[list[str]]


class PatternRule(TypedDict):
    """A regular expression with its examples (engines get the pattern alone)."""

    pattern: str
    examples: PatternExamples


Words = list[str]

# ---- timex.yaml ---------------------------------------------------------------------------


class Lexicon(TypedDict):
    """Written form -> value; see the head of timex.yaml."""

    entries: Annotated[dict[str, int | str], NON_EMPTY]
    case_sensitive: NotRequired[bool]
    also: NotRequired[str]  # a raw regex alternative whose value is the matched text


class Triggers(TypedDict):
    """Where rules may match (speed); see the section in timex.yaml."""

    digits: dict[str, PatternRule]
    lexicons: list[str]
    words: list[str]
    weak_words: list[str]


class Tense(TypedDict):
    # auxiliary as the parser splits it -> its forms in running text, for the modal cue
    future_auxiliaries: Annotated[dict[str, list[str]], NON_EMPTY]
    reported_future_auxiliaries: Words  # the future seen from the past ("would")
    perfect_auxiliary: str  # "have"
    future_verb: str  # the lemma of the "going to" future
    future_complement_verbs: Words  # their complement lies ahead ("expects to launch")
    record_words: Words  # a noun's infinitive after them tells a deed ("the first to win")


class Cues(TypedDict):
    """The engine's cues, each a regular expression with examples (see timex.yaml)."""

    future_modal: PatternRule
    past_plan: PatternRule
    deadline: PatternRule
    completed: PatternRule
    possessive: PatternRule
    quote_opening: PatternRule
    title_tail: PatternRule
    compared_figure: PatternRule
    other_span: PatternRule
    adverbial: PatternRule


class TimexExample(TypedDict):
    """A sentence a rule is for and what the tagger must find in it."""

    text: str
    dct: NotRequired[str]  # ISO date; absent: the text has no DCT
    timex: str  # the expression as written in `text`
    value: str
    type: TimexType
    mod: NotRequired[str]


RuleContext = Literal["anaphor", "period", "figure_period", "names_period"]
StoryRole = Literal[
    "dating", "adverbial_dating", "deictic", "anaphoric", "yearless_month", "dayless_time"
]


class TimexRule(TypedDict):
    """A rule of the grammar; the head of timex.yaml explains each key."""

    name: str
    pattern: str
    type: TimexType
    normaliser: str
    triggers: NotRequired[list[str]]
    params: NotRequired[dict[str, int | str | bool | list[str]]]
    mod: NotRequired[str]
    context: NotRequired[RuleContext]
    role: NotRequired[StoryRole]
    examples: Annotated[list[TimexExample], NON_EMPTY]


class TimexFile(TypedDict):
    """timex.yaml: the temporal tagger's grammar."""

    lexicons: dict[str, Lexicon]
    macros: dict[str, str]
    triggers: Triggers
    tense: Tense
    cues: Cues
    rules: Annotated[list[TimexRule], NON_EMPTY]


# ---- actors.yaml --------------------------------------------------------------------------


class ActorsFile(TypedDict):
    """actors.yaml: how named entities become actors."""

    entity_labels: dict[str, Literal["person", "organisation", "place", "geo", "demonym"]]
    titles: Words
    honorifics: Words
    definite_articles: Words
    possessive_endings: Words
    place_suffixes: Words
    demonyms: dict[str, str]
    not_actors: Words
    product_patterns: list[PatternRule]
    not_products: Words
    organisation_anaphors: Words
    organisation_words: Words
    corporate_suffixes: Words
    place_words: Words
    doing_verbs: Words
    pronouns: dict[str, Literal["person", "organisation"]]
    name_particles: Words
    article_prefixes: Words
    not_actor_patterns: list[PatternRule]
    storm_titles: Words
    storm_not_names: Words


class GazetteerFile(TypedDict):
    """gazetteer.yaml: the world's countries, capitals, places and organisations by name."""

    countries: dict[str, Words]
    capitals: dict[str, str]
    places: Annotated[Words, NON_EMPTY]
    organisations: dict[str, Words]


class AliasesFile(TypedDict):
    """aliases.yaml: spelling and transliteration variants of names."""

    spellings: dict[str, str]
    names: dict[str, str]
    given_names: dict[str, str]


# ---- events.yaml and plover.yaml ----------------------------------------------------------

EventClassName = Literal["STATE", "I_ACTION", "I_STATE", "ASPECTUAL", "PERCEPTION"]


class EventsFile(TypedDict):
    """events.yaml: triggers, classes, modality and roles of events."""

    reporting_verbs: Words
    verb_lemma_fixes: dict[str, str]
    light_verbs: Words
    passive_light_verbs: Words
    happening_verbs: Words
    schedule_prepositions: Words
    schedule_verbs: Words
    rescheduling_prepositions: Words
    time_nouns: Words
    event_nouns: Words
    not_events: Words
    carrier_verbs: Words
    hedge_verbs: Words
    hedge_adverbs: Words
    hypothetical_aux: Words
    conditional_marks: Words
    progressive_auxiliary: str
    articles: Words
    negators: Words
    intention_verbs: Words
    classes: dict[EventClassName, Words]
    background_heads: Words
    attribution_markers: list[Annotated[Words, NON_EMPTY]]
    passive_agent_prepositions: Words
    noun_preposition_roles: dict[str, Role]
    host_prepositions: Words
    shared_time_prepositions: Words
    occasion_prepositions: Words
    preposition_roles: dict[str, Role]
    offset_marks: dict[str, int]
    offset_adverbs: dict[str, int]
    simultaneity_marks: Words
    close_offset_adverbs: Words
    same_doer_prepositions: Words
    absolute_prepositions: Words
    onset_prepositions: Words
    end_prepositions: Words
    comparison_words: Words
    figure_prepositions: Words
    result_complements: Words


class PloverFile(TypedDict):
    """plover.yaml: event categories and their quad classes."""

    quad_classes: dict[str, str]
    categories: dict[str, Words]


# ---- salience.yaml -------------------------------------------------------------------------

TimelineRuleName = Literal[
    "undated",
    "state",
    "hypothetical",
    "attribution",
    "modifier",
    "nominal",
    "habitual_present",
    "background_perfect",
    "participle_clause",
    "complement",
    "unattended_narrative",
    "back_reference",
    "writer",
    "quotation",
]


class TimelineExample(TypedDict):
    """A sentence, and whether the news timeline keeps the event of one trigger in it."""

    text: str
    dct: NotRequired[str]  # ISO date; absent: the text has no DCT
    trigger: str  # as written in `text`
    kept: bool


class TimelineRule(TypedDict):
    """A rule that leaves a kind of event off the news timeline; salience.yaml explains each."""

    name: TimelineRuleName
    classes: NotRequired[list[EventClassName]]
    statement_verbs: NotRequired[Words]
    deps: NotRequired[Words]
    implicative_verbs: NotRequired[Words]
    plan_verbs: NotRequired[Words]
    verbs: NotRequired[Words]
    subjects: NotRequired[Words]
    relations: NotRequired[Words]
    arrivals: NotRequired[Words]
    examples: Annotated[list[TimelineExample], NON_EMPTY]


class KeyChoice(TypedDict):
    most: int  # key events a document has at most
    least: float  # salience a key event needs
    share_of_top: float  # ... and this share of the document's highest
    too_coarse: Words  # date precisions no key event has ("2016": background, not the news)


class SalienceExample(TypedDict):
    """A text, its headline, and its key triggers in salience order."""

    text: str
    title: NotRequired[str]
    dct: NotRequired[str]
    key: Annotated[Words, NON_EMPTY]


SalienceFeature = Literal["lead", "headline", "main_clause", "own_time", "agent", "occurrence"]


class Salience(TypedDict):
    weights: dict[SalienceFeature, float]
    lead_decay: float
    key: KeyChoice
    examples: Annotated[list[SalienceExample], NON_EMPTY]


class ImpliedExample(TypedDict):
    """A text, one trigger in it, and the date and rule that date it (`date` null: none)."""

    text: str
    dct: str
    trigger: str  # as written in `text` (the first such word)
    date: str | None
    basis: str  # the event's anchor_basis


class LeadRule(TypedDict):
    examples: Annotated[list[ImpliedExample], NON_EMPTY]


class NarrativeRule(TypedDict):
    connectives: Words  # openings that go on from the story told before ("later")
    event_parts: Words  # regular expressions: parts of the day's event ("the second half")
    examples: Annotated[list[ImpliedExample], NON_EMPTY]


class ImpliedDates(TypedDict):
    """Dates the text implies without writing them: the lead's, the narrative's."""

    lead: LeadRule
    narrative: NarrativeRule


class SalienceFile(TypedDict):
    """salience.yaml: which events the news timeline holds and how much each matters."""

    timeline: Annotated[list[TimelineRule], NON_EMPTY]
    salience: Salience
    implied: ImpliedDates


# ---- wire.yaml ----------------------------------------------------------------------------


class Headline(TypedDict):
    min_words: int
    max_chars: int
    max_words: int
    final_punctuation: str


class Byline(TypedDict):
    opener: str
    separators: Words
    max_chars: int
    max_leading_paragraphs: int
    examples: PatternExamples


class WireExamples(TypedDict):
    """Lines the dateline and credit-line rules (built from the tables above) must find."""

    dateline: PatternExamples
    credit_line: PatternExamples


class WireFile(TypedDict):
    """wire.yaml: wire-copy conventions (datelines, bylines, credits, trailers)."""

    agencies: dict[str, str]
    max_unknown_agency_words: int
    months: dict[str, int]
    lowercase_particles: Words
    headline: Headline
    byline: Byline
    credit_openers: Words
    credit_max_chars: int
    trailer_patterns: list[PatternRule]
    url_dates: list[PatternRule]
    published_years: tuple[int, int]
    examples: WireExamples


# ---- layout.yaml --------------------------------------------------------------------------

# What a line of a page may be besides the story (the order of `kinds` in the file is the
# order they are tried in).
LineKind = Literal[
    "chrome", "timestamp", "social", "credit", "caption", "promo", "related", "section_label"
]


class LinePrefix(TypedDict):
    """Furniture opening a line the story goes on in ("date 2031-03-04 The storm ...")."""

    kind: LineKind
    pattern: str
    examples: PatternExamples


class Subhead(TypedDict):
    """A short line that is not a sentence (its examples are whole lines)."""

    max_words: int
    final_punctuation: str
    examples: PatternExamples


class CommentThread(TypedDict):
    """A page's reader comments: from the first of `min_stamps` or more lines carrying a
    posting stamp (`stamps`, found anywhere in the line) below the story's first line and
    the page's first `own_lines` lines, one of them with a comment's `markers`."""

    stamps: Annotated[list[PatternRule], NON_EMPTY]
    markers: Annotated[list[PatternRule], NON_EMPTY]
    min_stamps: int
    own_lines: int


class ProgrammeListing(TypedDict):
    """A broadcaster's programme listing: a page with `min_credits` or more lines carrying a
    programme credit (`credits`, found anywhere in the line) is a listing, not a story."""

    credits: Annotated[list[PatternRule], NON_EMPTY]
    min_credits: int


class PageStamp(TypedDict):
    """How the page's own timestamp dates it: `date` finds the day in the stamp, a stamp
    that `month_first` finds in writes its numeric date month first; the examples are
    pages' opening lines and the day they give (None: no day)."""

    date: str
    month_first: str
    examples: Annotated[dict[str, str | None], NON_EMPTY]


class LayoutFile(TypedDict):
    """layout.yaml: which lines of a page are furniture (captions, promos, timestamps...)."""

    macros: dict[str, str]
    kinds: dict[LineKind, Annotated[list[PatternRule], NON_EMPTY]]
    prefixes: list[LinePrefix]
    subhead: Subhead
    max_leading_lines: int
    page_stamp: PageStamp
    comment_thread: CommentThread
    programme_listing: ProgrammeListing


# Every file a language folder holds, with its declaration.
FILES: dict[str, type] = {
    "timex.yaml": TimexFile,
    "actors.yaml": ActorsFile,
    "events.yaml": EventsFile,
    "plover.yaml": PloverFile,
    "salience.yaml": SalienceFile,
    "wire.yaml": WireFile,
    "layout.yaml": LayoutFile,
    "gazetteer.yaml": GazetteerFile,
    "aliases.yaml": AliasesFile,
}
