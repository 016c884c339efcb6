"""Plain dataclasses that flow between the pipeline stages (load -> summarize -> render)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Origin:
    """Where an item came from: a file under sources/ and its 1-based inclusive line range."""

    file: str
    start_line: int
    end_line: int


@dataclass
class Segment:
    """What a format parser cuts out of a raw document, before document metadata is applied.

    Parsers only know the text; the loader adds source, date, ids and the rest.
    """

    start_line: int
    end_line: int
    body: str
    title: str = ""
    # The title is a headline made from the text (digest.headline), not one the source gave.
    title_generated: bool = False
    summary: str = ""
    take: str = ""
    url: str = ""
    kind: str = "story"
    date: dt.date | None = None
    date_source: str = ""
    source: str = ""
    topic: str = ""
    tags: list[str] = field(default_factory=list)
    hidden: bool = False
    pinned: bool = False


@dataclass(frozen=True)
class Skipped:
    """A line range a parser left out on purpose (sponsor read, intro, navigation)."""

    start_line: int
    end_line: int
    reason: str


@dataclass
class ParseResult:
    segments: list[Segment]
    skipped: list[Skipped] = field(default_factory=list)
    # Document-level facts read from the text itself (e.g. a "Published:" line).
    doc_title: str = ""
    doc_source: str = ""
    doc_date: dt.date | None = None
    doc_date_source: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class Item:
    """One story, post, essay or digest entry: the unit a person reads, edits and ranks."""

    id: str
    title: str
    date: dt.date
    source: str
    kind: str
    body: str
    url: str = ""
    topic: str = ""
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    take: str = ""
    hidden: bool = False
    pinned: bool = False
    origin: Origin | None = None
    format: str = ""
    date_source: str = ""
    # Position of the item inside its document, used as a tie-breaker in ranking.
    position: int = 0
    # Higher means more prominent in an issue; filled by the ranker.
    score: float = 0.0
    # Fields a person changed by hand in the item file (kept across runs).
    edited: tuple[str, ...] = ()
    # The same story found in other source documents (digest/dedupe.py): [{"source": ..., "url": ...}].
    also_in: list[dict[str, str]] = field(default_factory=list)
    # The title was made by the machine (a headline from the text, or "Source (n)"), not given by
    # the source or a person: the LLM backend may write a better one. Never written to item files.
    title_generated: bool = False

    @property
    def week(self) -> str:
        return iso_week(self.date)


@functools.lru_cache(maxsize=4096)  # asked for several times per item by ranking and every page
def iso_week(date: dt.date) -> str:
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class Problem:
    """A problem found in the input, reported with file and line and never fatal to the run."""

    file: str
    line: int
    message: str
    level: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.level}: {self.message}"


@dataclass
class Section:
    topic_id: str
    title: str
    items: list[Item]


@dataclass
class Issue:
    """A weekly issue: items of one ISO week, ranked and grouped."""

    week: str  # e.g. "2026-W15"
    year: int
    number: int
    start: dt.date
    end: dt.date
    lead: list[Item]
    sections: list[Section]
    lede: str = ""

    @property
    def items(self) -> list[Item]:
        rest = [item for section in self.sections for item in section.items]
        return self.lead + rest
