"""Benchmark the summarizer and topic classifier on the hand-labelled dev set.

Run: .venv/bin/python benchmarks/summaries.py [--show]

ROUGE-1/2/L F1 (lower-cased tokens, Porter-stemmed like rouge-score's use_stemmer, LCS for L)
of our summarizer against two baselines that get the same sentence segmentation and the same
sentence/word budget, so only the choice of sentences differs:
  lead-3    the first sentences, in order, while they fit;
  textrank  plain TextRank/LexRank over TF-IDF cosine: highest-ranked sentences that fit, no
            context filters, no redundancy removal, no spoken cleanup.
A fourth row, lead-3 with our spoken-text cleanup, separates the gain from cleanup from the gain
from choosing sentences. Then topic accuracy with a confusion table, for the pipeline's input (title + summary, as
digest/summarize/enrich.py classifies) and for title + full text.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.summarize.summary import _lexrank, _vectors, clean_spoken, segment, summarize, terms  # noqa: E402
from digest.summarize.enrich import topic_text  # noqa: E402
from digest.summarize.topics import classify  # noqa: E402
from digest.topics import Topic  # noqa: E402

DEVSET = ROOT / "tests" / "data" / "summaries" / "devset.yaml"
HELDOUT = ROOT / "tests" / "data" / "summaries" / "heldout.yaml"
SPOKEN_FORMATS = {"transcript", "show-script"}
MAX_SENTENCES, MAX_WORDS = 3, 90  # digest.yaml defaults: summary_sentences, summary_words

try:  # the stemmer needs no downloaded data; without nltk, ROUGE runs unstemmed
    from nltk.stem.porter import PorterStemmer

    _stem = PorterStemmer().stem
except ImportError:  # pragma: no cover
    def _stem(token: str) -> str:
        return token


# --- ROUGE ----------------------------------------------------------------------------------------

def rouge_tokens(text: str) -> list[str]:
    return [_stem(t) if len(t) > 3 else t for t in re.findall(r"[a-z0-9]+", text.lower())]


def _f1(overlap: int, candidate: int, reference: int) -> float:
    if not overlap or not candidate or not reference:
        return 0.0
    precision, recall = overlap / candidate, overlap / reference
    return 2 * precision * recall / (precision + recall)


def rouge_n(candidate: list[str], reference: list[str], n: int) -> float:
    cand = Counter(tuple(candidate[i : i + n]) for i in range(len(candidate) - n + 1))
    ref = Counter(tuple(reference[i : i + n]) for i in range(len(reference) - n + 1))
    return _f1(sum((cand & ref).values()), sum(cand.values()), sum(ref.values()))


def rouge_l(candidate: list[str], reference: list[str]) -> float:
    if not candidate or not reference:
        return 0.0
    previous = [0] * (len(reference) + 1)
    for token in candidate:
        current = [0]
        for j, ref_token in enumerate(reference, 1):
            current.append(previous[j - 1] + 1 if token == ref_token else max(previous[j], current[j - 1]))
        previous = current
    return _f1(previous[-1], len(candidate), len(reference))


def rouge(candidate: str, reference: str) -> tuple[float, float, float]:
    cand, ref = rouge_tokens(candidate), rouge_tokens(reference)
    return rouge_n(cand, ref, 1), rouge_n(cand, ref, 2), rouge_l(cand, ref)


# --- baselines ------------------------------------------------------------------------------------

def _pack(sentences: list[str], order: list[int]) -> str:
    """Take sentences in `order` while they fit the budget; show them in source order."""
    chosen, used = [], 0
    for k in order:
        n = len(sentences[k].split())
        if used + n <= MAX_WORDS:
            chosen.append(k)
            used += n
        if len(chosen) == MAX_SENTENCES:
            break
    if not chosen and sentences:
        return " ".join(sentences[order[0]].split()[:MAX_WORDS])
    return " ".join(sentences[k] for k in sorted(chosen))


def lead3(text: str, spoken: bool = False) -> str:
    sentences = [clean_spoken(unit.text) if spoken else unit.text for unit in segment(text)]
    return _pack(sentences, list(range(len(sentences))))


def textrank(text: str) -> str:
    sentences = [unit.text for unit in segment(text)]
    if not sentences:
        return ""
    vectors = _vectors([terms(s) for s in sentences])
    scores = _lexrank(vectors @ vectors.T)
    return _pack(sentences, sorted(range(len(sentences)), key=lambda k: (-scores[k], k)))


def ours(item: dict) -> str:
    return summarize(item["text"], max_sentences=MAX_SENTENCES, max_words=MAX_WORDS,
                     spoken=item["format"] in SPOKEN_FORMATS)


# --- report ---------------------------------------------------------------------------------------

def load_topics() -> list[Topic]:
    data = yaml.safe_load((ROOT / "digest.yaml").read_text(encoding="utf-8"))
    return [Topic(t["id"], t["name"], t.get("description", ""), tuple(t.get("keywords") or ())) for t in data["topics"]]


def topic_report(label: str, items: list[dict], texts: list[str], topics: list[Topic]) -> float:
    predicted = [topic for topic, _ in classify(texts, topics)]
    gold = [item["topic"] for item in items]
    strict = sum(p == g for p, g in zip(predicted, gold))
    lenient = sum(p == item["topic"] or p in item.get("also", []) for p, item in zip(predicted, items))
    print(f"\nTopic accuracy ({label}): {strict / len(items):.3f} ({strict}/{len(items)}); "
          f"counting accepted alternatives: {lenient / len(items):.3f} ({lenient}/{len(items)})")
    ids = [t.id for t in topics]
    width = max(len(i) for i in ids) + 8
    print("gold \\ predicted".ljust(width) + " ".join(i[:8].rjust(8) for i in ids + ["(none)"]))
    counts = Counter(zip(gold, predicted))
    for g in ids:
        if g in gold:
            print(f"{g:<{width}}" + " ".join(str(counts[(g, p)] or ".").rjust(8) for p in ids + [""]))
    misses = [(item["id"], g, p) for item, g, p in zip(items, gold, predicted) if g != p]
    if misses:
        print("misses: " + ", ".join(f"{i} ({g}->{p or 'none'})" for i, g, p in misses))
    return strict / len(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", action="store_true", help="print every summary next to its reference")
    args = parser.parse_args()
    items = yaml.safe_load(DEVSET.read_text(encoding="utf-8"))["items"]
    systems = {
        "lead-3": lambda item: lead3(item["text"]),
        "textrank": lambda item: textrank(item["text"]),
        "ours": ours,
        # Not a baseline to beat, a diagnostic: how much of our gain on speech is the cleanup alone?
        "lead-3+cl": lambda item: lead3(item["text"], spoken=item["format"] in SPOKEN_FORMATS),
    }
    scores: dict[str, list[tuple[float, float, float]]] = {name: [] for name in systems}
    lengths: dict[str, list[int]] = {name: [] for name in systems}
    outputs: dict[str, list[str]] = {name: [] for name in systems}
    summaries: dict[str, str] = {}
    for item in items:
        for name, system in systems.items():
            output = system(item)
            if name == "ours":
                summaries[item["id"]] = output
            scores[name].append(rouge(output, item["reference"]))
            outputs[name].append(output)
            lengths[name].append(len(output.split()))
            if args.show:
                print(f"[{item['id']}] {name}: {output}\n")
        if args.show:
            print(f"[{item['id']}] reference: {item['reference']}\n{'-' * 80}")

    print(f"Dev set: {len(items)} items ({', '.join(f'{k} {v}' for k, v in sorted(Counter(i['format'] for i in items).items()))})")
    print(f"Budget: {MAX_SENTENCES} sentences, {MAX_WORDS} words; references are hand-written (<= 60 words)\n")
    print(f"{'system':<10} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8} {'words':>6}")
    for name in systems:
        r1, r2, rl = (statistics.mean(s[k] for s in scores[name]) for k in range(3))
        print(f"{name:<10} {r1:>8.4f} {r2:>8.4f} {rl:>8.4f} {statistics.mean(lengths[name]):>6.1f}")
    # F1 still rewards length a little; cut every output to the same length to rule that out.
    cut = 50
    print(f"\nLength-controlled (every output cut to its first {cut} words):")
    for name in systems:
        cut_scores = [rouge(" ".join(out.split()[:cut]), item["reference"]) for out, item in zip(outputs[name], items)]
        r1, r2, rl = (statistics.mean(s[k] for s in cut_scores) for k in range(3))
        print(f"{name:<10} {r1:>8.4f} {r2:>8.4f} {rl:>8.4f}")
    formats = sorted({item["format"] for item in items})
    print("\nROUGE-2 by format:   " + "  ".join(f"{f}" for f in formats))
    for name in systems:
        row = []
        for fmt in formats:
            vals = [s[1] for s, item in zip(scores[name], items) if item["format"] == fmt]
            row.append(f"{statistics.mean(vals):.3f}".rjust(len(fmt)))
        print(f"{name:<10}           " + "  ".join(row))

    topics = load_topics()
    pipeline = [topic_text(item.get("title") or "", item["text"] if item["format"] == "digest" else summaries[item["id"]],
                           item["text"]) for item in items]
    topic_report("pipeline input: title + summary + text", items, pipeline, topics)
    topic_report("title + full text", items, [f"{item.get('title') or ''}. {item['text']}" for item in items], topics)

    # Held-out: stories written before the classifier was tuned and not looked at while tuning.
    held = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))["items"]
    held_input = [topic_text(item["title"], item["text"] if item["format"] == "digest" else ours(item), item["text"])
                  for item in held]
    topic_report("held-out set, pipeline input", held, held_input, topics)

    long_text = "\n".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "sources").glob("*.txt")))
    long_words = long_text.split()
    long_text = " ".join((long_words * (50_000 // len(long_words) + 1))[:50_000])
    start = time.perf_counter()
    summarize(long_text, spoken=True)
    print(f"\nSpeed: a 50,000-word text summarized in {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
