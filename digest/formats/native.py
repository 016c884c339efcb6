"""A native item: a Markdown file whose YAML frontmatter holds at least title and date."""

from __future__ import annotations

import functools
import re

import yaml

from digest.dates import coerce_date
from digest.formats import newsletter
from digest.formats.base import RawDocument
from digest.metadata import load_yaml
from digest.model import ParseResult, Segment, Skipped

NAME = "native"

_FRONTMATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.DOTALL)


def split_frontmatter(text: str) -> tuple[dict | None, str, int, str]:
    """(metadata or None, body, number of lines the frontmatter block takes, error message)."""
    data, body, lines, error = _split_frontmatter(text)
    copied = {k: (v.copy() if isinstance(v, (list, dict)) else v) for k, v in data.items()} if data is not None else None
    return copied, body, lines, error  # callers may change their copy


@functools.lru_cache(maxsize=16)  # detection scores a document, then its parser splits it again
def _split_frontmatter(text: str) -> tuple[dict | None, str, int, str]:
    match = _FRONTMATTER_RE.match(text)
    if not match:
        return None, text, 0, ""
    block_lines = match.group(0).count("\n")
    try:
        data = load_yaml(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        return None, text, block_lines, f"line {line}: frontmatter is not valid YAML ({getattr(exc, 'problem', exc)})"
    if not isinstance(data, dict):
        return None, text, block_lines, "line 1: frontmatter must be a mapping of fields"
    return data, text[match.end():], block_lines, ""


def score(doc: RawDocument) -> float:
    data, body, _, _ = split_frontmatter(doc.text)
    if data is None:
        return 0.0
    if newsletter.score(RawDocument(doc.path, body)) >= 0.75:
        return 0.5  # a newsletter issue with frontmatter: its stories are the items, not the file
    return 1.0 if "title" in data and "date" in data else 0.4


def _as_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(part).strip() for part in value if str(part).strip()]
    return []


def parse(doc: RawDocument) -> ParseResult:
    data, body, block_lines, error = split_frontmatter(doc.text)
    result = ParseResult(segments=[])
    if error or data is None:
        result.warnings.append(f"{doc.path}:{error or 'line 1: no frontmatter'}")
        data, body, block_lines = {}, doc.text, 0
    total = len(doc.lines)
    if block_lines:
        result.skipped.append(Skipped(1, block_lines, "frontmatter"))
    date = coerce_date(data.get("date"))
    if "date" in data and date is None:
        result.warnings.append(f"{doc.path}:{_field_line(doc, 'date')}: 'date' is not a date: {data.get('date')!r}")
    body_start = min(block_lines + 1, total)
    segment = Segment(
        start_line=body_start,
        end_line=max(body_start, total - (1 if doc.text.endswith("\n") else 0)),
        body=body.strip(),
        title=str(data.get("title") or ""),
        summary=str(data.get("summary") or ""),
        take=str(data.get("take") or ""),
        url=str(data.get("url") or ""),
        kind=str(data.get("kind") or "note"),
        date=date,
        date_source="frontmatter" if date else "",
        source=str(data.get("source") or ""),
        topic=str(data.get("topic") or ""),
        tags=_as_list(data.get("tags")),
        hidden=data.get("hidden") is True,
        pinned=data.get("pinned") is True,
    )
    result.segments.append(segment)
    return result


def _field_line(doc: RawDocument, key: str) -> int:
    for number, line in enumerate(doc.lines, 1):
        if line.startswith(f"{key}:"):
            return number
    return 1
