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
from collections.abc import Iterator
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
    starts = sorted({m.start() for pattern in _SPLIT_CUES for m in pattern.finditer(text) if m.start() > 0})
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
            if is_unpunctuated(sentence) or (not re.search(r"[.!?,]", sentence) and len(_split_at_cues(sentence)) > 1):
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
    (_cue(r"\b(?:here's|here is) (?:one|a story|something|another one)\b"
          r"|\b(?:one|a story|something) that caught my eye\b"
          r"|\b(?:our|the) (?:top|lead|biggest) (?:story|headline)\b"), 0.9),
    (_cue(r"^\W*(?:(?:and|so|okay)\W+)?(?:quickly|briefly|real quick),? before we (?:wrap|go|close|finish)"), 0.9),
    (_cue(r"\b(?:first up|first story|our first (?:story|item|headline)"
          r"|(?:we|let's) (?:begin|start|kick (?:things )?off) with"
          r"|kicking (?:things|us) off|to kick (?:things|us) off)\b"), 1.0),
    (_cue(rf"\b(?:have|got|there's) (?:just |only )?(?:one|a) (?:[\w-]+ ){{0,4}}{_NOUN}\b"), 0.6),
    (_cue(r"^\W*(?:(?:and|so|okay|alright|now)\W+)?next\s*,"), 0.8),
    (_cue(r"^\W*(?:(?:and|so|okay)\W+)?(?:meanwhile|elsewhere|finally|turning to|over in)\b"), 0.35),
    (_cue(r"\b(?:this|today's) (?:story|article|paper) (?:comes|is) from\b"), 0.35),
)
# In unpunctuated speech a sentence-initial cue ("and finally ...") can start anywhere.
_SPLIT_CUES = tuple(re.compile(p.pattern.replace("^\\W*", "(?<=\\s)", 1), re.IGNORECASE) for p, _ in CUES)
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


def depth_scores(texts: list[str], block_words: int = 100, max_climb: int = 40) -> list[float]:
    """TextTiling depth at every gap: gap i sits before texts[i]; index 0 is always 0.0.

    Blocks hold about block_words content words, so short lines and long pseudo-sentences weigh
    the same. IDF is computed over the document's units: a word that is everywhere says nothing.
    """
    n = len(texts)
    if n < 3 or block_words <= 0:  # blocks of no words compare nothing
        return [0.0] * n
    terms = [_terms(text) for text in texts]
    df = Counter(word for unit in terms for word in set(unit))
    weight = {word: math.log((n + 1) / (count + 0.5)) ** 2 for word, count in df.items()}  # idf squared
    similarity = [0.0] * n
    support = [0.0] * n  # how full the smaller block is: valleys next to the document's edges are unreliable
    for gap, left, right, left_total, right_total in _blocks(terms, block_words):
        similarity[gap] = _cosine(left, right, weight)
        support[gap] = min(1.0, left_total / block_words, right_total / block_words)
    smooth = similarity[:]
    for gap in range(1, n):
        window = similarity[max(1, gap - 1): gap + 2]
        smooth[gap] = sum(window) / len(window)
    depth = [0.0] * n
    for gap in range(1, n):
        left_peak = _climb(smooth, gap, -1, max_climb)
        right_peak = _climb(smooth, gap, 1, max_climb)
        depth[gap] = ((left_peak - smooth[gap]) + (right_peak - smooth[gap])) * support[gap]
    return depth


def _blocks(terms: list[list[str]], size: int) -> Iterator[tuple[int, dict[str, int], dict[str, int], int, int]]:
    """(gap, left block, right block, their word totals) at every gap. The left block is the units
    before the gap, nearest first, until it holds `size` words; the right one those from the gap
    on. Both slide along with the gap, each unit counted in and out once: building each pair
    afresh was most of segmenting a long transcript (a block is about ten caption lines). The
    two dicts are the same objects at every step: read them before taking the next."""
    n = len(terms)
    left: dict[str, int] = {}
    right: dict[str, int] = {}
    left_start, left_total = 0, 0  # left holds units left_start .. gap-1
    right_end, right_total = 1, len(terms[0])  # right holds units gap .. right_end-1
    _add(right, terms[0])
    for gap in range(1, n):
        _add(left, terms[gap - 1])
        left_total += len(terms[gap - 1])
        while left_start < gap - 1 and left_total - len(terms[left_start]) >= size:
            _remove(left, terms[left_start])
            left_total -= len(terms[left_start])
            left_start += 1
        _remove(right, terms[gap - 1])  # it opened the last gap's right block; now it is on the left
        right_total -= len(terms[gap - 1])
        while right_end < n and right_total < size:
            _add(right, terms[right_end])
            right_total += len(terms[right_end])
            right_end += 1
        yield gap, left, right, left_total, right_total


def _add(block: dict[str, int], words: list[str]) -> None:
    for word in words:
        block[word] = block.get(word, 0) + 1


def _remove(block: dict[str, int], words: list[str]) -> None:
    for word in words:
        count = block[word] - 1
        if count:
            block[word] = count
        else:
            del block[word]


