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


def test_ledes_from_the_text_memo_are_those_computed_afresh() -> None:
    from digest.model import Issue
    from digest.summarize.enrich import add_ledes
    from digest.summarize.textmemo import TextMemo

    def issue(*summaries: str) -> Issue:
        lead = [Item(id=f"i{n}", title="T", date=dt.date(2026, 4, 7), source="s", kind="story", body=s, summary=s)
                for n, s in enumerate(summaries)]
        return Issue("2026-W15", 2026, 15, dt.date(2026, 4, 6), dt.date(2026, 4, 12), lead=lead, sections=[])

    summaries = ("Nvidia shipped Rubin to three clouds. Prices were not given.",
                 "A court ruled that training on bought books is fair use.")
    fresh, first, again = issue(*summaries), issue(*summaries), issue(*summaries)
    add_ledes([fresh])
    memo = TextMemo()
    add_ledes([first], memo=memo)
    memo.turn()
    add_ledes([again], memo=memo)
    assert fresh.lede and first.lede == again.lede == fresh.lede
    assert memo.added == 0  # the second build computed nothing
