import pytest

from digest.fileio import Writer, write_file


def test_writer_writes_every_file_and_reports_its_stat(tmp_path):
    with Writer(threads=4) as writer:
        futures = {i: writer.write(tmp_path / "d" / f"{i}.txt", f"page {i} é") for i in range(200)}
    for i, future in futures.items():
        path = tmp_path / "d" / f"{i}.txt"
        assert path.read_text(encoding="utf-8") == f"page {i} é"
        assert future.result() == (path.stat().st_size, path.stat().st_mtime_ns)


def test_atomic_write_replaces_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    write_file(target, b"new", atomic=True)
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_a_failed_write_is_raised_when_the_writer_closes(tmp_path):
    (tmp_path / "file").write_text("x")
    writer = Writer(threads=2)
    writer.write(tmp_path / "ok.txt", "fine")
    writer.write(tmp_path / "file" / "under-a-file.txt", "cannot")
    with pytest.raises(OSError):
        writer.close()
    assert (tmp_path / "ok.txt").read_text() == "fine"


def test_link_or_copy_makes_the_folder_and_refuses_a_missing_source(tmp_path):
    from digest.fileio import link_or_copy

    source = tmp_path / "a.html"
    source.write_text("page", encoding="utf-8")
    target = tmp_path / "new" / "deep" / "a.html"
    link_or_copy(source, target)
    assert target.read_text(encoding="utf-8") == "page" and target.stat().st_ino == source.stat().st_ino
    with pytest.raises(FileNotFoundError):
        link_or_copy(tmp_path / "missing.html", tmp_path / "other" / "m.html")
