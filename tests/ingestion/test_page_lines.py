"""Page furniture by the line: captions, credits, promos, timestamps, subheads, related links
and section labels stay in the text but out of the content. Every page here is invented."""

from __future__ import annotations

import pytest

from tests.ingestion.helpers import cleaned, content_text, overlaps_content
from transforms.ingestion.layout import analyse_layout
from transforms.ingestion.lines import line_kind, line_rules
from transforms.ingestion.wire import wire_rules

STORY = "The council approved the harbour plan on Tuesday."
MORE = "Work will start in the spring, the mayor said."


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Fans wave flags on the quay in Porto on Sunday. (AP Photo/Jane Doe)", "caption"),
        ("The mayor speaks in Lyon on March 3, 2031. Jane Doe / Getty Images", "caption"),
        ("© Example Agency", "credit"),
        ("Jane Doe/AFP via Getty Images", "credit"),
        ("Read next: Ferry strike called off", "promo"),
        ("Live updates: Storm reaches the coast", "promo"),
        ("Sign up for our morning newsletter", "promo"),
        ("Support The Example Courier!", "promo"),
        ("Become a member and support independent journalism.", "promo"),
        ("30 Sep 2031, 03:15 AM EDT", "timestamp"),
        ("Updated 10:42 AM EDT", "timestamp"),
        ("ALSO READ: Port reopens after strike", "related"),
        ("Here's the latest:", "section_label"),
        ("What the plan means for residents", "subhead"),
        ("How much will it cost?", "subhead"),
        ("— Harbour Board (@ExampleHarbour) March 3, 2031", "social"),
        ("Skip to main content", "chrome"),
        ("Enlarge this image", "chrome"),
        ("Story continues below advertisement", "chrome"),
        ("Home > World > Asia", "chrome"),
        ("Sign up here.", "promo"),
        ("01:45 - Source: CNN", "chrome"),
        ("In brief:", "section_label"),
        ("This article was originally published on Example News.", "credit"),
        ("list of 3 items", "related"),
        ("Image caption, Rescue teams reach the mine on Tuesday evening", "caption"),
        ("Copyright 2031 The Example Press. All Rights Reserved.", "credit"),
        ("Example Press writer Jane Doe contributed to this report.", "credit"),
        (STORY, "story"),
    ],
)
def test_each_kind_of_line(line: str, kind: str) -> None:
    assert line_kind(line, line_rules("en")) == kind
    document = cleaned(f"{STORY}\n{line}\n{MORE}")
    if kind == "story":
        return
    assert not overlaps_content(document, line)
    assert content_text(document) == f"{STORY}\n{MORE}"
    assert line in document.text  # kept in the stored text, offsets unchanged


def test_a_page_with_its_furniture() -> None:
    page = (
        "Skip to main content\n"
        "Harbour plan approved\n"
        "By Jane Doe, ECN\n"
        "Updated: 4 March 2031 | 10:42 IST\n"
        "Cranes stand idle at the old port on Monday. (Photo: Jane Doe)\n"
        "PORTLAND, Maine — The council approved the harbour plan on Tuesday.\n"
        "Live updates: The vote, minute by minute\n"
        "Work will start in the spring, the mayor said.\n"
        "What happens next\n"
        "Contractors will bid for the work in April.\n"
        "ALSO READ: Ferry strike called off\n"
        "Sign up for our morning newsletter\n"
    )
    document = cleaned(page)
    furniture = (document.title, document.byline, document.source, document.place)
    assert furniture == ("Harbour plan approved", "Jane Doe", "ECN", "Portland, Maine")
    assert content_text(document) == (
        "The council approved the harbour plan on Tuesday.\n"
        "Work will start in the spring, the mayor said.\n"
        "Contractors will bid for the work in April."
    )


def test_every_line_has_a_kind_and_offsets_point_into_the_text() -> None:
    page = "Harbour plan approved\n\n© Example Agency\n\nThe council met.\nMore later.\n"
    layout = analyse_layout(page, wire_rules("en"), line_rules("en"))
    assert [line.kind for line in layout.lines] == ["headline", "credit", "story", "story"]
    for line in layout.lines:
        assert (
            page[line.span.start : line.span.end] == page[line.span.start : line.span.end].strip()
        )
    assert [page[s.start : s.end] for s in layout.content] == ["The council met.", "More later."]


def test_a_dateline_after_a_banner_and_captions_opens_the_story() -> None:
    page = (
        "Welcome to the Example.com preview. Read our note on what has changed.\n"
        "Divers search the harbour on Monday. Jane Doe / Example Images\n"
        "A ferry waits at the quay.\n"
        "OSLO (Reuters) - Divers found the missing boat on Monday.\n"
        "It had sunk in the storm."
    )
    document = cleaned(page)
    assert document.place == "Oslo"
    assert (
        content_text(document)
        == "Divers found the missing boat on Monday.\nIt had sunk in the storm."
    )


