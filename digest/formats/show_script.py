"""A Markdown show script: `# Show — Month D, YYYY`, `## Section`s, `**Speaker**: text` turns,
stories separated by `---` or `**Break:**` lines. Quick-hit sections hold one item per hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from digest.dates import find_date
from digest.formats.base import RawDocument
from digest.headline import make_title
from digest.links import first_url
from digest.model import ParseResult, Segment, Skipped
from digest.text import split_sentences

NAME = "show-script"

TURN_RE = re.compile(r"^\s*\*\*([^*\n]{1,40}?)\*\*\s*(?:\[[\d:.]+\])?\s*:\s*(.*)$|^\s*\*\*([^*\n]{1,40}?):\*\*\s*(.*)$")
_BREAK_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|\*\*(?:break|segment break)\s*:?\*\*.*)\s*$", re.IGNORECASE)
_SKIP_SECTION_RE = re.compile(
    r"cold open|intro|opening|outro|wrap[- ]?up|sign[- ]?off|closing|housekeeping|sponsor|ad read|credits|show notes",
    re.IGNORECASE,
)
_QUICK_SECTION_RE = re.compile(r"quick hits?|rapid[- ]fire|lightning|briefly|in brief|headlines|speed round", re.I)
_REACTION_START_RE = re.compile(
    r"^(yeah|yes|ok|okay|alright|all right|right|great|smart|nice|cool|next|i |i'm|that|it|so|wait|hmm|oh|wow|"
    r"yikes|sure|exactly|finally|interesting|agreed|totally|true|fair|good|and|but)\b",
    re.IGNORECASE,
)


@dataclass
class _Block:
    section: str
    lines: list[int] = field(default_factory=list)  # 1-based numbers of non-blank lines


def score(doc: RawDocument) -> float:
    lines = [line for line in doc.lines if line.strip()]
    if not lines:
        return 0.0
    turns = sum(1 for line in lines if TURN_RE.match(line))
    if turns < 3:
        return 0.0
    share = turns / len(lines)
    headings = sum(1 for line in lines if line.startswith("## "))
    breaks = sum(1 for line in lines if _BREAK_RE.match(line))
    value = 0.5 * min(1.0, share / 0.6) + 0.25 * min(1.0, (headings + breaks) / 3)
    if lines[0].startswith("# "):
        value += 0.25
    return round(min(value, 1.0), 3)


def parse(doc: RawDocument) -> ParseResult:
    result = ParseResult(segments=[])
    blocks: list[_Block] = []
    section = ""
    current = _Block(section)
    for number, raw in enumerate(doc.lines, 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("# ") and not result.doc_title and not blocks and not current.lines:
            result.doc_title, result.doc_date = _title_and_date(line[2:])
            result.doc_date_source = "text" if result.doc_date else ""
            result.skipped.append(Skipped(number, number, "header"))
            continue
        if re.match(r"^#{2,6}\s", line):
            blocks.append(current)
            section = line.lstrip("#").strip()
            current = _Block(section, [number])
            continue
        if _BREAK_RE.match(line):
            current.lines.append(number)  # the separator belongs to the story it closes
            blocks.append(current)
            current = _Block(section)
            continue
        current.lines.append(number)
    blocks.append(current)
    for block in blocks:
        if not block.lines:
            continue
        if _is_only_markup(doc, block):
            result.skipped.append(Skipped(block.lines[0], block.lines[-1], "separator"))
        elif _SKIP_SECTION_RE.search(block.section):
            result.skipped.append(Skipped(block.lines[0], block.lines[-1], _skip_reason(block.section)))
        elif _QUICK_SECTION_RE.search(block.section):
            _quick_hits(doc, block, result)
        else:
            result.segments.append(_story(doc, block.lines))
    return result


def _title_and_date(header: str) -> tuple[str, object]:
    date = find_date(header)
    title = re.split(r"\s+[—–-]\s+", header)[0].strip() if date else header.strip()
    return title, date


def _skip_reason(section: str) -> str:
    lowered = section.lower()
    if "sponsor" in lowered or "ad read" in lowered:
        return "sponsor"
    if any(word in lowered for word in ("outro", "wrap", "sign", "closing", "credits")):
        return "outro"
    return "intro"


def _is_only_markup(doc: RawDocument, block: _Block) -> bool:
    return all(_BREAK_RE.match(doc.lines[n - 1].strip()) or doc.lines[n - 1].lstrip().startswith("#")
               for n in block.lines)


def _turn_text(line: str) -> tuple[str, str]:
    match = TURN_RE.match(line)
    if not match:
        return "", line.strip()
    speaker = match.group(1) or match.group(3) or ""
    return speaker.strip(), (match.group(2) if match.group(1) else match.group(4) or "").strip()


def _body(doc: RawDocument, numbers: list[int]) -> str:
    paragraphs = []
    for n in numbers:
        line = doc.lines[n - 1].strip()
        if _BREAK_RE.match(line) or line.startswith("#"):
            continue
        speaker, text = _turn_text(line)
        paragraphs.append(f"**{speaker}**: {text}" if speaker else text)
    return "\n\n".join(paragraphs)


def _spoken_text(doc: RawDocument, numbers: list[int]) -> str:
    return " ".join(_turn_text(doc.lines[n - 1])[1] for n in numbers if TURN_RE.match(doc.lines[n - 1]))


def _story(doc: RawDocument, numbers: list[int]) -> Segment:
    spoken = _spoken_text(doc, numbers) or _body(doc, numbers)
    return Segment(
        start_line=numbers[0],
        end_line=numbers[-1],
        body=_body(doc, numbers),
        title=make_title(spoken),
        title_generated=True,
        url=first_url(spoken),
        kind="story",
    )


def _is_hit_opener(text: str) -> bool:
    """A turn that names a new item: a short name-like first sentence followed by a description."""
    sentences = split_sentences(text)
    if len(sentences) < 2 or len(text.split()) < 12:
        return False
    first = sentences[0]
    return len(first.split()) <= 10 and not first.endswith("?") and not _REACTION_START_RE.match(first)


def _quick_hits(doc: RawDocument, block: _Block, result: ParseResult) -> None:
    groups: list[list[int]] = []
    lead_in: list[int] = []
    for n in block.lines:
        line = doc.lines[n - 1].strip()
        _, text = _turn_text(line)
        if TURN_RE.match(line) and _is_hit_opener(text):
            groups.append([n])
        elif groups:
            groups[-1].append(n)
        else:
            lead_in.append(n)
    if lead_in:
        result.skipped.append(Skipped(lead_in[0], lead_in[-1], "section intro"))
    for numbers in groups:
        _, opener = _turn_text(doc.lines[numbers[0] - 1])
        sentences = split_sentences(opener)
        name = sentences[0].rstrip(".")
        title = f"{name}: {sentences[1].rstrip('.')}" if len(sentences) > 1 else name
        if len(title) > 80:
            title = title[:80].rsplit(" ", 1)[0].rstrip(",;:")
        result.segments.append(
            Segment(
                start_line=numbers[0],
                end_line=numbers[-1],
                body=_body(doc, numbers),
                title=title,
                title_generated=True,  # cut from what the host said, not a headline the source gave
                url=first_url(opener),
                kind="story",
            )
        )
