"""Values derived from an item (its file's key, its digest for page keys), kept from build to build
by `digest serve` with a snapshot of the item they were derived from.

Why: from one build to the next an item's fields are the same strings, and comparing them with a
snapshot is a tenth of the time of hashing them again (4,000 items: 0.03 s of every rebuild, for
each value kept).
"""

from __future__ import annotations

from collections.abc import Callable

from digest.model import Item


def snapshot(item: Item) -> dict[str, object]:
    """The item's fields as they are now, its lists (and the dicts in also_in) as tuples: a copy
    that does not change with the item (no other field may be mutable: tests/test_itemmemo.py)."""
    fields = dict(vars(item))
    fields["tags"] = tuple(item.tags)
    fields["also_in"] = tuple(tuple(entry.items()) for entry in item.also_in)
    return fields


class ItemMemo:
    """One kind of value per item id, with the snapshot it was computed from."""

    def __init__(self) -> None:
        self.previous: dict[str, tuple[dict[str, object], str]] = {}
        self.current: dict[str, tuple[dict[str, object], str]] = {}

    def value(self, item: Item, compute: Callable[[], str]) -> str:
        """The value kept for an item as it is now, else compute()'s."""
        fields = snapshot(item)
        kept = self.previous.get(item.id)
        if kept is None or kept[0] != fields:
            kept = (fields, compute())
        self.current[item.id] = kept
        return kept[1]

    def turn(self) -> None:
        """After a build: what it used is what the next one compares with (gone items drop out)."""
        self.previous, self.current = self.current, {}
