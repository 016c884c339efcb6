"""How much an item repeats what earlier weeks already covered.

Why: a story that keeps coming back (the same lawsuit, the same launch discussed again) should not
push a fresh story out of "What caught my attention". Each item is compared with every item of
*earlier* weeks only (TF-IDF cosine over title and summary, fitted on all items at once), so an
issue never changes because of a later week and the first week has no penalty.
"""

from __future__ import annotations

import math
from collections import Counter

from digest.model import Item
from digest.summarize.summary import terms


def _vectors(term_lists: list[list[str]]) -> list[dict[str, float]]:
    df: Counter[str] = Counter()
    for items in term_lists:
        df.update(set(items))
    n = len(term_lists)
    vectors = []
    for items in term_lists:
        vector = {t: (1.0 + math.log(c)) * (math.log((1 + n) / (1 + df[t])) + 1.0) for t, c in Counter(items).items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({t: v / norm for t, v in vector.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def repetition(items: list[Item]) -> dict[str, float]:
    """Item id -> max cosine in [0, 1] to any item of an earlier ISO week (0.0 when none)."""
    if not items:
        return {}
    vectors = _vectors([terms(f"{item.title}. {item.summary or item.body}") for item in items])
    weeks = [item.week for item in items]
    result = {}
    for k, item in enumerate(items):
        earlier = [vectors[j] for j in range(len(items)) if weeks[j] < weeks[k]]
        result[item.id] = round(max((_cosine(vectors[k], v) for v in earlier), default=0.0), 6)
    return result
