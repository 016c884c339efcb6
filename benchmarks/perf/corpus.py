"""A deterministic synthetic archive: N items of varied prose, ~50 a week, with summaries and topics.

Generated rather than copied so every size is the same kind of text and nothing from sources/ leaks in.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

TOPICS = ["models", "research", "safety", "policy", "business", "compute", "open", "agents"]
ITEMS_PER_WEEK = 50
START = dt.date(2022, 1, 3)  # a Monday

_SUBJECTS = [
    "the lab", "a small startup", "the research team", "the open-source community", "regulators",
    "the chip maker", "a group of engineers", "the new model", "the benchmark", "the cloud provider",
    "investors", "the agent framework", "a university team", "the product group", "critics",
    "the inference stack", "the safety team", "a hobbyist", "the standards body", "the data center",
]
_VERBS = [
    "released", "questioned", "measured", "doubled", "rewrote", "shipped", "delayed", "benchmarked",
    "open-sourced", "audited", "priced", "trained", "distilled", "deployed", "compared", "announced",
    "retracted", "scaled", "licensed", "simplified",
]
_OBJECTS = [
    "a reasoning model", "its evaluation suite", "the training recipe", "a cheaper API tier",
    "the context window", "a new tokenizer", "the reward model", "an agent toolkit", "GPU clusters",
    "the safety card", "a compact vision model", "their retrieval pipeline", "the scaling curve",
    "a code assistant", "the export rules", "an inference kernel", "the leaderboard", "a data license",
    "speculative decoding", "the memory layer",
]
_CLAUSES = [
    "after months of quiet testing", "which surprised almost everyone", "at a fraction of last year's cost",
    "despite loud objections", "without much fanfare", "in a blog post on Tuesday", "for the third time",
    "according to people familiar with the plan", "while competitors watched", "with mixed results",
    "ahead of the holiday season", "and the numbers held up", "though the details remain thin",
    "to the delight of developers", "under pressure from customers",
]
_OPENERS = [
    "In short,", "Meanwhile,", "Notably,", "Still,", "By contrast,", "As expected,", "Oddly,",
    "Later,", "Separately,", "For now,", "", "", "", "",
]
_TAGS = [
    "OpenAI", "Anthropic", "Google", "Meta", "Nvidia", "Mistral", "DeepSeek", "xAI", "Microsoft",
    "Apple", "Hugging Face", "AMD", "TSMC", "EU AI Act", "benchmarks", "agents", "RLHF", "inference",
]
_TITLE_FORMS = [
    "{S} {V} {O}", "Why {s} {v} {o}", "{O} is back, and {s} {v} it", "What it means that {s} {v} {o}",
    "{S} {V} {O} {c}",
]


@dataclass
class Item:
    slug: str
    title: str
    date: dt.date
    summary: str
    topic: str
    tags: list[str] = field(default_factory=list)
    body: str = ""

    @property
    def week(self) -> str:
        year, week, _ = self.date.isocalendar()
        return f"{year}-W{week:02d}"


def _sentence(rng: random.Random) -> str:
    opener = rng.choice(_OPENERS)
    words = [rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_OBJECTS)]
    if rng.random() < 0.6:
        words.append(rng.choice(_CLAUSES))
    text = " ".join(words)
    text = f"{opener} {text}" if opener else text[0].upper() + text[1:]
    return text + rng.choice([".", ".", ".", "!", "?"])


def prose(rng: random.Random, words: int) -> str:
    """Paragraphs of generated sentences, about `words` words long."""
    paragraphs, current, count = [], [], 0
    while count < words:
        sentence = _sentence(rng)
        current.append(sentence)
        count += len(sentence.split())
        if len(current) >= rng.randint(3, 7):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _title(rng: random.Random, n: int) -> str:
    form = rng.choice(_TITLE_FORMS)
    s, v, o, c = rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_OBJECTS), rng.choice(_CLAUSES)
    title = form.format(S=s[0].upper() + s[1:], V=v, O=o[0].upper() + o[1:] if form.startswith("{O}") else o,
                        s=s, v=v, o=o, c=c)
    return f"{title} ({n})"  # unique titles, so no tool de-duplicates slugs differently


def generate(n: int, seed: int = 7) -> list[Item]:
    rng = random.Random(seed)
    items = []
    for i in range(n):
        day = START + dt.timedelta(weeks=i // ITEMS_PER_WEEK, days=rng.randint(0, 6))
        body = prose(rng, rng.randint(150, 600))
        items.append(Item(
            slug=f"item-{i:05d}",
            title=_title(rng, i),
            date=day,
            summary=" ".join(_sentence(rng) for _ in range(2)),
            topic=rng.choice(TOPICS),
            tags=sorted(set(rng.sample(_TAGS, rng.randint(1, 4)))),
            body=body,
        ))
    return items


def transcript(lines: int, seed: int = 11) -> str:
    """A long spoken-style transcript: many short lines, stories separated by cue phrases."""
    rng = random.Random(seed)
    out = []
    for i in range(lines):
        if i % 120 == 0:
            out.append(rng.choice(["Okay, next story.", "Moving on to our next story.", "Alright, let's talk about"]))
        sentence = _sentence(rng).lower() if rng.random() < 0.3 else _sentence(rng)
        words = sentence.split()
        cut = max(4, min(len(words), rng.randint(6, 14)))
        out.append(" ".join(words[:cut]))
    return "\n".join(out) + "\n"
