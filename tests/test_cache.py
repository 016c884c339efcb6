"""The cache makes builds faster and never different."""

import os
import shutil
import time
from pathlib import Path

import pytest

from digest import cache as cache_mod
from digest import build as build_mod
from digest.build import TEMPLATES_DIR, build
from digest.cache import Cache, enrich_cached, load_sources
from digest.config import load_config
from digest.loader import load_sources as loader_load_sources
from digest.summarize.enrich import enrich

TRANSCRIPT = (
    "Welcome back to the show, everyone.\n"
    "Our first story: a chip startup raised two hundred million dollars for inference accelerators.\n"
    "The company says its accelerators cut the cost of serving large models by half.\n"
    "Investors include several large cloud providers and a sovereign fund.\n"
    "Moving on, a federal judge ruled that training on lawfully bought books is fair use.\n"
    "The ruling is the first of its kind and will be appealed, the plaintiffs said.\n"
    "Authors groups called the decision a blow to creators everywhere.\n"
)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def make_project(project: Path) -> None:
    (project / "sources" / "show.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (project / "sources" / "show.txt.meta.yaml").write_text("date: 2026-04-08\nsource: Show\n", encoding="utf-8")
    (project / "sources" / "note.md").write_text(
        "---\ntitle: A note\ndate: 2026-04-09\n---\nOpen weights models keep getting better at coding.\n",
        encoding="utf-8")


@pytest.fixture(params=["fresh", "settled"])
def settled(request, monkeypatch):
    """Files just written are read again by every build (see cache._settled); with "settled" they
    count as saved long ago, so builds find documents by stat in the index, as they do for users."""
    if request.param == "settled":
        monkeypatch.setattr(cache_mod, "SETTLE_NS", -10**12)
    return request.param == "settled"


def test_cached_and_uncached_builds_are_byte_identical(project, tmp_path, settled, monkeypatch):
    make_project(project)
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    (twin / "digest.yaml").write_text((project / "digest.yaml").read_text() + "cache: false\n", encoding="utf-8")
    cfg = load_config(project / "digest.yaml")
    build(cfg)
    first = tree(project / "site")
    read = counting_reads(monkeypatch)
    build(cfg)  # from the cache now
    assert (project / ".digest-cache").is_dir()
    assert tree(project / "site") == first
    assert bool([name for name in read if name in ("show.txt", "note.md")]) != settled  # settled documents are found by stat, without reading them
    build(load_config(twin / "digest.yaml"))
    assert not (twin / ".digest-cache").exists()
    assert tree(twin / "site") == first


def test_an_edit_between_cached_builds_gives_what_an_uncached_build_gives(project, tmp_path, settled):
    make_project(project)
    cfg = load_config(project / "digest.yaml")
    build(cfg)
    build(cfg)
    note = project / "sources" / "note.md"
    note.write_text(note.read_text(encoding="utf-8").replace("coding", "long proofs and poetry"), encoding="utf-8")
    (project / "sources" / "show.txt.meta.yaml").write_text("date: 2026-04-01\nsource: Other show\n", encoding="utf-8")
    build(cfg)
    twin = tmp_path / "twin"  # the same project, item files and all (ids outlive edits), with no cache
    shutil.copytree(project, twin, ignore=shutil.ignore_patterns(".digest-cache", "site"))
    (twin / "digest.yaml").write_text((project / "digest.yaml").read_text() + "cache: false\n", encoding="utf-8")
    build(load_config(twin / "digest.yaml"))
    assert tree(project / "site") == tree(twin / "site")
    assert (project / "site" / "issues" / "2026-W14").is_dir()  # the sidecar's new date moved the show


def test_only_a_changed_document_is_parsed_again(project):
    make_project(project)
    cache = Cache(project / ".digest-cache")
    load_sources(cache, project / "sources")
    assert cache.hits == 0
    again = Cache(project / ".digest-cache")
    load_sources(again, project / "sources")
    assert (again.hits, again.misses) == (2, 0)
    (project / "sources" / "note.md").write_text(
        "---\ntitle: Changed\ndate: 2026-04-09\n---\nNew text.\n", encoding="utf-8")
    third = Cache(project / ".digest-cache")
    result = load_sources(third, project / "sources")
    assert (third.hits, third.misses) == (1, 1)
    assert any(item.title == "Changed" for item in result.items)


def counting_reads(monkeypatch) -> list[str]:
    """Names of the documents whose bytes the loader hashes to find their parse."""
    read: list[str] = []
    real = Cache.key

    def counting_key(self, *parts):
        read.append(parts[0])
        return real(self, *parts)

    monkeypatch.setattr(Cache, "key", counting_key)
    return read


def test_settled_documents_are_found_by_their_stat_without_being_read(project, monkeypatch):
    make_project(project)
    monkeypatch.setattr(cache_mod, "SETTLE_NS", -10**12)  # as if every file had been saved long ago
    first = load_sources(Cache(project / ".digest-cache"), project / "sources")
    read = counting_reads(monkeypatch)
    again = load_sources(Cache(project / ".digest-cache"), project / "sources")
    assert [name for name in read if name in ("show.txt", "note.md")] == []
    assert again.items == first.items
    (project / "sources" / "note.md").write_text(
        "---\ntitle: Changed\ndate: 2026-04-09\n---\nNew text.\n", encoding="utf-8")
    third = load_sources(Cache(project / ".digest-cache"), project / "sources")
    assert [name for name in read if name in ("show.txt", "note.md")] == ["note.md"]
    assert any(item.title == "Changed" for item in third.items)
    monkeypatch.setattr(cache_mod, "code_hash", lambda: "another version")  # its keys differ: index unused
    load_sources(Cache(project / ".digest-cache"), project / "sources")
    assert sorted(name for name in read if name in ("show.txt", "note.md")) == ["note.md", "note.md", "show.txt"]


def test_a_second_edit_within_one_tick_of_a_coarse_file_clock_is_seen(project, monkeypatch):
    """FAT keeps file times to 2 s: two saves of the same size in one tick look alike by stat."""
    make_project(project)
    note = project / "sources" / "note.md"
    tick = time.time_ns()
    monkeypatch.setattr(cache_mod, "_stat_key", lambda path: (os.stat(path).st_size, tick, tick, 0))
    load_sources(Cache(project / ".digest-cache"), project / "sources")
    note.write_text(note.read_text(encoding="utf-8").replace("coding", "poetry"), encoding="utf-8")
    again = load_sources(Cache(project / ".digest-cache"), project / "sources")
    assert any("poetry" in item.body for item in again.items)
    memo = cache_mod.Memo()
    load_sources(Cache(project / ".digest-cache"), project / "sources", memo)
    note.write_text(note.read_text(encoding="utf-8").replace("poetry", "prose!"), encoding="utf-8")
    served = load_sources(Cache(project / ".digest-cache"), project / "sources", memo)
    assert any("prose!" in item.body for item in served.items)


def test_a_file_server_clock_behind_ours_does_not_make_a_fresh_save_look_settled(project, monkeypatch):
    """A share stamps files with its server's clock; here ours runs an hour ahead of it."""
    import types

    make_project(project)
    note = project / "sources" / "note.md"
    tick = time.time_ns()  # the server's (coarse) time of both saves below
    monkeypatch.setattr(cache_mod, "_stat_key", lambda path: (os.stat(path).st_size, tick, tick, 0))
    monkeypatch.setattr(cache_mod, "time", types.SimpleNamespace(time_ns=lambda: tick + 3600 * 10**9))
    load_sources(Cache(project / ".digest-cache"), project / "sources")
    note.write_text(note.read_text(encoding="utf-8").replace("coding", "poetry"), encoding="utf-8")
    again = load_sources(Cache(project / ".digest-cache"), project / "sources")
    assert any("poetry" in item.body for item in again.items)
    assert cache_mod.file_clock(Cache(project / ".digest-cache")) < tick + 3600 * 10**9


def test_a_damaged_document_index_is_only_a_miss(project, monkeypatch):
    """Each byte of the index changed in turn, and entries of the wrong shape: every document still loads."""
    import pickle

    make_project(project)
    monkeypatch.setattr(cache_mod, "SETTLE_NS", -10**12)
    folder = project / ".digest-cache"
    first = load_sources(Cache(folder), project / "sources")
    index = folder / cache_mod.StatIndex.FILE
    good = index.read_bytes()
    header = good.index(b"\n") + 1
    damaged = [good[:at] + bytes([good[at] ^ flip]) + good[at + 1:]
               for at in range(header, len(good)) for flip in (0x01, 0x80)]
    version = good[:header]
    damaged += [version + pickle.dumps(value) for value in (
        {"note.md": ((1, 2), 3)}, {"note.md": "x"}, {"show.txt": ((), "k", "extra")}, ["not", "a", "dict"],
        {"note.md": ((10**30,), "key")}, {7: ((1,), "key")})]
    for data in damaged:
        index.write_bytes(data)
        result = load_sources(Cache(folder), project / "sources")
        assert result.items == first.items and result.problems == first.problems, data


def test_a_first_load_of_many_documents_writes_one_pack_and_an_edit_one_entry(project):
    for n in range(40):
        (project / "sources" / f"note-{n:02d}.md").write_text(
            f"---\ntitle: Note {n}\ndate: 2026-04-09\n---\nText {n} about open models.\n", encoding="utf-8")
    folder = project / ".digest-cache"
    first = load_sources(Cache(folder), project / "sources")
    entries = lambda: [p for p in (folder / "documents").rglob("*") if p.is_file()] if (folder / "documents").exists() else []  # noqa: E731
    assert (folder / "documents.pack").is_file() and entries() == []
    again = Cache(folder)
    assert load_sources(again, project / "sources").items == first.items
    assert (again.hits, again.misses) == (40, 0)
    (project / "sources" / "note-07.md").write_text("---\ntitle: Changed\ndate: 2026-04-09\n---\nNew.\n", encoding="utf-8")
    third = Cache(folder)
    load_sources(third, project / "sources")
    assert (third.hits, third.misses) == (39, 1) and len(entries()) == 1  # the pack is left as it is
    (folder / "documents.pack").write_bytes(b"\x80garbage")
    fourth = Cache(folder)
    assert len(load_sources(fourth, project / "sources").items) == 40  # a damaged pack is only misses
    assert fourth.misses == 39 and fourth.hits == 1


def test_a_corrupt_entry_is_a_miss_not_a_crash(project):
    make_project(project)
    folder = project / ".digest-cache"
    load_sources(Cache(folder), project / "sources")
    for entry in (folder / "documents").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"\x80garbage")
    cache = Cache(folder)
    result = load_sources(cache, project / "sources")
    assert cache.misses == 2 and len(result.items) >= 2


