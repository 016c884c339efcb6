"""A person's edits to item files survive every later run, even when the raw document changes."""

import datetime as dt
import json
import os
from pathlib import Path

import frontmatter

from digest.model import Item, Origin
from digest.store import ItemStore


def make_item(body: str, title: str = "Generated title", start: int = 1, summary: str = "Generated summary.",
              file: str = "show.txt") -> Item:
    return Item(id="", title=title, date=dt.date(2026, 4, 8), source="Show", kind="story", body=body,
                summary=summary, topic="models", tags=["A"], origin=Origin(file, start, start + 3))


BODY_A = "Google will invest up to forty billion dollars in Anthropic over several years, the companies said on Monday."
BODY_B = "Meta agreed to use AWS Graviton chips in a deal lasting at least three years, a first for the company."


def run(items_dir: Path, bodies: list[str], **kwargs) -> list[Item]:
    store = ItemStore(items_dir)
    items = [make_item(body, start=1 + 10 * i, **kwargs) for i, body in enumerate(bodies)]
    store.assign_ids(items)
    return store.merge(items).items


def run_result(items_dir: Path, bodies: list[str], **kwargs):
    store = ItemStore(items_dir)
    items = [make_item(body, start=1 + 10 * i, **kwargs) for i, body in enumerate(bodies)]
    store.assign_ids(items)
    return store.merge(items)


def edit(path: Path, **fields) -> None:
    post = frontmatter.load(path)
    post.metadata.update(fields)
    path.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")


def files(items_dir: Path) -> list[Path]:
    return sorted(items_dir.rglob("*.md"))


def settle(path: Path, seconds: float = 10.0) -> None:
    """Date the file's last save `seconds` back: a person's save from a while ago, not one that
    may still be being written (the store leaves those alone for SETTLE_NS)."""
    then = os.stat(path).st_mtime_ns - int(seconds * 1e9)
    os.utime(path, ns=(then, then))


def test_item_files_are_written_with_frontmatter(tmp_path):
    items = run(tmp_path, [BODY_A, BODY_B])
    paths = files(tmp_path)
    assert len(paths) == 2
    post = frontmatter.load(paths[0])
    for key in ("id", "title", "date", "week", "source", "kind", "url", "topic", "tags", "summary", "take", "origin"):
        assert key in post.metadata
    assert {i.id for i in items} == {p.stem for p in paths}


def test_edits_survive_a_rebuild_and_a_changed_document(tmp_path):
    items = run(tmp_path, [BODY_A, BODY_B])
    path = next(p for p in files(tmp_path) if p.stem == items[0].id)
    edit(path, title="My title", summary="My summary.", take="My take.", hidden=True, topic="business",
         date="2026-04-01")
    # The raw document changes: a sentence added, the other story rewritten, and the splitter re-runs.
    changed_a = BODY_A + " Analysts called it the largest such deal this year."
    again = run(tmp_path, [changed_a, BODY_B], title="Another generated title", summary="New generated summary.")
    edited = next(i for i in again if i.id == items[0].id)
    assert edited.title == "My title"
    assert edited.summary == "My summary."
    assert edited.take == "My take."
    assert edited.hidden is True
    assert edited.topic == "business"
    assert edited.date == dt.date(2026, 4, 1)
    assert set(edited.edited) >= {"title", "summary", "take", "hidden", "topic", "date"}
    assert "largest such deal" in edited.body  # the unedited body follows the source
    other = next(i for i in again if i.id == items[1].id)
    assert other.title == "Another generated title"  # unedited fields take new generated values
    on_disk = frontmatter.load(path)
    assert on_disk["title"] == "My title" and on_disk["take"] == "My take."


def test_edited_item_whose_origin_disappears_is_kept_and_reported(tmp_path):
    items = run(tmp_path, [BODY_A, BODY_B])
    path_a = next(p for p in files(tmp_path) if p.stem == items[0].id)
    edit(path_a, take="Keep me.")
    store = ItemStore(tmp_path)
    survivors = [make_item(BODY_B, start=11)]
    store.assign_ids(survivors)
    result = store.merge(survivors)
    assert path_a.exists()
    kept = next(i for i in result.items if i.id == items[0].id)
    assert kept.take == "Keep me."
    assert any("kept because it was edited" in p.message for p in result.problems)


