"""The plain-text email edition of an issue: ready to paste into any newsletter service.

Plain text is not escaped, so anything that looks like an HTML tag is dropped: a newsletter
service that treats the paste as HTML must not receive a working <script> from a source."""

from __future__ import annotations

import re

from digest.config import Config
from digest.links import safe_url
from digest.model import Issue, Item
from digest.render import urls

_TAG_RE = re.compile(r"</?[A-Za-z!/?][^<>]*>?")


def clean(text: str) -> str:
    """Source text with markup removed and whitespace kept readable."""
    return _TAG_RE.sub("", text or "").replace("<", "‹").strip()


WIDTH = 72


def _wrap(text: str, indent: str) -> list[str]:
    out: list[str] = []
    for para in clean(text).split("\n\n"):
        out += fill(para.split(), indent)
        out.append("")
    return out


def fill(words: list[str], indent: str, width: int = WIDTH) -> list[str]:
    """Lines of at most `width` characters, each word on the first line it fits, none ever broken:
    a URL or a hyphenated name stays whole (a word longer than a line gets a line of its own).
    textwrap.wrap with break_on_hyphens and break_long_words off gives the same, five times slower."""
    lines: list[str] = []
    line: list[str] = []
    length = len(indent)
    for word in words:
        if line and length + 1 + len(word) > width:
            lines.append(indent + " ".join(line))
            line, length = [], len(indent)
        length += len(word) + (1 if line else 0)
        line.append(word)
    if line:
        lines.append(indent + " ".join(line))
    return lines or [""]


def _link(cfg: Config, path: str) -> str:
    return f"{cfg.base_url}{path}" if cfg.base_url else path


def _item(cfg: Config, number: str, item: Item) -> list[str]:
    lines = [f"{number} {clean(item.title)}", f"   {clean(item.source)}, {item.date:%B} {item.date.day}, {item.date.year}"]
    lines.append("")
    if item.summary:
        lines += _wrap(item.summary, "   ")
    if item.take:
        lines += _wrap(f"My take: {item.take}", "   ")
    if safe_url(item.url):
        lines.append(f"   Source: {safe_url(item.url)}")
    if item.also_in:
        lines.append("   Also in: " + ", ".join(_also(entry) for entry in item.also_in))
    if cfg.base_url:
        lines.append(f"   Read more: {_link(cfg, urls.item_path(item.id))}")
    lines.append("")
    return lines


def _also(entry: dict[str, str]) -> str:
    """'Latent Space (https://...)': another source of a merged story, its URL only if http(s)."""
    url = safe_url(entry.get("url", ""))
    return f"{clean(entry.get('source', ''))} ({url})" if url else clean(entry.get("source", ""))


def plain_text(cfg: Config, issue: Issue) -> str:
    from digest.render.site import date_range, issue_title

    title = f"{issue_title(cfg, issue)} ({issue.year})"
    lines = [title, "=" * len(title), date_range(issue.start, issue.end), ""]
    if issue.lede:
        lines += _wrap(issue.lede, "")
    for n, item in enumerate(issue.lead, 1):
        lines += _item(cfg, f"{n}.", item)
    for section in issue.sections:
        heading = clean(section.title)
        lines += [heading, "-" * len(heading), ""]
        for item in section.items:
            lines += _item(cfg, "*", item)
    if cfg.base_url:
        lines += [f"Read this issue on the web: {_link(cfg, urls.issue_path(issue.week))}", ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
