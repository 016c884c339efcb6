"""Frontmatter YAML for item files, written fast and read back by any YAML parser unchanged.

Why not yaml.dump: even with libyaml, PyYAML's representer is Python and took most of the time of
writing 10,000 item files. Item frontmatter is a flat mapping of strings, numbers, booleans, lists
and small mappings, so it is written here directly: a string stays plain (unquoted) when YAML would
read it back as that same string, else it is double-quoted with JSON escaping (a JSON string is a
valid YAML double-quoted scalar once the characters YAML treats as line breaks or forbids are
escaped too). Anything else falls back to yaml.dump.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import yaml

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
# Conservative: letters, digits and quiet punctuation; no indicators, no ': ' or ' #', no edge spaces.
_PLAIN_RE = re.compile(r"[A-Za-z0-9(][^\x00-\x1f\x7f-\x9f:#\[\]{},&*!|>'\"%@`\\\u2028\u2029\ufeff]*")
# YAML 1.2 parsers (ruamel, used to update edited files) read more of these as numbers: quote them all.
_NUMBERISH_RE = re.compile(r"[-+.]?[0-9][0-9A-Za-z_.:+-]*")
# Characters JSON leaves raw but YAML must see escaped (C1 controls, line/paragraph separators, BOM,
# noncharacters, lone surrogates).
_ESCAPE_RE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def scalar(value: Any, flow: bool = False) -> str:
    """`flow`: inside [...] or {...}, where PyYAML also ends a plain scalar at '?' ("[Why?]" fails)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return _short_text(text, flow) if len(text) <= SHORT else _text(text, flow)


SHORT = 80  # characters: keys, tags, topics, sources, dates and ids repeat from item to item


@functools.lru_cache(maxsize=1 << 14)
def _short_text(text: str, flow: bool) -> str:
    return _text(text, flow)


def _text(text: str, flow: bool) -> str:
    if (_PLAIN_RE.fullmatch(text) and not text.endswith(" ") and not (flow and "?" in text)
            and not _NUMBERISH_RE.fullmatch(text)
            and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _ESCAPE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _flow(value: Any) -> str | None:
    """A list or mapping of scalars on one line, or None if it holds anything else."""
    if isinstance(value, list) and all(_is_scalar(v) for v in value):
        return "[" + ", ".join(scalar(v, flow=True) for v in value) + "]"
    if isinstance(value, dict) and all(isinstance(k, str) and _is_scalar(v) for k, v in value.items()):
        return "{" + ", ".join(f"{scalar(k, flow=True)}: {scalar(v, flow=True)}" for k, v in value.items()) + "}"
    return None


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, bool, int))


def dump(meta: dict[str, Any]) -> str:
    """A YAML mapping, one key per line, in the dict's order; ends with a newline."""
    lines = []
    for key, value in meta.items():
        if not isinstance(key, str):
            return yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
        if _is_scalar(value):
            lines.append(f"{scalar(key)}: {scalar(value)}")
            continue
        flow = _flow(value)
        if flow is not None and (isinstance(value, list) or len(flow) <= 100):
            lines.append(f"{scalar(key)}: {flow}")
        elif isinstance(value, dict) and flow is not None:
            lines.append(f"{scalar(key)}:")
            lines.extend(f"  {scalar(k)}: {scalar(v)}" for k, v in value.items())
        elif isinstance(value, list) and all(_flow(v) is not None and isinstance(v, dict) for v in value):
            lines.append(f"{scalar(key)}:")
            lines.extend(f"- {_flow(v)}" for v in value)
        else:
            return yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(lines) + "\n"
