"""Slugs become file names and URL segments: they must be safe on every OS."""

import re

from digest.text import slugify


def test_slugs_are_ascii_lowercase_words_without_traversal():
    for text in ("../../etc/passwd", "Ünïcödé — title!", "a/b\\c:d*e?f\"g<h>i|j", "   ", "\u202eevil\u200b"):
        slug = slugify(text)
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), (text, slug)
        assert ".." not in slug and "/" not in slug


def test_windows_reserved_device_names_are_avoided():
    for name in ("CON", "nul", "Com1", "lpt9", "aux"):
        assert slugify(name).lower() not in {"con", "nul", "com1", "lpt9", "aux"}
    assert slugify("console") == "console"


def test_slugs_respect_the_length_bound_at_a_word_break():
    slug = slugify("word " * 40, 30)
    assert len(slug) <= 30 and not slug.endswith("-")
