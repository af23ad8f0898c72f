"""Resource loading: only bare language codes and resource names become paths."""

from __future__ import annotations

import pytest

from transforms.resources.loader import load_resource


def test_a_known_resource_loads() -> None:
    assert "countries" in load_resource("en", "actors.yaml")


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("../en", "actors.yaml"),
        ("en/../en", "actors.yaml"),
        ("en", "../en/actors.yaml"),
        ("EN", "actors.yaml"),
        ("en", "actors.py"),
    ],
)
def test_anything_else_is_refused_before_touching_the_disk(language: str, name: str) -> None:
    with pytest.raises(ValueError, match="not a resource"):
        load_resource(language, name)


def test_a_missing_language_says_which() -> None:
    with pytest.raises(FileNotFoundError, match="'xx'"):
        load_resource("xx", "actors.yaml")
