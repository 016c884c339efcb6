"""Dates as people write them in documents: ISO dates, 'February 13, 2026', ISO weeks."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: index
    for index, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MDY_RE = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
_DMY_RE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_WEEK_RE = re.compile(r"\b(?:(\d{4})-?)?W(?:eek)?\s?(\d{1,2})\b(?:\D{0,3}(\d{4}))?", re.IGNORECASE)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> dt.date | None:
    """The first calendar date written in the text, or None."""
    candidates: list[tuple[int, dt.date]] = []
    for match in _ISO_RE.finditer(text):
        date = _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if date:
            candidates.append((match.start(), date))
            break
    for match in _MDY_RE.finditer(text):
        date = _safe_date(int(match.group(3)), MONTHS[match.group(1).lower()], int(match.group(2)))
        if date:
            candidates.append((match.start(), date))
            break
    for match in _DMY_RE.finditer(text):
        date = _safe_date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
        if date:
            candidates.append((match.start(), date))
            break
    return min(candidates)[1] if candidates else None


def find_week(text: str) -> tuple[int | None, int] | None:
    """An ISO week written as 'W15', 'Week 15', '2026-W15' or 'W15 2026': (year or None, week)."""
    for match in _WEEK_RE.finditer(text):
        week = int(match.group(2))
        if 1 <= week <= 53:
            year = match.group(1) or match.group(3)
            return (int(year) if year else None, week)
    return None


def week_monday(year: int, week: int) -> dt.date | None:
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


def coerce_date(value: object) -> dt.date | None:
    """A date from a YAML value (date, datetime or string); None when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        value = value.strip()
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return find_date(value)
    return None


def week_label(date: dt.date) -> str:
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"
