"""Markdown to HTML for untrusted source text: raw HTML is escaped, only safe links survive."""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt

_SCHEME_RE = re.compile(r"^\s*[a-z][a-z0-9+.\-]*:", re.IGNORECASE)


def _validate_link(url: str) -> bool:
    """http(s) and mailto links, and relative ones; never javascript:, data:, file: and the like."""
    if _SCHEME_RE.match(url):
        return url.strip().lower().startswith(("http://", "https://", "mailto:"))
    return True


def make_renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = _validate_link
    md.enable("table").enable("strikethrough")
    return md


_MD = make_renderer()


MAX_QUOTE_DEPTH = 8
_DEEP_QUOTE_RE = re.compile(rf"^((?:[ \t]*>){{{MAX_QUOTE_DEPTH}}})(?:[ \t]*>)+", re.MULTILINE)
_DEEP_INDENT_RE = re.compile(r"^([ \t]{32})[ \t]+", re.MULTILINE)


# Characters: summaries (90 words by default) and takes are shown on many pages and kept; a body,
# shown on one page, mostly is not. At most 32,768 kept: some 30 million characters of HTML at worst.
SHORT = 800


def to_html(text: str) -> str:
    """Render; nesting deeper than a reader could follow is flattened so no text is dropped."""
    text = text or ""
    return _short_html(text) if len(text) <= SHORT else _render(text)


@functools.lru_cache(maxsize=1 << 15)  # a summary is shown on its item, issue, topic, tag and source pages
def _short_html(text: str) -> str:
    return _render(text)


def _render(text: str) -> str:
    plain = plain_paragraphs(text)
    if plain is not None:
        return plain
    text = _DEEP_QUOTE_RE.sub(r"\1", text)
    text = _DEEP_INDENT_RE.sub(r"\1", text)
    return _MD.render(text)


# Any character that can start Markdown syntax (or an entity, or HTML), and any control character
# but tab and newline (\r too: markdown-it normalizes line endings): text with one goes to markdown-it.
_SYNTAX_RE = re.compile(r"[\\`*_\[\]<>&~|\x00-\x08\x0b-\x1f\x7f]")
_BLOCK_STARTS = "#>-+*="  # heading, quote, list, rule, setext underline
_ORDERED_RE = re.compile(r"\d{1,9}[.)](?:[^\S\n]|$)")  # an ordered list item, at a line's start


def _paragraphs(text: str) -> list[str] | None:
    """The paragraphs of text (runs of non-empty lines), or None when a line starts a block
    (heading, quote, list, rule, setext underline, indented code) or begins or ends with white
    space (stripped, or a hard line break). Why a loop over lines: a MULTILINE regex for those
    lines tried every position, and with a regex split into paragraphs was a quarter of the time
    of rendering an item page. str.isspace() is what the regex's \\s matched; lines end at
    "\\n", as its ^ and $ did."""
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        if not line:
            if lines:
                paragraphs.append("\n".join(lines))
                lines = []
        elif (line[0] in _BLOCK_STARTS or line[0].isspace() or line[-1].isspace()
              or (line[0].isdecimal() and _ORDERED_RE.match(line))):
            return None
        else:
            lines.append(line)
    if lines:
        paragraphs.append("\n".join(lines))
    return paragraphs


def plain_paragraphs(text: str) -> str | None:
    """markdown-it's HTML for text with no Markdown in it, else None. Why: most bodies and
    summaries are plain prose, and markdown-it (pure Python) took 40% of a 10,000-item site's
    rendering to find that out. tests/render/test_markdown.py compares both on random text."""
    paragraphs = None if _SYNTAX_RE.search(text) else _paragraphs(text)
    if paragraphs is None:
        return None
    return "".join(f"<p>{lines}</p>\n" for lines in paragraphs).replace('"', "&quot;")
