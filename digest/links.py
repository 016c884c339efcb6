"""Find and vet URLs in source text; only http(s) ever becomes a link."""

from __future__ import annotations

import re

_MD_LINK_RE = re.compile(r"\[([^\]\n]{1,300})\]\((https?://[^\s)]+)\)")
_BARE_URL_RE = re.compile(r"https?://[^\s<>\"'\)\]]+")


def is_safe_url(url: str) -> bool:
    return bool(re.match(r"^https?://[^\s/$.?#][^\s]*$", url or "", re.IGNORECASE))


def safe_url(url: str) -> str:
    """The URL if it is http(s), else empty: javascript:, data: and friends never become links."""
    url = (url or "").strip()
    return url if is_safe_url(url) else ""


def first_url(text: str) -> str:
    """The first Markdown link target or bare URL in the text, trailing punctuation trimmed."""
    md = _MD_LINK_RE.search(text)
    bare = _BARE_URL_RE.search(text)
    if md and (not bare or md.start() <= bare.start()):
        return md.group(2)
    if bare:
        return bare.group(0).rstrip(".,;:!?")
    return ""


def split_glued_url(line: str) -> tuple[str, str]:
    """Split 'https://x.org/p/some-slugThe text...' into the URL and the text glued to it.

    Slugs are lower-case, so the first capital letter (or opening quote) after the host starts the
    text; without one the URL ends at the first space.
    """
    match = re.match(r"https?://[^/\s]+", line)
    if not match:
        return "", line
    token_end = len(line.split(None, 1)[0])
    cut = re.search(r"[A-Z“\"‘'(]", line[match.end():token_end])
    end = match.end() + cut.start() if cut else token_end
    return line[:end].rstrip(".,;:"), line[end:].lstrip()


def slug_words(url: str) -> list[str]:
    """The words of a URL's last path segment ('kimi-k2-and-when' -> ['kimi', 'k2', 'and', 'when'])."""
    path = re.sub(r"[?#].*$", "", url).rstrip("/")
    last = path.rsplit("/", 1)[-1]
    last = re.sub(r"\.(html?|php|aspx?)$", "", last)
    parts = [p for p in re.split(r"[-_]+", last) if p]
    if len(parts) < 2 or all(p.isdigit() for p in parts):
        return []
    return parts
