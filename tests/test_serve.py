"""`digest serve` builds, serves the site on loopback and rebuilds when a source changes."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

DIGEST = (
    "What caught my attention in W10.\n"
    "{title}\n"
    "A chip startup raised two hundred million dollars to build inference accelerators for datacenters. Source\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def wait_for(predicate, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return None


def test_serve_rebuilds_on_change_and_stays_inside_the_site(project):
    source = project / "sources" / "w10.txt"
    source.write_text(DIGEST.format(title="First Title Here"), encoding="utf-8")
    (project / "sources" / "w10.txt.meta.yaml").write_text("year: 2026\n", encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "digest", "serve", "--port", str(port)], cwd=project,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/issues/2026-W10/index.html"
        assert wait_for(lambda: "First Title Here" in fetch(url)[1]), "site was not served"
        source.write_text(DIGEST.format(title="Second Title Here"), encoding="utf-8")
        assert wait_for(lambda: "Second Title Here" in fetch(url)[1]), "no rebuild after the change"
        status, _ = fetch(f"http://127.0.0.1:{port}/../digest.yaml")
        assert status == 404
        status, _ = fetch(f"http://127.0.0.1:{port}/%2e%2e/digest.yaml")
        assert status == 404
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# --- in-process server: live reload, error page, watcher, hostile requests --------------------------

import gc  # noqa: E402
import http.client  # noqa: E402
import shutil  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from digest.build import TEMPLATES_DIR  # noqa: E402
from digest.config import load_config  # noqa: E402
from digest.serve import EVENTS_PATH, start  # noqa: E402


@pytest.fixture
def live(project):
    """A running server on a free port over a one-document project with its own templates."""
    (project / "sources" / "w10.txt").write_text(DIGEST.format(title="First Title Here"), encoding="utf-8")
    (project / "sources" / "w10.txt.meta.yaml").write_text("year: 2026\n", encoding="utf-8")
    shutil.copytree(TEMPLATES_DIR, project / "templates")
    cfg = load_config(project / "digest.yaml")
    server, rebuilder, observer = start(cfg, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield project, server.server_address[1], rebuilder
    server.shutdown()
    server.server_close()
    observer.stop()
    observer.join(timeout=2)
    rebuilder.stop()


def next_event(stream, seconds: float = 20.0) -> str:
    """The data of the next 'build' event on an open SSE response."""
    deadline = time.monotonic() + seconds
    event = ""
    while time.monotonic() < deadline:
        line = stream.readline().decode("utf-8")
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and event == "build":
            return line.split(":", 1)[1].strip()
    raise AssertionError("no build event")


def open_events(port: int):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", EVENTS_PATH)
    response = conn.getresponse()
    assert response.status == 200 and response.getheader("Content-Type") == "text/event-stream"
    return conn, response


def test_a_save_sends_a_reload_event_and_new_content(live):
    project, port, _ = live
    page = f"http://127.0.0.1:{port}/issues/2026-W10/index.html"
    status, body = fetch(page)
    assert status == 200 and "First Title Here" in body and "EventSource" in body
    on_disk = (project / "site" / "issues" / "2026-W10" / "index.html").read_text(encoding="utf-8")
    assert "EventSource" not in on_disk  # the script is added on the way out, never written
    conn, events = open_events(port)
    first = next_event(events)
    (project / "sources" / "w10.txt").write_text(DIGEST.format(title="Second Title Here"), encoding="utf-8")
    assert next_event(events) != first
    assert "Second Title Here" in fetch(page)[1]
    conn.close()


def test_the_reload_does_not_wait_for_search_and_the_index_follows(live):
    project, port, rebuilder = live
    entries = list((project / "site" / "pagefind").glob("*/pagefind-entry.json"))
    if not entries:
        pytest.skip("Pagefind is not installed")
    entry = entries[0]
    before = entry.read_text(encoding="utf-8")
    conn, events = open_events(port)
    first = next_event(events)
    (project / "sources" / "w10.txt").write_text(DIGEST.format(title="Second Title Here"), encoding="utf-8")
    assert next_event(events) != first
    assert rebuilder.index_done.wait(60), "the search index was never brought up to date"
    assert entry.read_text(encoding="utf-8") != before  # indexed again, with the changed page
    assert (entry.parent / "pagefind.js").exists()
    assert not [p.name for p in project.iterdir() if ".search-" in p.name]  # no bundle left beside the site
    conn.close()


def test_a_hand_edit_of_an_item_file_rebuilds_but_the_builds_own_writes_do_not(live):
    project, port, rebuilder = live
    time.sleep(0.5)
    generation = rebuilder.state.generation
    time.sleep(1.0)
    assert rebuilder.state.generation == generation  # writing items/ and site/ did not trigger a rebuild
    conn, events = open_events(port)
    next_event(events)
    item = next((project / "items").rglob("*.md"))
    item.write_text(item.read_text(encoding="utf-8").replace("First Title Here", "Hand Edited Title"),
                    encoding="utf-8")
    next_event(events)
    assert "Hand Edited Title" in fetch(f"http://127.0.0.1:{port}/issues/2026-W10/index.html")[1]
    conn.close()


def test_a_source_edit_gives_one_build_though_the_build_rewrites_item_files(live):
    project, port, rebuilder = live
    conn, events = open_events(port)
    next_event(events)
    item = next((project / "items").rglob("*.md"))
    before = item.stat().st_mtime_ns
    (project / "sources" / "w10.txt").write_text(DIGEST.format(title="Second Title Here"), encoding="utf-8")
    next_event(events)
    generation = rebuilder.state.generation
    assert item.stat().st_mtime_ns != before  # the build wrote into the watched items/ folder
    time.sleep(1.5)
    assert rebuilder.state.generation == generation  # and that write did not start another build
    conn.close()


def test_a_burst_of_atomic_saves_gives_one_build_of_the_last(live, monkeypatch):
    """An editor's atomic save is several events (temp written, renamed over): one build, not one per event."""
    import os

    import digest.serve

    project, port, rebuilder = live
    conn, events = open_events(port)
    next_event(events)
    generation = rebuilder.state.generation
    target = project / "sources" / "w10.txt"
    monkeypatch.setattr(digest.serve, "DEBOUNCE_SECONDS", 0.5)  # what is tested is the folding, with room for a stall
    for n in range(3):
        temp = project / "sources" / f"w10.txt.tmp{n}"
        temp.write_text(DIGEST.format(title=f"Saved Title {n}"), encoding="utf-8")
        os.replace(temp, target)
    next_event(events)
    time.sleep(1.0)
    assert rebuilder.state.generation == generation + 1
    assert "Saved Title 2" in fetch(f"http://127.0.0.1:{port}/issues/2026-W10/index.html")[1]
    conn.close()


