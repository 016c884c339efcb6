"""A hand-written weekly digest: a "W15" header, then per entry a title line, a summary paragraph
ending in "Source" (optionally with a link), and sometimes a one-line take.
"""

from __future__ import annotations

import re

from digest.dates import find_week, week_monday
from digest.formats.base import RawDocument
from digest.links import first_url
from digest.model import ParseResult, Segment, Skipped

NAME = "digest"

# "... Source", "... Source: https://...", "... [Source](https://...)", "... Sources".
_SOURCE_END_RE = re.compile(
    r"(?:\s|^)\[?(?:Source|Sources|Link|Read more)\]?(?:\s*[:\-–]?\s*\(?(https?://\S+?)\)?)?\s*\.?\s*$",
    re.IGNORECASE,
)
_HEADER_RE = re.compile(r"\b(caught my attention|digest|roundup|round-up|this week|weekly)\b|\bW(?:eek)?\s?\d{1,2}\b", re.I)


def _is_source_line(line: str) -> bool:
    return bool(line.strip()) and bool(_SOURCE_END_RE.search(line)) and len(line.split()) >= 8


def _looks_like_title(line: str) -> bool:
    text = line.strip()
    return 0 < len(text.split()) <= 20 and not re.search(r"[.!?:;,]$", text)


def score(doc: RawDocument) -> float:
    lines = [line for line in doc.lines if line.strip()]
    if len(lines) < 3:
        return 0.0
    source_lines = sum(1 for line in lines if _is_source_line(line))
    titles_before = sum(
        1 for prev, line in zip(lines, lines[1:]) if _is_source_line(line) and _looks_like_title(prev)
    )
    header = bool(_HEADER_RE.search(lines[0])) and len(lines[0].split()) <= 12
    if source_lines == 0 or (source_lines == 1 and not header):
        return 0.0
    value = 0.35 + 0.45 * (titles_before / source_lines) + (0.2 if header else 0.0)
    return min(value, 1.0)


def parse(doc: RawDocument) -> ParseResult:
    lines = doc.lines
    numbered = [(i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()]
    result = ParseResult(segments=[])
    if not numbered:
        return result
    header_no, header = numbered[0]
    body_start = 0
    if not _is_source_line(header) and _HEADER_RE.search(header) and len(header.split()) <= 12:
        result.skipped.append(Skipped(header_no, header_no, "header"))
        result.doc_title = header.rstrip(".")
        body_start = 1
        week = find_week(header)
        if week:
            year = week[0] or _meta_year(doc)
            if year:
                monday = week_monday(year, week[1])
                if monday:
                    result.doc_date = monday
                    result.doc_date_source = "text-week" if week[0] else "text-week+meta-year"
            else:
                result.warnings.append(f"{doc.path}:{header_no}: week {week[1]} has no year; set 'year' in metadata")
    body = numbered[body_start:]
    source_idx = [k for k, (_, line) in enumerate(body) if _is_source_line(line)]
    if not source_idx:
        # Forced onto a document without "Source" lines: keep all its text as one entry, never drop it.
        result.warnings.append(f"{doc.path}:{body[0][0] if body else 1}: no 'Source' lines found; kept as one item")
        if body:
            result.segments.append(Segment(
                start_line=body[0][0], end_line=body[-1][0], body="\n\n".join(text for _, text in body),
                title=body[0][1] if _looks_like_title(body[0][1]) else "", kind="digest-entry",
            ))
        return result
    # Each entry ends on its Source line; it starts at the title found by walking back from there.
    starts: list[int] = []
    previous_end = -1
    for k in source_idx:
        title_k = previous_end + 1
        for j in range(k - 1, previous_end, -1):
            if _looks_like_title(body[j][1]):
                title_k = j
                break
        starts.append(title_k)
        previous_end = k
    leading = body[: starts[0]]
    if leading:
        result.skipped.append(Skipped(leading[0][0], leading[-1][0], "preamble"))
    for n, (start_k, end_k) in enumerate(zip(starts, source_idx)):
        next_start = starts[n + 1] if n + 1 < len(starts) else len(body)
        take_lines = [text for _, text in body[end_k + 1 : next_start]]
        title_line_no, title = body[start_k]
        has_title = start_k < end_k and _looks_like_title(title)
        summary_lines = [text for _, text in body[start_k + (1 if has_title else 0) : end_k + 1]]
        url = ""
        last = summary_lines[-1]
        match = _SOURCE_END_RE.search(last)
        if match:
            url = match.group(1) or ""
            summary_lines[-1] = last[: match.start()].rstrip()
        url = url or first_url(" ".join(summary_lines))
        summary = "\n\n".join(line for line in summary_lines if line)
        take = " ".join(take_lines).strip()
        end_line = body[next_start - 1][0]
        result.segments.append(
            Segment(
                start_line=title_line_no,
                end_line=end_line,
                title=title if has_title else "",
                body=summary + (f"\n\n{take}" if take else ""),
                summary=summary,
                take=take,
                url=url,
                kind="digest-entry",
            )
        )
    return result


def _meta_year(doc: RawDocument) -> int | None:
    year = doc.meta.get("year")
    if isinstance(year, int):
        return year
    date = doc.meta.get("date")
    return getattr(date, "year", None) if date else None
