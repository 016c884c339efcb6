"""Ranking into weekly issues: every term of the documented score moves an item (README "Ranking")."""

from __future__ import annotations

import datetime as dt

from digest.config import Config
from digest.model import Item
from digest.summarize.issues import PIN_BONUS, REPEAT_PENALTY, build_issues, rank
from digest.summarize.novelty import repetition

W15 = dt.date(2026, 4, 7)  # ISO week 2026-W15
W14 = dt.date(2026, 3, 31)

FRESH = "Nvidia shipped Rubin accelerators to three cloud providers, months ahead of schedule."
REPEAT = "A federal judge ruled that training on purchased books is fair use but pirated copies are not."


def _item(id: str, body: str, date: dt.date = W15, **kw) -> Item:
    return Item(id=id, title=body.split(",")[0], date=date, source=kw.pop("source", "feed"),
                kind=kw.pop("kind", "post"), body=body, summary=body, **kw)


def _order(items: list[Item], cfg: Config | None = None) -> list[str]:
    issue = next(i for i in build_issues(items, cfg or Config()) if i.week == "2026-W15")
    return [item.id for item in issue.lead] + [item.id for s in issue.sections for item in s.items]


def test_pinned_item_leads_and_gets_the_bonus() -> None:
    items = [_item("a", FRESH, kind="essay"), _item("b", REPEAT, pinned=True)]
    ranked = rank(items, Config())
    assert [i.id for i in ranked] == ["b", "a"]
    assert ranked[0].score >= PIN_BONUS


def test_kind_weight_orders_otherwise_equal_items() -> None:
    cfg = Config()
    cfg.kind_weights = {**cfg.kind_weights, "post": 1.0, "essay": 2.0}
    assert _order([_item("a", FRESH, kind="post"), _item("b", REPEAT, kind="essay")], cfg)[0] == "b"
    cfg.kind_weights = {**cfg.kind_weights, "post": 2.0, "essay": 1.0}
    assert _order([_item("a", FRESH, kind="post"), _item("b", REPEAT, kind="essay")], cfg)[0] == "a"


def test_source_weight_multiplies_the_kind_weight() -> None:
    items = [_item("a", FRESH, source="loud"), _item("b", REPEAT, source="trusted")]
    cfg = Config()
    cfg.source_weights = {"trusted": 3.0}
    ranked = rank(items, cfg)
    assert ranked[0].id == "b"
    assert ranked[0].score - ranked[1].score > 1.5


def test_story_seen_in_an_earlier_week_ranks_below_a_fresh_one() -> None:
    earlier = _item("old", REPEAT, date=W14)
    fresh, again = _item("fresh", FRESH), _item("again", REPEAT)
    scores = repetition([earlier, fresh, again])
    assert scores["old"] == 0.0  # nothing before the first week
    assert scores["again"] > 0.9 and scores["fresh"] < 0.2
    # Without the earlier week "again" would win (its body is longer); with it, the fresh story leads.
    assert _order([fresh, again])[0] == "again"
    alone = again.score
    assert _order([earlier, fresh, again])[0] == "fresh"
    assert abs((alone - again.score) - REPEAT_PENALTY * scores["again"]) < 1e-5


def test_a_story_told_more_than_a_quarter_ago_is_news_again() -> None:
    from digest.summarize.novelty import WINDOW_WEEKS

    again = _item("again", REPEAT)
    inside = _item("inside", REPEAT, date=again.date - dt.timedelta(weeks=WINDOW_WEEKS))
    assert repetition([inside, again])["again"] > 0.9
    outside = _item("outside", REPEAT, date=again.date - dt.timedelta(weeks=WINDOW_WEEKS + 1))
    assert repetition([outside, _item("again", REPEAT)])["again"] == 0.0


def test_later_weeks_do_not_change_an_earlier_issue() -> None:
    base = [_item("old", REPEAT, date=W14)]
    alone = build_issues(base, Config())[-1]
    with_later = [i for i in build_issues([_item("old", REPEAT, date=W14), _item("new", REPEAT)], Config())
                  if i.week == "2026-W14"][0]
    assert alone.lead[0].score == with_later.lead[0].score


def test_hidden_items_are_left_out() -> None:
    ids = _order([_item("a", FRESH), _item("b", REPEAT, hidden=True)])
    assert ids == ["a"]


def test_one_source_fills_at_most_half_the_lead_unless_nothing_else_exists() -> None:
    from digest.summarize.issues import select_lead

    essays = [_item(f"e{k}", FRESH, kind="essay", source="archive") for k in range(6)]
    stories = [_item(f"s{k}", REPEAT, source="podcast") for k in range(3)]
    ranked = rank(essays + stories, Config())
    assert all(item.source == "archive" for item in ranked[:6])  # essays outrank stories by score
    lead = select_lead(ranked, 4)
    assert [i.source for i in lead] == ["archive", "archive", "podcast", "podcast"]
    only = rank([_item(f"e{k}", FRESH, kind="essay", source="archive") for k in range(6)], Config())
    assert len(select_lead(only, 4)) == 4
    pinned = rank(essays[:3] + [_item("p", REPEAT, source="archive", pinned=True)] + stories, Config())
    assert [i.id for i in select_lead(pinned, 4)][0] == "p"
    issue = build_issues(essays + stories, Config())[0]
    assert len(issue.lead) == 7 and sum(i.source == "podcast" for i in issue.lead) == 3
    assert sum(len(s.items) for s in issue.sections) == 2


def test_repetition_with_a_memo_of_earlier_builds_is_the_same() -> None:
    from digest.summarize.textmemo import TextMemo

    memo = TextMemo()
    items = [_item("old", REPEAT, date=W14), _item("fresh", FRESH), _item("again", REPEAT)]
    assert repetition(items, memo) == repetition(items)
    memo.turn()
    items[1].summary = "A different summary about chips and datacenters."
    assert repetition(items, memo) == repetition(items) and memo.added == 2  # its terms, and the result
    memo.turn()
    items[1].body += " A body edit changes no title or summary."
    assert repetition(items, memo) == repetition(items) and memo.added == 0  # the whole result, as it was
    memo.turn()
    items[2].summary = "Yet another summary, of a merger."
    assert repetition(items, memo) == repetition(items) and memo.added == 2  # the other texts' terms were kept
