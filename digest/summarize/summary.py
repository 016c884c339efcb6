"""Extractive summaries, spoken-text cleanup and issue ledes; offline, deterministic, numpy only.

Why extractive: every sentence we show was written (or said) by the source, so a summary can be
wrong about emphasis but never invents facts. Sentences are scored by centrality (LexRank over
TF-IDF sentence similarity), closeness to the document's centroid and an early-position prior,
then picked MMR-style so the summary covers the story instead of repeating its main sentence.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from digest.links import split_glued_url
from digest.text import STOPWORDS, split_sentences, truncate_words, words

if TYPE_CHECKING:
    import numpy as np  # imported where used: a build whose items all carry summaries never needs it

MAX_CANDIDATES = 150  # bounds the similarity matrix: summarizing stays linear in the text length
MIN_WORDS = 6  # shorter sentences ("Absolutely.", "Yeah, exactly.") only make sense in context
CHUNK_WORDS = 20  # auto-captions without punctuation become pseudo-sentences of about this size
DUPLICATE_SIMILARITY = 0.6  # two sentences this similar (cosine) never both make a summary
MMR_LAMBDA = 0.7
POSITION_SCALE = 50.0  # words: a sentence starting this far in gets half the position prior
WEIGHTS = (0.3, 0.3, 0.4)  # centrality, closeness to the centroid, position
# Short sentences look central (few words, all of them topical) but say little: reward substance.
FULL_SENTENCE_TERMS = 10
SUBSTANCE_WEIGHT = 0.15
EXTRA_MAX_PENALTY = 0.25  # beyond the first two sentences, only clean ones fill leftover budget
EXTRA_MIN_SHARE = 0.5  # ... and only ones scoring at least this share of the best sentence
PSEUDO_PENALTY = 0.2  # a chunk of unpunctuated speech reads worse than a real sentence

# --- terms: shared with topics.py and tags.py ---------------------------------------------------

_STEM_KEEP = frozenset("news series species always perhaps analysis thesis basis process class".split())


@functools.lru_cache(maxsize=65536)  # a vocabulary is small and every build stems every word again
def stem(word: str) -> str:
    """A light suffix stripper: enough to match "models"/"model" and "training"/"trained"."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or w in _STEM_KEEP or any(ch.isdigit() for ch in w):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("sses"):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # "running" -> "run", "planned" -> "plan"
            break
    return w


