"""SemEval-2015 Task 4: reading TimeML, entity mentions, timeline lines and files."""

from __future__ import annotations

from datetime import date

from evaluation.semeval2015 import (
    TimelineEntry,
    anchor_of,
    entity_mentions,
    format_timeline,
    order_timeline,
    read_timeml,
    timeline_filename,
)

DOC = """<?xml version='1.0' encoding='utf-8'?>
<TimeML><DOCID>123</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE" value="2010-06-08">\
2010-06-08</TIMEX3></DCT>
<EXTRAINFO>Apple unveils iPhone 4</EXTRAINFO>
<TEXT><s id="1">June 8 , 2010</s><s id="2">Yesterday , Steve Jobs <EVENT eid="e1">unveiled</EVENT> \
the iPhone 4 at Apple 's conference .</s><s id="3">Jobs said the 3G iPhone was " old " .</s>\
</TEXT></TimeML>
"""


def test_read_timeml_keeps_task_tokens_and_detokenises_the_text() -> None:
    task = read_timeml(DOC)
    doc = task.document
    assert (doc.doc_id, doc.dct, doc.title) == ("123", date(2010, 6, 8), "Apple unveils iPhone 4")
    assert doc.text.startswith(
        "June 8, 2010 Yesterday, Steve Jobs unveiled the iPhone 4 at Apple's"
    )
    assert 'was "old".' in doc.text
    for token in task.tokens:  # every task token is where its offsets say
        assert doc.text[token.start : token.end] == token.text
    assert [t.sentence_id for t in task.tokens if t.text == "unveiled"] == [2]
    assert sum(task.sentence_starts) == 3


def test_file_names_follow_the_task() -> None:
    assert timeline_filename("S&P 500") == "s&p_500.txt"
    assert timeline_filename("Steve Jobs") == "steve_jobs.txt"


def test_anchor_keeps_dates_months_and_years_and_drops_the_rest() -> None:
    assert anchor_of("2010-06-07") == "2010-06-07"
    assert anchor_of("2011-03") == "2011-03"
    assert anchor_of("1976") == "1976"
    assert anchor_of("2010-06-07T10:00") == "2010-06-07"
    assert anchor_of("PRESENT_REF") is None
    assert anchor_of("2010-W23") is None
    assert anchor_of("XXXX-XX-07") is None
    assert anchor_of(None) is None


def test_entity_mentions_full_name_short_forms_and_word_order() -> None:
    task = read_timeml(DOC)
    texts = lambda spans: [" ".join(t.text for t in task.tokens[a : b + 1]) for a, b in spans]  # noqa: E731
    assert texts(entity_mentions(task, "Steve Jobs")) == ["Steve Jobs", "Jobs"]
    assert texts(entity_mentions(task, "iPhone 3G")) == ["3G iPhone"]
    iphone = entity_mentions(task, "iPhone")  # "iPhone 4" (sentence 2) is another name
    assert [task.tokens[a].sentence_id for a, _ in iphone] == [3]


def test_order_timeline_groups_by_anchor_and_sends_unanchored_to_zero() -> None:
    entries = [
        TimelineEntry("2010-06-07", "1-2-unveiled", "1", 30),
        TimelineEntry("2010-06", "1-3-said", "1", 50),
        TimelineEntry(None, "1-4-was", "1", 70),
        TimelineEntry("2010-06-07", "1-2-introduced", "1", 40),
        TimelineEntry("2010-06-07", "1-2-unveiled", "1", 30),
    ]
    lines = order_timeline(entries)
    assert lines == [
        (0, "XXXX-XX-XX", ["1-4-was"]),
        (1, "2010-06", ["1-3-said"]),
        (2, "2010-06-07", ["1-2-unveiled"]),
        (2, "2010-06-07", ["1-2-introduced"]),
    ]
    text = format_timeline("Steve Jobs", lines)
    assert text.splitlines()[0] == "Steve Jobs"
    assert text.splitlines()[2] == "1\t2010-06\t1-3-said"
