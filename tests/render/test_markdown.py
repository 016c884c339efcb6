from digest.render.markdown import to_html


def test_raw_html_is_escaped():
    html = to_html('Hello <script>alert(1)</script> <img src=x onerror="alert(2)">')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_only_safe_links_become_links():
    html = to_html("[a](javascript:alert(1)) [b](data:text/html;base64,xx) [c](https://ok.example/x) [d](JaVaScRiPt:x)")
    assert 'href="https://ok.example/x"' in html
    assert 'href="javascript' not in html.lower() and 'href="data' not in html
    assert html.count("<a ") == 1


def test_deep_nesting_does_not_crash():
    html = to_html("> " * 500 + "deep")
    assert "deep" in html  # text past the nesting bound is kept, not dropped
    assert html.count("<blockquote>") <= 20
