"""Build the shipped sample corpus into a temp folder and check what a reader would see."""

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from digest.cli import main
from tests.conftest import REPO

TOPICS = {"models", "research", "safety", "policy", "business", "compute", "open", "agents"}

SEVEN = [
    "Reasoning Models Generate Societies of Thought",
    "The Adolescence of Technology",
    "International AI Safety Report 2026",
    "Frontier Model Training Methodologies",
    "Karpathy’s Autoresearch",
    "Attention Residuals",
    "Cloudflare’s /crawl Endpoint",
]


class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h3: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        if tag == "h3" and ("class", "item-title") in attrs:
            self._in = True
            self.h3.append("")

    def handle_endtag(self, tag):
        if tag == "h3":
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.h3[-1] += data


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("e2e")
    shutil.copytree(REPO / "sources", root / "sources")
    code = main(["build", "--config", str(REPO / "digest.yaml"), "--sources", str(root / "sources"),
                 "--out", str(root / "site")])
    assert code == 0
    return root


def test_w15_issue_lists_the_seven_digest_entries_in_order(built):
    page = (built / "site" / "issues" / "2026-W15" / "index.html").read_text(encoding="utf-8")
    assert "What caught my attention in W15" in page
    parser = Text()
    parser.feed(page)
    titles = [t.strip() for t in parser.h3]
    assert titles[:7] == SEVEN
    assert "Chain of thought isn’t a longer monologue." in page  # the entry's own take


def test_every_sample_document_contributes_items(built, capsys):
    capsys.readouterr()
    assert main(["items", "--json", "--config", str(REPO / "digest.yaml"), "--sources", str(built / "sources")]) == 0
    items = json.loads(capsys.readouterr().out)
    files = {item["origin"]["file"] for item in items}
    assert files == {p.name for p in (REPO / "sources").iterdir() if not p.name.endswith(".meta.yaml")}
    for item in items:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["date"]) and re.fullmatch(r"\d{4}-W\d{2}", item["week"])
        assert item["title"] and item["summary"]
        assert item["topic"] in TOPICS or item["topic"] == ""  # "" means no evidence: the "Other" section
        origin = item["origin"]
        assert 1 <= origin["start_line"] <= origin["end_line"]
        lines = (built / "sources" / origin["file"]).read_text(encoding="utf-8").splitlines()
        assert origin["end_line"] <= len(lines)
    assert sum(1 for item in items if item["topic"]) >= 0.8 * len(items)
    by_file = {}
    for item in items:
        by_file.setdefault(item["origin"]["file"], []).append(item)
    assert len(by_file["000_3d29b0c0588a1099.txt"]) == 7
    essays = (REPO / "sources" / "002_e29a9ba6e30901e2.txt").read_text(encoding="utf-8").splitlines()
    assert len(by_file["002_e29a9ba6e30901e2.txt"]) == sum(1 for line in essays if line.strip())
    assert 10 <= len(by_file["004_ca43430d3574a24c.txt"]) <= 12
    assert len(by_file["001_3ec279d0775a14a8.txt"]) >= 10


def test_home_page_shows_latest_week_first(built):
    index = (built / "site" / "index.html").read_text(encoding="utf-8")
    weeks = re.findall(r"issues/(\d{4}-W\d{2})/index.html", index)
    assert weeks and weeks[0] == max(weeks)


def test_rebuild_is_byte_identical(built, tmp_path):
    first = {p.relative_to(built / "site"): p.read_bytes() for p in (built / "site").rglob("*") if p.is_file()}
    assert main(["build", "--config", str(REPO / "digest.yaml"), "--sources", str(built / "sources"),
                 "--out", str(tmp_path / "again")]) == 0
    second = {p.relative_to(tmp_path / "again"): p.read_bytes() for p in (tmp_path / "again").rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
