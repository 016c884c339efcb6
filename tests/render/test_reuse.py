"""Pages kept from the previous build: only what a change touches is rendered, and the output is
always byte-identical to a build from scratch."""

import shutil
from pathlib import Path

import pytest

from digest import forkpool
from digest.build import build
from digest.config import load_config
from digest.render import site as site_mod
from digest.render.reuse import Fingerprint
from digest.model import Item


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def note(project: Path, name: str, title: str, day: int, body: str, topic: str = "models") -> Path:
    path = project / "sources" / f"{name}.md"
    path.write_text(f"---\ntitle: {title}\ndate: 2026-04-{day:02d}\nsource: Notes\ntopic: {topic}\n"
                    f"tags: [{name}]\n---\n{body}\n", encoding="utf-8")
    return path


def make_notes(project: Path) -> None:
    note(project, "alpha", "Alpha ships a model", 6, "Alpha released a small open model for coding.")
    note(project, "beta", "Beta raises money", 7, "Beta raised a round to build chips.", topic="business")
    note(project, "gamma", "Gamma in a later week", 15, "Gamma wrote about datacenters.", topic="compute")


def fresh_build(project: Path, tmp_path: Path) -> dict[str, bytes]:
    """The same project (and item store, which keeps ids stable across edits) built with no cache
    and no previous site."""
    twin = tmp_path / "twin"
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(project, twin, ignore=shutil.ignore_patterns("site", ".digest-cache"))
    build(load_config(twin / "digest.yaml"))
    return tree(twin / "site")


@pytest.fixture
def notes(tmp_path):
    project = tmp_path / "project"
    (project / "sources").mkdir(parents=True)
    (project / "digest.yaml").write_text("title: Test digest\nbase_url: https://example.org/d/\n", encoding="utf-8")
    make_notes(project)
    return project


def test_an_unchanged_rebuild_renders_nothing_and_keeps_every_byte(notes):
    cfg = load_config(notes / "digest.yaml")
    first = build(cfg)
    before = tree(notes / "site")
    second = build(cfg)
    assert first.rendered == first.pages > 0
    assert second.rendered == 0
    assert tree(notes / "site") == before


def test_one_edit_renders_only_the_pages_it_touches(notes, tmp_path):
    cfg = load_config(notes / "digest.yaml")
    build(cfg)
    before = tree(notes / "site")
    note(notes, "gamma", "Gamma in a later week", 15, "Gamma wrote about datacenters and power.", topic="compute")
    result = build(cfg)
    after = tree(notes / "site")
    changed = {path for path in after if before.get(path) != after[path]}
    assert 0 < result.rendered < result.pages
    # the untouched week's page and the other items' pages were kept, not rendered again
    assert "issues/2026-W16/index.html" in changed
    assert not any(path.startswith("issues/2026-W15/") for path in changed)
    assert after == fresh_build(notes, tmp_path)


def test_a_tampered_output_file_is_rendered_again(notes):
    cfg = load_config(notes / "digest.yaml")
    build(cfg)
    page = notes / "site" / "archive.html"
    good = page.read_bytes()
    page.write_bytes(b"defaced")
    result = build(cfg)
    assert result.rendered >= 1
    assert page.read_bytes() == good


def test_a_template_change_renders_everything(notes):
    shutil.copytree(Path(__file__).resolve().parents[2] / "templates", notes / "templates")
    cfg = load_config(notes / "digest.yaml")
    build(cfg)
    base = notes / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- changed --></body>"), encoding="utf-8")
    result = build(cfg)
    assert result.rendered == result.pages
    assert "<!-- changed -->" in (notes / "site" / "index.html").read_text(encoding="utf-8")


def test_without_the_cache_every_page_is_rendered(notes):
    (notes / "digest.yaml").write_text("title: Test digest\ncache: false\n", encoding="utf-8")
    cfg = load_config(notes / "digest.yaml")
    build(cfg)
    assert build(cfg).rendered == build(cfg).pages


