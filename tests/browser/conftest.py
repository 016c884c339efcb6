"""A small site built from documents written here, served under the sub-path /digest/ by a
stdlib http.server in a thread, and a headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from digest.build import build
from digest.config import load_config

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent / "artifacts"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.11.1"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

TOPICS = ["compute", "models", "policy", "agents"]
WORDS = ("Engineers described a new accelerator with a wider memory bus and a cooler, quieter design. "
         "Analysts compared it with earlier parts and asked what it means for training budgets and inference costs.")


def write_sources(sources: Path) -> None:
    """Two weeks of native items with long and short titles, a take, tags and a link each."""
    sources.mkdir(parents=True)
    for n in range(10):
        day = 6 + n if n < 5 else 8 + n
        title = f"Story {n}: " + ("the wafer-scale chip that reshapes datacenter planning for the next decade" if n % 3 == 0 else "a smaller lab releases an open model")
        tags = ["GPUs", "Open models"] if n % 2 else ["Datacenters"]
        (sources / f"note-{n}.md").write_text(
            f"---\ntitle: '{title}'\ndate: 2026-04-{day:02d}\nsource: {'Chip Letter' if n % 2 else 'The Lab Podcast'}\n"
            f"url: https://example.org/story/{n}\ntopic: {TOPICS[n % 4]}\ntags: {tags}\n"
            f"take: {'Worth a close read.' if n % 4 == 0 else ''}\n---\n"
            f"{WORDS}\n\nParagraph two of story {n} mentions zebrafish{n} for search.\n",
            encoding="utf-8")


HOSTILE = """---
title: 'Zebrahostile <script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
date: 2026-04-09
source: '<svg onload="window.pwned=3">Evil</svg>'
url: 'javascript:window.pwned=4'
summary: 'Zebrahostile summary <iframe srcdoc="<script>parent.pwned=5</script>"></iframe>'
---
Zebrahostile body <script>window.pwned=6</script> <a href="javascript:window.pwned=7">click</a>.
"""


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser-site")
    write_sources(root / "sources")
    (root / "sources" / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    # An older quarter: search must find it through a second, merged Pagefind index.
    (root / "sources" / "winter.md").write_text(
        "---\ntitle: A winter story\ndate: 2026-03-31\nsource: Chip Letter\ntopic: compute\n---\n"
        f"{WORDS}\n\nThe winter story mentions zebrafishwinter for search.\n", encoding="utf-8")
    cfg = load_config(None, root=root)
    cfg.base_url = "https://example.org/digest/"
    cfg.output_dir = root / "www" / "digest"
    result = build(cfg)
    assert not [p for p in result.problems if p.file == "search"], result.problems
    return cfg.output_dir


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def server(built_site: Path):
    """Base URL of the site served at http://127.0.0.1:<port>/digest/ (the parent folder is the web root)."""
    handler = functools.partial(_Quiet, directory=str(built_site.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/digest/"
    httpd.shutdown()
    httpd.server_close()


def _ensure_axe() -> Path | None:
    if AXE.is_file():
        return AXE
    npm = shutil.which("npm")
    if npm:
        subprocess.run([npm, "install", "--no-save", "--no-package-lock", "--prefix", str(HERE), f"axe-core@{AXE_VERSION}"],
                       check=False, capture_output=True, timeout=300)
    return AXE if AXE.is_file() else None


@pytest.fixture(scope="session")
def axe_script() -> Path:
    path = _ensure_axe()
    if path is None:
        pytest.fail(f"axe-core {AXE_VERSION} is not installed in {HERE / 'node_modules'} and npm could not install it")
    return path


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing (CI installs it with apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
