"""Full-text search: Pagefind indexes over the rendered item pages (they carry data-pagefind-body).

Why one index per calendar quarter of item dates (site/pagefind/2026-q2/, ...), merged by the
search page: Pagefind holds a whole index in memory while it builds it (about 1.5 GB for 10,000
items in one), and it has no incremental mode. A quarter's index is small, and an edit rebuilds
only its quarter's index. The pagefind[bin] package ships the binary; without it the site is built
anyway and the search page links to the archive instead.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from digest.fileio import link_or_copy

BUNDLE_DIR = "pagefind"
TIMEOUT_SECONDS = 300
BACKGROUND_NICENESS = 10  # below the build a person is waiting for


@dataclass
class SearchResult:
    built: bool
    message: str


def shard_of(date: dt.date) -> str:
    """The index an item dated `date` goes in: its calendar quarter, e.g. '2026-q2'."""
    return f"{date.year}-q{(date.month - 1) // 3 + 1}"


def pagefind_binary() -> Path | None:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    binary = get_executable()
    return binary if binary and binary.exists() else None


def build_index(site_dir: Path, output_path: Path | None = None, pages: list[str] | None = None,
                stopped: Callable[[], bool] | None = None) -> SearchResult:
    """Index site_dir (only `pages`, paths relative to it, when given) into output_path (default
    site_dir/pagefind/); never raises, so search can't break a build.

    stopped (for `digest serve`, which indexes in the background): Pagefind runs at a lower CPU
    priority and is killed as soon as stopped() says its index is no longer wanted (a newer build
    began), so it does not slow down the rebuild the person is waiting for."""
    binary = pagefind_binary()
    if binary is None:
        return SearchResult(False, "search index skipped: Pagefind is not installed (pip install -e '.' brings pagefind[bin])")
    output_path = output_path or site_dir / BUNDLE_DIR
    scratch = None
    if pages is not None:
        # Pagefind reads a folder: give it one holding just these pages, hard-linked at their own paths.
        scratch = output_path.parent / f".{output_path.name}.pages"
        shutil.rmtree(scratch, ignore_errors=True)
        try:
            for page in pages:
                link_or_copy(site_dir / page, scratch / page)
        except OSError as exc:  # a page gone meanwhile (`digest serve` patched the site): try again later
            shutil.rmtree(scratch, ignore_errors=True)
            return SearchResult(False, f"search index not built: {exc}")
    cmd = [str(binary), "--site", str(scratch or site_dir), "--output-path", str(output_path),
           "--keep-index-url", "--silent"]
    try:
        returncode, output = _run(cmd, stopped)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return SearchResult(False, f"search index not built: {exc}")
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    if returncode is None:
        return SearchResult(False, "search index not built: a newer build began")
    if returncode != 0:
        detail = output.strip().splitlines()[-1:] or ["no output"]
        return SearchResult(False, f"search index not built: pagefind exited {returncode}: {detail[0]}")
    return SearchResult(True, f"search index built in {output_path}")


def _run(cmd: list[str], stopped: Callable[[], bool] | None) -> tuple[int | None, str]:
    """(exit code, stderr or stdout); exit code None when stopped. Raises TimeoutExpired after 300 s."""
    if stopped is None:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
        return done.returncode, done.stderr or done.stdout
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            os.setpriority(os.PRIO_PROCESS, proc.pid, BACKGROUND_NICENESS)
        except (AttributeError, OSError):
            pass  # not POSIX, or it has exited already: only slower
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while True:
            if stopped() or time.monotonic() > deadline:
                proc.kill()
                proc.communicate()
                if stopped():
                    return None, ""
                raise subprocess.TimeoutExpired(cmd, TIMEOUT_SECONDS)
            try:
                out, err = proc.communicate(timeout=0.1)
                return proc.returncode, err or out
            except subprocess.TimeoutExpired:
                continue
