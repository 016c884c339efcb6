"""A build with nothing changed stops early and says what the last one said; any change rebuilds."""

import os
import subprocess
import sys

from digest.cli import main

DOC = "---\ntitle: A note\ndate: 2026-04-08\nsource: Notes\n---\nOpen weights models keep getting better at coding.\n"
BROKEN = "---\ntitle: [unclosed\ndate: 2026-04-09\n---\nText.\n"


def build(capsys, *args: str) -> tuple[int, str]:
    code = main(["build", *args])
    return code, capsys.readouterr().err


def setup(project):
    (project / "sources" / "note.md").write_text(DOC, encoding="utf-8")


def test_second_build_is_skipped_and_any_change_rebuilds(project, monkeypatch, capsys):
    setup(project)
    monkeypatch.chdir(project)
    assert build(capsys)[1].startswith("built")
    assert "up to date" in build(capsys)[1]
    # a source changed
    (project / "sources" / "note.md").write_text(DOC.replace("coding", "coding and math"), encoding="utf-8")
    assert "built" in build(capsys)[1]
    assert "up to date" in build(capsys)[1]
    # an item file edited by hand
    item = next((project / "items").rglob("*.md"))
    item.write_text(item.read_text(encoding="utf-8").replace("title: A note", "title: My title"), encoding="utf-8")
    assert "built" in build(capsys)[1]
    assert "My title" in (project / "site" / "index.html").read_text(encoding="utf-8")
    # a page of the site changed or removed
    page = project / "site" / "archive.html"
    page.unlink()
    assert "built" in build(capsys)[1]
    assert page.exists()
    # a page deep in the site saved over by an editor (write a copy, rename it over the page)
    deep = next((project / "site" / "items").glob("*.html"))
    copy = deep.with_name(deep.name + ".new")
    copy.write_text("edited by hand", encoding="utf-8")
    os.replace(copy, deep)
    assert "built" in build(capsys)[1]
    assert deep.read_text(encoding="utf-8") != "edited by hand"
    # the configuration changed
    (project / "digest.yaml").write_text("title: Another title\n", encoding="utf-8")
    assert "built" in build(capsys)[1]
    # --force always builds
    assert "up to date" in build(capsys)[1]
    assert "built" in build(capsys, "--force")[1]


def test_a_skipped_build_reports_the_same_problems_and_exit_code(project, monkeypatch, capsys):
    setup(project)
    (project / "sources" / "broken.md").write_text(BROKEN, encoding="utf-8")
    monkeypatch.chdir(project)
    code, first = build(capsys, "--strict")
    code_again, again = build(capsys, "--strict")
    assert code == code_again == 1
    assert "up to date" in again
    assert "broken.md" in first and "broken.md" in again


def test_without_the_cache_every_build_runs(project, monkeypatch, capsys):
    setup(project)
    (project / "digest.yaml").write_text("title: T\ncache: false\n", encoding="utf-8")
    monkeypatch.chdir(project)
    build(capsys)
    assert build(capsys)[1].startswith("built")


def test_a_skipped_build_does_not_import_the_pipeline(project):
    setup(project)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    subprocess.run([sys.executable, "-m", "digest", "build"], cwd=project, env=env, check=True, capture_output=True)
    probe = ("import sys; from digest.cli import main; code = main(['build']); "
             "heavy = sorted(m for m in ('jinja2', 'numpy', 'scipy', 'markdown_it', 'digest.build') if m in sys.modules); "
             "print(code, heavy)")
    out = subprocess.run([sys.executable, "-c", probe], cwd=project, env=env, check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "0 []"


def test_the_check_and_the_build_that_follows_take_the_inputs_signature_once(project, monkeypatch, capsys):
    from digest import uptodate

    setup(project)
    monkeypatch.chdir(project)
    build(capsys)
    (project / "sources" / "note.md").write_text(DOC.replace("coding", "coding and math"), encoding="utf-8")
    calls = []
    real = uptodate.inputs_signature
    monkeypatch.setattr(uptodate, "inputs_signature", lambda *a: calls.append(a) or real(*a))
    assert "built" in build(capsys)[1]
    assert len(calls) == 1  # a listing of every source is worth taking once
    monkeypatch.setattr(uptodate, "inputs_signature", real)
    assert "up to date" in build(capsys)[1]


def test_a_changed_source_is_known_without_walking_items_and_the_site(project, monkeypatch, capsys):
    from digest import uptodate
    from digest.config import load_config

    setup(project)
    monkeypatch.chdir(project)
    assert build(capsys)[1].startswith("built")
    (project / "sources" / "note.md").write_text(DOC.replace("coding", "proofs"), encoding="utf-8")
    walked = []
    monkeypatch.setattr(uptodate, "items_signature", lambda cfg: walked.append("items") or "")
    monkeypatch.setattr(uptodate, "site_signature", lambda out: walked.append("site") or "")
    cfg = load_config(project / "digest.yaml")
    assert uptodate.check(cfg, cfg.output_dir.resolve()) is None and walked == []


def test_a_build_that_left_an_item_file_for_later_is_not_up_to_date(project, monkeypatch, capsys):
    """A person's item file saved moments ago is not rewritten (a tool may still be writing it):
    the next build must run and bring its generated values up to date."""
    setup(project)
    monkeypatch.chdir(project)
    build(capsys)
    item = next((project / "items").rglob("*.md"))
    item.write_text(item.read_text(encoding="utf-8").replace('take: ""', 'take: "Mine."'), encoding="utf-8")
    (project / "sources" / "note.md").write_text(DOC.replace("title: A note", "title: A new title"), encoding="utf-8")
    assert "built" in build(capsys)[1]
    assert "title: A note" in item.read_text(encoding="utf-8")  # left for later
    import digest.build

    later = digest.build.file_clock  # a while later, nothing touched
    monkeypatch.setattr(digest.build, "file_clock", lambda cache: later(cache) + 10**10)
    assert "built" in build(capsys)[1]  # not "up to date"
    text = item.read_text(encoding="utf-8")
    assert "title: A new title" in text and 'take: "Mine."' in text
    assert "up to date" in build(capsys)[1]
