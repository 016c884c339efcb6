"""Writing files: atomically where a reader may look, with the stat of what was written.

Why one file at a time, on the calling thread: a build writes a page per item and an item file per
item, and on the virtual disks this runs on creating a file costs far more than the bytes in it.
Eight writer threads made that no cheaper (the kernel serializes creates in one folder) and cost
CPU besides: each write took the GIL back from the thread rendering or merging. Side by side, in
three pairs of cold builds of 10,000 items, the store took 5.5-6.8 s with threads and 3.7-5.0 s
without, and the builds 17.3-19.6 s and 15.0-18.0 s.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

# A file changed within this long of a moment may look unchanged by its stat at that moment:
# FAT keeps file times to 2 s, most network shares to 1 s (git's "racily clean" problem).
SETTLE_NS = 2_000_000_000


def write_file(path: Path, content: str | bytes, atomic: bool = False,
               expect: tuple[int, int] | None = None) -> os.stat_result | None:
    """Write (through a temporary file and a rename when atomic); return the stat of the file as
    written, or None when, written atomically, it was changed or replaced at once. Why: a caller
    keeps that stat to know the file is still its own, and a stat that was another process's (a
    concurrent build, an editor's save) would hide that change.

    expect (atomic only): the (size, mtime_ns) the file must still have at the moment it is
    replaced; if it has changed since the caller read it, it is left alone and None returned (a
    tool writing it in place would send the rest of its writes to the replaced file)."""
    target = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp") if atomic else path
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        handle = open(target, "wb")
    except FileNotFoundError:  # the folder is made only when missing, as in link_or_copy
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(target, "wb")
    with handle:
        handle.write(data)
    ours = os.stat(target)  # after close: some network file systems set the time when it flushes
    if not atomic:
        return ours
    if expect is not None:
        try:
            now = os.stat(path)
            unchanged = (now.st_size, now.st_mtime_ns) == expect
        except OSError:
            unchanged = False
        if not unchanged:
            os.unlink(target)
            return None
    os.replace(target, path)  # keeps the inode, size and mtime
    stat = os.stat(path)
    same = (stat.st_ino, stat.st_size, stat.st_mtime_ns) == (ours.st_ino, ours.st_size, ours.st_mtime_ns)
    return stat if same else None


def relative_name(path: Path, folder: Path) -> str:
    """path.relative_to(folder).as_posix(), by string when path was made under folder's own
    spelling (source_files does that): relative_to() was a fifth of a live rebuild's load stage."""
    whole, prefix = os.fspath(path), os.fspath(folder) + os.sep
    if whole.startswith(prefix):
        return whole[len(prefix):].replace(os.sep, "/")
    return path.relative_to(folder).as_posix()


def path_order(path: str) -> str:
    """A sort key that orders path strings as POSIX Paths order (part by part; Windows paths
    compare without case, this key with it): the separator becomes the lowest character. Why not
    path.split(os.sep): a list per path was a third of the time of listing 4,000 documents."""
    return path.replace(os.sep, "\0")


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """Hard-link source to target (same bytes, no copy); copy where the file system cannot link.

    The folder is made only when the link finds it missing: most links of a build go into a folder
    made moments before, and a mkdir per page was half the time of linking 10,000 pages. Strings
    are welcome: two Paths per page were a third of the time of linking them."""
    try:
        os.link(source, target)
        return
    except FileNotFoundError:
        if not os.path.exists(source):
            raise
        os.makedirs(os.path.dirname(target), exist_ok=True)
    except OSError:
        pass
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
