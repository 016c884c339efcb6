"""A content-addressed cache of the slow, pure steps: parsing a document and summarizing an item.

Every key hashes all the inputs of the step, the whole configuration and the source code of the
package, so a hit returns exactly what the step would compute: the cache makes builds faster and
never different. It lives in `.digest-cache/` beside digest.yaml; deleting it is always safe.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import stat as stat_module
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from digest.config import Config
from digest.fileio import SETTLE_NS, path_order, relative_name, write_file
from digest.itemmemo import ItemMemo
from digest import forkpool, loader, uptodate
from digest.loader import LoadResult, load_document
from digest.metadata import SIDECAR_SUFFIX
from digest.model import Item
from digest.store import ItemStore
from digest.summarize.enrich import enrich
from digest.summarize.llm import LLMClient
from digest.summarize import textmemo
from digest.summarize.textmemo import TextMemo
from digest.summarize.titles import wants_llm_title
from digest.text import text_digest

CACHE_DIR = ".digest-cache"
TEXTS_FILE = "texts.pack"  # what tags and topics read of each text (TextMemo), for the next build
_PACKAGE = Path(__file__).resolve().parent
_code_hash: str | None = None


def code_hash() -> str:
    """A change to any module of the package invalidates every entry."""
    global _code_hash
    if _code_hash is None:
        digest = hashlib.sha1()
        for path in sorted(_PACKAGE.rglob("*.py")):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
        _code_hash = digest.hexdigest()
    return _code_hash


class Cache:
    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def key(self, *parts: Any) -> str:
        digest = hashlib.sha1(code_hash().encode())
        for part in parts:
            digest.update(b"\0")
            digest.update(part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, namespace: str, key: str) -> Any:
        value = _unpickle(self.get_bytes(namespace, key))
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        return value

    def get_bytes(self, namespace: str, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            return (self.folder / namespace / key[:2] / key).read_bytes()
        except OSError:
            return None

    def put(self, namespace: str, key: str, value: Any) -> None:
        self.put_bytes(namespace, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_bytes(self, namespace: str, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        _put_file(self.folder / namespace / key[:2] / key, data)


def _unpickle(data: bytes | None) -> Any:
    """The value, or None for no entry or a damaged one (a damaged entry is only a miss)."""
    if data is None:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # damaged bytes raise almost anything (OverflowError, MemoryError, ...): a miss
        return None


class DocumentPack:
    """Parsed documents: most in one file, `documents.pack`, the few parsed since it was written in
    a file each. Why: a file per document made a first build of 4,000 notes create 4,000 cache
    files besides its 4,000 item files and 4,600 pages, and creating files is most of a first
    build's time on the virtual disks this runs on (its system time exceeded its user time).
    The pack is written again when more than PACK_SHARE (and more than 16) of the documents a
    build used are not in it; otherwise what a build parsed goes in a file each (one edit writes
    one small file). With `partial` (a build that took most documents from its Memo and so saw
    only a few here) the pack is never written: it would hold only those few."""

    PACK_SHARE = 0.25

    def __init__(self, cache: Cache, partial: bool = False):
        self.cache = cache
        self.path = cache.folder / "documents.pack" if cache.folder else None
        self.partial = partial
        self._packed: dict[str, bytes] | None = None  # read at the first lookup
        self.used: dict[str, bytes] = {}  # key -> pickled parse, for every document looked up here
        self.fresh: dict[str, bytes] = {}  # parsed by this build
        self.unpacked = 0  # used but not in the pack

    @property
    def packed(self) -> dict[str, bytes]:
        if self._packed is None:
            self._packed = {}
            if self.path is not None:
                try:
                    packed = _unpickle(self.path.read_bytes())
                except OSError:
                    packed = None
                self._packed = packed if isinstance(packed, dict) else {}
        return self._packed

    def get(self, key: str, packed: bool = True) -> LoadResult | None:
        """packed False: do not read the pack for this one (see _load_one)."""
        data = self.packed.get(key) if packed else None
        unpacked = data is None
        if data is None:
            data = self.cache.get_bytes("documents", key)
        value = _unpickle(data)
        if not isinstance(value, LoadResult):
            self.cache.misses += 1
            return None
        self.cache.hits += 1
        self.unpacked += unpacked
        self.used[key] = data  # type: ignore[assignment]
        return value

    def put(self, key: str, value: LoadResult) -> None:
        """Pickled now: later stages change the items they are given."""
        self.put_pickled(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_pickled(self, key: str, data: bytes) -> None:
        self.used[key] = self.fresh[key] = data
        self.unpacked += 1

    def close(self) -> None:
        if self.path is None:
            return
        if not self.partial and self.unpacked > max(16, self.PACK_SHARE * len(self.used)):
            try:
                write_file(self.path, pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL), atomic=True)
            except OSError:
                pass  # only slower next time
            return
        for key, data in self.fresh.items():
            self.cache.put_bytes("documents", key, data)


class StatIndex:
    """Document name -> (stat key, cache key of its parse), as the last build found them. Why: to
    find a document's parse, every build read and hashed every document, most of the load stage
    of a one-edit build of 4,000 notes. A stat key is only kept for a file left alone for
    SETTLE_NS before it was looked at (_settled): a second edit within one tick of a coarse
    file clock, same size, is never missed (git's "racily clean" rule). With `partial` (most
    documents came from a Memo) the index is not written: it would hold only those few."""

    FILE = "documents.index"

    def __init__(self, cache: Cache, partial: bool = False):
        self.path = cache.folder / self.FILE if cache.folder else None
        self.partial = partial
        self._known: dict[str, tuple[tuple[int, ...], str]] | None = None  # read at the first lookup
        self.seen: dict[str, tuple[tuple[int, ...], str]] = {}

    @property
    def known(self) -> dict[str, tuple[tuple[int, ...], str]]:
        if self._known is None:
            self._known = {}
            if self.path is not None:
                value = _unpickle(_read_versioned(self.path))  # cache keys hash the code too
                if isinstance(value, dict):  # only well-formed entries: a damaged one is a miss
                    self._known = {name: entry for name, entry in value.items() if isinstance(name, str)
                                   and isinstance(entry, tuple) and len(entry) == 2
                                   and isinstance(entry[0], tuple) and isinstance(entry[1], str)}
        return self._known

    def get(self, name: str, stat_key: tuple[int, ...]) -> str | None:
        entry = self.known.get(name)
        if not stat_key or entry is None or entry[0] != stat_key:
            return None
        self.seen[name] = entry
        return entry[1]

    def put(self, name: str, stat_key: tuple[int, ...], key: str) -> None:
        self.seen[name] = (stat_key, key)

    def close(self) -> None:
        if self.path is None or self.partial or self.seen == self._known:
            return
        _write_versioned(self.path, pickle.dumps(self.seen, protocol=pickle.HIGHEST_PROTOCOL))


def _put_file(path: Path, data: bytes) -> None:
    try:
        write_file(path, data, atomic=True)
    except OSError:
        pass  # a cache that cannot be written only makes the next build slower


def _read_versioned(path: Path) -> bytes | None:
    """What _write_versioned wrote, if this version of digest wrote it (another reads it differently)."""
    try:
        version, _, data = path.read_bytes().partition(b"\n")
    except OSError:
        return None
    return data if version.decode("ascii", "replace") == code_hash() else None


def _write_versioned(path: Path, data: bytes) -> None:
    _put_file(path, code_hash().encode("ascii") + b"\n" + data)


def for_config(cfg: Config) -> Cache:
    return Cache(cfg.root / CACHE_DIR if cfg.cache else None)


class Remembered(NamedTuple):
    """A document as a Memo keeps it: its stat key (() if it had just changed), cache key, parse."""

    stat_key: tuple[int, ...]
    key: str
    parse: LoadResult


@dataclass
class Memo:
    """What a long-running process (`digest serve`) keeps in memory from one build to the next.

    documents: each document's parse by its path, size, times and inode (its sidecar's too), as
    make decides, for files settled before they were read (see StatIndex); a file saved lately is
    read and hashed, and its parse kept if the bytes are the same. Why: reading, hashing and
    unpickling 4,000 documents from the disk cache took half a second of every live-preview
    rebuild; now only the saved file is read. Entries not seen by the latest build are dropped, so
    it holds one archive's worth at most."""

    documents: dict[str, Remembered] = field(default_factory=dict)
    texts: TextMemo = field(default_factory=TextMemo)  # what tags and topics read of each text
    store: ItemStore | None = None  # with the state it last wrote (ItemStore.reload)
    item_tokens: ItemMemo = field(default_factory=ItemMemo)  # each item's digest for page keys
    # The documents the last build listed, and the names of the symbolic links among them and their
    # sidecars (a link's target changes without an event in sources/): a build told what changed
    # (digest.changes) lists and stats only that.
    listing: dict[str, Path] | None = None  # name -> path, in path order
    links: set[str] = field(default_factory=set)
    signature: uptodate.Listing | None = None  # the sources' part of the inputs' signature


