import re

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.render.markdown import _MD, _paragraphs, plain_paragraphs, to_html


def test_raw_html_is_escaped():
    html = to_html('Hello <script>alert(1)</script> <img src=x onerror="alert(2)">')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_only_safe_links_become_links():
    html = to_html("[a](javascript:alert(1)) [b](data:text/html;base64,xx) [c](https://ok.example/x) [d](JaVaScRiPt:x)")
    assert 'href="https://ok.example/x"' in html
    assert 'href="javascript' not in html.lower() and 'href="data' not in html
    assert html.count("<a ") == 1


def test_deep_nesting_does_not_crash():
    html = to_html("> " * 500 + "deep")
    assert "deep" in html  # text past the nesting bound is kept, not dropped
    assert html.count("<blockquote>") <= 20


# Fragments that sit on every edge of the plain-text fast path: Markdown syntax at the start of a
# line and inside it, entities, Unicode spaces at line ends, numbers that may open a list.
_FRAGMENTS = [
    "word", "Words here", " ", "  ", "\n", "\n\n", "\t", "\r", '"quoted"', "it's", "#", "# ", "## x", ">", "- ",
    "-", "--", "---", "+", "* ", "=", "===", "1. ", "2)", "2024.", "10) x", "1.5", "x_y", "*a*", "`c`", "[l](u)",
    "<b>", "&amp;", "&", "~~", "|", "\\", "!", ":", "(x)", "{}", "$5", "100%", "@me", "\u00a0", "\u2028", "\u3000",
    "é", "—", "\x00", "\x0c", "    code", "x  ", "\u00a0x", "https://example.org/a_b", "www.example.org",
]


# Lines built from a start, a middle and an end, so that block syntax lands where it counts.
_STARTS = ["", "", "", "#", "# ", "## ", ">", "> ", "- ", "-", "---", "+ ", "* ", "=", "===", "1. ", "2)", "10) ",
           "2024.", "1.5", " ", "    ", "\t", "\u00a0", "\u3000"]
_ENDS = ["", "", "", " ", "  ", "\u00a0", "\\", "\t"]
_MIDDLES = ["word", "Words here", '"quoted"', "it's", " ", "\u00a0", "\u2028", "\t", "#", "-", "=", "+", "1.", "2)",
            "1.5", "$5", "100%", "@me", "é", "—", ":", "(x)", "{}", "!", "*", "&"]
_LINE = st.tuples(st.sampled_from(_STARTS), st.lists(st.sampled_from(_MIDDLES), max_size=3).map("".join),
                  st.sampled_from(_ENDS)).map("".join)
_LINES = st.lists(st.one_of(_LINE, st.just("")), min_size=1, max_size=6).map("\n".join)


@given(st.one_of(st.lists(st.sampled_from(_FRAGMENTS), max_size=14).map("".join), _LINES))
@settings(max_examples=2000, deadline=None)
def test_the_plain_text_fast_path_gives_what_markdown_it_gives(text):
    plain = plain_paragraphs(text)
    if plain is not None:
        assert plain == _MD.render(text)


# The regexes that _paragraphs replaced (they tried every position: slow, but plain).
_BLOCK_LINE_REFERENCE = re.compile(r"^(?:[#>\-+*=]|\d{1,9}[.)](?:[^\S\n]|$)|[^\S\n])|[^\S\n]$", re.MULTILINE)
_PARAGRAPH_BREAK_REFERENCE = re.compile(r"\n{2,}")
_ODD = ["\r", "\x0b", "\x0c", "\x1c", "\x85", "\u0660.", "\u0661) ", "\uff11. ", "\u00b2. ", "1234567890. "]


@given(st.lists(st.one_of(_LINE, st.sampled_from(_ODD), st.just("")), min_size=1, max_size=6).map("\n".join))
@settings(max_examples=2000, deadline=None)
def test_paragraphs_are_found_as_the_regexes_they_replaced_found_them(text):
    if _BLOCK_LINE_REFERENCE.search(text):
        assert _paragraphs(text) is None
    else:
        assert _paragraphs(text) == [p for p in _PARAGRAPH_BREAK_REFERENCE.split(text.strip("\n")) if p]


def test_plain_prose_takes_the_fast_path_and_markdown_does_not():
    assert plain_paragraphs('He said "yes".\nThen left.\n\n\nNext paragraph, 3 items.') == (
        "<p>He said &quot;yes&quot;.\nThen left.</p>\n<p>Next paragraph, 3 items.</p>\n")
    for text in ("A *bold* claim", "# Heading", "1. first", "- item", "a & b", "x  \ny", "    code", "Title\n===", "2)\tword"):
        assert plain_paragraphs(text) is None
        assert to_html(text) == _MD.render(text)
