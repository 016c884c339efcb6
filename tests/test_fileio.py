import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest.fileio import relative_name, write_file


@pytest.mark.parametrize("atomic", [False, True])
def test_write_file_makes_the_folder_and_reports_the_stat_of_the_file_written(tmp_path, atomic):
    path = tmp_path / "d" / "e" / "page.txt"
    stat = write_file(path, "page é", atomic=atomic)
    assert path.read_text(encoding="utf-8") == "page é"
    now = path.stat()
    assert (stat.st_size, stat.st_mtime_ns, stat.st_ino) == (now.st_size, now.st_mtime_ns, now.st_ino)


def test_atomic_write_replaces_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    write_file(target, b"new", atomic=True)
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_a_failed_write_raises(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(OSError):
        write_file(tmp_path / "file" / "under-a-file.txt", "cannot")
    assert (tmp_path / "file").read_text() == "x"


def test_link_or_copy_makes_the_folder_and_refuses_a_missing_source(tmp_path):
    from digest.fileio import link_or_copy

    source = tmp_path / "a.html"
    source.write_text("page", encoding="utf-8")
    target = tmp_path / "new" / "deep" / "a.html"
    link_or_copy(source, target)
    assert target.read_text(encoding="utf-8") == "page" and target.stat().st_ino == source.stat().st_ino
    with pytest.raises(FileNotFoundError):
        link_or_copy(tmp_path / "missing.html", tmp_path / "other" / "m.html")


def test_a_file_replaced_right_after_the_write_is_not_reported_as_ours(tmp_path, monkeypatch):
    import os

    from digest import fileio

    real_replace = os.replace
    target = tmp_path / "a.txt"

    def replace_then_someone_else_saves(source, destination):
        real_replace(source, destination)
        other = tmp_path / "theirs.tmp"
        other.write_bytes(b"theirs")
        real_replace(other, destination)

    monkeypatch.setattr(fileio.os, "replace", replace_then_someone_else_saves)
    assert write_file(target, b"ours", atomic=True) is None
    monkeypatch.setattr(fileio.os, "replace", real_replace)
    stat = write_file(target, b"ours again", atomic=True)
    assert stat is not None and stat.st_ino == target.stat().st_ino and stat.st_size == len(b"ours again")


def test_an_atomic_write_expecting_a_stat_leaves_a_file_changed_since_alone(tmp_path):
    import os

    path = tmp_path / "item.md"
    path.write_text("read by the caller\n", encoding="utf-8")
    read = os.stat(path)
    expect = (read.st_size, read.st_mtime_ns)
    path.write_text("", encoding="utf-8")  # a tool empties it to write it
    assert write_file(path, "ours\n", atomic=True, expect=expect) is None
    assert path.read_text(encoding="utf-8") == "" and [p.name for p in tmp_path.iterdir()] == ["item.md"]
    now = os.stat(path)
    assert write_file(path, "ours\n", atomic=True, expect=(now.st_size, now.st_mtime_ns)) is not None
    assert path.read_text(encoding="utf-8") == "ours\n"


def test_a_relative_name_is_the_path_under_the_folder_with_forward_slashes(tmp_path):
    assert relative_name(tmp_path / "a" / "b.md", tmp_path) == "a/b.md"
    assert relative_name(tmp_path / "ab" / "c.md", tmp_path / "ab") == "c.md"
    with pytest.raises(ValueError):
        relative_name(tmp_path / "ab" / "c.md", tmp_path / "a")  # a prefix of the name is not its folder


@given(st.lists(st.lists(st.sampled_from(["a", "b", "a-b", "a.b", "a b", "B", "-", "!", "é", "a~"]), min_size=1,
                         max_size=3), max_size=12))
def test_path_order_sorts_as_paths_do(parts):
    import os
    from pathlib import Path

    from digest.fileio import path_order

    paths = [os.path.join("/root", *each) for each in parts]
    assert sorted(paths, key=path_order) == [str(p) for p in sorted(Path(p) for p in paths)]
