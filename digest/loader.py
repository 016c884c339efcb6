"""Load every raw document under sources/: decode, detect its format, split it into items.

A bad document becomes a Problem naming the file (and line); the rest of the run goes on.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from collections.abc import Callable
from pathlib import Path

from digest import formats
from digest.changes import behind_link
from digest.dates import find_date
from digest.dedupe import merge_duplicates
from digest.fileio import path_order
from digest.formats.base import RawDocument
from digest.html_text import eml_to_text, html_to_text
from digest.links import safe_url
from digest.metadata import SIDECAR_SUFFIX, is_sidecar, read_sidecar
from digest.model import Item, Origin, ParseResult, Problem, Skipped
from digest.textio import NotText, decode

# Editor and OS droppings never count as sources (as in Zola): swap files, backups, lock files.
_IGNORED_RE = re.compile(r"(^\.|^#.*#$|~$|\.sw[a-p]$|\.swx$|\.tmp$|\.bak$|\.part$|^4913$|\.DS_Store$|Thumbs\.db$)")


HTML_SUFFIXES = (".html", ".htm")


@dataclass
class DocumentReport:
    file: str
    format: str
    confidence: float
    explicit: bool
    items: int
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class LoadResult:
    items: list[Item]
    reports: list[DocumentReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def is_editor_temp(path: Path) -> bool:
    return bool(_IGNORED_RE.search(path.name))


def is_ignored(path: Path) -> bool:
    return is_editor_temp(path) or is_sidecar(path)


def _ignored_name(name: str) -> bool:
    return bool(_IGNORED_RE.search(name)) or name.endswith(SIDECAR_SUFFIX)


def source_files(sources_dir: Path, links: list[str] | None = None) -> list[Path]:
    """Every document, in Path order. Names are tested and sorted as strings: a Path per file and
    per comparison was most of the time of listing 4,000 documents. links: filled with the paths
    of symbolic links met (documents and sidecars), whose targets may change with no event here."""
    if not sources_dir.is_dir():
        return []
    found: list[str] = []
    _list_files(os.fspath(sources_dir), found, links)
    found.sort(key=path_order)
    return [Path(path) for path in found]


def _list_files(folder: str, found: list[str], links: list[str] | None = None) -> None:
    """Regular files (or links to them) under folder, not following linked folders, as os.walk.
    Why scandir: its entries know their type from the directory listing itself, where
    os.path.isfile() cost a stat per document."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # a folder that vanished or cannot be read: nothing to load from it (os.walk does the same)
    for entry in entries:
        try:
            if links is not None and entry.is_symlink():
                links.append(entry.path)
            if _ignored_name(entry.name):
                continue
            if entry.is_dir():
                if not entry.is_symlink():
                    _list_files(entry.path, found, links)
            elif entry.is_file():  # not a dangling link, a pipe or a socket
                found.append(entry.path)
        except OSError:
            continue


def is_source(sources_dir: Path, name: str) -> bool:
    """Whether source_files() lists the file `name` ('/'-separated, relative to sources_dir): the
    same rules for one file, for a build told which files changed (digest.changes)."""
    folder = os.fspath(sources_dir)
    if any(_ignored_name(part) for part in name.split("/")) or behind_link(folder, name):
        return False
    path = os.path.join(folder, *name.split("/"))
    return os.path.isfile(path)


def load_sources(sources_dir: Path, load_one: Callable[[Path, Path, LoadResult], None] | None = None,
                 paths: list[Path] | None = None) -> LoadResult:
    """Every document under sources_dir (load_one: a cached load_document; paths: source_files(),
    when the caller has listed them already), duplicates merged."""
    load_one = load_one or load_document
    result = LoadResult(items=[])
    if not sources_dir.is_dir():
        result.problems.append(Problem(str(sources_dir), 0, "sources folder does not exist"))
        return result
    for path in source_files(sources_dir) if paths is None else paths:
        try:
            load_one(path, sources_dir, result)
        except Exception as exc:  # last resort: one broken document never stops the run
            display = path.relative_to(sources_dir).as_posix()
            result.problems.append(Problem(display, 0, f"could not be loaded ({exc!r}); skipped"))
    result.items = merge_duplicates(result.items)
    return result


