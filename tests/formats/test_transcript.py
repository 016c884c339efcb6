"""The speaker-less transcript format: detection, header, boilerplate, stories, coverage."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from digest.formats import transcript
from digest.formats.base import RawDocument
from tests.conftest import REPO, doc

PODCAST = """
# Chips, Rules and Rockets

**Podcast:** The Chip Brief
**Published:** 2026-05-03

## Transcript

Hello and welcome to The Chip Brief, the show about semiconductors and the people who make them.
I'm your host, Priya.
And I'm Marco, your co-host.
This week we've got a new fab in Arizona, an export rule, and a surprise merger.
This episode is brought to you by Flux Cloud.
Flux Cloud gives your team GPUs on demand, with no contracts and no waiting list.
Spin up a cluster in minutes and only pay for what you use.
Go to fluxcloud.com slash chips for fifty dollars of free credit.
First up, Intel opened its new chip factory in Arizona on Tuesday.
The plant will make processors on the company's newest process, called 18A.
Intel says the factory cost about twenty billion dollars to build.
Yeah, and it's a big deal for the push to bring manufacturing home.
The CHIPS Act paid for a chunk of it, right?
Right, about eight billion dollars in grants and loans.
The first customer wafers are supposed to ship by the end of the year.
I mean, Intel has missed a lot of deadlines before, so we'll see.
But the yields they showed reporters looked pretty healthy.
If this works, it's the first leading-edge fab in the country in years.
Next story, the Commerce Department tightened export rules on advanced chips to China.
The new rule covers memory chips and the machines used to make them.
Companies now need a license to ship high bandwidth memory to Chinese customers.
You know, this closes a loophole that a lot of people in Washington were worried about.
Chinese firms had been stockpiling memory for months ahead of the rule.
China's commerce ministry called the move economic bullying and promised a response.
I think the response could be more limits on rare earth exports.
That's what they did last time, so it's a pretty good guess.
The rule takes effect in thirty days.
Exporters are already asking for more time to comply.
Moving on to the business side, chip designer Arm agreed to buy the startup Ampere for six billion dollars.
Ampere makes server processors based on Arm's own designs.
So Arm is buying one of its biggest customers.
The deal gives Arm its own data center chips for the first time.
Some of Arm's other customers are not going to love that.
Yeah, Qualcomm and Nvidia both license Arm designs too.
Regulators in Europe and China still have to approve the purchase.
Arm expects the deal to close early next year.
It's a bold move for a company that used to just sell licenses.
And one last story before we go.
Samsung says it will start mass production of its two nanometre chips next month.
The first customer is reportedly a Japanese startup making AI accelerators.
Samsung has struggled to win big customers for its foundry business.
Its yields on the previous generation were a lot worse than TSMC's.
If the two nanometre process works, it could win back some orders.
Analysts are skeptical, but Samsung has a lot of money to throw at the problem.
The company also plans a new fab in Texas for the same process.
We'll believe it when we see the wafers.
That's it for this week.
If you like the show, please subscribe and leave us a review.
Thanks for listening, and see you next week.
"""

STORY_STARTS = ["First up, Intel", "Next story, the Commerce", "Moving on to the business", "And one last story"]

WHISPER = "\n".join(
    f"[00:{k // 60:02d}:{k % 60:02d}.000 --> 00:{(k + 3) // 60:02d}:{(k + 3) % 60:02d}.500]  {line}"
    for k, line in enumerate(line for line in PODCAST.split("## Transcript")[1].strip().split("\n"))
)

CAPTION_SPEECH = (
    "hey everyone welcome back to the channel so today we have three stories about phones and you know "
    "it has been a busy week okay so let's start with apple because apple announced the new iphone with a bigger "
    "battery and a titanium frame the iphone battery now lasts two full days according to apple and the camera "
    "got a periscope zoom lens too the price stays the same as last year which honestly surprised me a lot "
    "the iphone ships next friday in forty countries and preorders open tomorrow morning apple says demand for "
    "the bigger battery model has been strong in early tests and the frame comes in four colors this year "
    "anyway moving on to google because google released a new pixel tablet with a keyboard case the pixel "
    "tablet runs android and it has a pen that charges magnetically on the side the google tablet costs five "
    "hundred dollars and the keyboard case is another hundred google says the tablet will get seven years of "
    "android updates which is longer than most tablets the pixel tablet also works as a smart home hub when it "
    "sits on its speaker dock next up samsung because samsung is recalling a batch of galaxy watches the galaxy "
    "watch batteries can swell and crack the case in rare cases samsung says owners should stop wearing the "
    "watch and request a free replacement the recall covers about two hundred thousand galaxy watches sold in "
    "europe and korea samsung blamed a supplier for the faulty battery cells and says newer watches are not "
    "affected that's all for today thanks for watching and see you next time"
)


def captions(words_per_line: int = 18) -> str:
    words = CAPTION_SPEECH.split()
    return "\n".join(" ".join(words[i: i + words_per_line]) for i in range(0, len(words), words_per_line))


def covered_exactly_once(document: RawDocument, result) -> None:
    """Every non-blank line in exactly one segment or skipped range; ranges never overlap."""
    ranges = [(s.start_line, s.end_line) for s in result.segments] + [(s.start_line, s.end_line) for s in result.skipped]
    seen: dict[int, int] = {}
    for index, (start, end) in enumerate(sorted(ranges)):
        assert 1 <= start <= end <= len(document.lines)
        for number in range(start, end + 1):
            assert number not in seen, f"line {number} in two ranges"
            seen[number] = index
    missing = [n for n, line in enumerate(document.lines, 1) if line.strip() and n not in seen]
    assert not missing, f"lines in no range: {missing}"


def line_of(document: RawDocument, prefix: str) -> int:
    return next(n for n, line in enumerate(document.lines, 1) if transcript.clean_line(line).startswith(prefix))


# --- header ---------------------------------------------------------------------------------------


def test_header_facts_are_read_and_skipped() -> None:
    document = doc(PODCAST)
    result = transcript.parse(document)
    assert result.doc_title == "Chips, Rules and Rockets"
    assert result.doc_source == "The Chip Brief"
    assert result.doc_date == dt.date(2026, 5, 3)
    assert result.doc_date_source == "text"
    assert result.skipped[0].reason == "header"
    assert (result.skipped[0].start_line, result.skipped[0].end_line) == (1, 6)


def test_header_with_show_field_and_written_date() -> None:
    text = PODCAST.replace("**Podcast:** The Chip Brief", "**Show:** Chip Talk").replace(
        "**Published:** 2026-05-03", "**Published:** May 3, 2026")
    result = transcript.parse(doc(text))
    assert (result.doc_source, result.doc_date) == ("Chip Talk", dt.date(2026, 5, 3))


def test_no_header_means_no_document_facts() -> None:
    result = transcript.parse(doc(PODCAST.split("## Transcript")[1]))
    assert (result.doc_title, result.doc_source, result.doc_date, result.doc_date_source) == ("", "", None, "")
    assert all(s.reason != "header" for s in result.skipped)


# --- stories and boilerplate ----------------------------------------------------------------------


def test_stories_start_at_the_cue_phrases() -> None:
    document = doc(PODCAST)
    result = transcript.parse(document)
    assert [s.start_line for s in result.segments] == [line_of(document, p) for p in STORY_STARTS]
    assert all(s.kind == "story" for s in result.segments)


def test_intro_sponsor_and_outro_are_skipped_not_stories() -> None:
    document = doc(PODCAST)
    result = transcript.parse(document)
    reasons = {s.reason: (s.start_line, s.end_line) for s in result.skipped}
    assert reasons["intro"] == (line_of(document, "Hello and welcome"), line_of(document, "This week we've got"))
    assert reasons["sponsor"] == (line_of(document, "This episode is brought"), line_of(document, "Go to fluxcloud"))
    assert reasons["outro"] == (line_of(document, "That's it for this week"), len(document.lines) - 1)
    bodies = " ".join(s.body for s in result.segments)
    assert "Flux Cloud" not in bodies and "subscribe" not in bodies and "welcome" not in bodies


def test_story_body_is_the_cleaned_lines_as_paragraphs() -> None:
    result = transcript.parse(doc(PODCAST))
    first = result.segments[0]
    assert first.body.startswith("First up, Intel opened its new chip factory")
    assert first.body.rstrip().endswith("the first leading-edge fab in the country in years.")
    assert "\n\n" in first.body or len(first.body.split()) < 90


def test_every_story_gets_a_generated_headline() -> None:
    result = transcript.parse(doc(PODCAST))
    for segment in result.segments:
        assert segment.title and not segment.title.endswith(".") and segment.title_generated
        assert not segment.body.startswith(segment.title)  # not simply the first words
    assert "Intel" in result.segments[0].title
    assert "Arm" in result.segments[2].title


@pytest.mark.parametrize("text", [PODCAST, WHISPER, captions(), captions(23), PODCAST.split("## Transcript")[1]])
def test_every_non_blank_line_is_in_exactly_one_range(text: str) -> None:
    document = doc(text)
    covered_exactly_once(document, transcript.parse(document))


def test_coverage_holds_with_blank_lines_headings_and_stray_markup() -> None:
    text = PODCAST.replace("Next story,", "\n\n## Policy\n\n[Music]\n\nNext story,").replace(
        "Moving on", "\n   \n>> \nMoving on")
    document = doc(text)
    result = transcript.parse(document)
    covered_exactly_once(document, result)
    assert any(s.reason == "heading" for s in result.skipped)


def test_empty_and_tiny_documents() -> None:
    assert transcript.parse(doc("")).segments == []
    tiny = doc("Hello and welcome to the show.\nThanks for listening.\n")
    covered_exactly_once(tiny, transcript.parse(tiny))


# --- Whisper and auto-captions --------------------------------------------------------------------


def test_whisper_prefixes_are_stripped_and_stories_found() -> None:
    document = doc(WHISPER)
    result = transcript.parse(document)
    assert len(result.segments) == 4
    for segment in result.segments:
        assert "-->" not in segment.body and not re.search(r"\[\d\d:", segment.body)
    assert result.segments[0].body.startswith("First up, Intel")


def test_lowercase_auto_captions_split_into_stories() -> None:
    document = doc(captions())
    result = transcript.parse(document)
    assert len(result.segments) == 3
    titles = " ".join(s.title.lower() for s in result.segments)
    assert "iphone" in titles or "apple" in titles
    assert any(s.reason == "outro" for s in result.skipped)


# --- detection ------------------------------------------------------------------------------------

ESSAYS = "\n".join(
    " ".join(f"This is sentence {k} of essay {e}, which argues carefully about model scaling and its limits."
             for k in range(90))
    for e in range(4)
)
SHOW_SCRIPT = """
# Paper Weights — February 13, 2026

