from digest.summarize.textmemo import TextMemo, loads


def test_a_kind_the_build_did_not_look_up_is_kept_and_unused_entries_of_a_used_kind_go():
    memo = TextMemo()
    memo.put(("tags", "a"), "tags of a", 10)
    memo.put(("novelty", "a"), "terms of a", 10)
    memo.put(("novelty", "b"), "terms of b", 10)
    memo.turn()
    # The next build takes its tags whole from the cache, and ranks with only text a.
    assert memo.get(("novelty", "a")) == "terms of a"
    assert memo.changed  # b went: worth saving
    saved = loads(memo.dumps())
    assert set(saved) == {("tags", "a"), ("novelty", "a")}
    memo.turn()
    assert memo.get(("tags", "a")) == "tags of a"
    assert memo.get(("novelty", "b")) is None


def test_a_build_that_looked_nothing_up_changes_nothing():
    memo = TextMemo()
    memo.put(("tags", "a"), "tags of a", 10)
    memo.turn()
    assert not memo.changed
    memo.turn()
    assert memo.get(("tags", "a")) == "tags of a"


def test_the_budget_bounds_what_one_build_keeps():
    memo = TextMemo(budget=15)
    memo.put(("tags", "a"), "x", 10)
    memo.put(("tags", "b"), "y", 10)  # over the budget: not kept
    assert memo.get(("tags", "b")) is None and memo.added == 1