def test_unedited_item_whose_origin_disappears_is_removed(tmp_path):
    items = run(tmp_path, [BODY_A, BODY_B])
    run(tmp_path, [BODY_B])
    assert [p.stem for p in files(tmp_path)] == [items[1].id]


def test_lost_state_never_loses_an_edit(tmp_path):
    items = run(tmp_path, [BODY_A])
    path = files(tmp_path)[0]
    edit(path, title="Hand title")
    (tmp_path / ".digest-state.json").unlink()
    again = run(tmp_path, [BODY_A])
    assert again[0].title == "Hand title"
    assert again[0].id == items[0].id


def test_broken_item_file_is_left_untouched_and_reported(tmp_path):
    run(tmp_path, [BODY_A])
    path = files(tmp_path)[0]
    broken = "---\ntitle: [unclosed\n---\nMy careful notes\n"
    path.write_text(broken, encoding="utf-8")
    store = ItemStore(tmp_path)
    items = [make_item(BODY_A)]
    store.assign_ids(items)
    result = store.merge(items)
    assert path.read_text(encoding="utf-8") == broken
    assert result.problems and result.problems[0].file.endswith(path.name)
    assert result.problems[0].line >= 1


def test_hand_written_item_file_becomes_an_item(tmp_path):
    run(tmp_path, [BODY_A])
    (tmp_path / "mine.md").write_text("---\ntitle: My own note\ndate: 2026-04-09\n---\nText.\n", encoding="utf-8")
    again = run(tmp_path, [BODY_A])
    assert any(i.title == "My own note" for i in again)


def test_second_run_without_changes_writes_nothing(tmp_path):
    run(tmp_path, [BODY_A, BODY_B])
    store = ItemStore(tmp_path)
    items = [make_item(b, start=1 + 10 * i) for i, b in enumerate([BODY_A, BODY_B])]
    store.assign_ids(items)
    assert store.merge(items).written == 0


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_comments_and_extra_keys_survive_a_changed_document(tmp_path):
    items = run(tmp_path, [BODY_A])
    path = files(tmp_path)[0]
    replace_in(path, 'take: ""\n', 'take: ""\n# remember to check the numbers\nmy_rating: 4\n')
    settle(path)
    again = run(tmp_path, [BODY_A + " More detail arrived later."], summary="A newer generated summary.")
    text = path.read_text(encoding="utf-8")
    assert "# remember to check the numbers" in text and "my_rating: 4" in text
    assert "A newer generated summary." in text  # generated values still follow the source
    assert "More detail arrived later." in text
    assert again[0].id == items[0].id
    run(tmp_path, [BODY_A + " A third version."], summary="Third summary.")  # and on every later run
    text = path.read_text(encoding="utf-8")
    assert "# remember to check the numbers" in text and "Third summary." in text


def test_a_new_paragraph_in_the_body_is_an_edit(tmp_path):
    run(tmp_path, [BODY_A])
    path = files(tmp_path)[0]
    replace_in(path, "years, the companies", "years,\n\nthe companies")  # only a paragraph break
    again = run(tmp_path, [BODY_A])
    assert "\n\nthe companies" in again[0].body and "body" in again[0].edited
    # Its origin going away later must not delete the reshaped text.
    run(tmp_path, [BODY_B])
    assert path.exists() and "\n\nthe companies" in path.read_text(encoding="utf-8")


def test_line_endings_and_trailing_spaces_are_not_edits(tmp_path):
    run(tmp_path, [BODY_A])
    path = files(tmp_path)[0]
    path.write_bytes(path.read_bytes().replace(b"\n", b"  \r\n"))
    again = run(tmp_path, [BODY_A], summary="Changed generated summary.")
    assert again[0].edited == ()
    assert again[0].summary == "Changed generated summary."


def test_odd_value_types_do_not_crash_and_count_as_edits(tmp_path):
    run(tmp_path, [BODY_A])
    path = files(tmp_path)[0]
    edit(path, tags=5, hidden="true", title=None)
    again = run(tmp_path, [BODY_A], title="New generated title")
    assert again[0].tags == ["5"]
    assert again[0].hidden is True
    assert again[0].title == "New generated title"  # an emptied title falls back to the generated one
    on_disk = frontmatter.load(path)
    assert on_disk["hidden"] == "true" and on_disk["tags"] == 5  # the person's spelling is kept


