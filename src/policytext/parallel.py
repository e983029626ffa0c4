"""Processes that share the work of a run.

``--workers N`` means N busy processes: this one and N - 1 helpers in a pool. Work comes in
fixed chunks; results are put back in chunk order by the callers, so a run gives the same
output for any number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def helper_pool(helpers: int, initializer, initargs):
    """A process pool of ``helpers`` processes (None for none), forked where the OS allows:
    helpers then inherit ``initargs`` instead of receiving a pickled copy."""
    if helpers < 1:
        yield None
        return
    # fork only on Linux: macOS frameworks are not fork-safe, and Windows has no fork
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    pool = ProcessPoolExecutor(helpers, mp_context=context, initializer=_start_helper, initargs=(initializer, *initargs))
    try:
        yield pool
    except BaseException:  # Ctrl-C or an error: do not start what is queued, only wait for what runs
        pool.shutdown(cancel_futures=True)
        raise
    finally:
        pool.shutdown()


def ignore_interrupts() -> None:
    """In a helper process: leave Ctrl-C to the main process, which stops the run with one
    message, instead of every helper printing a KeyboardInterrupt traceback; SIGTERM ends
    a helper at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the main process's handler, inherited by fork


def _start_helper(initializer, *initargs) -> None:
    ignore_interrupts()
    if initializer is not None:
        initializer(*initargs)


def run_shared(fn, tasks: list, *, pool: ProcessPoolExecutor | None, helpers: int, sizes: list[int]):
    """Yield ``(index, fn(task))`` for every task as each finishes, the pool's processes and
    this one sharing the work.

    Tasks start largest first, so no process is left with a big one at the end. The pool is
    kept four tasks per helper ahead; this process runs the next unstarted task itself while it
    waits, which also spares that task's result the trip between processes. Callers put the
    results back in index order: that keeps runs identical for any number of workers.
    """
    order = sorted(range(len(tasks)), key=lambda i: (-sizes[i], i))
    if pool is None:
        for i in order:
            yield i, fn(tasks[i])
        return
    pending: dict = {}  # index -> future
    position = 0
    while position < len(order) or pending:
        while position < len(order) and sum(not f.done() for f in pending.values()) < 4 * helpers:
            pending[order[position]] = pool.submit(fn, tasks[order[position]])
            position += 1
        for i in [i for i, f in pending.items() if f.done()]:
            yield i, pending.pop(i).result()
        if position < len(order):
            i = order[position]
            position += 1
            yield i, fn(tasks[i])
        elif pending:
            wait(pending.values(), return_when=FIRST_COMPLETED)


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
