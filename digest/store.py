"""The item store: one editable Markdown file per item under items/, merged three ways on every run.

For each field we remember the value we last generated (in items/.digest-state.json). A value in the
file that differs from it was written by a person and wins over anything generated later. Without a
remembered value, a differing value is also treated as a person's edit: when unsure, keep their words.
A file a person touched is from then on only updated in place (see itemfile), never written anew, and
is deleted only if it is byte for byte what we last wrote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digest import itemfile
from digest.changes import walk_files, walked
from digest.dates import coerce_date
from digest.fileio import SETTLE_NS, path_order, relative_name, write_file
from digest.itemmemo import ItemMemo
from digest.model import Item, Origin, Problem
from digest.text import slugify, text_digest, words

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
    # Item files left as they are for now (saved moments ago, or changed while this build wrote
    # them): a later build brings them up to date.
    held: int = 0
    # Item files this run wrote, as (size, mtime_ns) after writing, or None for removed ones, by
    # their resolved path: `digest serve` tells these from a person's saves by them.
    files: dict[str, tuple[int, int] | None] = field(default_factory=dict)


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


ID_WORDS = 60
ID_PREFIX_CHARS = 1000


def new_id(item: Item) -> str:
    """Readable and stable: a slug of the title plus a short hash of where the item came from."""
    origin = item.origin
    head = words(item.body[:ID_PREFIX_CHARS])  # a long body need not be read whole for 60 words
    if len(head) <= ID_WORDS:  # (only the last word of a prefix may be cut short)
        head = words(item.body)
    key = f"{origin.file if origin else ''}\n{' '.join(head[:ID_WORDS])}"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    return f"{slugify(item.title, 50)}-{digest}"


def _norm(name: str, value: Any) -> Any:
    """Comparable JSON form of a field value, so that YAML round trips never look like edits."""
    if name == "date":
        date = coerce_date(value)
        return date.isoformat() if date else str(value)
    if name == "tags":
        return itemfile.as_tags(value)
    if name in ("hidden", "pinned"):
        return itemfile.as_bool(value)
    if name == "body":
        return itemfile.normalize_body(value)
    return "" if value is None else str(value).strip()


def _fields(item: Item) -> dict[str, Any]:
    return {name: _norm(name, getattr(item, name)) for name in EDITABLE}


def _remembered(fresh: dict[str, Any]) -> dict[str, Any]:
    """The fields as the state file keeps them: the body only as its hash (the entry's body_sha).
    Why: with every body in it, the state of 4,000 items was 13 MB, read and written by every build."""
    return {name: value for name, value in fresh.items() if name != "body"}


def _item_path(items_dir: Path, item: Item, alone: bool) -> Path:
    """Where a new item file goes: the stories of a document together in a folder named after it;
    an item that is its document's only one (a note) in its document's folder under sources/, or
    in notes/. Why not a folder per note: 4,000 notes made 4,000 folders, slow to create and walk."""
    if item.origin is None:
        return items_dir / "notes" / f"{item.id}.md"
    origin = Path(item.origin.file)
    if alone:
        folder = "/".join(slugify(part, 60) for part in origin.parent.parts) or "notes"
    else:
        folder = slugify(origin.stem, 60)
    return items_dir / folder / f"{item.id}.md"


def _apply(item: Item, name: str, value: Any) -> None:
    if name == "date":
        item.date = coerce_date(value) or item.date
    elif name == "tags":
        item.tags = itemfile.as_tags(value)
    elif name in ("hidden", "pinned"):
        setattr(item, name, itemfile.as_bool(value))
    elif name == "body":
        item.body = str(value or "").strip()
    else:
        setattr(item, name, "" if value is None else str(value).strip())


def _render_key(item: Item) -> str:
    """A hash of everything the item file is rendered from."""
    return _sha(repr((itemfile.item_meta(item), text_digest(item.body.strip()), item.edited)))


def _stat(path: str | Path) -> list[int]:
    try:
        stat = os.stat(path)
    except OSError:
        return []
    return [stat.st_size, stat.st_mtime_ns]


def _stamp(path: Path) -> tuple[int, ...]:
    """What tells that a file changed: size, times and inode; () when there is none."""
    try:
        return _stamp_of(path.stat())
    except OSError:
        return ()


def _stamp_of(stat: os.stat_result) -> tuple[int, ...]:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _held(current: itemfile.ItemFile, fresh: dict[str, Any], entry: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The remembered fields and body hash of a file left as it is: a value the file already has
    fresh is remembered fresh; any other, as last remembered (what the file's out-of-date generated
    values came from), so that none of them is taken for a person's edit next time."""
    fields = {}
    for name, value in _remembered(fresh).items():
        has = name in current.meta and _norm(name, current.meta[name]) == value
        fields[name] = value if has else entry["fields"].get(name, value)
    body = fresh["body"]
    body_sha = _sha(body) if itemfile.normalize_body(current.body) == body else entry["body_sha"]
    return fields, body_sha


def _ours(current: itemfile.ItemFile, entry: dict[str, Any] | None) -> bool:
    """The file is as we last wrote it: nobody touched it since."""
    return entry is not None and entry["written"] == _sha(current.raw)


def _clean_state(raw: Any) -> dict[str, dict[str, Any]]:
    """The remembered state, with anything malformed dropped: a lost entry only makes us more careful."""
    if not isinstance(raw, dict):
        return {}
    state: dict[str, dict[str, Any]] = {}
    for item_id, entry in raw.items():
        if not isinstance(entry, dict):
            continue
        fields = entry.get("fields")
        if isinstance(fields, dict):
            fields.pop("body", None)  # written by an older version; body_sha says the same
        sketch = entry.get("sketch")
        state[str(item_id)] = {
            "origin_file": str(entry.get("origin_file") or ""),
            "sketch": [h for h in sketch if isinstance(h, int)] if isinstance(sketch, list) else [],
            "fields": fields if isinstance(fields, dict) else {},
            "path": str(entry.get("path") or ""),
            "written": str(entry.get("written") or ""),
            "body_sha": str(entry.get("body_sha") or ""),
            "key": str(entry.get("key") or ""),
            "stat": [n for n in entry.get("stat") or [] if isinstance(n, int)] if isinstance(entry.get("stat"), list) else [],
        }
    return state


def _match(bodies: list[str], known: list[tuple[str, str, list[int]]], taken: set[str]) -> dict[int, str]:
    """Pair new items with remembered ones (id, body hash, sketch): identical bodies first, then
    greedy best-first by sketch similarity (sketches are only computed for what is left)."""
    matched: dict[int, str] = {}
    by_sha: dict[str, list[str]] = {}
    for old_id, body_sha, _ in known:
        if body_sha and old_id not in taken:
            by_sha.setdefault(body_sha, []).append(old_id)
    for i, body in enumerate(bodies):
        same = by_sha.get(_sha(itemfile.normalize_body(body)))
        while same:
            old_id = same.pop(0)
            if old_id not in taken:
                matched[i] = old_id
                taken.add(old_id)
                break
    rest = [i for i in range(len(bodies)) if i not in matched]
    known = [entry for entry in known if entry[0] not in taken]
    if not rest or not known:
        return matched
    sketches = {i: fingerprint(bodies[i]) for i in rest}
    pairs = sorted(
        ((similarity(sketches[i], old_sketch), -i, old_id, i) for i in rest for old_id, _, old_sketch in known),
        reverse=True,
    )
    for score, _, old_id, i in pairs:
        if score < MATCH_THRESHOLD:
            break
        if i in matched or old_id in taken:
            continue
        matched[i] = old_id
        taken.add(old_id)
    return matched


class _Writes:
    """Item files written by a merge, each name with the stat of the file as written."""

    def __init__(self) -> None:
        self.writes: dict[str, os.stat_result | None] = {}
        self.checked: set[str] = set()  # names written only if the file was still as read

    def write(self, name: str, path: Path, text: str, before: list[int] | None = None) -> None:
        """before: the [size, mtime] the file had when it was read; a file changed since (a tool
        that has just emptied it to write it) is not replaced, and its write reports None."""
        expect = (before[0], before[1]) if before else None
        if expect is not None:
            self.checked.add(name)
        self.writes[name] = write_file(path, text, atomic=True, expect=expect)


class ItemStore:
    def __init__(self, items_dir: Path, kept: bool = False):
        """kept: the store lives from build to build (`digest serve`), so it is worth keeping each
        state entry's JSON and each item's file key (a build from the command line would only pay
        for them)."""
        self.dir = items_dir
        self.kept = kept
        self.state_path = items_dir / STATE_FILE
        self.state: dict[str, dict[str, Any]] = {}
        self._saved: tuple[tuple[int, ...], str] | None = None  # the state file as last read or written
        self._encoded: dict[int, tuple[dict[str, Any], str]] = {}  # id(entry) -> (entry, its JSON)
        self._keys = ItemMemo()  # each item file's _render_key, for a kept store
        # For a kept store: the item files as the last merge left them (_existing_files' walk).
        self._files: list[str] | None = None
        self._links: set[str] = set()  # the names of the symbolic links among them
        self.reload()

    def reload(self) -> None:
        """Read the remembered state, unless the file is still as this store last read or wrote it
        (`digest serve` keeps one store from build to build)."""
        stamp = _stamp(self.state_path)
        if self._saved is not None and self._saved[0] == stamp:
            return
        self.state, self._saved = {}, None
        if stamp:
            try:
                text = self.state_path.read_text(encoding="utf-8")
                self.state = _clean_state(json.loads(text))
                self._saved = (stamp, text)
            except (OSError, json.JSONDecodeError, UnicodeDecodeError):
                self.state = {}  # every differing value then counts as an edit: nothing is lost

    def _display(self, path: Path) -> str:
        try:
            return path.relative_to(self.dir.parent).as_posix()
        except ValueError:
            return path.as_posix()

    def assign_ids(self, generated: list[Item]) -> None:
        """Reuse the id of the remembered item each new item matches best, so edits follow a story
        even when its document is rewritten and split again, or renamed."""
        by_file: dict[str, list[tuple[str, str, list[int]]]] = {}
        for item_id, entry in sorted(self.state.items()):
            by_file.setdefault(entry["origin_file"], []).append((item_id, entry["body_sha"], entry["sketch"]))
        by_origin: dict[str, list[Item]] = {}
        for item in generated:
            if item.origin:
                by_origin.setdefault(item.origin.file, []).append(item)
        files = sorted(by_origin)
        taken: set[str] = set()
        for file_name in files:
            items = by_origin[file_name]
            known = by_file.get(file_name, [])
            if len(items) == 1 and len(known) == 1 and known[0][0] not in taken:
                matched = {0: known[0][0]}  # a one-item document (a native note): the file is the item
                taken.add(known[0][0])
            else:
                matched = _match([item.body for item in items], known, taken)
            for i, item in enumerate(items):
                item.id = matched.get(i, "")
        # A document that was renamed: its stories now come from a file we have never seen.
        present = set(files)
        gone = [pair for name, pairs in sorted(by_file.items()) if name not in present for pair in pairs]
        unmatched = [item for item in generated if not item.id]
        if gone and unmatched:
            matched = _match([item.body for item in unmatched], gone, taken)
            for i, item in enumerate(unmatched):
                item.id = matched.get(i, "")
        for item in generated:
            if not item.id:
                base = new_id(item)
                candidate, n = base, 2
                while candidate in taken:
                    candidate, n = f"{base}-{n}", n + 1
                item.id = candidate
                taken.add(candidate)

    def merge(self, generated: list[Item], now: int | None = None, changed: set[str] | None = None) -> StoreResult:
        """Apply people's edits to the generated items, write item files, drop obsolete ones.
        now: the file system's clock (cache.file_clock), which tells a file saved moments ago.
        changed (for a kept store): names of the only item files that may have changed since its
        last merge (digest.changes); the others are taken to be as that merge left them."""
        now = time.time_ns() if now is None else now
        result = StoreResult(items=[])
        self.dir.mkdir(parents=True, exist_ok=True)
        if changed is None or self._files is None:
            changed, self._files = None, self._walk()
        else:
            changed = changed | self._links  # links too: their targets change with no event in items/
            self._files = self._relist(self._files, changed)
        existing = self._existing_files(self._files, result.problems)
        new_state: dict[str, dict[str, Any]] = {}
        seen: set[str] = set()
        per_file = Counter(item.origin.file for item in generated if item.origin)
        planned = _Writes()
        # Stat-ed to see whether a person touched them: every file, or those reported changed.
        suspect = (lambda path: True) if changed is None else {
            os.path.join(self.dir, *name.split("/")) for name in changed}.__contains__
        self._merge_items(generated, existing, new_state, seen, result, per_file, planned, now, suspect)
        # as each file was written (not as it is now: an editor may have saved it since); [] if replaced at once
        written = {name: [stat.st_size, stat.st_mtime_ns] if stat else [] for name, stat in planned.writes.items()}
        for item_id, entry in new_state.items():
            name = entry["path"]
            if name not in written:
                continue
            entry["stat"] = written[name]  # a person's file updated in place too: its stat tells our update
            if name in planned.checked and not written[name]:
                # Changed between our read and our write, or replaced right after it: not what we
                # meant to write, so held (its generated values are still the last ones remembered).
                old = self.state.get(item_id)
                if old is not None:
                    entry["fields"], entry["body_sha"] = old["fields"], old["body_sha"]
                entry.update(written="", key="")
                result.held += 1
                result.written -= 1
        result.files = {name: (stat[0], stat[1]) if stat else None for name, stat in written.items()}
        for item_id, name in sorted(existing.items()):
            if item_id not in seen:
                self._orphan(item_id, Path(name), new_state, result)
        self._keys.turn()
        # What this merge wrote or removed (its own events may reach `digest serve` too late).
        self._files = self._relist(self._files, set(result.files)) if self.kept else None
        root = self.dir.resolve()
        result.files = {os.path.join(root, name): stat for name, stat in result.files.items()}
        self._save_state(new_state)
        self.state = new_state
        return result

    def _merge_items(self, generated: list[Item], existing: dict[str, str], new_state: dict[str, dict[str, Any]],
                     seen: set[str], result: StoreResult, per_file: Counter[str], writer: _Writes, now: int,
                     suspect: Callable[[str], bool]) -> None:
        for item in generated:
            seen.add(item.id)
            known = existing.get(item.id)
            entry = self.state.get(item.id)
            key = self._render_key(item)
            if (entry is not None and known is not None and entry["key"] == key and entry["written"]
                    and not self._racy(entry["stat"]) and (not suspect(known) or entry["stat"] == _stat(known))):
                # Untouched since we wrote it, and we would write the same again: nothing to read or do.
                new_state[item.id] = entry
                result.items.append(item)
                continue
            alone = item.origin is None or per_file[item.origin.file] == 1
            path = Path(known) if known else _item_path(self.dir, item, alone)
            current: itemfile.ItemFile | None = None
            before = _stat(path)  # before reading: a save after the read must not look like ours
            if before:
                current, problem = self._read(path)
                if current is not None and not current.framed and not _ours(current, entry):
                    # Emptied, or half written by a tool that truncated it first: what follows would
                    # go to a file we replaced. Left as it is until it has its frontmatter again.
                    current, problem = None, Problem(self._display(path), 1, (
                        "item file has no frontmatter (left untouched; built from generated values until it has "
                        "its '---' block again; delete the file to get it back as generated)"), level="warning")
                if problem:
                    result.problems.append(problem)
                    # Keep the person's broken file as it is; build from generated values this run.
                    if entry is not None:
                        new_state[item.id] = entry
                    result.items.append(item)
                    continue
            fresh = _fields(item)
            if current is not None:
                self._apply_edits(item, current, entry, fresh)
            name = relative_name(path, self.dir)
            # A person's file saved within SETTLE_NS may still be being written in place: replacing it
            # now would send the rest of their writes to a file that is gone. A later build updates it.
            # (One of ours, untouched since we wrote it, is rewritten as ever.)
            hold = (current is not None and self._recent(before, now) and not _ours(current, entry)
                    and not (entry is not None and entry["stat"] == before and not self._racy(before)))
            written = self._write(path, name, item, current, entry, result, writer, hold, before)
            fields, body_sha = _remembered(fresh), _sha(fresh["body"])
            if hold and entry is not None and current is not None:
                fields, body_sha = _held(current, fresh, entry)
            new_state[item.id] = {
                "origin_file": item.origin.file if item.origin else "",
                # Only stories that share a document need a sketch to be told apart after a re-split.
                "sketch": fingerprint(fresh["body"]) if item.origin and per_file[item.origin.file] > 1 else [],
                "body_sha": body_sha,
                "fields": fields,
                "path": name,
                "written": written,
                # what the file was rendered from and its size and mtime: lets the next run skip it
                "key": key if written else "",
                # the stat of the file written instead, if it is (a person's file updated in place too)
                "stat": before if written else [],
            }
            result.items.append(item)

    def _read(self, path: Path) -> tuple[itemfile.ItemFile | None, Problem | None]:
        display = self._display(path)
        try:
            current = itemfile.parse(path.read_bytes().decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            return None, Problem(display, 1, f"item file is not UTF-8 (left untouched): {exc}")
        except itemfile.ItemFileError as exc:
            return None, Problem(display, exc.line, f"item file is not valid (left untouched; fix it to use it): {exc}")
        date = current.meta.get("date")
        if "date" in current.meta and coerce_date(date) is None:
            return None, Problem(display, _line_of(current.raw, "date"),
                                 f"'date' is not a date: {date!r} (left untouched; fix it to use it)")
        return current, None

    def _apply_edits(self, item: Item, current: itemfile.ItemFile, entry: dict[str, Any] | None,
                     fresh: dict[str, Any]) -> None:
        """A value differing from both what we last generated and what we generate now is a person's."""
        remembered = entry["fields"] if entry else {}
        edited: list[str] = []
        for name in EDITABLE:
            if name == "body":
                value: Any = current.body
            elif name in current.meta:
                value = current.meta[name]
            else:
                continue  # a deleted key asks for the generated value back
            now = _norm(name, value)
            if name == "title" and not now:
                continue  # an item needs a title: an emptied one falls back to the generated title
            if name == "body":  # remembered as its hash; none remembered: any difference is an edit
                differs = not (entry and entry["body_sha"]) or _sha(now) != entry["body_sha"]
            else:
                differs = now != remembered.get(name, fresh[name])
            if differs and now != fresh[name]:
                _apply(item, name, value)
                edited.append(name)
        item.edited = tuple(edited)
        if "title" in item.edited:
            item.title_generated = False  # a person's title: nothing may write over it

    def _write(self, path: Path, name: str, item: Item, current: itemfile.ItemFile | None, entry: dict[str, Any] | None,
               result: StoreResult, writer: _Writes, hold: bool = False, before: list[int] | None = None) -> str:
        """Write the item file if it changed; return the hash of a file that is wholly ours, else ''.
        hold: a person's file is left as it is this time (one of ours is still written).
        before: the file's [size, mtime] when it was read; it is replaced only if it still has them."""
        if current is None or _ours(current, entry):
            fresh_text = itemfile.render(item)
            if current is None or current.raw != fresh_text:
                writer.write(name, path, fresh_text, before)
                result.written += 1
            return _sha(fresh_text)
        assert current is not None
        keep = set(item.edited)
        if itemfile.stale(current, item, keep):
            if hold:
                result.held += 1
            else:
                writer.write(name, path, itemfile.update(current, item, keep), before)
                result.written += 1
        return ""  # a person has touched this file: from now on it is only ever updated in place

    def _orphan(self, item_id: str, path: Path, new_state: dict[str, dict[str, Any]], result: StoreResult) -> None:
        """An item file whose story no longer comes out of any document."""
        before = _stat(path)
        current, problem = self._read(path)
        if problem:
            result.problems.append(problem)
            return
        assert current is not None
        entry = self.state.get(item_id)
        if _ours(current, entry):
            assert entry is not None
            if _stat(path) != before:  # a tool began writing it since we read it: the next build decides
                new_state[item_id] = entry
                result.held += 1
                return
            path.unlink()  # wholly generated and untouched, and its origin is gone: obsolete
            result.removed += 1
            result.files[path.relative_to(self.dir).as_posix()] = None
            return
        item = _item_from_file(current, item_id)
        if entry is not None:
            result.problems.append(Problem(
                self._display(path), 1,
                f"its origin ({entry['origin_file']}) no longer has this item; kept because it was edited",
                level="warning",
            ))
            new_state[item_id] = entry
        result.items.append(item)

    def _walk(self) -> list[str]:
        """Every item file's path (a string: most are only stat-ed), in path order; self._links: the
        names of the symbolic links among them."""
        files, links = walk_files(os.fspath(self.dir))
        found = sorted((path for path in files if _is_item_file(os.path.basename(path))), key=path_order)
        self._links = {relative_name(Path(path), self.dir) for path in links if _is_item_file(os.path.basename(path))}
        return found

    def _relist(self, files: list[str], changed: set[str]) -> list[str]:
        """files with the changed names added or dropped as _walk() would find them now."""
        folder = os.fspath(self.dir)
        paths = set(files)
        moved = False
        for name in changed:
            path = os.path.join(folder, *name.split("/"))
            there = _is_item_file(os.path.basename(path)) and walked(folder, name)
            if there and os.path.islink(path):
                self._links.add(name)
            else:
                self._links.discard(name)
            if there != (path in paths):
                moved = True
                if there:
                    paths.add(path)
                else:
                    paths.discard(path)
        return sorted(paths, key=path_order) if moved else files

    def _existing_files(self, found: list[str], problems: list[Problem]) -> dict[str, str]:
        """Item file path by id (the file's stem), of the files _walk() found."""
        files: dict[str, str] = {}
        for path in found:
            stem = os.path.basename(path)[:-3]
            if stem in files:
                problems.append(Problem(
                    self._display(Path(path)), 1,
                    f"same id as {self._display(Path(files[stem]))}; this file is ignored (rename it to use it)",
                    level="warning",
                ))
                continue
            files[stem] = path
        return files

    def _render_key(self, item: Item) -> str:
        """_render_key(item); a kept store keeps it with a snapshot of the item (digest.itemmemo)."""
        return self._keys.value(item, lambda: _render_key(item)) if self.kept else _render_key(item)

    @staticmethod
    def _recent(stat: list[int], now: int) -> bool:
        """Saved within SETTLE_NS of now, the file system's clock. A time further ahead is a
        copied or skewed stamp (tar, touch -d), not a save in progress: it would hold forever."""
        return bool(stat) and now - SETTLE_NS <= stat[1] <= now + SETTLE_NS

    def _racy(self, stat: list[int]) -> bool:
        """A stat that cannot vouch for the file: taken on a coarse clock (whole seconds) within
        SETTLE_NS before the state was saved, when a same-size save in the same tick looks the
        same. Compared with the state file's time, the same file system's clock (as git does)."""
        if len(stat) < 2 or stat[1] % 1_000_000_000:
            return False  # a fine clock: a save changes the time
        saved = self._saved[0] if self._saved is not None else ()
        return len(saved) < 2 or stat[1] >= saved[1] - SETTLE_NS

    def _save_state(self, state: dict[str, dict[str, Any]]) -> None:
        text = self._encode(state)
        if self._saved is None or self._saved[1] != text or self._saved[0] != _stamp(self.state_path):
            stat = write_file(self.state_path, text, atomic=True)
            # the file as written, not as it is now: a concurrent build may have replaced it already
            self._saved = (_stamp_of(stat), text) if stat else None

    def _encode(self, state: dict[str, dict[str, Any]]) -> str:
        """_json(state), on one line so that json uses its C encoder (indenting made it pure
        Python: seconds for 10,000 items); for a kept store an entry at a time. An entry
        kept from the last build is the same dict (entries are never changed once saved), so a
        store kept by `digest serve` encodes only the entries a build made anew."""
        if not self.kept:
            return _json(state)
        encoded: dict[int, tuple[dict[str, Any], str]] = {}
        parts = []
        for item_id in sorted(state):
            entry = state[item_id]
            known = self._encoded.get(id(entry))
            if known is None or known[0] is not entry:
                known = (entry, _json(entry))
            encoded[id(entry)] = known
            parts.append(_json(item_id) + ":" + known[1])
        self._encoded = encoded
        return "{" + ",".join(parts) + "}"


def _is_item_file(name: str) -> bool:
    return name.endswith(".md") and not name.startswith(".")


def _json(value: Any) -> str:
    """The state's JSON: keys sorted, one line (an entry encoded alone reads as it does in the whole)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _line_of(raw: str, key: str) -> int:
    for number, line in enumerate(raw.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _item_from_file(current: itemfile.ItemFile, item_id: str) -> Item:
    """An item that lives only in items/: written by hand or kept after its origin went away."""
    data = current.meta
    origin = data.get("origin") if isinstance(data.get("origin"), dict) else None
    item = Item(
        id=item_id,
        title=str(data.get("title") or item_id).strip(),
        date=coerce_date(data.get("date")) or dt.date(1970, 1, 1),
        source=str(data.get("source") or ""),
        kind=str(data.get("kind") or "note"),
        body=current.body.strip(),
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


