"""The Timeline17 layout: a topic folder's tasks and articles, its tokenized text, and the
references' timeline format.

A topic folder (`../shared/data/t17-dev/README.md`) holds `tasks.tsv` (one evaluation task
per line: name, dates, sentences per date, first date, last date), `InputDocs/<YYYY-MM-DD>/
<source>-<id>.txt` (one article per file, the folder date its publication date, tokenized
Penn-Treebank style, one sentence per line) and `timelines/` (the references). Only the
first two are ever read here: the references are the scorer's, never the system's.

The text is tokenized (spaces around punctuation, ``` `` ``` and `''` for quotes, `n't`
and `'s` split off, `-LRB-` for brackets), which is not what the extractor was written
for, so `detokenize` turns each line back into ordinary text before it is ingested, and
`retokenize` does the reverse for the sentences written out, so the scorer's alignment
(which compares whitespace tokens) sees them tokenized as the references are.
`TokenizedLines` keeps the original line of every detokenized one, for the exact way back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from evaluation.tokens import spaces_after
from transforms.ingestion import encoding

TASKS_FILE = "tasks.tsv"
ARTICLES_DIR = "InputDocs"
SEPARATOR = "-" * 32

_BRACKETS = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
}
_BRACKET_TOKENS = {value: key for key, value in _BRACKETS.items()}
_PLAIN_QUOTES = {"``": '"', "''": '"', "`": "'"}


@dataclass(frozen=True)
class Task:
    """One evaluation task: a reference timeline's name, size and span."""

    name: str
    dates: int  # at most this many dates
    sentences: int  # at most this many sentences per date
    first: date  # articles published from this day ...
    last: date  # ... to this one, inclusive


@dataclass(frozen=True)
class Article:
    """One article as distributed: its path relative to the topic, its publication date
    (the folder's), its source (the file name's prefix) and its tokenized lines."""

    path: str
    published: date
    source: str
    lines: tuple[str, ...]


def read_tasks(topic_dir: Path) -> list[Task]:
    """The tasks of `topic_dir/tasks.tsv`; a malformed line is a ValueError naming it."""
    tasks_file = topic_dir / TASKS_FILE
    tasks: list[Task] = []
    for number, line in enumerate(tasks_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        cells = line.split("\t")
        try:
            name, dates, sentences, first, last = (cell.strip() for cell in cells)
            task = Task(
                name,
                int(dates),
                int(sentences),
                date.fromisoformat(first),
                date.fromisoformat(last),
            )
        except ValueError:
            raise ValueError(
                f"{tasks_file}:{number}: expected name, dates, sentences per date, first date, "
                f"last date separated by tabs, got {line!r}"
            ) from None
        if "/" in task.name or task.name.startswith("."):
            raise ValueError(f"{tasks_file}:{number}: {task.name!r} cannot name an output file")
        tasks.append(task)
    return tasks


def read_articles(topic_dir: Path) -> Iterator[Article]:
    """Every article under `topic_dir/InputDocs/<YYYY-MM-DD>/`, in path order.

    A folder whose name is not a date is skipped (it dates nothing); files are decoded by
    the ingestion's one encoding policy, so an odd byte is read as the pipeline would.
    """
    root = topic_dir / ARTICLES_DIR
    for folder in sorted(root.iterdir()):
        try:
            published = date.fromisoformat(folder.name)
        except ValueError:
            continue
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not path.is_file() or path.name.startswith("."):
                continue
            decoded = encoding.decode(path.read_bytes(), None)
            text = "" if isinstance(decoded, encoding.Undecodable) else decoded.text
            yield Article(
                path=path.relative_to(topic_dir).as_posix(),
                published=published,
                source=path.stem.split("-", 1)[0],
                lines=tuple(line.strip() for line in text.splitlines() if line.strip()),
            )


def detokenize(line: str) -> str:
    """A Penn-Treebank-tokenized line as ordinary text: `` `` Jackson 's death , '' ``
    becomes `"Jackson's death,"`, `-LRB- DEA -RRB-` becomes `(DEA)`."""
    words = [_BRACKETS.get(token) or _unescaped(token) for token in line.split()]
    spaces = spaces_after(words, [False] * len(words))
    return "".join(
        _PLAIN_QUOTES.get(word, word) + (" " if space else "")
        for word, space in zip(words, spaces, strict=True)
    ).strip()


def _unescaped(token: str) -> str:
    return token.replace("\\/", "/").replace("\\*", "*")


_CLITIC_TEXT = r"'(?:s|re|ve|ll|d|m)\b"
_TOKEN = re.compile(
    rf"""
      \.\.\.                                 # an ellipsis
    | --                                     # a dash
    | (?:[A-Za-z]\.){{2,}}(?![A-Za-z])         # U.S., a.m.
    | [A-Z]\.(?=\s+\S)                        # an initial: J. Smith
    | (?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Gov|Sen|Rep|Rev|Lt|Col|Capt|Sgt|Prof|Inc|Co|Corp|Ltd|No
       |vs|etc|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Ala|Ariz|Calif|Fla|Ga|La|Mass|Mich
       |Miss|Mont|Tenn|Tex|Va|Wash)\.(?=\s+\S)  # titles and abbreviations keep their point
    | \w+(?=(?i:n't)\b)                      # "is" of "isn't", "ca" of "can't"
    | (?i:n't)\b
    | (?i:{_CLITIC_TEXT})                     # clitics: 's 're 've 'll 'd 'm
    | [\w&]+(?:(?:[-./]|(?<=\d)[,:](?=\d)|'(?!(?i:{_CLITIC_TEXT[1:]})))[\w&]+)*
                                             # words: year-old, 3.5, 780,000, O'Neill
    | "                                      # quotes, resolved to `` and '' below
    | \S                                     # any other character alone
    """,
    re.VERBOSE,
)


def retokenize(text: str) -> str:
    """Ordinary text tokenized as the references are (the inverse of `detokenize` on the
    text it produces): punctuation and clitics split off, quotes as ``` `` ``` and `''`,
    brackets as `-LRB-`/`-RRB-`."""
    tokens: list[str] = []
    quote_open = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if token == '"':
            opening = not quote_open and (before.isspace() or before in "([{")
            token = "``" if opening else "''"
            quote_open = opening
        elif token == "'" and (before.isspace() or before in "([{") and not after.isspace():
            token = "`"
        tokens.append(_BRACKET_TOKENS.get(token) or token.replace("/", "\\/"))
    return " ".join(tokens)


class TokenizedLines:
    """The original tokenized line of each detokenized one, to write a selected sentence
    exactly as the corpus had it; a sentence the pipeline split or joined differently
    is retokenized instead."""

    def __init__(self) -> None:
        self._original: dict[str, str] = {}

    def add(self, line: str) -> str:
        """Remember `line` and return its detokenized text."""
        text = detokenize(line)
        self._original.setdefault(_key(text), line)
        return text

    def tokenized(self, sentence: str) -> str:
        return self._original.get(_key(sentence)) or retokenize(sentence)


def _key(text: str) -> str:
    return " ".join(text.split())


def timeline_text(timeline: Iterable[tuple[date, Sequence[str]]]) -> str:
    """A timeline in the references' format: a `YYYY-MM-DD` line, one sentence per line,
    a line of dashes; dates in order, a date without sentences left out."""
    blocks = []
    for day, sentences in sorted(timeline, key=lambda item: item[0]):
        lines = [" ".join(sentence.split()) for sentence in sentences if sentence.strip()]
        if lines:
            blocks.append("\n".join([day.isoformat(), *lines, SEPARATOR]) + "\n")
    return "".join(blocks)
