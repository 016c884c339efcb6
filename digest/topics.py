"""The topic taxonomy type; the default taxonomy itself lives in digest.yaml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    description: str
    keywords: tuple[str, ...] = ()
