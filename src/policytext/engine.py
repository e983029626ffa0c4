"""Where a run's tasks execute: this machine's processes (``local``, the default) or a Dask
cluster (``dask``: a ``distributed.LocalCluster`` of ``--workers`` processes, or an existing
scheduler). Both run the same task functions on the same tasks, which carry everything they
need, and callers put results back in task order: the tables are identical for any engine and
any number of workers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from enum import Enum
from typing import Any

from policytext import parallel
from policytext.errors import BackendUnavailableError, PolicytextError

CONNECT_TIMEOUT = "10s"  # for --dask-scheduler: a reachable scheduler answers well within this


class EngineKind(str, Enum):
    LOCAL = "local"
    DASK = "dask"


class _Engine:
    """What both engines share: ``map`` over ``run_unordered``."""

    def run_unordered(self, fn: Callable[[Any], Any], tasks: Sequence[Any], *, sizes: Sequence[int]) -> Iterator[tuple[int, Any]]:
        raise NotImplementedError

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any], *, sizes: Sequence[int] | None = None) -> list:
        """``[fn(task) for task in tasks]``, shared out, in task order."""
        results = dict(self.run_unordered(fn, tasks, sizes=sizes or [1] * len(tasks)))
        return [results[i] for i in range(len(tasks))]


class LocalEngine(_Engine):
    """``workers`` busy processes on this machine: this one and ``workers - 1`` forked helpers."""

    kind = EngineKind.LOCAL

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def describe(self) -> str:
        return f"local, {self.workers} process(es)"

    def run_unordered(
        self,
        fn: Callable[[Any], Any],
        tasks: Sequence[Any],
        *,
        sizes: Sequence[int],
        prepare: Callable[..., None] | None = None,
        prepare_args: tuple = (),
    ) -> Iterator[tuple[int, Any]]:
        """``(index, fn(task))`` for every task as each finishes; ``prepare(*prepare_args)``
        runs once in every helper before its first task."""
        helpers = min(self.workers, len(tasks)) - 1
        with parallel.helper_pool(helpers, prepare, prepare_args) as pool:
            yield from parallel.run_shared(fn, list(tasks), pool=pool, helpers=helpers, sizes=list(sizes))


class DaskEngine(_Engine):
    """Tasks as Dask futures on a cluster: a LocalCluster of ``workers`` processes (one thread
    each: the stages are CPU-bound Python), or the scheduler at ``scheduler``, whose workers
    must have policytext installed and see the input files at the same paths."""

    kind = EngineKind.DASK

    def __init__(self, workers: int, *, scheduler: str | None = None) -> None:
        self.workers = workers
        self.scheduler = scheduler
        self._cluster: Any = None
        self._client: Any = None

    def __enter__(self) -> DaskEngine:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise BackendUnavailableError(
                "the dask engine needs dask.distributed, which is not installed; install it with "
                "pip install 'policytext[dask]' (or pip install 'dask[distributed]')"
            ) from None
        try:
            if self.scheduler:
                self._client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
            else:
                self._cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
        except OSError as exc:
            self.__exit__()
            raise PolicytextError(f"cannot reach the Dask scheduler {self.scheduler or '(local cluster)'}: {exc}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def describe(self) -> str:
        where = self.scheduler or f"LocalCluster of {self.workers} process(es)"
        return f"dask, {where}"

    def run_unordered(
        self,
        fn: Callable[[Any], Any],
        tasks: Sequence[Any],
        *,
        sizes: Sequence[int],
        prepare: Callable[..., None] | None = None,
        prepare_args: tuple = (),
    ) -> Iterator[tuple[int, Any]]:
        """``(index, fn(task))`` as each finishes. Tasks are submitted largest first; Dask
        workers load resources on their first task (the loaders cache them), so ``prepare``
        is not needed here."""
        from distributed import as_completed

        order = sorted(range(len(tasks)), key=lambda i: (-sizes[i], i))
        futures = {self._client.submit(fn, tasks[i], pure=False): i for i in order}
        try:
            for future in as_completed(futures):
                index = futures.pop(future)
                yield index, future.result()
                future.release()
        finally:
            for future in futures:  # interrupted or failed: cancel what has not run
                future.cancel()


Engine = LocalEngine | DaskEngine


def make_engine(kind: str | EngineKind = EngineKind.LOCAL, *, workers: int, scheduler: str | None = None) -> Engine:
    """The engine ``kind`` (``local`` or ``dask``); use it as a context manager."""
    try:
        kind = EngineKind(kind)
    except ValueError:
        raise ValueError(f"engine must be one of {', '.join(k.value for k in EngineKind)}, not {kind!r}") from None
    if kind is EngineKind.LOCAL:
        if scheduler:
            raise ValueError("a Dask scheduler was given, but the engine is local; use engine='dask'")
        return LocalEngine(workers)
    return DaskEngine(workers, scheduler=scheduler)
