"""A build told which files changed (as `digest serve`'s watcher saw them) gives what a build that
looks at every file gives, and looks at no other file."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from digest import cache as cache_mod
from digest import uptodate
from digest.build import build
from digest.cache import Memo
from digest.changes import behind_link, names_under, walk_files, walked
from digest.config import load_config
from tests.test_cache import TRANSCRIPT, tree


def note(title: str, day: int, body: str) -> str:
    return f"---\ntitle: {title}\ndate: 2026-04-{day:02d}\n---\n{body}\n"


@pytest.fixture
def settled(monkeypatch):
    """Files just written count as saved long ago: a build trusts the memo for them as it does for
    a person's archive (a file saved in the last two seconds is always looked at again)."""
    monkeypatch.setattr(cache_mod, "SETTLE_NS", -10**12)


@pytest.fixture
def served(project, settled):
    """A project built once, as `digest serve` does first: with a memo, every file looked at."""
    (project / "digest.yaml").write_text("title: Test digest\nsearch: false\n", encoding="utf-8")
    sources = project / "sources"
    (sources / "show.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (sources / "show.txt.meta.yaml").write_text("date: 2026-04-08\nsource: Show\n", encoding="utf-8")
    (sources / "deep").mkdir()
    for k in range(4):
        (sources / "deep" / f"n{k}.md").write_text(
            note(f"Note number {k}", 6 + k, f"Open weights models, part {k}, keep getting better at coding."),
            encoding="utf-8")
    cfg = load_config(project / "digest.yaml")
    memo = Memo()
    build(cfg, memo=memo)
    return cfg, memo


def item_file(project: Path, title: str) -> Path:
    return next(p for p in sorted((project / "items").rglob("*.md")) if f"title: {title}\n" in p.read_text())


def edit_body(project: Path) -> list[Path]:
    path = project / "sources" / "deep" / "n1.md"
    path.write_text(note("Note number 1", 7, "A federal judge ruled on training data and fair use."), encoding="utf-8")
    return [path]


def add_note(project: Path) -> list[Path]:
    path = project / "sources" / "deep" / "new.md"
    path.write_text(note("A new note", 9, "Inference chips got cheaper this week."), encoding="utf-8")
    return [path]


def delete_note(project: Path) -> list[Path]:
    path = project / "sources" / "deep" / "n2.md"
    path.unlink()
    return [path]


def rename_note(project: Path) -> list[Path]:
    old, new = project / "sources" / "deep" / "n3.md", project / "sources" / "renamed.md"
    old.rename(new)
    return [old, new]


def add_sidecar(project: Path) -> list[Path]:
    path = project / "sources" / "show.txt.meta.yaml"
    path.write_text("date: 2026-04-01\nsource: Other show\n", encoding="utf-8")
    return [path]


def edit_item_file(project: Path) -> list[Path]:
    path = item_file(project, "Note number 0")
    path.write_text(path.read_text(encoding="utf-8").replace("title: Note number 0", "title: A person's title"),
                    encoding="utf-8")
    return [path]


def editor_droppings(project: Path) -> list[Path]:
    swap, backup = project / "sources" / "deep" / ".n1.md.swp", project / "sources" / "renamed.md~"
    swap.write_bytes(b"\0binary swap")
    backup.write_text("an old copy", encoding="utf-8")
    return [swap, backup]


def hand_written_item(project: Path) -> list[Path]:
    path = project / "items" / "notes" / "by-hand.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\ntitle: Written by hand\ndate: 2026-04-10\ntopic: policy\n---\nA story of my own.\n",
                    encoding="utf-8")
    return [path]


def delete_item_file(project: Path) -> list[Path]:
    path = item_file(project, "A new note")
    path.unlink()
    return [path]


STEPS: list[Callable[[Path], list[Path]]] = [
    edit_body, add_note, delete_note, rename_note, add_sidecar, edit_item_file, editor_droppings,
    hand_written_item, delete_item_file,
]


def full_build_of(project: Path, twin: Path) -> tuple[dict[str, bytes], dict[str, bytes], list[str]]:
    """The site and item files a build that looks at every file makes of the same project, and its problems."""
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(project, twin, symlinks=True, ignore=shutil.ignore_patterns(".digest-cache", "site"))
    (twin / "digest.yaml").write_text("title: Test digest\nsearch: false\ncache: false\n", encoding="utf-8")
    before = tree(twin / "items")
    result = build(load_config(twin / "digest.yaml"))
    assert tree(twin / "items") == before  # the told build left nothing for a full build to write
    return tree(twin / "site"), before, sorted(str(problem) for problem in result.problems)


def changed(paths: list[Path]) -> set[str]:
    """As the watcher reports them: folders resolved, absolute."""
    return {os.path.join(path.parent.resolve(), path.name) for path in paths}


