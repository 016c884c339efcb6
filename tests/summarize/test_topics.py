"""Topic classification against a small taxonomy written here (same shape as digest.yaml's)."""

from __future__ import annotations

from digest.summarize.topics import classify
from digest.topics import Topic

TOPICS = [
    Topic("models", "Models", "New model releases, model capabilities, benchmarks and evaluations.",
          ("release", "model", "gpt", "claude", "benchmark", "reasoning model", "launch")),
    Topic("research", "Research", "Papers, methods, training techniques, architectures and findings.",
          ("paper", "research", "method", "training", "architecture", "optimizer", "dataset")),
    Topic("policy", "Policy & society", "Government, law, regulation, courts, geopolitics and jobs.",
          ("policy", "government", "law", "regulation", "court", "lawsuit", "judge", "white house", "export")),
    Topic("business", "Business", "Companies, deals, investments, funding rounds, revenue and acquisitions.",
          ("company", "deal", "investment", "funding", "raise", "valuation", "acquisition", "startup", "revenue")),
    Topic("compute", "Compute", "Chips, GPUs, datacenters, hardware, energy and supply chains.",
          ("chip", "gpu", "nvidia", "datacenter", "data center", "hardware", "power", "energy", "cluster")),
]

CHIPS = ("Nvidia unveiled its next GPU and said the new chip cuts energy use per token in half. "
         "Microsoft will fill a new data center in Texas with clusters of the hardware next year.")
FUNDING = ("The startup raised $300 million in a Series B funding round led by Sequoia at a $4 billion "
           "valuation. The company says revenue tripled and it will use the investment to hire.")
COURT = ("A federal judge ruled that the government cannot enforce the new law while the lawsuit proceeds. "
         "The court said the regulation likely violates the First Amendment.")
PAPER = ("A new paper proposes a training method that replaces the optimizer's momentum with a learned "
         "update; the researchers test the architecture on a public dataset.")
RELEASE = "OpenAI released GPT-5.5, a reasoning model that tops every coding benchmark at launch."


def test_obvious_texts_get_the_obvious_topic() -> None:
    results = classify([CHIPS, FUNDING, COURT, PAPER, RELEASE], TOPICS)
    assert [topic for topic, _ in results] == ["compute", "business", "policy", "research", "models"]
    assert all(0.0 < confidence <= 1.0 for _, confidence in results)


def test_single_text_batches_work_too() -> None:
    assert classify([COURT], TOPICS)[0][0] == "policy"
    assert classify([CHIPS], TOPICS)[0][0] == "compute"
    assert classify([FUNDING], TOPICS)[0][0] == "business"


def test_multi_word_keywords_match_across_spaces_and_hyphens() -> None:
    spaced = classify(["They are building another data center for the cluster."], TOPICS)[0][0]
    hyphenated = classify(["They are building another data-center for the cluster."], TOPICS)[0][0]
    assert spaced == hyphenated == "compute"
    # "white house" is a policy keyword; "house" on its own says nothing.
    assert classify(["The White House issued new rules on model exports."], TOPICS)[0][0] == "policy"


def test_descriptions_alone_are_enough_for_clear_cases() -> None:
    bare = [Topic(t.id, t.name, t.description) for t in TOPICS]
    assert classify([COURT, CHIPS], bare)[0][0] == "policy"
    assert classify([COURT, CHIPS], bare)[1][0] == "compute"


def test_ties_go_to_the_first_topic_and_no_signal_gives_no_topic() -> None:
    twins = [Topic("first", "Alpha", "Chips and datacenters."), Topic("second", "Beta", "Chips and datacenters.")]
    assert classify(["New chips for datacenters."], twins)[0][0] == "first"
    assert classify(["Lorem ipsum dolor sit amet."], TOPICS) == [("", 0.0)]
    assert classify([""], TOPICS) == [("", 0.0)]


def test_classification_is_deterministic_and_handles_empty_inputs() -> None:
    texts = [CHIPS, FUNDING, COURT, PAPER, RELEASE] * 3
    assert classify(texts, TOPICS) == classify(list(texts), TOPICS)
    assert classify([], TOPICS) == []
    assert classify([CHIPS], []) == [("", 0.0)]


def test_keywords_match_inflections_but_not_inside_other_words() -> None:
    from digest.summarize.topics import _keyword_pattern

    release = _keyword_pattern("release")
    assert release.search("Google released Gemini") and release.search("two releases")
    assert not release.search("a prerelease build") and not release.search("releasing")
    assert not _keyword_pattern("ban").search("urban bandwidth")


def test_topic_text_reads_body_once_when_summary_is_the_body() -> None:
    from digest.summarize.enrich import topic_text

    assert topic_text("T", "Body text.", "Body text.") == "T.  Body text."
    assert topic_text("T", "Short.", "Long body.") == "T. Short. Long body."


def test_a_memo_of_earlier_calls_gives_exactly_the_topics_of_a_fresh_call():
    from digest.config import DEFAULT_TOPICS
    from digest.summarize.textmemo import TextMemo

    texts = ["The startup raised a funding round from investors at a high valuation.",
             "A new open-weights model tops the coding benchmark.",
             "Regulators proposed rules for frontier model safety testing."]
    memo = TextMemo()
    first = classify(texts, list(DEFAULT_TOPICS), memo)
    assert first == classify(texts, list(DEFAULT_TOPICS))
    memo.turn()
    edited = texts[:2] + ["Chip export controls tighten on datacenter GPUs."]
    assert classify(edited, list(DEFAULT_TOPICS), memo) == classify(edited, list(DEFAULT_TOPICS))
