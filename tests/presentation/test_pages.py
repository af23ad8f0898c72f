"""The Vega runtime the chart pages share: bundled once per vl-convert and Vega-Lite
version, then read back by every later run."""

from __future__ import annotations

from pathlib import Path

import pytest
import vl_convert as vlc

from presentation.pages import CACHE_ENV, VL_VERSION, runtime_cache_path, vega_runtime


@pytest.fixture
def fresh_runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    vega_runtime.cache_clear()
    yield tmp_path
    vega_runtime.cache_clear()


def test_the_runtime_is_kept_under_its_versions_and_read_back(fresh_runtime: Path) -> None:
    bundle = vega_runtime()
    cached = runtime_cache_path()
    assert cached.parent == fresh_runtime
    assert f"vl{VL_VERSION}" in cached.name and vlc.__version__ in cached.name
    assert cached.read_text(encoding="utf-8") == bundle
    assert len(bundle) > 500_000 and "vega-embed" in bundle
    cached.write_text("// the kept runtime", encoding="utf-8")
    vega_runtime.cache_clear()  # a later process
    assert vega_runtime() == "// the kept runtime"


def test_a_cache_that_cannot_be_written_costs_only_the_bundling(
    fresh_runtime: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = fresh_runtime / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocked / "cache"))  # a folder below a file
    assert "vega-embed" in vega_runtime()
    assert not runtime_cache_path().exists()
