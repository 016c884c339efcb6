import dataclasses
import datetime as dt

from digest.model import Item, snapshot


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
