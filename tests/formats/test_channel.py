from digest.formats import channel
from tests.conftest import doc

PAGE = """
Signal Boost - Notes on machine learning
1.2K subscribers
40 photos
12 links
Short daily notes.
#ml #ai
Download Telegram
The paper "Sparse Experts All The Way Down" argues that routing every token through tiny experts beats dense layers at equal compute, and the authors release code.

Why it matters

Mixture-of-experts keeps getting cheaper to serve.

Full story
Robots learn to fold laundry

A new policy trained on 10,000 hours of teleoperation folds shirts at human speed.
The lab says it will release the dataset...

Full story
"""


def test_header_skipped_and_posts_split_on_full_story():
    d = doc(PAGE)
    result = channel.parse(d)
    assert result.doc_source == "Signal Boost"
    assert result.skipped[0].reason == "header" and result.skipped[0].end_line == 7
    assert len(result.segments) == 2
    first, second = result.segments
    assert second.title == "Robots learn to fold laundry"
    assert "10,000 hours" in second.body
    assert first.title and len(first.title) <= 80
    assert first.title_generated and not second.title_generated  # a headline was made only for the first
    assert (first.start_line, first.end_line) == (8, 14)
    assert (second.start_line, second.end_line) == (15, 20)


def test_score():
    assert channel.score(doc(PAGE)) > 0.6
    assert channel.score(doc("One line.\nTwo.\n")) == 0.0


def test_trailing_hashtags_of_the_first_post_are_not_the_header():
    page = doc("""
    My Channel - notes
    1K subscribers
    Download Telegram
    Robots fold laundry
    A new policy folds shirts at human speed after a lot of teleoperation data.
    #robots #ml
    Full story
    Chips get cheaper
    Prices for accelerators fell again this quarter, says a market report.
    Full story
    """)
    result = channel.parse(page)
    assert [(s.start_line, s.end_line, s.reason) for s in result.skipped] == [(1, 3, "header")]
    assert result.segments[0].title == "Robots fold laundry"
    assert (result.segments[0].start_line, result.segments[0].end_line) == (4, 7)
