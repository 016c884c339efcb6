"""Issue 8.5: hostile source text is escaped or dropped in every file the build writes."""

import gzip
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from digest.build import build
from digest.config import load_config

HOSTILE = '''---
title: 'Chips <script>alert("title")</script> <img src=x onerror=alert(1)>'
date: 2026-04-08
source: '<svg onload=alert(2)>Evil Weekly</svg>'
url: 'javascript:alert(3)'
summary: 'Summary <iframe src="https://evil.example/"></iframe> [click](javascript:alert(4)) chips and gpus.'
take: '"><script>alert(5)</script>'
tags: ['<b onmouseover=alert(6)>tag</b>', gpus]
topic: compute
---
Raw HTML in Markdown: <script>alert(7)</script> and <a href="javascript:alert(8)">a link</a>.

<div onclick="alert(9)">block html</div>

[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4=) and ![img](javascript:alert(11))
and [vb](vbscript:msgbox) and a fine [link](https://example.org/ok).
'''

DANGEROUS_TAGS = {"script", "iframe", "img", "svg", "object", "embed", "style", "base", "form", "meta", "link"}
# Markup the templates themselves use: their own scripts, stylesheet links, meta tags and the search form.
OWN = {"script": ("src",), "link": ("rel",), "meta": ("charset", "name", "property"), "form": ("role",)}


class Scanner(HTMLParser):
    def __init__(self, where: str):
        super().__init__(convert_charrefs=True)
        self.where = where
        self.bad: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag in DANGEROUS_TAGS and not (tag in OWN and names & set(OWN[tag])):
            self.bad.append(f"{self.where}: <{tag} {attrs}>")
        if tag == "script":
            self.in_script = True
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"{self.where}: event handler {name}={value!r}")
            if name in ("href", "src", "action") and value and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                self.bad.append(f"{self.where}: {name}={value!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.bad.append(f"{self.where}: inline script {data[:40]!r}")


def scan_html(html: str, where: str) -> list[str]:
    scanner = Scanner(where)
    scanner.feed(html)
    scanner.close()
    return scanner.bad


def test_hostile_native_item_is_harmless_in_every_output(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    cfg = load_config(None, root=tmp_path)
    cfg.base_url = "https://example.org/d/"
    result = build(cfg)
    assert result.items and "Chips" in result.items[0].title  # the item was built, not dropped
    site = cfg.output_dir
    bad: list[str] = []
    scanned = 0
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = str(path.relative_to(site))
        if rel.startswith("pagefind/") and path.suffix in (".js", ".css", ".pagefind"):
            continue  # Pagefind's own code, not built from sources
        scanned += 1
        if path.suffix == ".pf_fragment" or path.suffix == ".pf_meta" or path.suffix == ".pf_index":
            text = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
            if path.suffix == ".pf_fragment":
                # The index holds plain text (what a reader sees); Pagefind's client escapes it before
                # showing excerpts (checked below) and the UI shows titles as text.
                fragment = json.loads(text[text.index("{"):])
                assert fragment["url"].startswith("/items/") and re.fullmatch(r"[/a-z0-9.\-]+", fragment["url"]), rel
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            bad += scan_html(text, rel)
        elif path.suffix == ".xml":
            root = ET.fromstring(text)
            for element in root.iter():
                if element.tag.endswith("content") and element.text:
                    bad += scan_html(element.text, rel)
        elif path.suffix == ".json":
            assert "<" not in text, rel
            feed = json.loads(text)
            for entry in feed.get("items", []):
                bad += scan_html(entry["content_html"], rel)
        elif path.suffix == ".txt":
            bad += [f"{rel}: markup {m.group(0)!r}" for m in re.finditer(r"<[a-zA-Z/!][^>]*>?", text)]
            bad += [f"{rel}: unsafe link {line!r}" for line in text.splitlines()
                    if re.match(r"\s*(Source|Read more):", line) and not re.search(r": https?://", line)]
    assert scanned > 10
    pagefind_js = next((site / "pagefind").glob("*/pagefind.js")).read_text()
    assert 'content.replace(/</g,"&lt;")' in pagefind_js  # excerpts are built from escaped text
    assert not bad, "\n".join(bad)
    # The text is still there for a reader, escaped: nothing a person wrote is lost.
    item_page = next((site / "items").glob("*.html")).read_text()
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in item_page or "&lt;script&gt;alert(" in item_page
    assert 'href="https://example.org/ok"' in item_page
