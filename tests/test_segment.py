"""The story segmenter: cue phrases, lexical cohesion and length priors, on in-code fixtures."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from digest import segment
from digest.segment import find_cue, pseudo_sentences, segment as segment_sentences, units_from_lines

# Three stories with unrelated vocabulary and no cue phrases: only lexical cohesion can split them.
WIND = [
    "The offshore wind auction in the North Sea closed with record bids.",
    "Developers offered to build turbines across three offshore wind sites.",
    "The wind farms will connect to interconnectors running to Germany.",
    "Turbine makers say offshore wind costs have fallen again this year.",
    "The auction rules include penalties for wind developers who walk away.",
    "Offshore turbines at these sites will be the largest ever installed.",
    "The wind sites sit close to shore, which keeps cable costs low.",
    "Analysts expect the first turbines to spin before the decade ends.",
    "Wind developers praised the auction design and its clear timetable.",
    "The winning offshore wind bids needed no subsidy at all.",
]
BATTERY = [
    "A recycling plant for lithium batteries opened near Reno.",
    "The plant shreds old battery cells and recovers nickel and cobalt.",
    "Recycled lithium from the batteries goes back into new cathodes.",
    "Most battery scrap today comes from gigafactory production lines.",
    "The recycling process dissolves the cells in acid instead of smelting.",
    "Automakers signed contracts to buy the recovered nickel and lithium.",
    "Battery recycling qualifies for tax credits as domestic material.",
    "The plant can process sixty thousand tonnes of cells a year.",
    "Cobalt and lithium prices make recycling profitable for now.",
    "Old electric car batteries will feed the plant in the next decade.",
]
COURT = [
    "A federal judge blocked the merger of the two grocery chains.",
    "The court said the deal would raise food prices for shoppers.",
    "Prosecutors argued the supermarkets compete in hundreds of towns.",
    "The grocery companies plan to appeal the ruling next month.",
    "Lawyers for the chains called the judge's reasoning flawed.",
    "Shoppers in rural towns often have only one supermarket nearby.",
    "The judge also criticised the plan to sell stores to a small buyer.",
    "Grocery unions welcomed the court decision on the merger.",
    "The appeal could take a year before another court rules.",
    "Until then the two supermarket chains remain separate companies.",
]


def test_find_cue_scores_story_openers_and_ignores_look_alikes() -> None:
    assert find_cue("Next up, a new release from xAI.") == 1.0
    assert find_cue("And speaking of Meta, next story, China has blocked the deal.") == 1.0
    assert find_cue("Onto policy and safety.") >= 0.9
    assert find_cue("And one last business story.") == 1.0
    assert find_cue("anyway moving on our next story is about apple") == 1.0
    assert find_cue("The model predicts the next token from the context.") == 0.0
    assert find_cue("I'm sure we'll talk about it next week too.") == 0.0
    # A cue far into a sentence is a mention, not an announcement.
    assert find_cue("We talked for a long time about whether this counts as the next story in the saga.") == 0.0


def test_pseudo_sentences_cut_unpunctuated_speech() -> None:
    text = " ".join(f"word{i}" for i in range(95))
    pieces = pseudo_sentences(text)
    assert len(pieces) >= 4
    assert all(len(piece.split()) <= 26 for piece in pieces)
    assert " ".join(pieces) == text


def test_units_split_a_caption_line_at_a_cue() -> None:
    units = units_from_lines(["that rocket landing was wild anyway moving on our next story is about apple and its chips"])
    assert [unit.line for unit in units] == [0] * len(units)
    assert any(unit.text.startswith("moving on") for unit in units)


def test_cue_phrases_open_stories() -> None:
    sentences = (
        ["Intel opened a new chip factory in Arizona."] + WIND[1:]
        + ["Next up, the chip factory news continues with another Intel plant."] + WIND[1:]
        + ["Moving on to Texas, where Intel is also building."] + WIND[1:]
    )
    # The same vocabulary everywhere: the cues alone must place the boundaries.
    assert segment_sentences(sentences) == [0, 10, 20]


def test_lexical_cohesion_finds_unannounced_boundaries() -> None:
    starts = segment_sentences(WIND * 2 + BATTERY * 2 + COURT * 2)  # stories of ~120 content words
    assert len(starts) == 3
    assert abs(starts[1] - 20) <= 1 and abs(starts[2] - 40) <= 1


def test_short_stories_are_penalised() -> None:
    # The host announces the battery story at 20 but keeps talking about wind until 24: the lexical
    # valley at 24 alone would leave a four-sentence story, which the length prior rules out.
    sentences = WIND * 2 + ["Next up, a quick note from the wind farms."] + WIND[:3] + BATTERY * 2
    assert segment_sentences(sentences) == [0, 20]


def test_a_cluster_of_cues_opens_one_story_at_its_first_cue() -> None:
    sentences = WIND * 2 + ["On to policy and safety.", "Next up, the battery rules."] + BATTERY * 2
    assert segment_sentences(sentences) == [0, 20]


def test_forced_boundaries_are_kept() -> None:
    starts = segment_sentences(WIND + WIND, forced={10})
    assert starts == [0, 10]


def test_evidence_is_zero_at_the_start_and_empty_input_is_fine() -> None:
    assert segment_sentences([]) == []
    assert segment_sentences(["Just one sentence."]) == [0]
    assert segment.boundary_evidence(WIND)[0] == 0.0


def test_long_input_is_segmented_in_linear_time(monkeypatch) -> None:
    """Each unit goes into and out of each cohesion block once (not once per gap it is near): the
    block operations grow with the input, not with input times block size. Counted, not timed."""
    calls = []
    for name in ("_add", "_remove"):
        real = getattr(segment, name)
        monkeypatch.setattr(segment, name, lambda block, words, real=real: (calls.append(1), real(block, words)))
    sentences = (WIND + BATTERY + COURT) * 60  # 1800 sentences
    starts = segment_sentences(sentences)
    assert 60 <= len(starts) <= 250
    assert 0 < len(calls) <= 4 * len(sentences)


def _block_afresh(terms: list[list[str]], start: int, step: int, size: int) -> tuple[Counter, int]:
    """A block as TextTiling defines it: units from start on, one way, until it holds size words."""
    block: Counter = Counter()
    index, total = start, 0
    while 0 <= index < len(terms) and total < size:
        block.update(terms[index])
        total += len(terms[index])
        index += step
    return block, total


@pytest.mark.parametrize("size", [1, 3, 10, 40, 1000])
def test_sliding_blocks_are_the_blocks_built_afresh(size: int) -> None:
    rng = random.Random(size)
    vocabulary = [f"w{k}" for k in range(12)]
    for trial in range(20):
        # Empty units (lines with no content word) and long ones (a whole paragraph) included.
        terms = [[rng.choice(vocabulary) for _ in range(rng.choice([0, 0, 1, 2, 5, 12, 30]))]
                 for _ in range(rng.randint(2, 60))]
        gaps = []
        for gap, left, right, left_total, right_total in segment._blocks(terms, size):
            expect_left, expect_left_total = _block_afresh(terms, gap - 1, -1, size)
            expect_right, expect_right_total = _block_afresh(terms, gap, 1, size)
            assert (left, left_total) == (dict(expect_left), expect_left_total), (trial, gap)
            assert (right, right_total) == (dict(expect_right), expect_right_total), (trial, gap)
            gaps.append(gap)
        assert gaps == list(range(1, len(terms)))

def test_the_same_blocks_give_the_same_cosine_whatever_order_their_words_came_in() -> None:
    """A sliding block's word order depends on its history; on repeated text, equal blocks must tie
    exactly, or a valley on a plateau moves with the last bit of a sum."""
    rng = random.Random(7)
    weight = {f"w{k}": rng.uniform(0.01, 9.0) for k in range(60)}
    for _ in range(200):
        a = {word: rng.randint(1, 9) for word in rng.sample(sorted(weight), 40)}
        b = {word: rng.randint(1, 9) for word in rng.sample(sorted(weight), 40)}
        shuffled_a = dict(rng.sample(sorted(a.items()), len(a)))
        shuffled_b = dict(rng.sample(sorted(b.items()), len(b)))
        assert segment._cosine(a, b, weight) == segment._cosine(shuffled_a, shuffled_b, weight)
        assert segment._cosine(a, b, weight) == segment._cosine(shuffled_b, shuffled_a, weight)


def test_negative_block_size_compares_nothing() -> None:
    assert segment.depth_scores(WIND[:4], -5) == [0.0] * 4
