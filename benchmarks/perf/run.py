"""Scale benchmark (issue 7): digest build vs Hugo, Pelican and Eleventy on a synthetic archive.

Run: .venv/bin/python benchmarks/perf/run.py [--sizes 1000,4000,10000] [--repeat 3] [--tools ...]
     (or `make bench-perf`, which also installs the anchors into benchmarks/perf/.tools/)

For each N it writes the same items in each tool's own format, then builds the tools one after
another, interleaved per repeat so machine noise hits all of them alike, and prints the median
wall time, the peak RSS (GNU time's "Maximum resident set size": the largest single process of
the tree, not a sum) and the ratio to digest. For digest it also times a rebuild with nothing
changed and with one item edited, and measures loading+summarizing raw transcripts in MB/s at
1x, 4x and 16x length.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TOOLS = HERE / ".tools"
sys.path.insert(0, str(HERE))

from corpus import generate, transcript  # noqa: E402
from sites import WRITERS, item_path  # noqa: E402

ALL_TOOLS = ["digest", "digest-nosearch", "hugo", "pelican", "eleventy"]
DIGESTS = ("digest", "digest-nosearch")
GNU_TIME = Path("/usr/bin/time")


def hugo_binary() -> Path:
    found = sorted((TOOLS / "venv").glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return found[0] if found else TOOLS / "venv" / "bin" / "hugo"


DIGEST_SRC: Path = ROOT  # replaced by a snapshot in main(): other people edit the tree during a run


def snapshot(work: Path, tries: int = 6) -> Path:
    """Copy digest/ and templates/ aside and check the copy builds a tiny archive, so one run
    measures one version of the code even while the working tree is being edited."""
    for attempt in range(tries):
        dest = work / "digest-src"
        shutil.rmtree(dest, ignore_errors=True)
        for name in ("digest", "templates"):
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        # Bytecode, as an installed package has it (pip compiles on install): with
        # PYTHONDONTWRITEBYTECODE set, as on CI machines, every run would compile digest again.
        compileall.compile_dir(dest / "digest", quiet=1)
        probe = work / "probe"
        shutil.rmtree(probe, ignore_errors=True)
        WRITERS["digest"](probe, generate(60))
        global DIGEST_SRC
        DIGEST_SRC = dest
        try:
            timed(command("digest", probe), probe)
            return dest
        except RuntimeError as exc:
            print(f"snapshot {attempt + 1} does not build, retrying in 20 s: {str(exc)[-300:]}", flush=True)
            time.sleep(20)
    raise SystemExit("the working tree never built a tiny archive; giving up")


def command(tool: str, root: Path) -> list[str]:
    if tool in DIGESTS:
        return [str(ROOT / ".venv" / "bin" / "python"), "-m", "digest", "build", "--config", str(root / "digest.yaml"),
                "--sources", str(root / "sources"), "--items", str(root / "items"), "--out", str(root / "site")]
    if tool == "hugo":
        return [str(hugo_binary()), "--quiet", "--source", str(root), "--destination", str(root / "public")]
    if tool == "pelican":
        return [str(TOOLS / "venv" / "bin" / "pelican"), "-q", "-s", str(root / "pelicanconf.py"),
                "-o", str(root / "output"), "--delete-output-directory", str(root / "content")]
    if tool == "eleventy":
        return ["node", str(TOOLS / "node" / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"), "--quiet"]
    raise ValueError(tool)


def clean(tool: str, root: Path, trash: Path | None) -> None:
    """Move outputs and caches aside so each timed build is a full (cold) build. Why not delete
    them: on ext4 without a journal (this machine's disk) a new file skips over every inode freed
    in the last minute or five in its block group, so a build run right after deleting the last
    one's 20,000 files paid for it (`recently_deleted` was a quarter of a cold build's samples
    under perf). Users' first builds follow no such deletion; the trash is deleted after the run.
    It holds every build's outputs until then (about 3 GB for the default sizes); with trash None
    (--delete-outputs) they are deleted at once, as before."""
    names = {"digest": ["site", "items", ".digest-cache"], "digest-nosearch": ["site", "items", ".digest-cache"],
             "hugo": ["public", "resources", ".hugo_build.lock"],
             "pelican": ["output", "cache", "__pycache__"], "eleventy": ["_site"]}[tool]
    bin_ = Path(tempfile.mkdtemp(prefix=f"{tool}-", dir=trash)) if trash is not None else None
    for path in [root / name for name in names] + sorted(root.glob(".site.*")):
        if not path.exists():
            continue
        if bin_ is not None:
            path.rename(bin_ / path.name)
        elif path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one run; raises with the tool's stderr if it fails."""
    use_time = GNU_TIME.exists()
    full = ([str(GNU_TIME), "-v"] if use_time else []) + cmd
    start = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(DIGEST_SRC))
    proc = subprocess.run(full, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    rss = 0.0
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    if match:
        rss = int(match.group(1)) / 1024
    return wall, rss


def touch_one(root: Path, items: list, round_: int) -> None:
    """Edit one native item's body (a real content change, not just mtime)."""
    path = item_path("digest", root, items[len(items) // 2])
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\nEdited in round {round_}.\n", encoding="utf-8")


def bench_size(n: int, tools: list[str], repeat: int, work: Path, trash: Path | None) -> dict:
    items = generate(n)
    roots = {}
    for tool in tools:
        root = work / f"n{n}" / tool
        if root.exists():
            shutil.rmtree(root)
        WRITERS[tool](root, items)
        roots[tool] = root
    full: dict[str, list[float]] = {t: [] for t in tools}
    rss: dict[str, list[float]] = {t: [] for t in tools}
    noop: dict[str, list[float]] = {t: [] for t in tools if t in DIGESTS}
    one: dict[str, list[float]] = {t: [] for t in tools if t in DIGESTS}
    for r in range(repeat):
        for tool in tools:  # interleaved: every tool once per round
            clean(tool, roots[tool], trash)
            wall, peak = timed(command(tool, roots[tool]), roots[tool])
            full[tool].append(wall)
            rss[tool].append(peak)
            print(f"  N={n} round {r + 1} {tool}: {wall:.2f} s, {peak:.0f} MB", flush=True)
            if tool in DIGESTS:
                wall, _ = timed(command(tool, roots[tool]), roots[tool])
                noop[tool].append(wall)
                touch_one(roots[tool], items, r)
                wall, _ = timed(command(tool, roots[tool]), roots[tool])
                one[tool].append(wall)
                print(f"  N={n} round {r + 1} {tool} rebuild: unchanged {noop[tool][-1]:.2f} s, "
                      f"one edited {wall:.2f} s", flush=True)
    return {"n": n, "full": {t: statistics.median(v) for t, v in full.items()},
            "rss": {t: max(v) for t, v in rss.items()},
            "noop": {t: statistics.median(v) for t, v in noop.items()},
            "one": {t: statistics.median(v) for t, v in one.items()}}


def bench_transcripts(repeat: int, work: Path) -> list[dict]:
    """MB/s of raw transcript text through load + enrich (detection, segmentation, summaries, topics)."""
    sys.path.insert(0, str(DIGEST_SRC))
    from digest.config import load_config
    from digest.loader import load_sources
    from digest.summarize.enrich import enrich

    cfg = load_config(ROOT / "digest.yaml", root=ROOT)
    rows = []
    for factor in (1, 4, 16):
        folder = work / "transcripts" / f"x{factor}"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        text = transcript(1500 * factor)
        (folder / "episode.txt").write_text(text, encoding="utf-8")
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            loaded = load_sources(folder)
            enrich(loaded.items, cfg)
            times.append(time.perf_counter() - start)
        mb = len(text.encode("utf-8")) / 1e6
        wall = statistics.median(times)
        rows.append({"factor": factor, "mb": mb, "seconds": wall, "mb_per_s": mb / wall,
                     "items": len(loaded.items)})
        print(f"  transcript x{factor}: {mb:.2f} MB in {wall:.2f} s = {mb / wall:.2f} MB/s "
              f"({len(loaded.items)} items)", flush=True)
    return rows


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def table(results: list[dict], tools: list[str]) -> str:
    head = "| N | " + " | ".join(f"{t} s (MB)" for t in tools) + " |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for res in results:
        lines.append(f"| {res['n']:,} | " + " | ".join(f"{res['full'][t]:.2f} ({res['rss'][t]:.0f})" for t in tools) + " |")
    ours = [t for t in tools if t in DIGESTS]
    anchors = [t for t in tools if t not in DIGESTS]
    if ours:
        head = "| N | build | " + " | ".join(f"/ {t}" for t in anchors) + " | unchanged s | one edited s |"
        lines += ["", head, "|" + "---|" * (head.count("|") - 1)]
        for res in results:
            for t in ours:
                cells = [f"{res['full'][t] / res['full'][a]:.2f}" for a in anchors]
                cells += [f"{res['noop'][t]:.2f}", f"{res['one'][t]:.2f}"]
                lines.append(f"| {res['n']:,} | {t} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tools", default=",".join(ALL_TOOLS))
    parser.add_argument("--no-transcripts", action="store_true")
    parser.add_argument("--work", default="", help="scratch folder (default: a temporary one, removed after)")
    parser.add_argument("--json", default="", help="also write the raw results here")
    parser.add_argument("--delete-outputs", action="store_true",
                        help="delete each build's outputs before the next instead of keeping them to the end "
                             "(less disk; on ext4 without a journal, slower builds: see clean)")
    args = parser.parse_args()
    tools = [t for t in args.tools.split(",") if t]
    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = Path(args.work).resolve() if args.work else Path(tempfile.mkdtemp(prefix="digest-perf-"))
    print(f"machine: {machine()}\nwork: {work}", flush=True)
    trash = None if args.delete_outputs else work / "trash"  # earlier builds' outputs (see clean)
    if trash is not None:
        trash.mkdir(parents=True, exist_ok=True)
    try:
        print(f"digest code: snapshot at {snapshot(work)}", flush=True)
        results = [bench_size(n, tools, args.repeat, work, trash) for n in sizes]
        rows = [] if args.no_transcripts else bench_transcripts(args.repeat, work)
    finally:
        if trash is not None:
            shutil.rmtree(trash, ignore_errors=True)
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nmedian of {args.repeat} full builds, seconds (peak RSS MB); ratios are digest time / anchor time\n")
    print(table(results, tools))
    if rows:
        print("\n| transcript length | MB | seconds | MB/s | items |\n|---|---|---|---|---|")
        for row in rows:
            print(f"| {row['factor']}x | {row['mb']:.2f} | {row['seconds']:.2f} | {row['mb_per_s']:.2f} | {row['items']} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine(), "builds": results, "transcripts": rows},
                                              indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