def test_a_page_timestamp_run_into_the_first_sentence_is_not_content() -> None:
    document = cleaned("date 2031-03-04 Divers found the missing boat on Monday.\nIt had sunk.")
    assert content_text(document) == "Divers found the missing boat on Monday.\nIt had sunk."


def test_lines_are_boundaries_but_a_wrapped_sentence_is_one_line() -> None:
    document = cleaned(
        "The council approved the plan on Tuesday after a long\n"
        "debate that ran late into the night.\n"
        "Work starts in spring."
    )
    assert [document.text[s.start : s.end] for s in document.content] == [
        "The council approved the plan on Tuesday after a long\n"
        "debate that ran late into the night.",
        "Work starts in spring.",
    ]


def test_a_story_listed_above_the_page_s_own_is_not_its_headline() -> None:
    page = (
        "Published On 4 Jul 2031\nlist of 3 items\nFerry strike ends in Port Alder\n"
        "Talks stalled in May\nend of list\nHarbour deal signed\n"
        f"{STORY}\n{MORE}"
    )
    document = cleaned(page)
    assert document.title == "Harbour deal signed"
    assert content_text(document) == f"{STORY}\n{MORE}"


def test_furniture_is_never_part_of_a_wrapped_sentence() -> None:
    page = f"Listen to this article\nlist of 3 items\n{STORY}\nJane Doe/AP\ntoggle caption\n{MORE}"
    document = cleaned(page)
    assert content_text(document) == f"{STORY}\n{MORE}"


def test_promo_words_inside_a_story_sentence_are_story() -> None:
    # The same words in a sentence of the story do not make it furniture.
    for sentence in (
        "Support for the plan grew on Monday, a poll showed.",
        "In a newsletter to investors on Friday, the fund said it had sold the stake.",
        "Related charges against the captain were dropped on Thursday.",
        "Updated figures released on Monday showed 40 people had died.",
    ):
        document = cleaned(f"{STORY}\n{sentence}")
        assert content_text(document) == f"{STORY}\n{sentence}", sentence


def test_headlines_listed_under_a_related_label_are_related_links() -> None:
    page = (
        f"{STORY}\n"
        "ALSO READ\n"
        '"We will be back next season", says coach after the final of the cup\n'
        "Harbour workers vote to end the strike after two weeks of talks in the port city\n"
        f"{MORE}\n"
    )
    assert content_text(cleaned(page)) == f"{STORY}\n{MORE}"


def test_the_site_s_masthead_above_its_menu_is_not_the_headline() -> None:
    page = (
        "Skip to main content\nExclusive news and analysis for harbour professionals\n"
        "World\nBusiness\nMarkets\nHarbour deal signed\nBy Jane Doe\n"
        f"OSLO, July 4 (Reuters) - {STORY}\n{MORE}"
    )
    document = cleaned(page)
    assert document.title == "Harbour deal signed"
    assert document.byline == "Jane Doe"
    assert content_text(document) == f"{STORY}\n{MORE}"


def test_share_buttons_do_not_push_the_dateline_out_of_the_first_lines() -> None:
    buttons = "\n".join(("Share", "Copy", "Link copied", "Email", "Facebook", "X", "Reddit"))
    more_buttons = "\n".join(("LinkedIn", "Pinterest", "Flipboard", "Print"))
    page = (
        f"WORLD NEWS\nHarbour deal signed\nBy JANE DOE\nUpdated 4:13 PM EDT, July 4, 2031\n"
        f"{buttons}\n{more_buttons}\nOSLO (AP) — {STORY}\n{MORE}"
    )
    document = cleaned(page)
    assert (document.place, document.source) == ("Oslo", "Associated Press")
    assert content_text(document) == f"{STORY}\n{MORE}"


def test_the_byline_below_the_headline_s_deck_dates_the_page_by_its_stamp() -> None:
    page = (
        "Advertisement\nSKIP ADVERTISEMENT\nHarbour Deal Signed\n"
        "The deal ends a strike that closed the port for a week.\n"
        "Listen to this article · 4:12 min Learn more\nShare full article\n"
        "A tugboat in the port on Wednesday.Credit...John Roe for The Example Times\n"
        f"By Jane Doe\nReporting from Oslo\nJuly 4, 2031\n{STORY}\n{MORE}\n"
        "A version of this article appears in print on July 5, 2031, Section A, Page 8."
    )
    document = cleaned(page)
    assert document.byline == "Jane Doe"
    assert document.dct is not None and document.dct.isoformat() == "2031-07-04"
    assert content_text(document) == (
        f"The deal ends a strike that closed the port for a week.\n{STORY}\n{MORE}"
    )


