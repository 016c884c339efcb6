"""The fallback for a layout no format recognises: the whole document is one item."""

from __future__ import annotations

from digest.formats.base import RawDocument
from digest.headline import make_title
from digest.links import first_url
from digest.model import ParseResult, Segment

NAME = "document"


def score(doc: RawDocument) -> float:
    return 0.0  # never wins on evidence; chosen only as the fallback


def parse(doc: RawDocument) -> ParseResult:
    lines = doc.lines
    numbers = [n for n, line in enumerate(lines, 1) if line.strip()]
    if not numbers:
        return ParseResult(segments=[])
    body = doc.text.strip()
    first = lines[numbers[0] - 1].strip().lstrip("#").strip()
    generated = len(first.split()) > 14
    title = make_title(body) if generated else first
    return ParseResult(segments=[Segment(numbers[0], numbers[-1], body=body, title=title, title_generated=generated,
                                         url=first_url(body), kind="note")])