def load_sources(cache: Cache, sources_dir: Path, memo: Memo | None = None,
                 changed: set[str] | None = None) -> LoadResult:
    """loader.load_sources, one cached document at a time. changed (with a memo): the names of
    the only files under sources_dir that may have changed since the memo's build (digest.changes)."""
    seen: dict[str, Remembered] = {}
    partial = bool(memo and memo.documents)
    pack, index = DocumentPack(cache, partial), StatIndex(cache, partial)
    # The earlier clock is the safe one here: a share behind ours would make a save look settled.
    now = min(time.time_ns(), file_clock(cache))
    if memo is not None and memo.listing is not None and changed is not None:
        # Links too: their targets change (come, go) with no event in sources/.
        changed = changed | memo.links
        paths = _relist(memo, sources_dir, changed)
    else:
        changed, links = None, []
        paths = loader.source_files(sources_dir, links)
        if memo is not None:
            memo.listing = {relative_name(path, sources_dir): path for path in paths}
            memo.links = {relative_name(Path(link), sources_dir) for link in links}
    # Documents the memo may vouch for without a stat: told unchanged (links count as changed).
    trusted = (lambda name: name not in changed and name + SIDECAR_SUFFIX not in changed  # type: ignore[operator]
               ) if changed is not None else None
    ahead = _parse_ahead(cache, sources_dir, paths) if memo is None and not pack.packed else {}
    result = loader.load_sources(sources_dir, functools.partial(_load_one, cache, pack, index, memo, seen, now, ahead,
                                                                trusted), paths)
    pack.close()
    index.close()
    if memo is not None:
        memo.documents = seen
    return result