def _cosine(a: dict[str, int], b: dict[str, int], weight: dict[str, float]) -> float:
    """Cosine of the two blocks' TF-IDF vectors (weight: each word's IDF squared)."""
    if len(b) < len(a):
        a, b = b, a
    # fsum: a sum exact before its one rounding, so the same two blocks give the same cosine
    # whatever order their words went in (a sliding block's order depends on its history). With
    # sum(), repeated text made ties that differed in the last bit, and a valley moved.
    dot = math.fsum(count * b[word] * weight[word] for word, count in a.items() if word in b)
    if not dot:
        return 0.0
    norm_a = math.sqrt(math.fsum(count * count * weight[word] for word, count in a.items()))
    norm_b = math.sqrt(math.fsum(count * count * weight[word] for word, count in b.items()))
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
    lexical_weight: float = 1.0  # before calibration against the document's own cues
    boundary_cost: float = 0.45  # a strong cue alone clears it; a weak cue needs lexical support
    min_length: int = 8
    max_length: int = 150
    short_penalty: float = 1.0  # at length 0, falling linearly to 0 at min_length
    long_penalty: float = 0.4  # per max_length of excess
    prior_reliability: float = 0.85  # trust in lexical valleys before any cue is seen
    prior_weight: float = 4.0  # worth this many sure boundaries: one or two cues say little
    block_words: int = 100  # content words compared on each side of a gap


def boundary_evidence(texts: list[str], params: Params = Params(),
                      forced: set[int] | frozenset[int] = frozenset()) -> list[float]:
    """Evidence that a story starts at each sentence (index 0 is 0.0).

    Lexical valleys are trusted as much as they agree with the document's own sure boundaries
    (strong cues and forced cuts): in a show whose hosts announce every story, valleys between
    announcements are tangents; in one that rarely announces, valleys are the main signal.
    """
    n = len(texts)
    depth = depth_scores(texts, params.block_words)
    scale = _depth_scale(depth)
    lexical = [min(1.0, d / scale) if scale else 0.0 for d in depth]
    cues = [0.0] + [find_cue(text) for text in texts[1:]]
    for i in range(n - 1, 0, -1):  # "Onto policy. We begin with ...": the first cue of a cluster opens the story
        earlier = [j for j in range(max(1, i - 3), i) if cues[j] >= 0.5]
        if cues[i] and earlier:
            cues[earlier[0]], cues[i] = max(cues[earlier[0]], cues[i]), 0.0
    near = [max(lexical[max(1, i - 2): i + 3], default=0.0) for i in range(n)]
    sure = sorted({i for i in range(1, n) if cues[i] >= 0.9} | {i for i in forced if 0 < i < n})
    weight = params.lexical_weight * lexical_reliability(lexical, sure, params) ** 2
    evidence = [0.0] * n
    for i in range(1, n):
        evidence[i] = params.cue_weight * cues[i] + weight * (near[i] if cues[i] > 0 else lexical[i])
    return evidence


def lexical_reliability(lexical: list[float], sure: list[int], params: Params) -> float:
    """How well the deepest lexical valleys find the sure boundaries, in [0, 1].

    Recall of the sure boundaries (within 3 sentences) by the 2K deepest valleys, K = number of
    sure boundaries, corrected for the recall such valleys would get by chance, then shrunk
    towards a prior when K is small.
    """
    n = len(lexical)
    if not sure or n < 3:
        return params.prior_reliability
    peaks = sorted((i for i in range(1, n - 1) if lexical[i] > 0 and lexical[i] >= lexical[i - 1]
                    and lexical[i] >= lexical[i + 1]), key=lambda i: -lexical[i])
    top = peaks[: 2 * len(sure)]
    recall = sum(1 for i in sure if any(abs(i - j) <= 3 for j in top)) / len(sure)
    chance = min(1.0, len(top) * 7 / n)
    observed = (recall - chance) / (1 - chance) if chance < 1 else params.prior_reliability
    observed = min(1.0, max(0.0, observed))
    k = len(sure)
    return (k * observed + params.prior_weight * params.prior_reliability) / (k + params.prior_weight)


def _depth_scale(depth: list[float]) -> float:
    """A 'clearly deep' valley for this document: the 90th percentile of its local depth maxima."""
    peaks = sorted(d for i, d in enumerate(depth[1:-1], 1) if d > 0 and d >= depth[i - 1] and d >= depth[i + 1])
    if not peaks:
        return max(depth, default=0.0)
    return peaks[min(len(peaks) - 1, int(0.9 * len(peaks)))]


def segment(sentences: list[str], forced: set[int] | frozenset[int] = frozenset(),
            params: Params = Params()) -> list[int]:
    """Indexes of the sentences that open a story, always starting with 0 (empty input: []).

    `forced` indexes are certain boundaries (after a sponsor read, at a heading); the stretches
    between them are segmented independently.
    """
    if not sentences:
        return []
    evidence = boundary_evidence(sentences, params, forced)
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
    horizon = 4 * params.max_length  # segments longer than this are never better than a cut: keeps it linear
    best = [0.0] * len(candidates)
    back = [0] * len(candidates)
    first = 0  # earliest candidate still within the horizon of candidate k
    for k in range(1, len(candidates)):
        gain = evidence[candidates[k]] - params.boundary_cost if k < len(candidates) - 1 else 0.0
        while candidates[k] - candidates[first] > horizon and first < k - 1:
            first += 1
        options = (
            (best[j] - _penalty(candidates[k] - candidates[j], params), j) for j in range(first, k)
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
