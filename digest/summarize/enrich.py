"""Fill what a person and the source did not give: summary, topic and tags (all offline)."""

from __future__ import annotations

from digest.config import Config
from digest.model import Issue, Item
from digest.summarize.summary import lede, summarize
from digest.summarize.tags import extract_tags
from digest.summarize.topics import classify

SPOKEN_FORMATS = frozenset({"transcript", "show-script"})


def _text(item: Item) -> str:
    return f"{item.title}. {item.summary or item.body}"


def enrich(items: list[Item], cfg: Config) -> None:
    """Summaries first, so topics and tags can read them; existing values are never replaced."""
    for item in items:
        if not item.summary.strip():
            item.summary = summarize(
                item.body, max_sentences=cfg.summary_sentences, max_words=cfg.summary_words,
                spoken=item.format in SPOKEN_FORMATS,
            )
    needs_topic = [item for item in items if not item.topic]
    if needs_topic:
        for item, (topic_id, _confidence) in zip(needs_topic, classify([_text(i) for i in needs_topic], list(cfg.topics))):
            item.topic = topic_id
    if any(not item.tags for item in items):
        # Tags are normalised across the whole batch, so every item is read even if few need tags.
        texts = [f"{item.title}. {item.body}" for item in items]
        for item, tags in zip(items, extract_tags(texts, cfg.tag_aliases, cfg.max_tags)):
            if not item.tags:
                item.tags = tags


def add_ledes(issues: list[Issue]) -> None:
    for issue in issues:
        if not issue.lede:
            issue.lede = lede([item.summary for item in issue.lead if item.summary])
