"""Checking loaded YAML against a typed declaration of what the file may hold.

A resource file's shape is declared once, as `TypedDict`s in `schema.py`; this module walks
the loaded data alongside that declaration. An unknown key, a missing required key or a value
of the wrong kind is an error that names the file and the place in it (a rule by its name),
so that a misspelt key can no longer turn silently into an empty list.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Annotated, Any, Literal, NotRequired, Required, Union


class ResourceError(ValueError):
    """A rule or lexicon file that does not have the shape its schema declares."""


class NonEmpty:
    """`Annotated[list[X], NON_EMPTY]`: the list must hold at least one item."""

    def __repr__(self) -> str:
        return "NON_EMPTY"


NON_EMPTY = NonEmpty()


def check(value: Any, expected: Any, where: str) -> None:
    """Raise `ResourceError` unless `value` has the shape of the type `expected`.

    `where` names the place for the message ("timex.yaml: rules['weekday'].type").
    """
    origin = typing.get_origin(expected)
    arguments = typing.get_args(expected)
    if expected is Any:
        return
    if origin is Annotated:
        check(value, arguments[0], where)
        if NON_EMPTY in arguments[1:] and not value:
            raise ResourceError(f"{where}: must not be empty")
        return
    if origin in (Required, NotRequired):
        check(value, arguments[0], where)
        return
    if typing.is_typeddict(expected):
        _check_record(value, expected, where)
    elif origin is Literal:
        if value not in arguments or isinstance(value, bool) != any(
            isinstance(a, bool) for a in arguments
        ):
            choices = ", ".join(repr(a) for a in arguments)
            raise ResourceError(f"{where}: {value!r} is not one of {choices}")
    elif origin in (Union, types.UnionType):
        _check_union(value, arguments, where)
    elif origin is list:
        _expect(isinstance(value, list), value, "a list", where)
        for index, item in enumerate(value):
            check(item, arguments[0], f"{where}[{_item_label(item, index)}]")
    elif origin is tuple:
        size = len(arguments)
        _expect(isinstance(value, list) and len(value) == size, value, f"{size} items", where)
        for index, (item, kind) in enumerate(zip(value, arguments, strict=True)):
            check(item, kind, f"{where}[{index}]")
    elif origin is dict:
        _expect(isinstance(value, dict), value, "a mapping", where)
        for key, item in value.items():
            try:
                check(key, arguments[0], where)
            except ResourceError:
                wanted = _name(arguments[0])
                raise ResourceError(f"{where}: key {key!r} is not {wanted}{_hint(key)}") from None
            check(item, arguments[1], f"{where}[{key!r}]")
    else:
        _expect(_is_instance(value, expected), value, _name(expected), where)


def _check_record(value: Any, record: Any, where: str) -> None:
    _expect(isinstance(value, dict), value, "a mapping", where)
    fields = typing.get_type_hints(record, include_extras=True)
    for key in value:
        if key not in fields:
            known = ", ".join(fields)
            raise ResourceError(f"{where}: unknown key {key!r}{_hint(key)} (known: {known})")
    for key in sorted(record.__required_keys__):
        if key not in value:
            raise ResourceError(f"{where}: missing required key {key!r}")
    for key, item in value.items():
        check(item, fields[key], f"{where}.{key}" if ": " in where else f"{where}: {key}")


def _check_union(value: Any, arguments: tuple[Any, ...], where: str) -> None:
    errors = []
    for option in arguments:
        try:
            check(value, option, where)
            return
        except ResourceError as error:
            errors.append(str(error))
    options = " or ".join(_name(option) for option in arguments)
    raise ResourceError(f"{where}: {value!r} is not {options}{_hint(value)}")


def _item_label(item: Any, index: int) -> str:
    """A list item by its name when it has one (a rule), else by its position."""
    if isinstance(item, Mapping) and isinstance(item.get("name"), str):
        return repr(item["name"])
    return str(index)


def _is_instance(value: Any, kind: Any) -> bool:
    if kind is Any:
        return True
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _expect(ok: bool, value: Any, wanted: str, where: str) -> None:
    if not ok:
        raise ResourceError(f"{where}: expected {wanted}, found {value!r}{_hint(value)}")


def _hint(value: Any) -> str:
    if isinstance(value, bool):
        return " (YAML reads an unquoted yes/no/on/off as true or false: quote the word)"
    return ""


def _name(kind: Any) -> str:
    if typing.is_typeddict(kind):
        return "a mapping"
    if isinstance(kind, type):
        return {"str": "a string", "int": "a whole number", "bool": "true or false"}.get(
            kind.__name__, kind.__name__
        )
    return str(kind).replace("typing.", "")
