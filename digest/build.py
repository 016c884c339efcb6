"""The pipeline, top to bottom: load -> store (people's edits) -> summarize -> rank -> render.

The site is rendered into a fresh folder beside the output and swapped in at the end, so a
reader (or `digest serve`) never sees a half-built site and a failed build leaves the old one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from digest import output
from digest.cache import enrich_cached, for_config
from digest.cache import load_sources as cached_load_sources
from digest.config import Config
from digest.loader import DocumentReport
from digest.model import Issue, Item, Problem
from digest.render.search import build_index as build_search_index
from digest.render.site import SiteWriter, collect
from digest.store import ItemStore
from digest.summarize.enrich import add_ledes
from digest.summarize.issues import build_issues

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@dataclass
class BuildResult:
    items: list[Item]
    issues: list[Issue]
    reports: list[DocumentReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0


def load_items(cfg: Config, write_items: bool = True) -> BuildResult:
    """Everything up to ranking: raw documents become items with people's edits applied."""
    cache = for_config(cfg)
    loaded = cached_load_sources(cache, cfg.sources_dir)
    store = ItemStore(cfg.items_dir)
    store.assign_ids(loaded.items)
    enrich_cached(cache, loaded.items, cfg)
    if write_items:
        stored = store.merge(loaded.items)
        items, problems = stored.items, loaded.problems + stored.problems
        # Hand-written or orphaned items may still lack computed fields.
        enrich_cached(cache, [item for item in items if not (item.summary and item.topic and item.tags)], cfg)
    else:
        items, problems = loaded.items, loaded.problems
    items.sort(key=lambda item: (item.date, item.origin.file if item.origin else "", item.position, item.id))
    issues = build_issues(items, cfg)
    add_ledes(issues, cfg)
    return BuildResult(items=items, issues=issues, reports=loaded.reports, problems=problems)


def templates_dir(cfg: Config) -> Path:
    local = cfg.root / "templates"
    return local if (local / "base.html").exists() else TEMPLATES_DIR


def build(cfg: Config, out_dir: Path | None = None) -> BuildResult:
    """Raises OutputError (before reading anything) when the output folder is not safe to replace."""
    out = (out_dir or cfg.output_dir).resolve()
    output.check_output(out, cfg.root, [cfg.sources_dir, cfg.items_dir, templates_dir(cfg)])
    result = load_items(cfg)
    staging = output.staging_dir(out)
    try:
        writer = SiteWriter(cfg, templates_dir(cfg), staging)
        writer.render(collect(result.items, result.issues))
        index = build_search_index(staging)  # after rendering, into the staging folder, before swap-in
        if not index.built:
            result.problems.append(Problem("search", 0, index.message, level="warning"))
        result.pages = len(writer.written)
        output.swap_in(staging, out)
    finally:
        output.discard(staging)
    return result
