"""Benchmark transcript story segmentation on the hand-annotated dev set.

Run: .venv/bin/python benchmarks/segmentation.py [--show]

Each dev document (tests/data/segmentation/*.yaml) lists story start lines and skipped ranges
(intro, sponsor, outro), annotated by reading the text. Evaluation is over the document's
non-blank lines after the header; the reference puts a boundary before every story and every
skipped range. Scores are Pk and WindowDiff (nltk.metrics.segmentation; lower is better) with
k = half the mean reference segment length.

Rows:
  digest         digest.formats.transcript.parse: boilerplate removal + segmenter (the product)
  segment.py     digest.segment.segment on all lines, no boilerplate removal (cue + lexical + priors)
  cue only       the same with lexical_weight=0 (ablation)
  lexical only   the same with cue_weight=0 (ablation)
  texttiling     NLTK TextTilingTokenizer (stopwords = digest.text.STOPWORDS), lines as paragraphs
  even           the reference number of segments, equally sized (a classic length-only baseline)
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from dataclasses import replace
from pathlib import Path

import yaml
from nltk.metrics.segmentation import pk, windowdiff
from nltk.tokenize.texttiling import TextTilingTokenizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest import segment  # noqa: E402
from digest.formats import transcript  # noqa: E402
from digest.formats.base import RawDocument  # noqa: E402
from digest.text import STOPWORDS  # noqa: E402

DEVSET = ROOT / "tests" / "data" / "segmentation"


def load(path: Path) -> tuple[dict, list[str]]:
    annotation = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = (ROOT / annotation["file"]).read_text(encoding="utf-8")
    lines = text.split("\n")
    _check(annotation, lines, path.name)
    return annotation, lines


def _check(annotation: dict, lines: list[str], name: str) -> None:
    """The annotation itself must cover every non-blank line exactly once."""
    owner: dict[int, str] = {}
    ranges = [(s["start"], s["end"], s["reason"]) for s in annotation["skipped"]]
    ranges += [(s["start"], s["end"], "story") for s in annotation["stories"]]
    for start, end, what in ranges:
        for n in range(start, end + 1):
            if n in owner:
                raise SystemExit(f"{name}: line {n} is in two ranges")
            owner[n] = what
    missing = [n for n, line in enumerate(lines, 1) if line.strip() and n not in owner]
    if missing:
        raise SystemExit(f"{name}: lines not annotated: {missing[:10]}")


def eval_lines(annotation: dict, lines: list[str]) -> list[int]:
    header_end = max((s["end"] for s in annotation["skipped"] if s["reason"] == "header"), default=0)
    return [n for n, line in enumerate(lines, 1) if line.strip() and n > header_end]


def reference_starts(annotation: dict) -> set[int]:
    starts = {s["start"] for s in annotation["stories"]}
    return starts | {s["start"] for s in annotation["skipped"] if s["reason"] != "header"}


def boundary_string(numbers: list[int], starts: set[int]) -> str:
    """'1' at position i when a new segment starts right after evaluation line i."""
    return "".join("1" if numbers[i + 1] in starts else "0" for i in range(len(numbers) - 1)) + "0"


# --- systems --------------------------------------------------------------------------------------


def run_digest(path: str, lines: list[str], numbers: list[int]) -> set[int]:
    result = transcript.parse(RawDocument(path, "\n".join(lines)))
    return {s.start_line for s in result.segments} | {s.start_line for s in result.skipped}


def run_segmenter(lines: list[str], numbers: list[int], params: segment.Params) -> set[int]:
    texts = [transcript.clean_line(lines[n - 1]) for n in numbers]
    units = segment.units_from_lines(texts)
    starts = segment.segment([u.text for u in units], params=params)
    return {numbers[units[s].line] for s in starts}


def run_texttiling(lines: list[str], numbers: list[int]) -> set[int]:
    paragraphs = [transcript.clean_line(lines[n - 1]) or "." for n in numbers]
    text = "\n\n".join(paragraphs)
    offsets, position = [], 0
    for paragraph in paragraphs:
        offsets.append(position)
        position += len(paragraph) + 2
    tiler = TextTilingTokenizer(stopwords=sorted(STOPWORDS))
    try:
        tiles = tiler.tokenize(text)
    except ValueError:
        return {numbers[0]}
    starts, position = {numbers[0]}, 0
    for tile in tiles[:-1]:
        position += len(tile)  # tiles concatenate to the text; each cut sits at a paragraph break
        index = bisect.bisect_left(offsets, position)
        if index < len(numbers):
            starts.add(numbers[index])
    return starts


def run_even(numbers: list[int], count: int) -> set[int]:
    return {numbers[round(i * len(numbers) / count)] for i in range(count)}


# --- report ---------------------------------------------------------------------------------------


def scores(reference: str, hypothesis: str) -> tuple[float, float]:
    k = max(2, int(round(len(reference) / (reference.count("1") * 2.0 + 2))))
    return pk(reference, hypothesis, k=k), windowdiff(reference, hypothesis, k)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="list reference and digest boundaries")
    args = parser.parse_args()
    base = segment.Params()
    systems = ["digest", "segment.py", "cue only", "lexical only", "texttiling", "even"]
    table: dict[str, dict[str, tuple[float, float, int]]] = {name: {} for name in systems}
    documents = sorted(DEVSET.glob("*.yaml"))
    for path in documents:
        annotation, lines = load(path)
        numbers = eval_lines(annotation, lines)
        reference = reference_starts(annotation)
        ref = boundary_string(numbers, reference)
        started = time.perf_counter()
        hypotheses = {
            "digest": run_digest(annotation["file"], lines, numbers),
            "segment.py": run_segmenter(lines, numbers, base),
            "cue only": run_segmenter(lines, numbers, replace(base, lexical_weight=0.0)),
            "lexical only": run_segmenter(lines, numbers, replace(base, cue_weight=0.0)),
            "texttiling": run_texttiling(lines, numbers),
            "even": run_even(numbers, len(reference) + (numbers[0] not in reference)),
        }
        elapsed = time.perf_counter() - started
        for name, starts in hypotheses.items():
            hyp = boundary_string(numbers, starts)
            table[name][path.stem] = (*scores(ref, hyp), hyp.count("1") + 1)
        print(f"{path.stem}: {len(numbers)} lines, {len(reference)} reference segments "
              f"({len(annotation['stories'])} stories), all systems in {elapsed:.1f}s")
        if args.show:
            digest_starts = hypotheses["digest"] & set(numbers)
            print("  reference:", sorted(reference))
            print("  digest:   ", sorted(digest_starts))
            print("  missed:   ", sorted(reference - digest_starts), " extra:", sorted(digest_starts - reference))
    print()
    names = [path.stem for path in documents]
    header = f"{'system':<14}" + "".join(f"{name[:22]:>26}" for name in names) + f"{'mean':>14}"
    print(header)
    print(f"{'':<14}" + "".join(f"{'Pk    WD    segs':>26}" for _ in names) + f"{'Pk    WD':>14}")
    print("-" * len(header))
    for system in systems:
        row = table[system]
        cells = "".join(f"{row[n][0]:>16.3f}{row[n][1]:>6.3f}{row[n][2]:>4d}" for n in names)
        mean_pk = sum(row[n][0] for n in names) / len(names)
        mean_wd = sum(row[n][1] for n in names) / len(names)
        print(f"{system:<14}{cells}{mean_pk:>8.3f}{mean_wd:>6.3f}")


if __name__ == "__main__":
    main()