def test_malformed_state_file_is_survived(tmp_path):
    items = run(tmp_path, [BODY_A])
    state = tmp_path / ".digest-state.json"
    for broken in ('["not", "a", "mapping"]', '{"%s": {"sketch": "x"}}' % items[0].id, '{"x": 3}'):
        state.write_text(broken, encoding="utf-8")
        again = run(tmp_path, [BODY_A])
        assert [i.id for i in again] == [items[0].id]


def test_two_item_files_with_one_id_are_reported(tmp_path):
    items = run(tmp_path, [BODY_A])
    copy = tmp_path / "elsewhere" / f"{items[0].id}.md"
    copy.parent.mkdir()
    copy.write_text("---\ntitle: A copy\ndate: 2026-04-08\n---\nMine.\n", encoding="utf-8")
    result = run_result(tmp_path, [BODY_A])
    assert any("same id" in p.message and p.file.endswith(f"{items[0].id}.md") for p in result.problems)
    assert copy.read_text(encoding="utf-8").endswith("Mine.\n")


def test_renamed_document_keeps_its_edited_items(tmp_path):
    items = run(tmp_path, [BODY_A, BODY_B])
    path = next(p for p in files(tmp_path) if p.stem == items[0].id)
    edit(path, take="Still mine.")
    again = run(tmp_path, [BODY_A, BODY_B], file="renamed-show.txt")
    assert len(again) == 2 and len(files(tmp_path)) == 2
    kept = next(i for i in again if i.id == items[0].id)
    assert kept.take == "Still mine." and kept.origin.file == "renamed-show.txt"


def test_an_unchanged_run_reads_no_item_file_and_an_edit_is_still_seen(tmp_path, monkeypatch):
    from digest import itemfile

    first = run(tmp_path, [BODY_A, BODY_B])
    real_parse = itemfile.parse
    parsed = []
    monkeypatch.setattr(itemfile, "parse", lambda raw: parsed.append(raw) or real_parse(raw))
    again = run(tmp_path, [BODY_A, BODY_B])
    assert parsed == []  # untouched files we wrote, same content to write: skipped
    assert [i.id for i in again] == [i.id for i in first]
    path = next(p for p in files(tmp_path) if p.stem == first[1].id)
    edit(path, title="A person's title")
    edited = run(tmp_path, [BODY_A, BODY_B])
    assert len(parsed) == 1
    assert edited[1].title == "A person's title"


def test_a_one_item_document_keeps_its_id_and_edits_when_rewritten_whole(tmp_path):
    first = run(tmp_path, [BODY_A])
    path = files(tmp_path)[0]
    edit(path, take="My take.")
    again = run(tmp_path, [BODY_B])  # the same file now says something else entirely
    assert [item.id for item in again] == [first[0].id]
    assert again[0].take == "My take."
    assert again[0].body == BODY_B


def test_stories_share_their_documents_folder_and_notes_share_their_sources_folder(tmp_path):
    store = ItemStore(tmp_path)
    stories = [make_item(BODY_A, start=1, file="show.txt"), make_item(BODY_B, start=11, file="show.txt")]
    notes = [make_item("A note on chips.", file="first.md"), make_item("A note on models.", file="2026/april/second.md")]
    store.assign_ids(stories + notes)
    store.merge(stories + notes)
    folders = {p.stem: p.parent.relative_to(tmp_path).as_posix() for p in files(tmp_path)}
    assert [folders[item.id] for item in stories] == ["show", "show"]
    assert [folders[item.id] for item in notes] == ["notes", "2026/april"]


def test_an_item_file_stays_where_it_is_when_new_files_would_go_elsewhere(tmp_path):
    note = make_item("A note on chips.", file="first.md")
    store = ItemStore(tmp_path)
    store.assign_ids([note])
    store.merge([note])
    [path] = files(tmp_path)
    old_place = tmp_path / "first" / path.name  # where earlier versions put a note: a folder of its own
    old_place.parent.mkdir()
    path.rename(old_place)
    edit(old_place, title="My title")
    again = make_item("A note on chips.", file="first.md")
    store = ItemStore(tmp_path)
    store.assign_ids([again])
    [item] = store.merge([again]).items
    assert files(tmp_path) == [old_place] and item.title == "My title"