def _relist(memo: Memo, sources_dir: Path, changed: set[str]) -> list[Path]:
    """The documents of memo.listing with the changed names added or dropped as source_files()
    would list them now (memo.links kept up to date too)."""
    assert memo.listing is not None
    listed, moved = memo.listing, False
    for name in changed:
        path = sources_dir / name
        if os.path.islink(path):
            memo.links.add(name)
        else:
            memo.links.discard(name)
        if loader.is_source(sources_dir, name) != (name in listed):
            moved = True
            if name in listed:
                del listed[name]
            else:
                listed[name] = path
    if moved:
        memo.listing = listed = dict(sorted(listed.items(), key=lambda pair: path_order(os.fspath(pair[1]))))
    return list(listed.values())


def _stat_key(path: Path) -> tuple[int, ...]:
    name = os.fspath(path)  # strings: pathlib's with_name() was a third of the cost of this check
    stat = os.stat(name)
    try:
        side = os.stat(name + SIDECAR_SUFFIX)
    except OSError:
        side = None
    sidecar: tuple[int, ...] = ()  # none, or a folder of that name: no sidecar (see metadata)
    if side is not None and stat_module.S_ISREG(side.st_mode):
        sidecar = (side.st_size, side.st_mtime_ns, side.st_ctime_ns, side.st_ino)
    # ctime too: it moves on every write, even where mtimes are coarse (FAT, some network shares)
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, *sidecar)


