"""How much an item repeats what recent weeks already covered.

Why: a story that keeps coming back (the same lawsuit, the same launch discussed again) should not
push a fresh story out of "What caught my attention". Each item is compared with every item of the
WINDOW_WEEKS weeks *before* its own (TF-IDF cosine over title and summary, fitted on all items at
once), so the first week has no penalty. The window keeps the cost linear in the size of the
archive: comparing with every earlier week grows with its square, and a story last told a season
ago is worth telling again.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib

from digest.model import Item
from digest.summarize.summary import terms
from digest.summarize.textmemo import TextMemo, text_key
from digest.summarize.vectors import max_cosines, tfidf
from digest.text import text_digest

WINDOW_WEEKS = 13  # a quarter


def _monday(week: str) -> dt.date:
    return dt.date.fromisocalendar(int(week[:4]), int(week[-2:]), 1)


def repetition(items: list[Item], memo: TextMemo | None = None) -> dict[str, float]:
    """Item id -> max cosine in [0, 1] to any item of the previous WINDOW_WEEKS weeks (0.0 when none).
    memo: each text's terms from an earlier build (they depend on the text alone)."""
    if not items:
        return {}
    order = sorted(range(len(items)), key=lambda k: items[k].week)
    texts = [f"{items[k].title}. {items[k].summary or items[k].body}" for k in order]
    key = None
    if memo is not None:  # an edit that changes no title or summary (a body, a tag) changes nothing here
        digest = hashlib.sha1()
        for k, text in zip(order, texts):
            digest.update(f"{items[k].week}\0{items[k].id}\0{text_digest(text)}\0".encode("utf-8", "surrogatepass"))
        key = ("repetition", digest.digest())
        known = memo.get(key)
        if known is not None:
            for text in texts:  # kept for the next build that does change one (a lookup each)
                memo.get(("novelty", text_key(text)))
            return dict(known)  # type: ignore[call-overload]
    result = _repetition(items, order, texts, memo)
    if memo is not None:
        memo.put(key, dict(result), len(items))  # a float per item: counted as a character each
    return result


def _repetition(items: list[Item], order: list[int], texts: list[str], memo: TextMemo | None) -> dict[str, float]:
    vectors = tfidf([_terms(text, memo) for text in texts])
    mondays = [_monday(items[k].week) for k in order]
    result = {}
    start = 0  # first row of the current week: rows before it are the earlier weeks
    while start < len(order):
        stop = bisect.bisect_right(mondays, mondays[start], lo=start)
        first = bisect.bisect_left(mondays, mondays[start] - dt.timedelta(weeks=WINDOW_WEEKS), hi=start)
        best = max_cosines(vectors[start:stop], vectors[first:start])
        for row in range(start, stop):
            result[items[order[row]].id] = round(float(best[row - start]), 6)
        start = stop
    return result


def _terms(text: str, memo: TextMemo | None) -> tuple[str, ...]:
    if memo is None:
        return tuple(terms(text))
    return memo.remember(("novelty", text_key(text)), len(text), lambda: tuple(terms(text)))  # type: ignore[return-value]
