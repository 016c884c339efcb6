"""Tags: entities and keyphrases, normalised across the corpus, aliases applied."""

from __future__ import annotations

from digest.summarize.tags import extract_tags, tag_key, tag_slug

ALIASES = {"cloud code": "Claude Code", "Open AI": "OpenAI", "anthropics": "Anthropic"}

TEXTS = [
    "Anthropic shipped a new version of Claude Code. Developers say Claude Code now handles large "
    "refactors, and Anthropic says usage doubled.",
    "So we tried cloud code this week. Honestly cloud code beat Codex on our repo, and Anthropics "
    "pricing is fine.",
    "DeepSeek-R1 showed that open models can reason. The paper behind DeepSeek-R1 trained with RL "
    "and GPUs were scarce.",
    "This new Deepseek R1 distillation runs on one GPU. The Deepseek R1 weights are open.",
    "Open AI released a model. The OpenAI team said the model is faster on GPUs.",
]


def test_aliases_merge_misspellings_into_one_tag() -> None:
    tags = extract_tags(TEXTS, ALIASES)
    assert "Claude Code" in tags[0] and "Claude Code" in tags[1]
    assert "Anthropic" in tags[0] and "Anthropic" in tags[1]
    assert "OpenAI" in tags[4]
    assert not any(tag.lower() in {"cloud code", "anthropics", "open ai"} for text_tags in tags for tag in text_tags)


def test_alias_keys_are_case_insensitive() -> None:
    tags = extract_tags(["Everyone loves Cloud Code. Cloud Code is fast."], {"CLOUD CODE": "Claude Code"})
    assert tags == [["Claude Code"]]


def test_case_hyphen_and_plural_variants_share_one_spelling() -> None:
    tags = extract_tags(TEXTS, ALIASES)
    r1 = {tag for text_tags in tags[2:4] for tag in text_tags if tag_key(tag) == "deepseekr1"}
    assert len(r1) == 1 and r1 <= set(tags[2]) and r1 <= set(tags[3])
    assert tag_key("GPUs") == tag_key("GPU") == "gpu"
    assert tag_key("DeepSeek-R1") == tag_key("Deepseek R1") == tag_key("deepseek r1")


def test_sentence_initial_common_words_and_speakers_are_not_tags() -> None:
    script = (
        "**Maya**: The new chip from Nvidia is fast. So Nvidia wins again.\n\n"
        "**Alex**: This is the Blackwell successor, and Blackwell sold out.\n\n"
        "**Maya**: The Rubin launch is in March. Rubin ships to Microsoft first."
    )
    tags = extract_tags([script], {})[0]
    assert {"Nvidia", "Blackwell", "Rubin"} <= set(tags)
    assert not {"The", "So", "This", "Maya", "Alex", "March"} & set(tags)


def test_title_case_headings_do_not_make_entities() -> None:
    text = ("Reasoning Models Generate Societies Of Thought. Researchers found that reasoning models "
            "like DeepSeek-R1 debate internally; DeepSeek-R1 and QwQ-32B activate diverse features, and "
            "QwQ-32B does so most.")
    tags = extract_tags([text], {})[0]
    assert "DeepSeek-R1" in tags and "QwQ-32B" in tags
    assert not any(tag in {"Societies", "Thought", "Generate", "Reasoning Models Generate"} for tag in tags)


def test_max_tags_and_determinism() -> None:
    first = extract_tags(TEXTS, ALIASES, max_tags=2)
    assert all(len(text_tags) <= 2 for text_tags in first)
    assert first == extract_tags(list(TEXTS), dict(ALIASES), max_tags=2)
    assert extract_tags([], ALIASES) == []
    assert extract_tags(["", "   "], ALIASES) == [[], []]


def test_words_every_text_shares_are_dropped() -> None:
    texts = [f"AI lab number {n} trained Model{n}X on AI chips. AI is everywhere, says Lab{n}X." for n in range(6)]
    tags = extract_tags(texts, {})
    assert not any("AI" == tag for text_tags in tags for tag in text_tags)


def test_tag_slug() -> None:
    assert tag_slug("Claude Code") == "claude-code"
    assert tag_slug("GPT-5.5") == "gpt-5-5"
    assert tag_slug("xAI") == "xai"


def test_possessives_join_the_plain_name() -> None:
    texts = ["Anthropic's new model ships next week, Anthropic said.", "Google invested again in Anthropic this spring."]
    tags = extract_tags(texts, {}, 5)
    assert all("Anthropic" in t for t in tags)
    assert not any("Anthropic's" in tag for t in tags for tag in t)


def test_a_memo_of_earlier_calls_gives_exactly_the_tags_of_a_fresh_call():
    from digest.summarize.textmemo import TextMemo

    texts = [
        "Nvidia ships Blackwell chips. Nvidia says Blackwell doubles inference speed for open models.",
        "Microsoft signs a deal with Nvidia for Blackwell chips in Azure datacenters.",
        "Open models from DeepSeek match closed models on coding benchmarks. DeepSeek released weights.",
        "A quiet week: open models, coding agents and datacenters again.",
    ]
    aliases = {"deep seek": "DeepSeek"}
    memo = TextMemo()
    assert extract_tags(texts, aliases, 3, memo) == extract_tags(texts, aliases, 3)
    assert len(memo) == len(texts)
    # One text changes, and with it whether the corpus counts a word of another, unchanged text
    # as a name ("Harbor" is one until the edit writes "harbor" in lower case three times).
    texts = texts + ["Analysts said the Harbor team ships fast, and the Harbor team grows with Nvidia."]
    memo.turn()
    before = extract_tags(texts, aliases, 3, memo)
    assert before == extract_tags(texts, aliases, 3) and "Harbor" in str(before[4])
    edited = texts[:3] + ["Boats fill the harbor; the harbor is full, and the harbor grows quiet.", texts[4]]
    memo.turn()
    after = extract_tags(edited, aliases, 3, memo)
    assert after == extract_tags(edited, aliases, 3) and after[4] != before[4]
    memo.turn()
    memo.turn()  # a build that looked nothing up (its tags came from the cache) drops nothing
    extract_tags(edited, aliases, 3, memo)
    assert memo.added == 0
    memo.turn()
    extract_tags(texts[:2], aliases, 3, memo)  # a build with other texts: the rest is dropped after it
    memo.turn()
    extract_tags(edited, aliases, 3, memo)
    assert memo.added > 0


def test_a_memo_keeps_no_more_text_than_its_budget():
    from digest.summarize.textmemo import TextMemo

    memo = TextMemo(budget=100)
    texts = ["Nvidia ships Blackwell chips to Microsoft. " * 2, "DeepSeek ships open models for coding. " * 2,
             "Anthropic ships Claude Code to developers. " * 2]
    assert extract_tags(texts, {}, 3, memo) == extract_tags(texts, {}, 3)
    assert len(memo) == 1  # the second text would pass the budget
