import codecs
import json

from digest.loader import load_sources, source_files

DIGEST = (
    "What caught my attention in W15.\n"
    "First Entry Title\n"
    "A summary paragraph about a new model release that has enough words in it to count. Source\n"
    "A take.\n"
    "Second Entry Title\n"
    "Another summary paragraph about chips and datacenters with enough words in it too. Source\n"
)


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)


def test_metadata_sidecar_supplies_source_year_and_url(tmp_path):
    write(tmp_path / "week.txt", DIGEST)
    write(tmp_path / "week.txt.meta.yaml", "source: My digest\nyear: 2026\nurl: https://example.org/w15\n")
    result = load_sources(tmp_path)
    assert [i.title for i in result.items] == ["First Entry Title", "Second Entry Title"]
    first = result.items[0]
    assert first.source == "My digest" and first.week == "2026-W15" and first.url == "https://example.org/w15"
    assert first.date_source == "text-week+meta-year"
    assert first.origin.file == "week.txt" and (first.origin.start_line, first.origin.end_line) == (2, 4)
    assert result.reports[0].format == "digest"


def test_explicit_format_overrides_detection(tmp_path):
    write(tmp_path / "week.txt", DIGEST)
    write(tmp_path / "week.txt.meta.yaml", "format: document\ndate: 2026-04-08\n")
    result = load_sources(tmp_path)
    assert len(result.items) == 1 and result.reports[0].explicit


def test_encodings_and_crlf_are_read(tmp_path):
    write(tmp_path / "a.txt", codecs.BOM_UTF8 + DIGEST.replace("\n", "\r\n").encode("utf-8"))
    write(tmp_path / "b.txt", DIGEST.replace("A take.", "Café take."), encoding="utf-16")
    write(tmp_path / "c.txt", DIGEST.replace("A take.", "Café take."), encoding="latin-1")
    for name in ("a", "b", "c"):
        write(tmp_path / f"{name}.txt.meta.yaml", "year: 2026\n")
    result = load_sources(tmp_path)
    assert [r.format for r in result.reports] == ["digest"] * 3
    takes = [i.take for i in result.items if i.position == 0]
    assert takes == ["A take.", "Café take.", "Café take."]


def test_empty_and_binary_files_are_skipped_with_a_message(tmp_path):
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "blob.bin", bytes(range(256)) * 4)
    write(tmp_path / "week.txt", DIGEST)
    write(tmp_path / "week.txt.meta.yaml", "year: 2026\n")
    result = load_sources(tmp_path)
    messages = {p.file: p.message for p in result.problems}
    assert "empty" in messages["empty.txt"] and "binary" in messages["blob.bin"]
    assert len(result.items) == 2  # the good document still loads


def test_unknown_layout_falls_back_to_one_item_with_a_warning(tmp_path):
    write(tmp_path / "odd.txt", "Just one short line of text.\n")
    write(tmp_path / "odd.txt.meta.yaml", "date: 2026-01-05\n")
    result = load_sources(tmp_path)
    assert len(result.items) == 1 and result.items[0].format == "document"
    assert any("no known layout" in p.message for p in result.problems)


def test_editor_temp_files_and_sidecars_are_not_sources(tmp_path):
    for name in ("note.txt", ".note.txt.swp", "note.txt~", ".#note.txt", "#note.txt#", "note.txt.meta.yaml"):
        write(tmp_path / name, "x")
    assert [p.name for p in source_files(tmp_path)] == ["note.txt"]


def test_bad_sidecar_is_reported_with_line_and_document_still_loads(tmp_path):
    write(tmp_path / "week.txt", DIGEST)
    write(tmp_path / "week.txt.meta.yaml", "year: 2026\ndate: soon\n")
    result = load_sources(tmp_path)
    problem = next(p for p in result.problems if p.file == "week.txt.meta.yaml")
    assert problem.line == 2 and "soon" in problem.message
    assert len(result.items) == 2
    json.dumps([p.message for p in result.problems])
