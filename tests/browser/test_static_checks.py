"""Every page of the built site: internal links resolve and are never root-absolute, and the
HTML parses with html5lib in strict mode (any parse error fails)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import html5lib
import pytest


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links += [value for name, value in attrs if name in ("href", "src", "action") and value]


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_every_internal_link_resolves(built_site):
    checked = 0
    for page in pages(built_site):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if re.match(r"^[a-z][a-z0-9+.-]*:", link) or link.startswith("#"):
                continue
            where = f"{page.relative_to(built_site)}: {link}"
            assert not link.startswith("/"), f"root-absolute link {where}"
            target = (page.parent / link.split("#")[0].split("?")[0]).resolve()
            assert target.exists() and built_site.resolve() in target.parents, f"broken link {where}"
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("strict", [True])
def test_html_parses_without_errors(built_site, strict):
    parser = html5lib.HTMLParser(strict=strict)
    for page in pages(built_site):
        try:
            parser.parse(page.read_bytes())
        except html5lib.html5parser.ParseError as exc:
            pytest.fail(f"{page.relative_to(built_site)}: {exc}")
