"""Story segmentation for spoken text: where does one news story end and the next begin?

Podcast hosts usually announce a new story ("next up", "moving on to", "one more story"), but
not always, and the same words turn up inside stories too. So three kinds of evidence are
combined:

* cue phrases that open a story, scored by how unambiguous they are;
* lexical cohesion (TextTiling-style): TF-IDF vectors of the text just before and just after
  each gap; a story change shows up as a valley in their similarity ("depth score");
* length priors: stories are rarely shorter than ~8 sentences or much longer than ~150.

The boundaries are chosen by dynamic programming over candidate gaps, maximising the evidence
minus a per-boundary cost minus the length penalties. Every step looks at a fixed window around
a gap, so the cost grows linearly with the document.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from digest.text import content_words, split_sentences

CHUNK_WORDS = 20  # pseudo-sentence length for speech without punctuation

# --- units ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A sentence (or pseudo-sentence) and the index of the line it came from."""

    text: str
    line: int
    pseudo: bool = False


_CLAUSE_STARTERS = frozenset(
    "and so but which because yeah i we they it's this that's now then when if or also okay anyway".split()
)


def is_unpunctuated(text: str) -> bool:
    """Auto-captions and run-on speech: many words, hardly any punctuation."""
    n_words = len(text.split())
    return n_words > 30 and len(re.findall(r"[.,;:!?]", text)) < n_words / 25


def pseudo_sentences(text: str, size: int = CHUNK_WORDS) -> list[str]:
    """Cut unpunctuated speech into ~size-word pieces, first at story cues, then at clause starts."""
    pieces: list[str] = []
    for part in _split_at_cues(text):
        pieces.extend(_chunk(part, size))
    return pieces


def _split_at_cues(text: str) -> list[str]:
    starts = sorted({m.start() for pattern, _ in CUES for m in pattern.finditer(text) if m.start() > 0})
    parts, previous = [], 0
    for start in starts:
        if len(text[previous:start].split()) >= 3:  # never leave a two-word stub behind
            parts.append(text[previous:start].strip())
            previous = start
    parts.append(text[previous:].strip())
    return [part for part in parts if part]


def _chunk(text: str, size: int) -> list[str]:
    tokens = text.split()
    pieces: list[str] = []
    start = 0
    while start < len(tokens):
        end = min(len(tokens), start + size)
        if len(tokens) - end < size // 2:
            end = len(tokens)
        else:
            for k in range(start + size - 5, min(len(tokens), start + size + 6)):
                if tokens[k].lower().strip(",.") in _CLAUSE_STARTERS:
                    end = k
                    break
        pieces.append(" ".join(tokens[start:end]))
        start = end
    return pieces


def units_from_lines(lines: list[str]) -> list[Unit]:
    """Sentences of each line, tagged with the line index; unpunctuated runs become pseudo-sentences."""
    units: list[Unit] = []
    for index, line in enumerate(lines):
        for sentence in split_sentences(line):
            if is_unpunctuated(sentence) or (not re.search(r"[.!?]", sentence) and find_cue(sentence, 999) > 0):
                units.extend(Unit(piece, index, pseudo=True) for piece in pseudo_sentences(sentence))
            else:
                units.append(Unit(sentence, index))
    return units


# --- cue phrases ----------------------------------------------------------------------------------

_LEAD = r"(?:^|[.,;:!?]\s+|\b(?:and|so|now|okay|ok|alright|well|anyway|but)\s+)"
_NOUN = r"(?:story|stories|article|paper|item|headline|topic|piece of news|bit of news|news item)"


