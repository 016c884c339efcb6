import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.render.email import WIDTH, fill

_WORDS = st.lists(st.one_of(st.text("abc-é", min_size=1, max_size=12), st.text("x", min_size=60, max_size=90)),
                  max_size=40)


@given(_WORDS, st.sampled_from(["", "   "]))
@settings(max_examples=500, deadline=None)
def test_fill_wraps_as_textwrap_does_without_breaking_a_word(words, indent):
    expected = textwrap.wrap(" ".join(words), WIDTH, initial_indent=indent, subsequent_indent=indent,
                             break_on_hyphens=False, break_long_words=False) or [""]
    assert fill(words, indent) == expected


def test_urls_and_hyphenated_words_stay_whole():
    url = "https://example.org/" + "a-very-long-path-" * 5
    lines = fill(["Read", "the", "state-of-the-art", "report", "at", url, "today."] * 3, "   ")
    assert url in [line.strip() for line in lines]
    assert all(len(line) <= WIDTH for line in lines if url not in line)
    assert " ".join(" ".join(lines).split()) == " ".join(["Read", "the", "state-of-the-art", "report", "at", url,
                                                           "today."] * 3)
