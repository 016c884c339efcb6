"""Where a build's time goes, per stage, for `digest build --timings` and the benchmarks.

Why module state: the stages live in several modules and the numbers are wanted only now and
then; threading a recorder through every call would clutter the pipeline for a diagnostic.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

_totals: dict[str, float] = {}


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        _totals[name] = _totals.get(name, 0.0) + time.perf_counter() - start


def reset() -> None:
    _totals.clear()


def report() -> str:
    """One line, stages in the order they first ran: 'load 1.20s, store 0.40s, ...'."""
    return ", ".join(f"{name} {seconds:.2f}s" for name, seconds in _totals.items())
