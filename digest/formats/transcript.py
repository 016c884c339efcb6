"""A speaker-less spoken transcript (podcast or video), mostly one sentence a line; Whisper
`[start --> end]` prefixes and unpunctuated auto-captions are read too.
"""

from __future__ import annotations

import re

from digest import boilerplate, segment
from digest.dates import find_date
from digest.formats.base import RawDocument
from digest.headline import make_title
from digest.links import first_url
from digest.model import ParseResult, Segment, Skipped

NAME = "transcript"
MIN_RUN = 3  # lines; a shorter leftover between skipped parts is reported, not made an item

WHISPER_RE = re.compile(r"^\s*\[\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\s*-->\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\s*\]\s*")
_SPOKEN_RE = re.compile(r"\b(i think|you know|i mean|yeah|we're|i'm|you're|let's|kind of|sort of|right\?|okay|so)\b", re.I)
_HEADER_FIELD_RE = re.compile(r"^\s*\*\*([^*]{1,30}?):?\*\*:?\s*(.*)$")
_TURN_RE = re.compile(r"^\s*\*\*[^*\n]{1,40}\*\*\s*(?:\[[\d:.]+\])?\s*:")


def strip_timestamp(line: str) -> str:
    return WHISPER_RE.sub("", line)


def score(doc: RawDocument) -> float:
    lines = [strip_timestamp(line) for line in doc.lines if line.strip()]
    if len(lines) < 20:
        return 0.0
    turns = sum(1 for line in lines if _TURN_RE.match(line))
    if turns > len(lines) * 0.2:
        return 0.0  # speaker turns: a show script
    lengths = sorted(len(line.split()) for line in lines)
    median = lengths[len(lengths) // 2]
    short_share = sum(1 for n in lengths if n <= 40) / len(lengths)
    spoken = sum(1 for line in lines if _SPOKEN_RE.search(line)) / len(lines)
    headings = sum(1 for line in lines if line.startswith("#")) / len(lines)
    whisper = sum(1 for line in doc.lines if WHISPER_RE.match(line)) / len(lines)
    value = 0.35 * short_share + 0.45 * min(1.0, spoken / 0.25) + 0.2 * (median <= 30) - headings
    return round(max(0.0, min(1.0, value + 0.3 * whisper)), 3)


def parse(doc: RawDocument) -> ParseResult:
    result = ParseResult(segments=[])
    numbers: list[int] = []  # line number of each unit
    units: list[str] = []
    header_end = _read_header(doc, result)
    for number, raw in enumerate(doc.lines, 1):
        if number <= header_end or not raw.strip():
            continue
        numbers.append(number)
        units.append(strip_timestamp(raw).strip())
    if not units:
        return result
    # Boilerplate first: sponsor reads and the outro are cut out before stories are found.
    skip = [""] * len(units)
    for start, end in boilerplate.sponsor_ranges(units):
        for i in range(start, end + 1):
            skip[i] = "sponsor"
    outro = boilerplate.outro_start(units)
    if outro is not None:
        for i in range(outro, len(units)):
            skip[i] = skip[i] or "outro"
    starts = segment.segment(units)
    stories = _stories(starts, len(units))
    # Whatever comes before the first cue is the intro, if a cue comes early enough.
    if len(starts) > 1 and starts[1] <= max(40, len(units) // 6):
        for i in range(0, starts[1]):
            skip[i] = skip[i] or "intro"
    for start, end in stories:
        # A sponsor read inside a story's span splits it; each substantial run stays an item.
        for run_start, run_end in _runs([i for i in range(start, end) if not skip[i]]):
            if run_end - run_start + 1 < MIN_RUN:
                continue
            body_units = units[run_start : run_end + 1]
            text = "\n".join(body_units)
            result.segments.append(Segment(
                start_line=numbers[run_start], end_line=numbers[run_end], body=_paragraphs(body_units),
                title=make_title(text), url=first_url(text), kind="story",
            ))
    _report_skipped(result, numbers, skip)
    return result


def _read_header(doc: RawDocument, result: ParseResult) -> int:
    """Read `# Title`, `**Podcast:** name`, `**Published:** date` before `## Transcript`; return its last line."""
    last = 0
    for number, raw in enumerate(doc.lines[:15], 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("# ") and not result.doc_title:
            result.doc_title, last = line[2:].strip(), number
            continue
        field = _HEADER_FIELD_RE.match(line)
        if field and not _TURN_RE.match(line):
            key, value = field.group(1).lower().strip(), field.group(2).strip()
            if key in ("podcast", "show", "channel", "source", "publication"):
                result.doc_source = value
            elif key in ("published", "date", "recorded", "aired"):
                result.doc_date = find_date(value)
                result.doc_date_source = "text" if result.doc_date else ""
            last = number
            continue
        if line.startswith("## ") and last:
            last = number
            continue
        break
    if last:
        result.skipped.append(Skipped(1, last, "header"))
    return last


def _stories(starts: list[int], total: int) -> list[tuple[int, int]]:
    return list(zip(starts, starts[1:] + [total]))


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _paragraphs(units: list[str], per_paragraph: int = 5) -> str:
    """Join spoken lines into readable paragraphs of a few sentences each."""
    chunks = [" ".join(units[i : i + per_paragraph]) for i in range(0, len(units), per_paragraph)]
    return "\n\n".join(chunks)


def _report_skipped(result: ParseResult, numbers: list[int], skip: list[str]) -> None:
    covered = set()
    for seg in result.segments:
        covered.update(range(seg.start_line, seg.end_line + 1))
    reason_runs: list[tuple[int, int, str]] = []
    for i, number in enumerate(numbers):
        if number in covered:
            continue
        reason = skip[i] or "fragment"
        if reason_runs and reason_runs[-1][2] == reason and reason_runs[-1][1] == i - 1:
            reason_runs[-1] = (reason_runs[-1][0], i, reason)
        else:
            reason_runs.append((i, i, reason))
    for start, end, reason in reason_runs:
        result.skipped.append(Skipped(numbers[start], numbers[end], reason))
    result.skipped.sort(key=lambda s: s.start_line)
