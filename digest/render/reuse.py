"""Which pages of the previous build can be kept as they are.

Every page gets a key: a hash of everything it is rendered from (its template context, with each
item and issue reduced to a digest of all its fields) plus the templates, the configuration and the
package's code. A page whose key matches the previous build's, and whose file there is untouched
(same size and modification time as we wrote it), is hard-linked into the new build instead of
rendered again. A key covers every input, so reuse never changes a byte of output; it only makes a
one-item edit in a 10,000-item archive re-render tens of pages instead of all of them.

The list of keys lives in the cache folder, not in the site (it holds modification times, and the
site must be byte-identical from build to build). It is removed before a new site is swapped in and
written after, so a build killed in between leaves no list, and the next build renders everything.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

from digest.fileio import link_or_copy, write_file
from digest.itemmemo import ItemMemo
from digest.model import Item
from digest.text import text_digest


class Fingerprint:
    """Digests of template contexts; each item or issue object is hashed once per build."""

    def __init__(self, global_key: str, item_tokens: ItemMemo | None = None):
        self.global_key = global_key
        self.item_tokens = item_tokens
        self._memo: dict[int, str] = {}
        self._keep: list[object] = []  # memo keys are id()s: keep the objects alive

    def page(self, path: str, template: str, context: dict[str, object]) -> str:
        digest = hashlib.sha1(self.global_key.encode())
        digest.update(f"\0{path}\0{template}\0".encode())
        digest.update(self._token(context).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _token(self, value: object) -> str:
        known = self._memo.get(id(value))  # safe for any value: memoized objects are kept alive
        if known is not None:
            return known
        if isinstance(value, (str, int, float, bool)) or value is None:
            return repr(value)
        if isinstance(value, (list, tuple)):
            return "[" + ",".join(map(self._token, value)) + "]"
        if isinstance(value, dict):
            return "{" + ",".join(f"{self._token(k)}:{self._token(v)}" for k, v in value.items()) + "}"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if isinstance(value, Item):
                known = self._item_token(value)
            else:
                # Plain dataclasses keep every field in __dict__ (dataclasses.fields() is slow per call).
                fields = ",".join(f"{name}={self._token(field)}" for name, field in vars(value).items())
                text = f"{type(value).__name__}({fields})"
                known = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
            self._memo[id(value)] = known
            self._keep.append(value)
            return known
        return repr(value)  # dates, paths, enums: their repr names their value

    def _item_token(self, item: Item) -> str:
        """An item holds no other item: the repr of its fields (C reprs of the values) is a third
        of the time of walking them; its body stands in by its hash. Containers are walked, so
        that each item in them is hashed once, not once per list it is on. `digest serve` keeps
        each item's token (item_tokens)."""
        def token() -> str:
            text = repr(dict(vars(item), body=text_digest(item.body)))
            return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()

        return self.item_tokens.value(item, token) if self.item_tokens is not None else token()


@dataclasses.dataclass
class Previous:
    """The last build's pages: path -> (key, size, mtime_ns) as written, in folder `site`; and per
    search index (digest.render.search), a hash of the keys of the pages it indexes."""

    site: Path
    pages: dict[str, tuple[str, int, int]]
    search_keys: dict[str, str] = dataclasses.field(default_factory=dict)  # shard -> key of its pages

    def reuse(self, path: str, key: str, staging: Path | None) -> tuple[int, int] | None:
        """When the old page is still right, its (size, mtime_ns), linked into staging unless that
        is None (the site is patched in place: the page stays where it is); else None."""
        entry = self.pages.get(path)
        if entry is None or entry[0] != key:
            return None
        old = os.path.join(self.site, path)  # a string: a Path per page was a tenth of a rebuild's checks
        try:
            stat = os.stat(old)
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != (entry[1], entry[2]):
            return None  # edited or replaced since we wrote it: render it again
        if staging is not None:
            link_or_copy(old, os.path.join(staging, path))
        return entry[1], entry[2]


def read_previous(manifest: Path, site: Path) -> Previous | None:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        pages = {path: (str(e[0]), int(e[1]), int(e[2])) for path, e in data["pages"].items()}
        search = data.get("search")
        search_keys = {str(k): str(v) for k, v in search.items()} if isinstance(search, dict) else {}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    return Previous(site, pages, search_keys) if site.is_dir() else None


def forget(manifest: Path) -> None:
    try:
        manifest.unlink()
    except OSError:
        pass


def write_manifest(manifest: Path, pages: dict[str, tuple[str, int, int]], search_keys: dict[str, str]) -> None:
    data = {"search": dict(sorted(search_keys.items())), "pages": {path: list(pages[path]) for path in sorted(pages)}}
    try:
        write_file(manifest, json.dumps(data, separators=(",", ":")) + "\n", atomic=True)
    except OSError:
        pass  # without the list the next build renders every page: slower, never wrong


def set_search_keys(manifest: Path, search_keys: dict[str, str]) -> None:
    """Record that these indexes, now in the site, were built from pages with these keys (deferred indexing)."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        pages = {path: tuple(entry) for path, entry in data["pages"].items()}
        known = data["search"] if isinstance(data.get("search"), dict) else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return
    write_manifest(manifest, pages, {**known, **search_keys})  # type: ignore[arg-type]


def link_tree(source: Path, target: Path) -> None:
    """Hard-link (or copy) every file of source into target."""
    for path in sorted(source.rglob("*")):
        if path.is_file():
            link_or_copy(path, target / path.relative_to(source))


def tree_key(folder: Path) -> str:
    """Hash of every file's relative path and bytes under folder (templates, static assets)."""
    digest = hashlib.sha1()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
