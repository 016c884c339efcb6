"""enrich(): alias spellings fixed in spoken summaries only, and topic input."""

from __future__ import annotations

import datetime as dt

from digest.config import Config
from digest.model import Item
from digest.summarize.enrich import enrich, fix_spellings

SPOKEN = ("So Anthropic shipped a new version of Cloud Code this week with background tasks. "
          "People say it beats codex on long refactors. The cloud coder crowd is excited.")


def _item(fmt: str) -> Item:
    return Item(id=fmt, title="", date=dt.date(2026, 4, 7), source="s", kind="story", body=SPOKEN, format=fmt)


def test_known_misspellings_are_fixed_in_spoken_summaries_only() -> None:
    cfg = Config()
    cfg.tag_aliases = {"cloud code": "Claude Code", "codex": "Codex"}
    spoken, written = _item("transcript"), _item("essays")
    enrich([spoken, written], cfg)
    assert "Claude Code" in spoken.summary and "Cloud Code" not in spoken.summary
    assert "Cloud Code" in written.summary  # a writer's spelling is theirs


def test_fix_spellings_matches_whole_words_across_spacing() -> None:
    aliases = {"cloud code": "Claude Code", "x ai": "xAI", "xai": "xAI"}
    assert fix_spellings("cloud  code and Cloud coder", aliases) == "Claude Code and Cloud coder"
    assert fix_spellings("X AI and xai-like", aliases) == "xAI and xai-like"
