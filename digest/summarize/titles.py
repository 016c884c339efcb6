"""Headlines from the LLM backend for items whose title the machine made (digest.headline).

A source's or a person's title is never asked about. Whatever the model answers is treated as
untrusted text: one line, no wrapping quotes or labels, at most MAX_CHARS cut at a word; anything
that does not look like a headline is refused and the extractive title stays.
"""

from __future__ import annotations

import re
import unicodedata

from digest.model import Item
from digest.summarize.llm import LLMClient

MAX_CHARS = 80
_QUOTES = "\"'`“”‘’„«»‹›"
_LABEL_RE = re.compile(r"^(?:headline|title)\s*:\s*", re.IGNORECASE)
_MARKUP_RE = re.compile(r"^(?:#+\s*|\*\*|__)|(?:\*\*|__)$")


def wants_llm_title(item: Item) -> bool:
    """Only a machine-made title that no person has edited is replaced."""
    return item.title_generated and "title" not in item.edited and bool(item.body.strip())


def llm_title(item: Item, client: LLMClient, spoken: bool) -> str:
    """The model's headline for the item, or '' when its answer is not usable. Raises LLMError."""
    answer = client.complete("title.j2", text=item.body, spoken=spoken, max_chars=MAX_CHARS)
    return clean_title(answer)


def clean_title(answer: str, max_chars: int = MAX_CHARS) -> str:
    """A one-line headline of at most max_chars from a model's answer, or '' for junk."""
    lines = [line for line in answer.splitlines() if line.strip()]
    if len(lines) != 1:
        return ""  # empty, or a preamble / several candidates: not a headline
    # Control, format (bidi overrides, zero-width) and odd space characters become plain spaces.
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in lines[0])
    text = " ".join(text.split())
    for _ in range(3):  # labels, markup and quotes nest in any order: **Title: "x".**
        text = _LABEL_RE.sub("", _MARKUP_RE.sub("", text).strip()).rstrip(" .,;:")
        while len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
            text = text[1:-1].strip()
    if len(text) > 2 * max_chars or not any(ch.isalnum() for ch in text):
        return ""  # a paragraph or bare punctuation, not a headline
    if len(text) > max_chars:
        text = text[: max_chars + 1].rsplit(" ", 1)[0].rstrip(" .,;:-–—")
    return text if len(text) <= max_chars else ""