def test_the_headline_below_a_list_of_highlights_opening_the_page() -> None:
    page = (
        "Key Points\nThe council approved the plan on Tuesday.\nShares of the builder rose 4%.\n"
        "Harbour plan approved; builder shares rise\nPublished Thu, Jul 4 20315:00 PM EDT\n"
        f"{STORY}\n{MORE}"
    )
    document = cleaned(page)
    assert document.title == "Harbour plan approved; builder shares rise"
    highlights = "The council approved the plan on Tuesday.\nShares of the builder rose 4%."
    assert content_text(document) == f"{highlights}\n{STORY}\n{MORE}"


def test_a_brief_opening_the_page_is_the_story_and_its_tags_no_headline() -> None:
    page = f"In brief:\n{STORY}\n{MORE}\nTopics: Economy, Harbours\nPosted 4 Jul 2031"
    document = cleaned(page)
    assert document.title is None
    assert content_text(document) == f"{STORY}\n{MORE}"


def test_a_name_above_the_headline_is_not_the_headline() -> None:
    document = cleaned("Jane Doe\nHarbour plan approved after long debate\n" + STORY)
    assert document.title == "Harbour plan approved after long debate"
    assert content_text(document) == STORY


def test_a_comment_thread_below_the_story_is_not_content() -> None:
    story = (
        "Harbour plan approved\n"
        "Updated: March 4, 2031 10:42 AM\n"
        "The council approved the harbour plan on Tuesday.\n"
        "Work will start in the spring, the mayor said.\n"
    )
    comments = (
        "Posted by: harbourfan | March 4, 2031 11:02 AM | Report abuse About time.\n"
        "The old quay flooded twice last winter.\n"
        "At 12:15 4th Mar 2031, skeptic wrote: The council approved nothing on Tuesday.\n"
    )
    layout = analyse_layout(story + comments, wire_rules("en"), line_rules("en"))
    assert [line.kind for line in layout.lines][-3:] == ["comments"] * 3
    assert [(story + comments)[s.start : s.end] for s in layout.content] == [
        "The council approved the harbour plan on Tuesday.",
        "Work will start in the spring, the mayor said.",
    ]
    # a live page's entries are stamped too, but no reader posted them
    live = story + (
        "-- March 4, 2031 11:02 AM Crews will start in May, the council says.\n"
        "-- March 4, 2031 11:40 AM The ferry company welcomed the plan.\n"
    )
    assert "comments" not in {
        line.kind for line in analyse_layout(live, wire_rules("en"), line_rules("en")).lines
    }
    # the page's own stamp in its first lines (here under a photo caption) and one update
    # stamp below the story make no thread
    captioned = (
        "Divers at the quay in Oslo.\n"
        "Wed Mar 4, 2031 6:51 pm EDT OSLO (Reuters) - Divers found the boat on Tuesday.\n"
        "It had sunk in the storm.\n"
        "Updated: March 4, 2031 9:05 PM The crew is safe.\n"
    )
    assert "comments" not in {
        line.kind for line in analyse_layout(captioned, wire_rules("en"), line_rules("en")).lines
    }
    updated = story + "Updated: March 4, 2031 1:05 PM Crews will start in May.\n"
    assert "comments" not in {
        line.kind for line in analyse_layout(updated, wire_rules("en"), line_rules("en")).lines
    }


def test_a_programme_listing_is_no_story_and_a_story_about_a_programme_is() -> None:
    listing = (
        "Network Radio Week 42: 17-23 October 2031\n"
        "Jane Roe sits in for John Doe this week and welcomes the band Eels.\n"
        "Presenter/Jane Roe, Producer/Ben Walker for Labora TV\n"
        "A comic's audience show returns with regulars and a new guest.\n"
        "Presenter/Rhod Gilbert, Producers/Julia Kay and Lianne Coop for the BBC\n"
        "The guest comedian is a festival award winner.\n"
        "Presenter/Ann Poe, Producer/Mark Simpson for the BBC\n"
    )
    layout = analyse_layout(listing, wire_rules("en"), line_rules("en"))
    assert {line.kind for line in layout.lines} == {"listing"}
    assert layout.content == ()
    # two credits are a story about programmes, not a listing
    story = listing.rsplit("Presenter/Ann Poe", 1)[0]
    layout = analyse_layout(story, wire_rules("en"), line_rules("en"))
    assert "listing" not in {line.kind for line in layout.lines}
    assert any(
        story[span.start : span.end].startswith("Jane Roe sits in") for span in layout.content
    )
