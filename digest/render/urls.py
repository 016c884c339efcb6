"""Every page's location in site/, and relative links between them (so site/ works under any
sub-path and opened straight from disk: links name index.html explicitly)."""

from __future__ import annotations

from digest.text import slugify


def issue_path(week: str) -> str:
    return f"issues/{week}/index.html"


def issue_email_path(week: str, ext: str = "html") -> str:
    return f"issues/{week}/email.{ext}"


def topic_feed_path(topic_id: str) -> str:
    """Without extension: the Atom feed adds .xml, the JSON Feed .json."""
    return f"topics/{slugify(topic_id)}"


def item_path(item_id: str) -> str:
    return f"items/{slugify(item_id, 120)}.html"


def topic_path(topic_id: str) -> str:
    return f"topics/{slugify(topic_id)}.html"


def tag_path(tag: str) -> str:
    return f"tags/{slugify(tag)}.html"


def source_path(source: str) -> str:
    return f"sources/{slugify(source)}.html"


def root_prefix(page: str) -> str:
    """The relative prefix from a page back to the site root ('' for index.html, '../' one level down)."""
    return "../" * page.count("/")


def numbered(path: str, page: int) -> str:
    """Page `page` of a list page: page 1 is the path itself, page 2 of topics/x.html is topics/x/2.html
    (a folder no slug can name, since slugs never hold '/')."""
    return path if page <= 1 else f"{path.removesuffix('.html')}/{page}.html"
