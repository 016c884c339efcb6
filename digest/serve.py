"""`digest serve`: build, serve the output folder on 127.0.0.1, rebuild on change, reload open tabs.

Requests wait while a rebuild is in flight, so a browser never gets a half-built page. A failed
build keeps the last good site on disk but answers HTML requests with an error page naming the
file and line, until a save fixes it. The live-reload script is added to HTML responses on the
way out; it is never written into the site.
"""

from __future__ import annotations

import gc
import html
import logging
import os
import shutil
import sys
import threading
import time
import traceback
import urllib.parse
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jinja2
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from digest.build import BuildResult, build, index_pending, install_index, record_uptodate, templates_dir
from digest.cache import Memo
from digest.config import Config, ConfigError, load_config
from digest.fileio import SETTLE_NS
from digest.loader import is_editor_temp
from digest.model import Problem

# Quiet time after the last event before a build: an editor's save (temp file, rename, chmod) is a
# burst of events within milliseconds, and this wait is part of every save-to-reload (webpack's
# aggregateTimeout is 20 ms). Events during a build schedule the next one, so a longer burst (a
# checkout, a tool that empties a file and writes it later) costs a second build; the item store
# never replaces an item file that is empty or was saved moments ago (ItemStore.merge).
DEBOUNCE_SECONDS = 0.03
# A build looks at every file at least this often, even when told what changed: a backstop for
# events no watcher reports (a folder past the inotify watch limit, a rewrite that keeps size and
# time under --poll). At 4,000 items a full look costs about 0.1 s more.
FULL_LOOK_SECONDS = 60.0
EVENTS_PATH = "/__digest__/events"
HEARTBEAT_SECONDS = 15.0
REQUEST_TIMEOUT_SECONDS = 30.0


def live_script(generation: int) -> str:
    """Reloads the tab when a build other than the one it was served from has finished."""
    return (
        "<script>/* digest serve: live reload */(function(){var s=new EventSource('" + EVENTS_PATH + "');"
        f"s.addEventListener('build',function(e){{if(e.data!=='{generation}'){{location.reload();}}}});"
        "})();</script>"
    )


@dataclass
class BuildError:
    """Why the last build failed, for the error page."""

    file: str
    line: int
    message: str


@dataclass
class State:
    generation: int = 0
    error: BuildError | None = None
    problems: list[Problem] = field(default_factory=list)


