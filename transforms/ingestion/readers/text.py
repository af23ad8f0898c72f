"""Plain text and Markdown files: the text as written, with optional YAML front matter.

Front matter (a block between `---` lines at the top) is read by a safe YAML loader that keeps
dates as strings and refuses aliases; anything it cannot read is a `bad_front_matter` rejection
with the reason and line, never an exception.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from transforms.ingestion.readers.metadata import meta_from_mapping
from transforms.model import Rejection, SourceText

_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*(?:\r\n|\n|\r)")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|\Z)", re.MULTILINE)


# libyaml's parser when PyYAML was built with it: front matter is read for every file of
# every run, and the pure-Python parser cost a second per 2,000 files.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StringDatesLoader(_SafeLoader):
    """A safe YAML loader that leaves timestamps as strings.

    PyYAML would build `date(2025, 2, 30)` itself and fail with a YAML error; keeping the string
    lets `clean` report an impossible `published` value as such (bad_published) with the value.

    It also refuses aliases (``*name``): metadata never needs them, and a few lines of nested
    aliases expand exponentially when the values are flattened to strings ("billion laughs").
    """

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        """Turn PyYAML's stray exceptions on explicit tags (``!!int _``, ``!!bool x``) into
        YAML errors with a position: they are bad metadata, not a reason to stop."""
        if node in self.constructed_objects or node in self.recursive_objects:
            # Only an alias reaches a node twice (libyaml composes without compose_node).
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in front matter", node.start_mark
            )
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as e:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read the value {node.value!r} ({e})", node.start_mark
            ) from e

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


_StringDatesLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str
)  # an explicit !!timestamp stays a string too
_StringDatesLoader.yaml_implicit_resolvers = {
    first_char: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first_char, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: str, decoded: str) -> SourceText | Rejection:
    """A plain text or Markdown file as one source text; YAML front matter becomes metadata."""
    meta: dict[str, str] = {}
    body = decoded
    opening = _FRONT_MATTER_OPEN.match(decoded)
    if opening:
        closing = _FRONT_MATTER_CLOSE.search(decoded, opening.end())
        if closing is None:
            return Rejection(
                path=path,
                reason="front matter opened with '---' on line 1 is never closed by a '---' line",
                error_class="bad_front_matter",
            )
        front_matter = _load_front_matter(path, decoded[opening.end() : closing.start()])
        if isinstance(front_matter, Rejection):
            return front_matter
        meta = front_matter
        body = decoded[closing.end() :]
    if not body.strip():
        where = " after the front matter" if opening else ""
        return Rejection(path=path, reason=f"the file has no text{where}", error_class="empty")
    return SourceText(path=path, text=body, meta=meta)


def _load_front_matter(path: str, source: str) -> dict[str, str] | Rejection:
    try:
        loaded = yaml.load(source, Loader=_StringDatesLoader)  # a SafeLoader subclass
    except RecursionError:
        return Rejection(
            path=path,
            reason="front matter is not valid YAML: nested too deeply to read",
            error_class="bad_front_matter",
        )
    except ValueError as error:  # a value PyYAML cannot build: an explicit !!timestamp, a huge int
        return Rejection(
            path=path,
            reason=f"front matter has a value that cannot be read: {error}",
            error_class="bad_front_matter",
        )
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        # +2: the mark is 0-based and counts from the line after the opening '---'.
        where = f" on line {mark.line + 2}" if mark is not None else ""
        return Rejection(
            path=path,
            reason=f"front matter is not valid YAML: {problem}{where}",
            error_class="bad_front_matter",
        )
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        return Rejection(
            path=path,
            reason=(
                "front matter must be a mapping of keys such as 'title:' and 'published:', "
                f"not a {_yaml_type_name(loaded)}"
            ),
            error_class="bad_front_matter",
        )
    return meta_from_mapping(loaded)


def _yaml_type_name(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "plain string"
    return type(value).__name__
