"""Fill what a person and the source did not give: summary, topic and tags (all offline), and with
the LLM backend, headlines for items whose title the machine made."""

from __future__ import annotations

import re

from digest.config import Config
from digest.model import Issue, Item
from digest.summarize.summary import lede, summarize
from digest.summarize.tags import extract_tags
from digest.summarize.textmemo import TextMemo, text_key
from digest.summarize.llm import LLMClient, LLMError, warn_fallback
from digest.summarize.titles import llm_title, wants_llm_title
from digest.summarize.topics import classify

SPOKEN_FORMATS = frozenset({"transcript", "show-script"})


def topic_text(title: str, summary: str, body: str) -> str:
    """What the topic classifier reads: the summary says what matters, the body adds evidence
    (a short summary of a spoken segment alone often misses the words that name its topic)."""
    if summary.strip() == body.strip():
        summary = ""
    return f"{title}. {summary} {body}".strip()


def _text(item: Item) -> str:
    return topic_text(item.title, item.summary, item.body)


def enrich(items: list[Item], cfg: Config, client: LLMClient | None = None, memo: TextMemo | None = None) -> bool:
    """Titles, then summaries, so topics and tags can read them; existing values are never replaced
    (a machine-made title is not a value anyone gave). Returns True when the LLM backend failed and
    extractive fallbacks stand in for its answers: they are not final and must not be cached as such.
    `client`: the build's shared one (else one is made from cfg). `memo`: per-text results of
    earlier builds (digest.summarize.textmemo)."""
    client = client or LLMClient.from_config(cfg)
    if client:
        for item in items:
            if wants_llm_title(item):
                item.title = _title(item, client) or item.title
    for item in items:
        if not item.summary.strip():
            item.summary = _summary(item, cfg, client)
    fell_back = bool(client and client.failed)
    if client and fell_back:
        warn_fallback(client)
    needs_topic = [item for item in items if not item.topic]
    if needs_topic:
        for item, (topic_id, _confidence) in zip(needs_topic, classify([_text(i) for i in needs_topic], list(cfg.topics), memo)):
            item.topic = topic_id
    if any(not item.tags for item in items):
        # Tags are normalised across the whole batch, so every item is read even if few need tags.
        texts = [f"{item.title}. {item.body}" for item in items]
        for item, tags in zip(items, extract_tags(texts, cfg.tag_aliases, cfg.max_tags, memo)):
            if not item.tags:
                item.tags = tags
    return fell_back


def _title(item: Item, client: LLMClient) -> str:
    try:
        return llm_title(item, client, spoken=item.format in SPOKEN_FORMATS)
    except LLMError:
        return ""  # reported once by the caller


def _summary(item: Item, cfg: Config, client: LLMClient | None) -> str:
    spoken = item.format in SPOKEN_FORMATS
    if client and item.body.strip():
        try:
            return client.complete("summary.j2", title=item.title, text=item.body, spoken=spoken,
                                   max_sentences=cfg.summary_sentences, max_words=cfg.summary_words)
        except LLMError:
            pass  # reported once by the caller
    text = summarize(item.body, max_sentences=cfg.summary_sentences, max_words=cfg.summary_words, spoken=spoken)
    return fix_spellings(text, cfg.tag_aliases) if spoken else text


def fix_spellings(text: str, aliases: dict[str, str]) -> str:
    """Speech-to-text misspellings listed in `tag_aliases` ("Cloud Code" -> "Claude Code") are fixed
    in spoken summaries too, whole words only; an alias that only changes case is left alone."""
    for wrong, right in sorted(aliases.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        if wrong.strip() and wrong.lower() != right.lower():
            body = r"\s+".join(re.escape(part) for part in wrong.split())
            text = re.sub(rf"(?<![\w-]){body}(?![\w-])", lambda _m, r=right: r, text, flags=re.IGNORECASE)
    return text


def _lede(summaries: list[str], memo: TextMemo | None) -> str:
    """Kept in the text memo: every build gives every issue its lede again (80 took 0.06 s)."""
    if memo is None:
        return lede(summaries)
    key = ("lede", tuple(text_key(summary) for summary in summaries))
    return memo.remember(key, sum(map(len, summaries)), lambda: lede(summaries))  # type: ignore[return-value]


def add_ledes(issues: list[Issue], cfg: Config | None = None, client: LLMClient | None = None,
              memo: TextMemo | None = None) -> bool:
    """Ledes from the LLM backend when configured, else the best sentence of each top item.
    Returns True when the LLM backend failed (some ledes are fallbacks).
    memo: ledes of earlier builds, by their summaries (digest.summarize.textmemo)."""
    client = client or (LLMClient.from_config(cfg) if cfg else None)
    for issue in issues:
        if issue.lede:
            continue
        summaries = [item.summary for item in issue.lead if item.summary]
        if client and summaries:
            try:
                issue.lede = client.complete("lede.j2", summaries=summaries)
                continue
            except LLMError:
                pass
        issue.lede = _lede(summaries, memo)
    if client and client.failed:
        warn_fallback(client)
        return True
    return False
