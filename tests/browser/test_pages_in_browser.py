"""The built site in headless Chromium under /digest/: reading, search, screenshots, axe-core."""

from __future__ import annotations

import re

import pytest

WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    # A request cut short because the test navigated on (ERR_ABORTED) is not a broken resource.
    page.on("requestfailed", lambda req: None if "ERR_ABORTED" in (req.failure or "")
            else page.errors.append(f"failed: {req.url} ({req.failure})"))
    page.on("response", lambda resp: page.errors.append(f"{resp.status}: {resp.url}") if resp.status >= 400 else None)
    yield page
    context.close()


def test_home_issue_search_and_result(page, server):
    page.goto(server + "index.html")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("main .issue-list a").last.click()
    assert re.search(r"/digest/issues/\d{4}-W\d\d/index\.html$", page.url)
    assert page.locator("h1").inner_text().startswith("What caught my attention in W")
    page.fill("#site-search", "zebrafish3")
    page.press("#site-search", "Enter")
    assert page.url.startswith(server + "search.html?q=zebrafish3")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=30_000)
    assert page.locator(".pagefind-ui__result-link").count() == 1
    result.click()
    page.wait_for_load_state()
    assert re.search(r"/digest/items/[a-z0-9-]+\.html$", page.url), page.url
    assert "zebrafish3" in page.locator("main").inner_text()
    assert page.errors == []


def test_search_finds_items_of_every_quarter(page, server):
    for word, title in (("zebrafishwinter", "A winter story"), ("zebrafish7", "Story 7")):
        page.goto(server + f"search.html?q={word}")
        result = page.locator(".pagefind-ui__result-link").first
        result.wait_for(timeout=30_000)
        assert page.locator(".pagefind-ui__result-link").count() == 1
        assert result.inner_text().startswith(title)
    assert page.errors == []


def test_search_page_without_javascript_links_to_archive(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "search.html?q=chip")
    link = page.locator("#search-results a")
    assert link.get_attribute("href") == "archive.html"
    link.click()
    assert page.url == server + "archive.html"
    context.close()


@pytest.mark.parametrize("name,width", WIDTHS.items())
def test_screenshots_and_no_horizontal_scroll(browser, server, artifacts, name, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    for label, path in (("home", "index.html"), ("issue", None), ("item", None), ("search", "search.html?q=chip")):
        if path is None:
            page.goto(server + "index.html")
            selector = "main h1 a" if label == "issue" else "main .item-title a"
            page.locator(selector).first.click()
        else:
            page.goto(server + path)
        if label == "search":
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=30_000)  # loaded, not the placeholder
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{label} scrolls sideways by {overflow}px at {width}px"
        page.screenshot(path=str(artifacts / f"{label}-{name}.png"), full_page=label != "issue")
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(server + "index.html")
    assert page.evaluate("document.documentElement.scrollWidth <= 320")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations(browser, server, axe_script, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(server + "index.html")
    pages = ["index.html", "archive.html", "search.html?q=chip", "404.html"]
    pages.append(page.locator("main h1 a").first.get_attribute("href"))
    pages.append(page.locator("main .item-title a").first.get_attribute("href"))
    pages.append(page.locator("main .meta a").first.get_attribute("href"))
    found = []
    for path in pages:
        page.goto(server + path)
        if path.startswith("search"):
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=30_000)  # loaded, not the placeholder
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                found.append(f"{path}: {violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    context.close()
    assert not found, "\n".join(found)


def test_hostile_item_runs_nothing_in_pages_or_search(page, server):
    page.goto(server + "search.html?q=zebrahostile")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=30_000)  # loaded, not the placeholder
    assert "<script>" in page.locator("#search-results").inner_text()  # shown as text
    assert page.locator("#search-results img, #search-results iframe, #search-results svg:not(.pagefind-ui__search-clear svg)").count() == 0
    page.locator(".pagefind-ui__result-link").first.click()
    page.wait_for_load_state()
    assert "/digest/items/" in page.url
    assert page.locator("main iframe, main img, main svg").count() == 0
    for path in ("index.html", page.url.split("/digest/")[1], "archive.html"):
        page.goto(server + path)
        assert page.evaluate("window.pwned") is None, path
    assert page.errors == []
