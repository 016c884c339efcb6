"""Atom and JSON Feed 1.1 (an entry per weekly issue, for the whole site and per topic), sitemap.xml
and robots.txt. Dates come from the issues, never the clock, so rebuilds are byte-identical."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from digest.model import Issue, Item
from digest.render import urls

if TYPE_CHECKING:
    import jinja2

    from digest.config import Config


@dataclass
class FeedEntry:
    """One issue as a feed entry: the items it carries (all of them, or one topic's)."""

    issue: Issue
    items: list[Item]


@dataclass
class Feed:
    path: str  # without extension: "feed" or "topics/models"
    title: str
    description: str
    entries: list[FeedEntry]


def absolute(cfg: Config, path: str) -> str:
    return f"{cfg.base_url}{path}" if cfg.base_url else path


def _timestamp(issue: Issue) -> str:
    return f"{issue.end.isoformat()}T00:00:00Z"


def site_feeds(cfg: Config, issues: list[Issue]) -> list[Feed]:
    """The main feed plus one per topic; a topic feed carries only that topic's items of each week.
    Each holds the newest `feed_issues` issues (issues come newest first)."""
    issues = issues[: cfg.feed_issues]
    feeds = [Feed("feed", cfg.title, cfg.description, [FeedEntry(i, i.items) for i in issues])]
    for topic in cfg.topics:
        entries = []
        for issue in issues:
            chosen = [item for item in issue.items if item.topic == topic.id]
            if chosen:
                entries.append(FeedEntry(issue, chosen))
        feeds.append(Feed(urls.topic_feed_path(topic.id), f"{cfg.title}: {topic.name}", topic.description, entries))
    return feeds


def _entry_html(entry: FeedEntry, cfg: Config, env: jinja2.Environment) -> str:
    return env.get_template("feed_entry.html").render(issue=entry.issue, items=entry.items, base=cfg.base_url, root="")


def _entry_summary(entry: FeedEntry) -> str:
    return entry.issue.lede or ", ".join(item.title for item in entry.items[:7])


def _entry_id(cfg: Config, feed: Feed, entry: FeedEntry) -> str:
    link = absolute(cfg, urls.issue_path(entry.issue.week))
    suffix = "" if feed.path == "feed" else f"#{feed.path}"
    return link + suffix if cfg.base_url else f"urn:digest:{feed.path.replace('/', ':')}:{entry.issue.week}"


def atom(cfg: Config, feed: Feed, env: jinja2.Environment) -> str:
    self_path = f"{feed.path}.xml"
    feed_id = absolute(cfg, self_path) if cfg.base_url else f"urn:digest:{feed.path.replace('/', ':')}"
    updated = _timestamp(feed.entries[0].issue) if feed.entries else "1970-01-01T00:00:00Z"
    home = "index.html" if feed.path == "feed" else urls.topic_path(feed.path.split("/")[-1])
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(cfg.language)}>',
        f"  <title>{escape(feed.title)}</title>",
        f"  <subtitle>{escape(feed.description)}</subtitle>",
        f"  <id>{escape(feed_id)}</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(cfg.author)}</name></author>",
        f'  <link rel="self" href={quoteattr(absolute(cfg, self_path))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(absolute(cfg, home))}/>',
    ]
    for entry in feed.entries:
        issue = entry.issue
        lines += [
            "  <entry>",
            f"    <title>{escape(env.globals['issue_title'](issue))} ({issue.year})</title>",
            f"    <id>{escape(_entry_id(cfg, feed, entry))}</id>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(absolute(cfg, urls.issue_path(issue.week)))}/>',
            f"    <updated>{_timestamp(issue)}</updated>",
            f"    <summary>{escape(_entry_summary(entry))}</summary>",
            f'    <content type="html">{escape(_entry_html(entry, cfg, env))}</content>',
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def json_feed(cfg: Config, feed: Feed, env: jinja2.Environment) -> str:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1); json.dumps escapes '<' so it is safe inline too."""
    home = "index.html" if feed.path == "feed" else urls.topic_path(feed.path.split("/")[-1])
    data: dict = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "description": feed.description,
        "home_page_url": absolute(cfg, home),
        "feed_url": absolute(cfg, f"{feed.path}.json"),
        "language": cfg.language,
        "authors": [{"name": cfg.author}],
        "items": [],
    }
    for entry in feed.entries:
        issue = entry.issue
        data["items"].append({
            "id": _entry_id(cfg, feed, entry),
            "url": absolute(cfg, urls.issue_path(issue.week)),
            "title": f"{env.globals['issue_title'](issue)} ({issue.year})",
            "summary": _entry_summary(entry),
            "content_html": _entry_html(entry, cfg, env),
            "date_published": _timestamp(issue),
            "tags": sorted({item.topic for item in entry.items if item.topic}),
        })
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    # '<', '>' and '&' as \u escapes: valid JSON, and no markup even if a client sniffs it as HTML.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def sitemap(cfg: Config, pages: list[str]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    skip = {"404.html", "search.html"}  # utility pages; email.html duplicates its issue page
    for path in sorted(p for p in pages if p.endswith(".html") and p not in skip and not p.endswith("/email.html")):
        lines.append(f"  <url><loc>{escape(absolute(cfg, path))}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(cfg: Config) -> str:
    """robots.txt must name the sitemap by absolute URL; without base_url it can only allow all."""
    text = "User-agent: *\nAllow: /\n"
    return text + (f"\nSitemap: {cfg.base_url}sitemap.xml\n" if cfg.base_url else "")
