"""Work spread over both cores by forking, for the stages of a first build that are pure Python:
parsing documents and rendering pages.

Why fork: the children start with everything the build holds (items, templates, caches), so
nothing but the tasks and their results crosses between processes, and no pickling of the work
function is needed. Fork only on Linux and only from a single-threaded process (`digest serve`
runs threads, and forking a threaded process can deadlock).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

CHUNKS_PER_WORKER = 8  # small chunks, dealt out in turn: one slow chunk does not hold up a core

_JOB: Callable[[list[Any]], list[Any]] | None = None  # what the forked children run; set only while they do


def workers(tasks: int, min_per_worker: int) -> int:
    """How many processes pay for this many tasks (1: run them here)."""
    if sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return max(1, min(os.cpu_count() or 1, tasks // min_per_worker))


def map_chunks(function: Callable[[list[T]], list[R]], tasks: list[T], min_per_worker: int) -> list[R] | None:
    """function over chunks of tasks on forked processes; the results in the order of tasks.
    None when forking would not pay, or failed: then the caller runs function itself (and meets
    any error of its own where it can report it)."""
    count = workers(len(tasks), min_per_worker)
    if count < 2:
        return None
    global _JOB
    _JOB = function
    step = count * CHUNKS_PER_WORKER
    chunks = [tasks[start::step] for start in range(step)]
    try:
        # concurrent.futures, not multiprocessing.Pool: a child that dies (out of memory) or an
        # error that cannot cross back breaks the pool at once, where Pool waits forever.
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
            done = list(pool.map(_run_chunk, chunks))
    except Exception:  # noqa: BLE001 - whatever went wrong there, the caller does the work itself
        return None
    finally:
        _JOB = None
    results: list[Any] = [None] * len(tasks)
    for start, chunk in enumerate(done):
        results[start::step] = chunk
    return results


def _run_chunk(chunk: list[Any]) -> list[Any]:
    assert _JOB is not None
    return _JOB(chunk)