class Rebuilder:
    """Runs builds one at a time and tells waiting clients when one finished."""

    def __init__(self, cfg: Config, config_path: str | None):
        self.cfg = cfg
        self.config_path = Path(config_path) if config_path else cfg.root / "digest.yaml"
        self.lock = threading.RLock()  # held while the site changes: requests wait on it
        self.serial = threading.Lock()  # one build at a time, with its bookkeeping after the reload
        self.changed = threading.Condition()
        self.timer: threading.Timer | None = None
        self.follow_up: threading.Timer | None = None  # a build for item files a build left for later
        self.state = State()
        self.items_snapshot: dict[str, tuple[int, int]] = {}  # resolved path -> (size, mtime_ns)
        # Item files with events during a build: whether they are the build's own writes or a
        # person's saves is decided when it ends, by what the build wrote (see build()).
        self.watch_lock = threading.Lock()
        self.building = False
        self.suspects: set[str] = set()
        # Paths of the events since the last build began (digest.changes), or None: not known, the
        # next build looks at every file (the first one; after lost events or a failed build).
        self.changes: set[str] | None = None
        # Every build looks at every file: some folder is not watched (missing when watching began,
        # deleted since) or the observer cannot tell when it lost events.
        self.blind = True
        self.full_look = 0.0  # time.monotonic() of the last build that looked at every file
        self.roots: tuple[tuple[Path, int], ...] = ()  # _roots() when watching began
        self.lost_events: logging.Handler | None = None  # on watchdog's logger while watching (start())
        self.memo = Memo()  # documents parsed by the last build: a rebuild re-reads only what changed
        self.last_duration = 0.0
        # Search indexes still to build after a reload: (generation they are for, shard -> (key,
        # pages), builds begun when asked: a later build stops the indexer).
        self.index_wanted: tuple[int, dict[str, tuple[str, list[str]]], int] | None = None
        self.indexing = False  # an indexer thread is running (read and written under self.lock)
        self.index_done = threading.Event()
        self.index_done.set()
        self.started = 0  # builds begun
        # (generation, result) of the last build that may mark the site up to date once its search
        # index is in (it saw no save of an item file while it ran).
        self.last_result: tuple[int, BuildResult] | None = None

    def build(self) -> None:
        with self.serial:
            self.started += 1  # stops a search indexer still working for an older build
            with self.watch_lock:
                self.building = True
                changes, self.changes = self.changes, set()
                if self.roots != self._roots():
                    self.blind = True  # a folder was replaced, or a link to it retargeted: not what is watched
                if self.blind or time.monotonic() - self.full_look > FULL_LOOK_SECONDS:
                    changes = None
                if changes is None:
                    self.full_look = time.monotonic()
            result: BuildResult | None = None
            # The collector waits until the reload is out: a full collection walks everything the
            # memo holds (0.1-0.2 s of a 4,000-item rebuild), and a build leaves few cycles.
            gc.disable()
            try:
                result = self._build_and_reload(changes)
            finally:
                gc.enable()
                if result is None:
                    self.forget_changes()  # what it read of the changed files is not known
                # After the reload, while pages are served: what only the next build needs.
                before = self.items_snapshot
                if changes is None or result is None:
                    self.items_snapshot = snapshot(self.cfg.items_dir)
                else:
                    # Only what the build wrote: a file it was not told of (a save whose event comes
                    # late) must still differ from the snapshot when its event comes.
                    self.items_snapshot = _updated(before, result.item_files)
                with self.watch_lock:
                    self.building = False
                    suspects, self.suspects = self.suspects, set()
            written = result.item_files if result is not None else {}
            # An item file with events during the build that is neither as the build left it nor as
            # it was before: a person saved it meanwhile, and this build may not have read that.
            if any(_stat(Path(path)) != (written[path] if path in written else before.get(path)) for path in suspects):
                self.schedule()
            elif result is not None:
                with self.lock:
                    self.last_result = (self.state.generation, result)
                record_uptodate(self.cfg, self.cfg.output_dir, result)
            if result is not None and result.held:
                # Item files saved moments ago were left out of date (a tool may still have been
                # writing them); nothing else may change to bring them up to date, so build again
                # once they have settled.
                with self.watch_lock:
                    if self.follow_up is not None:
                        self.follow_up.cancel()  # one is enough, however many builds held files
                    self.follow_up = threading.Timer(SETTLE_NS / 1e9 + 0.5, self.build)
                    self.follow_up.daemon = True
                    self.follow_up.start()

    def _roots(self) -> tuple[tuple[Path, int], ...]:
        """The watched folders (sources/, items/), resolved, with their inodes (0: missing)."""
        roots = []
        for folder in (self.cfg.sources_dir, self.cfg.items_dir):
            resolved = folder.resolve()
            try:
                roots.append((resolved, os.stat(resolved).st_ino))
            except OSError:
                roots.append((resolved, 0))
        return tuple(roots)

    def note_changes(self, paths: list[str]) -> None:
        with self.watch_lock:
            if self.changes is not None:
                self.changes.update(paths)

    def forget_changes(self) -> None:
        """The next build looks at every file: events may have been lost."""
        with self.watch_lock:
            self.changes = None

    def _build_and_reload(self, changes: set[str] | None = None) -> BuildResult | None:
        """Build (requests wait meanwhile) and tell the open tabs; the result, None if it failed."""
        result: BuildResult | None = None
        with self.lock:
            started = time.perf_counter()
            error: BuildError | None = None
            problems: list[Problem] = []
            try:
                if self.config_path.exists():
                    fresh = load_config(self.config_path)
                    fresh.sources_dir, fresh.items_dir, fresh.output_dir = (
                        self.cfg.sources_dir, self.cfg.items_dir, self.cfg.output_dir)
                    self.cfg = fresh
                # The reload comes first, search follows; requests wait for the build, so patching in place is safe.
                result = build(self.cfg, defer_search=True, in_place=True, memo=self.memo, record=False,
                               changes=changes)
                problems = [p for p in result.problems if p.level == "error"]
                for problem in result.problems:
                    print(problem, file=sys.stderr)
                print(f"rebuilt {result.pages} files in {time.perf_counter() - started:.2f}s", file=sys.stderr)
            except Exception as exc:  # keep serving: the error page names the cause
                error = describe(exc, self.config_path, templates_dir(self.cfg))
                where = f"{error.file}:{error.line}" if error.line else error.file
                print(f"build failed: {where}: {error.message}", file=sys.stderr)
            self.last_duration = time.perf_counter() - started
            if result is not None and result.search_pending:  # asked before the reload event, so waiters see it
                self.index_later(self.state.generation + 1, result.search_pending)
            with self.changed:
                self.state = State(self.state.generation + 1, error, problems)
                self.changed.notify_all()
        return result

    def index_later(self, generation: int, pending: dict[str, tuple[str, list[str]]]) -> None:
        """Build the pending search indexes on a thread; a newer build's request replaces an older one."""
        with self.lock:
            self.index_done.clear()
            self.index_wanted = (generation, pending, self.started)
            if not self.indexing:
                self.indexing = True
                threading.Thread(target=self._index, name="digest-search-index", daemon=True).start()

    def _index(self) -> None:
        while True:
            with self.lock:
                wanted, self.index_wanted = self.index_wanted, None
                if wanted is None:
                    self.indexing = False
                    self.index_done.set()
                    return
            out = self.cfg.output_dir.resolve()
            try:
                # Stopped when a newer build begins: its result would be thrown away anyway.
                bundle, index = index_pending(out, wanted[1], lambda started=wanted[2]: self.started != started)
            except Exception as exc:  # the indexer must go on (and finish) whatever one index did
                print(f"warning: search index not updated: {exc!r}", file=sys.stderr)
                continue
            with self.lock:
                if index.built and self.state.generation == wanted[0]:  # no build since: the index matches
                    try:
                        install_index(self.cfg, out, bundle, wanted[1])
                        print("search index updated", file=sys.stderr)
                        if self.last_result is not None and self.last_result[0] == wanted[0]:
                            record_uptodate(self.cfg, out, self.last_result[1], search_done=True)
                    except OSError as exc:
                        print(f"warning: search index not updated: {exc}", file=sys.stderr)
                else:
                    shutil.rmtree(bundle, ignore_errors=True)
                    if not index.built and self.started == wanted[2]:  # not merely stopped for a newer build
                        print(f"warning: {index.message}", file=sys.stderr)

    def schedule(self) -> None:
        if self.timer:
            self.timer.cancel()
        self.timer = threading.Timer(DEBOUNCE_SECONDS, self.build)
        self.timer.daemon = True
        self.timer.start()

    def stop(self) -> None:
        """No more builds: the pending debounce and follow-up builds are cancelled (the server stops)."""
        if self.lost_events is not None:
            logging.getLogger("watchdog").removeHandler(self.lost_events)
        with self.watch_lock:
            for timer in (self.timer, self.follow_up):
                if timer is not None:
                    timer.cancel()

    def wait_for_change(self, generation: int, timeout: float) -> State:
        with self.changed:
            self.changed.wait_for(lambda: self.state.generation != generation, timeout=timeout)
            return self.state


