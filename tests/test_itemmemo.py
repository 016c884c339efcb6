import dataclasses
import datetime as dt

from digest.itemmemo import snapshot
from digest.model import Item


def test_the_only_mutable_fields_of_an_item_are_the_ones_a_snapshot_copies():
    # A snapshot (the caches of `digest serve` compare items with it) copies tags and also_in; a
    # new list, dict or set field changed in place would look unchanged, and its pages stale.
    mutable = {field.name for field in dataclasses.fields(Item)
               if any(kind in str(field.type) for kind in ("list", "dict", "set", "List", "Dict", "Set"))}
    assert mutable == {"tags", "also_in"}


def test_a_snapshot_does_not_change_with_the_item():
    item = Item(id="a", title="A", date=dt.date(2026, 4, 6), source="S", kind="note", body="x", tags=["t"],
                also_in=[{"source": "T", "url": "https://t.example"}])
    before = snapshot(item)
    item.tags.append("u")
    item.also_in[0]["source"] = "U"
    assert snapshot(item) != before and before["tags"] == ("t",)


def test_a_value_is_computed_again_only_for_a_changed_item_and_kept_only_while_asked_for():
    from digest.itemmemo import ItemMemo

    memo, computed = ItemMemo(), []
    item = Item(id="a", title="A", date=dt.date(2026, 4, 6), source="S", kind="note", body="x")

    def value(one: Item) -> str:
        return memo.value(one, lambda: computed.append(one.title) or one.title)

    assert value(item) == "A"
    memo.turn()
    assert value(item) == "A" and computed == ["A"]  # unchanged: kept
    memo.turn()
    item.title = "B"
    assert value(item) == "B" and computed == ["A", "B"]
    memo.turn()
    memo.turn()  # a build that did not ask for it: dropped
    assert value(item) == "B" and computed == ["A", "B", "B"]
