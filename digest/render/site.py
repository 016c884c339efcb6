"""Write the site: every page is a Jinja2 template rendered with autoescape into an output folder."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import jinja2

from digest.config import Config
from digest.model import Issue, Item
from digest.render import email, feeds, urls
from digest.links import safe_url
from digest.render.markdown import to_html
from digest.text import slugify


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


class SiteWriter:
    def __init__(self, cfg: Config, templates_dir: Path, out_dir: Path):
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
        )
        self.env.filters["markdown"] = lambda text: jinja2.utils.markupsafe.Markup(to_html(text))
        self.env.filters["safe_url"] = safe_url  # defence in depth: item files are edited by hand
        self.env.filters["longdate"] = lambda d: f"{d:%B} {d.day}, {d.year}"
        self.env.filters["shortdate"] = lambda d: f"{d:%b} {d.day}"
        self.env.globals.update(
            site=cfg, item_path=urls.item_path, issue_path=urls.issue_path, topic_path=urls.topic_path,
            tag_path=urls.tag_path, source_path=urls.source_path, topic_name=self._topic_name,
            topic_feed_path=urls.topic_feed_path, email_path=urls.issue_email_path,
            date_range=date_range, issue_title=lambda issue: issue_title(cfg, issue),
        )
        self.written: list[str] = []

    def _topic_name(self, topic_id: str) -> str:
        topic = self.cfg.topic(topic_id)
        return topic.name if topic else (topic_id or "Other")

    def page(self, path: str, template: str, root: str | None = None, **context: object) -> None:
        root = urls.root_prefix(path) if root is None else root
        html = self.env.get_template(template).render(root=root, page_path=path, **context)
        self.write(path, html)

    def write(self, path: str, text: str) -> None:
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.written.append(path)

    def render(self, data: SiteData) -> None:
        issues = data.issues
        latest = issues[0] if issues else None
        self.page("index.html", "index.html", latest=latest, issues=issues, title=self.cfg.title)
        for index, issue in enumerate(issues):
            newer = issues[index - 1] if index > 0 else None
            older = issues[index + 1] if index + 1 < len(issues) else None
            self.page(urls.issue_path(issue.week), "issue.html", issue=issue, newer=newer, older=older,
                      title=issue_title(self.cfg, issue))
        for item in data.items:
            self.page(urls.item_path(item.id), "item.html", item=item, title=item.title,
                      searchable=True, og_type="article")
        for topic in self.cfg.topics:
            self.page(urls.topic_path(topic.id), "topic.html", topic=topic,
                      items=data.topics.get(topic.id, []), title=topic.name)
        for tag, items in data.tags.items():
            self.page(urls.tag_path(tag), "list.html", heading=f"Tag: {tag}", kicker="Tag", items=items, title=tag)
        for source, items in data.sources.items():
            self.page(urls.source_path(source), "list.html", heading=source, kicker="Source", items=items, title=source)
        self.page("archive.html", "archive.html", issues=issues, topics=self.cfg.topics, data=data, title="Archive")
        self.page("search.html", "search.html", title="Search")
        # A host serves 404.html at any depth, so with a base_url its links and assets are absolute.
        self.page("404.html", "404.html", root=self.cfg.base_url or "", title="Page not found")
        for issue in issues:
            email_root = self.cfg.base_url or urls.root_prefix(urls.issue_email_path(issue.week))
            html = self.env.get_template("email.html").render(issue=issue, root=email_root)
            self.write(urls.issue_email_path(issue.week), html)
            self.write(urls.issue_email_path(issue.week, "txt"), email.plain_text(self.cfg, issue))
        for feed in feeds.site_feeds(self.cfg, issues):
            self.write(f"{feed.path}.xml", feeds.atom(self.cfg, feed, self.env))
            self.write(f"{feed.path}.json", feeds.json_feed(self.cfg, feed, self.env))
        self.write("sitemap.xml", feeds.sitemap(self.cfg, self.written))
        self.write("robots.txt", feeds.robots(self.cfg))
        static = self.templates_dir / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    target = self.out / "static" / path.relative_to(static)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target)


def issue_title(cfg: Config, issue: Issue) -> str:
    return f"{cfg.title} in W{issue.number}"


def date_range(start: dt.date, end: dt.date) -> str:
    if start.month == end.month:
        return f"{start:%B} {start.day}–{end.day}, {end.year}"
    if start.year == end.year:
        return f"{start:%B} {start.day} – {end:%B} {end.day}, {end.year}"
    return f"{start:%B} {start.day}, {start.year} – {end:%B} {end.day}, {end.year}"
