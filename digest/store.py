"""The item store: one editable Markdown file per item under items/, merged three ways on every run.

For each field we remember the value we last generated (in items/.digest-state.json). A value in the
file that differs from it was written by a person and wins over anything generated later. Without a
remembered value, a differing value is also treated as a person's edit: when unsure, keep their words.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from digest.dates import coerce_date
from digest.model import Item, Origin, Problem
from digest.text import slugify, words

STATE_FILE = ".digest-state.json"
EDITABLE = ("title", "date", "source", "kind", "url", "topic", "tags", "summary", "take", "hidden", "pinned", "body")
SKETCH_SIZE = 64
MATCH_THRESHOLD = 0.35


@dataclass
class StoreResult:
    items: list[Item]
    problems: list[Problem] = field(default_factory=list)
    written: int = 0
    removed: int = 0


def fingerprint(text: str) -> list[int]:
    """A bottom-k sketch of word trigrams: two versions of a story share most of it."""
    tokens = words(text)
    grams = {" ".join(tokens[i : i + 3]) for i in range(max(1, len(tokens) - 2))}
    hashes = sorted({zlib.crc32(gram.encode("utf-8")) for gram in grams})
    return hashes[:SKETCH_SIZE]


def similarity(a: list[int], b: list[int]) -> float:
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:SKETCH_SIZE]
    shared = set(a) & set(b)
    return sum(1 for h in union if h in shared) / len(union)


def new_id(item: Item) -> str:
    """Readable and stable: a slug of the title plus a short hash of where the item came from."""
    origin = item.origin
    key = f"{origin.file if origin else ''}\n{' '.join(words(item.body)[:60])}"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    return f"{slugify(item.title, 50)}-{digest}"


def _norm(name: str, value: Any) -> Any:
    """Comparable JSON form of a field value, so that YAML round trips never look like edits."""
    if name == "date":
        date = coerce_date(value)
        return date.isoformat() if date else str(value)
    if name == "tags":
        if isinstance(value, str):
            value = [part for part in value.split(",")]
        return [str(tag).strip() for tag in (value or []) if str(tag).strip()]
    if name in ("hidden", "pinned"):
        return value is True
    if name == "body":
        return re.sub(r"\s+", " ", str(value or "")).strip()
    return "" if value is None else str(value).strip()


def _fields(item: Item) -> dict[str, Any]:
    return {name: _norm(name, getattr(item, name)) for name in EDITABLE}


def _item_path(items_dir: Path, item: Item) -> Path:
    folder = slugify(Path(item.origin.file).stem, 60) if item.origin else "notes"
    return items_dir / folder / f"{item.id}.md"


def render_item_file(item: Item) -> str:
    meta: dict[str, Any] = {
        "id": item.id,
        "title": item.title,
        "date": item.date.isoformat(),
        "week": item.week,
        "source": item.source,
        "kind": item.kind,
        "url": item.url,
        "topic": item.topic,
        "tags": list(item.tags),
        "summary": item.summary,
        "take": item.take,
        "hidden": item.hidden,
        "pinned": item.pinned,
        "format": item.format,
        "date_source": item.date_source,
    }
    if item.origin:
        meta["origin"] = {"file": item.origin.file, "start_line": item.origin.start_line, "end_line": item.origin.end_line}
    head = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)
    return f"---\n{head}---\n\n{item.body.strip()}\n"


def _apply(item: Item, name: str, value: Any) -> None:
    if name == "date":
        item.date = coerce_date(value) or item.date
    elif name == "tags":
        item.tags = _norm("tags", value)
    elif name in ("hidden", "pinned"):
        setattr(item, name, value is True)
    elif name == "body":
        item.body = str(value or "")
    else:
        setattr(item, name, "" if value is None else str(value))


def _read_file(path: Path, display: str) -> tuple[dict[str, Any] | None, Problem | None]:
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        return None, Problem(display, line, f"item file is not valid (left untouched; fix it to use it): {exc}")
    data = dict(post.metadata)
    data["body"] = post.content
    if "date" in data and coerce_date(data["date"]) is None:
        return None, Problem(display, _line_of(path, "date"), f"'date' is not a date: {data['date']!r} (left untouched)")
    return data, None


def _line_of(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1


class ItemStore:
    def __init__(self, items_dir: Path):
        self.dir = items_dir
        self.state_path = items_dir / STATE_FILE
        self.state: dict[str, dict[str, Any]] = {}
        if self.state_path.exists():
            try:
                self.state = json.loads(self.state_path.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError):
                self.state = {}  # every differing value then counts as an edit: nothing is lost

    def _display(self, path: Path) -> str:
        try:
            return path.relative_to(self.dir.parent).as_posix()
        except ValueError:
            return path.as_posix()

    def assign_ids(self, generated: list[Item]) -> None:
        """Reuse the id of the remembered item each new item matches best, so edits follow a story
        even when its document is rewritten and split again."""
        by_file: dict[str, list[tuple[str, list[int]]]] = {}
        for item_id, entry in sorted(self.state.items()):
            by_file.setdefault(entry.get("origin_file", ""), []).append((item_id, entry.get("sketch", [])))
        taken: set[str] = set()
        for file_name in sorted({item.origin.file for item in generated if item.origin}):
            items = [item for item in generated if item.origin and item.origin.file == file_name]
            known = by_file.get(file_name, [])
            sketches = [fingerprint(item.body) for item in items]
            pairs = sorted(
                ((similarity(sketch, old_sketch), -i, old_id, i)
                 for i, sketch in enumerate(sketches) for old_id, old_sketch in known),
                reverse=True,
            )
            matched: dict[int, str] = {}
            for score, _, old_id, i in pairs:
                if score < MATCH_THRESHOLD:
                    break
                if i in matched or old_id in taken:
                    continue
                matched[i] = old_id
                taken.add(old_id)
            for i, item in enumerate(items):
                item.id = matched.get(i, "")
        for item in generated:
            if not item.id:
                base = new_id(item)
                candidate, n = base, 2
                while candidate in taken:
                    candidate, n = f"{base}-{n}", n + 1
                item.id = candidate
                taken.add(candidate)

    def merge(self, generated: list[Item]) -> StoreResult:
        """Apply people's edits to the generated items, write item files, drop obsolete ones."""
        result = StoreResult(items=[])
        self.dir.mkdir(parents=True, exist_ok=True)
        existing = self._existing_files()
        new_state: dict[str, dict[str, Any]] = {}
        seen: set[str] = set()
        for item in generated:
            seen.add(item.id)
            path = existing.get(item.id) or _item_path(self.dir, item)
            base = self.state.get(item.id, {}).get("fields", {})
            fresh = _fields(item)
            edited: list[str] = []
            if path.exists():
                data, problem = _read_file(path, self._display(path))
                if problem:
                    result.problems.append(problem)
                    # Keep the person's broken file as it is; build from generated values this run.
                    new_state[item.id] = self.state.get(item.id, {})
                    result.items.append(item)
                    continue
                assert data is not None
                for name in EDITABLE:
                    if name not in data:
                        continue
                    current = _norm(name, data[name])
                    remembered = base.get(name, fresh[name])
                    if current != remembered and current != fresh[name]:
                        _apply(item, name, data[name])
                        edited.append(name)
            item.edited = tuple(edited)
            text = render_item_file(item)
            if not path.exists() or path.read_text(encoding="utf-8-sig") != text:
                _atomic_write(path, text)
                result.written += 1
            new_state[item.id] = {
                "origin_file": item.origin.file if item.origin else "",
                "sketch": fingerprint(fresh["body"]),
                "fields": fresh,
                "path": path.relative_to(self.dir).as_posix(),
            }
            result.items.append(item)
        for item_id, path in sorted(existing.items()):
            if item_id in seen:
                continue
            entry = self.state.get(item_id)
            data, problem = _read_file(path, self._display(path))
            if problem:
                result.problems.append(problem)
                continue
            assert data is not None
            if entry is not None and all(_norm(n, data[n]) == entry["fields"].get(n) for n in EDITABLE if n in data):
                path.unlink()  # generated, never edited, and its origin is gone: obsolete
                result.removed += 1
                continue
            item = _item_from_file(data, item_id)
            if entry is not None:
                result.problems.append(Problem(
                    self._display(path), 1,
                    f"its origin ({entry.get('origin_file')}) no longer has this item; kept because it was edited",
                    level="warning",
                ))
                new_state[item_id] = entry
            result.items.append(item)
        self._save_state(new_state)
        self.state = new_state
        return result

    def _existing_files(self) -> dict[str, Path]:
        files: dict[str, Path] = {}
        if not self.dir.exists():
            return files
        for path in sorted(self.dir.rglob("*.md")):
            if path.name.startswith("."):
                continue
            files.setdefault(path.stem, path)
        return files

    def _save_state(self, state: dict[str, dict[str, Any]]) -> None:
        text = json.dumps(state, sort_keys=True, ensure_ascii=False, indent=1)
        if not self.state_path.exists() or self.state_path.read_text(encoding="utf-8") != text:
            _atomic_write(self.state_path, text)


def _item_from_file(data: dict[str, Any], item_id: str) -> Item:
    """An item that lives only in items/: written by hand or kept after its origin went away."""
    origin = data.get("origin") if isinstance(data.get("origin"), dict) else None
    item = Item(
        id=item_id,
        title=str(data.get("title") or item_id),
        date=coerce_date(data.get("date")) or dt.date(1970, 1, 1),
        source=str(data.get("source") or ""),
        kind=str(data.get("kind") or "note"),
        body=str(data.get("body") or ""),
        format=str(data.get("format") or "native"),
        date_source=str(data.get("date_source") or "frontmatter"),
    )
    for name in ("url", "topic", "tags", "summary", "take", "hidden", "pinned"):
        if name in data:
            _apply(item, name, data[name])
    if origin:
        try:
            item.origin = Origin(str(origin["file"]), int(origin["start_line"]), int(origin["end_line"]))
        except (KeyError, TypeError, ValueError):
            item.origin = None
    item.edited = tuple(name for name in EDITABLE if name in data)
    return item


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
