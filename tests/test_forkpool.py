import os

import pytest

from digest import forkpool


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setattr(forkpool.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(forkpool.threading, "active_count", lambda: 1)  # other tests may leave threads
    if forkpool.workers(100, 1) < 2:
        pytest.skip("no fork here (not Linux)")


def test_chunks_run_in_other_processes_and_results_keep_the_order_of_tasks(two_cores):
    tasks = list(range(103))
    done = forkpool.map_chunks(lambda chunk: [(task * task, os.getpid()) for task in chunk], tasks, 10)
    assert done is not None
    assert [square for square, _ in done] == [task * task for task in tasks]
    assert os.getpid() not in {pid for _, pid in done}  # (one child may take every chunk of quick tasks)


def test_too_few_tasks_or_a_threaded_process_run_here(two_cores, monkeypatch):
    assert forkpool.map_chunks(lambda chunk: chunk, list(range(5)), 10) is None
    monkeypatch.setattr(forkpool.threading, "active_count", lambda: 3)  # forking a threaded process can deadlock
    assert forkpool.map_chunks(lambda chunk: chunk, list(range(500)), 10) is None


class _Unrebuildable(Exception):
    def __init__(self, first, second):  # pickled with one argument, rebuilt with one: fails in the parent
        super().__init__(first)


def test_a_failing_task_or_a_dying_child_hands_the_work_back_instead_of_hanging(two_cores):
    def raise_plain(chunk):
        raise ValueError("a bug in one task")

    def raise_unrebuildable(chunk):
        raise _Unrebuildable("a", "b")

    def die(chunk):
        os._exit(3)  # as if the kernel killed it for memory

    for function in (raise_plain, raise_unrebuildable, die):
        assert forkpool.map_chunks(function, list(range(40)), 10) is None, function.__name__
