"""Headlines for untitled stories: the sentence that names an entity and what happened, with the
spoken lead-in ("So, next story, ...") cut away. Not simply the first words of the segment.
"""

from __future__ import annotations

import re
from collections import Counter

from digest.text import content_words, split_sentences

_LEAD_IN_RE = re.compile(
    r"^(?:(?:and|so|okay|ok|alright|all right|well|now|yeah|right|also|but|then|first|finally|next|lastly)\b[,.]?\s+)+",
    re.IGNORECASE,
)
# Transitions a host says before the news itself; everything up to them is dropped.
_CUE_RE = re.compile(
    r"^.*?\b(?:next story|next up|our next story|moving (?:straight )?on(?: to [^,]+)?|on ?to [^,]{0,40}|"
    r"speaking of [^,]{0,40}|one (?:more|last) [^,]{0,30}stor(?:y|ies)|starting (?:up |off )?with [^,]{0,40}|"
    r"we (?:begin|start) with|first up|let's (?:move|go) on to [^,]{0,40}|lightning round|quick hits?)\b[,:.]?\s*",
    re.IGNORECASE,
)
# Sentences opening like this lean on context; a headline should stand alone.
_CONTEXTUAL_RE = re.compile(
    r"^(?:like|or|it|its|it's|that|that's|this|these|those|they|there|here|here's|he|she|we|you|i|which|because|"
    r"just|if|when|what|um|uh)\b",
    re.IGNORECASE,
)
_FILLER_RE = re.compile(r"\b(?:you know|i mean|kind of|sort of|basically|like,)\s*", re.IGNORECASE)
_ENTITY_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b(?:[A-Z][\w\-.]*[A-Za-z0-9]|[A-Z]{2,}|\w*\d\w*)\b")


def _clean(sentence: str) -> str:
    text = sentence.strip().strip("\"'“”")
    for _ in range(4):  # "And speaking of Meta, next story, ..." has more than one
        cue = _CUE_RE.match(text)
        if not cue or cue.end() >= len(text) - 15:
            break
        text = text[cue.end():]
    text = _LEAD_IN_RE.sub("", text)
    text = _FILLER_RE.sub("", text)
    text = re.sub(r"^(?:a|the) (?:business deal|story|paper|deal|report|release|new release from [^,]+),\s*", "", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip(" ,;:-—")
    return text


def _entities(sentence: str) -> int:
    return len(_ENTITY_RE.findall(sentence))


def _trim(text: str, max_chars: int) -> str:
    text = text.rstrip(".!?… ")
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars + 1]
    for mark in (", ", "; ", " — ", " - ", ": "):
        head = cut.rsplit(mark, 1)[0]
        if len(head) >= max_chars * 0.5 and mark in cut:
            return head.rstrip(" ,;:")
    return cut.rsplit(" ", 1)[0].rstrip(" ,;:")


def make_title(text: str, max_chars: int = 80) -> str:
    """A headline of at most max_chars naming the story's main entity and what happened."""
    sentences = [s for s in split_sentences(text)[:12] if len(s.split()) >= 4]
    if not sentences:
        words = text.split()
        return _trim(" ".join(words[:12]), max_chars) if words else "Untitled"
    frequency = Counter(content_words(text))
    best, best_score = sentences[0], float("-inf")
    for position, sentence in enumerate(sentences):
        cleaned = _clean(sentence)
        if len(cleaned.split()) < 4 or cleaned.endswith("?"):
            continue
        terms = set(content_words(cleaned))
        centrality = sum(frequency[t] for t in terms) / (len(terms) + 3) if terms else 0.0
        score = 1.5 * min(_entities(cleaned), 3) + centrality - 0.5 * position
        if _CONTEXTUAL_RE.match(cleaned):
            score -= 3.0
        if len(cleaned) > 2 * max_chars:
            score -= 1.0
        if score > best_score:
            best, best_score = cleaned, score
    title = _trim(_clean(best) if best == sentences[0] else best, max_chars)
    return (title[0].upper() + title[1:]) if title else "Untitled"
