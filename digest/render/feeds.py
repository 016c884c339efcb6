"""Atom feed (an entry per weekly issue) and sitemap.xml. Dates come from the issues, never the
clock, so two builds of the same inputs are byte-identical."""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from digest.model import Issue
from digest.render import urls

if TYPE_CHECKING:
    import jinja2

    from digest.config import Config


def _absolute(cfg: Config, path: str) -> str:
    return f"{cfg.base_url}{path}" if cfg.base_url else path


def _timestamp(issue: Issue) -> str:
    return f"{issue.end.isoformat()}T00:00:00Z"


def atom(cfg: Config, issues: list[Issue], env: jinja2.Environment) -> str:
    feed_id = _absolute(cfg, "feed.xml") if cfg.base_url else "urn:digest:feed"
    updated = _timestamp(issues[0]) if issues else "1970-01-01T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(cfg.language)}>',
        f"  <title>{escape(cfg.title)}</title>",
        f"  <subtitle>{escape(cfg.description)}</subtitle>",
        f"  <id>{escape(feed_id)}</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(cfg.author)}</name></author>",
        f'  <link rel="self" href={quoteattr(_absolute(cfg, "feed.xml"))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(_absolute(cfg, "index.html"))}/>',
    ]
    template = env.get_template("feed_entry.html")
    for issue in issues:
        link = _absolute(cfg, urls.issue_path(issue.week))
        content = template.render(issue=issue, base=cfg.base_url, root="")
        entry_id = link if cfg.base_url else f"urn:digest:issue:{issue.week}"
        lines += [
            "  <entry>",
            f"    <title>{escape(env.globals['issue_title'](issue))} ({issue.year})</title>",
            f"    <id>{escape(entry_id)}</id>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
            f"    <updated>{_timestamp(issue)}</updated>",
            f"    <summary>{escape(issue.lede or ', '.join(item.title for item in issue.lead))}</summary>",
            f'    <content type="html">{escape(content)}</content>',
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def sitemap(cfg: Config, pages: list[str]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in sorted(p for p in pages if p.endswith(".html") and p != "404.html"):
        lines.append(f"  <url><loc>{escape(_absolute(cfg, path))}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
