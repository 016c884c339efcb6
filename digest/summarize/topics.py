"""Topic classification: each topic's name, description and keywords form a prototype document.

Why prototypes and not a trained model: the taxonomy is the user's (digest.yaml) and there is no
labelled data, so the only supervision is what the user wrote about each topic. Three signals:
- TF-IDF cosine between text and prototype, fitted on the texts and prototypes together, so
  words every text uses ("model" in an AI digest) weigh little;
- keyword hits (word-boundary, plural- and hyphen-tolerant, multi-word aware), IDF-weighted the
  same way and split between topics that share a keyword;
- centring: each topic's mean score over the batch is (partly) subtracted, so a broad topic that
  scores a little on everything does not swallow the borderline texts.
Multi-word keywords ("reasoning model", "white house") become single tokens first, so their
parts ("model", "house") do not match on their own.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from digest.summarize.summary import stem, terms
from digest.summarize.textmemo import TextMemo, text_key
from digest.summarize.vectors import cosines, tfidf
from digest.topics import Topic

KEYWORD_WEIGHT = 0.06  # scale of the keyword boost relative to the cosine similarity
CENTERING_PRIOR = 8  # texts: centring is shrunk by n / (n + prior), so tiny batches barely move
SOFTMAX_TEMPERATURE = 0.05  # turns score gaps into a confidence in [0, 1]


def _split(keyword: str) -> list[str]:
    return [part for part in re.split(r"[\s\-_]+", keyword.strip().lower()) if part]


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    """Word-boundary match; words may be joined by spaces or hyphens; a plural or past/-ing ending
    is allowed ("release" matches "released", "releasing" is not worth a stemmer's mistakes)."""
    body = r"[\s\-_]*".join(re.escape(part) for part in _split(keyword))
    return re.compile(rf"(?<![\w-]){body}(?:e?s|e?d)?(?![\w])", re.IGNORECASE)


class _Phrases:
    """Rewrites every multi-word keyword in a text as one token ("data center" -> "datacenter")."""

    def __init__(self, keywords: list[str]):
        phrases = sorted({" ".join(_split(k)) for k in keywords if len(_split(k)) > 1}, key=lambda k: (-len(k), k))
        self._patterns = [(_keyword_pattern(k), "".join(_split(k))) for k in phrases]

    def __call__(self, text: str) -> str:
        for pattern, token in self._patterns:
            text = pattern.sub(token, text)
        return text


def _distinct(keywords: tuple[str, ...]) -> list[str]:
    """One keyword per meaning: "agent"/"agents", "open source"/"open-source" would count twice."""
    seen: dict[str, str] = {}
    for keyword in keywords:
        key = stem("".join(_split(keyword)))
        if key and key not in seen:
            seen[key] = keyword.strip()
    return list(seen.values())


def _prototype(topic: Topic) -> str:
    return f"{topic.name}. {topic.description} {' '.join(topic.keywords)}"


def _keyword_weights(keywords: list[list[str]], hits: list[list[list[int]]], n_texts: int) -> list[list[float]]:
    """IDF of each keyword over the texts (each prototype counts as one document holding its own
    keywords), divided among the topics that list it."""
    owners = Counter(k.lower() for topic_keywords in keywords for k in topic_keywords)
    n_docs = n_texts + len(keywords)
    weights = []
    for t, topic_keywords in enumerate(keywords):
        row = []
        for j, keyword in enumerate(topic_keywords):
            df = sum(1 for text_hits in hits if text_hits[t][j]) + owners[keyword.lower()]
            row.append(math.log((1 + n_docs) / (1 + df)) / owners[keyword.lower()])
        weights.append(row)
    return weights


def _centered(scores: list[list[float]]) -> list[list[float]]:
    """Subtract each topic's mean score over the batch, shrunk toward zero for small batches."""
    n = len(scores)
    shrink = n / (n + CENTERING_PRIOR)
    means = [sum(row[k] for row in scores) / n for k in range(len(scores[0]))]
    return [[value - shrink * mean for value, mean in zip(row, means)] for row in scores]


def _hits(text: str, patterns: list[list[tuple[re.Pattern[str], str]]]) -> list[list[int]]:
    """Per topic, per keyword, how often it occurs. A keyword whose first word is nowhere in the
    text cannot match, and most are not: checking that first makes this several times faster."""
    folded = text.casefold()
    return [[len(pattern.findall(text)) if first in folded else 0 for pattern, first in topic_patterns]
            for topic_patterns in patterns]


def classify(texts: list[str], topics: list[Topic], memo: TextMemo | None = None) -> list[tuple[str, float]]:
    """For each text, the best topic id and a confidence in [0, 1].

    Classifying a whole batch at once is better than one text at a time: IDF and centring learn
    from the batch. Ties go to the topic listed first; a text with no signal for any topic gets
    ("", 0.0) so it lands in the issue's "Other" section instead of an arbitrary topic.
    memo: each text's terms and keyword hits from an earlier call (they depend on the text and
    the topics' keywords alone, and the key holds both).
    """
    if not texts:
        return []
    if not topics:
        return [("", 0.0) for _ in texts]
    topics = list(topics)
    keywords = [_distinct(topic.keywords) for topic in topics]
    phrases = _Phrases([k for topic_keywords in keywords for k in topic_keywords])
    patterns = [[(_keyword_pattern(k), _split(k)[0].casefold()) for k in topic_keywords] for topic_keywords in keywords]
    config = tuple(tuple(topic_keywords) for topic_keywords in keywords)
    features = []

    def read(text: str) -> tuple:  # what a text gives on its own: its terms and keyword hits
        return (tuple(terms(phrases(text))), tuple(map(tuple, _hits(text, patterns))))

    for text in texts:
        if memo is None:
            features.append(read(text))
        else:  # the key is only worth its hashing with a memo to look in
            features.append(memo.remember(("topics", text_key(text), config), len(text), lambda: read(text)))
    term_lists = [text_terms for text_terms, _ in features] + [terms(phrases(_prototype(t))) for t in topics]
    # Prototypes count each term once: a topic named "Models" whose description says "model" three
    # times should not turn every text mentioning a model into one.
    vectors = tfidf(term_lists, binary_from=len(texts))
    similarity = cosines(vectors[: len(texts)], vectors[len(texts):])
    hits = [text_hits for _, text_hits in features]
    weights = _keyword_weights(keywords, hits, len(texts))

    scores = []
    for text, cosine_row, text_hits in zip(texts, similarity, hits):
        length_norm = 1.0 + math.log1p(len(text.split()) / 100.0)  # long texts collect more hits
        scores.append([
            float(cosine)
            + KEYWORD_WEIGHT * sum(w * math.log1p(n) for w, n in zip(topic_weights, topic_hits)) / length_norm
            for cosine, topic_weights, topic_hits in zip(cosine_row, weights, text_hits)
        ])
    results = []
    for raw, row in zip(scores, _centered(scores)):
        if max(raw) <= 0.0:
            results.append(("", 0.0))
            continue
        best = max(range(len(topics)), key=lambda k: (row[k], -k))
        exps = [math.exp((score - row[best]) / SOFTMAX_TEMPERATURE) for score in row]
        results.append((topics[best].id, round(exps[best] / sum(exps), 4)))
    return results