def test_an_item_file_written_in_place_after_a_pause_keeps_the_person_s_edit(live):
    """`tool > items/x.md`: the shell empties the file and the tool writes a moment later. The build
    that reads the empty file must leave it alone, or the tool's writes go to a file that is gone."""
    project, port, rebuilder = live
    item = next((project / "items").rglob("*.md"))
    edited = item.read_text(encoding="utf-8").replace("First Title Here", "Hand Edited Title")
    generation = rebuilder.state.generation
    with open(item, "w", encoding="utf-8") as handle:
        assert wait_for(lambda: rebuilder.state.generation > generation, 10)  # a build read it empty
        handle.write(edited)
    assert wait_for(lambda: rebuilder.state.generation > generation + 1, 10)
    with rebuilder.serial:  # that build is done
        pass
    assert item.read_text(encoding="utf-8") == edited
    assert "Hand Edited Title" in fetch(f"http://127.0.0.1:{port}/issues/2026-W10/index.html")[1]


def test_an_item_file_left_out_of_date_because_it_was_just_saved_is_updated_by_a_later_build(live):
    """A person edits the item file and the source at once (git pull, save all): the build that
    follows leaves the just-saved file alone, and the server builds again once it has settled."""
    project, port, rebuilder = live
    item = next((project / "items").rglob("*.md"))
    generation = rebuilder.state.generation
    item.write_text(item.read_text(encoding="utf-8").replace('take: ""', 'take: "Mine."'), encoding="utf-8")
    (project / "sources" / "w10.txt").write_text(DIGEST.format(title="Second Title Here"), encoding="utf-8")
    # The first build normally holds the file (it was saved within 2 s); a build delayed past that
    # by a busy machine updates it at once. Either way it ends up up to date, with the edit.
    assert wait_for(lambda: "Second Title Here" in item.read_text(encoding="utf-8"), 15)
    assert 'take: "Mine."' in item.read_text(encoding="utf-8")
    assert rebuilder.state.generation > generation


