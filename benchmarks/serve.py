"""Time from saving one item to the live-reload event of `digest serve`.

Run: .venv/bin/python benchmarks/serve.py [--items 4000] [--repeat 5] [--edit source|item]

Two projects, measured in one run: a copy of the shipped sample sources, and a synthetic archive
of N native items (about 50 a week, summary and topic present, as a long-lived digest has). For
each, the server is started in-process on a free port, an SSE client waits for the 'build'
event, and one source file is rewritten (with --edit item: one item file under items/, the file a
person edits to fix a title or summary); the time from the write to the event is reported
(median and max over the repeats).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.config import load_config  # noqa: E402
from digest.serve import EVENTS_PATH, start  # noqa: E402

WORDS = ("model chip agent policy open weights training benchmark datacenter funding startup safety "
         "interpretability reasoning inference latency regulation lawsuit release coding evaluation").split()
TOPICS = ["models", "research", "safety", "policy", "business", "compute", "open", "agents"]


def synthetic_project(folder: Path, n: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    sources = folder / "sources"
    sources.mkdir(parents=True)
    (folder / "digest.yaml").write_text((ROOT / "digest.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    start_day = dt.date(2025, 1, 6)
    for i in range(n):
        day = start_day + dt.timedelta(days=i * 7 // 50)
        words = [rng.choice(WORDS) for _ in range(rng.randint(150, 600))]
        body = "\n\n".join(" ".join(words[j:j + 60]).capitalize() + "." for j in range(0, len(words), 60))
        title = " ".join(rng.choice(WORDS) for _ in range(6)).title()
        (sources / f"item-{i:05d}.md").write_text(
            f"---\ntitle: {title} {i}\ndate: {day.isoformat()}\nsource: Synthetic\n"
            f"summary: {' '.join(words[:40])}.\ntopic: {rng.choice(TOPICS)}\ntags: [{rng.choice(WORDS)}]\n---\n{body}\n",
            encoding="utf-8",
        )
    return folder


def sample_project(folder: Path) -> Path:
    shutil.copytree(ROOT / "sources", folder / "sources")
    shutil.copy(ROOT / "digest.yaml", folder / "digest.yaml")
    return folder


def next_build(response: http.client.HTTPResponse) -> str:
    event = ""
    while True:
        line = response.readline().decode("utf-8")
        if not line:
            raise RuntimeError("event stream closed")
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and event == "build":
            return line.split(":", 1)[1].strip()


def measure(project: Path, repeat: int, edit: str = "source") -> tuple[list[float], float]:
    cfg = load_config(project / "digest.yaml")
    began = time.perf_counter()
    server, rebuilder, observer = start(cfg, port=0)
    first_build = time.perf_counter() - began
    threading.Thread(target=server.serve_forever, daemon=True).start()
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=600)
    conn.request("GET", EVENTS_PATH)
    response = conn.getresponse()
    next_build(response)
    if edit == "item":
        target = sorted(cfg.items_dir.rglob("*.md"))[0]
    else:
        target = sorted(p for p in cfg.sources_dir.iterdir() if p.is_file() and not p.name.endswith(".meta.yaml"))[0]
    original = target.read_text(encoding="utf-8")
    times = []
    try:
        for n in range(repeat):
            time.sleep(0.5)
            began = time.perf_counter()
            target.write_text(original + f"\nEdited once more ({n}).\n", encoding="utf-8")
            next_build(response)
            times.append(time.perf_counter() - began)
    finally:
        conn.close()
        if rebuilder.timer:
            rebuilder.timer.cancel()
        with rebuilder.serial:  # let a build in flight (and its bookkeeping) finish before the folder goes away
            pass
        rebuilder.index_done.wait(600)  # and the search index that follows it
        server.shutdown()
        server.server_close()
        observer.stop()  # type: ignore[attr-defined]
        observer.join(timeout=2)  # type: ignore[attr-defined]
        rebuilder.stop()
    return times, first_build


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--edit", choices=("source", "item"), default="source",
                        help="the file saved: a source document, or an item file under items/")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        for name, make in (("sample corpus", lambda p: sample_project(p)),
                           (f"synthetic, {args.items} items", lambda p: synthetic_project(p, args.items))):
            project = make(Path(tmp) / name.split(",")[0].replace(" ", "-"))
            times, first = measure(project, args.repeat, args.edit)
            rows.append((name, first, statistics.median(times), max(times)))
            print(f"{name}: done", file=sys.stderr)
    print(f"edited: one {args.edit} file")
    print(f"{'project':<28} {'first build':>12} {'save->reload median':>20} {'max':>8}")
    for name, first, median, worst in rows:
        print(f"{name:<28} {first:>11.2f}s {median * 1000:>18.0f}ms {worst * 1000:>6.0f}ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
