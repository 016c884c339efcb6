"""Is the site already what a build would produce? Then `digest build` stops in a fraction of a second.

Like make, but over everything a build reads: the package's code, the configuration, every file
under sources/, items/ and the templates (path, size and modification time), and every page of the
output as the last build wrote it. If nothing of that changed since the last successful build,
the build is skipped and its problems are reported again, so `--strict` answers the same.

This module imports only the standard library (and the config loader): a skipped build must not
pay for numpy, scipy, Jinja2 and the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from digest.changes import walk_files, walked
from digest.config import Config
from digest.fileio import write_file

CACHE_DIR = ".digest-cache"  # digest.cache keeps its entries here too
_PACKAGE = Path(__file__).resolve().parent
TEMPLATES_DIR = _PACKAGE.parent / "templates"


def templates_dir(cfg: Config) -> Path:
    """The project's own templates/ when it has one, else the ones shipped with digest."""
    local = cfg.root / "templates"
    return local if (local / "base.html").exists() else TEMPLATES_DIR


def pages_manifest(cfg: Config, out: Path) -> Path | None:
    """Where the keys of the last build's pages live (digest.render.reuse), one list per output folder."""
    if not cfg.cache:
        return None
    return cfg.root / CACHE_DIR / "pages" / f"{_out_name(out)}.json"


def _out_name(out: Path) -> str:
    return hashlib.sha1(str(out).encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass
class Record:
    """What the last build left: its inputs' signature and what it reported."""

    signature: str
    pages: int
    items: int
    issues: int
    problems: list[tuple[str, int, str, str]]  # (file, line, message, level)


def record_path(cfg: Config, out: Path) -> Path:
    return cfg.root / CACHE_DIR / "uptodate" / f"{_out_name(out)}.json"


def _entries(folder: Path, links: set[str] | None = None) -> dict[str, str]:
    """Every file's relative path -> its entry: path, size and mtime (os.walk's files: it does not
    go into linked folders). links: filled with the relative paths of the symbolic links."""
    entries: dict[str, str] = {}
    if folder.is_dir():
        top = len(os.fspath(folder)) + 1
        files, linked = walk_files(os.fspath(folder))
        for path in files:
            relative = path[top:]  # os.path.relpath per file took a third of the walk
            entry = _entry(path, relative)
            if entry is not None:
                entries[relative] = entry
        if links is not None:
            links.update(path[top:] for path in linked)
    return entries


def _entry(path: str, relative: str) -> str | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}"


def _listing(digest: "hashlib._Hash", folder: Path, entries: dict[str, str] | None = None) -> None:
    """Add every file's relative path, size and mtime (sorted, so the order of the walk never matters)."""
    entries = _entries(folder) if entries is None else entries
    digest.update(f"{folder}\n".encode("utf-8", "surrogatepass"))
    digest.update("\n".join(sorted(entries.values())).encode("utf-8", "surrogatepass"))


class Listing:
    """_entries() of one folder, kept by `digest serve` from build to build and brought up to date
    at the names its watcher reported (digest.changes), and at every link: 4,000 stats fewer per rebuild."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.entries: dict[str, str] | None = None
        self.links: set[str] = set()  # relative paths of the symbolic links

    def refresh(self, changed: set[str] | None) -> dict[str, str]:
        """changed: names ('/'-separated) of the only files that may have changed, or None for all."""
        if self.entries is None or changed is None:
            self.links = set()
            self.entries = _entries(self.folder, self.links)
            return self.entries
        folder = os.fspath(self.folder)
        for relative in {name.replace("/", os.sep) for name in changed} | self.links:
            path = os.path.join(folder, relative)
            entry = _entry(path, relative) if walked(folder, relative.replace(os.sep, "/")) else None
            if entry is None:
                self.entries.pop(relative, None)
            else:
                self.entries[relative] = entry
            if os.path.islink(path):
                self.links.add(relative)
            else:
                self.links.discard(relative)
        return self.entries


def inputs_signature(cfg: Config, out: Path, templates: Path, sources: Listing | None = None,
                     changed: set[str] | None = None) -> str:
    """Everything a build reads except items/ (which the build itself writes; see items_signature).
    sources (for `digest serve`): a kept Listing of sources/, refreshed at the changed names."""
    digest = hashlib.sha1()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.read_bytes())
    digest.update(repr(cfg).encode("utf-8", "surrogatepass"))
    digest.update(str(out).encode("utf-8", "surrogatepass"))
    _listing(digest, cfg.sources_dir, sources.refresh(changed) if sources is not None else None)
    _listing(digest, templates)
    return digest.hexdigest()


def items_signature(cfg: Config) -> str:
    digest = hashlib.sha1()
    _listing(digest, cfg.items_dir)
    return digest.hexdigest()


def site_signature(out: Path) -> str:
    """Every folder of the built site with its modification time. Why folders, not pages: a page
    added, removed or renamed (editors save by renaming) changes its folder's time, and a site of
    10,000 pages has a few hundred folders; stat-ing every page took half of a no-op build."""
    digest = hashlib.sha1()
    for base, dirs, _files in os.walk(out):
        dirs.sort()
        try:
            stat = os.stat(base)
        except OSError:
            return ""
        digest.update(f"{os.path.relpath(base, out)}\0{stat.st_ino}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def read(path: Path) -> Record | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Record(str(data["signature"]), int(data["pages"]), int(data["items"]), int(data["issues"]),
                      [(str(f), int(n), str(m), str(lv)) for f, n, m, lv in data["problems"]])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check(cfg: Config, out: Path, inputs: str | None = None) -> Record | None:
    """The last build's record if the site is up to date, else None (always None without the cache).
    inputs: inputs_signature(), when the caller took it already (a build that follows needs it)."""
    manifest = pages_manifest(cfg, out)
    if manifest is None:
        return None
    record = read(record_path(cfg, out))
    if record is None or not manifest.is_file():
        return None
    inputs = inputs or inputs_signature(cfg, out, templates_dir(cfg))
    if not record.signature.startswith(f"{inputs}:"):
        return None  # a source changed: no need to walk items/ and the site (10,000 stats each)
    signature = f"{inputs}:{items_signature(cfg)}:{site_signature(out)}"
    return record if record.signature == signature else None


def write(cfg: Config, out: Path, signature: str, record: Record) -> None:
    """After a successful build. `signature` was taken before it started: an input changed while it
    ran leaves a record that no longer matches, so the next build runs."""
    path = record_path(cfg, out)
    data = {"signature": f"{signature}:{items_signature(cfg)}:{site_signature(out)}", "pages": record.pages,
            "items": record.items,
            "issues": record.issues, "problems": [list(p) for p in record.problems]}
    try:
        write_file(path, json.dumps(data, ensure_ascii=False) + "\n", atomic=True)
    except OSError:
        pass


def forget(cfg: Config, out: Path) -> None:
    try:
        record_path(cfg, out).unlink()
    except OSError:
        pass
