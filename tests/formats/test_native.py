import datetime as dt

from digest.formats import native
from tests.conftest import doc


def test_frontmatter_item_is_one_item_with_its_fields():
    d = doc("""
    ---
    title: My note on RL
    date: 2026-04-08
    tags: [RL, agents]
    take: Worth watching.
    ---

    Body text **with** markdown.
    """)
    assert native.score(d) == 1.0
    result = native.parse(d)
    (segment,) = result.segments
    assert segment.title == "My note on RL"
    assert segment.date == dt.date(2026, 4, 8)
    assert segment.tags == ["RL", "agents"]
    assert segment.take == "Worth watching."
    assert segment.body == "Body text **with** markdown."
    assert result.skipped[0].end_line == 6


def test_bad_date_is_reported_with_its_line():
    d = doc("---\ntitle: T\ndate: soon\n---\nbody\n")
    result = native.parse(d)
    assert result.segments[0].date is None
    assert any(":3:" in w and "soon" in w for w in result.warnings)


def test_malformed_frontmatter_is_reported_not_raised():
    d = doc("---\ntitle: [unclosed\ndate: 2026-01-01\n---\nbody\n")
    result = native.parse(d)
    assert result.warnings and "not valid YAML" in result.warnings[0]
    assert native.score(d) == 0.0