CLOCK_FILE = "clock"


def file_clock(cache: Cache) -> int:
    """Now, as file times tell it (ns): the time of a file written now in the cache folder (git
    compares with its index file's time for the same reason), or our own clock without one. Why not
    only time.time_ns(): a network share stamps files with its server's clock."""
    now = time.time_ns()
    if cache.folder is None:
        return now
    try:
        stat = write_file(cache.folder / CLOCK_FILE, b".")
    except OSError:
        return now
    return stat.st_mtime_ns if stat is not None else now


def _settled(stat_key: tuple[int, ...], now: int) -> tuple[int, ...]:
    """The stat key of a document (and sidecar) not changed in the SETTLE_NS before `now`, else ():
    a key that matches nothing, so the document is read again next time."""
    recent = now - SETTLE_NS
    changed = [stat_key[k] for k in (1, 2, 5, 6) if k < len(stat_key)]  # mtimes and ctimes
    return stat_key if all(t < recent for t in changed) else ()


MIN_DOCUMENTS_PER_WORKER = 200  # below this, forking costs more than parsing here saves


class _Parsed(NamedTuple):
    """A document parsed ahead: its stat key before it was read, cache key and pickled parse."""

    raw_key: tuple[int, ...]
    key: str
    data: bytes


def _parse_ahead(cache: Cache, sources_dir: Path, paths: list[Path]) -> dict[str, _Parsed]:
    """Parse documents on every core (forkpool), for a first build: parsing is most of its load
    stage and pure Python. _load_one takes a parse only if the document's stat has not moved
    since, so a document saved meanwhile is parsed again, as it is."""
    done = forkpool.map_chunks(lambda chunk: [_parse_one(cache, sources_dir, path) for path in chunk],
                               paths, MIN_DOCUMENTS_PER_WORKER)
    return {name: parsed for name, parsed in done or [] if parsed is not None}


