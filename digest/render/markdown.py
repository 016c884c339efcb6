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


@functools.lru_cache(maxsize=8192)  # a summary is shown on its item, issue, topic, tag and source pages
def to_html(text: str) -> str:
    """Render; nesting deeper than a reader could follow is flattened so no text is dropped."""
    text = _DEEP_QUOTE_RE.sub(r"\1", text or "")
    text = _DEEP_INDENT_RE.sub(r"\1", text)
    return _MD.render(text)
