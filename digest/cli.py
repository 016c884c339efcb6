"""The `digest` command: build, items, check, serve.

Exit codes: 0 success (problems in sources are reported on stderr and skipped); 1 problems were
found and --strict was given; 2 the configuration or command line is wrong.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path

from digest import uptodate
from digest.config import Config, ConfigError, load_config
from digest.model import Item, Problem
from digest.output import OutputError


def _config(args: argparse.Namespace) -> Config:
    path = Path(args.config) if args.config else Path("digest.yaml")
    if args.config and not path.exists():
        raise ConfigError(path, ["config file not found"])
    cfg = load_config(path if path.exists() else None, root=path.parent if path.exists() else Path.cwd())
    if getattr(args, "sources", None):
        cfg.sources_dir = Path(args.sources).resolve()
        if not getattr(args, "items", None):
            # Items of another sources folder live beside it, never mixed into this project's items/.
            cfg.items_dir = cfg.sources_dir.parent / "items"
    if getattr(args, "items", None):
        cfg.items_dir = Path(args.items).resolve()
    if getattr(args, "out", None):
        cfg.output_dir = Path(args.out).resolve()
    return cfg


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def item_json(item: Item) -> dict:
    return {
        "id": item.id,
        "title": item.title,
        "date": item.date.isoformat(),
        "week": item.week,
        "source": item.source,
        "kind": item.kind,
        "url": item.url,
        "topic": item.topic,
        "tags": list(item.tags),
        "summary": item.summary,
        "take": item.take,
        "hidden": item.hidden,
        "pinned": item.pinned,
        "format": item.format,
        "date_source": item.date_source,
        "also_in": [dict(entry) for entry in item.also_in],
        "edited": list(item.edited),
        "origin": (
            {"file": item.origin.file, "start_line": item.origin.start_line, "end_line": item.origin.end_line}
            if item.origin else None
        ),
    }


def cmd_build(args: argparse.Namespace) -> int:
    cfg = _config(args)
    out = cfg.output_dir.resolve()
    # Taken once, before anything is read: the check and the build that may follow share it.
    inputs = uptodate.inputs_signature(cfg, out, uptodate.templates_dir(cfg))
    done = None if args.force else uptodate.check(cfg, out, inputs)
    if done is not None:  # nothing changed since the last build: say what it said, import nothing heavy
        problems = [Problem(file, line, message, level) for file, line, message, level in done.problems]
        _report(problems)
        print(f"up to date: {done.pages} files from {done.items} items in {done.issues} issues -> {cfg.output_dir}",
              file=sys.stderr)
        return 1 if args.strict and problems else 0
    from digest.build import build

    # What is loaded by now (numpy, scipy, Jinja2: a third of the objects a build holds) lives as
    # long as the process: the collector need not walk it again in every full collection.
    gc.freeze()
    result = build(cfg, inputs=inputs)
    _report(result.problems)
    if args.timings:
        from digest import timing

        print(f"timings: {timing.report()}", file=sys.stderr)
    kept = result.pages - result.rendered
    print(f"built {result.pages} files ({kept} unchanged) from {len(result.items)} items in {len(result.issues)} issues"
          f" -> {cfg.output_dir}", file=sys.stderr)
    return 1 if args.strict and result.problems else 0


def cmd_items(args: argparse.Namespace) -> int:
    from digest.build import load_items

    cfg = _config(args)
    result = load_items(cfg)
    _report(result.problems)
    if args.documents:
        payload: object = [
            {"file": r.file, "format": r.format, "confidence": r.confidence, "explicit_format": r.explicit,
             "items": r.items,
             "skipped": [{"start_line": s.start_line, "end_line": s.end_line, "reason": s.reason} for s in r.skipped]}
            for r in result.reports
        ]
    else:
        confidence = {r.file: r.confidence for r in result.reports}
        payload = []
        for item in result.items:
            entry = item_json(item)
            entry["format_confidence"] = confidence.get(item.origin.file) if item.origin else None
            payload.append(entry)
    if args.json or args.documents:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for item in result.items:
            origin = f"{item.origin.file}:{item.origin.start_line}-{item.origin.end_line}" if item.origin else "-"
            print(f"{item.week}  {item.topic:<9} {item.title[:70]:<70}  {origin}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from digest.build import load_items

    cfg = _config(args)
    result = load_items(cfg)
    problems = list(result.problems)
    for item in result.items:
        if item.date_source in ("mtime",):
            where = item.origin.file if item.origin else item.id
            line = item.origin.start_line if item.origin else 0
            problems.append(Problem(where, line, f"date of '{item.title[:50]}' guessed from the file's modification time",
                                    level="warning"))
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) in {len(result.reports)} document(s), {len(result.items)} item(s)", file=sys.stderr)
    return 1 if args.strict and problems else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from digest.serve import serve

    cfg = _config(args)
    return serve(cfg, host=args.host, port=args.port, poll=args.poll, config_path=args.config)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="digest", description="Turn a week's reading into a static digest site.")
    sub = main.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", help="config file (default: ./digest.yaml)")
        p.add_argument("--sources", help="folder of raw documents (default from config: sources/)")
        p.add_argument("--items", help="folder of editable item files (default: items/ beside the sources)")

    p = sub.add_parser("build", help="load, summarize and render the site")
    common(p)
    p.add_argument("--out", help="output folder (default from config: site/)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any problem was found")
    p.add_argument("--force", action="store_true", help="build even if nothing changed since the last build")
    p.add_argument("--timings", action="store_true", help="print the time each stage of the build took")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("items", help="list every item")
    common(p)
    p.add_argument("--json", action="store_true", help="print a JSON array of items")
    p.add_argument("--documents", action="store_true", help="print each document's format and skipped ranges as JSON")
    p.set_defaults(func=cmd_items)

    p = sub.add_parser("check", help="report every problem found in the sources")
    common(p)
    p.add_argument("--strict", action="store_true", help="exit 1 when any problem was found")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("serve", help="build, serve the site and rebuild on change")
    common(p)
    p.add_argument("--out", help="output folder (default from config: site/)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--poll", action="store_true", help="poll for changes (network and container file systems)")
    p.set_defaults(func=cmd_serve)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as exc:
        for error in exc.errors:
            print(f"{exc.path}: error: {error}", file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
