"""MEANTIME timex scoring: reading gold timexes and TempEval-3 style counts."""

from __future__ import annotations

from evaluation.meantime import TimexSpan, read_cat, score_timexes, timex_f1

CAT = """<Document doc_id="1" doc_name="x">
<token number="0" sentence="0" t_id="1">Apple</token>
<token number="1" sentence="0" t_id="2">news</token>
<token number="2" sentence="1" t_id="3">June</token>
<token number="3" sentence="1" t_id="4">9</token>
<token number="4" sentence="2" t_id="5">It</token>
<token number="5" sentence="2" t_id="6">rose</token>
<token number="6" sentence="2" t_id="7">last</token>
<token number="7" sentence="2" t_id="8">week</token>
<Markables>
<TIMEX3 m_id="1" type="DATE" value="2008-06-09" functionInDocument="CREATION_TIME">
<token_anchor t_id="3"/><token_anchor t_id="4"/></TIMEX3>
<TIMEX3 m_id="2" type="DATE" value="2008-W23">
<token_anchor t_id="7"/><token_anchor t_id="8"/></TIMEX3>
</Markables>
<Relations/>
</Document>"""


def test_read_cat_keeps_the_creation_time_apart_from_the_scored_timexes():
    cat = read_cat(CAT)
    assert cat.task.document.dct.isoformat() == "2008-06-09"
    assert cat.creation_tokens == (2, 3)
    assert cat.timexes == [TimexSpan(6, 7, "DATE", "2008-W23")]


def test_timex_counts_pair_identical_extents_first_then_overlaps():
    gold = [TimexSpan(0, 1, "DATE", "2008"), TimexSpan(4, 6, "DURATION", "P1W")]
    system = [
        TimexSpan(5, 5, "DURATION", "P2W"),  # overlaps the second: relaxed, type right
        TimexSpan(0, 1, "DATE", "2008"),  # identical to the first
        TimexSpan(9, 9, "DATE", "2009"),  # spurious
    ]
    counts = score_timexes(gold, system)
    assert counts == {"system": 3, "gold": 2, "strict": 1, "relaxed": 2, "value": 1, "type": 2}
    f1 = timex_f1(counts)
    assert f1["relaxed"] == 0.8  # P 2/3, R 2/2
    assert f1["value"] == 0.4  # P 1/3, R 1/2
