"""Intro, sponsor reads, subscription plugs and outro in spoken text."""

from __future__ import annotations

from digest.boilerplate import Span, find_boilerplate, intro_lines, is_plug, outro_start, sponsor_spans

STORY = [
    "The city council approved the new tram line on Tuesday.",
    "Construction starts next spring and should take three years.",
    "The line will connect the airport with the main station.",
    "Residents along the route worry about noise during the works.",
    "The council says most of the digging will happen at night.",
    "Tickets will cost the same as the existing bus network.",
]


def test_sponsor_read_runs_from_announcement_to_call_to_action() -> None:
    lines = STORY[:3] + [
        "This episode is brought to you by Acme Bank.",
        "Acme Bank has no monthly fees and no minimum balance.",
        "Open an account in five minutes from your phone.",
        "Go to acmebank.com slash show to get started.",
        "That's acmebank.com slash show.",
    ] + STORY[3:]
    assert sponsor_spans(lines) == [Span(3, 7, "sponsor")]


def test_back_to_back_reads_are_separate_and_a_break_lead_in_belongs_to_the_read() -> None:
    lines = STORY[:2] + [
        "We'll be right back after a quick break.",
        "Today's episode is sponsored by Box.",
        "Box keeps your files safe.",
        "Learn more at box.com.",
        "This episode is also brought to you by Flux.",
        "Flux makes cloud GPUs cheap.",
        "Use code SHOW for a free month at flux.io.",
        "And now, back to the show.",
    ] + STORY[2:]
    assert sponsor_spans(lines) == [Span(2, 5, "sponsor"), Span(6, 9, "sponsor")]


def test_sponsored_research_in_the_news_is_not_an_ad() -> None:
    lines = ["A study sponsored by the National Institutes of Health found no link.", *STORY]
    assert sponsor_spans(lines) == []


def test_intro_ends_where_the_first_story_is_announced() -> None:
    lines = [
        "Hello and welcome to the Transit Weekly podcast.",
        "I'm your host, Ana.",
        "This week we've got trams, trains and a bus strike.",
        "First up, the city council approved the new tram line on Tuesday.",
        *STORY[1:],
    ]
    assert intro_lines(lines, []) == [0, 1, 2]


def test_no_intro_when_the_show_starts_with_news() -> None:
    lines = STORY + ["Next up, the bus strike.", *STORY]
    assert intro_lines(lines, []) == []


def test_outro_starts_at_the_sign_off_and_takes_the_plug_before_it() -> None:
    lines = STORY * 3 + [
        "If you like the show, please subscribe and leave us a review.",
        "That's it for this week.",
        "Thanks for listening, see you next week.",
    ]
    assert outro_start(lines) == len(STORY) * 3


def test_find_boilerplate_orders_intro_sponsor_outro() -> None:
    lines = [
        "Welcome back to Transit Weekly, I'm Ana.",
        "This episode is brought to you by Acme Bank.",
        "Visit acmebank.com to learn more.",
        "Let's start with the tram line.",
        *STORY,
        "That's all for today, thanks for listening.",
    ]
    spans = find_boilerplate(lines)
    assert [(s.reason, s.start, s.end) for s in spans] == [
        ("intro", 0, 0), ("sponsor", 1, 2), ("outro", len(lines) - 1, len(lines) - 1)
    ]


def test_is_plug() -> None:
    assert is_plug("Don't forget to like and subscribe.")
    assert is_plug("Please rate and review us on Apple Podcasts.")
    assert not is_plug("The tram line will connect the airport with the station.")
