import json
import os

from digest.cli import main

DIGEST = (
    "What caught my attention in W10.\n"
    "Chip Maker Raises Money\n"
    "A chip startup raised two hundred million dollars to build inference accelerators for datacenters. Source\n"
    "Worth watching.\n"
    "Court Rules On Training Data\n"
    "A federal judge ruled that training on lawfully bought books is fair use, in a closely watched case. Source\n"
)


def setup(project):
    (project / "sources" / "w10.txt").write_text(DIGEST, encoding="utf-8")
    (project / "sources" / "w10.txt.meta.yaml").write_text("year: 2026\n", encoding="utf-8")


def test_build_writes_site_and_items(project, monkeypatch, capsys):
    setup(project)
    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    assert (project / "site" / "issues" / "2026-W10" / "index.html").exists()
    assert len(list((project / "items").rglob("*.md"))) == 2
    assert "built" in capsys.readouterr().err


def test_items_json_fields(project, monkeypatch, capsys):
    setup(project)
    monkeypatch.chdir(project)
    assert main(["items", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["title"] for i in items] == ["Chip Maker Raises Money", "Court Rules On Training Data"]
    first = items[0]
    assert first["week"] == "2026-W10" and first["date"] == "2026-03-02"
    assert first["take"] == "Worth watching." and first["hidden"] is False
    assert first["origin"] == {"file": "w10.txt", "start_line": 2, "end_line": 4}
    assert first["format"] == "digest" and first["format_confidence"] > 0.5
    assert set(first) >= {"id", "source", "kind", "url", "topic", "tags", "summary"}


def test_items_documents_lists_skipped_ranges(project, monkeypatch, capsys):
    setup(project)
    monkeypatch.chdir(project)
    assert main(["items", "--documents"]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["skipped"] == [{"start_line": 1, "end_line": 1, "reason": "header"}]


def test_check_strict_fails_on_problems_and_names_file_and_line(project, monkeypatch, capsys):
    setup(project)
    (project / "sources" / "bad.md").write_text("---\ntitle: x\ndate: soon\n---\nbody\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["check"]) == 0
    assert main(["check", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "bad.md:3:" in out and "soon" in out


def test_config_errors_exit_2(project, monkeypatch, capsys):
    (project / "digest.yaml").write_text("lead_items: -1\nbogus: 1\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert "lead_items" in err and "bogus" in err
    assert not (project / "site").exists()


def test_hand_edits_survive_a_changed_source_and_hidden_items_leave_the_site(project, monkeypatch):
    import frontmatter

    setup(project)
    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    paths = sorted((project / "items").rglob("*.md"))
    chip = next(p for p in paths if "chip" in p.name)
    court = next(p for p in paths if "court" in p.name)
    post = frontmatter.load(chip)
    post["title"] = "My own headline"
    post["take"] = "My take, not the source's."
    chip.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
    post = frontmatter.load(court)
    post["hidden"] = True
    court.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
    for path in (chip, court):  # saved a while ago (a file saved moments ago is not rewritten yet)
        then = path.stat().st_mtime_ns - 10**10
        os.utime(path, ns=(then, then))
    # The raw document is rewritten: a new entry first, and the chip entry's summary extended.
    source = project / "sources" / "w10.txt"
    text = source.read_text(encoding="utf-8").replace(
        "What caught my attention in W10.\n",
        "What caught my attention in W10.\nA Brand New Entry\nSomething else happened this week with enough words to count here. Source\n",
    ).replace("for datacenters. Source", "for datacenters, with a first chip due next year. Source")
    source.write_text(text, encoding="utf-8")
    assert main(["build"]) == 0
    post = frontmatter.load(chip)
    assert post["title"] == "My own headline" and post["take"] == "My take, not the source's."
    assert "first chip due next year" in post["summary"]  # the unedited field follows the source
    assert frontmatter.load(court)["hidden"] is True
    issue = (project / "site" / "issues" / "2026-W10" / "index.html").read_text(encoding="utf-8")
    assert "My own headline" in issue and "A Brand New Entry" in issue
    assert "Court Rules On Training Data" not in issue
    assert not list((project / "site" / "items").glob(f"{court.stem}*"))


def test_build_timings_name_every_stage_that_ran(project, monkeypatch, capsys):
    setup(project)
    monkeypatch.chdir(project)
    assert main(["build", "--timings"]) == 0
    line = next(l for l in capsys.readouterr().err.splitlines() if l.startswith("timings: "))
    stages = [part.split()[0] for part in line.removeprefix("timings: ").split(", ")]
    assert stages[:5] == ["load", "store", "summarize", "rank", "render"] and "swap" in stages
    assert all(part.split()[1].endswith("s") for part in line.removeprefix("timings: ").split(", "))