def describe(exc: BaseException, config_path: Path, templates: Path) -> BuildError:
    """The file and line a person has to look at to fix a failed build."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return BuildError(exc.filename or exc.name or "template", exc.lineno or 0, exc.message or str(exc))
    if isinstance(exc, ConfigError):
        return BuildError(str(exc.path), 0, "; ".join(exc.errors))
    frames = traceback.extract_tb(exc.__traceback__)
    in_templates = [f for f in frames if f.filename.endswith(".html") or str(templates) in f.filename]
    frame = (in_templates or frames or [None])[-1]
    message = f"{type(exc).__name__}: {exc}"
    if frame is None:
        return BuildError(str(config_path), 0, message)
    return BuildError(frame.filename, frame.lineno or 0, message)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime) of every item file, to tell a person's edit from the build's own writes."""
    found: dict[str, tuple[int, int]] = {}
    if folder.is_dir():
        for base, _, names in os.walk(folder.resolve()):  # resolved once, not per file (0.3 s at 4,000)
            for name in names:
                if name.endswith(".md"):
                    path = os.path.join(base, name)
                    stat = _stat(Path(path))
                    if stat is not None:
                        found[path] = stat
    return found


def _updated(known: dict[str, tuple[int, int]], written: dict[str, tuple[int, int] | None]) -> dict[str, tuple[int, int]]:
    fresh = dict(known)
    for path, stat in written.items():
        if stat is None:
            fresh.pop(path, None)
        else:
            fresh[path] = stat
    return fresh


