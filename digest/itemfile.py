"""Item files on disk: Markdown with a YAML frontmatter block that a person reads and edits.

Two ways to write one. A file nobody touched since we wrote it is simply written anew. A file a
person touched is updated in place with a round-trip YAML parser, so their comments, key order,
extra keys and wording survive; only the generated values that changed are replaced.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as RoundTripError

from digest.dates import coerce_date
from digest import yamlout
from digest.model import Item

# Frontmatter at the very top: '---', the YAML block, '---', then the body.
_FRONT_RE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)(?:\r?\n)?^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
_TRUE = {"true", "yes", "on", "1", "y"}
# libyaml's loader when it is there: every item file is read on every run.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class ItemFile:
    """What a person's item file says: its frontmatter mapping and its body, as written."""

    meta: dict[str, Any]
    body: str
    raw: str
    framed: bool = True  # it has a frontmatter block (an empty file or a bare body has none)


class ItemFileError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def item_meta(item: Item) -> dict[str, Any]:
    """The frontmatter we generate for an item, in the order a person reads it."""
    meta: dict[str, Any] = {
        "id": item.id,
        "title": item.title,
        "date": item.date.isoformat(),
        "week": item.week,
        "source": item.source,
        "kind": item.kind,
        "url": item.url,
        "topic": item.topic,
        "tags": list(item.tags),
        "summary": item.summary,
        "take": item.take,
        "hidden": item.hidden,
        "pinned": item.pinned,
        "format": item.format,
        "date_source": item.date_source,
    }
    if item.origin:
        meta["origin"] = {"file": item.origin.file, "start_line": item.origin.start_line,
                          "end_line": item.origin.end_line}
    return meta


def render(item: Item) -> str:
    head = yamlout.dump(item_meta(item))
    return f"---\n{head}---\n\n{item.body.strip()}\n"


def parse(raw: str) -> ItemFile:
    """Split and parse an item file; ItemFileError carries the 1-based line of the problem."""
    match = _FRONT_RE.match(raw)
    if not match:
        return ItemFile(meta={}, body=raw.lstrip("\ufeff"), raw=raw, framed=False)
    try:
        meta = yaml.load(match.group(1), Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ItemFileError(mark.line + 2 if mark is not None else 1, f"frontmatter is not valid YAML: {exc}") from exc
    except ValueError as exc:  # PyYAML raises it for impossible dates such as 2026-13-45
        raise ItemFileError(_first_line_with(raw, "date:"), f"frontmatter has a bad value: {exc}") from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ItemFileError(2, "frontmatter must be a mapping of keys to values")
    return ItemFile(meta={str(key): value for key, value in meta.items()}, body=raw[match.end():], raw=raw)


def stale(current: ItemFile, item: Item, keep: set[str]) -> list[str]:
    """Generated keys (and 'body') whose value in the file is not the one we would write now."""
    keys = [key for key, value in item_meta(item).items()
            if key not in keep and (key not in current.meta or not _same(key, current.meta[key], value))]
    if "body" not in keep and normalize_body(current.body) != normalize_body(item.body):
        keys.append("body")
    return keys


def update(current: ItemFile, item: Item, keep: set[str]) -> str:
    """The person's file with every generated value not in `keep` brought up to date."""
    match = _FRONT_RE.match(current.raw)
    if not match:
        return render(item)
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 100
    try:
        doc = rt.load(match.group(1))
    except (RoundTripError, ValueError):
        return render(item)
    if not isinstance(doc, dict):
        return render(item)
    for key, value in item_meta(item).items():
        if key in keep:
            continue
        new = coerce_date(value) if key == "date" else value
        if key in doc and _same(key, doc[key], new):
            continue
        doc[key] = new
    out = io.StringIO()
    rt.dump(doc, out)
    body = current.body if "body" in keep else f"\n{item.body.strip()}\n"
    return f"---\n{out.getvalue()}---\n{body}"


def as_bool(value: Any) -> bool:
    """YAML booleans, and the strings people type for them ('true', 'yes')."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    return str(value).strip().lower() in _TRUE if value is not None else False


def as_tags(value: Any) -> list[str]:
    """Tags as a list of strings, whatever shape a person wrote them in."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    elif not isinstance(value, (list, tuple, set)):
        value = [value]
    return [str(tag).strip() for tag in value if tag is not None and str(tag).strip()]


def normalize_body(text: Any) -> str:
    """Bodies compare equal across line endings and trailing spaces, but a new paragraph is a change."""
    lines = str(text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _same(key: str, old: Any, new: Any) -> bool:
    if key == "date":
        return coerce_date(old) == coerce_date(new)
    return old == new


def _first_line_with(raw: str, prefix: str) -> int:
    for number, line in enumerate(raw.splitlines(), 1):
        if line.startswith(prefix):
            return number
    return 1
