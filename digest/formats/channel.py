"""A scraped channel page (Telegram and the like): a header of counters and links, then posts,
each ending in a "Full story" line; a post's first line is its title.
"""

from __future__ import annotations

import re

from digest.formats.base import RawDocument
from digest.headline import make_title
from digest.links import first_url
from digest.model import ParseResult, Segment, Skipped

NAME = "channel"

_END_RE = re.compile(r"^\s*(full story|read more|continue reading|read the full (?:story|post)|open in \w+)\b.*$", re.I)
_HEADER_JUNK_RE = re.compile(
    r"^\s*(\d[\d.,kKmM]*\s+(subscribers?|members?|photos?|videos?|links?|files?|followers?)|"
    r"download telegram|view in telegram|preview channel|join channel|open in telegram|"
    r"(#\w+\s*)+)\s*$",
    re.IGNORECASE,
)
HEADER_WINDOW = 20  # header junk is only looked for in the first lines


def score(doc: RawDocument) -> float:
    lines = [line for line in doc.lines if line.strip()]
    if not lines:
        return 0.0
    ends = sum(1 for line in lines if _END_RE.match(line) and len(line.split()) <= 6)
    junk = sum(1 for line in lines[:HEADER_WINDOW] if _HEADER_JUNK_RE.match(line))
    if ends < 2:
        return 0.0
    return round(min(1.0, 0.5 + 0.1 * min(ends, 3) + 0.1 * min(junk, 2)), 3)


def _header_end(lines: list[str]) -> int:
    """Index (0-based) of the last header line, or -1 when the page has no header.

    The header is one contiguous run from the top: junk lines (counters, hashtags, app links) with at
    most the channel name/description (short lines) between them. A hashtag line further down closes
    a post and is never mistaken for the header.
    """
    last = -1
    gap = 0  # short non-junk lines since the top or the last junk line
    for index, line in enumerate(lines[:HEADER_WINDOW]):
        if not line.strip():
            continue
        if _END_RE.match(line) and len(line.split()) <= 6:
            break
        if _HEADER_JUNK_RE.match(line):
            last, gap = index, 0
            continue
        gap += 1
        if len(line.split()) > 15 or gap > (2 if last < 0 else 1):
            break
    return last


def parse(doc: RawDocument) -> ParseResult:
    lines = doc.lines
    result = ParseResult(segments=[])
    header_end = _header_end(lines)
    if header_end >= 0:
        first = next((line.strip() for line in lines[: header_end + 1] if line.strip()), "")
        result.doc_source = re.split(r"\s+[-–—|]\s+", first)[0].strip()
        result.doc_title = first
        result.skipped.append(Skipped(1, header_end + 1, "header"))
    post: list[int] = []
    for number in range(header_end + 2, len(lines) + 1):
        line = lines[number - 1].strip()
        if not line:
            continue
        post.append(number)
        if _END_RE.match(line) and len(line.split()) <= 6:
            _add_post(doc, post, result)
            post = []
    if post:
        if len(post) <= 2 and sum(len(lines[n - 1].split()) for n in post) < 25:
            result.skipped.append(Skipped(post[0], post[-1], "footer"))
        else:
            _add_post(doc, post, result)
    return result


def _add_post(doc: RawDocument, numbers: list[int], result: ParseResult) -> None:
    texts = [doc.lines[n - 1].strip() for n in numbers]
    end_line = texts[-1] if _END_RE.match(texts[-1]) else ""
    content = texts[:-1] if end_line else texts
    if not content:
        result.skipped.append(Skipped(numbers[0], numbers[-1], "empty post"))
        return
    first = content[0]
    heading = len(first) <= 120 and not first.endswith((".", "!", "?")) or len(first.split()) <= 12
    if heading:
        title, rest = first, content[1:]
    else:
        title, rest = make_title(first), content
    body = "\n\n".join(_clean(line) for line in rest) or first
    url = first_url(end_line) or first_url(" ".join(content))
    result.segments.append(
        Segment(start_line=numbers[0], end_line=numbers[-1], title=title, title_generated=not heading, body=body,
                url=url, kind="post")
    )


def _clean(line: str) -> str:
    # Scrapes cut long posts with "..."; keep the text, mark the cut plainly.
    return re.sub(r"\.\.\.$|…$", " …", line)
