"""Spoken boilerplate that is not news: intros, sponsor reads and outros."""

from __future__ import annotations

import re

SPONSOR_START_RE = re.compile(
    r"\b(brought to you by|sponsored by|today's sponsor|our sponsor|a word from our sponsor|"
    r"this episode is (?:supported|presented) by|thanks to our sponsor)\b",
    re.IGNORECASE,
)
SPONSOR_END_RE = re.compile(
    r"(\b(learn more|visit|go to|head to|check (?:them|it) out)\b.*\b\w+\.(com|ai|io|org|co)\b|"
    r"^that's \w+\.(com|ai|io|org|co)\b|\buse (?:the )?code\b|\bpromo code\b)",
    re.IGNORECASE,
)
OUTRO_RE = re.compile(
    r"\b(thanks? (?:you )?(?:so much )?for listening|that's (?:it|all) for (?:this|today|the)|"
    r"we are done with this episode|see you (?:next week|next time|tomorrow)|until next (?:week|time)|"
    r"and with that,? we|that's a wrap|please (?:subscribe|rate|share)|don't forget to subscribe)\b",
    re.IGNORECASE,
)
SPONSOR_MAX_LINES = 30


def sponsor_ranges(units: list[str]) -> list[tuple[int, int]]:
    """[start, end] unit ranges of sponsor reads: from the announcement to its call to action."""
    ranges: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        if SPONSOR_START_RE.search(units[i]):
            end = i
            for j in range(i, min(len(units), i + SPONSOR_MAX_LINES)):
                if j > i and SPONSOR_START_RE.search(units[j]):
                    break  # a second read starts; close this one where its call to action was
                if SPONSOR_END_RE.search(units[j]):
                    end = j
            # A call to action repeated on the next line ("That's outshift.com.") belongs to the read.
            while end + 1 < len(units) and SPONSOR_END_RE.search(units[end + 1]) and len(units[end + 1].split()) <= 8:
                end += 1
            ranges.append((i, end))
            i = end + 1
        else:
            i += 1
    return ranges


def outro_start(units: list[str]) -> int | None:
    """First unit of the outro, looked for only in the last tenth of the transcript."""
    window = max(5, len(units) // 10)
    for i in range(max(0, len(units) - window), len(units)):
        if OUTRO_RE.search(units[i]):
            return i
    return None
