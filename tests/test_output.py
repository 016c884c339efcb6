"""The output folder is replaced whole, never half-written, and never a folder a person owns."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from digest import output
from digest.build import build
from digest.cli import main
from digest.config import load_config
from digest.render.site import SiteWriter

NOTE = "---\ntitle: {title}\ndate: 2026-04-08\nsource: Notes\n---\nA note about {title} and what it means for chips.\n"


def write_note(project: Path, name: str, title: str) -> None:
    (project / "sources" / f"{name}.md").write_text(NOTE.format(title=title), encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("out", [".", "sources", "sources/site", "items", "templates", ".."])
def test_outputs_that_would_destroy_inputs_are_refused(project, monkeypatch, capsys, out):
    write_note(project, "a", "Alpha")
    (project / "templates").mkdir()
    (project / "templates" / "base.html").write_text("{% block body %}{% endblock %}", encoding="utf-8")
    (project / "items").mkdir()
    (project / "items" / "mine.md").write_text("---\ntitle: Mine\ndate: 2026-04-08\n---\nKeep.\n", encoding="utf-8")
    before = tree(project)
    monkeypatch.chdir(project)
    assert main(["build", "--out", out]) == 2
    assert "choose" in capsys.readouterr().err
    assert tree(project) == before


def test_a_folder_digest_did_not_write_is_refused(project, monkeypatch, capsys):
    write_note(project, "a", "Alpha")
    other = project / "photos"
    other.mkdir()
    (other / "cat.jpg").write_bytes(b"\xff\xd8 not ours")
    monkeypatch.chdir(project)
    assert main(["build", "--out", "photos"]) == 2
    assert "was not written by digest" in capsys.readouterr().err
    assert (other / "cat.jpg").read_bytes() == b"\xff\xd8 not ours"
    assert main(["build", "--out", "empty-folder"]) == 0  # a new or empty folder is fine


def test_rebuild_replaces_only_our_folder_and_removes_stale_pages(project):
    write_note(project, "a", "Alpha")
    write_note(project, "b", "Beta")
    cfg = load_config(project / "digest.yaml")
    build(cfg)
    site = project / "site"
    assert (site / output.MARKER).exists()
    pages = {p.name for p in (site / "items").iterdir()}
    assert len(pages) == 2
    (project / "sources" / "b.md").unlink()
    build(cfg)
    assert len(list((site / "items").iterdir())) == 1  # Beta's page is gone
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]


def test_a_failing_render_leaves_the_previous_site_intact(project, monkeypatch):
    write_note(project, "a", "Alpha")
    cfg = load_config(project / "digest.yaml")
    build(cfg)
    before = tree(project / "site")
    write_note(project, "b", "Beta")

    def explode(self, *args, **kwargs):
        raise RuntimeError("template blew up halfway")

    monkeypatch.setattr(SiteWriter, "render", explode)
    with pytest.raises(RuntimeError):
        build(cfg)
    assert tree(project / "site") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]


def test_debris_of_a_killed_build_is_cleared_but_foreign_dot_folders_are_not(project):
    write_note(project, "a", "Alpha")
    cfg = load_config(project / "digest.yaml")
    build(cfg)
    debris = output.staging_dir(project / "site")  # as a build killed mid-render leaves it
    (debris / "half.html").write_text("<p>half", encoding="utf-8")
    foreign = project / ".site.notes"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine", encoding="utf-8")
    build(cfg)
    assert not debris.exists()
    assert (foreign / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_kill_9_mid_build_leaves_a_whole_site(project):
    for n in range(60):
        write_note(project, f"n{n:02d}", f"Story number {n}")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    command = [sys.executable, "-m", "digest", "build"]
    subprocess.run(command, cwd=project, env=env, check=True, capture_output=True)
    good = tree(project / "site")
    write_note(project, "n00", "A changed story")
    seen = []
    for delay in (0.3, 0.8, 1.5):
        proc = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen.append(tree(project / "site"))
    subprocess.run(command, cwd=project, env=env, check=True, capture_output=True)
    final = tree(project / "site")
    assert final != good
    # After every kill the site was one whole build, the old or the new, byte for byte.
    assert all(now in (good, final) for now in seen)
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]
