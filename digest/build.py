"""The pipeline, top to bottom: load -> store (people's edits) -> summarize -> rank -> render.

The site is rendered into a fresh folder beside the output and swapped in at the end, so a
reader (or `digest serve`) never sees a half-built site and a failed build leaves the old one.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from digest import output, timing, uptodate
from digest.timing import stage
from digest.changes import names_under
from digest.cache import Memo, code_hash, enrich_cached, file_clock, for_config, load_texts, save_texts
from digest.cache import load_sources as cached_load_sources
from digest.config import Config
from digest.loader import DocumentReport
from digest.model import Issue, Item, Problem
from digest.render import reuse
from digest.render.search import BUNDLE_DIR as SEARCH_DIR
from digest.render.search import SearchResult
from digest.render.search import build_index as build_search_index
from digest.render.site import RenderResult, SiteWriter, collect
from digest.store import ItemStore
from digest.summarize.enrich import add_ledes
from digest.summarize.issues import build_issues
from digest.summarize.llm import LLMClient
from digest.summarize.textmemo import TextMemo
from digest.uptodate import TEMPLATES_DIR, templates_dir  # noqa: F401  (re-exported)

@dataclass
class BuildResult:
    items: list[Item]
    issues: list[Issue]
    reports: list[DocumentReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    rendered: int = 0  # pages rendered; the others were kept from the previous build unchanged
    # With defer_search: search shard -> (key, pages) of indexes still to build (the site has the old ones).
    search_pending: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    # The next build must not be skipped: the LLM backend failed and extractive fallbacks stand in
    # (the next build asks it again), or an item file saved moments ago was left for it to update.
    provisional: bool = False
    held: int = 0  # item files left as they were for a later build to update (StoreResult.held)
    # Item files the store wrote (or removed: None), resolved path -> (mtime_ns, size) (StoreResult.files).
    item_files: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    # (signature, record) that marks the site up to date (digest.uptodate), when it may be marked.
    up_to_date: tuple[str, uptodate.Record] | None = None


def load_items(cfg: Config, write_items: bool = True, memo: Memo | None = None,
               changes: set[str] | None = None) -> BuildResult:
    """Everything up to ranking: raw documents become items with people's edits applied.
    changes (with a memo): the only files that may have changed since its build (digest.changes)."""
    cache = for_config(cfg)
    if memo is not None:
        memo.texts.turn()
        texts: TextMemo | None = memo.texts
    else:
        texts = load_texts(cache)  # what the last build read of each text, for tags and topics
    with stage("load"):
        loaded = cached_load_sources(cache, cfg.sources_dir, memo, names_under(changes, cfg.sources_dir))
    with stage("store"):
        store = _item_store(cfg, memo)
        store.assign_ids(loaded.items)
    client = LLMClient.from_config(cfg)  # one for the whole build: a dead server is tried and reported once
    # Before the store, so LLM titles and summaries land in item files, where a person's edit wins.
    with stage("summarize"):
        provisional = enrich_cached(cache, loaded.items, cfg, client, texts)
    if write_items:
        with stage("store"):
            stored = store.merge(loaded.items, file_clock(cache), names_under(changes, cfg.items_dir))
        items, problems, item_files = stored.items, loaded.problems + stored.problems, stored.files
        held = stored.held
        provisional = provisional or held > 0
        # Hand-written or orphaned items may still lack computed fields.
        missing = [item for item in items if not (item.summary and item.topic and item.tags)]
        with stage("summarize"):
            provisional = enrich_cached(cache, missing, cfg, client, texts) or provisional
    else:
        items, problems, item_files, held = loaded.items, loaded.problems, {}, 0
    items.sort(key=lambda item: (item.date, item.origin.file if item.origin else "", item.position, item.id))
    with stage("rank"):
        # Novelty keeps its whole result while no title or summary changes: an edited body is
        # ranked without fitting TF-IDF again (nor importing scipy).
        issues = build_issues(items, cfg, texts)
        provisional = add_ledes(issues, cfg, client, texts) or provisional
    if memo is None:
        save_texts(cache, texts)
    return BuildResult(items=items, issues=issues, reports=loaded.reports, problems=problems, provisional=provisional,
                       item_files=item_files, held=held)


def _item_store(cfg: Config, memo: Memo | None) -> ItemStore:
    """`digest serve` keeps its store, and the state it read, from build to build."""
    if memo is None:
        return ItemStore(cfg.items_dir)
    if memo.store is None or memo.store.dir != cfg.items_dir:
        memo.store = ItemStore(cfg.items_dir, kept=True)
    else:
        memo.store.reload()
    return memo.store


def build(cfg: Config, out_dir: Path | None = None, defer_search: bool = False, in_place: bool = False,
          memo: Memo | None = None, record: bool = True, inputs: str | None = None,
          changes: set[str] | None = None) -> BuildResult:
    """Raises OutputError (before reading anything) when the output folder is not safe to replace.

    defer_search (for `digest serve`): when pages that search indexes changed, keep the previous
    index for now and leave `search_pending` set; index_pending() and install_index() finish it.
    in_place (for `digest serve`, whose requests wait for the build): only the changed pages are
    staged and moved into the previous site (output.patch_in), instead of a whole new site.
    memo (for `digest serve`): what the previous build of this process parsed (cache.Memo).
    record False (for `digest serve`, after its reload): the caller calls record_uptodate().
    inputs: uptodate.inputs_signature(), taken by the caller before it read anything.
    changes (for `digest serve`, with memo): the paths its watcher saw change since the memo's
    build, which alone are looked at again (digest.changes); None: everything is."""
    timing.reset()
    out = (out_dir or cfg.output_dir).resolve()
    templates = templates_dir(cfg)
    output.check_output(out, cfg.root, [cfg.sources_dir, cfg.items_dir, templates])
    # Before reading: a change while we run counts.
    signature = inputs or _signature(cfg, out, templates, memo, changes)
    uptodate.forget(cfg, out)
    result = load_items(cfg, memo=memo, changes=changes)
    manifest = uptodate.pages_manifest(cfg, out)
    previous = reuse.read_previous(manifest, out) if manifest else None
    global_key = f"{code_hash()}:{reuse.tree_key(templates)}:{cfg!r}" if manifest else ""
    # Patching needs a previous site to patch; a first search index is built from a whole site.
    patch = in_place and previous is not None and (not cfg.search or (out / SEARCH_DIR).is_dir())
    staging = output.staging_dir(out)
    try:
        bytecode = cfg.root / uptodate.CACHE_DIR / "templates" if cfg.cache else None
        try:
            if bytecode:
                bytecode.mkdir(parents=True, exist_ok=True)
        except OSError:
            bytecode = None  # compiling every template again is only slower
        writer = SiteWriter(cfg, templates, staging, bytecode)
        with stage("render"):
            rendered = writer.render(collect(result.items, result.issues), previous, global_key, link_kept=not patch,
                                     item_tokens=memo.item_tokens if memo is not None else None)
            if memo is not None:
                memo.item_tokens.turn()
        search_keys = _search(cfg, result, rendered, previous, out, staging, defer_search and manifest is not None,
                              patch)
        result.pages = len(writer.written)
        result.rendered = rendered.rendered
        if manifest:
            reuse.forget(manifest)
        with stage("swap"):
            if patch:
                shards = {f"{SEARCH_DIR}/{shard}" for shard in rendered.search_keys} if cfg.search else set()
                output.patch_in(staging, out, {*writer.written, output.MARKER}, shards)
            else:
                output.swap_in(staging, out)
        if manifest:
            reuse.write_manifest(manifest, rendered.stats, search_keys)
        # A site with LLM fallbacks, or an item file left to update, is not up to date: never skip
        # the next build. One with a stale search index is, once the index is brought up to date
        # (record_uptodate(search_done=True)).
        if manifest and not result.provisional:
            result.up_to_date = (signature, uptodate.Record(
                "", result.pages, len(result.items), len(result.issues),
                [(p.file, p.line, p.message, p.level) for p in result.problems]))
            if record:
                record_uptodate(cfg, out, result)
    finally:
        output.discard(staging)
    return result


def _signature(cfg: Config, out: Path, templates: Path, memo: Memo | None, changes: set[str] | None) -> str:
    """uptodate.inputs_signature(); with a memo, its listing of the sources is kept there."""
    if memo is None:
        return uptodate.inputs_signature(cfg, out, templates)
    if memo.signature is None or memo.signature.folder != cfg.sources_dir:
        memo.signature, changes = uptodate.Listing(cfg.sources_dir), None
    return uptodate.inputs_signature(cfg, out, templates, memo.signature, names_under(changes, cfg.sources_dir))


def record_uptodate(cfg: Config, out: Path, result: BuildResult, search_done: bool = False) -> None:
    """Mark the site up to date, so the next `digest build` stops at once (if nothing changes).
    With search indexes still pending, only once they are installed (search_done)."""
    if result.up_to_date is not None and (search_done or not result.search_pending):
        uptodate.write(cfg, out.resolve(), *result.up_to_date)


def _search(cfg: Config, result: BuildResult, rendered: RenderResult, previous: reuse.Previous | None,
            out: Path, staging: Path, defer: bool, patch: bool = False) -> dict[str, str]:
    """Search indexes into staging: an unchanged one is linked from the last build, a changed one is
    built (or, deferred, the old one linked and the new one left in result.search_pending). When the
    site is patched in place, an index that is not rebuilt stays where it is instead of being linked.
    Returns the key of every index the site will hold that matches its pages."""
    if not cfg.search:
        return {}
    done: dict[str, str] = {}
    before = previous.search_keys if previous else {}
    defer = defer and (out / SEARCH_DIR).is_dir()  # the very first index is built at once
    for shard, key in rendered.search_keys.items():
        old = out / SEARCH_DIR / shard
        if before.get(shard) == key and old.is_dir():
            if not patch:
                reuse.link_tree(old, staging / SEARCH_DIR / shard)  # no page of it changed
            done[shard] = key
        elif defer:
            if old.is_dir() and not patch:
                reuse.link_tree(old, staging / SEARCH_DIR / shard)  # a little stale until install_index()
            result.search_pending[shard] = (key, rendered.search_pages[shard])
        else:
            with stage("search"):  # after rendering, into the staging folder, before swap-in
                index = build_search_index(staging, staging / SEARCH_DIR / shard, rendered.search_pages[shard])
            if index.built:
                done[shard] = key
            elif not any(p.file == "search" for p in result.problems):
                result.problems.append(Problem("search", 0, index.message, level="warning"))
    return done


def index_pending(out: Path, pending: dict[str, tuple[str, list[str]]],
                  stopped: Callable[[], bool] | None = None) -> tuple[Path, SearchResult]:
    """Build the pending search indexes of the site in `out` into a folder beside it, without a
    lock: a build may patch the site meanwhile, and then the caller discards the result (it is
    for an older generation), or stopped() ends it early. install_index() moves them in."""
    bundles = out.parent / f".{out.name}.search-{os.getpid()}-{threading.get_ident()}"
    shutil.rmtree(bundles, ignore_errors=True)
    for shard, (_key, pages) in sorted(pending.items()):
        index = build_search_index(out, bundles / shard, pages, stopped)
        if not index.built:
            return bundles, index
    return bundles, SearchResult(True, f"{len(pending)} search index(es) built in {bundles}")


def install_index(cfg: Config, out: Path, bundles: Path, pending: dict[str, tuple[str, list[str]]]) -> None:
    """Swap finished indexes into the site and record which pages they cover. Call it only while
    no build runs, and only if no build ran since the indexes were started."""
    for shard in sorted(pending):
        output.replace_folder(bundles / shard, out / SEARCH_DIR / shard)
    shutil.rmtree(bundles, ignore_errors=True)
    manifest = uptodate.pages_manifest(cfg, out)
    if manifest:
        reuse.set_search_keys(manifest, {shard: key for shard, (key, _pages) in pending.items()})
