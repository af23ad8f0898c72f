"""The whole pipeline on the seed article, through Prefect, into a temporary warehouse."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from presentation.values import counted

pytestmark = pytest.mark.slow

TABLES = ("documents", "sources", "events", "actors", "event_actors", "quarantine", "timeline")


@pytest.fixture(scope="module")
def seeded(prefect_harness, repo: Path, tmp_path_factory: pytest.TempPathFactory):
    from flows.ingest import ingest as pipeline

    work = tmp_path_factory.mktemp("pipeline")
    inbox = work / "inbox"
    shutil.copytree(repo / "seeds", inbox)
    (inbox / "broken.json").write_text("{not json", encoding="utf-8")
    db, charts = work / "chronicle.duckdb", work / "charts"
    first = pipeline(paths=[str(inbox)], db=str(db), charts=str(charts))
    with duckdb.connect(str(db), read_only=True) as con:
        counts_after_first = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES
        }
    second = pipeline(paths=[str(inbox)], db=str(db), charts=str(charts))
    return {
        "db": db,
        "charts": charts,
        "first": first,
        "second": second,
        "counts_after_first": counts_after_first,
    }


def _rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_runs_leave_no_staged_batches_behind(seeded) -> None:
    root = Path(f"{seeded['db']}.staging")
    assert root.is_dir(), "the workers should have staged batches beside the warehouse"
    assert list(root.iterdir()) == []


def test_kim_jong_un_has_an_event_on_the_publication_day(seeded) -> None:
    rows = _rows(
        seeded["db"],
        "SELECT trigger, date_basis FROM timeline "
        "WHERE actor = ? AND date_start = DATE '2025-05-09'",
        "Kim Jong Un",
    )
    assert rows, "no event dated 2025-05-09 with Kim Jong Un"


def test_putin_is_an_actor_with_a_dated_event(seeded) -> None:
    rows = _rows(
        seeded["db"],
        "SELECT count(*) FROM timeline WHERE actor = ? AND date_start IS NOT NULL",
        "Vladimir Putin",
    )
    assert rows[0][0] > 0


def test_no_event_is_dated_after_the_publication_year(seeded) -> None:
    rows = _rows(
        seeded["db"], "SELECT trigger, date_value FROM timeline WHERE date_end > DATE '2025-12-31'"
    )
    assert rows == []


def test_credit_line_and_byline_names_are_not_actors(seeded) -> None:
    actors = {name for (name,) in _rows(seeded["db"], "SELECT name FROM actors")}
    for journalist in ("Ju-min Park", "Muralikumar Anantharaman", "Philippa Fletcher"):
        assert not any(journalist.split()[-1] in a for a in actors), actors


def test_every_timeline_row_carries_its_provenance(seeded) -> None:
    rows = _rows(
        seeded["db"],
        "SELECT t.char_start, t.char_end, t.trigger, d.text, t.sentence, t.date_basis, "
        "t.timex_start, t.timex_end, t.date_text, t.dct_basis "
        "FROM timeline t JOIN documents d USING (doc_id)",
    )
    assert rows
    for start, end, trigger, text, sentence, basis, tx_start, tx_end, date_text, dct in rows:
        assert text[start:end] == trigger
        assert trigger in sentence
        assert basis in ("explicit", "relative", "dct", "unanchored")
        assert dct == "metadata"
        if date_text is not None:
            assert text[tx_start:tx_end] == date_text
    assert {r[5] for r in rows} >= {"relative", "dct"}


def test_bad_input_is_quarantined_and_the_rest_goes_on(seeded) -> None:
    rows = _rows(seeded["db"], "SELECT path, reason, error_class FROM quarantine")
    assert [Path(p).name for p, _, _ in rows] == ["broken.json"]
    assert seeded["first"].totals["documents"] == 1


def test_a_second_run_changes_no_count(seeded) -> None:
    with duckdb.connect(str(seeded["db"]), read_only=True) as con:
        after_second = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    assert after_second == seeded["counts_after_first"]
    assert seeded["second"].documents_new == 0
    assert seeded["second"].documents_skipped == 1
    assert seeded["second"].events_written == 0
    assert seeded["second"].charts == []  # nothing changed: the charts were not redrawn


def test_the_dashboard_header_reports_the_run_that_drew_it_once_its_row_is_final(
    seeded,
) -> None:
    page = (seeded["charts"] / "index.html").read_text(encoding="utf-8")
    first = seeded["first"]
    assert f"Drawn after run <code>{first.run_id}</code> (completed, finished 20" in page
    assert (
        f"it read {counted(first.documents_seen, 'documents')} ({first.documents_new} new, "
        f"0 changed, 0 unchanged; 1 input quarantined) and wrote "
        f"{counted(first.events_written, 'events')}." in page
    )
    assert first.events_written > 0 and "running" not in page.split("<table", 1)[0]
    # The second run changed nothing, so the page it left is still the first run's, and true.
    assert seeded["second"].run_id not in page


def test_charts_are_written_and_linked_from_the_index(seeded) -> None:
    index = seeded["charts"] / "index.html"
    assert index.is_file()
    html_charts = [
        Path(p)
        for p in seeded["first"].charts
        if p.endswith(".html") and not p.endswith("index.html")
    ]
    assert html_charts
    for chart in html_charts:
        assert chart.name in index.read_text(encoding="utf-8")
        assert chart.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_article_edited_in_place_replaces_its_old_version(
    prefect_harness, tmp_path: Path
) -> None:
    from flows.ingest import ingest as pipeline

    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    story = inbox / "story.md"
    story.write_text(
        "---\npublished: 2024-03-08\n---\nAna Lopez visited Madrid on Monday.\n", encoding="utf-8"
    )
    first = pipeline(paths=[str(inbox)], db=str(db), render_charts_after=False)
    story.write_text(
        "---\npublished: 2024-03-08\n---\nAna Lopez visited Lima on Tuesday.\n", encoding="utf-8"
    )
    second = pipeline(paths=[str(inbox)], db=str(db), render_charts_after=False)
    assert (first.documents_new, second.documents_new, second.documents_changed) == (1, 0, 1)
    assert second.totals["documents"] == 1
    places = {name for (name,) in _rows(db, "SELECT name FROM actors WHERE actor_type = 'place'")}
    assert places == {"Lima"}
    assert _rows(db, "SELECT DISTINCT date_value FROM timeline WHERE trigger = 'visited'") == [
        ("2024-03-05",)
    ]


def test_the_run_publishes_its_summary_dashboard_link_and_busiest_actors(seeded) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:

        def latest(key: str):
            found = client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
            )
            assert found, f"no artifact {key}"
            return max(found, key=lambda a: a.created)

        summary = latest("chronicle-run")
        link = latest("chronicle-dashboard")
        actors = latest("chronicle-busiest-actors")
    assert "documents in warehouse | 1" in summary.data
    assert (seeded["charts"] / "index.html").resolve().as_uri() in link.data
    assert "Kim Jong Un" in str(actors.data)


def test_every_event_has_its_duplicate_cluster_after_a_run(seeded) -> None:
    rows = _rows(
        seeded["db"],
        "SELECT count(*), count(c.cluster_id) FROM events e LEFT JOIN event_clusters c "
        "USING (event_id)",
    )
    events, clustered = rows[0]
    assert events > 0 and clustered == events


def test_a_copy_in_a_later_batch_is_one_document_with_both_paths(
    prefect_harness, tmp_path: Path
) -> None:
    from flows.ingest import ingest as pipeline

    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    story = "---\npublished: 2024-03-08\n---\nAna Lopez visited Madrid on Monday.\n"
    (inbox / "a.md").write_text(story, encoding="utf-8")
    (inbox / "b.md").write_text(story.replace("Madrid", "Lima"), encoding="utf-8")
    (inbox / "c.md").write_text(story, encoding="utf-8")
    summary = pipeline(paths=[str(inbox)], db=str(db), batch_size=1, render_charts_after=False)
    assert summary.totals["documents"] == 2
    rows = _rows(db, "SELECT doc_id, count(*) FROM sources GROUP BY ALL ORDER BY 2")
    assert [n for _, n in rows] == [1, 2]


def test_rebuild_reextracts_documents_of_an_older_extractor(
    prefect_harness, tmp_path: Path, repo: Path
) -> None:
    from flows.ingest import ingest as pipeline
    from flows.rebuild import rebuild
    from pipeline.version import extractor_version

    db = tmp_path / "w.duckdb"
    pipeline(paths=[str(repo / "seeds")], db=str(db), render_charts_after=False)
    events_before = _rows(db, "SELECT count(*) FROM events")[0][0]
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE documents SET extractor_version = 'older-rules'")
    summary = rebuild(db=str(db), charts=str(tmp_path / "charts"))
    assert summary.documents_seen == 1 and summary.documents_changed == 1
    assert _rows(db, "SELECT DISTINCT extractor_version FROM documents") == [(extractor_version(),)]
    assert _rows(db, "SELECT count(*) FROM events")[0][0] == events_before
    again = rebuild(db=str(db), charts=str(tmp_path / "charts"))
    assert again.documents_seen == 0
