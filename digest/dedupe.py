"""Merge the same story told by two source documents into one item that lists both sources.

Two items are duplicates when they come from different documents of different sources (one
publication's own items are different stories; a native note a person wrote is never folded),
fall in the same ISO week and
the TF-IDF cosine of their title+body is at least THRESHOLD. The threshold is conservative on
purpose: a missed merge shows a story twice, a false merge hides a different story.
"""

from __future__ import annotations

import re

from digest.model import Item
from digest.summarize.vectors import cosines, tfidf

THRESHOLD = 0.6
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9'\-]+")
_STOP = frozenset(
    "the and for that with this from are was were has have had not but its it's into than then they their "
    "there what which who will would can could about also just more most some such over our out you your".split()
)


def _tokens(item: Item) -> list[str]:
    words = _WORD_RE.findall(f"{item.title} {item.title} {item.body}".lower())
    return [word for word in words if word not in _STOP]


def _source(item: Item) -> str:
    return item.source.strip().casefold()


def _file(item: Item) -> str:
    return item.origin.file if item.origin else ""


def merge_duplicates(items: list[Item]) -> list[Item]:
    """Items with near-duplicates folded into the richer one (longer body); order otherwise kept."""
    # Native notes are never merged, so they are not even vectorised (an archive of notes costs nothing).
    candidates = [index for index, item in enumerate(items) if item.format != "native"]
    if len(candidates) < 2:
        return items
    # IDF over every raw-document item of the run: common words weigh little.
    vectors = tfidf([_tokens(items[index]) for index in candidates])
    dropped: set[int] = set()
    by_week: dict[str, list[int]] = {}
    for row, index in enumerate(candidates):
        by_week.setdefault(items[index].week, []).append(row)
    for rows in by_week.values():
        if len({_source(items[candidates[r]]) for r in rows}) < 2:
            continue
        similar = cosines(vectors[rows], vectors[rows])
        indices = [candidates[r] for r in rows]
        for pos, i in enumerate(indices):
            if i in dropped:
                continue
            for offset, j in enumerate(indices[pos + 1:], start=pos + 1):
                if j in dropped or _file(items[i]) == _file(items[j]) or _source(items[i]) == _source(items[j]):
                    continue  # one publication's own items are different stories
                if similar[pos, offset] < THRESHOLD:
                    continue
                keep, drop = (i, j) if len(items[i].body) >= len(items[j].body) else (j, i)
                _absorb(items[keep], items[drop])
                dropped.add(drop)
                if drop == i:
                    break
    return [item for index, item in enumerate(items) if index not in dropped]


def _absorb(keep: Item, drop: Item) -> None:
    entries = [{"source": drop.source, "url": drop.url}, *drop.also_in]
    for entry in entries:
        if entry not in keep.also_in and (entry["source"], entry["url"]) != (keep.source, keep.url):
            keep.also_in.append(entry)
