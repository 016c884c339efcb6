"""Group items into ISO-week issues and rank them.

Score (higher leads): weight of the item's kind (digest.yaml `kind_weights`) + salience in [0, 1]
+ 100 when a person pinned it. Salience of a hand-curated entry is its place in the author's list
(the author already ranked it); for everything else it mixes length and how many of its tags other
items of the same week share (a story several sources cover matters more).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict

from digest.config import Config
from digest.model import Issue, Item, Section

PIN_BONUS = 100.0
CURATED_KINDS = frozenset({"digest-entry"})


def _salience(week_items: list[Item]) -> dict[str, float]:
    tag_counts = Counter(tag.lower() for item in week_items for tag in set(item.tags))
    lengths = {item.id: math.log1p(len(item.body.split())) for item in week_items}
    longest = max(lengths.values(), default=1.0) or 1.0
    curated_count = Counter(item.origin.file if item.origin else "" for item in week_items if item.kind in CURATED_KINDS)
    result = {}
    for item in week_items:
        if item.kind in CURATED_KINDS:
            total = curated_count[item.origin.file if item.origin else ""] or 1
            result[item.id] = 1.0 - item.position / total
            continue
        shared = sum(1 for tag in set(item.tags) if tag_counts[tag.lower()] > 1)
        overlap = shared / len(item.tags) if item.tags else 0.0
        result[item.id] = 0.6 * lengths[item.id] / longest + 0.4 * overlap
    return result


def rank(week_items: list[Item], cfg: Config) -> list[Item]:
    salience = _salience(week_items)
    for item in week_items:
        item.score = round(cfg.kind_weights.get(item.kind, 1.0) + salience[item.id] + (PIN_BONUS if item.pinned else 0), 6)
    return sorted(week_items, key=lambda i: (-i.score, i.date, i.origin.file if i.origin else "", i.position, i.id))


def build_issues(items: list[Item], cfg: Config) -> list[Issue]:
    """Newest issue first; hidden items are left out of issues (their pages still build)."""
    by_week: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        if not item.hidden:
            by_week[item.week].append(item)
    topic_order = [topic.id for topic in cfg.topics]
    issues = []
    for week in sorted(by_week, reverse=True):
        ranked = rank(by_week[week], cfg)
        lead, rest = ranked[: cfg.lead_items], ranked[cfg.lead_items :]
        grouped: dict[str, list[Item]] = defaultdict(list)
        for item in rest:
            grouped[item.topic if item.topic in topic_order else ""].append(item)
        sections = [
            Section(topic_id, cfg.topic(topic_id).name if cfg.topic(topic_id) else "Other", grouped[topic_id])
            for topic_id in [*topic_order, ""] if grouped.get(topic_id)
        ]
        year, number = int(week[:4]), int(week[-2:])
        start = dt.date.fromisocalendar(year, number, 1)
        issues.append(Issue(week=week, year=year, number=number, start=start, end=start + dt.timedelta(days=6),
                            lead=lead, sections=sections))
    return issues
