"""Near-duplicate story groups: shingles, MinHash signatures, LSH candidates, grouping."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from transforms.deduplication.components import groups_from_pairs, groups_of_several
from transforms.deduplication.near_duplicates import (
    JACCARD_THRESHOLD,
    WINDOW,
    SignatureMatrix,
    band_keys,
    candidate_pairs,
    containment,
    group_stories,
    is_near_duplicate,
    near_duplicate_pairs,
    similarity,
    story_groups,
)
from transforms.extraction.signature import NUM_HASHES, document_signature, shingles, signature
from transforms.ingestion.documents import clean
from transforms.model import Document, Signature, SourceText

REPO = Path(__file__).resolve().parents[2]

WIRE_BODY = """The central bank raised its main interest rate by a quarter of a percentage point on
Thursday, its third increase this year, saying inflation was still running well above target.

Governor Maria Lopez told reporters the bank was prepared to act again if price pressures did
not ease, adding that wage growth remained strong and the labour market tight.

Markets had expected the move after figures last week showed consumer prices rising at an
annual rate of 4.1 percent in March, up from 3.8 percent in February.

The decision was backed by six of the nine members of the monetary policy committee, while
three voted to keep rates on hold, according to minutes published alongside the statement.

Analysts said the split vote suggested the tightening cycle was nearing its end, and several
banks pushed back their forecasts for a first cut to the second half of next year.

The currency rose half a percent against the dollar after the announcement, while government
bond yields climbed to their highest level in more than a decade."""

# The same wire story as two outlets ran it: other headline and byline, ads, share prompts
# and related links added, one paragraph cut.
COPY_A = (
    "Central bank lifts rates again\n\nBy Tom Ward, Reuters\n\n"
    + WIRE_BODY
    + "\n\nSign up for our daily business newsletter.\n\nRelated: Ten ways to save money"
)
COPY_B = (
    "RATES UP FOR THIRD TIME\n\nAdvertisement\n\n"
    + WIRE_BODY.rsplit("\n\n", 1)[0]
    + ("\n\nShare this story on social media.\n\n(Reporting by Tom Ward; Editing by Ann Lee)")
)
# First two paragraphs only: an outlet's short version.
TRUNCATED = "\n\n".join(WIRE_BODY.split("\n\n")[:2])

# A different story on the same event, written independently: same names and numbers.
OTHER_REPORT = """Maria Lopez's central bank raised borrowing costs again on Thursday, the third
time this year, as it struggles to bring down inflation that hit 4.1 percent in March.

Six of nine policymakers voted for the quarter-point hike. Economists now see the first cut
only late next year, and the currency gained against the dollar on the news.

Critics in parliament said higher rates would hurt homeowners and small firms already
struggling with energy bills, and called on the government to review the bank's mandate."""

UNRELATED = """Heavy rain caused flooding across the northern region on Sunday, forcing hundreds
of families from their homes as rivers burst their banks, emergency services said.

Rescue teams used boats to reach villages cut off by the water, and the army was called in to
help build barriers around the regional capital, where the river was still rising."""


def test_shingles_ignore_case_punctuation_and_typography() -> None:
    assert shingles("The Bank's “rate” rose, sharply today.") == shingles(
        'the bank\'s "rate" ROSE sharply   today'
    )
    assert shingles("one two") == {"one two"}
    assert shingles("  ...  ") == set()
    assert len(shingles("a b c d e f")) == 2


