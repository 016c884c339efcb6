import json
import xml.etree.ElementTree as ET

from tests.render.test_site import render

A = {"a": "http://www.w3.org/2005/Atom"}
BASE = "https://example.org/d/"


def test_atom_feeds_have_required_fields_and_absolute_urls(tmp_path):
    site = render(tmp_path, base_url=BASE)
    for path in ("feed.xml", "topics/models.xml", "topics/compute.xml"):
        root = ET.parse(site / path).getroot()
        for field in ("a:title", "a:id", "a:updated", "a:author/a:name"):
            assert root.find(field, A) is not None and root.find(field, A).text, (path, field)
        assert root.find("a:link[@rel='self']", A).get("href") == BASE + path
        entries = root.findall("a:entry", A)
        assert entries, path
        for entry in entries:
            for field in ("a:title", "a:id", "a:updated", "a:content"):
                assert entry.find(field, A).text, (path, field)
            assert entry.find("a:link", A).get("href").startswith(BASE + "issues/")
        ids = [e.find("a:id", A).text for e in entries]
        assert len(ids) == len(set(ids))


def test_topic_feed_carries_only_that_topics_items(tmp_path):
    site = render(tmp_path, base_url=BASE)
    models = ET.parse(site / "topics/models.xml").getroot()
    content = "".join(e.find("a:content", A).text for e in models.findall("a:entry", A))
    # items 1 and 3 are "models", 0 and 2 "compute" (see tests/render/test_site.py)
    assert "item-1.html" in content and "item-3.html" in content
    assert "item-0.html" not in content and "item-2.html" not in content
    main = ET.parse(site / "feed.xml").getroot()
    all_content = "".join(e.find("a:content", A).text for e in main.findall("a:entry", A))
    assert all(f"{BASE}items/item-{n}.html" in all_content for n in range(4))


def test_json_feeds_are_valid_json_feed_1_1(tmp_path):
    site = render(tmp_path, base_url=BASE)
    for path in ("feed.json", "topics/models.json"):
        text = (site / path).read_text()
        assert "<" not in text  # markup is \\u003c-escaped
        feed = json.loads(text)
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["title"] and feed["feed_url"] == BASE + path
        assert feed["home_page_url"].startswith(BASE)
        assert feed["items"]
        for item in feed["items"]:
            assert item["id"] and item["url"].startswith(BASE + "issues/")
            assert item["content_html"] and item["date_published"].endswith("Z")
    main = json.loads((site / "feed.json").read_text())
    assert [i["title"] for i in main["items"]] == [
        "What caught my attention in W16 (2026)", "What caught my attention in W15 (2026)"]
    html = "".join(i["content_html"] for i in main["items"])
    assert "&lt;script&gt;" in html and "<script" not in html  # the hostile title arrives escaped


def test_feeds_escape_source_text(tmp_path):
    site = render(tmp_path, base_url=BASE)
    root = ET.parse(site / "feed.xml").getroot()
    content = "".join(e.find("a:content", A).text for e in root.findall("a:entry", A))
    # the content is HTML: after XML-unescaping, the hostile title is still HTML-escaped text
    assert "<script" not in content and "&lt;script&gt;" in content
    assert "javascript:" not in content and "<b>" not in content


def test_feeds_without_base_url_still_parse(tmp_path):
    site = render(tmp_path)
    root = ET.parse(site / "feed.xml").getroot()
    assert root.find("a:id", A).text.startswith("urn:")
    assert json.loads((site / "feed.json").read_text())["items"]
