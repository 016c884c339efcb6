"""How much an item repeats what earlier weeks already covered.

Why: a story that keeps coming back (the same lawsuit, the same launch discussed again) should not
push a fresh story out of "What caught my attention". Each item is compared with every item of
*earlier* weeks only (TF-IDF cosine over title and summary, fitted on all items at once), so an
issue never changes because of a later week and the first week has no penalty.
"""

from __future__ import annotations

from digest.model import Item
from digest.summarize.summary import terms
from digest.summarize.vectors import max_cosines, tfidf


def repetition(items: list[Item]) -> dict[str, float]:
    """Item id -> max cosine in [0, 1] to any item of an earlier ISO week (0.0 when none)."""
    if not items:
        return {}
    order = sorted(range(len(items)), key=lambda k: items[k].week)
    vectors = tfidf([terms(f"{items[k].title}. {items[k].summary or items[k].body}") for k in order])
    weeks = [items[k].week for k in order]
    result = {}
    start = 0  # first row of the current week: rows before it are the earlier weeks
    while start < len(order):
        stop = start
        while stop < len(order) and weeks[stop] == weeks[start]:
            stop += 1
        best = max_cosines(vectors[start:stop], vectors[:start])
        for row in range(start, stop):
            result[items[order[row]].id] = round(float(best[row - start]), 6)
        start = stop
    return result