def load_document(path: Path, sources_dir: Path, result: LoadResult) -> None:
    display = path.relative_to(sources_dir).as_posix()
    header_meta: dict = {}
    try:
        data = path.read_bytes()
        suffix = path.suffix.lower()
        if suffix == ".eml":
            body, header_meta = eml_to_text(data)
            text = decode(body.encode("utf-8"))
        else:
            text = decode(data)
            if suffix in HTML_SUFFIXES:
                text = decode(html_to_text(text).encode("utf-8"))  # origins: lines of the extracted text
    except NotText as exc:
        result.problems.append(Problem(display, 0, f"skipped: {exc}", level="warning"))
        return
    except OSError as exc:
        result.problems.append(Problem(display, 0, f"could not be read: {exc.strerror or exc}"))
        return
    meta, problems = read_sidecar(path, display)
    meta = {**header_meta, **meta}  # the sidecar wins over email headers
    result.problems.extend(problems)
    doc = RawDocument(path=display, text=text, meta=meta)
    try:
        detection = formats.detect(doc)
    except Exception as exc:  # a scorer bug must not take the whole run down
        result.problems.append(Problem(display, 0, f"format detection failed ({exc!r}); kept as one item"))
        detection = formats.Detection(formats.FALLBACK, 0.0)
    try:
        parsed = detection.format.parse(doc)
    except Exception as exc:  # a parser bug must not take the whole run down
        result.problems.append(Problem(display, 0, f"{detection.name} parser failed ({exc!r}); kept as one item"))
        detection = formats.Detection(formats.FALLBACK, 0.0)
        parsed = detection.format.parse(doc)
    if detection.format is formats.FALLBACK and not detection.explicit:
        result.problems.append(Problem(
            display, 1, f"no known layout recognised (best score {detection.confidence}); kept as one item",
            level="warning",
        ))
    for warning in parsed.warnings:
        file_line, _, message = warning.partition(": ")
        line = int(file_line.rsplit(":", 1)[-1]) if file_line.rsplit(":", 1)[-1].isdigit() else 0
        result.problems.append(Problem(display, line, message or warning, level="warning"))
    items = _items(doc, path, parsed, detection)
    result.items.extend(items)
    result.reports.append(DocumentReport(
        file=display, format=detection.name, confidence=detection.confidence, explicit=detection.explicit,
        items=len(items), skipped=list(parsed.skipped),
    ))


def _document_date(doc: RawDocument, path: Path, parsed: ParseResult) -> tuple[dt.date, str]:
    """Text first, then a date in the file name, then metadata, then the file's modification time."""
    if parsed.doc_date:
        return parsed.doc_date, parsed.doc_date_source or "text"
    from_name = find_date(path.stem.replace("_", " "))
    if from_name:
        return from_name, "filename"
    if doc.meta.get("date"):
        return doc.meta["date"], "metadata"
    if isinstance(doc.meta.get("year"), int) and doc.meta.get("week"):
        try:
            return dt.date.fromisocalendar(doc.meta["year"], int(doc.meta["week"]), 1), "metadata"
        except (TypeError, ValueError):
            pass
    mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc).date()
    return mtime, "mtime"


def _items(doc: RawDocument, path: Path, parsed: ParseResult, detection: formats.Detection) -> list[Item]:
    doc_date, doc_date_source = _document_date(doc, path, parsed)
    source = doc.meta.get("source") or parsed.doc_source or parsed.doc_title or Path(doc.path).stem
    items = []
    for position, segment in enumerate(parsed.segments):
        date, date_source = (segment.date, segment.date_source) if segment.date else (doc_date, doc_date_source)
        items.append(Item(
            id="",
            title=segment.title.strip() or f"{source} ({position + 1})",
            title_generated=segment.title_generated or not segment.title.strip(),
            date=date,
            source=segment.source or source,
            kind=doc.meta.get("kind") or segment.kind,
            body=segment.body,
            url=safe_url(segment.url) or safe_url(doc.meta.get("url", "")),
            topic=segment.topic,
            tags=list(segment.tags),
            summary=segment.summary,
            take=segment.take,
            hidden=segment.hidden,
            pinned=segment.pinned,
            origin=Origin(doc.path, segment.start_line, segment.end_line),
            format=detection.name,
            date_source=date_source,
            position=position,
        ))
    return items
