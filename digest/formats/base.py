"""What every format module shares: the raw document it reads.

A format module exposes NAME, score(doc) -> float in [0, 1] (how strongly the document's
structure says "this is my format") and parse(doc) -> ParseResult.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RawDocument:
    path: str  # relative to the sources folder, POSIX separators
    text: str  # decoded, newlines normalised to \n
    meta: dict[str, Any] = field(default_factory=dict)  # sidecar metadata

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")