def test_after_a_rebuild_the_site_is_up_to_date_for_digest_build(project):
    """The up-to-date record is written after the reload event, off its path, but it is written."""
    from digest import uptodate

    (project / "digest.yaml").write_text("title: Test digest\nsearch: false\n", encoding="utf-8")
    (project / "sources" / "w10.txt").write_text(DIGEST.format(title="First Title Here"), encoding="utf-8")
    (project / "sources" / "w10.txt.meta.yaml").write_text("year: 2026\n", encoding="utf-8")
    cfg = load_config(project / "digest.yaml")
    server, rebuilder, observer = start(cfg, port=0)
    try:
        (project / "sources" / "w10.txt").write_text(DIGEST.format(title="Second Title Here"), encoding="utf-8")
        assert wait_for(lambda: rebuilder.state.generation >= 2)
        with rebuilder.serial:  # the bookkeeping after the reload is done
            pass
        assert uptodate.check(cfg, cfg.output_dir.resolve()) is not None
    finally:
        server.server_close()
        observer.stop()
        observer.join(timeout=2)
        rebuilder.stop()


def test_an_item_file_saved_during_a_build_gets_a_build_of_its_own(live, monkeypatch):
    from digest import serve as serve_mod

    project, port, rebuilder = live
    item = next((project / "items").rglob("*.md"))
    real = serve_mod.build

    def build_while_a_person_saves(*args, **kwargs):
        result = real(*args, **kwargs)
        if "Saved Mid Build" not in item.read_text(encoding="utf-8"):
            item.write_text(item.read_text(encoding="utf-8").replace("Second Title Here", "Saved Mid Build"),
                            encoding="utf-8")
            time.sleep(1.0)  # the watcher sees the save while this build still runs
        return result

    monkeypatch.setattr(serve_mod, "build", build_while_a_person_saves)
    page = f"http://127.0.0.1:{port}/issues/2026-W10/index.html"
    (project / "sources" / "w10.txt").write_text(DIGEST.format(title="Second Title Here"), encoding="utf-8")
    assert wait_for(lambda: "Saved Mid Build" in fetch(page)[1]), "the save during the build was never built"


def test_an_indexer_that_fails_finishes_and_the_next_one_runs(live, monkeypatch):
    from digest import serve as serve_mod

    project, port, rebuilder = live
    monkeypatch.setattr(serve_mod, "index_pending", lambda out, pending: 1 / 0)
    rebuilder.index_later(rebuilder.state.generation, {"2026-q1": ("key", ["index.html"])})
    assert rebuilder.index_done.wait(10) and not rebuilder.indexing


def test_once_the_search_index_follows_the_site_is_up_to_date_for_digest_build(live):
    from digest import uptodate

    project, port, rebuilder = live
    if not list((project / "site" / "pagefind").glob("*/pagefind-entry.json")):
        pytest.skip("Pagefind is not installed")
    conn, events = open_events(port)
    next_event(events)
    (project / "sources" / "w10.txt").write_text(DIGEST.format(title="Second Title Here"), encoding="utf-8")
    next_event(events)
    assert rebuilder.index_done.wait(60)
    conn.close()
    cfg = load_config(project / "digest.yaml")
    assert uptodate.check(cfg, cfg.output_dir.resolve()) is not None


def test_editor_temp_files_are_ignored(live):
    project, _, rebuilder = live
    time.sleep(0.5)
    generation = rebuilder.state.generation
    for name in (".#w10.txt", "w10.txt.swp", "w10.txt~", "4913", ".hidden.txt"):
        (project / "sources" / name).write_text("junk", encoding="utf-8")
    time.sleep(1.0)
    assert rebuilder.state.generation == generation


