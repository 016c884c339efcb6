"""The same archive written as a digest project, a Hugo site, a Pelican site and an Eleventy site.

Each anchor gets a minimal template set: a page per item, a list page per ISO week and a home
page linking every week, so all four do comparable work (digest also writes topic, tag and source
pages, an archive, a feed and a sitemap, which only counts against it).
"""

from __future__ import annotations

import json
from pathlib import Path

from corpus import Item


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # JSON strings are valid YAML scalars


def _frontmatter(item: Item, extra: dict[str, str]) -> str:
    lines = ["---", f"title: {_yaml_str(item.title)}", f"date: {item.date.isoformat()}",
             f"summary: {_yaml_str(item.summary)}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    lines.append("---")
    return "\n".join(lines) + "\n\n" + item.body + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def item_path(tool: str, root: Path, item: Item) -> Path:
    return {
        "digest": root / "sources" / f"{item.slug}.md",
        "digest-nosearch": root / "sources" / f"{item.slug}.md",
        "hugo": root / "content" / "posts" / f"{item.slug}.md",
        "pelican": root / "content" / f"{item.slug}.md",
        "eleventy": root / "posts" / f"{item.slug}.md",
    }[tool]


def write_digest(root: Path, items: list[Item]) -> None:
    _write(root / "digest.yaml", "title: Bench\nbase_url: https://example.org/\n"
           "sources_dir: sources\nitems_dir: items\noutput_dir: site\n")
    for item in items:
        _write(item_path("digest", root, item), _frontmatter(item, {
            "topic": item.topic, "tags": json.dumps(item.tags), "source": "Bench", "kind": "note",
        }))


def write_hugo(root: Path, items: list[Item]) -> None:
    _write(root / "hugo.toml", "\n".join([
        'baseURL = "https://example.org/"', 'title = "Bench"',
        'disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]',
        "[taxonomies]", '  week = "weeks"', ""]))
    base = ("<!doctype html><html><head><meta charset=utf-8><title>{{ .Title }}</title></head>"
            "<body><header><a href=\"/\">Bench</a></header>{{ block \"main\" . }}{{ end }}</body></html>\n")
    _write(root / "layouts" / "_default" / "baseof.html", base)
    _write(root / "layouts" / "_default" / "single.html",
           '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }} · '
           '{{ .Params.topic }}</p><p class=summary>{{ .Summary }}</p>{{ .Content }}</article>{{ end }}\n')
    _write(root / "layouts" / "_default" / "list.html",
           '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
           '{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul>{{ end }}\n')
    _write(root / "layouts" / "_default" / "terms.html",
           '{{ define "main" }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>'
           '{{ end }}</ul>{{ end }}\n')
    _write(root / "layouts" / "index.html",
           '{{ define "main" }}<h1>Weeks</h1><ul>{{ range .Site.Taxonomies.weeks.ByCount }}<li>'
           '<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n')
    for item in items:
        _write(item_path("hugo", root, item), _frontmatter(item, {
            "topic": item.topic, "weeks": json.dumps([item.week])}))


def write_pelican(root: Path, items: list[Item]) -> None:
    _write(root / "pelicanconf.py", "\n".join([
        'SITENAME = "Bench"', 'SITEURL = ""', 'PATH = "content"', 'THEME = "theme"', "TIMEZONE = 'UTC'",
        "DEFAULT_PAGINATION = False", "RELATIVE_URLS = True", "DIRECT_TEMPLATES = ['index']",
        "FEED_ALL_ATOM = None", "CATEGORY_FEED_ATOM = None", "TRANSLATION_FEED_ATOM = None",
        "AUTHOR_FEED_ATOM = None", "AUTHOR_FEED_RSS = None",
        "TAG_SAVE_AS = ''", "TAGS_SAVE_AS = ''", "AUTHOR_SAVE_AS = ''", "AUTHORS_SAVE_AS = ''",
        "CATEGORIES_SAVE_AS = ''", "ARCHIVES_SAVE_AS = ''", "YEAR_ARCHIVE_SAVE_AS = ''",
        "MONTH_ARCHIVE_SAVE_AS = ''", "DAY_ARCHIVE_SAVE_AS = ''", "PAGE_SAVE_AS = ''",
        "ARTICLE_URL = 'posts/{slug}/'", "ARTICLE_SAVE_AS = 'posts/{slug}/index.html'",
        "CATEGORY_URL = 'weeks/{slug}/'", "CATEGORY_SAVE_AS = 'weeks/{slug}/index.html'",
        "STATIC_PATHS = []", "CACHE_CONTENT = False", ""]))
    templates = root / "theme" / "templates"
    _write(templates / "base.html",
           "<!doctype html><html><head><meta charset=utf-8><title>{% block title %}{{ SITENAME }}{% endblock %}"
           "</title></head><body><header><a href=\"{{ SITEURL }}/\">Bench</a></header>{% block content %}"
           "{% endblock %}</body></html>\n")
    _write(templates / "article.html",
           '{% extends "base.html" %}{% block title %}{{ article.title }}{% endblock %}{% block content %}'
           '<article><h1>{{ article.title }}</h1><p>{{ article.date.strftime("%Y-%m-%d") }} · {{ article.topic }}'
           '</p><p class=summary>{{ article.summary }}</p>{{ article.content }}</article>{% endblock %}\n')
    _write(templates / "category.html",
           '{% extends "base.html" %}{% block content %}<h1>{{ category }}</h1><ul>{% for a in articles %}'
           '<li><a href="{{ SITEURL }}/{{ a.url }}">{{ a.title }}</a> {{ a.summary }}</li>{% endfor %}</ul>'
           '{% endblock %}\n')
    _write(templates / "index.html",
           '{% extends "base.html" %}{% block content %}<h1>Weeks</h1><ul>{% for cat, arts in categories %}'
           '<li><a href="{{ SITEURL }}/{{ cat.url }}">{{ cat }}</a> ({{ arts|length }})</li>{% endfor %}</ul>'
           '{% endblock %}\n')
    _write(templates / "page.html", '{% extends "base.html" %}{% block content %}{{ page.content }}{% endblock %}\n')
    for item in items:
        header = [f"Title: {item.title}", f"Date: {item.date.isoformat()}", f"Summary: {item.summary}",
                  f"Category: {item.week}", f"Topic: {item.topic}", f"Slug: {item.slug}"]
        _write(item_path("pelican", root, item), "\n".join(header) + "\n\n" + item.body + "\n")


def write_eleventy(root: Path, items: list[Item]) -> None:
    _write(root / "eleventy.config.cjs", """module.exports = function (cfg) {
  cfg.addCollection("weeks", (api) => {
    const byWeek = new Map();
    for (const p of api.getFilteredByGlob("posts/*.md")) {
      const w = p.data.week;
      if (!byWeek.has(w)) byWeek.set(w, []);
      byWeek.get(w).push(p);
    }
    return [...byWeek.keys()].sort().map((week) => ({ week, items: byWeek.get(week) }));
  });
  return { dir: { input: ".", includes: "_includes", output: "_site" }, templateFormats: ["md", "njk"] };
};
""")
    _write(root / "_includes" / "base.njk",
           "<!doctype html><html><head><meta charset=utf-8><title>{{ title }}</title></head><body>"
           "<header><a href=\"/\">Bench</a></header>{{ content | safe }}</body></html>\n")
    _write(root / "_includes" / "item.njk",
           "---\nlayout: base.njk\n---\n<article><h1>{{ title }}</h1><p>{{ page.date.toISOString().slice(0, 10) }}"
           " · {{ topic }}</p><p class=summary>{{ summary }}</p>{{ content | safe }}</article>\n")
    _write(root / "posts" / "posts.json", json.dumps({"layout": "item.njk", "permalink": "/posts/{{ page.fileSlug }}/"}))
    _write(root / "weeks.njk",
           "---\npagination:\n  data: collections.weeks\n  size: 1\n  alias: w\npermalink: \"/weeks/{{ w.week }}/\"\n"
           "layout: base.njk\n---\n<h1>{{ w.week }}</h1><ul>{% for p in w.items %}<li><a href=\"{{ p.url }}\">"
           "{{ p.data.title }}</a> {{ p.data.summary }}</li>{% endfor %}</ul>\n")
    _write(root / "index.njk",
           "---\nlayout: base.njk\ntitle: Bench\n---\n<h1>Weeks</h1><ul>{% for w in collections.weeks %}<li>"
           "<a href=\"/weeks/{{ w.week }}/\">{{ w.week }}</a> ({{ w.items.length }})</li>{% endfor %}</ul>\n")
    for item in items:
        _write(item_path("eleventy", root, item), _frontmatter(item, {"topic": item.topic, "week": item.week}))


def write_digest_nosearch(root: Path, items: list[Item]) -> None:
    """digest without the Pagefind index, which none of the anchors builds."""
    write_digest(root, items)
    with (root / "digest.yaml").open("a", encoding="utf-8") as config:
        config.write("search: false\n")


WRITERS = {"digest": write_digest, "digest-nosearch": write_digest_nosearch, "hugo": write_hugo,
           "pelican": write_pelican, "eleventy": write_eleventy}
