"""The views: one model per file, in layers applied in order, each reading only tables and
models of earlier layers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warehouse.connection import MODEL_LAYERS, MODELS_DIR, connect, model_files
from warehouse.contract import SCHEMAS

_VIEW = re.compile(r"CREATE OR REPLACE VIEW (\w+) AS", re.IGNORECASE)
_READS = re.compile(r"\b(?:FROM|JOIN)\s+([a-z_]\w*)", re.IGNORECASE)
_CTE = re.compile(r"\b(\w+) AS \(", re.IGNORECASE)


def _layer(model: Path) -> int:
    return MODEL_LAYERS.index(model.parent.name)


def _sql(model: Path) -> str:
    """The model's text without comments (they name other views in prose)."""
    return re.sub(r"--[^\n]*", "", model.read_text(encoding="utf-8"))


def test_every_model_folder_is_a_layer_and_every_layer_has_models() -> None:
    assert sorted(p.name for p in MODELS_DIR.iterdir() if p.is_dir()) == sorted(MODEL_LAYERS)
    assert {model.parent.name for model in model_files()} == set(MODEL_LAYERS)
    assert [_layer(model) for model in model_files()] == sorted(_layer(m) for m in model_files())


@pytest.mark.parametrize("model", model_files(), ids=lambda path: path.stem)
def test_a_model_creates_the_one_view_its_file_names(model: Path) -> None:
    assert _VIEW.findall(_sql(model)) == [model.stem]


@pytest.mark.parametrize("model", model_files(), ids=lambda path: path.stem)
def test_a_model_reads_only_tables_and_models_of_earlier_layers(model: Path) -> None:
    earlier = {other.stem for other in model_files() if _layer(other) < _layer(model)}
    text = _sql(model)
    own_ctes = set(_CTE.findall(text))
    reads = set(_READS.findall(text)) - own_ctes
    assert reads, f"{model.name} reads nothing"
    assert reads <= set(SCHEMAS) | earlier, f"{model.name} reads {reads - set(SCHEMAS)}"


def test_connect_creates_exactly_the_models_views() -> None:
    con = connect(":memory:")
    views = {
        name
        for (name,) in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal"
        ).fetchall()
    }
    assert views == {model.stem for model in model_files()}
    con.close()
