"""Full-text search: a Pagefind index built over the rendered site (item pages carry
data-pagefind-body). The pagefind[bin] package ships the binary; without it the site is
built anyway and the search page links to the archive instead."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = "pagefind"


@dataclass
class SearchResult:
    built: bool
    message: str


def pagefind_binary() -> Path | None:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    binary = get_executable()
    return binary if binary and binary.exists() else None


def build_index(site_dir: Path, output_path: Path | None = None) -> SearchResult:
    """Index site_dir into site_dir/pagefind/ (or output_path); never raises, so search can't break a build."""
    binary = pagefind_binary()
    if binary is None:
        return SearchResult(False, "search index skipped: Pagefind is not installed (pip install -e '.' brings pagefind[bin])")
    where = ["--output-path", str(output_path)] if output_path else ["--output-subdir", BUNDLE_DIR]
    cmd = [str(binary), "--site", str(site_dir), *where, "--keep-index-url", "--silent"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return SearchResult(False, f"search index not built: {exc}")
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return SearchResult(False, f"search index not built: pagefind exited {done.returncode}: {detail[0]}")
    return SearchResult(True, f"search index built in {output_path or site_dir / BUNDLE_DIR}")
