"""Format registry and detection: each format scores the document's structure; the best wins."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from digest.formats import channel, digest_text, document, essays, native, newsletter, show_script, transcript
from digest.formats.base import RawDocument

FORMATS: tuple[ModuleType, ...] = (native, digest_text, show_script, newsletter, channel, essays, transcript)
FALLBACK = document
BY_NAME = {module.NAME: module for module in (*FORMATS, FALLBACK)}
MIN_CONFIDENCE = 0.35


@dataclass(frozen=True)
class Detection:
    format: ModuleType
    confidence: float
    explicit: bool = False

    @property
    def name(self) -> str:
        return self.format.NAME


def detect(doc: RawDocument) -> Detection:
    """Pick the format with the strongest structural evidence; `format:` in metadata overrides."""
    explicit = doc.meta.get("format")
    if isinstance(explicit, str) and explicit in BY_NAME:
        return Detection(BY_NAME[explicit], 1.0, explicit=True)
    scored = []
    for index, module in enumerate(FORMATS):
        scored.append((float(module.score(doc)), -index, module))
        if scored[-1][0] >= 1.0:
            break  # scores are at most 1.0 and ties go to the format listed first: nothing can beat it
    best_score, _, best = max(scored, key=lambda entry: entry[:2])
    if best_score < MIN_CONFIDENCE:
        return Detection(FALLBACK, round(best_score, 3))
    return Detection(best, round(best_score, 3))