def _stat(path: Path) -> tuple[int, int] | None:
    """(size, mtime_ns), as the item store reports its writes (StoreResult.files)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


class Watcher(FileSystemEventHandler):
    """Turns file events into (debounced) rebuilds, ignoring editor droppings and our own writes."""

    def __init__(self, rebuilder: Rebuilder, output_dir: Path, items_dir: Path, root: Path, config_path: Path):
        self.rebuilder = rebuilder
        self.output_dir = output_dir.resolve()
        self.items_dir = items_dir.resolve()
        self.root = root.resolve()
        self.config_path = config_path.resolve()
        self.watched = (rebuilder.cfg.sources_dir.resolve(), self.items_dir)  # the folders note() reports on

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        self.note(event)
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw and self.counts(Path(os.fsdecode(raw))):
                self.rebuilder.schedule()
                return

    def note(self, event: FileSystemEvent) -> None:
        """Tell the rebuilder which files under sources/ and items/ changed (digest.changes). A folder
        created, moved or deleted there brings or takes files with no events of their own: then all
        are looked at. A folder's "modified" only says a file in it came or went, and that file has
        its own event."""
        paths = []
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                path = Path(os.fsdecode(raw))
                # The folder resolved, as the build resolves its own; not the file: a link is its own name.
                path = Path(os.path.join(path.parent.resolve(), path.name))
                if any(path == folder or folder in path.parents for folder in self.watched):
                    paths.append(os.fspath(path))
        if not paths:
            return  # the site, the staging folders, templates (a change there rebuilds every page anyway)
        if event.is_directory:
            if event.event_type in ("deleted", "moved") and (
                    any(Path(path) in self.watched for path in paths) or not all(f.is_dir() for f in self.watched)):
                self.rebuilder.blind = True  # a watch went with its folder: events there no longer come
            if event.event_type != "modified":
                self.rebuilder.forget_changes()
            return
        self.rebuilder.note_changes(paths)

    def counts(self, path: Path) -> bool:
        path = path.resolve()
        if path == self.root:
            return False  # the project folder itself changes when the build swaps site/ in
        if path.parent == self.root:
            return path == self.config_path  # the root is watched for digest.yaml alone
        if is_editor_temp(path) or any(part.startswith(".") for part in path.parts[-2:]):
            return False
        if path == self.output_dir or self.output_dir in path.parents:
            return False
        if path.parent == self.output_dir.parent and path.name.startswith(f".{self.output_dir.name}."):
            return False  # staging folders of the build itself
        if self.items_dir in path.parents:
            if path.suffix != ".md":
                return False
            with self.rebuilder.watch_lock:
                if self.rebuilder.building:  # likely our own write: decided when the build ends
                    self.rebuilder.suspects.add(str(path))
                    return False
                known = self.rebuilder.items_snapshot.get(str(path))
            return _stat(path) != known  # not what the build left there
        return True


def error_page(error: BuildError, generation: int) -> bytes:
    where = f"{error.file}, line {error.line}" if error.line else error.file
    return (
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Build failed</title>"
        "<body style=\"font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem\">"
        "<h1>Build failed</h1>"
        f"<p><strong>{html.escape(where)}</strong></p><pre style=\"white-space:pre-wrap\">"
        f"{html.escape(error.message)}</pre><p>Fix it and save: this page reloads by itself.</p>"
        f"{live_script(generation)}</body></html>"
    ).encode("utf-8")


def problems_panel(problems: list[Problem]) -> str:
    rows = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems[:20])
    more = f"<li>... and {len(problems) - 20} more</li>" if len(problems) > 20 else ""
    return (
        "<aside role=\"alert\" style=\"position:fixed;bottom:0;left:0;right:0;max-height:40vh;overflow:auto;"
        "background:#fff4f4;color:#600;border-top:3px solid #c00;padding:.5rem 1rem;font:14px/1.4 monospace;"
        f"z-index:99999\"><strong>digest: problems in the sources</strong><ul>{rows}{more}</ul></aside>"
    )


class _LostEvents(logging.Handler):
    """watchdog warns when events were lost (the kernel's inotify queue overflowed, a watch could
    not be added): the next build must look at every file, and it must come."""

    def __init__(self, rebuilder: Rebuilder):
        super().__init__(level=logging.WARNING)
        self.rebuilder = rebuilder

    def emit(self, record: logging.LogRecord) -> None:
        self.rebuilder.forget_changes()
        self.rebuilder.schedule()


def make_handler(rebuilder: Rebuilder, directory: Path) -> type[SimpleHTTPRequestHandler]:
    root = directory.resolve()

    class Handler(SimpleHTTPRequestHandler):
        timeout = REQUEST_TIMEOUT_SECONDS  # idle and slow clients let go of their thread

        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(root), **kwargs)

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            if urllib.parse.urlsplit(self.path).path == EVENTS_PATH:
                self.stream_events()
                return
            self.serve_quietly(head=False)

        def do_HEAD(self) -> None:  # noqa: N802
            self.serve_quietly(head=True)

        def serve_quietly(self, head: bool) -> None:
            try:
                self.serve(head)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser went elsewhere (or gave up waiting for a rebuild): nothing to tell

        def serve(self, head: bool) -> None:
            with rebuilder.lock:  # wait for a rebuild in flight
                state = rebuilder.state
            try:
                target = self.target()
            except ValueError:
                self.send_error(HTTPStatus.BAD_REQUEST, "Bad path")
                return
            if target is None:
                self.send_error(HTTPStatus.NOT_FOUND, "Not found")
                return
            if state.error and target.suffix in (".html", ""):
                self.send_bytes(error_page(state.error, state.generation), "text/html; charset=utf-8", head,
                                HTTPStatus.INTERNAL_SERVER_ERROR)
                return
            if target.is_dir():
                if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                    self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                    self.send_header("Location", urllib.parse.urlsplit(self.path).path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                target = target / "index.html"
            try:
                data = target.read_bytes()
            except OSError:
                self.send_error(HTTPStatus.NOT_FOUND, "Not found")
                return
            ctype = self.guess_type(str(target))
            if target.suffix == ".html":
                panel = problems_panel(state.problems) if state.problems else ""
                data = inject(data, panel + live_script(state.generation))
                ctype = "text/html; charset=utf-8"
            self.send_bytes(data, ctype, head)

        def target(self) -> Path | None:
            """The file a URL names, or None when it is missing or outside the site (any encoding)."""
            path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path, errors="strict")
            if "\x00" in path:
                raise ValueError("NUL in path")
            parts = [part for part in path.split("/") if part not in ("", ".")]
            if any(part == ".." or "\\" in part for part in parts):
                return None
            candidate = root.joinpath(*parts).resolve()
            if candidate != root and root not in candidate.parents:
                return None  # a symlink pointing out of the site
            if not candidate.exists():
                return None
            return candidate

        def send_bytes(self, data: bytes, ctype: str, head: bool, status: HTTPStatus = HTTPStatus.OK) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(data)

        def stream_events(self) -> None:
            """Server-Sent Events: one 'build' event now and one after every rebuild."""
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            generation = -1
            try:
                while True:
                    state = rebuilder.wait_for_change(generation, HEARTBEAT_SECONDS)
                    if state.generation == generation:
                        self.wfile.write(b": keep-alive\n\n")
                    else:
                        generation = state.generation
                        self.wfile.write(f"event: build\ndata: {generation}\n\n".encode("ascii"))
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, TimeoutError, OSError):
                return

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


def inject(page: bytes, snippet: str) -> bytes:
    marker = page.rfind(b"</body>")
    extra = snippet.encode("utf-8")
    return page[:marker] + extra + page[marker:] if marker >= 0 else page + extra


def start(cfg: Config, host: str = "127.0.0.1", port: int = 8000, poll: bool = False,
          config_path: str | None = None) -> tuple[ThreadingHTTPServer, Rebuilder, object]:
    """Build once, start watching and serving; returns (server, rebuilder, observer) for serve() and tests."""
    rebuilder = Rebuilder(cfg, config_path)
    rebuilder.build()
    observer = PollingObserver(timeout=0.5) if poll else Observer()
    watcher = Watcher(rebuilder, cfg.output_dir, cfg.items_dir, cfg.root, rebuilder.config_path)
    # Builds are told what changed only where every event comes or a loss is reported: inotify
    # (which warns on overflow) and polling (which compares every file). FSEvents and Windows
    # drop events without a word. Decided before watching begins: from then on only the watcher
    # may find a reason to stop telling (a watched folder deleted).
    rebuilder.roots = rebuilder._roots()
    rebuilder.blind = not (cfg.sources_dir.is_dir() and cfg.items_dir.is_dir()
                           and type(observer).__name__ in ("InotifyObserver", "PollingObserver"))
    for path in (cfg.sources_dir, templates_dir(cfg), cfg.items_dir):
        if path.exists():
            # Resolved: a watch on a link to a folder would miss the events of the files in it.
            observer.schedule(watcher, str(path.resolve()), recursive=True)
    observer.schedule(watcher, str(rebuilder.config_path.parent), recursive=False)  # digest.yaml
    rebuilder.lost_events = _LostEvents(rebuilder)
    logging.getLogger("watchdog").addHandler(rebuilder.lost_events)
    observer.start()
    # Saves between the first build and the start of watching have no events: look at every file.
    rebuilder.forget_changes()
    server = ThreadingHTTPServer((host, port), make_handler(rebuilder, cfg.output_dir))
    server.daemon_threads = True
    return server, rebuilder, observer


def serve(cfg: Config, host: str = "127.0.0.1", port: int = 8000, poll: bool = False,
          config_path: str | None = None) -> int:
    server, rebuilder, observer = start(cfg, host, port, poll, config_path)
    print(f"serving {cfg.output_dir} at http://{host}:{server.server_address[1]}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        observer.stop()  # type: ignore[attr-defined]
        observer.join(timeout=2)  # type: ignore[attr-defined]
        rebuilder.stop()
    return 0
