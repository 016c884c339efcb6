"""A speaker-less spoken transcript (podcast or video): mostly one sentence a line, optionally
with a small Markdown header (`# Title`, `**Podcast:** name`, `**Published:** date`), Whisper
`[start --> end]` prefixes, or lower-case unpunctuated auto-captions.

Parsing cuts the intro, sponsor reads and outro out (digest.boilerplate), splits the rest into
news stories (digest.segment) and titles each story (digest.headline). Every non-blank line ends
up in exactly one segment or one skipped range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest import boilerplate, segment
from digest.dates import find_date
from digest.formats.base import RawDocument
from digest.headline import make_title
from digest.links import first_url
from digest.model import ParseResult, Segment, Skipped
from digest.text import split_sentences

NAME = "transcript"
MIN_STORY_WORDS = 25  # a shorter leftover ("And we're back.") is skipped, not made a story

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
WHISPER_RE = re.compile(rf"^\s*\[\s*{_TIME}\s*-->\s*{_TIME}\s*\]\s*")
_TIMESTAMP_RE = re.compile(rf"^\s*(?:\[{_TIME}\]|\({_TIME}\)|{_TIME}\s*-->\s*{_TIME}|{_TIME}(?=\s))\s*")
_CAPTION_TAG_RE = re.compile(r"\[(?:music|applause|laughter|laughs|inaudible|silence|crosstalk|foreign)\]|^\s*>>\s*",
                             re.IGNORECASE)
_HEADER_FIELD_RE = re.compile(r"^\*\*([^*:\n]{1,30}):?\*\*:?\s*(.*)$")
_TURN_RE = re.compile(r"^\s*\*\*[^*\n]{1,40}\*\*\s*(?:\[[\d:.]+\])?\s*:\s*\S|^\s*\*\*[^*\n]{1,40}:\*\*\s*\S")
_HEADING_RE = re.compile(r"^#{1,6}\s")
_SOURCE_KEYS = {"podcast", "show", "channel", "source", "publication", "series"}
_DATE_KEYS = {"published", "date", "recorded", "aired", "released"}
_HEADER_KEYS = _SOURCE_KEYS | _DATE_KEYS | {"episode", "host", "hosts", "guest", "guests", "url", "link", "duration",
                                            "season", "title", "language", "transcript", "author", "speakers"}

# Evidence of speech for score(): hedges, backchannels, first and second person.
_CONVERSATIONAL_RE = re.compile(
    r"\b(?:i think|you know|i mean|yeah|yep|okay|kind of|sort of|right\?|i guess|like,|um|uh|gonna|let's|"
    r"honestly|pretty much|anyway|by the way|you guys|we're|i'm|that's)\b",
    re.IGNORECASE,
)
_PERSON_RE = re.compile(r"\b(?:i|i'm|i've|me|my|we|we're|we've|us|our|you|you're|your)\b", re.IGNORECASE)
_OTHER_LAYOUT_RE = re.compile(
    r"^(?:-{3,}|\*{3,}|_{3,}|full story\W*|source\W*|read more\W*|\d+[.)]\s.*|[-*•]\s.*|#\w+(?:\s+#\w+)*)$",
    re.IGNORECASE,
)


def _is_header_field(line: str) -> bool:
    field = _HEADER_FIELD_RE.match(line.strip())
    return bool(field) and field.group(1).strip().lower() in _HEADER_KEYS


def clean_line(line: str) -> str:
    """The spoken words of a line: time prefixes and caption tags ([Music], >>) removed."""
    text = WHISPER_RE.sub("", line)
    text = _TIMESTAMP_RE.sub("", text)
    text = _CAPTION_TAG_RE.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


# --- detection ------------------------------------------------------------------------------------


def score(doc: RawDocument) -> float:
    """Structural evidence of a speaker-less transcript, in [0, 1].

    Transcripts are many short lines that are each one spoken sentence (or an unpunctuated
    caption run), full of hedges and first/second person, with hardly any layout: no headings
    beyond a small header, no "**Name**:" turns, no list items, titles or "Full story" links.
    """
    all_lines = doc.lines
    raw = [line.strip() for line in all_lines if line.strip()]
    if len(raw) < 5 or (all_lines and all_lines[0].strip() == "---"):
        return 0.0  # too little to judge, or YAML frontmatter
    if sum(1 for line in raw if _TURN_RE.match(line) and not _is_header_field(line)) >= 3:
        return 0.0  # "**Alex**: ..." turns: a show script
    if sum(1 for line in raw if WHISPER_RE.match(line)) >= 0.5 * len(raw):
        return 0.95  # Whisper segments: nothing else looks like this
    headings = sum(1 for line in raw if _HEADING_RE.match(line))
    lines = [clean_line(line) for line in raw if not _HEADING_RE.match(line) and not _is_header_field(line)]
    lines = [line for line in lines if line][:600]
    if len(lines) < 5:
        return 0.0
    utterances = [line for line in lines if _is_utterance(line)]
    layout = sum(1 for line in lines if _OTHER_LAYOUT_RE.match(line) or _looks_like_title(line)) / len(lines)
    sentences = [s for line in lines for s in split_sentences(line)][:2000]
    spoken = sum(1 for s in sentences if _CONVERSATIONAL_RE.search(s)) / len(sentences)
    person = sum(1 for s in sentences if _PERSON_RE.search(s)) / len(sentences)
    share = len(utterances) / len(lines)
    value = 0.45 * share + 0.35 * min(1.0, spoken / 0.2) + 0.2 * min(1.0, person / 0.3)
    value *= min(1.0, share / 0.6) * min(1.0, len(lines) / 15)
    value -= 1.5 * layout + 0.1 * max(0, headings - 2)
    return round(max(0.0, min(1.0, value)), 3)


def _is_utterance(line: str) -> bool:
    """One spoken sentence on a line, or a caption run of speech without punctuation."""
    n_words = len(line.split())
    if not 2 <= n_words <= 45 or _OTHER_LAYOUT_RE.match(line) or _looks_like_title(line):
        return False
    if not re.search(r"[.!?,]", line):
        return line[:1].islower() or n_words >= 8  # an auto-caption line
    return len(split_sentences(line)) <= 2


def _looks_like_title(line: str) -> bool:
    """A heading or a 'Label: text' list item: short, mostly Capitalised, no sentence end."""
    if re.match(r"^[A-Z][\w'’ -]{1,40}:\s", line):
        return True
    words = line.split()
    if len(words) > 14 or line[-1:] in ".!?…,;" or len(words) < 2:
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return capitalised / len(words) >= 0.6


# --- parsing --------------------------------------------------------------------------------------


@dataclass
class _Line:
    number: int  # 1-based line number in the document
    text: str  # cleaned spoken text
    label: str = ""  # why it is skipped, if it is
    span: int = -1  # which skipped span it belongs to (adjacent sponsor reads stay separate)


def parse(doc: RawDocument) -> ParseResult:
    result = ParseResult(segments=[])
    lines = doc.lines  # a property that splits the text: read it once
    header_end = _read_header(lines, result)
    body = [_Line(n, clean_line(raw)) for n, raw in enumerate(lines, 1) if n > header_end and raw.strip()]
    for index, line in enumerate(body):
        if _HEADING_RE.match(lines[line.number - 1].strip()) or not line.text:
            line.label, line.span = "heading" if line.text else "marker", -2 - index
    spoken = [line for line in body if not line.label]
    for k, span in enumerate(boilerplate.find_boilerplate([line.text for line in spoken])):
        for line in spoken[span.start: span.end + 1]:
            line.label, line.span = span.reason, k
    content = [i for i, line in enumerate(body) if not line.label]
    for start, end, spoken_text in _story_ranges(body, content):
        _add_story(result, body, start, end, spoken_text)
    result.skipped.extend(_skipped(body))
    result.skipped.sort(key=lambda s: s.start_line)
    return result


def _read_header(lines: list[str], result: ParseResult) -> int:
    """Read the leading `# Title` / `**Key:** value` / `## Transcript` block; return its last line."""
    last = 0
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        field = _HEADER_FIELD_RE.match(line)
        if line.startswith("# ") and not result.doc_title and not last:
            result.doc_title = line[2:].strip()
        elif field and len(field.group(2).split()) <= 12 and (
            field.group(1).strip().lower() in _HEADER_KEYS or not _TURN_RE.match(line)
        ):  # a short "**Key:** value" fact, not a "**Host:** Welcome to the show, ..." turn
            key, value = field.group(1).strip().lower(), field.group(2).strip()
            if key in _SOURCE_KEYS and not result.doc_source:
                result.doc_source = value
            elif key in _DATE_KEYS and not result.doc_date:
                result.doc_date = find_date(value)
        elif _HEADING_RE.match(line) and last:
            pass  # "## Transcript" closes the header
        else:
            break
        last = number
    if result.doc_title and not result.doc_date:
        result.doc_date = find_date(result.doc_title)  # "# Show — May 3, 2026"
    result.doc_date_source = "text" if result.doc_date else ""
    if last:
        result.skipped.append(Skipped(1, last, "header"))
    return last


def _story_ranges(body: list[_Line], content: list[int]) -> list[tuple[int, int, str]]:
    """(first, last) body indexes of each story and its spoken text from its opening sentence on.

    Stories never straddle skipped lines. A story that opens inside a line (auto-captions run
    stories together) owns that whole line, but its text for the headline starts at the cue.
    """
    if not content:
        return []
    units = segment.units_from_lines([body[i].text for i in content])
    forced = {k for k in range(1, len(units)) if content[units[k].line] - content[units[k - 1].line] > 1}
    starts = segment.segment([unit.text for unit in units], forced)
    by_line: dict[int, int] = {}
    for s in starts:
        by_line.setdefault(units[s].line, s)
    by_line.setdefault(0, 0)
    first_lines = sorted(by_line)
    ranges = []
    for a, b in zip(first_lines, first_lines[1:] + [len(content)]):
        unit_end = by_line.get(b, len(units))
        text = " ".join(unit.text for unit in units[by_line[a]: unit_end])
        ranges.append((content[a], content[b - 1], text))
    return ranges


def _add_story(result: ParseResult, body: list[_Line], start: int, end: int, spoken: str) -> None:
    # Subscription plugs at either edge of a story are boilerplate, not part of it.
    trimmed = False
    while start <= end and boilerplate.is_plug(body[start].text):
        body[start].label, body[start].span, start, trimmed = "subscribe", -10_000 - start, start + 1, True
    while end >= start and boilerplate.is_plug(body[end].text):
        body[end].label, body[end].span, end, trimmed = "subscribe", -10_000 - end, end - 1, True
    if start > end:
        return
    lines = body[start: end + 1]
    text = " ".join(line.text for line in lines)
    if len(text.split()) < MIN_STORY_WORDS:
        for line in lines:
            line.label, line.span = "filler", -20_000 - start
        return
    spoken = text if trimmed else spoken
    result.segments.append(Segment(
        start_line=lines[0].number,
        end_line=lines[-1].number,
        body=paragraphs([line.text for line in lines]),
        title=make_title(spoken),
        title_generated=True,
        url=first_url(text),
        kind="story",
    ))


def _skipped(body: list[_Line]) -> list[Skipped]:
    ranges: list[Skipped] = []
    run: list[_Line] = []
    for line in body + [_Line(0, "")]:
        if run and (not line.label or line.span != run[-1].span):
            ranges.append(Skipped(run[0].number, run[-1].number, run[0].label))
            run = []
        if line.label:
            run.append(line)
    return ranges


_TURN_START_RE = re.compile(r"^(?:yeah|yes|right|absolutely|exactly|totally|sure|well|i mean|okay|no,)\b", re.I)


def paragraphs(lines: list[str], target_words: int = 90) -> str:
    """Spoken lines as readable paragraphs.

    A line starting in lower case continues the sentence before it; a new paragraph starts at a
    likely change of speaker ("Yeah, ...") or once a paragraph has grown to about target_words.
    """
    out: list[list[str]] = [[]]
    count = 0
    for line in lines:
        continues = line[:1].islower() and out[-1] and not out[-1][-1].endswith((".", "!", "?"))
        starts_turn = _TURN_START_RE.match(line) and count >= 30
        if out[-1] and ((not continues and (count >= target_words or starts_turn)) or count >= 2 * target_words):
            out.append([])
            count = 0
        out[-1].append(line)
        count += len(line.split())
    return "\n\n".join(_capitalise(" ".join(paragraph)) for paragraph in out if paragraph)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
