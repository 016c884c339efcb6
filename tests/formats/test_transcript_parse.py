"""The speaker-less transcript format on transcripts written here (not the sample)."""

import datetime as dt

from digest.formats import transcript
from digest.headline import make_title
from tests.conftest import doc

STORY_LINES = {
    "chips": [
        "Next up, Nvidia unveiled a new datacenter GPU called the B300 with far more memory.",
        "The chip doubles memory bandwidth compared to the previous generation.",
        "Nvidia says shipments to cloud providers start in the third quarter.",
        "Analysts expect the GPU to sell out for the whole year.",
        "Memory bandwidth is the bottleneck for inference, so this matters.",
        "Cloud providers have already placed large orders for the chip.",
        "Power draw per rack also goes up, which stresses datacenters.",
        "So it's a big upgrade for anyone serving large models.",
        "I think the GPU supply story continues to dominate the year.",
    ],
    "court": [
        "Moving on to policy, a federal judge ruled against the music labels in their lawsuit.",
        "The court found that training on lawfully bought songs was fair use.",
        "The labels said they would appeal the ruling to a higher court.",
        "Lawyers expect the appeal to take at least a year.",
        "The judge did say pirated copies are a different question entirely.",
        "So the legal fight over training data is far from over.",
        "Other lawsuits against labs will cite this ruling for sure.",
        "Yeah, the courts are moving faster than the legislature here.",
    ],
    "funding": [
        "And our next story, the startup Fableworks raised 300 million dollars in new funding.",
        "The round values the company at four billion dollars.",
        "Fableworks builds coding agents for large enterprises.",
        "Investors include several big venture firms and a chip maker.",
        "The company says revenue tripled over the past year.",
        "It plans to hire two hundred engineers with the money.",
        "Yeah, agent startups are raising at wild valuations right now.",
        "We'll see if the revenue holds up once the hype fades.",
    ],
}

TRANSCRIPT = "\n".join(
    [
        "# Episode 12: Chips and courts",
        "",
        "**Podcast:** The Weekly Tensor",
        "**Published:** March 9, 2026",
        "",
        "Hello and welcome to The Weekly Tensor, I'm your host Sam.",
        "And I'm your co-host Riley, great to be here again.",
        "This week we have chips, a court ruling and a funding round.",
        "This episode is brought to you by Quillbase.",
        "Quillbase keeps your team's notes in one searchable place.",
        "Try it free at quillbase.com.",
        *STORY_LINES["chips"],
        *STORY_LINES["court"],
        *STORY_LINES["funding"],
        "That's all for this week, thanks for listening.",
        "See you next week.",
    ]
) + "\n"


def test_score_high_for_transcript_low_for_prose():
    assert transcript.score(doc(TRANSCRIPT)) > 0.6
    essay = "\n".join(["An essay paragraph that goes on. " * 30] * 3)
    assert transcript.score(doc(essay)) < 0.35


def test_header_stories_and_boilerplate():
    d = doc(TRANSCRIPT)
    result = transcript.parse(d)
    assert result.doc_source == "The Weekly Tensor"
    assert result.doc_date == dt.date(2026, 3, 9)
    assert len(result.segments) == 3
    chips, court, funding = result.segments
    assert "B300" in chips.body and "fair use" in court.body and "Fableworks" in funding.body
    assert not any("Quillbase" in s.body or "thanks for listening" in s.body for s in result.segments)
    reasons = [s.reason for s in result.skipped]
    assert reasons == ["header", "intro", "sponsor", "outro"]
    lines = d.lines
    assert lines[chips.start_line - 1].startswith("Next up, Nvidia")
    assert lines[funding.end_line - 1].startswith("We'll see if the revenue")


def test_every_non_blank_line_is_in_exactly_one_range():
    d = doc(TRANSCRIPT)
    result = transcript.parse(d)
    seen: dict[int, int] = {}
    for start, end in [(s.start_line, s.end_line) for s in result.segments] + [
        (k.start_line, k.end_line) for k in result.skipped
    ]:
        for n in range(start, end + 1):
            seen[n] = seen.get(n, 0) + 1
    non_blank = {n for n, line in enumerate(d.lines, 1) if line.strip()}
    assert all(seen.get(n) == 1 for n in non_blank)


def test_whisper_prefixes_are_stripped():
    lines = []
    for i, line in enumerate([*STORY_LINES["chips"], *STORY_LINES["court"], *STORY_LINES["funding"]]):
        lines.append(f"[00:{i:02d}:00.000 --> 00:{i:02d}:04.500] {line}")
    result = transcript.parse(doc("\n".join(lines) + "\n"))
    assert len(result.segments) == 3
    assert "-->" not in "".join(s.body for s in result.segments)


def test_headline_names_the_entity_not_the_first_words():
    text = " ".join(STORY_LINES["funding"])
    title = make_title(text)
    assert "Fableworks" in title and len(title) <= 80
    assert not title.lower().startswith("and our next story")
