"""`digest serve`: build, serve the output folder on 127.0.0.1, rebuild when inputs change.

Requests wait while a rebuild is in flight, so a browser never gets a half-built page; a failed
build keeps serving the last good site and prints the problem.
"""

from __future__ import annotations

import functools
import sys
import threading
import time
import traceback
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from digest.build import build, templates_dir
from digest.config import Config, ConfigError, load_config
from digest.loader import is_ignored

DEBOUNCE_SECONDS = 0.25


class Rebuilder:
    def __init__(self, cfg: Config, config_path: str | None):
        self.cfg = cfg
        self.config_path = Path(config_path) if config_path else cfg.root / "digest.yaml"
        self.lock = threading.RLock()
        self.timer: threading.Timer | None = None
        self.generation = 0

    def build(self) -> None:
        with self.lock:
            started = time.perf_counter()
            try:
                if self.config_path.exists():
                    fresh = load_config(self.config_path)
                    fresh.sources_dir, fresh.items_dir, fresh.output_dir = (
                        self.cfg.sources_dir, self.cfg.items_dir, self.cfg.output_dir)
                    self.cfg = fresh
                result = build(self.cfg)
                for problem in result.problems:
                    print(problem, file=sys.stderr)
                self.generation += 1
                print(f"rebuilt {result.pages} files in {time.perf_counter() - started:.2f}s", file=sys.stderr)
            except ConfigError as exc:
                print(f"{exc}", file=sys.stderr)
            except Exception:  # keep serving the last good site
                traceback.print_exc()

    def schedule(self) -> None:
        if self.timer:
            self.timer.cancel()
        self.timer = threading.Timer(DEBOUNCE_SECONDS, self.build)
        self.timer.daemon = True
        self.timer.start()


class _Watcher(FileSystemEventHandler):
    def __init__(self, rebuilder: Rebuilder, output_dir: Path, items_dir: Path):
        self.rebuilder = rebuilder
        self.ignored_roots = (output_dir.resolve(), items_dir.resolve())

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(str(raw)).resolve()
            if is_ignored(path) or path.name.startswith(".") or any(
                path == root or root in path.parents for root in self.ignored_roots
            ):
                continue
            self.rebuilder.schedule()
            return


def _handler(rebuilder: Rebuilder, directory: Path) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            with rebuilder.lock:  # wait for a rebuild in flight
                pass
            super().do_GET()

        def do_HEAD(self) -> None:  # noqa: N802
            with rebuilder.lock:
                pass
            super().do_HEAD()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return functools.partial(Handler, directory=str(directory))  # type: ignore[return-value]


def serve(cfg: Config, host: str = "127.0.0.1", port: int = 8000, poll: bool = False,
          config_path: str | None = None) -> int:
    rebuilder = Rebuilder(cfg, config_path)
    rebuilder.build()
    observer = PollingObserver(timeout=0.5) if poll else Observer()
    watcher = _Watcher(rebuilder, cfg.output_dir, cfg.items_dir)
    for path in (cfg.sources_dir, templates_dir(cfg), cfg.root):
        if path.exists():
            observer.schedule(watcher, str(path), recursive=path != cfg.root)
    observer.start()
    server = ThreadingHTTPServer((host, port), _handler(rebuilder, cfg.output_dir))
    server.daemon_threads = True
    print(f"serving {cfg.output_dir} at http://{host}:{server.server_address[1]}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        observer.stop()
        observer.join(timeout=2)
    return 0
