"""A Markdown newsletter: `### Section` headings, `#### [Title](url)` stories, one-line link items
(`* [Title](url) - summary`, `[Title](url). summary`, `1. [Title](url) summary`), `***` separators,
a "Why this matters" take per story, sponsored items and site navigation (both skipped).
"""

from __future__ import annotations

import re

from digest.formats.base import RawDocument
from digest.model import ParseResult, Segment, Skipped

NAME = "newsletter"

_LINK = r"\[(?P<title>[^\]\n]{2,200})\]\((?P<url>https?://[^)\s]+)\)"
_STORY_HEADING_RE = re.compile(rf"^\s*#{{4,6}}\s+(?:{_LINK}|(?P<plain>\S.*?))\s*#*\s*$")
_SECTION_RE = re.compile(r"^\s*(?:---)?\s*#{1,3}\s+\S")
_LINK_ITEM_RE = re.compile(rf"^\s*(?:[*\-+]\s+|\d{{1,3}}[.)]\s+)?\**{_LINK}\**\s*(?P<rest>(?:[.:\-–—|]\s*)?.*)$")
_SEPARATOR_RE = re.compile(r"^\s*(?:\*\s*){3,}$|^\s*(?:-\s*){3,}$|^\s*(?:_\s*){3,}$")
_TAKE_RE = re.compile(r"^\s*[*_]*\s*why (?:this|it) matters\s*[*_:]*\s*[:.\-–—]?\s*[*_]*\s*(?P<rest>.*)$", re.I)
_SPONSOR_RE = re.compile(r"\b(sponsored|sponsor|presented by|in partnership with|advertisement|partner content)\b", re.I)
_NAV_RE = re.compile(
    r"^\s*[\[(*]*\s*(subscribe( now)?|sign up|sign in|log ?in|view (this )?(email )?in (your )?browser|read online|"
    r"unsubscribe|share|forward to a friend|advertise( with us)?|home|archive|about|menu|search|"
    r"manage (your )?(preferences|subscription)|skip to (main )?content)\s*[\])*]*"
    r"(\s*[|•·/]\s*[\[(*]*\s*\w[\w ]{0,25}[\])*]*)*\s*$",
    re.I,
)


def _is_navigation(line: str) -> bool:
    """A line of site chrome ("View in browser | Subscribe"), links reduced to their text."""
    return bool(_NAV_RE.match(re.sub(r"\[([^\]\n]*)\]\([^)\s]*\)", r"\1", line)))


def _is_link_item(line: str) -> bool:
    return bool(_LINK_ITEM_RE.match(line)) and not _STORY_HEADING_RE.match(line)


def score(doc: RawDocument) -> float:
    lines = [line for line in doc.lines if line.strip()]
    if not lines:
        return 0.0
    stories = sum(1 for line in lines if _STORY_HEADING_RE.match(line))
    links = sum(1 for line in lines if _is_link_item(line) and not _is_navigation(line))
    sections = sum(1 for line in lines if _SECTION_RE.match(line))
    if stories + links < 3:
        return 0.0
    share = (stories + links) / len(lines)
    return round(min(1.0, 0.45 + 0.3 * min(1.0, share * 3) + 0.15 * min(1.0, sections / 2) + 0.1 * (stories > 0)), 3)


def _frontmatter_end(lines: list[str]) -> int:
    """1-based last line of a leading YAML block (0 when none); a heading glued to the closing `---` ends it too."""
    if not lines or lines[0].strip() != "---":
        return 0
    for number, line in enumerate(lines[1:], 2):
        if line.strip() == "---" or re.match(r"^---\s*#", line):
            return number
    return 0


def parse(doc: RawDocument) -> ParseResult:
    lines = doc.lines
    result = ParseResult(segments=[])
    front = _frontmatter_end(lines)
    if front:
        result.skipped.append(Skipped(1, front, "frontmatter"))
    current: Segment | None = None
    loose: list[int] = []  # text lines seen before any story

    def close() -> None:
        nonlocal current
        if current is None:
            return
        current.body = current.body.strip()
        if _SPONSOR_RE.search(current.title) or _SPONSOR_RE.search(current.body[:120]):
            result.skipped.append(Skipped(current.start_line, current.end_line, "sponsored"))
            result.warnings.append(f"{doc.path}:{current.start_line}: sponsored item skipped")
        else:
            result.segments.append(current)
        current = None

    for number in range(front + 1, len(lines) + 1):
        line = lines[number - 1]
        text = line.strip()
        if not text:
            continue
        if _is_navigation(line):
            close()
            result.skipped.append(Skipped(number, number, "navigation"))
            continue
        heading = _STORY_HEADING_RE.match(line)
        link = _LINK_ITEM_RE.match(line) if not heading else None
        if heading:
            close()
            title = heading.group("title") or heading.group("plain") or ""
            current = Segment(number, number, body="", title=title.strip(" *"), url=heading.group("url") or "")
        elif link:
            close()
            rest = re.sub(r"^[.:\-–—|]\s*", "", link.group("rest").strip())
            current = Segment(number, number, body=rest, title=link.group("title").strip(" *"), url=link.group("url"))
        elif _SEPARATOR_RE.match(line) or _SECTION_RE.match(line):
            close()
            reason = "separator" if _SEPARATOR_RE.match(line) else "section heading"
            result.skipped.append(Skipped(number, number, reason))
        elif current is not None:
            take = _TAKE_RE.match(line)
            if take or current.take:
                current.take = f"{current.take} {take.group('rest') if take else text}".strip()
            else:
                current.body += f"\n\n{text}"
            current.end_line = number
        else:
            loose.append(number)
            result.skipped.append(Skipped(number, number, "preamble"))
    close()
    if loose and not result.segments:
        # Nothing looked like a story: keep the text (one item per run of text lines) rather than skip it all.
        result.skipped = [skip for skip in result.skipped if skip.reason != "preamble"]
        covered = {n for skip in result.skipped for n in range(skip.start_line, skip.end_line + 1)}
        runs: list[list[int]] = []
        for n in loose:
            if runs and not any(m in covered for m in range(runs[-1][-1] + 1, n)):
                runs[-1].append(n)
            else:
                runs.append([n])
        for run in runs:
            result.segments.append(Segment(run[0], run[-1], body="\n\n".join(lines[n - 1].strip() for n in run)))
    return result
