"""Write the site: every page is a Jinja2 template rendered with autoescape into an output folder."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import jinja2

from digest import forkpool
from digest.config import Config
from digest.fileio import write_file
from digest.itemmemo import ItemMemo
from digest.model import Issue, Item
from digest.render import email, feeds, search, urls
from digest.links import safe_url
from digest.render.markdown import to_html
from digest.render.reuse import Fingerprint, Previous
from digest.text import slugify


# Pseudo-templates: pages whose text comes from Python (feeds, plain-text email) or a file.
_EMAIL_TEXT, _ATOM, _JSON_FEED, _SITEMAP, _ROBOTS, _STATIC = (
    ":email.txt", ":atom", ":jsonfeed", ":sitemap", ":robots", ":static")


@dataclass
class Page:
    """One file of the site: where it goes and what it is rendered from (template + context)."""

    path: str
    template: str
    context: dict[str, object]
    search_shard: str = ""  # the Pagefind index this page goes in ("": not indexed)
    layout: bool = True  # gets `root` and `page_path` (every page but the email edition)


@dataclass
class RenderResult:
    stats: dict[str, tuple[str, int, int]]  # path -> (key, size, mtime_ns)
    rendered: int  # pages rendered (the rest were kept from the previous build)
    search_keys: dict[str, str]  # search shard -> hash of the keys of the pages it indexes
    search_pages: dict[str, list[str]]  # search shard -> those pages


@dataclass
class SiteData:
    """Everything the pages show, computed once so templates stay plain."""

    issues: list[Issue]
    items: list[Item]  # every item a person did not hide
    topics: dict[str, list[Item]]
    tags: dict[str, list[Item]]
    sources: dict[str, list[Item]]


def collect(items: list[Item], issues: list[Issue]) -> SiteData:
    visible = sorted((i for i in items if not i.hidden), key=lambda i: (-i.date.toordinal(), -i.score, i.id))
    topics: dict[str, list[Item]] = defaultdict(list)
    tags: dict[str, list[Item]] = defaultdict(list)
    sources: dict[str, list[Item]] = defaultdict(list)
    tag_names: dict[str, str] = {}
    source_groups: dict[str, list[Item]] = defaultdict(list)
    for item in visible:
        if item.topic:
            topics[item.topic].append(item)
        for tag in item.tags:
            key = slugify(tag)
            tag_names.setdefault(key, tag)
            tags[tag_names[key]].append(item)
        source_groups[slugify(item.source)].append(item)
    # Names that share a page (same slug) share a list, so no source page overwrites another;
    # the list is named after the spelling most items use.
    for group in source_groups.values():
        counts = Counter(item.source for item in group)
        sources[min(counts, key=lambda name: (-counts[name], name))] = group
    return SiteData(issues=issues, items=sorted(visible, key=lambda i: i.id), topics=dict(topics),
                    tags=dict(sorted(tags.items(), key=lambda kv: kv[0].lower())),
                    sources=dict(sorted(sources.items())))


@dataclass(frozen=True)
class Pager:
    """Where a page of a split list stands: links are site-relative paths ('' when there is none)."""

    number: int
    count: int
    total: int  # items in the whole list
    previous: str
    next: str


class SiteWriter:
    def __init__(self, cfg: Config, templates_dir: Path, out_dir: Path, bytecode_dir: Path | None = None):
        self.cfg = cfg
        self.templates_dir = templates_dir
        self.out = out_dir
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            autoescape=True,  # every string from a source is untrusted
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Templates do not change during a build (a new build makes a new writer): without this,
            # every get_template() stats the file again, 26,000 times in a 4,000-item build.
            auto_reload=False,
            # Compiled templates, keyed by name and source checksum: compiling them took a fifth of a
            # small rebuild. Jinja2 checks the checksum, so an edited template is compiled again.
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(bytecode_dir)) if bytecode_dir else None,
        )
        self.env.filters["markdown"] = lambda text: jinja2.utils.markupsafe.Markup(to_html(text))
        self.env.filters["safe_url"] = safe_url  # defence in depth: item files are edited by hand
        self.env.filters["longdate"] = lambda d: f"{d:%B} {d.day}, {d.year}"
        self.env.filters["shortdate"] = lambda d: f"{d:%b} {d.day}"
        self.env.globals.update(
            site=cfg, item_path=urls.item_path, issue_path=urls.issue_path, topic_path=urls.topic_path,
            tag_path=urls.tag_path, source_path=urls.source_path, topic_name=self._topic_name,
            topic_feed_path=urls.topic_feed_path, email_path=urls.issue_email_path,
            date_range=date_range, issue_title=lambda issue: issue_title(cfg, issue), card=self.card,
        )
        self.written: list[str] = []
        self._cards: dict[tuple[int, str, bool, bool], str] = {}

    def card(self, item: Item, root: str, show_topic: bool = True, show_week: bool = False) -> str:
        """The item_card macro of _macros.html, rendered once per item and link depth: an item is
        listed on its issue, topic, source and tag pages, and those lists are most of a build."""
        key = (id(item), root, show_topic, show_week)
        html = self._cards.get(key)
        if html is None:
            macro = self.env.get_template("_macros.html").module.item_card  # type: ignore[attr-defined]
            html = self._cards[key] = macro(item, root, show_topic=show_topic, show_week=show_week)
        return html

    def _topic_name(self, topic_id: str) -> str:
        topic = self.cfg.topic(topic_id)
        return topic.name if topic else (topic_id or "Other")

    def _paged(self, path: str, template: str, items: list[Item], context: dict[str, object]) -> list[Page]:
        """A list page split into pages of `page_size` items. Why: an edit re-renders only the page
        that shows the item, not a list of thousands, and a phone never loads the whole archive."""
        size = self.cfg.page_size or max(len(items), 1)
        chunks = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
        pages = []
        for number, chunk in enumerate(chunks, start=1):
            pager = Pager(number, len(chunks), len(items),
                          urls.numbered(path, number - 1) if number > 1 else "",
                          urls.numbered(path, number + 1) if number < len(chunks) else "")
            title = str(context["title"]) + (f" (page {number})" if number > 1 else "")
            pages.append(Page(urls.numbered(path, number), template,
                              {**context, "items": chunk, "pager": pager, "title": title}))
        return pages

    def plan(self, data: SiteData) -> list[Page]:
        """Every file of the site, in a fixed order; nothing is rendered yet."""
        cfg, issues = self.cfg, data.issues
        pages = [Page("index.html", "index.html", {"latest": issues[0] if issues else None, "issues": issues,
                                                   "title": cfg.title})]
        for index, issue in enumerate(issues):
            newer = issues[index - 1] if index > 0 else None
            older = issues[index + 1] if index + 1 < len(issues) else None
            pages.append(Page(urls.issue_path(issue.week), "issue.html", {
                "issue": issue, "newer": newer, "older": older, "title": issue_title(cfg, issue)}))
        for item in data.items:
            pages.append(Page(urls.item_path(item.id), "item.html", {
                "item": item, "title": item.title, "searchable": True, "og_type": "article"},
                search_shard=search.shard_of(item.date)))
        for topic in cfg.topics:
            pages += self._paged(urls.topic_path(topic.id), "topic.html", data.topics.get(topic.id, []), {
                "topic": topic, "title": topic.name})
        for tag, items in data.tags.items():
            pages += self._paged(urls.tag_path(tag), "list.html", items, {
                "heading": f"Tag: {tag}", "kicker": "Tag", "title": tag})
        for source, items in data.sources.items():
            pages += self._paged(urls.source_path(source), "list.html", items, {
                "heading": source, "kicker": "Source", "title": source})
        pages.append(Page("archive.html", "archive.html", {"issues": issues, "topics": cfg.topics, "data": data,
                                                           "title": "Archive"}))
        if self.cfg.search:
            shards = sorted({page.search_shard for page in pages if page.search_shard}, reverse=True)  # newest first
            pages.append(Page("search.html", "search.html", {"title": "Search", "shards": shards}))
        # A host serves 404.html at any depth, so with a base_url its links and assets are absolute.
        pages.append(Page("404.html", "404.html", {"root": cfg.base_url or "", "title": "Page not found"}))
        for issue in issues:
            email_root = cfg.base_url or urls.root_prefix(urls.issue_email_path(issue.week))
            pages.append(Page(urls.issue_email_path(issue.week), "email.html", {"issue": issue, "root": email_root},
                              layout=False))
            pages.append(Page(urls.issue_email_path(issue.week, "txt"), _EMAIL_TEXT, {"issue": issue}))
        for feed in feeds.site_feeds(cfg, issues):
            pages.append(Page(f"{feed.path}.xml", _ATOM, {"feed": feed}))
            pages.append(Page(f"{feed.path}.json", _JSON_FEED, {"feed": feed}))
        pages.append(Page("sitemap.xml", _SITEMAP, {"pages": [page.path for page in pages]}))
        pages.append(Page("robots.txt", _ROBOTS, {}))
        static = self.templates_dir / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    rel = path.relative_to(static).as_posix()
                    pages.append(Page(f"static/{rel}", _STATIC, {"file": rel}))
        return pages

    def produce(self, page: Page) -> str | bytes:
        """The text (or bytes) of one page."""
        context = page.context
        if page.template == _EMAIL_TEXT:
            return email.plain_text(self.cfg, context["issue"])  # type: ignore[arg-type]
        if page.template == _ATOM:
            return feeds.atom(self.cfg, context["feed"], self.env)  # type: ignore[arg-type]
        if page.template == _JSON_FEED:
            return feeds.json_feed(self.cfg, context["feed"], self.env)  # type: ignore[arg-type]
        if page.template == _SITEMAP:
            return feeds.sitemap(self.cfg, context["pages"])  # type: ignore[arg-type]
        if page.template == _ROBOTS:
            return feeds.robots(self.cfg)
        if page.template == _STATIC:
            return (self.templates_dir / "static" / str(context["file"])).read_bytes()
        if not page.layout:
            return self.env.get_template(page.template).render(**context)
        root = context.get("root", urls.root_prefix(page.path))
        return self.env.get_template(page.template).render(**{**context, "root": root, "page_path": page.path})

    def render_pages(self, pages: list[Page], indices: list[int]) -> list[tuple[int, tuple[int, int]]]:
        """Render and write pages[i] for i in indices; each page's (size, mtime_ns), which the next
        build checks before reusing it."""
        return [(index, _size_and_mtime(write_file(self.out / pages[index].path, self.produce(pages[index]))))
                for index in indices]

    def render(self, data: SiteData, previous: Previous | None = None, global_key: str = "",
               link_kept: bool = True, item_tokens: ItemMemo | None = None) -> RenderResult:
        """Render every page into the output folder, reusing the previous build's unchanged pages
        (hard-linked into the output folder, or with link_kept False left where they are)."""
        self._cards.clear()  # keyed by id(): only valid while this build's items are alive
        pages = self.plan(data)
        fingerprint = Fingerprint(global_key, item_tokens)
        keys = [fingerprint.page(page.path, page.template, page.context) for page in pages]
        stats: dict[str, tuple[str, int, int]] = {}
        todo = []
        for index, (page, key) in enumerate(zip(pages, keys)):
            kept = previous.reuse(page.path, key, self.out if link_kept else None) if previous and global_key else None
            if kept is None:
                todo.append(index)
            else:
                stats[page.path] = (key, *kept)
        for index, stat in self._render_all(pages, todo):
            stats[pages[index].path] = (keys[index], *stat)
        self.written = [page.path for page in pages]
        shards: dict[str, "hashlib._Hash"] = {}
        shard_pages: dict[str, list[str]] = {}
        for page, key in zip(pages, keys):
            if page.search_shard:
                if page.search_shard not in shards:
                    shards[page.search_shard] = hashlib.sha1(global_key.encode())
                shards[page.search_shard].update(f"{page.path}\0{key}\0".encode())
                shard_pages.setdefault(page.search_shard, []).append(page.path)
        return RenderResult(stats=stats, rendered=len(todo),
                            search_keys={shard: digest.hexdigest() for shard, digest in sorted(shards.items())},
                            search_pages=shard_pages)

    def _render_all(self, pages: list[Page], todo: list[int]) -> list[tuple[int, tuple[int, int]]]:
        """Render pages[i] for i in todo; on both cores when there are enough to pay for a fork."""
        render = functools.partial(self.render_pages, pages)
        done = forkpool.map_chunks(render, todo, MIN_PAGES_PER_WORKER)
        return render(todo) if done is None else done


MIN_PAGES_PER_WORKER = 200  # below this, forking costs more than it saves


def issue_title(cfg: Config, issue: Issue) -> str:
    return f"{cfg.title} in W{issue.number}"


def date_range(start: dt.date, end: dt.date) -> str:
    if start.month == end.month:
        return f"{start:%B} {start.day}–{end.day}, {end.year}"
    if start.year == end.year:
        return f"{start:%B} {start.day} – {end:%B} {end.day}, {end.year}"
    return f"{start:%B} {start.day}, {start.year} – {end:%B} {end.day}, {end.year}"


def _size_and_mtime(stat: os.stat_result | None) -> tuple[int, int]:
    """(-1, -1) for a page changed as soon as it was written: it matches no file, so it is rendered again."""
    return (stat.st_size, stat.st_mtime_ns) if stat is not None else (-1, -1)
