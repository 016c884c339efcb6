from pathlib import Path

from digest import formats
from digest.formats import newsletter
from digest.formats.base import RawDocument

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "formats" / "newsletter.md"


def _doc() -> RawDocument:
    return RawDocument(path="newsletter.md", text=FIXTURE.read_text(encoding="utf-8"))


def test_detected_as_newsletter_despite_frontmatter_glued_to_first_heading():
    assert formats.detect(_doc()).name == "newsletter"


def test_splits_as_a_reader_would():
    result = newsletter.parse(_doc())
    titles = [s.title for s in result.segments]
    assert titles == [
        "Sparse experts all the way down", "Robots fold laundry", "Chip prices fall",
        "New benchmark for agents", "Open weights licence debate", "Data centre power",
    ]
    first = result.segments[0]
    assert first.url == "https://arxiv.example/abs/1"
    assert "Code is released" in first.body and first.take == "cheaper serving for everyone."
    assert "Why this matters" not in first.body
    assert result.segments[2].body == "accelerator prices fell this quarter."
    assert result.segments[4].body == "Lawyers disagree about what open means."
    reasons = {s.reason for s in result.skipped}
    assert {"frontmatter", "navigation", "sponsored", "separator", "section heading"} <= reasons
    sponsored = [s for s in result.skipped if s.reason == "sponsored"]
    assert len(sponsored) == 1 and any("sponsored" in w for w in result.warnings)
    nav_lines = {s.start_line for s in result.skipped if s.reason == "navigation"}
    assert {5, len(_doc().lines) - 1} <= nav_lines


def test_plain_prose_is_not_a_newsletter():
    doc = RawDocument(path="a.txt", text="Just a paragraph.\n\nAnother with a [link](https://x.example).\n")
    assert newsletter.score(doc) == 0.0


def test_newsletter_with_separate_frontmatter_is_not_one_native_item():
    text = FIXTURE.read_text(encoding="utf-8").replace("---# The", "---\n# The")
    assert formats.detect(RawDocument(path="n.md", text=text)).name == "newsletter"
