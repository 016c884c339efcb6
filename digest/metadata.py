"""Sidecar metadata: `<document>.meta.yaml` next to a raw document says what its text does not
(publication name, date or year, URL, format). The raw text itself is never edited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from digest.dates import coerce_date
from digest.model import Problem

SIDECAR_SUFFIX = ".meta.yaml"
KNOWN_KEYS = {"source", "title", "date", "year", "url", "format", "kind", "week"}


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader whose impossible timestamps (`2026-13-45`) stay strings instead of raising ValueError."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def load_yaml(text: str) -> object:
    """yaml.safe_load that never raises anything but yaml.YAMLError (bad dates are kept as text)."""
    return yaml.load(text, Loader=_Loader)


def sidecar_path(document: Path) -> Path:
    return document.with_name(document.name + SIDECAR_SUFFIX)


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def read_sidecar(document: Path, display: str) -> tuple[dict[str, Any], list[Problem]]:
    """The document's metadata, with `date` coerced to a date; problems name the sidecar and line."""
    path = sidecar_path(document)
    where = display + SIDECAR_SUFFIX
    if not path.is_file():  # none, or a folder of that name (not metadata)
        return {}, []
    try:
        data = load_yaml(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        return {}, [Problem(where, 0, f"metadata could not be read: {exc.strerror or exc}")]
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        return {}, [Problem(where, (mark.line + 1) if mark else 0, f"metadata is not valid YAML: {exc}")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Problem(where, 1, "metadata must be a mapping of fields")]
    problems = [
        Problem(where, _line_of(path, key), f"unknown metadata field '{key}' (known: {', '.join(sorted(KNOWN_KEYS))})",
                level="warning")
        for key in data if key not in KNOWN_KEYS
    ]
    meta = {key: value for key, value in data.items() if key in KNOWN_KEYS}
    if "date" in meta:
        date = coerce_date(meta["date"])
        if date is None:
            problems.append(Problem(where, _line_of(path, "date"), f"'date' is not a date: {meta['date']!r}"))
            del meta["date"]
        else:
            meta["date"] = date
    if "year" in meta and not (isinstance(meta["year"], int) and 1900 <= meta["year"] <= 2999):
        problems.append(Problem(where, _line_of(path, "year"), f"'year' must be a year like 2026: {meta['year']!r}"))
        del meta["year"]
    for key in ("source", "title", "url", "format", "kind"):
        if key in meta and not isinstance(meta[key], str):
            problems.append(Problem(where, _line_of(path, key), f"'{key}' must be text: {meta[key]!r}"))
            del meta[key]
    return meta, problems


def _line_of(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1