def test_enrich_cached_gives_what_enrich_gives(project):
    make_project(project)
    cfg = load_config(project / "digest.yaml")
    plain = load_sources(Cache(None), project / "sources").items
    enrich(plain, cfg)
    for _ in range(2):  # a miss, then a hit
        items = load_sources(Cache(None), project / "sources").items
        enrich_cached(Cache(project / ".digest-cache"), items, cfg)
        assert [(i.summary, i.topic, i.tags) for i in items] == [(i.summary, i.topic, i.tags) for i in plain]


def test_a_code_change_invalidates_every_key(monkeypatch):
    cache = Cache(None)
    before = cache.key("same input")
    monkeypatch.setattr(cache_mod, "_code_hash", "another version of the code")
    assert cache.key("same input") != before


def test_tags_and_topics_from_the_saved_text_memo_match_an_uncached_build(project, tmp_path, monkeypatch):
    make_project(project)
    cfg = load_config(project / "digest.yaml")
    build(cfg)
    saved = project / ".digest-cache" / cache_mod.TEXTS_FILE
    assert saved.is_file()
    (project / "sources" / "note.md").write_text(
        "---\ntitle: A note\ndate: 2026-04-09\n---\nThe chip startup raised money; investors include a fund.\n",
        encoding="utf-8")
    loaded = []
    real = build_mod.load_texts
    monkeypatch.setattr(build_mod, "load_texts", lambda cache: loaded.append(real(cache)) or loaded[-1])
    build(cfg)
    assert len(loaded) == 1 and len(loaded[0]) > 0
    assert loaded[0].added < len(loaded[0])  # the second build computed only part of it again
    twin = tmp_path / "twin"
    shutil.copytree(project, twin, ignore=shutil.ignore_patterns(".digest-cache", "site"))
    (twin / "digest.yaml").write_text((project / "digest.yaml").read_text() + "cache: false\n", encoding="utf-8")
    build(load_config(twin / "digest.yaml"))
    assert tree(twin / "site") == tree(project / "site")


