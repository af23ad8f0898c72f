"""The README is the manual, and what it says is checked: every column of the `timeline`
view, every role and every event type is explained, and every query of its cookbook runs
on a real warehouse (the seed article, through the ingest flow) and returns rows with the
columns it documents."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import get_args

import duckdb
import pytest

from cli.main import main
from transforms.model import Role
from transforms.resources.loader import load_resource
from warehouse.connection import connect

README = Path(__file__).resolve().parents[2] / "README.md"
MIN_COOKBOOK_QUERIES = 8


def _section(title: str) -> str:
    """The README's text under `## title`, up to the next `## ` heading."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def _cookbook() -> list[tuple[list[str], str]]:
    """(documented columns, query) for each ```sql block of the cookbook."""
    queries = []
    for block in re.findall(r"```sql\n(.*?)```", _section("Query cookbook"), re.DOTALL):
        first = block.splitlines()[0]
        assert first.startswith("-- columns: "), f"undocumented columns: {first!r}"
        columns = [name.strip() for name in first.removeprefix("-- columns: ").split(",")]
        queries.append((columns, block))
    return queries


def _table_rows(section: str, header: str) -> list[list[str]]:
    """The cells of the markdown table whose header row starts with `| header |`."""
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_the_readme_explains_every_timeline_column_in_the_order_select_star_shows() -> None:
    con = connect(":memory:")
    columns = [d[0] for d in con.execute("SELECT * FROM timeline LIMIT 0").description]
    documented = [
        name.strip().strip("`")
        for cells in _table_rows(_section("The warehouse"), "column")
        for name in cells[0].split(",")
    ]
    assert documented == columns
    assert columns[:6] == ["date_value", "actor", "role", "trigger", "event_type", "sentence"]


def test_the_readme_explains_every_role_and_every_event_type() -> None:
    section = _section("The warehouse")
    roles = section[section.index("**Roles**") : section.index("**Event types**")]
    for role in get_args(Role):
        assert f"`{role}`," in roles, f"role {role} is not explained"
    quad_classes = load_resource("en", "plover.yaml")["quad_classes"]
    rows = {cells[0].strip("`"): cells for cells in _table_rows(section, "type")}
    assert set(rows) == set(quad_classes)
    for category, quad_class in quad_classes.items():
        assert rows[category][1] == quad_class, category
        assert len(rows[category][2]) > 10, f"{category} has no meaning"


@pytest.fixture(scope="module")
def seeded_warehouse(prefect_harness, repo: Path, tmp_path_factory) -> Path:
    from flows.ingest import ingest

    work = tmp_path_factory.mktemp("readme")
    inbox = work / "inbox"
    shutil.copytree(repo / "seeds", inbox)
    (inbox / "broken.json").write_text("{not json", encoding="utf-8")  # a quarantine row
    # no publication date, so "on Friday" cannot be anchored: an undated event
    (inbox / "undated.txt").write_text(
        "Negotiators met in Geneva on Friday to discuss the ceasefire.\n", encoding="utf-8"
    )
    db = work / "chronicle.duckdb"
    ingest(paths=[str(inbox)], db=str(db), render_charts_after=False)
    return db


@pytest.mark.slow
def test_every_cookbook_query_returns_rows_with_its_documented_columns(
    seeded_warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = _cookbook()
    assert len(queries) >= MIN_COOKBOOK_QUERIES
    with duckdb.connect(str(seeded_warehouse), read_only=True) as con:
        for columns, query in queries:
            cursor = con.execute(query)
            assert [d[0] for d in cursor.description] == columns, query
            assert cursor.fetchall(), f"no rows:\n{query}"
    for _, query in queries:  # and as a user runs them
        assert main(["sql", query, "--db", str(seeded_warehouse)]) == 0, query
    assert "Kim Jong Un" in capsys.readouterr().out
