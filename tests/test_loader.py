import codecs
import json
import os

import pytest

from digest.loader import is_source, load_sources, source_files
from digest.textio import NotText, decode, strip_xml_illegal

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
    # Different weeks, so the identical stories are not merged as duplicates (digest/dedupe.py).
    write(tmp_path / "b.txt", DIGEST.replace("A take.", "Café take.").replace("W15", "W16"), encoding="utf-16")
    write(tmp_path / "c.txt", DIGEST.replace("A take.", "Café take.").replace("W15", "W17"), encoding="latin-1")
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


def test_sources_are_listed_in_path_order_and_ignored_folders_are_skipped(tmp_path):
    names = ["a/b.txt", "a-b/c.txt", "a.txt", "B.txt", "a/z/y.txt", ".hidden/x.txt", "a/.x.txt.swp"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        write(tmp_path / name, "x")
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")  # os.walk lists these as files
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would wait forever
    expected = sorted(tmp_path / name for name in names[:5])
    assert source_files(tmp_path) == expected


def test_one_file_is_a_source_exactly_when_the_listing_has_it(tmp_path):
    """is_source() (for a build told which files changed) and source_files() agree on every name."""
    names = ["a/b.txt", "a.txt", ".hidden/x.txt", "a/.x.txt.swp", "n.md.meta.yaml", "c~", "deep/er/d.md",
             "x.meta.yaml/inside.md"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        write(tmp_path / name, "x")
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "linked.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "linked-folder").symlink_to(tmp_path / "deep")
    os.mkfifo(tmp_path / "pipe.txt")
    links: list[str] = []
    listed = {p.relative_to(tmp_path).as_posix() for p in source_files(tmp_path, links)}
    asked = [*names, "folder.txt", "dangling.txt", "linked.txt", "pipe.txt", "linked-folder/er/d.md", "missing.md",
             "deep/er", "linked-folder"]
    assert {name for name in asked if is_source(tmp_path, name)} == listed
    assert listed == {"a/b.txt", "a.txt", "deep/er/d.md", "linked.txt"}
    assert sorted(os.path.basename(link) for link in links) == ["dangling.txt", "linked-folder", "linked.txt"]


def test_bad_sidecar_is_reported_with_line_and_document_still_loads(tmp_path):
    write(tmp_path / "week.txt", DIGEST)
    write(tmp_path / "week.txt.meta.yaml", "year: 2026\ndate: soon\n")
    result = load_sources(tmp_path)
    problem = next(p for p in result.problems if p.file == "week.txt.meta.yaml")
    assert problem.line == 2 and "soon" in problem.message
    assert len(result.items) == 2
    json.dumps([p.message for p in result.problems])


def test_impossible_dates_become_problems_with_lines_not_crashes(tmp_path):
    write(tmp_path / "note.md", "---\ntitle: A note\ndate: 2026-13-45\n---\nBody text that must survive.\n")
    write(tmp_path / "week.txt", DIGEST)
    write(tmp_path / "week.txt.meta.yaml", "source: Mine\ndate: 2026-02-30\nyear: 2026\n")
    result = load_sources(tmp_path)
    note = [item for item in result.items if item.origin.file == "note.md"]
    assert note and "Body text that must survive." in note[0].body and note[0].title == "A note"
    assert any(p.file == "note.md" and p.line == 3 and "not a date" in p.message for p in result.problems)
    assert any(p.file == "week.txt.meta.yaml" and p.line == 2 and "not a date" in p.message for p in result.problems)
    assert sum(1 for item in result.items if item.origin.file == "week.txt") == 2


def test_a_crashing_format_scorer_is_reported_and_the_run_goes_on(tmp_path, monkeypatch):
    from digest import formats

    def boom(doc):
        raise RuntimeError("scorer bug")

    monkeypatch.setattr(formats.channel, "score", boom)
    write(tmp_path / "a.txt", "Some text.\n")
    result = load_sources(tmp_path)
    assert [item.body for item in result.items] == ["Some text."]
    assert any(p.file == "a.txt" and "detection failed" in p.message for p in result.problems)


def test_odd_length_utf16_and_control_characters_never_crash(tmp_path):
    write(tmp_path / "odd.txt", codecs.BOM_UTF16_LE + "Hello there\nsecond line\n".encode("utf-16-le") + b"x")
    write(tmp_path / "ctl.txt", "Page\x0cbreak and \x01bell\nline two\x0b\n")
    result = load_sources(tmp_path)
    bodies = {item.origin.file: item for item in result.items}
    assert "Hello there" in bodies["odd.txt"].body
    ctl = bodies["ctl.txt"]
    assert not any(ch in ctl.body for ch in "\x0c\x01\x0b")
    assert "Page break and bell" in ctl.body and ctl.origin.end_line == 2


from digest.textio import decode, strip_xml_illegal


def test_broken_utf16_keeps_what_decodes():
    assert decode(codecs.BOM_UTF16_BE + "ab\ncd".encode("utf-16-be") + b"\x00").startswith("ab\ncd")


def test_xml_illegal_characters_are_stripped_and_lines_stay_lines():
    raw = "a\x0cb\nc\x01d\x1f\ne\ufffef\x0bg\n\tok"
    clean = strip_xml_illegal(raw)
    assert clean == "a b\ncd\nef g\n\tok"
    assert clean.count("\n") == raw.count("\n")
    assert decode(raw.encode("utf-8")) == clean


@pytest.mark.parametrize("code", range(128))
def test_plain_ascii_decodes_as_any_text_does(code):
    """ASCII text with no control character skips the checks for them: any ASCII character, once or
    600 times, is kept, stripped or refused as in other text."""
    counted = code == 0 or code in range(0x01, 0x09) or code == 0x0B or code in range(0x0E, 0x20)
    once = f"Title\r\nline {chr(code)} two\n".encode("ascii")
    many = b"x" + bytes([code]) * 600 + b"\n"
    for raw in (once, many):
        if code == 0 or (raw is many and counted):
            with pytest.raises(NotText):
                decode(raw)
        else:
            text = raw.decode("ascii").replace("\r\n", "\n").replace("\r", "\n")
            assert decode(raw) == strip_xml_illegal(text)
    assert code == 0 or decode(once).startswith("Title\nline ")


NEWSLETTER_HTML = """<!doctype html><html><head><title>Issue</title><style>p{color:red}</style>
<script>var tracking = "Full story";</script></head><body>
<nav><a href="https://n.example/">Home</a> <a href="https://n.example/archive">Archive</a></nav>
<h3>Research</h3>
<h4><a href="https://a.example/sparse">Sparse experts &amp; friends</a></h4>
<p>Tiny experts beat dense layers at equal compute.</p>
<hr>
<h4><a href="https://b.example/robots">Robots fold laundry</a></h4>
<p>A policy folds shirts at human speed.</p>
<ul><li><a href="https://c.example/chips">Chip prices fall</a> - accelerators got cheaper.</li></ul>
<footer>Unsubscribe</footer></body></html>
"""


def test_html_page_is_read_as_its_readable_text(tmp_path):
    write(tmp_path / "issue.html", NEWSLETTER_HTML)
    write(tmp_path / "empty.htm", "<html><script>only()</script></html>")
    result = load_sources(tmp_path)
    assert [r.format for r in result.reports] == ["newsletter"]
    titles = [item.title for item in result.items]
    assert titles == ["Sparse experts & friends", "Robots fold laundry", "Chip prices fall"]
    assert all("tracking" not in item.body and "Unsubscribe" not in item.body for item in result.items)
    assert result.items[0].url == "https://a.example/sparse"
    assert any(p.file == "empty.htm" and "empty" in p.message for p in result.problems)


def test_email_is_read_from_its_html_part_with_date_from_headers(tmp_path):
    eml = (
        "From: News <news@n.example>\nTo: me@example.org\nSubject: Weekly issue\n"
        "Date: Wed, 08 Apr 2026 09:00:00 +0000\nMIME-Version: 1.0\n"
        'Content-Type: multipart/alternative; boundary="XX"\n\n'
        "--XX\nContent-Type: text/plain; charset=utf-8\n\nplain version\n"
        "--XX\nContent-Type: text/html; charset=utf-8\n\n" + NEWSLETTER_HTML + "\n--XX--\n"
    )
    write(tmp_path / "issue.eml", eml)
    result = load_sources(tmp_path)
    assert [item.title for item in result.items][:2] == ["Sparse experts & friends", "Robots fold laundry"]
    assert {item.date.isoformat() for item in result.items} == {"2026-04-08"}
    assert {item.date_source for item in result.items} == {"metadata"}


def test_machine_made_titles_are_marked_and_source_titles_are_not(tmp_path):
    write(tmp_path / "news.md", (
        "#### [Sparse experts all the way down](https://arxiv.example/abs/1)\n"
        "A paper shows tiny experts beat dense layers at equal compute.\n\n***\n\n"
        "#### [Robots fold laundry](https://robots.example/fold)\n"
        "A policy trained on teleoperation folds shirts at human speed.\n\n***\n\n"
        "* [Chip news](https://c.example/1) - a new accelerator\n"
    ))
    write(tmp_path / "short.txt", "Short heading line\n\nSome text about a model release.\n")
    long_first = " ".join(["Nvidia shipped its Rubin accelerators to three cloud providers ahead of schedule."] * 2)
    write(tmp_path / "long.txt", f"{long_first}\n\nAnalysts expect supply to stay tight into next year.\n")
    items = {item.title: item for item in load_sources(tmp_path).items}
    assert not items["Sparse experts all the way down"].title_generated
    assert not items["Robots fold laundry"].title_generated
    assert not items["Short heading line"].title_generated
    made = [item for item in items.values() if item.origin.file == "long.txt"]
    assert len(made) == 1 and made[0].title_generated


def test_a_segment_without_title_gets_a_fallback_title_marked_as_machine_made(tmp_path, monkeypatch):
    from digest.formats import document
    from digest.model import ParseResult, Segment

    monkeypatch.setattr(document, "parse", lambda doc: ParseResult(segments=[Segment(1, 1, body="Text.")]))
    write(tmp_path / "x.txt", "Text.\n")
    write(tmp_path / "x.txt.meta.yaml", "format: document\nsource: Feed\n")
    [item] = load_sources(tmp_path).items
    assert item.title == "Feed (1)" and item.title_generated