def test_a_text_memo_saved_by_another_version_of_digest_is_not_used(project, monkeypatch):
    make_project(project)
    cfg = load_config(project / "digest.yaml")
    build(cfg)
    loaded = []
    real = build_mod.load_texts
    monkeypatch.setattr(build_mod, "load_texts", lambda cache: loaded.append(real(cache)) or loaded[-1])
    monkeypatch.setattr(cache_mod, "code_hash", lambda: "another version")
    build(cfg)
    assert len(loaded[0]) > 0 and loaded[0].added == len(loaded[0])  # all read again


def test_a_build_whose_tags_come_whole_from_the_cache_keeps_the_text_memo(project):
    make_project(project)
    cfg = load_config(project / "digest.yaml")
    build(cfg)
    saved = project / ".digest-cache" / cache_mod.TEXTS_FILE
    before = saved.read_bytes()
    shutil.copytree(TEMPLATES_DIR, project / "templates")  # a template change: items and tags as before
    (project / "templates" / "base.html").write_text(
        (TEMPLATES_DIR / "base.html").read_text(encoding="utf-8") + "<!-- changed -->\n", encoding="utf-8")
    result = build(cfg)
    assert result.rendered == result.pages  # the build ran
    assert saved.read_bytes() == before  # and did not replace the memo with the nothing it used


