import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from digest.build import TEMPLATES_DIR
from digest.config import load_config
from digest.model import Item, Origin
from digest.render import urls
from digest.render.search import build_index
from digest.render.site import SiteWriter, collect
from digest.summarize.issues import build_issues


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def items() -> list[Item]:
    evil = '<script>alert("x")</script>'
    return [
        Item(id=f"item-{n}", title=f"Story {n} {evil if n == 0 else ''}", date=dt.date(2026, 4, 6 + n % 2 * 7),
             source="Show <b>bold</b>", kind="story", body=f"Body {n} <img src=x onerror=alert(1)>",
             summary=f"Summary {n}.", topic="models" if n % 2 else "compute", tags=["Tag A"],
             url="javascript:alert(1)" if n == 1 else "https://example.org/a", origin=Origin("s.txt", n, n))
        for n in range(4)
    ]


def render(tmp_path: Path, **overrides) -> Path:
    cfg = load_config(None, root=tmp_path)
    cfg.lead_items = 1
    for key, value in overrides.items():
        setattr(cfg, key, value)
    its = items()
    issues = build_issues(its, cfg)
    writer = SiteWriter(cfg, TEMPLATES_DIR, tmp_path / "site")
    result = writer.render(collect(its, issues))
    for shard, pages in result.search_pages.items():  # pagefind[bin] is a pinned dependency
        assert build_index(tmp_path / "site", tmp_path / "site" / "pagefind" / shard, pages).built
    return tmp_path / "site"


def test_pages_exist(tmp_path):
    site = render(tmp_path)
    for path in ("index.html", "archive.html", "404.html", "feed.xml", "sitemap.xml", "static/style.css",
                 "issues/2026-W15/index.html", "issues/2026-W16/index.html", "items/item-0.html",
                 "topics/models.html", "topics/compute.html"):
        assert (site / path).is_file(), path
    index = (site / "index.html").read_text()
    assert "What caught my attention in W16" in index  # the latest issue leads the home page
    assert index.index("W16") < index.index("W15")


def test_source_text_is_escaped_everywhere(tmp_path):
    site = render(tmp_path)
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert "<script>" not in text, page
        assert "<img" not in text, page
        assert "<b>bold" not in text, page
        assert 'href="javascript:' not in text, page
    feed = (site / "feed.xml").read_text()
    assert "<script>" not in feed


def test_every_internal_link_is_relative_and_resolves(tmp_path):
    site = render(tmp_path)
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue
        parser = Links()
        parser.feed(page.read_text())
        for link in parser.links:
            if re.match(r"^[a-z]+:", link):
                continue
            assert not link.startswith("/"), f"{page}: root-absolute link {link}"
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.exists(), f"{page}: broken link {link}"


def test_feed_and_sitemap_parse(tmp_path):
    site = render(tmp_path, base_url="https://example.org/d/")
    feed = ET.parse(site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == [
        "What caught my attention in W16 (2026)", "What caught my attention in W15 (2026)"]
    assert entries[0].find("a:link", ns).get("href") == "https://example.org/d/issues/2026-W16/index.html"
    urls = [u.text for u in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/d/index.html" in urls and all(u.startswith("https://example.org/d/") for u in urls)


def test_long_lists_are_split_into_linked_pages(tmp_path):
    site = render(tmp_path, page_size=3)
    # The source lists all four items: page 1 at the usual path, page 2 in a folder beside it.
    first = site / urls.source_path("Show <b>bold</b>")
    second = first.with_suffix("") / "2.html"
    one, two = first.read_text(), second.read_text()
    assert one.count('class="item"') == 3 and two.count('class="item"') == 1
    assert "4 items" in one and "Page 1 of 2" in one and "Page 2 of 2" in two
    assert f'rel="next" href="../sources/{first.stem}/2.html"' in one
    assert f'rel="prev" href="../../sources/{first.name}"' in two
    assert 'href="../../static/style.css"' in two  # deeper page, links still relative to the root
    shown = set(re.findall(r'<article class="item" id="([^"]+)"', one + two))
    assert shown == {f"item-{n}" for n in range(4)}
    # page_size 0: one page, no pager
    whole = render(tmp_path / "whole", page_size=0)
    assert not list((whole / "sources").glob("*/2.html"))
    assert "Page 1 of" not in next((whole / "sources").glob("*.html")).read_text()


def test_feeds_hold_only_the_newest_issues(tmp_path):
    site = render(tmp_path, feed_issues=1)
    feed = ET.parse(site / "feed.xml").getroot()
    titles = [e.find("{http://www.w3.org/2005/Atom}title").text for e in feed.findall("{http://www.w3.org/2005/Atom}entry")]
    assert titles == ["What caught my attention in W16 (2026)"]


def test_a_background_index_stops_when_it_is_no_longer_wanted(tmp_path):
    site = render(tmp_path)
    pages = [p.relative_to(site).as_posix() for p in (site / "items").glob("*.html")]
    result = build_index(site, tmp_path / "bundle", pages, lambda: True)  # a newer build has begun
    assert not result.built and "newer build" in result.message
    assert not (tmp_path / "bundle" / "pagefind-entry.json").exists()
    assert not (tmp_path / ".bundle.pages").exists()  # its scratch folder is gone
    assert build_index(site, tmp_path / "bundle2", pages, lambda: False).built  # in the background, to the end
