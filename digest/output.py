"""The output folder: built beside itself and swapped in whole, and never a folder that is not ours.

A build replaces the output folder wholesale, so a mistyped `--out` (the project, `sources/`, a
home folder) would delete a person's work. We refuse any output that is, holds or lies inside
something we read, and only ever replace a folder that carries our marker file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".digest-build"
MARKER_TEXT = "This folder is written by `digest build` and replaced whole on every build.\n"


class OutputError(ValueError):
    """The output folder cannot be used; nothing was written or deleted."""


def check_output(out: Path, root: Path, inputs: list[Path]) -> None:
    """Raise OutputError unless replacing `out` wholesale is safe.

    `root` is the project folder (the output may live inside it, as site/ does); `inputs` are the
    folders we read (sources, items, templates): the output may neither hold nor lie inside them.
    """
    out = out.resolve()
    for path in [root, *inputs]:
        path = path.resolve()
        if out == path or out in path.parents:
            raise OutputError(f"output folder {out} would replace {path}; choose another --out")
    for path in inputs:
        if path.resolve() in out.parents:
            raise OutputError(f"output folder {out} lies inside {path.resolve()}; choose a folder outside it")
    if out.exists() and not out.is_dir():
        raise OutputError(f"output {out} is a file, not a folder")
    if out.is_dir() and not (out / MARKER).exists() and any(out.iterdir()):
        raise OutputError(
            f"output folder {out} is not empty and was not written by digest (no {MARKER} file); "
            "remove it (make clean) or choose another --out"
        )


def staging_dir(out: Path) -> Path:
    """A fresh folder beside the output (same file system, so the swap is a rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    old = out.with_name(f".{out.name}.old")
    if not out.exists() and (old / MARKER).exists():
        os.replace(old, out)  # killed between the two renames of swap_in: the old site comes back
    _remove_debris(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return staging


def swap_in(staging: Path, out: Path) -> None:
    """Replace the output with the staged build; readers see old or new, whole."""
    os.chmod(staging, 0o755)
    replace_folder(staging, out)


def replace_folder(new: Path, target: Path) -> None:
    """Put folder `new` at `target` in two renames (the old one goes to `.<name>.old` between them,
    where staging_dir() finds a site left by a build killed in the middle)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        os.replace(new, target)
        return
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def patch_in(staging: Path, out: Path, files: set[str], folders: set[str]) -> None:
    """Update `out` in place to the new build: move in what is staged (the changed pages, and whole
    `folders` such as a rebuilt search index), then delete what the new build does not have.

    Why: swap_in needs every unchanged page linked into staging first, which for 10,000 pages takes
    longer than rendering the one that changed. Readers may see old and new pages side by side for
    the moment the moves take, so only `digest serve`, whose requests wait for the build, uses this.
    `files` and `folders` are every page and every whole folder of the new build (paths relative to
    out); anything else in out is obsolete."""
    top = len(os.fspath(staging)) + 1
    for base, dirs, names in os.walk(staging):
        relative = base[top:].replace(os.sep, "/")
        for name in list(dirs):
            folder = f"{relative}/{name}" if relative else name
            if folder in folders:  # replaced whole: never a mix of two indexes
                dirs.remove(name)
                replace_folder(staging / folder, out / folder)
        for name in names:
            target = out / relative / name
            try:
                os.replace(os.path.join(base, name), target)
            except FileNotFoundError:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(os.path.join(base, name), target)
    root = os.fspath(out)
    emptied = set()
    for base, dirs, names in os.walk(out):
        relative = base[len(root) + 1:].replace(os.sep, "/")  # files and folders are given with "/"
        prefix = f"{relative}/" if relative else ""
        dirs[:] = [name for name in dirs if prefix + name not in folders]
        for name in names:
            if prefix + name not in files:
                try:
                    os.unlink(os.path.join(base, name))
                except OSError:
                    continue  # like swap_in's removal of the old site: what cannot go, stays
                emptied.add(base)
    for base in sorted(emptied, key=len, reverse=True):  # then their folders, if nothing is left in them
        while base != root:
            try:
                os.rmdir(base)
            except OSError:
                break
            base = os.path.dirname(base)


def discard(staging: Path) -> None:
    if staging.exists():
        shutil.rmtree(staging, ignore_errors=True)


def _remove_debris(out: Path) -> None:
    """Staging folders left by a build that was killed: ours only (they carry the marker)."""
    for path in sorted(out.parent.glob(f".{out.name}.*")):
        if path.is_dir() and (path / MARKER).exists():
            shutil.rmtree(path, ignore_errors=True)