def test_builds_told_what_changed_give_what_builds_that_look_at_everything_give(served, project, tmp_path):
    cfg, memo = served
    for step in STEPS:
        result = build(cfg, memo=memo, in_place=True, changes=changed(step(project)))
        site, items, problems = full_build_of(project, tmp_path / "twin")
        assert tree(project / "site") == site, step.__name__
        assert tree(project / "items") == items, step.__name__
        assert sorted(str(problem) for problem in result.problems) == problems, step.__name__
        # The inputs' signature (digest.uptodate) kept in the memo is what a walk of sources/ gives.
        assert memo.signature.entries == uptodate._entries(cfg.sources_dir), step.__name__
    assert b"A person&#39;s title" in b"".join(tree(project / "site").values())


def test_a_told_build_stats_only_the_changed_sources(served, project, monkeypatch):
    cfg, memo = served
    (project / "sources" / "deep" / "n1.md").write_text(note("Note number 1", 7, "Changed."), encoding="utf-8")
    looked: list[str] = []
    real = cache_mod._stat_key
    monkeypatch.setattr(cache_mod, "_stat_key", lambda path: looked.append(Path(path).name) or real(path))
    build(cfg, memo=memo, in_place=True, changes=changed([project / "sources" / "deep" / "n1.md"]))
    assert looked == ["n1.md"]
    assert "Changed." in (project / "site").joinpath(*next(
        p.relative_to(project / "site").parts for p in (project / "site" / "items").rglob("*.html")
        if "Changed." in p.read_text(encoding="utf-8"))).read_text(encoding="utf-8")
    looked.clear()
    build(cfg, memo=memo, in_place=True, changes=None)  # not known: every document is looked at
    assert sorted(looked) == ["n0.md", "n1.md", "n2.md", "n3.md", "show.txt"]


def test_a_file_in_a_linked_folder_is_not_a_source_as_in_a_full_listing(served, project, tmp_path):
    cfg, memo = served
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.md").write_text(note("Behind a folder link", 9, "Not loaded."), encoding="utf-8")
    (project / "sources" / "linked-folder").symlink_to(tmp_path / "outside")
    result = build(cfg, memo=memo, in_place=True,
                   changes=changed([project / "sources" / "linked-folder" / "x.md"]))
    assert not any(item.title == "Behind a folder link" for item in result.items)


def test_names_under_a_folder():
    assert names_under(None, Path("/x")) is None
    root = Path("/srv/p/sources")
    assert names_under({"/srv/p/sources/a/b.md", "/srv/p/sourcesX/c.md", "/srv/p/items/d.md", "/srv/p/sources/e.md"},
                       root) == {"a/b.md", "e.md"}


def test_behind_link(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "sub").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    folder = os.fspath(tmp_path)
    assert not behind_link(folder, "real/sub/x.md")
    assert not behind_link(folder, "x.md")
    assert behind_link(folder, "link/x.md")
    assert behind_link(folder, "link/sub/x.md")
    assert not behind_link(folder, "link")  # the link itself is a file name here, not a folder on the way


@pytest.mark.parametrize("change", ["target appears", "target goes", "target edited"])
def test_a_link_s_target_changing_with_no_event_gives_what_a_full_build_gives(served, project, tmp_path, change):
    cfg, memo = served
    outside = tmp_path / "outside.md"
    if change != "target appears":
        outside.write_text(note("Linked note", 9, "Inference chips, a story behind a link."), encoding="utf-8")
    link = project / "sources" / "linked.md"
    link.symlink_to(outside)  # (dangling for now, when the target is to appear)
    build(cfg, memo=memo, in_place=True, changes=changed([link]))
    if change == "target goes":
        outside.unlink()
    else:
        outside.write_text(note("Linked note", 9, "Inference chips, the story changed behind the link."),
                           encoding="utf-8")
    result = build(cfg, memo=memo, in_place=True, changes=set())  # no event: the target is elsewhere
    site, items, problems = full_build_of(project, tmp_path / "twin")
    assert tree(project / "site") == site and tree(project / "items") == items
    assert sorted(str(problem) for problem in result.problems) == problems
    assert memo.signature.entries == uptodate._entries(cfg.sources_dir)


def test_one_file_is_walked_exactly_when_walk_files_lists_it(tmp_path):
    for name in ("a.md", ".hidden/b.md", "deep/er/c.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "dangling.md").symlink_to(tmp_path / "gone.md")
    (tmp_path / "to-file.md").symlink_to(tmp_path / "a.md")
    (tmp_path / "to-folder").symlink_to(tmp_path / "deep")
    folder = os.fspath(tmp_path)
    files, links = walk_files(folder)
    listed = {os.path.relpath(path, folder).replace(os.sep, "/") for path in files}
    asked = ["a.md", ".hidden/b.md", "deep/er/c.md", "dangling.md", "to-file.md", "to-folder", "to-folder/er/c.md",
             "deep", "missing.md"]
    assert {name for name in asked if walked(folder, name)} == listed
    assert listed == {"a.md", ".hidden/b.md", "deep/er/c.md", "dangling.md", "to-file.md"}
    assert sorted(os.path.basename(link) for link in links) == ["dangling.md", "to-file.md"]