def _cue(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# (pattern, strength): strength 1.0 means hosts use the phrase only to open a story.
CUES: tuple[tuple[re.Pattern[str], float], ...] = (
    (_cue(rf"\bnext (?:up\b|{_NOUN}\b)|\b(?:our|the) next (?:[\w-]+ ){{0,2}}{_NOUN}\b"), 1.0),
    (_cue(rf"\bnext (?:[\w-]+ ){{1,2}}{_NOUN}\b"), 0.9),
    (_cue(rf"\b(?:one|another) (?:more|last|final|other) (?:[\w-]+ ){{0,3}}(?:{_NOUN}|model|release|deal)\b"), 1.0),
    (_cue(rf"\b(?:the |and )?(?:last|final) {_NOUN} (?:for|of|in) (?:the|this|today)\b"), 1.0),
    (_cue(r"\bmoving (?:right |straight |swiftly |quickly )?on\b|\blet's move on\b"), 1.0),
    (_cue(rf"{_LEAD}(?:now |next,? )?(?:on ?to|over to)\b(?!\s+(?:the )?(?:next (?:week|year)))"), 0.9),
    (_cue(r"\b(?:switching|shifting|changing) gears\b|\bin other news\b|\blast but not least\b"), 1.0),
    (_cue(r"\b(?:first up|first story|our first (?:story|item|headline)|(?:we|let's) (?:begin|start|kick (?:things )?off) with"
          r"|kicking (?:things|us) off|to kick (?:things|us) off)\b"), 1.0),
    (_cue(rf"\b(?:have|got|there's) (?:just |only )?(?:one|a) (?:[\w-]+ ){{0,4}}{_NOUN}\b"), 0.6),
    (_cue(r"^\W*(?:(?:and|so|okay|alright|now)\W+)?next\s*,"), 0.8),
    (_cue(r"^\W*(?:(?:and|so|okay)\W+)?(?:meanwhile|elsewhere|finally|turning to|over in)\b"), 0.5),
    (_cue(r"\b(?:this|today's) (?:story|article|paper) (?:comes|is) from\b|\bheadline (?:here|reads)\b"), 0.5),
)
CUE_WINDOW = 9  # a cue counts only among the first words of a sentence ("And speaking of X, next story")


def find_cue(text: str, window: int = CUE_WINDOW) -> float:
    """Strength in [0, 1] of the strongest story-opening cue near the start of a sentence."""
    best = 0.0
    for pattern, strength in CUES:
        for match in pattern.finditer(text):
            if len(text[: match.start()].split()) <= window:
                best = max(best, strength)
            break
    return best


# --- lexical cohesion -----------------------------------------------------------------------------


def _stem(word: str) -> str:
    """A crude plural/verb-suffix strip: 'chips'/'chip', 'released'/'release' meet."""
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _terms(text: str) -> list[str]:
    return [_stem(word) for word in content_words(text)]


def depth_scores(texts: list[str], block_words: int = 60, max_climb: int = 40) -> list[float]:
    """TextTiling depth at every gap: gap i sits before texts[i]; index 0 is always 0.0.

    Blocks hold about block_words content words, so short lines and long pseudo-sentences weigh
    the same. IDF is computed over the document's units: a word that is everywhere says nothing.
    """
    n = len(texts)
    if n < 3:
        return [0.0] * n
    terms = [_terms(text) for text in texts]
    df = Counter(word for unit in terms for word in set(unit))
    idf = {word: math.log((n + 1) / (count + 0.5)) for word, count in df.items()}
    similarity = [0.0] * n
    for gap in range(1, n):
        left = _block(terms, gap - 1, -1, block_words)
        right = _block(terms, gap, 1, block_words)
        similarity[gap] = _cosine(left, right, idf)
    smooth = similarity[:]
    for gap in range(1, n):
        window = similarity[max(1, gap - 1): gap + 2]
        smooth[gap] = sum(window) / len(window)
    depth = [0.0] * n
    for gap in range(1, n):
        left_peak = _climb(smooth, gap, -1, max_climb)
        right_peak = _climb(smooth, gap, 1, max_climb)
        depth[gap] = (left_peak - smooth[gap]) + (right_peak - smooth[gap])
    return depth


def _block(terms: list[list[str]], start: int, step: int, size: int) -> Counter[str]:
    block: Counter[str] = Counter()
    index, total = start, 0
    while 0 <= index < len(terms) and total < size:
        block.update(terms[index])
        total += len(terms[index])
        index += step
    return block


def _cosine(a: Counter[str], b: Counter[str], idf: dict[str, float]) -> float:
    dot = sum(count * b[word] * idf[word] ** 2 for word, count in a.items() if word in b)
    if not dot:
        return 0.0
    norm_a = math.sqrt(sum((count * idf[word]) ** 2 for word, count in a.items()))
    norm_b = math.sqrt(sum((count * idf[word]) ** 2 for word, count in b.items()))
    return dot / (norm_a * norm_b)


def _climb(values: list[float], start: int, step: int, limit: int) -> float:
    peak, index = values[start], start + step
    while 1 <= index < len(values) and abs(index - start) <= limit and values[index] >= peak:
        peak = values[index]
        index += step
    return peak


# --- choosing boundaries --------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    """Weights of the evidence and the length priors (lengths in sentences)."""

    cue_weight: float = 1.0
    lexical_weight: float = 0.6
    boundary_cost: float = 0.45
    min_length: int = 8
    max_length: int = 150
    short_penalty: float = 1.0  # at length 0, falling linearly to 0 at min_length
    long_penalty: float = 0.4  # per max_length of excess


def boundary_evidence(texts: list[str], params: Params = Params()) -> list[float]:
    """Evidence in [0, ~1.6] that a story starts at each sentence (index 0 is 0.0)."""
    depth = depth_scores(texts)
    scale = _depth_scale(depth)
    evidence = [0.0] * len(texts)
    for i in range(1, len(texts)):
        lexical = min(1.0, depth[i] / scale) if scale else 0.0
        evidence[i] = params.cue_weight * find_cue(texts[i]) + params.lexical_weight * lexical
    return evidence


def _depth_scale(depth: list[float]) -> float:
    """A 'clearly deep' valley for this document: mean + 2 sd of the local maxima of depth."""
    peaks = [d for i, d in enumerate(depth[1:-1], 1) if d > 0 and d >= depth[i - 1] and d >= depth[i + 1]]
    if len(peaks) < 2:
        return max(depth) if depth else 0.0
    mean = sum(peaks) / len(peaks)
    sd = math.sqrt(sum((d - mean) ** 2 for d in peaks) / len(peaks))
    return mean + 2 * sd


def segment(sentences: list[str], forced: set[int] | frozenset[int] = frozenset(),
            params: Params = Params()) -> list[int]:
    """Indexes of the sentences that open a story, always starting with 0 (empty input: []).

    `forced` indexes are certain boundaries (after a sponsor read, at a heading); the stretches
    between them are segmented independently.
    """
    if not sentences:
        return []
    evidence = boundary_evidence(sentences, params)
    cuts = sorted({0, *(i for i in forced if 0 < i < len(sentences))})
    starts: list[int] = []
    for a, b in zip(cuts, cuts[1:] + [len(sentences)]):
        starts.extend(_best_boundaries(evidence, a, b, params))
    return starts


def _penalty(length: int, params: Params) -> float:
    if length < params.min_length:
        return params.short_penalty * (params.min_length - length) / params.min_length
    if length > params.max_length:
        return params.long_penalty * (length - params.max_length) / params.max_length
    return 0.0


def _best_boundaries(evidence: list[float], a: int, b: int, params: Params) -> list[int]:
    """Dynamic programming over candidate gaps in [a, b): starts of the best segmentation."""
    candidates = [a] + [i for i in range(a + 1, b) if evidence[i] > 0.05 and _is_local_best(evidence, i, a, b)] + [b]
    best = [0.0] * len(candidates)
    back = [0] * len(candidates)
    for k in range(1, len(candidates)):
        gain = evidence[candidates[k]] - params.boundary_cost if k < len(candidates) - 1 else 0.0
        options = (
            (best[j] - _penalty(candidates[k] - candidates[j], params), j) for j in range(k)
        )
        value, back[k] = max(options, key=lambda option: (option[0], -option[1]))
        best[k] = value + gain
    starts, k = [], len(candidates) - 1
    while k > 0:
        k = back[k]
        starts.append(candidates[k])
    return sorted(starts)


def _is_local_best(evidence: list[float], i: int, a: int, b: int, radius: int = 2) -> bool:
    """Keep a gap as a candidate only if no neighbour within radius has stronger evidence."""
    lo, hi = max(a + 1, i - radius), min(b, i + radius + 1)
    return all(evidence[i] >= evidence[j] for j in range(lo, hi) if j < i) and all(
        evidence[i] > evidence[j] for j in range(lo, hi) if j > i
    )
