"""Per-text results of pure steps, kept from one build to the next.

Why: tags and topics are chosen across the whole corpus (a tag must mean the same everywhere, a
topic's keywords are weighted by how many texts use them), so after one edit every item's tags and
topic are chosen again. But most of that work reads one text on its own (its candidate phrases and
names, its terms and keyword hits), and for the texts that did not change it gives what it gave
last time. `digest serve` keeps those results here in memory; a build from the command line
reads them from the cache folder and writes them back when they changed (digest.cache).

Of each kind of entry (a key's first element: "tags", "topics", ...) only those the last build
used are kept, and only up to `budget` characters of text, because the results take several times
the memory of the text they were read from; a kind the build did not look up at all (tags that came
whole from the cache) is kept as it was. Values must never be changed by their users: they are
shared from build to build.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Hashable

# Characters of text. Measured on the sample corpus: tag mentions take about 17 bytes of memory and
# topic terms about 5 per character of text, so up to about 110 MB (a saved memo: about 2 bytes per
# character, 10 MB).
BUDGET = 5_000_000


def text_key(text: str) -> bytes:
    """What keys name a text by: its hash (keys that held the text would double a saved memo)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()


class TextMemo:
    def __init__(self, budget: int = BUDGET, load: Callable[[], dict] | None = None):
        """load: gives the entries a build saved, read at the first lookup (most builds need none)."""
        self.budget = budget
        self._load = load
        self._previous: dict[Hashable, tuple[object, int]] = {}
        self._current: dict[Hashable, tuple[object, int]] = {}
        self._size = 0
        self.added = 0  # entries this build computed and kept
        self.kinds: set[object] = set()  # kinds of entry looked up since the last turn()

    @property
    def used(self) -> bool:
        """Looked up since the last turn()."""
        return bool(self.kinds)

    def _loaded(self) -> None:
        if self._load is not None:
            self._previous, self._load = self._load(), None

    def get(self, key: Hashable) -> object | None:
        """The value for key (a key includes the text and every other input), or None."""
        self.kinds.add(_kind(key))
        self._loaded()
        entry = self._current.get(key) or self._previous.get(key)
        if entry is None:
            return None
        self._keep(key, entry)
        return entry[0]

    def put(self, key: Hashable, value: object, size: int) -> None:
        """Keep value, computed from `size` characters of text, if the budget allows."""
        self.kinds.add(_kind(key))
        self._loaded()
        if self._keep(key, (value, size)) and key not in self._previous:
            self.added += 1

    def remember(self, key: Hashable, size: int, compute: Callable[[], object]) -> object:
        """The value for key, computed (from `size` characters of text) and kept when not known."""
        known = self.get(key)
        if known is None:
            known = compute()
            self.put(key, known, size)
        return known

    def _keep(self, key: Hashable, entry: tuple[object, int]) -> bool:
        if key in self._current:
            return True
        if self._size + entry[1] > self.budget:
            return False
        self._current[key] = entry
        self._size += entry[1]
        return True

    def _kept(self) -> dict[Hashable, tuple[object, int]]:
        """What the next build may use: this build's entries, and those of kinds it never looked up."""
        if not self.kinds:
            return self._previous
        return {**{k: e for k, e in self._previous.items() if _kind(k) not in self.kinds}, **self._current}

    def turn(self) -> None:
        """A new build begins: of the kinds the last one looked up, what it did not use is dropped."""
        self._previous, self._current = self._kept(), {}
        self._size, self.added = 0, 0
        self.kinds = set()

    @property
    def changed(self) -> bool:
        """This build computed entries, or left some unused: worth saving."""
        return self.used and (bool(self.added) or self._kept().keys() != self._previous.keys())

    def dumps(self) -> bytes:
        return pickle.dumps(self._kept(), protocol=pickle.HIGHEST_PROTOCOL)

    def __len__(self) -> int:
        return len(self._current)


def _kind(key: Hashable) -> object:
    return key[0] if isinstance(key, tuple) and key else None


def loads(data: bytes) -> dict:
    """Entries written by TextMemo.dumps()."""
    entries = pickle.loads(data)
    return entries if isinstance(entries, dict) else {}