@pytest.fixture
def forking(monkeypatch):
    """Documents parsed ahead on two processes, however few (see cache._parse_ahead)."""
    from digest import forkpool

    monkeypatch.setattr(cache_mod, "MIN_DOCUMENTS_PER_WORKER", 1)
    monkeypatch.setattr(forkpool.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(forkpool.threading, "active_count", lambda: 1)  # other tests may leave threads
    if forkpool.workers(100, 1) < 2:
        pytest.skip("no fork here (not Linux)")


def test_documents_parsed_ahead_on_two_processes_load_as_they_do_here(project, tmp_path, forking, monkeypatch):
    make_project(project)
    for n in range(12):
        (project / "sources" / f"note-{n:02d}.md").write_text(
            f"---\ntitle: Note {n}\ndate: 2026-04-09\n---\nText {n} about open models.\n", encoding="utf-8")
    (project / "sources" / "broken.pdf").write_bytes(b"%PDF-1.4 \x00\x01\x02 binary")
    parsed_ahead = []
    real = cache_mod._parse_ahead
    monkeypatch.setattr(cache_mod, "_parse_ahead", lambda *args: parsed_ahead.append(real(*args)) or parsed_ahead[-1])
    forked = load_sources(Cache(project / ".digest-cache"), project / "sources")
    assert len(parsed_ahead[0]) == 15  # every document, the unreadable one too (it reports itself)
    here = loader_load_sources(project / "sources")
    assert forked.items == here.items and forked.problems == here.problems and forked.reports == here.reports
    again = Cache(project / ".digest-cache")
    assert load_sources(again, project / "sources").items == here.items and again.misses == 0


def test_a_document_saved_while_others_were_parsed_ahead_is_read_as_saved(project, forking, monkeypatch):
    make_project(project)
    note = project / "sources" / "note.md"
    real = cache_mod._parse_ahead

    def parse_then_save(*args):
        parsed = real(*args)
        note.write_text(note.read_text(encoding="utf-8").replace("coding", "saved meanwhile, longer"), encoding="utf-8")
        return parsed

    monkeypatch.setattr(cache_mod, "_parse_ahead", parse_then_save)
    result = load_sources(Cache(project / ".digest-cache"), project / "sources")
    assert any("saved meanwhile" in item.body for item in result.items)
    monkeypatch.setattr(cache_mod, "_parse_ahead", real)
    again = load_sources(Cache(project / ".digest-cache"), project / "sources")
    assert any("saved meanwhile" in item.body for item in again.items)


def test_a_document_that_breaks_the_loader_in_a_child_is_reported_as_it_is_here(project, forking, monkeypatch):
    make_project(project)
    (project / "sources" / "other.md").write_text("---\ntitle: Other\ndate: 2026-04-09\n---\nMore.\n", encoding="utf-8")
    real = cache_mod.load_document

    def broken_on_note(path, sources_dir, result):
        if path.name == "note.md":
            raise RuntimeError("a loader bug")
        real(path, sources_dir, result)

    monkeypatch.setattr(cache_mod, "load_document", broken_on_note)
    forked = load_sources(Cache(project / ".digest-cache"), project / "sources")
    monkeypatch.setattr(cache_mod, "MIN_DOCUMENTS_PER_WORKER", 10**9)
    serial = load_sources(Cache(None), project / "sources")
    assert forked.problems == serial.problems
    assert [p.message for p in forked.problems if p.file == "note.md"] == ["could not be loaded (RuntimeError('a loader bug')); skipped"]
    assert forked.items == serial.items and {item.title for item in forked.items} >= {"Other"}


def test_a_folder_named_like_a_sidecar_is_not_metadata(project):
    make_project(project)
    (project / "sources" / "note.md.meta.yaml").mkdir()
    result = load_sources(Cache(project / ".digest-cache"), project / "sources")
    assert not any(p.file.startswith("note.md") for p in result.problems)
    assert any(item.title == "A note" for item in result.items)


def test_the_memo_keeps_the_parse_of_a_just_saved_file_whose_bytes_did_not_change(project, monkeypatch):
    """Files saved moments ago are not trusted by their stat; read again, the same bytes keep their parse."""
    make_project(project)
    for n in range(5):
        (project / "sources" / f"note-{n}.md").write_text(
            f"---\ntitle: Note {n}\ndate: 2026-04-09\n---\nText {n}.\n", encoding="utf-8")
    memo = cache_mod.Memo()
    first = load_sources(Cache(project / ".digest-cache"), project / "sources", memo)
    parsed = []
    real = cache_mod.load_document
    monkeypatch.setattr(cache_mod, "load_document", lambda path, *rest: parsed.append(path.name) or real(path, *rest))
    looked_up = []
    real_get = cache_mod.DocumentPack.get
    monkeypatch.setattr(cache_mod.DocumentPack, "get", lambda self, key, **kw: looked_up.append(key) or real_get(self, key, **kw))
    again = load_sources(Cache(project / ".digest-cache"), project / "sources", memo)
    assert parsed == [] and looked_up == [] and again.items == first.items  # nor unpickled from the disk cache
    (project / "sources" / "note-3.md").write_text("---\ntitle: Changed\ndate: 2026-04-09\n---\nNew.\n", encoding="utf-8")
    third = load_sources(Cache(project / ".digest-cache"), project / "sources", memo)
    assert parsed == ["note-3.md"] and any(item.title == "Changed" for item in third.items)


def test_documents_back_in_sources_as_they_were_come_from_the_pack_in_a_memo_build(project, monkeypatch):
    """Moved out and back (or restored from the trash): the memo forgot them, the pack did not."""
    monkeypatch.setattr(cache_mod, "SETTLE_NS", -10**12)
    folder = project / "sources" / "2024"
    folder.mkdir()
    for n in range(20):
        (folder / f"note-{n:02d}.md").write_text(
            f"---\ntitle: Note {n}\ndate: 2024-04-09\n---\nText {n}.\n", encoding="utf-8")
    (project / "sources" / "stays.md").write_text("---\ntitle: Stays\ndate: 2026-04-09\n---\nHere.\n", encoding="utf-8")
    memo = cache_mod.Memo()
    first = load_sources(Cache(project / ".digest-cache"), project / "sources", memo)
    away = project / "away"
    folder.rename(away)
    assert len(load_sources(Cache(project / ".digest-cache"), project / "sources", memo).items) == 1
    away.rename(folder)
    parsed = []
    real = cache_mod.load_document
    monkeypatch.setattr(cache_mod, "load_document", lambda path, *rest: parsed.append(path.name) or real(path, *rest))
    back = load_sources(Cache(project / ".digest-cache"), project / "sources", memo)
    assert parsed == [] and back.items == first.items