def test_the_state_remembers_a_hash_of_each_body_and_still_tells_edits(tmp_path):
    run(tmp_path, [BODY_A])
    state = (tmp_path / ".digest-state.json").read_text(encoding="utf-8")
    assert "forty billion" not in state  # a body is in its item file; the state keeps its hash
    path = files(tmp_path)[0]
    again = run(tmp_path, [BODY_A + " Shares rose."])  # the document changed; nobody touched the file
    assert again[0].body.endswith("Shares rose.") and "body" not in again[0].edited
    replace_in(path, "Shares rose.", "Shares rose, I hear.")
    third = run(tmp_path, [BODY_A + " Shares fell."])
    assert third[0].body.endswith("I hear.") and "body" in third[0].edited


def test_a_state_written_with_bodies_by_an_older_version_still_works(tmp_path):
    run(tmp_path, [BODY_A])
    state_path = tmp_path / ".digest-state.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    for entry in state.values():
        entry["fields"]["body"] = BODY_A
    state_path.write_text(json.dumps(state), encoding="utf-8")
    again = run(tmp_path, [BODY_A + " Shares rose."])
    assert again[0].body.endswith("Shares rose.") and again[0].edited == ()
    assert "forty billion" not in state_path.read_text(encoding="utf-8")


def test_a_kept_store_reads_its_state_again_only_when_someone_else_wrote_it(tmp_path, monkeypatch):
    from digest import store as store_mod

    kept = ItemStore(tmp_path)
    items = [make_item(BODY_A)]
    kept.assign_ids(items)
    kept.merge(items)
    real_loads = store_mod.json.loads
    monkeypatch.setattr(store_mod.json, "loads", lambda *a, **k: (_ for _ in ()).throw(AssertionError("read")))
    kept.reload()  # the file is as this store wrote it: nothing to read
    monkeypatch.setattr(store_mod.json, "loads", real_loads)
    other = ItemStore(tmp_path)  # another process (a build from the command line) edits the state
    more = [make_item(BODY_A), make_item(BODY_B, start=11)]
    other.assign_ids(more)
    other.merge(more)
    kept.reload()
    assert kept.state == other.state and len(kept.state) == 2
    (tmp_path / ".digest-state.json").unlink()
    kept.reload()
    assert kept.state == {}


def test_a_file_already_as_we_would_write_it_under_a_new_key_is_kept_and_its_stat_remembered(tmp_path):
    # A new version of digest keys item files differently: the files stay as they are.
    run(tmp_path, [BODY_A, BODY_B])
    state_path = tmp_path / ".digest-state.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    for entry in state.values():
        entry["key"] = "from-an-older-version"
    state_path.write_text(json.dumps(state), encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in files(tmp_path)}
    result = run_result(tmp_path, [BODY_A, BODY_B])
    assert result.written == 0 and {p: p.stat().st_mtime_ns for p in files(tmp_path)} == before
    remembered = json.loads(state_path.read_text(encoding="utf-8"))
    for entry in remembered.values():
        path = tmp_path / entry["path"]
        assert entry["stat"] == [path.stat().st_size, path.stat().st_mtime_ns]


def test_an_editor_save_landing_during_the_build_is_seen_by_the_next_build(tmp_path, monkeypatch):
    # The store remembers the stat of the file it wrote, not of whatever is there after all writes.
    from digest import fileio

    first = run(tmp_path, [BODY_A])
    path = files(tmp_path)[0]
    real_replace = fileio.os.replace

    def replace_then_the_editor_saves(source, destination):
        real_replace(source, destination)
        if Path(destination) == path:
            edit(path, title="Saved while the build ran")

    monkeypatch.setattr(fileio.os, "replace", replace_then_the_editor_saves)
    run(tmp_path, [BODY_A], summary="A new generated summary.")  # rewrites the item file
    monkeypatch.setattr(fileio.os, "replace", real_replace)
    again = run(tmp_path, [BODY_A], summary="A new generated summary.")
    assert again[0].id == first[0].id and again[0].title == "Saved while the build ran"


