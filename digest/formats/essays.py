"""An essay collection exported one essay per line; a line may start with the post URL glued to
its first word, or with a bare "Month YYYY" date line before the essay.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from digest.dates import MONTHS
from digest.formats.base import RawDocument
from digest.headline import make_title
from digest.links import slug_words, split_glued_url
from digest.model import ParseResult, Segment, Skipped

NAME = "essays"

LONG_LINE = 1200  # characters; an essay exported on one line is far longer than any paragraph
_MONTH_YEAR_RE = re.compile(rf"^\s*({'|'.join(MONTHS)})\.?\s+(\d{{4}})\s*$", re.IGNORECASE)
# A sentence end glued to the next sentence ("technology.Reasoning"), the trace of a lost paragraph break.
_GLUED_PARAGRAPH_RE = re.compile(r"(?<=[a-z0-9\)%][.!?])([”\"’]?)(?=[A-Z][a-z])")
_GLUED_BULLET_RE = re.compile(r"(?<=\S)\*\s+(?=\S)")


def score(doc: RawDocument) -> float:
    lines = [line for line in doc.lines if line.strip()]
    if not lines:
        return 0.0
    long_lines = [line for line in lines if len(line) >= LONG_LINE]
    if not long_lines:
        return 0.0
    share_chars = sum(len(line) for line in long_lines) / sum(len(line) for line in lines)
    glued_urls = sum(1 for line in long_lines if line.lstrip().startswith(("http://", "https://")))
    value = 0.5 * share_chars + 0.3 * min(1.0, len(long_lines) / 3) + 0.2 * min(1.0, glued_urls / 2)
    return round(value, 3)


def parse(doc: RawDocument) -> ParseResult:
    result = ParseResult(segments=[])
    pending_date_line: tuple[int, str] | None = None
    for number, raw in enumerate(doc.lines, 1):
        line = raw.strip()
        if not line:
            continue
        if _MONTH_YEAR_RE.match(line):
            if pending_date_line:  # two date lines in a row: the first dates nothing, say so
                result.skipped.append(Skipped(pending_date_line[0], pending_date_line[0], "date line"))
            pending_date_line = (number, line)
            continue
        if len(line) < 200 and not pending_date_line:
            # A short stray line between essays (a heading, a byline): keep it with no loss as a note.
            result.segments.append(Segment(number, number, body=line, title=line[:80], kind="note"))
            continue
        url, text = split_glued_url(line) if line.startswith(("http://", "https://")) else ("", line)
        body = _restore_paragraphs(text)
        title = _title_from_slug(url, text)
        start = pending_date_line[0] if pending_date_line else number
        segment = Segment(start, number, body=body, title=title or make_title(body), title_generated=not title,
                          url=url, kind="essay")
        if pending_date_line:
            segment.date_source = "text-month"
            segment.date = _month_start(pending_date_line[1])
        result.segments.append(segment)
        pending_date_line = None
    if pending_date_line:  # a date line at the end dates nothing
        result.skipped.append(Skipped(pending_date_line[0], pending_date_line[0], "date line"))
    return result


def _month_start(text: str) -> dt.date:
    match = _MONTH_YEAR_RE.match(text)
    assert match
    return dt.date(int(match.group(2)), MONTHS[match.group(1).lower()], 1)


def _restore_paragraphs(text: str) -> str:
    text = _GLUED_BULLET_RE.sub("\n\n* ", text)
    text = _GLUED_PARAGRAPH_RE.sub(r"\1\n\n", text)
    return text.strip()


def _title_from_slug(url: str, text: str) -> str:
    """Turn the URL slug into a title, borrowing each word's spelling from the essay itself:
    'kimi-k2-and-when-deepseek-moments' -> 'Kimi K2 and when DeepSeek moments'."""
    parts = slug_words(url) if url else []
    if not parts:
        return ""
    prose = re.sub(r"https?://\S+", " ", text)
    words = [_spelling(part, prose) for part in parts]
    title = " ".join(words)
    return title[0].upper() + title[1:]


def _spelling(part: str, prose: str) -> str:
    if part == "i":
        return "I"
    if part.endswith("s") and len(part) > 2:
        possessive = re.search(rf"\b({re.escape(part[:-1])})(['’])s\b", prose, re.IGNORECASE)
        if possessive:
            return _spelling(part[:-1], prose) + possessive.group(2) + "s"
    # Only mid-sentence occurrences tell a name from a common word (sentence starts are capitalised anyway).
    forms = Counter(
        match.group(1)
        for match in re.finditer(rf"(?<=[a-z,;:] )({re.escape(part)})\b", prose, re.IGNORECASE)
    )
    if not forms:
        # Only at sentence starts: trust the spelling only when it is capitalised inside (DeepSeek, OpenAI).
        forms = Counter(m for m in re.findall(rf"\b({re.escape(part)})\b", prose, re.IGNORECASE)
                        if any(ch.isupper() for ch in m[1:]))
    if not forms or part in forms:
        return part.upper() if re.fullmatch(r"[a-z]\d+|ai", part) else part
    return forms.most_common(1)[0][0]