def test_a_broken_template_shows_an_error_page_until_fixed(live):
    project, port, _ = live
    page = f"http://127.0.0.1:{port}/issues/2026-W10/index.html"
    conn, events = open_events(port)
    next_event(events)
    base = project / "templates" / "base.html"
    good = base.read_text(encoding="utf-8")
    base.write_text(good + "\n{% if %}\n", encoding="utf-8")
    next_event(events)
    conn2 = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn2.request("GET", "/issues/2026-W10/index.html")
    response = conn2.getresponse()
    body = response.read().decode("utf-8")
    assert response.status == 500
    assert "base.html" in body and f"line {good.count(chr(10)) + 2}" in body and "EventSource" in body
    base.write_text(good, encoding="utf-8")
    next_event(events)
    status, body = fetch(page)
    assert status == 200 and "First Title Here" in body
    conn.close()


def raw_request(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def test_hostile_request_paths_never_leave_the_site(live):
    project, port, _ = live
    secret = project.parent / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    (project / "site" / "escape").symlink_to(project.parent)
    prefixes = ["/", "/..", "/%2e%2e", "/%2E%2E", "/.%2e", "/..%2f", "/%2e%2e%2f", "/..%5c", "/....//", "//", "/./"]
    targets = ["secret.txt", "digest.yaml", "..%2fsecret.txt", "%00", "escape/secret.txt", str(secret)]
    paths = [p + t for p in prefixes for t in targets]
    paths += ["/" + "a" * 70000, str(secret), "http://evil.example/../../secret.txt", "/%ff%fe", "/\x00"]
    methods = ["GET", "HEAD", "POST", "DELETE", "PUT", "BREW", "OPTIONS"]
    tried = failures = 0
    for method in methods:
        for path in paths:
            tried += 1
            reply = raw_request(port, f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                .encode("utf-8", "surrogateescape"))
            if b"TOP-SECRET" in reply or b"base_url" in reply:
                failures += 1
    assert tried > 400 and failures == 0
    assert fetch(f"http://127.0.0.1:{port}/index.html")[0] == 200  # still alive


def test_idle_connections_do_not_block_others(live):
    _, port, _ = live
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(30)]
    half = socket.create_connection(("127.0.0.1", port))
    half.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n")  # never finishes its headers
    try:
        started = time.monotonic()
        assert fetch(f"http://127.0.0.1:{port}/index.html")[0] == 200
        assert time.monotonic() - started < 5
    finally:
        for sock in idle + [half]:
            sock.close()


def test_problem_panel_and_error_page_escape_source_text():
    from digest.model import Problem
    from digest.serve import BuildError, error_page, problems_panel

    panel = problems_panel([Problem("a<b>.txt", 3, "<script>alert(1)</script>")] * 25)
    assert "<script>alert" not in panel and "a&lt;b&gt;.txt:3" in panel and "5 more" in panel
    page = error_page(BuildError("t<x>.html", 7, "<img src=x onerror=alert(1)>"), 3).decode()
    assert "<img" not in page and "t&lt;x&gt;.html, line 7" in page


def test_the_collector_pauses_during_a_build_and_resumes_even_when_it_fails(live, monkeypatch):
    from digest import serve as serve_mod

    project, port, rebuilder = live
    seen = []

    def failing_build(*args, **kwargs):
        seen.append(gc.isenabled())
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(serve_mod, "build", failing_build)
    rebuilder.build()
    assert seen == [False] and gc.isenabled()
    assert rebuilder.state.error is not None and "broken on purpose" in rebuilder.state.error.message