## Cold Open

**Maya**: Wait, so Anthropic just released a tool that compares two models?

**Alex**: Yeah, and it works across completely different architectures.

**Maya**: This is Paper Weights. I'm Maya.

---

## Deep Dives

**Alex**: So yeah, that Anthropic paper. It's called crosscoders.

**Maya**: Right, because otherwise the internals are incompatible.

**Alex**: This paper throws that constraint out.
"""
DIGEST_TEXT = """
What caught my attention in W15.
Reasoning Models Generate Societies of Thought
Research from Kim and Evans shows that reasoning models simulate multi-agent debate internally. The traces activate more perspectives than instruction-tuned models do. Source
The Adolescence of Technology
Dario Amodei's essay maps the AI risk picture without sliding into doomerism. He defines powerful AI precisely and argues institutions must mature. Source
International AI Safety Report 2026
Compiled by more than 100 researchers, this report covers where AI risk sits right now. Compute, capital and algorithmic progress keep driving things forward. Source
Frontier Model Training Methodologies
A long post breaks down training methodology across seven open-weight frontier models. It covers architecture choices, data mixtures and post-training. Source
"""
CHANNEL = """
Tokenless - The Best of AI Talks
3 subscribers
Download Telegram
The paper argues that small language models are the future of agentic AI. Instead of ever-larger models, it proposes fleets of specialised ones.