def test_signatures_are_deterministic_across_processes() -> None:
    # Python's own hash() is salted per process; signatures must not be.
    code = (
        "from transforms.extraction.signature import signature;"
        "print(signature('The council approved the budget on Monday evening.').minhashes[:4])"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert outputs == {
        f"{signature('The council approved the budget on Monday evening.').minhashes[:4]}\n"
    }


def test_signature_shape_and_self_similarity() -> None:
    sig = signature(WIRE_BODY)
    assert len(sig.minhashes) == NUM_HASHES
    assert sig.shingles == len(shingles(WIRE_BODY))
    assert similarity(sig, sig) == 1.0


def test_estimated_similarity_tracks_exact_jaccard() -> None:
    a, b = shingles(COPY_A), shingles(COPY_B)
    exact = len(a & b) / len(a | b)
    estimate = similarity(signature(COPY_A), signature(COPY_B))
    assert abs(estimate - exact) < 0.15  # three standard errors at 128 hashes


def test_syndicated_copies_with_different_boilerplate_are_near_duplicates() -> None:
    a, b = signature(COPY_A), signature(COPY_B)
    assert similarity(a, b) >= JACCARD_THRESHOLD
    assert is_near_duplicate(a, b)


def test_a_truncated_copy_is_linked_by_containment() -> None:
    full, short = signature(COPY_A), signature(TRUNCATED)
    assert similarity(full, short) < JACCARD_THRESHOLD  # Jaccard alone would miss it
    assert containment(full, short) >= 0.8
    assert is_near_duplicate(full, short)


def test_independent_reports_of_the_same_event_are_not_duplicates() -> None:
    assert similarity(signature(WIRE_BODY), signature(OTHER_REPORT)) < 0.15
    assert not is_near_duplicate(signature(WIRE_BODY), signature(OTHER_REPORT))
    assert not is_near_duplicate(signature(WIRE_BODY), signature(UNRELATED))


def test_short_texts_are_not_linked_by_containment() -> None:
    brief = "The central bank raised its main interest rate by a quarter of a percentage point"
    assert containment(signature(WIRE_BODY), signature(brief)) >= 0.8
    assert not is_near_duplicate(signature(WIRE_BODY), signature(brief))


def test_empty_texts_are_never_duplicates() -> None:
    empty = signature("")
    assert empty.shingles == 0
    assert similarity(empty, empty) == 0.0
    assert not is_near_duplicate(empty, signature(""))
    assert band_keys(empty) == ()


def test_band_keys_are_stable_strings_shared_by_copies() -> None:
    keys_a, keys_b = band_keys(signature(COPY_A)), band_keys(signature(COPY_B))
    assert len(keys_a) == NUM_HASHES // 2
    assert all(key.split(":")[0].isdigit() for key in keys_a)
    assert set(keys_a) & set(keys_b)
    assert not set(keys_a) & set(band_keys(signature(UNRELATED)))


def test_story_groups() -> None:
    signatures = {
        "d-copy-b": signature(COPY_B),
        "a-copy-a": signature(COPY_A),
        "c-short": signature(TRUNCATED),
        "b-other": signature(OTHER_REPORT),
        "e-floods": signature(UNRELATED),
    }
    groups = story_groups(signatures)
    assert groups == {
        "a-copy-a": "a-copy-a",
        "b-other": "b-other",
        "c-short": "a-copy-a",
        "d-copy-b": "a-copy-a",
        "e-floods": "e-floods",
    }
    pairs = near_duplicate_pairs(signatures)
    assert [(a, b) for a, b, _ in pairs] == [
        ("a-copy-a", "c-short"),
        ("a-copy-a", "d-copy-b"),
        ("c-short", "d-copy-b"),
    ]
    assert all(0.0 < score <= 1.0 for _, _, score in pairs)
    # Order of arrival does not matter.
    assert story_groups(dict(reversed(list(signatures.items())))) == groups


def test_groups_from_pairs_names_groups_by_smallest_member() -> None:
    groups = groups_from_pairs(["c", "a", "d"], [("d", "c"), ("x", "d")])
    assert groups == {"a": "a", "c": "c", "d": "c", "x": "c"}


def test_group_stories_links_near_duplicates_and_names_groups_by_first_seen() -> None:
    # doc_id: (text, day of April 2024 it was first loaded); e-unsigned has no signature.
    stored = {
        "a-copy-a": (COPY_A, 12),
        "b-other": (OTHER_REPORT, 10),
        "c-short": (TRUNCATED, 11),
        "d-copy-b": (COPY_B, 11),
        "e-unsigned": (None, 9),
    }
    signatures = {doc_id: signature(text) for doc_id, (text, _) in stored.items() if text}
    first_seen = {doc_id: datetime(2024, 4, day) for doc_id, (_, day) in stored.items()}
    groups = group_stories(SignatureMatrix.of(signatures), first_seen)
    # The earliest-loaded member names the group (c-short and d-copy-b tie: doc_id decides);
    # another report of the same event stays apart, and so does a document with no signature.
    assert groups == {
        "a-copy-a": "c-short",
        "c-short": "c-short",
        "d-copy-b": "c-short",
        "b-other": "b-other",
        "e-unsigned": "e-unsigned",
    }
    assert groups_of_several(groups) == 1


def test_document_signature_ignores_wire_furniture() -> None:
    def document(text: str) -> Document:
        result = clean(SourceText("a.txt", text))
        assert isinstance(result, Document)
        return result

    body = WIRE_BODY.replace("The central bank", "LONDON (Reuters) - The central bank", 1)
    one = document("Bank lifts rates\n\nBy Tom Ward\n\n" + body + "\n\n(Editing by Ann Lee)")
    other = document("RATES RISE AGAIN\n\n" + body + "\n\n(Reporting by Sam Poe)")
    assert one.doc_id != other.doc_id
    assert document_signature(one) == document_signature(other)


def _every_pair(signatures: dict[str, Signature]) -> dict[str, str]:
    """Story groups by the rule's definition: every pair of documents compared."""
    ids = sorted(signatures)
    links = [
        (a, b)
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if is_near_duplicate(signatures[a], signatures[b])
    ]
    return groups_from_pairs(ids, links)


def _edited(text: str, rng: random.Random, edits: int) -> str:
    words = text.split()
    for _ in range(edits):
        words[rng.randrange(len(words))] = rng.choice(["council", "river", "Tuesday", "said"])
    return " ".join(words)


@pytest.mark.parametrize("seed", range(5))
def test_story_groups_equal_comparing_every_pair_when_buckets_are_small(seed: int) -> None:
    """Copies of a few stories, lightly edited: each bucket holds one story's copies, few
    enough to be compared pair by pair, so nothing differs from comparing every pair."""
    rng = random.Random(seed)
    stories = [WIRE_BODY, OTHER_REPORT, UNRELATED, TRUNCATED]
    signatures = {
        f"{s}-{c}": signature(_edited(story, rng, rng.randint(0, 40)))
        for s, story in enumerate(stories)
        for c in range(rng.randint(1, WINDOW + 1))
    }
    assert story_groups(signatures) == _every_pair(signatures)


TEMPLATE = (
    "The council of {town} met on {day} and approved the annual budget for schools, roads "
    "and parks, the mayor {name} said in a statement."
)


def test_thousands_of_templated_reports_are_grouped_with_a_bounded_number_of_comparisons() -> None:
    """3,000 reports from one template share most bands; a wire story's two copies hide
    among them. Each document is compared with at most `WINDOW` neighbours per band, not
    with every member of its buckets, and the copies are still found."""
    rng = random.Random(7)
    towns, names = ["Leeds", "Hull", "York", "Bath", "Ely"], ["Ann Lee", "Tom Ward", "Li Wei"]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    signatures = {
        f"t{i:05d}": signature(
            TEMPLATE.format(
                town=rng.choice(towns) + str(i), day=rng.choice(days), name=rng.choice(names)
            )
            + f" Item {i}."
        )  # fmt: skip
        for i in range(3000)
    }
    signatures["copy-a"], signatures["copy-b"] = signature(COPY_A), signature(COPY_B)
    matrix = SignatureMatrix.of(signatures)
    buckets = Counter(key for sig in signatures.values() for key in band_keys(sig))
    assert max(buckets.values()) > 1000  # the template fills buckets with thousands
    pairs = candidate_pairs(matrix)
    assert len(pairs) <= len(signatures) * (NUM_HASHES // 2) * WINDOW
    assert len(pairs) < len(signatures) ** 2 / 20
    groups = story_groups(signatures)
    assert groups["copy-b"] == groups["copy-a"] == "copy-a"