def test_each_build_is_told_the_files_saved_since_the_last_began(live, monkeypatch):
    """The first rebuild looks at every file (saves before watching began have no events); the
    next ones are told what changed (digest.changes) and still show every save."""
    from digest import serve as serve_mod

    project, port, rebuilder = live
    told: list[set[str] | None] = []
    real = serve_mod.build
    monkeypatch.setattr(serve_mod, "build", lambda *a, **k: told.append(k.get("changes")) or real(*a, **k))
    conn, events = open_events(port)
    generation = next_event(events)
    source = project / "sources" / "w10.txt"
    for title in ("Second Title Here", "Third Title Here"):
        source.write_text(DIGEST.format(title=title), encoding="utf-8")
        assert next_event(events) != generation
        generation = str(rebuilder.state.generation)
    conn.close()
    assert told[0] is None
    assert told[-1] is not None and str(source.resolve()) in told[-1]
    page = f"http://127.0.0.1:{port}/issues/2026-W10/index.html"
    assert "Third Title Here" in fetch(page)[1]


def test_the_watcher_tells_which_files_changed_and_when_it_cannot_know(project, tmp_path):
    from watchdog.events import DirCreatedEvent, DirDeletedEvent, DirModifiedEvent, FileModifiedEvent, FileMovedEvent

    from digest.serve import Rebuilder, Watcher

    cfg = load_config(project / "digest.yaml")
    rebuilder = Rebuilder(cfg, None)
    rebuilder.changes, rebuilder.blind = set(), False
    watcher = Watcher(rebuilder, cfg.output_dir, cfg.items_dir, cfg.root, rebuilder.config_path)
    sources = project / "sources"
    (tmp_path / "target.md").write_text("x", encoding="utf-8")
    (sources / "link.md").symlink_to(tmp_path / "target.md")
    watcher.note(FileModifiedEvent(str(sources / "a.md")))
    watcher.note(FileMovedEvent(str(sources / ".b.md.tmp"), str(sources / "b.md")))
    watcher.note(FileModifiedEvent(str(sources / "link.md")))
    watcher.note(DirModifiedEvent(str(sources)))  # a file in it came or went: that file has its event
    watcher.note(DirCreatedEvent(str(project / ".site.staging-1")))  # the build's own folders
    watcher.note(FileModifiedEvent(str(project / "site" / "index.html")))
    real = str(sources.resolve())
    assert rebuilder.changes == {f"{real}/a.md", f"{real}/.b.md.tmp", f"{real}/b.md", f"{real}/link.md"}
    watcher.note(DirCreatedEvent(str(sources / "new-folder")))  # its files may have no events
    assert rebuilder.changes is None
    watcher.note(FileModifiedEvent(str(sources / "c.md")))
    assert rebuilder.changes is None  # still not known until a build takes it
    assert not rebuilder.blind
    (project / "items").mkdir()
    (project / "items" / "notes").mkdir()
    watcher.note(DirDeletedEvent(str(project / "items" / "notes")))  # a folder in it: items/ is still watched
    assert not rebuilder.blind
    (project / "items").rename(project / "moved-away")
    (project / "items").mkdir()  # (even when a new folder is there by the time the event comes)
    watcher.note(DirDeletedEvent(str(project / "items")))  # its watch went with it
    assert rebuilder.blind


def test_events_lost_by_watchdog_make_the_next_build_look_at_every_file(live, monkeypatch):
    import logging

    _project, _port, rebuilder = live
    scheduled = []
    monkeypatch.setattr(rebuilder, "schedule", lambda: scheduled.append(True))
    with rebuilder.watch_lock:
        rebuilder.changes = set()
    logging.getLogger("watchdog.observers.inotify").warning("Inotify queue overflowed; reconciling watches")
    assert rebuilder.changes is None and scheduled == [True]
    rebuilder.stop()  # the server stops: watchdog's warnings no longer reach it
    assert rebuilder.lost_events not in logging.getLogger("watchdog").handlers