def test_rendering_on_two_processes_gives_the_same_site(notes, tmp_path, monkeypatch):
    (notes / "digest.yaml").write_text("title: Test digest\ncache: false\n", encoding="utf-8")
    monkeypatch.setattr(site_mod, "MIN_PAGES_PER_WORKER", 10**9)
    build(load_config(notes / "digest.yaml"))
    serial = tree(notes / "site")
    monkeypatch.setattr(site_mod, "MIN_PAGES_PER_WORKER", 1)
    monkeypatch.setattr(forkpool.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(forkpool.threading, "active_count", lambda: 1)  # other tests may leave threads
    if forkpool.workers(100, 1) < 2:
        pytest.skip("no fork here (not Linux)")
    contexts = []
    real = forkpool.multiprocessing.get_context
    monkeypatch.setattr(forkpool.multiprocessing, "get_context", lambda method: contexts.append(method) or real(method))
    build(load_config(notes / "digest.yaml"))
    assert contexts == ["fork"]
    assert tree(notes / "site") == serial


def test_a_page_key_changes_with_any_field_of_any_item_it_shows():
    item = Item(id="a", title="A", date=__import__("datetime").date(2026, 4, 6), source="S", kind="note", body="x")
    other = Item(id="b", title="B", date=item.date, source="S", kind="note", body="y")
    key = Fingerprint("g").page("p.html", "list.html", {"items": [item, other]})
    assert key == Fingerprint("g").page("p.html", "list.html", {"items": [item, other]})
    other.summary = "changed"
    assert key != Fingerprint("g").page("p.html", "list.html", {"items": [item, other]})
    assert key != Fingerprint("h").page("p.html", "list.html", {"items": [item, Item(**{**other.__dict__, "summary": ""})]})
    # Merged duplicates: the other sources are shown on the page, so they are part of its key.
    merged = Item(**{**item.__dict__, "also_in": [{"source": "T", "url": "https://t.example/a"}]})
    assert Fingerprint("g").page("p.html", "list.html", {"items": [item]}) != \
        Fingerprint("g").page("p.html", "list.html", {"items": [merged]})


def test_item_digests_kept_between_builds_give_the_keys_a_fresh_fingerprint_gives():
    import copy
    import datetime as dt

    from digest.itemmemo import ItemMemo

    item = Item(id="a", title="A", date=dt.date(2026, 4, 6), source="S", kind="note", body="x", tags=["t"])
    tokens = ItemMemo()

    def keys_of(one: Item) -> tuple[str, str]:
        kept = Fingerprint("g", tokens).page("p.html", "list.html", {"items": [one]})
        tokens.turn()
        return kept, Fingerprint("g").page("p.html", "list.html", {"items": [one]})

    before, fresh = keys_of(item)
    assert before == fresh
    item.tags.append("v")  # changed in place: the kept snapshot must not change with it
    first, fresh = keys_of(item)
    assert first == fresh != before
    same = copy.copy(item)  # the next build's copy: other objects, same values
    same.tags = list(item.tags)
    assert keys_of(same) == (first, first)
    same.tags.append("u")  # changed in place, as the list of the last build's snapshot is not
    changed, fresh = keys_of(same)
    assert changed == fresh != first
    same.score, same.title = 2.5, "B"
    changed_again, fresh = keys_of(same)
    assert changed_again == fresh != changed


def test_only_the_search_index_of_the_edited_quarter_is_built_again(notes):
    (notes / "sources" / "winter.md").write_text(
        "---\ntitle: A winter note\ndate: 2026-01-20\nsource: Notes\n---\nWinter text about chips.\n", encoding="utf-8")
    cfg = load_config(notes / "digest.yaml")
    build(cfg)
    bundles = notes / "site" / "pagefind"
    if not (bundles / "2026-q2" / "pagefind-entry.json").exists():
        pytest.skip("Pagefind is not installed")
    assert sorted(p.name for p in bundles.iterdir()) == ["2026-q1", "2026-q2"]
    search = (notes / "site" / "search.html").read_text(encoding="utf-8")
    assert 'data-bundles="2026-q2 2026-q1"' in search  # newest first: the UI loads the first, merges the rest

    def inodes() -> dict[str, int]:
        return {p.parent.name: p.stat().st_ino for p in bundles.glob("*/pagefind-entry.json")}

    before = inodes()
    build(cfg)
    assert inodes() == before  # hard-linked from the previous build, not built again
    note(notes, "beta", "Beta raises more money", 7, "Beta raised a bigger round.", topic="business")
    build(cfg)
    after = inodes()
    assert after["2026-q1"] == before["2026-q1"] and after["2026-q2"] != before["2026-q2"]


def test_search_false_builds_no_index(notes):
    (notes / "digest.yaml").write_text("title: Test digest\nsearch: false\n", encoding="utf-8")
    build(load_config(notes / "digest.yaml"))
    site = notes / "site"
    assert not (site / "pagefind").exists() and not (site / "search.html").exists()
    assert 'role="search"' not in (site / "index.html").read_text(encoding="utf-8")


def test_patching_in_place_with_a_memo_gives_the_same_site_as_a_fresh_build(notes, tmp_path):
    """What `digest serve` does: only changed pages are written into the previous site, documents
    come from the memo, and after edits, additions and removals the site is what a build from
    scratch makes, with nothing left over."""
    from digest.cache import Memo

    cfg = load_config(notes / "digest.yaml")
    memo = Memo()
    build(cfg, defer_search=True, in_place=True, memo=memo)
    site = notes / "site"
    kept = site / "issues" / "2026-W15" / "index.html"
    inode = kept.stat().st_ino
    (site / "stray.html").write_text("left by someone", encoding="utf-8")
    note(notes, "beta", "Beta raises more money", 7, "Beta raised a bigger round.", topic="business")
    note(notes, "delta", "Delta in a new week", 28, "Delta is about robots.", topic="research")
    (notes / "sources" / "gamma.md").unlink()  # its week, tag, item pages and search quarter go
    result = build(cfg, defer_search=True, in_place=True, memo=memo)
    assert 0 < result.rendered < result.pages
    assert kept.stat().st_ino != inode  # its week changed: the page was replaced
    pages = {path: data for path, data in tree(site).items() if not path.startswith("pagefind/")}
    # The search index is rebuilt after the reload (defer_search); every other byte is a fresh build's.
    assert pages == {path: data for path, data in fresh_build(notes, tmp_path).items() if not path.startswith("pagefind/")}
    assert not (site / "stray.html").exists()
    assert not (site / "issues" / "2026-W16").exists()  # gamma's week is gone, folder and all
    assert sorted(memo.documents) == ["alpha.md", "beta.md", "delta.md"]
    # An unchanged page of the patched site is the same file, untouched.
    alpha = next(site.glob("items/alpha*.html"))
    alpha_inode = alpha.stat().st_ino
    build(cfg, defer_search=True, in_place=True, memo=memo)
    assert alpha.stat().st_ino == alpha_inode


def test_a_memo_reads_only_the_documents_that_changed(notes, monkeypatch):
    from digest import cache as cache_mod

    monkeypatch.setattr(cache_mod, "SETTLE_NS", -10**12)  # as if every file had been saved long ago
    cfg = load_config(notes / "digest.yaml")
    memo = cache_mod.Memo()
    build(cfg, memo=memo)
    first = tree(notes / "site")
    read: list[str] = []
    real = cache_mod.Cache.key

    def counting_key(self, *parts):
        read.append(parts[0])
        return real(self, *parts)

    monkeypatch.setattr(cache_mod.Cache, "key", counting_key)
    build(cfg, memo=memo)
    assert [name for name in read if name.endswith(".md")] == []  # nothing read: all from memory
    assert tree(notes / "site") == first
    note(notes, "beta", "Beta raises more money", 7, "Beta raised a bigger round.", topic="business")
    build(cfg, memo=memo)
    assert [name for name in read if name.endswith(".md")] == ["beta.md"]
    # The memo hands out copies: what later stages set on items (ids, edits) never leaks back.
    assert all(not item.id for known in memo.documents.values() for item in known.parse.items)


def test_tags_and_topics_chosen_with_a_memo_match_a_fresh_build(tmp_path):
    """Items without tags or topic: both are chosen across the corpus, partly from the memo."""
    from digest.cache import Memo

    project = tmp_path / "project"
    (project / "sources").mkdir(parents=True)
    (project / "digest.yaml").write_text("title: Test digest\nsearch: false\n", encoding="utf-8")
    bodies = {"a": "Nvidia ships Blackwell chips to Microsoft for Azure datacenters.",
              "b": "DeepSeek released open models that match closed models on coding.",
              "c": "The Harbor team ships coding agents, and Harbor raised a funding round."}
    for day, (name, body) in enumerate(bodies.items(), 6):
        (project / "sources" / f"{name}.md").write_text(
            f"---\ntitle: {name.upper()} news\ndate: 2026-04-{day:02d}\nsource: Notes\n---\n{body}\n", encoding="utf-8")
    cfg = load_config(project / "digest.yaml")
    memo = Memo()
    build(cfg, in_place=True, memo=memo)
    assert len(memo.texts) > 0
    (project / "sources" / "b.md").write_text(
        "---\ntitle: B news\ndate: 2026-04-07\nsource: Notes\n---\nThe harbor is full; the harbor is quiet; "
        "boats leave the harbor for open models.\n", encoding="utf-8")
    build(cfg, in_place=True, memo=memo)
    assert tree(project / "site") == fresh_build(project, tmp_path)


def test_turning_search_off_while_patching_in_place_removes_the_index(notes):
    cfg = load_config(notes / "digest.yaml")
    build(cfg, in_place=True)
    if not (notes / "site" / "pagefind").is_dir():
        pytest.skip("Pagefind is not installed")
    (notes / "digest.yaml").write_text("title: Test digest\nbase_url: https://example.org/d/\nsearch: false\n",
                                       encoding="utf-8")
    build(load_config(notes / "digest.yaml"), in_place=True)
    assert not (notes / "site" / "pagefind").exists() and not (notes / "site" / "search.html").exists()