def test_a_state_file_replaced_by_another_build_right_after_ours_is_read_again(tmp_path, monkeypatch):
    from digest import fileio

    kept = ItemStore(tmp_path)
    items = [make_item(BODY_A)]
    kept.assign_ids(items)
    real_replace = fileio.os.replace
    theirs = {}

    def replace_then_another_build_saves(source, destination):
        real_replace(source, destination)
        if Path(destination).name == ".digest-state.json" and not theirs:
            other = ItemStore(tmp_path)
            more = [make_item(BODY_A), make_item(BODY_B, start=11)]
            other.assign_ids(more)
            other.merge(more)
            theirs.update(other.state)

    monkeypatch.setattr(fileio.os, "replace", replace_then_another_build_saves)
    kept.merge(items)
    monkeypatch.setattr(fileio.os, "replace", real_replace)
    kept.reload()
    assert len(theirs) == 2 and kept.state == theirs


def test_ids_hash_the_first_words_of_the_body_however_long_it_is():
    import hashlib
    import random

    from digest.store import new_id
    from digest.text import slugify, words

    rng = random.Random(7)
    vocabulary = ["gpt-4.5", "open", "weights", "a", "U.S.", "chip", "x" * 40, "3.14", "—", "it's"]
    for length in (5, 59, 60, 61, 150, 170, 171, 172, 400):
        body = " ".join(rng.choice(vocabulary) for _ in range(length))
        item = make_item(body)
        expected = hashlib.sha1(f"show.txt\n{' '.join(words(body)[:60])}".encode()).hexdigest()[:6]
        assert new_id(item) == f"{slugify(item.title, 50)}-{expected}", length


def test_an_edit_saved_after_an_unchanged_file_was_read_is_seen_next_time(tmp_path):
    run(tmp_path, [BODY_A])
    path = files(tmp_path)[0]
    os.utime(path, ns=(1, 10**18))  # saved without a change (an autosave, touch, git checkout): read again
    store = ItemStore(tmp_path)
    real_read = store._read
    reads = []

    def read_then_the_editor_saves(p):
        reads.append(real_read(p))
        edit(path, title="Saved while the build ran")  # after the read, before the build is done
        return reads[-1]

    store._read = read_then_the_editor_saves
    items = [make_item(BODY_A)]
    store.assign_ids(items)
    store.merge(items)
    assert reads
    assert run(tmp_path, [BODY_A])[0].title == "Saved while the build ran"


