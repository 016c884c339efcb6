"""Per-text results of pure steps, kept from one build to the next.

Why: tags and topics are chosen across the whole corpus (a tag must mean the same everywhere, a
topic's keywords are weighted by how many texts use them), so after one edit every item's tags and
topic are chosen again. But most of that work reads one text on its own (its candidate phrases and
names, its terms and keyword hits), and for the texts that did not change it gives what it gave
last time. `digest serve` keeps those results here in memory; a build from the command line
reads them from the cache folder and writes them back when they changed (digest.cache).

Only the last build's entries are kept (see turn()), and only up to `budget` characters of text,
because the results take several times the memory of the text they were read from.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Hashable

BUDGET = 5_000_000  # characters of text: about 100 MB of kept results


def text_key(text: str) -> bytes:
    """What keys name a text by: its hash (keys that held the text would double a saved memo)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()


class TextMemo:
    def __init__(self, budget: int = BUDGET):
        self.budget = budget
        self._previous: dict[Hashable, tuple[object, int]] = {}
        self._current: dict[Hashable, tuple[object, int]] = {}
        self._size = 0
        self.added = 0  # entries this build computed

    def get(self, key: Hashable, size: int) -> object | None:
        """The value for key (a key includes the text and every other input), or None."""
        entry = self._current.get(key) or self._previous.get(key)
        if entry is None:
            return None
        self._keep(key, entry)
        return entry[0]

    def put(self, key: Hashable, value: object, size: int) -> None:
        if key not in self._current and key not in self._previous:
            self.added += 1
        self._keep(key, (value, size))

    def _keep(self, key: Hashable, entry: tuple[object, int]) -> None:
        if key not in self._current and self._size + entry[1] <= self.budget:
            self._current[key] = entry
            self._size += entry[1]

    def turn(self) -> None:
        """A new build begins: what the last one did not use is dropped after this one."""
        self._previous, self._current, self._size, self.added = self._current, {}, 0, 0

    @property
    def changed(self) -> bool:
        """This build computed entries, or left some unused: worth saving."""
        return bool(self.added) or self._current.keys() != self._previous.keys()

    def dumps(self) -> bytes:
        return pickle.dumps(self._current, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, data: bytes, budget: int = BUDGET) -> TextMemo:
        """A memo holding a saved build's entries as the previous build's (call turn() not again)."""
        memo = cls(budget)
        entries = pickle.loads(data)
        if isinstance(entries, dict):
            memo._previous = entries
        return memo

    def __len__(self) -> int:
        return len(self._current)