def told_rebuilder(project):
    """A Rebuilder after its first build, told what changes (as start() leaves it on Linux), with
    its builds' `changes` recorded and scheduling recorded instead of done."""
    from digest import serve as serve_mod
    from digest.serve import Rebuilder, Watcher

    (project / "digest.yaml").write_text("title: T\nsearch: false\n", encoding="utf-8")
    (project / "sources" / "w10.txt").write_text(DIGEST.format(title="First Title Here"), encoding="utf-8")
    (project / "sources" / "w10.txt.meta.yaml").write_text("year: 2026\n", encoding="utf-8")
    (project / "sources" / "other.md").write_text("---\ntitle: Other\ndate: 2026-03-03\n---\nSomething else.\n",
                                                  encoding="utf-8")
    cfg = load_config(project / "digest.yaml")
    rebuilder = Rebuilder(cfg, None)
    told: list[set[str] | None] = []
    real = serve_mod.build
    rebuilder.scheduled = []
    rebuilder.schedule = lambda: rebuilder.scheduled.append(True)
    watcher = Watcher(rebuilder, cfg.output_dir, cfg.items_dir, cfg.root, rebuilder.config_path)

    def recording(*args, **kwargs):
        told.append(kwargs.get("changes"))
        return real(*args, **kwargs)

    rebuilder.build()
    rebuilder.roots, rebuilder.blind = rebuilder._roots(), False
    rebuilder.forget_changes()
    rebuilder.build()  # now told: every build from here on is given the events since the last
    return rebuilder, watcher, told, recording


def test_an_item_file_saved_before_a_told_build_whose_event_comes_after_it_gets_a_build(project, monkeypatch):
    """--poll reports a save up to half a second late: the told build did not look at the file, so
    its late event must still count as a change (the snapshot holds only what builds wrote)."""
    from watchdog.events import FileModifiedEvent

    from digest import serve as serve_mod

    rebuilder, watcher, told, recording = told_rebuilder(project)
    monkeypatch.setattr(serve_mod, "build", recording)
    item = next(p for p in (project / "items").rglob("*.md") if "First Title Here" in p.read_text())
    item.write_text(item.read_text().replace("title: First Title Here", "title: Hand Edited Title"))
    os.utime(item, ns=(time.time_ns() - 10**10,) * 2)  # saved a while ago: not held as a save in progress
    other = project / "sources" / "other.md"
    other.write_text("---\ntitle: Other\ndate: 2026-03-03\n---\nEdited.\n", encoding="utf-8")
    watcher.on_any_event(FileModifiedEvent(str(other)))
    rebuilder.build()  # told of other.md only
    assert told[-1] is not None and "Hand Edited Title" not in (
        project / "site" / "issues" / "2026-W10" / "index.html").read_text(encoding="utf-8")
    rebuilder.scheduled.clear()
    watcher.on_any_event(FileModifiedEvent(str(item)))  # the late event
    assert rebuilder.scheduled
    rebuilder.build()
    assert "Hand Edited Title" in (project / "site" / "issues" / "2026-W10" / "index.html").read_text(encoding="utf-8")


def test_builds_look_at_every_file_once_a_watched_folder_is_replaced_and_now_and_then(project, monkeypatch):
    from digest import serve as serve_mod

    rebuilder, watcher, told, recording = told_rebuilder(project)
    monkeypatch.setattr(serve_mod, "build", recording)
    rebuilder.build()
    assert told[-1] == set()
    rebuilder.full_look -= serve_mod.FULL_LOOK_SECONDS + 1  # the backstop: a minute without a full look
    rebuilder.build()
    assert told[-1] is None
    rebuilder.build()
    assert told[-1] == set()
    shutil.rmtree(project / "items")  # its watch goes with it; the build makes a new folder
    rebuilder.build()
    rebuilder.build()
    assert told[-2:] == [None, None] and rebuilder.blind


def test_with_an_observer_that_loses_events_silently_every_build_looks_at_every_file(project, monkeypatch):
    from watchdog.observers.polling import PollingObserver

    from digest import serve as serve_mod

    class FSEventsObserver(PollingObserver):  # stands in for macOS's and Windows' observers
        pass

    (project / "sources" / "w10.txt").write_text(DIGEST.format(title="First Title Here"), encoding="utf-8")
    (project / "sources" / "w10.txt.meta.yaml").write_text("year: 2026\n", encoding="utf-8")
    monkeypatch.setattr(serve_mod, "Observer", FSEventsObserver)
    server, rebuilder, observer = start(load_config(project / "digest.yaml"), port=0)
    try:
        assert rebuilder.blind
    finally:
        server.server_close()
        observer.stop()
        observer.join(timeout=2)
        rebuilder.stop()
