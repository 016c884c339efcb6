import dataclasses
import re

from digest.build import TEMPLATES_DIR
from digest.config import load_config
from digest.render import urls
from digest.render.site import SiteWriter, collect
from digest.summarize.issues import build_issues
from tests.render.test_site import items, render

BASE = "https://example.org/d/"


def test_meta_lang_canonical_and_open_graph(tmp_path):
    site = render(tmp_path, base_url=BASE, language="de")
    page = (site / "items/item-2.html").read_text()
    assert '<html lang="de">' in page
    assert f'<link rel="canonical" href="{BASE}items/item-2.html">' in page
    assert f'<meta property="og:url" content="{BASE}items/item-2.html">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Story 2 ">' in page
    assert re.search(r'<meta name="description" content="Summary 2\.">', page)
    issue = (site / "issues/2026-W15/index.html").read_text()
    assert '<meta property="og:type" content="website">' in issue
    sitemap = (site / "sitemap.xml").read_text()
    assert f"<loc>{BASE}items/item-2.html</loc>" in sitemap and f"<loc>{BASE}topics/models.html</loc>" in sitemap
    assert "/email.html" not in sitemap and f"{BASE}404.html" not in sitemap and f"{BASE}search.html" not in sitemap
    robots = (site / "robots.txt").read_text()
    assert f"Sitemap: {BASE}sitemap.xml" in robots


def test_no_canonical_without_base_url(tmp_path):
    site = render(tmp_path)
    page = (site / "index.html").read_text()
    assert 'rel="canonical"' not in page and "og:url" not in page
    assert '<html lang="en">' in page
    assert "Sitemap:" not in (site / "robots.txt").read_text()


def test_sources_whose_names_share_a_slug_share_a_page():
    its = items()
    its[0] = dataclasses.replace(its[0], source="show <B>BOLD</B>")  # same slug as "Show <b>bold</b>"
    data = collect(its, [])  # named after the spelling most items use
    assert list(data.sources) == ["Show <b>bold</b>"]
    assert len(data.sources["Show <b>bold</b>"]) == 4


def test_navigation_between_issues_and_item_counts(tmp_path):
    site = render(tmp_path)
    newer = (site / "issues/2026-W16/index.html").read_text()
    older = (site / "issues/2026-W15/index.html").read_text()
    assert 'rel="prev" href="../../issues/2026-W15/index.html"' in newer and 'rel="next"' not in newer
    assert 'rel="next" href="../../issues/2026-W16/index.html"' in older
    archive = (site / "archive.html").read_text()
    assert archive.count("2 items") == 2
    assert 'aria-label="Breadcrumb"' in older


def test_lede_is_rendered_when_present(tmp_path):
    from digest.build import TEMPLATES_DIR
    from digest.config import load_config
    from digest.render.site import SiteWriter
    from digest.summarize.issues import build_issues

    cfg = load_config(None, root=tmp_path)
    its = items()
    issues = build_issues(its, cfg)
    issues[0].lede = "A week of <em>chips</em>."
    SiteWriter(cfg, TEMPLATES_DIR, tmp_path / "site").render(collect(its, issues))
    page = (tmp_path / "site" / "issues" / issues[0].week / "index.html").read_text()
    assert '<p class="lede">A week of &lt;em&gt;chips&lt;/em&gt;.</p>' in page


def test_search_box_everywhere_and_index_built(tmp_path):
    site = render(tmp_path)
    for page in ("index.html", "items/item-0.html", "issues/2026-W15/index.html"):
        text = (site / page).read_text()
        assert 'role="search"' in text and 'search.html"' in text
    search = (site / "search.html").read_text()
    assert 'href="archive.html"' in search  # the JavaScript-off fallback
    bundle = site / "pagefind" / "2026-q2"  # one index per quarter of item dates; all four are in April
    assert [p.name for p in (site / "pagefind").iterdir()] == ["2026-q2"]
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-ui.js").is_file()
    assert list(bundle.glob("pagefind-entry.json"))
    assert len(list((bundle / "fragment").glob("*.pf_fragment"))) == 4  # one per item page
    assert 'data-bundles="2026-q2"' in search and 'src="pagefind/2026-q2/pagefind-ui.js"' in search
    assert "data-pagefind-body" in (site / "items/item-0.html").read_text()
    assert "data-pagefind-body" not in (site / "issues/2026-W15/email.html").read_text()


def test_email_edition(tmp_path):
    site = render(tmp_path, base_url=BASE)
    html = (site / "issues/2026-W15/email.html").read_text()
    assert "<style" not in html and "<link" not in html  # inline styles only
    assert 'role="presentation"' in html and "<table" in html
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs and all(h.startswith(("https://", "http://", "mailto:")) for h in hrefs)
    assert f'href="{BASE}items/item-0.html"' in html
    assert "&lt;script&gt;" in html and "<script" not in html
    text = (site / "issues/2026-W15/email.txt").read_text()
    assert text.startswith("What caught my attention in W15 (2026)\n")
    assert "Story 0" in text and "Summary 0." in text and f"{BASE}items/item-0.html" in text
    assert "<script" not in text and "<img" not in text and "javascript:" not in text
    page = (site / "issues/2026-W15/index.html").read_text()
    assert 'href="email.html"' in page and 'href="email.txt"' in page


def test_email_without_base_url_links_relatively(tmp_path):
    site = render(tmp_path)
    html = (site / "issues/2026-W15/email.html").read_text()
    assert 'href="../../items/item-0.html"' in html


def test_merged_duplicates_name_their_other_sources_escaped(tmp_path):
    cfg = load_config(None, root=tmp_path)
    cfg.base_url = BASE
    its = items()
    its[0].also_in = [{"source": "Latent Space", "url": "https://ls.example/ep1"},
                      {"source": "<script>x</script>", "url": "javascript:alert(1)"}]
    SiteWriter(cfg, TEMPLATES_DIR, tmp_path / "site").render(collect(its, build_issues(its, cfg)))
    site = tmp_path / "site"
    shown = ('Also in: <a href="https://ls.example/ep1" rel="noopener noreferrer">Latent Space</a>, '
             "&lt;script&gt;x&lt;/script&gt;")
    for page in ("items/item-0.html", "issues/2026-W15/index.html", urls.source_path("Show <b>bold</b>")):
        html = (site / page).read_text()
        assert shown in html, page
        assert "<script>x" not in html and "javascript:" not in html
    assert "Also in" not in (site / "items/item-1.html").read_text()
    email = (site / "issues/2026-W15/email.html").read_text()
    assert 'style="color:#1a4d8f;">Latent Space</a>, &lt;script&gt;x&lt;/script&gt;' in email
    text = (site / "issues/2026-W15/email.txt").read_text()
    assert "   Also in: Latent Space (https://ls.example/ep1), x\n" in text