def _parse_one(cache: Cache, sources_dir: Path, path: Path) -> tuple[str, _Parsed | None]:
    name = relative_name(path, sources_dir)
    try:
        raw_key = _stat_key(path)
        key = _document_key(cache, name, path, raw_key)
    except OSError:
        return name, None  # _load_one reports it
    one = LoadResult(items=[])
    try:
        load_document(path, sources_dir, one)
        return name, _Parsed(raw_key, key, pickle.dumps(one, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - loaded here again, where load_sources reports what went wrong
        return name, None


def _document_key(cache: Cache, name: str, path: Path, raw_key: tuple[int, ...]) -> str:
    """The cache key of a document's parse: its bytes and its sidecar's (raw_key: _stat_key's)."""
    sidecar = Path(os.fspath(path) + SIDECAR_SUFFIX).read_bytes() if len(raw_key) > 4 else b""
    return cache.key(name, raw_key[1], path.read_bytes(), sidecar)


def _load_one(cache: Cache, pack: DocumentPack, index: StatIndex, memo: Memo | None,
              seen: dict[str, Remembered], now: int, ahead: dict[str, _Parsed],
              trusted: Callable[[str], bool] | None, path: Path, sources_dir: Path, result: LoadResult) -> None:
    name = relative_name(path, sources_dir)
    known = memo.documents.get(name) if memo is not None else None
    if known is not None and known.stat_key and trusted is not None and trusted(name):
        seen[name] = known  # settled when it was read, and no event since
        _add_copies(known.parse, result)
        return
    try:
        raw_key = _stat_key(path)
        stat_key = _settled(raw_key, now)
        parsed = ahead.get(name)
        if known is not None and stat_key and known.stat_key == stat_key:
            key, one = known.key, known.parse
        elif parsed is not None and parsed.raw_key == raw_key:  # unchanged since it was parsed
            key = parsed.key
            index.put(name, stat_key, key)
            one = pickle.loads(parsed.data)
            pack.put_pickled(key, parsed.data)
        else:
            # A document the memo has was saved since: its new parse is in no index or pack, and
            # reading those (for every save in `digest serve`) took longer than parsing it.
            key = index.get(name, stat_key) if known is None else None
            vouched = key is not None
            if key is None:  # read and hashed: new, changed or lately changed
                key = _document_key(cache, name, path, raw_key)
                index.put(name, stat_key, key)
            if known is not None and known.key == key:
                one = known.parse  # lately saved, but as the memo has it (git's racily clean entry)
            else:
                # The pack only where it may hold the parse: every document of a build from the
                # command line; in `digest serve`, one the index knows (back in sources/ as it was).
                one = pack.get(key, packed=memo is None or vouched)
                if one is None:
                    one = LoadResult(items=[])
                    load_document(path, sources_dir, one)
                    pack.put(key, one)
    except OSError:
        load_document(path, sources_dir, result)  # it reports the problem
        return
    if memo is None:
        result.items.extend(one.items)
        result.reports.extend(one.reports)
        result.problems.extend(one.problems)
    else:
        seen[name] = Remembered(stat_key, key, one)
        _add_copies(one, result)


def _add_copies(one: LoadResult, result: LoadResult) -> None:
    """Copies: later stages set ids, summaries and people's edits on the items they are given."""
    result.items.extend(_copy(item) for item in one.items)
    result.reports.extend(one.reports)
    result.problems.extend(one.problems)


def _copy(item: Item) -> Item:
    """Its own lists, the same strings. Why not copy.copy: its reduce protocol was a third of
    the time of taking 4,000 documents from the memo."""
    fresh = object.__new__(Item)
    fresh.__dict__.update(item.__dict__)
    fresh.tags, fresh.also_in = list(item.tags), list(item.also_in)
    return fresh


def _enrich_inputs(item: Item) -> tuple:
    return (item.title, wants_llm_title(item), text_digest(item.body), item.summary, item.topic, tuple(item.tags),
            item.format)


def load_texts(cache: Cache) -> TextMemo | None:
    """The per-text results the last build saved (see TextMemo), read when first needed, for a
    build from the command line."""
    if cache.folder is None:
        return None
    path = cache.folder / TEXTS_FILE

    def read() -> dict:
        data = _read_versioned(path)
        try:
            return textmemo.loads(data) if data is not None else {}
        except Exception:  # damaged bytes raise almost anything: computed again
            return {}

    return TextMemo(load=read)


def save_texts(cache: Cache, texts: TextMemo | None) -> None:
    if cache.folder is not None and texts is not None and texts.changed:
        _write_versioned(cache.folder / TEXTS_FILE, texts.dumps())


def enrich_cached(cache: Cache, items: list[Item], cfg: Config, client: LLMClient | None = None,
                  texts: TextMemo | None = None) -> bool:
    """enrich(), skipped when the same items were enriched before with the same configuration.

    Returns what enrich() does: True when LLM answers were replaced by extractive fallbacks. Those
    are not cached here (the LLM client caches only real answers), so the next build asks again."""
    if not items:
        return False
    config = repr(cfg)
    key = cache.key(config, [_enrich_inputs(item) for item in items])
    done = cache.get("enrich", key)
    if done is not None and len(done) == len(items):
        for item, (title, summary, topic, tags) in zip(items, done):
            item.title, item.summary, item.topic, item.tags = title, summary, topic, list(tags)
        return False
    # Summaries are per item: after one edit, only that item's summary is computed again.
    missing = {}
    for item in items:
        if not item.summary.strip():
            # With the LLM backend a machine-made title is replaced first, and the summary prompt reads it.
            summary_key = cache.key(config, item.title, wants_llm_title(item), item.body, item.format)
            item.summary = cache.get("summaries", summary_key) or ""
            if not item.summary:
                missing[summary_key] = item
    if enrich(items, cfg, client, texts):
        return True
    for summary_key, item in missing.items():
        cache.put("summaries", summary_key, item.summary)
    cache.put("enrich", key, [(item.title, item.summary, item.topic, tuple(item.tags)) for item in items])
    return False
