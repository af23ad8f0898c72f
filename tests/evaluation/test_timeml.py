"""TimeML round trips: text byte-identical, TIMEX3 replaced, other markup kept and nested."""

from __future__ import annotations

import html
import re
from datetime import date

from evaluation.timeml import read_timeml, write_timeml
from transforms.model import Timex

DOC = (
    '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>X1</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" temporalFunction="false" '
    'functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>\n'
    '<TEXT>\nAT&amp;T <EVENT eid="e1" class="REPORTING">said</EVENT> '
    '<SIGNAL sid="s1">on</SIGNAL> <TIMEX3 tid="t1" type="DATE" value="1998-01-05">Monday'
    '</TIMEX3> that sales <EVENT eid="e2" class="OCCURRENCE">rose</EVENT> '
    '<TIMEX3 tid="t2" type="DURATION" value="P1W">last week</TIMEX3>.\n</TEXT>\n'
    '<TLINK lid="l1" relType="BEFORE" timeID="t1" relatedToTime="t0"/>\n</TimeML>\n'
)


def _plain(xml: str) -> str:
    text = re.search(r"<TEXT>(.*)</TEXT>", xml, re.DOTALL).group(1)
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def _timex(text: str, phrase: str, value: str, type_: str = "DATE") -> Timex:
    start = text.index(phrase)
    return Timex(start, start + len(phrase), phrase, type_, value)  # type: ignore[arg-type]


def test_reads_the_dct_and_the_plain_text_with_entities_decoded() -> None:
    document = read_timeml(DOC)
    assert document.dct == date(1998, 1, 8)
    assert document.text == "\nAT&T said on Monday that sales rose last week.\n"


def test_existing_timexes_are_replaced_and_the_text_is_unchanged() -> None:
    document = read_timeml(DOC)
    monday = _timex(document.text, "Monday", "1998-01-05")
    out = write_timeml(document, [monday])
    assert _plain(out) == document.text
    text_part = out[out.index("<TEXT>") : out.index("</TEXT>")]
    assert re.findall(r"<TIMEX3[^>]*>([^<]*)</TIMEX3>", text_part) == ["Monday"]
    assert 'value="1998-01-05"' in text_part and "P1W" not in text_part
    assert '<EVENT eid="e2" class="OCCURRENCE">rose</EVENT>' in out
    assert '<SIGNAL sid="s1">on</SIGNAL> <TIMEX3' in out  # the signal stays outside
    assert out.count('functionInDocument="CREATION_TIME"') == 1  # DCT untouched
    assert 'tid="t0"' in out and 'tid="t1"' in out  # new ids follow the DCT's


def test_a_timex_next_to_an_entity_keeps_the_entity_raw() -> None:
    document = read_timeml(DOC)
    out = write_timeml(document, [_timex(document.text, "AT&T", "XXXX")])
    assert "<TIMEX3" in out and "AT&amp;T</TIMEX3>" in out
    assert _plain(out) == document.text


def test_a_timex_that_would_cross_existing_markup_is_left_out() -> None:
    document = read_timeml(DOC)
    crossing = _timex(document.text, "aid on", "1998-01-08")  # starts inside the EVENT
    out = write_timeml(document, [crossing, _timex(document.text, "last week", "1997-W01")])
    assert out.count("<TIMEX3 tid=") == 2  # the DCT's and "last week"
    assert _plain(out) == document.text


def test_a_timex_may_wrap_whole_elements() -> None:
    document = read_timeml(DOC)
    out = write_timeml(document, [_timex(document.text, "said on", "1998-01-08")])
    assert '<TIMEX3 tid="t1" type="DATE" value="1998-01-08"><EVENT' in out
    assert "on</SIGNAL></TIMEX3>" in out
    assert _plain(out) == document.text


def test_mod_is_written_when_present() -> None:
    document = read_timeml(DOC)
    start = document.text.index("last week")
    week = Timex(start, start + 9, "last week", "DURATION", "P1W", mod="APPROX")
    assert 'mod="APPROX"' in write_timeml(document, [week])
