"""Per-text results of pure steps, kept from one build to the next by a long-running process.

Why: tags and topics are chosen across the whole corpus (a tag must mean the same everywhere, a
topic's keywords are weighted by how many texts use them), so after one edit every item's tags and
topic are chosen again. But most of that work reads one text on its own (its candidate phrases and
names, its terms and keyword hits), and for the texts that did not change it gives what it gave
last time. `digest serve` keeps those results here; a build from the command line starts empty.

Only the last build's entries are kept (see turn()), and only up to `budget` characters of text,
because the results take several times the memory of the text they were read from.
"""

from __future__ import annotations

from collections.abc import Hashable

BUDGET = 5_000_000  # characters of text: about 100 MB of kept results


class TextMemo:
    def __init__(self, budget: int = BUDGET):
        self.budget = budget
        self._previous: dict[Hashable, object] = {}
        self._current: dict[Hashable, object] = {}
        self._size = 0

    def get(self, key: Hashable, size: int) -> object | None:
        """The value for key (a key includes the text and every other input), or None."""
        value = self._current.get(key)
        if value is None:
            value = self._previous.get(key)
            if value is not None:
                self.put(key, value, size)
        return value

    def put(self, key: Hashable, value: object, size: int) -> None:
        if key not in self._current and self._size + size <= self.budget:
            self._current[key] = value
            self._size += size

    def turn(self) -> None:
        """A new build begins: what the last one did not use is dropped after this one."""
        self._previous, self._current, self._size = self._current, {}, 0

    def __len__(self) -> int:
        return len(self._current)
