import datetime as dt

from digest.formats import digest_text
from tests.conftest import doc

SAMPLE = """
What caught my attention in W09.
Orbital Chips Ship
A startup called Skyfab says it has fabricated a working memory chip in low orbit, claiming fewer defects than on the ground. Source
Space fabs sound absurd until the yield numbers arrive.
Parliament Passes Model Registry
Lawmakers approved a registry for models above a compute threshold, with fines for labs that skip it and an appeals process. Source: https://example.org/registry
Tiny Models, Big Scores
A 3B model trained on synthetic textbooks matches much larger ones on grade-school maths benchmarks, the authors report. Source
"""


def test_splits_entries_with_titles_summaries_and_takes():
    result = digest_text.parse(doc(SAMPLE, year=2027))
    titles = [s.title for s in result.segments]
    assert titles == ["Orbital Chips Ship", "Parliament Passes Model Registry", "Tiny Models, Big Scores"]
    first, second, third = result.segments
    assert first.take == "Space fabs sound absurd until the yield numbers arrive."
    assert first.summary.endswith("than on the ground.") and "Source" not in first.summary
    assert second.take == "" and second.url == "https://example.org/registry"
    assert third.take == ""
    assert (first.start_line, first.end_line) == (2, 4)
    assert (second.start_line, second.end_line) == (5, 6)
    assert (third.start_line, third.end_line) == (7, 8)


def test_week_in_header_uses_metadata_year():
    result = digest_text.parse(doc(SAMPLE, year=2027))
    assert result.doc_date == dt.date.fromisocalendar(2027, 9, 1)
    assert result.skipped[0].reason == "header"


def test_week_without_year_warns():
    result = digest_text.parse(doc(SAMPLE))
    assert result.doc_date is None
    assert any("no year" in w for w in result.warnings)


def test_multi_line_summary_and_take_before_next_title():
    text = """
    Weekly roundup W3 2026
    A Title Here

    First paragraph of the summary keeps going for a while with detail and numbers like 42.
    Second paragraph of the summary ends with the usual marker and more words here. Source
    A take that ends in a full stop.
    Second Title
    Another summary paragraph with enough words to count as a summary line. [Source](https://e.org/x)
    """
    result = digest_text.parse(doc(text))
    assert [s.title for s in result.segments] == ["A Title Here", "Second Title"]
    assert "First paragraph" in result.segments[0].summary and "Second paragraph" in result.segments[0].summary
    assert result.segments[0].take == "A take that ends in a full stop."
    assert result.segments[1].url == "https://e.org/x"
    assert result.doc_date == dt.date(2026, 1, 12)


def test_score_prefers_digest_layout():
    assert digest_text.score(doc(SAMPLE)) >= 0.8
    assert digest_text.score(doc("Just a line.\nAnother line of prose here.\nAnd a third one.\n")) == 0.0


def test_forced_on_a_document_without_source_lines_keeps_all_text():
    d = doc("""
    Just some notes
    A paragraph that has no source marker at all.

    Another paragraph.
    """)
    result = digest_text.parse(d)
    assert len(result.segments) == 1
    segment = result.segments[0]
    assert (segment.start_line, segment.end_line) == (1, 4)
    assert "no source marker" in segment.body and "Another paragraph." in segment.body
    assert result.warnings