The Three Pillars of the Argument

1. SLMs are powerful enough for most agent tasks.
2. SLMs are cheaper to run and to fine-tune.
Full story
The Day AI Solves My Puzzles Is The Day I Worry

Professor Moore discusses the surprising effectiveness of AI and where it still fails.
Intelligence as Creative Problem-Solving
Current models falter on tasks that need novel abstraction, such as new puzzle variants.
Full story
"""
FRONTMATTER = """---
title: A note
date: 2026-04-01
---
I think this is a short note, you know, written like speech.
Yeah, we talked about it on the show.
So anyway, I'm gonna keep it brief.
You know how it is.
Right, okay, that's it.
"""


def test_score_is_high_for_transcripts() -> None:
    assert transcript.score(doc(PODCAST)) >= 0.7
    assert transcript.score(doc(WHISPER)) >= 0.9
    assert transcript.score(doc(captions())) >= 0.6


@pytest.mark.parametrize("text", [ESSAYS, SHOW_SCRIPT, DIGEST_TEXT, CHANNEL, FRONTMATTER])
def test_score_is_low_for_other_layouts(text: str) -> None:
    assert transcript.score(doc(text)) < 0.3


def test_sample_transcript_segment_count_is_near_the_annotation() -> None:
    annotation_path = REPO / "tests" / "data" / "segmentation" / "lastweekinai_001.yaml"
    annotation = yaml.safe_load(annotation_path.read_text(encoding="utf-8"))
    source = REPO / annotation["file"]
    if not source.exists():
        pytest.skip("sample transcript not present")
    document = RawDocument(Path(annotation["file"]).name, source.read_text(encoding="utf-8"))
    result = transcript.parse(document)
    expected = len(annotation["stories"])
    assert expected * 0.8 <= len(result.segments) <= expected * 1.25
    covered_exactly_once(document, result)