def test_a_same_size_save_within_one_tick_of_a_coarse_file_clock_is_seen(tmp_path):
    """FAT keeps file times to 2 s: a second save of the same size in that tick keeps the stat."""
    run(tmp_path, [BODY_A])
    path = files(tmp_path)[0]
    tick = (path.stat().st_mtime_ns // 10**9) * 10**9  # whole seconds, as a coarse clock writes them
    os.utime(path, ns=(tick, tick))
    run(tmp_path, [BODY_A])  # read again (its time moved) and remembered with this stat
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Generated title", "Generated TITLE"), encoding="utf-8")
    os.utime(path, ns=(tick, tick))
    assert run(tmp_path, [BODY_A])[0].title == "Generated TITLE"


def test_the_state_is_the_json_of_every_entry_and_a_kept_store_encodes_only_new_entries(tmp_path, monkeypatch):
    from digest import store as store_mod

    kept = ItemStore(tmp_path, kept=True)
    items = [make_item(BODY_A), make_item(BODY_B, start=11)]
    kept.assign_ids(items)
    kept.merge(items)
    state_file = tmp_path / ".digest-state.json"
    assert state_file.read_text(encoding="utf-8") == json.dumps(
        kept.state, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    real_dumps = store_mod.json.dumps
    encoded = []
    monkeypatch.setattr(store_mod.json, "dumps", lambda value, **kw: encoded.append(value) or real_dumps(value, **kw))
    again = [make_item(BODY_A), make_item(BODY_B, start=11, summary="A new summary.")]
    kept.assign_ids(again)
    kept.merge(again)
    assert [value for value in encoded if isinstance(value, dict)] == [kept.state[again[1].id]]
    assert state_file.read_text(encoding="utf-8") == real_dumps(
        kept.state, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def test_a_kept_store_writes_an_item_again_when_any_field_changes_even_in_place(tmp_path):
    kept = ItemStore(tmp_path, kept=True)
    item = make_item(BODY_A)
    kept.assign_ids([item])
    kept.merge([item])
    path = files(tmp_path)[0]
    item.tags.append("Added in place")  # the same list object the store saw last time
    assert kept.merge([item]).written == 1
    assert "Added in place" in frontmatter.load(path).metadata["tags"]
    item.also_in.append({"source": "Other", "url": "https://other.example/a"})
    item.also_in[0]["source"] = "Renamed"  # not in the item file: nothing to write
    assert kept.merge([item]).written == 0
    item.topic = "business"
    assert kept.merge([item]).written == 1 and frontmatter.load(path).metadata["topic"] == "business"


def test_a_person_s_file_saved_moments_ago_is_not_replaced_until_it_settles(tmp_path):
    """It may still be being written in place (`tool > file`): replacing it would send the rest of
    the writes to a file that is gone."""
    run(tmp_path, [BODY_A])
    path = files(tmp_path)[0]
    replace_in(path, 'take: ""\n', 'take: "Mine."\n# a note\n')
    saved = path.read_text(encoding="utf-8")
    items = run(tmp_path, [BODY_A], summary="A newer generated summary.")
    assert path.read_text(encoding="utf-8") == saved  # untouched for now
    assert items[0].take == "Mine." and items[0].summary == "A newer generated summary."  # the build uses both
    settle(path)
    run(tmp_path, [BODY_A], summary="A newer generated summary.")
    text = path.read_text(encoding="utf-8")
    assert "A newer generated summary." in text and 'take: "Mine."' in text and "# a note" in text


def test_an_item_file_without_frontmatter_is_left_alone_with_a_warning(tmp_path):
    """Emptied, or truncated by a tool that has not written yet: never replaced, and the item is
    built from generated values until the file has its frontmatter again."""
    run(tmp_path, [BODY_A])
    path = files(tmp_path)[0]
    original = path.read_text(encoding="utf-8")
    for text in ("", "A body with no frontmatter.\n", "---\ntitle: Half writ"):
        path.write_text(text, encoding="utf-8")
        settle(path)  # however long ago: a file with no frontmatter is never taken as an item file
        result = run_result(tmp_path, [BODY_A], summary="Changed summary.")
        assert path.read_text(encoding="utf-8") == text
        assert result.items[0].title == "Generated title" and result.items[0].summary == "Changed summary."
        assert [p.level for p in result.problems] == ["warning"] and "no frontmatter" in result.problems[0].message
    path.write_text(original.replace("title: Generated title", "title: Back again"), encoding="utf-8")
    settle(path)
    result = run_result(tmp_path, [BODY_A], summary="Changed summary.")
    assert result.items[0].title == "Back again" and not result.problems
    assert "Changed summary." in path.read_text(encoding="utf-8")


def test_values_a_held_file_already_has_are_not_taken_for_edits_later(tmp_path):
    """A file saved moments ago that already holds the new generated values (pulled with items/,
    or updated by a concurrent build) is held; those values are remembered as generated."""
    run(tmp_path, [BODY_A], summary="Summary zero.")
    path = files(tmp_path)[0]
    replace_in(path, 'take: ""\n', 'take: "Mine."\n')
    settle(path)
    run(tmp_path, [BODY_A], summary="Summary zero.")
    replace_in(path, "Summary zero.", "Summary one.")  # arrives with the source change, just now
    run(tmp_path, [BODY_A], summary="Summary one.")
    settle(path)
    items = run(tmp_path, [BODY_A], summary="Summary two.")
    assert items[0].summary == "Summary two." and items[0].edited == ("take",)
    assert "summary: Summary two." in path.read_text(encoding="utf-8")


def test_a_file_stamped_far_in_the_future_is_not_held_forever(tmp_path):
    """tar, touch -d or a fast clock elsewhere: a time ahead of now is no save in progress."""
    run(tmp_path, [BODY_A])
    path = files(tmp_path)[0]
    replace_in(path, 'take: ""\n', 'take: "Mine."\n')
    ahead = os.stat(path).st_mtime_ns + 3600 * 10**9
    os.utime(path, ns=(ahead, ahead))
    result = run_result(tmp_path, [BODY_A], summary="A newer generated summary.")
    assert result.held == 0 and "A newer generated summary." in path.read_text(encoding="utf-8")


def test_a_file_emptied_between_our_read_and_our_write_is_not_replaced(tmp_path, monkeypatch):
    """`tool > items/x.md` right after the store read the file: our write would send the tool's
    writes to a file that is gone, so it is left for the next build."""
    run(tmp_path, [BODY_A])
    path = files(tmp_path)[0]
    replace_in(path, 'take: ""\n', 'take: "Mine."\n')
    settle(path)
    real_read = ItemStore._read

    def read_then_truncated(self, file):
        found = real_read(self, file)
        file.write_text("", encoding="utf-8")  # the tool's shell empties it
        return found

    monkeypatch.setattr(ItemStore, "_read", read_then_truncated)
    run(tmp_path, [BODY_A], summary="A newer generated summary.")
    assert path.read_text(encoding="utf-8") == ""  # the tool writes into it next


def test_an_obsolete_file_a_tool_starts_writing_after_our_read_is_not_deleted(tmp_path, monkeypatch):
    run(tmp_path, [BODY_A, BODY_B])
    doomed = next(p for p in files(tmp_path) if "Meta" in p.read_text(encoding="utf-8"))
    real_read = ItemStore._read

    def read_then_written(self, file):
        found = real_read(self, file)
        if file == doomed:
            file.write_text("", encoding="utf-8")  # `tool > file` just after our read
        return found

    monkeypatch.setattr(ItemStore, "_read", read_then_written)
    assert run_result(tmp_path, [BODY_A]).held == 1  # BODY_B's story is gone from its document
    assert doomed.exists()
    monkeypatch.setattr(ItemStore, "_read", real_read)
    doomed.write_text("---\ntitle: My own note now\ndate: 2026-04-08\n---\nMine.\n", encoding="utf-8")
    result = run_result(tmp_path, [BODY_A])
    assert doomed.exists() and any(item.title == "My own note now" for item in result.items)


def test_a_write_left_undone_because_the_file_changed_keeps_the_values_it_holds_generated(tmp_path, monkeypatch):
    """A tool saves the file between our read and our write (here it changes only the take): the
    file keeps the last summary we wrote, which must not be taken for a person's edit later."""
    run(tmp_path, [BODY_A], summary="Summary zero.")
    path = files(tmp_path)[0]
    settle(path)
    real_read = ItemStore._read

    def read_then_saved(self, file):
        found = real_read(self, file)
        file.write_text(file.read_text(encoding="utf-8").replace('take: ""', 'take: "Mine."'), encoding="utf-8")
        return found

    monkeypatch.setattr(ItemStore, "_read", read_then_saved)
    result = run_result(tmp_path, [BODY_A], summary="Summary one.")
    assert result.held == 1 and "summary: Summary zero." in path.read_text(encoding="utf-8")
    monkeypatch.setattr(ItemStore, "_read", real_read)
    settle(path)
    items = run(tmp_path, [BODY_A], summary="Summary one.")
    assert items[0].edited == ("take",) and items[0].summary == "Summary one."
    assert "summary: Summary one." in path.read_text(encoding="utf-8")


def test_a_kept_store_told_what_changed_stats_only_those_item_files(tmp_path, monkeypatch):
    """`digest serve` tells the store which item files had events (digest.changes): it neither walks
    items/ nor stats the others, and still sees the edit it was told of."""
    from digest import store as store_mod

    store = ItemStore(tmp_path, kept=True)

    def merge(changed):
        items = [make_item(body, start=1 + 10 * i) for i, body in enumerate([BODY_A, BODY_B])]
        store.reload()
        store.assign_ids(items)
        return store.merge(items, changed=changed).items

    first = merge(None)
    stats: list[str] = []
    real = store_mod._stat
    monkeypatch.setattr(store_mod, "_stat", lambda path: stats.append(os.path.basename(path)) or real(path))
    monkeypatch.setattr(store_mod.os, "walk", lambda *a, **k: (_ for _ in ()).throw(AssertionError("walked")))
    assert [item.title for item in merge(set())] == ["Generated title", "Generated title"]
    assert stats == []
    path = next(p for p in files(tmp_path) if p.stem == first[1].id)
    edit(path, title="A person's title")
    settle(path)
    again = merge({path.relative_to(tmp_path).as_posix()})
    assert set(stats) == {path.name} and again[1].title == "A person's title"