def terms(text: str) -> list[str]:
    """Stemmed content words: what TF-IDF vectors are built from."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1 and not w.isdigit()]


# --- spoken-text cleanup ------------------------------------------------------------------------

_FILLER_RES = [
    re.compile(r"(?:^|(?<=[\s,.;:!?—–-]))(?:um+|uh+|erm|er|hmm+|mhm|mmm+)(?=[\s,.;:!?—–-]|$)[,.]?", re.I),
    re.compile(r",\s*you know\s*,", re.I),
    re.compile(r"(?:^|(?<=[.!?]\s))you know\s*,\s*", re.I),
    re.compile(r",\s*you know(?=[.!?]|$)", re.I),
    re.compile(r"\byou know\s*,\s*", re.I),
    re.compile(r",\s*I mean\s*,", re.I),
    re.compile(r",\s*I guess\s*,", re.I),
    re.compile(r"(?:^|(?<=[.!?]\s))I mean\s*,?\s*", re.I),
    re.compile(r",\s*like\s*,", re.I),
    re.compile(r"(?:^|(?<=[.!?]\s))like\s*,\s*", re.I),
    re.compile(r"\blike\s*\.\.\.\s*", re.I),
    re.compile(r",\s*(?:right|you see)\s*\?\s*$", re.I),
    re.compile(r",\s*(?:basically|actually|literally)\s*,", re.I),
]
# "sort of"/"kind of" are hedges unless a determiner makes them nouns ("a kind of model").
_HEDGE_RE = re.compile(
    r"\b(?<!\ba )(?<!\bthe )(?<!\bthis )(?<!\bthat )(?<!\bwhat )(?<!\bsome )(?<!\bany )(?<!\bone )"
    r"(?<!\bsame )(?<!\bevery )(?<!\bwhich )(?:sort|kind) of\b\s*",
    re.I,
)
_RESTART_RE = re.compile(r"\b([\w']+)[-—–]\s+((?:[\w']+,?\s+){0,2}?)\1\b", re.I)  # "I- I", "That's— OK that's"
_REPEAT_RE = re.compile(r"\b([A-Za-z][\w']*)(?:,?\s+\1\b)+", re.I)  # "the the", "yeah, yeah"
_REPEAT_OK = frozenset({"that", "had", "is", "do", "very", "really", "bye", "no", "ha"})
# What a speaker says before getting to the point: conjunctions ("And", "So"), interjections when
# set off by a comma ("Yeah,", "Well,", "Now," but not "Now OpenAI has..." or "Well-known"), and
# a host's transitions ("Next up,", "On to business,", "Speaking of Meta,").
_LEADING_RE = re.compile(
    r"^(?:(?:and|so|but|or|also|plus|then)\b,?\s*"
    r"|(?:yeah|yes|yep|well|okay|ok|alright|all right|right|oh|now|look|anyway|um|uh|like|i mean|i guess|"
    r"you know|see|sure|absolutely|exactly|totally|hmm|wait|honestly|basically|actually|i think)\s*[,.!]\s*"
    r"|(?:um|uh)\b\s*"
    r"|(?:next(?: up)?|the next story|next story|moving on(?: to [^,.]{1,40})?|on ?to [^,.]{1,40}|"
    r"speaking of [^,.]{1,40}|(?:and )?(?:one|the) (?:more|last|other|final) (?:little )?(?:story|thing|paper|item)"
    r"(?: [^,.]{1,40})?|(?:starting|beginning|kicking)(?: up| off)? with [^,.]{1,40})\s*[,:]\s*)",
    re.I,
)
_KEEP_AFTER_SO_RE = re.compile(r"^(?:so(?:[- ]called| far| much| many| long| that\s)|then again)", re.I)


# A full stop or ellipsis between two lower-case words inside a transcript sentence is a pause the
# speech-to-text turned into punctuation ("rule anthropic. as some", "codecs are... in many ways").
_BROKEN_STOP_RE = re.compile(r"(?<=[a-z]{3})(?<!\betc)(?:\.|\.\.\.|…)\s+(?=[a-z]{2})")


def clean_spoken(text: str) -> str:
    """Tidy a spoken sentence for reading: fillers, hedges, stutters and leading "So,"/"And" go.

    Numbers, names and the words that carry meaning are left exactly as they were.
    """
    s = re.sub(r"\s+", " ", text).strip()
    if not s:
        return ""
    for pattern in _FILLER_RES:
        s = pattern.sub(" ", s)  # a parenthetical ", you know," goes with both its commas
    s = _HEDGE_RE.sub("", s)
    s = _BROKEN_STOP_RE.sub(" ", s)  # "to rule anthropic. as some sort of entity": ASR cut, not an end
    for _ in range(3):
        s = _RESTART_RE.sub(r"\1", s)
    s = _REPEAT_RE.sub(lambda m: m.group(0) if m.group(1).lower() in _REPEAT_OK else m.group(1), s)
    s = _tidy(s)
    for _ in range(6):
        if _KEEP_AFTER_SO_RE.match(s):
            break
        stripped = _LEADING_RE.sub("", s, count=1).lstrip(" ,;:—–-")
        if stripped == s or len(stripped.split()) < 3:
            break
        s = stripped
    s = _tidy(s)
    if not s:
        return ""
    s = re.sub(r"(?:\.\.\.|…)\s*$", "", s).rstrip(" ,;:—–-")
    if not s:
        return ""
    s = s[0].upper() + s[1:]
    if s[-1] not in ".!?\"'”’)":
        s += "."
    return s


def _tidy(s: str) -> str:
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s+([,.;:!?])", r"\1", s)
    s = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", s)
    s = re.sub(r"^[\s,;:]+", "", s)
    return s.strip()


# --- segmentation ---------------------------------------------------------------------------------

@dataclass
class Unit:
    """One sentence-like piece of the source, in reading order."""

    text: str
    index: int
    pseudo: bool = False  # a chunk of unpunctuated speech, not a real sentence


_SPEAKER_MD_RE = re.compile(
    r"^\s*(?:\*\*[^*\n]{1,40}?\*\*\s*(?:\[[\d:.]+\])?\s*:|\*\*[^*\n]{1,40}?:\*\*)\s*", re.M
)
_TIMESTAMP_RE = re.compile(r"^\s*\[?\(?\d{1,2}:\d{2}(?::\d{2})?\)?\]?\s*", re.M)
_PLAIN_LABEL_RE = re.compile(r"^([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}):\s+(?=\S)", re.M)
_MD_LINK_RE = re.compile(r"\[([^\]\n]{1,300})\]\((?:https?://|/)[^\s)]*\)")
_URL_RE = re.compile(r"https?://\S+")
_BULLET_RE = re.compile(r"^\s*(?:[-*•⦁·▪►]|\d{1,2}[.)])\s+", re.M)
# "technology.Reasoning", "in AI.Usage": a sentence end glued to the next sentence (a lost paragraph break).
_GLUED_SENTENCE_RE = re.compile(r"(?<=[A-Za-z0-9%)\]][.!?])([”\"’]?)(?=[A-Z][a-z]|[AI]\s)")
_GLUED_BULLET_RE = re.compile(r"(?<=\S)\*\s+(?=[A-Z0-9“\"‘'(])")
_END_PUNCT = ".!?…:;\"'”’)]"
_ABBREVIATIONS = frozenset("mr mrs ms dr prof sr jr st vs etc inc ltd co corp no approx dept gov sen rep".split())


def _speaker_labels(text: str) -> set[str]:
    """Plain "Name: text" labels count as speakers only when a few names take turns."""
    labels = Counter(m.group(1) for m in _PLAIN_LABEL_RE.finditer(text))
    top = [name for name, n in labels.most_common(4) if n >= 2]
    return set(top) if sum(labels[name] for name in top) >= 4 and len(top) >= 2 else set()


def _normalize(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _SPEAKER_MD_RE.sub("", text)
    speakers = _speaker_labels(text)
    if speakers:
        text = _PLAIN_LABEL_RE.sub(lambda m: "" if m.group(1) in speakers else m.group(0), text)
    text = _TIMESTAMP_RE.sub("", text)
    text = _MD_LINK_RE.sub(r"\1", text)
    lines = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("http://", "https://")):
            _, stripped = split_glued_url(stripped)
        lines.append(stripped)
    text = "\n".join(lines)
    text = _URL_RE.sub("", text)
    text = _GLUED_BULLET_RE.sub("\n", text)
    text = _GLUED_SENTENCE_RE.sub(r"\1\n", text)
    text = _BULLET_RE.sub("\n", text)  # a list item is its own paragraph, never a continuation
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"(?<!\w)\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)", r"\1", text)
    return text


def _is_heading(line: str, next_line: str) -> bool:
    if line.startswith("#"):
        return True
    if line[-1] in _END_PUNCT or len(line.split()) > 12:
        return False
    return not (next_line and next_line[0].islower())


def _lines(text: str) -> list[str]:
    """Logical lines: a line starting in lower case continues the line before it.

    Transcripts break lines anywhere, even after "U.S." or at a pause the captioner marked with a
    period; a new sentence, heading or list item starts in upper case or after a blank line.
    """
    raw = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    for k, line in enumerate(raw):
        if not line:
            continue
        previous_blank = k > 0 and not raw[k - 1]
        if out and not previous_blank and line[0].islower() and not out[-1].endswith(("!", "?")):
            out[-1] = _drop_pause(out[-1]) + " " + line
            continue
        following = next((item for item in raw[k + 1:] if item), "")
        if not _is_heading(line, following):
            out.append(line)
    return out or [line for line in raw if line]  # a short unpunctuated note is still text


def _drop_pause(line: str) -> str:
    """The period or "..." a captioner put at a pause, unless it ends an abbreviation ("U.S.")."""
    line = re.sub(r"(?:\.\.\.|…)$", "", line).rstrip()
    last = line.rsplit(" ", 1)[-1]
    if line.endswith(".") and not re.search(r"(?:^|\.)\w\.$", last) and last.rstrip(".").lower() not in _ABBREVIATIONS:
        line = line[:-1]
    return line


def _chunk(sentence: str) -> list[str]:
    """Cut an unpunctuated run of speech into ~CHUNK_WORDS pseudo-sentences at likely clause starts."""
    tokens = sentence.split()
    pieces: list[str] = []
    start = 0
    starters = {"and", "so", "but", "which", "because", "yeah", "i", "we", "they", "it's", "this", "that's",
                "now", "then", "when", "if", "or", "also"}
    # "and"/"or" often join two nouns ("photoshop and blender"): cut there only if a clause follows or
    # nothing better is near; a real clause opener anywhere in the window wins.
    pronouns = {"i", "we", "they", "it", "it's", "this", "that", "that's", "there", "you", "he", "she", "so"}
    while start < len(tokens):
        end = min(len(tokens), start + CHUNK_WORDS)
        if len(tokens) - end < CHUNK_WORDS // 2:
            end = len(tokens)
        else:
            window = range(start + CHUNK_WORDS - 5, min(len(tokens), start + CHUNK_WORDS + 6))
            words = [t.lower().strip(",") for t in tokens]
            cuts = [k for k in window if words[k] in starters]
            strong = [k for k in cuts if words[k] not in ("and", "or")
                      or (k + 1 < len(words) and words[k + 1] in pronouns)]
            if strong or cuts:
                end = (strong or cuts)[0]
        pieces.append(" ".join(tokens[start:end]))
        start = end
    return pieces


def _is_unpunctuated(sentence: str, n_words: int) -> bool:
    return n_words > 45 and len(re.findall(r"[.,;:!?]", sentence)) < n_words / 30


def segment(text: str) -> list[Unit]:
    """Sentence-like units of a document, markup and URLs removed, headings left out."""
    units: list[Unit] = []
    for line in _lines(_normalize(text)):
        for sentence in split_sentences(line):
            n_words = len(sentence.split())
            if _is_unpunctuated(sentence, n_words):
                for piece in _chunk(sentence):
                    units.append(Unit(piece, len(units), pseudo=True))
            else:
                units.append(Unit(sentence, len(units)))
    return units


# --- scoring ------------------------------------------------------------------------------------------

_REACTION_RE = re.compile(
    r"^(?:yeah|yes|yep|no|nope|right|exactly|absolutely|totally|sure|okay|ok|alright|great|nice|cool|wow|oh|"
    r"hmm|interesting|agreed|true|fair|indeed|definitely|of course|for sure|that's right|that's true|"
    r"thanks|thank you)\b[\s,.!?]*(?:(?:yeah|exactly|absolutely|totally|right|sure|it is|indeed)\b[\s,.!?]*)*$",
    re.I,
)
# Openings that point back at something said before: out of context the sentence reads as a non sequitur.
_STRONG_BACK_RE = re.compile(
    r"^(?:that|that's|this|these|those|which|such|both|here|there's|because|or|otherwise|plus|again|hence|"
    r"thus|instead|the latter|the former|same|it's|its)\b",
    re.I,
)
_WEAK_BACK_RE = re.compile(r"^(?:it|they|they're|he|she|his|her|their|them|there)\b", re.I)
_META_RE = re.compile(
    r"\b(?:we(?:'ve| have)? (?:covered|talked|discussed|mentioned)|as (?:you|we|i) (?:said|mentioned|noted)|"
    r"this (?:episode|week's episode|podcast)|on the (?:podcast|show)|let's (?:talk|get|move|dive|start)|"
    r"next (?:one|up|story)|moving on|subscribe|sponsor(?:ed)?|stay tuned|in this post|this post|"
    r"(?:to|we'll|we will|going to|gonna) (?:cover|discuss|talk about)|i (?:don't|do not) know|"
    r"next (?:article|paper|item|segment|section|topic)|(?:one|another) (?:more |last |other |final )?"
    r"(?:story|paper|thing|item|article)|^(?:now )?(?:on ?to|moving on|next up)\b|welcome (?:to|back)|podcast|"
    r"newsletter)\b",
    re.I,
)
_FIRST_PERSON_RE = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my)\b", re.I)
_SECOND_PERSON_RE = re.compile(r"\b(?:you|you're|you've|your)\b", re.I)
_HOSTS_RE = re.compile(r"\b(?:we|we're|we've|we'll|us|our)\b", re.I)  # in speech, "we" is usually the hosts
_DANGLING_END_RE = re.compile(r"\b(?:and|or|but|the|a|an|of|to|with|for|that|which|where|is|are|like|just)\W*$", re.I)


def _penalty(raw: str, shown: str, spoken: bool) -> tuple[float, float]:
    """How much a sentence leans on its context: (penalty, the part of it due to an opening that
    points back, like "That's why" or "These models"). A penalty of 1.0 means never use it."""
    text = shown.strip().replace("’", "'")
    raw = raw.rstrip()
    n_words = len(text.split())
    if n_words < MIN_WORDS or _REACTION_RE.match(text):
        return 1.0, 0.0
    if text.endswith("?") or raw.endswith("?"):
        return 1.0, 0.0  # a question to the co-host or the reader is not a finding
    anaphora = 0.25 if _STRONG_BACK_RE.match(text) else 0.1 if _WEAK_BACK_RE.match(text) else 0.0
    penalty = anaphora
    if _META_RE.search(text):
        penalty += 0.3
    if text.endswith(":"):
        penalty += 0.3
    if re.search(r"(?:\.\.\.|…)$", raw):
        penalty += 0.35  # trailed off or cut by the source
    if _FIRST_PERSON_RE.search(text):
        penalty += 0.15 if spoken else 0.1  # the speaker's or author's aside, not the news
    if spoken and _SECOND_PERSON_RE.search(text):
        penalty += 0.1
    if spoken and _HOSTS_RE.search(text):
        penalty += 0.15
    if _DANGLING_END_RE.search(re.sub(r"(?:\.\.\.|…)$", "", raw)):
        penalty += 0.5  # stops mid-clause: a cut-off fragment
    if n_words > 45:
        penalty += 0.15
    return penalty, anaphora


def _vectors(term_lists: list[list[str]], df_source: list[list[str]] | None = None) -> np.ndarray:
    """L2-normalised sublinear TF-IDF rows; document frequency counted over df_source (or the rows)."""
    import numpy as np
    source = df_source if df_source is not None else term_lists
    df: Counter[str] = Counter()
    for items in source:
        df.update(set(items))
    vocab = {term: k for k, term in enumerate(sorted({t for items in term_lists for t in items}))}
    n_docs = len(source)
    matrix = np.zeros((len(term_lists), max(1, len(vocab))))
    for row, items in enumerate(term_lists):
        for term, count in Counter(items).items():
            idf = math.log((1 + n_docs) / (1 + df.get(term, 0))) + 1.0
            matrix[row, vocab[term]] = (1.0 + math.log(count)) * idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def _lexrank(similarity: np.ndarray, damping: float = 0.85, iterations: int = 50) -> np.ndarray:
    """Stationary distribution of a random walk over the sentence-similarity graph."""
    import numpy as np
    n = similarity.shape[0]
    weights = similarity.copy()
    np.fill_diagonal(weights, 0.0)
    row_sums = weights.sum(axis=1, keepdims=True)
    transition = np.where(row_sums > 0, weights / np.where(row_sums > 0, row_sums, 1.0), 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        updated = (1 - damping) / n + damping * transition.T @ scores
        if np.abs(updated - scores).sum() < 1e-9:
            scores = updated
            break
        scores = updated
    return scores


def _prefilter(units: list[Unit], unit_terms: list[list[str]], limit: int) -> list[int]:
    """Keep the `limit` units most worth scoring: early ones and ones dense in frequent terms."""
    if len(units) <= limit:
        return list(range(len(units)))
    frequency = Counter(t for items in unit_terms for t in items)
    scored = []
    for k, items in enumerate(unit_terms):
        density = sum(math.log(1 + frequency[t]) for t in set(items)) / (len(units[k].text.split()) + 5)
        scored.append((-(density + 1.0 / (1 + k / 5)), k))
    return sorted(k for _, k in sorted(scored)[:limit])


def _position_prior(offset_words: int) -> float:
    """Sources state the news first (a lede, a host's story intro), so early sentences get a head start."""
    return 1.0 / (1.0 + offset_words / POSITION_SCALE)


# --- public API -----------------------------------------------------------------------------------------

@dataclass
class _Candidate:
    unit: int  # index of the unit in the document
    text: str  # as it would be shown
    words: int
    score: float  # before the anaphora penalty
    penalty: float
    anaphora: float  # waived when the sentence just before it is in the summary too


def summarize(text: str, *, max_sentences: int = 3, max_words: int = 90, spoken: bool = False) -> str:
    """An extractive summary: 2..max_sentences sentences, at most max_words words, in source order."""
    max_sentences = max(1, max_sentences)
    units = segment(text)
    if not units:
        return ""
    shown = [clean_spoken(u.text) if spoken else _finish(u.text) for u in units]
    all_terms = [terms(s) for s in shown]
    rows = [k for k in _prefilter(units, all_terms, MAX_CANDIDATES) if shown[k] and all_terms[k]]
    if not rows:
        return truncate_words(shown[0] or units[0].text, max_words)
    import numpy as np

    vectors = _vectors([all_terms[k] for k in rows], df_source=all_terms)
    similarity = vectors @ vectors.T
    centrality = _lexrank(similarity)
    centrality = centrality / (centrality.max() or 1.0)
    centroid = vectors.sum(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    closeness = vectors @ centroid
    offsets = [0]
    for unit in units[:-1]:
        offsets.append(offsets[-1] + len(unit.text.split()))
    w_central, w_close, w_position = WEIGHTS
    candidates = []
    for row, k in enumerate(rows):
        penalty, anaphora = _penalty(units[k].text, shown[k], spoken)
        penalty += PSEUDO_PENALTY if units[k].pseudo else 0.0
        substance = min(1.0, len(set(all_terms[k])) / FULL_SENTENCE_TERMS)
        score = (w_central * centrality[row] + w_close * closeness[row] + w_position * _position_prior(offsets[k])
                 + SUBSTANCE_WEIGHT * substance - (penalty - anaphora))
        candidates.append(_Candidate(k, shown[k], len(shown[k].split()), score, penalty, anaphora))
    chosen = _select(candidates, similarity, max_sentences, max_words)
    if not chosen:
        best = max(range(len(candidates)), key=lambda row: (candidates[row].score - candidates[row].penalty, -row))
        return truncate_words(candidates[best].text, max_words)
    return " ".join(candidates[row].text for row in sorted(chosen))


def _finish(sentence: str) -> str:
    s = re.sub(r"\s+", " ", sentence).strip().rstrip(",;—–-").rstrip()
    return s if not s or s[-1] in ".!?\"'”’)…" else s + "."


def _select(candidates: list[_Candidate], similarity: np.ndarray, max_sentences: int, max_words: int) -> list[int]:
    """MMR: each pick trades its own score against its overlap with what is already chosen.

    Picks must fit the word budget and never nearly repeat a chosen sentence. Past two sentences
    only clean, reasonably strong ones fill leftover budget. An opening that points back ("These
    models...") costs nothing once the sentence it points to is in the summary.
    """
    chosen: list[int] = []
    used = 0

    def resolved(row: int) -> bool:
        return any(candidates[c].unit == candidates[row].unit - 1 for c in chosen)

    def penalty(row: int) -> float:
        return candidates[row].penalty - (candidates[row].anaphora if resolved(row) else 0.0)

    def value(row: int) -> float:
        return candidates[row].score - (0.0 if resolved(row) else candidates[row].anaphora)

    def allowed(row: int, strict: bool) -> bool:
        cand = candidates[row]
        if row in chosen or cand.penalty >= 1.0 or used + cand.words > max_words:
            return False
        if any(similarity[row, c] >= DUPLICATE_SIMILARITY for c in chosen):
            return False
        if _near_duplicate(cand.text, [candidates[c].text for c in chosen]):
            return False
        if strict and len(chosen) >= 2:
            return penalty(row) <= EXTRA_MAX_PENALTY and value(row) >= EXTRA_MIN_SHARE * value(chosen[0])
        return True

    while len(chosen) < max_sentences:
        options = [row for row in range(len(candidates)) if allowed(row, strict=True)]
        if not options:
            break
        best = max(options, key=lambda row: (
            MMR_LAMBDA * value(row) - (1 - MMR_LAMBDA) * max((similarity[row, c] for c in chosen), default=0.0), -row
        ))
        chosen.append(best)
        used += candidates[best].words
    if len(chosen) == 1:
        # One sentence reads as a fragment: add the best remaining one that fits, even a weak one.
        rest = [row for row in range(len(candidates)) if allowed(row, strict=False)]
        if rest:
            chosen.append(max(rest, key=lambda row: (value(row), -row)))
    return chosen


def _near_duplicate(sentence: str, others: list[str]) -> bool:
    mine = set(words(sentence))
    for other in others:
        theirs = set(words(other))
        if mine and theirs and len(mine & theirs) / len(mine | theirs) >= 0.6:
            return True
    return False


def lede(summaries: list[str], max_sentences: int = 3) -> str:
    """An issue intro: the best sentence of each top item's summary, skipping repeats, 2-3 in all."""
    max_sentences = max(1, max_sentences)
    per_item = []
    for summary in summaries:
        sentences = [_finish(s) for s in split_sentences(re.sub(r"\s+", " ", summary or "")) if s.strip()]
        penalties = {s: _penalty(s, s, spoken=False)[0] for s in sentences}
        usable = [s for s in sentences if not s.endswith("?")] or sentences  # a question only as a last resort
        per_item.append(sorted(usable, key=lambda s: penalties[s] + 0.1 * sentences.index(s)))
    chosen: list[str] = []
    for depth in range(3):  # first one sentence per item; only if items run out, a second, then a third
        for ranked in per_item:
            if len(chosen) >= max_sentences:
                break
            if depth >= len(ranked) or (depth > 0 and len(chosen) >= 2):
                continue
            sentence = ranked[depth]
            if sentence in chosen or _near_duplicate(sentence, chosen) or _too_close(sentence, chosen):
                continue
            chosen.append(sentence)
        if len(chosen) >= 2:
            break
    return " ".join(chosen)


def _too_close(sentence: str, chosen: list[str]) -> bool:
    if not chosen:
        return False
    rows = _vectors([terms(sentence)] + [terms(c) for c in chosen])
    return bool((rows[1:] @ rows[0]).max() >= DUPLICATE_SIMILARITY)
