"""Property tests: every parser survives arbitrary line structures and never loses text.

Invariant ("no text lost"): for a document split on "\\n", every line holding a non-whitespace
character (numbered from 1) lies in exactly one range among the parser's segments
(start_line..end_line) and skipped ranges. Blank lines are exempt: they carry no text, and parsers
may leave them between items. Ranges must also stay inside the document.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest import formats
from digest.formats.base import RawDocument

PARSERS = (*formats.FORMATS, formats.FALLBACK)

# Fragments that trigger each format's structure, mixed with free text.
_FRAGMENTS = [
    "", "   ", "Full story", "Read more", "1.2K subscribers", "#ai #ml", "Download Telegram",
    "March 2026", "April 2026", "What caught my attention in W15.", "A Title Line",
    "A summary paragraph about a model release with plenty of words to count here. Source",
    "Summary text that links to the origin with enough words to qualify now. Source: https://e.org/x",
    "---", "title: x", "date: 2026-13-45", "date: 2026-04-08", "**Break:**", "## Chapter one",
    "**Alice** [00:01:02]: hello there", "[00:00:01.000 --> 00:00:04.000] words spoken", "Bob: yes indeed",
    "00:01:02", "Speaker 1 (00:10):", "Ad: this episode is sponsored by", "https://example.org/post-slug-here",
    "#### [A story](https://x.example/a)", "#### Plain story", "* [Link](https://x.example/b) - summary",
    "1. [Numbered](https://x.example/c) text", "***", "**Why this matters:** a take", "### Section",
    "---# Glued heading", "Subscribe | Archive", "#### [Buy now (Sponsored)](https://ads.example)",
    "\t", "ok.", "x" * 1300, "https://example.org/a-long-essayLong " + "word " * 300,
]
_LINE = st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=60).map(lambda s: s.replace("\n", " ")))
_TEXT = st.lists(_LINE, max_size=25).map("\n".join)


def _check_coverage(parser_name: str, doc: RawDocument) -> None:
    module = formats.BY_NAME[parser_name]
    result = module.parse(doc)
    total = len(doc.lines)
    covered: dict[int, int] = {}
    ranges = [(s.start_line, s.end_line) for s in result.segments] + [(k.start_line, k.end_line) for k in result.skipped]
    for start, end in ranges:
        assert 1 <= start <= end <= total, (parser_name, start, end, total)
        for number in range(start, end + 1):
            covered[number] = covered.get(number, 0) + 1
    for number, line in enumerate(doc.lines, 1):
        if line.strip():
            assert covered.get(number, 0) == 1, (parser_name, number, line, covered.get(number, 0))


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(text=_TEXT, parser=st.sampled_from([module.NAME for module in PARSERS]))
def test_every_parser_keeps_every_line(text: str, parser: str) -> None:
    _check_coverage(parser, RawDocument(path="doc.txt", text=text))


@_SETTINGS
@given(text=_TEXT)
def test_detection_never_crashes_and_scores_are_bounded(text: str) -> None:
    doc = RawDocument(path="doc.txt", text=text)
    for module in formats.FORMATS:
        assert 0.0 <= float(module.score(doc)) <= 1.0
    formats.detect(doc).format.parse(doc)


@_SETTINGS
@given(markup=st.lists(st.one_of(st.sampled_from(
    ["<p>", "</p>", "<a href='https://x.example'>", "</a>", "<script>", "</script>", "<h4>", "</h4>", "<br>",
     "<li>", "<nav>", "</nav>", "&amp;", "<hr>", "<!--", "-->", "<", ">", "\x00"]), st.text(max_size=20)), max_size=30)
    .map("".join))
def test_html_extraction_never_crashes(markup: str) -> None:
    from digest.html_text import html_to_text

    text = html_to_text(markup)
    assert text.endswith("\n") and "\x00" not in text
