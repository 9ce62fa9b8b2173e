"""A process pool on this machine: chunked work, bounded in-flight chunks, ordered results.

Results are yielded in submission order whatever order workers finish in, so the output is
byte-identical for any number of jobs.  A worker that dies (segfault in a parser, OOM kill)
breaks the pool: we start a new one and rerun the chunk one item at a time, so only the item
that kills a worker again is reported as failed and the batch goes on.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from .base import SerialEngine

T = TypeVar("T")
R = TypeVar("R")

CRASH_MESSAGE = "the worker process died while cleaning this record (crash or out of memory)"


def _exit_with_parent(parent: int, interval: float = 1.0) -> None:
    """Worker side: exit when the main process is gone (e.g. SIGKILLed), instead of lingering."""
    while True:
        time.sleep(interval)
        if os.getppid() != parent:
            os._exit(0)


def _warm_up(parent: int) -> None:
    """Start the orphan watchdog, and import the heavy modules once per worker, not per chunk."""
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    try:
        from .. import pipeline  # noqa: F401
        from ..extract import html  # noqa: F401
    except ImportError:
        pass


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class LocalEngine:
    """``jobs`` worker processes (1: run in this process), at most ``in_flight`` chunks queued."""

    def __init__(self, jobs: int | None = None, in_flight: int | None = None) -> None:
        self.jobs = jobs or default_jobs()
        self.in_flight = in_flight or 2 * self.jobs
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._pool = ProcessPoolExecutor(
            max_workers=self.jobs, mp_context=ctx, initializer=_warm_up, initargs=(os.getpid(),)
        )
        return self._pool

    def _isolate(self, fn: Callable[[list[T]], list[R]], chunk: list[T], on_crash: Callable[[T, str], R]) -> list[R]:
        """Rerun a chunk whose pool broke one item at a time in fresh pools."""
        out: list[R] = []
        for item in chunk:
            pool = self._new_pool()
            try:
                out.extend(pool.submit(fn, [item]).result())
            except BrokenProcessPool:
                out.append(on_crash(item, CRASH_MESSAGE))
        self._new_pool()
        return out

    def map_chunks(
        self,
        fn: Callable[[list[T]], list[R]],
        chunks: Iterable[list[T]],
        on_crash: Callable[[T, str], R],
    ) -> Iterator[list[R]]:
        if self.jobs == 1:
            yield from SerialEngine().map_chunks(fn, chunks, on_crash)
            return
        source = iter(chunks)
        first = next(source, None)
        second = next(source, None)
        if first is None:
            return
        if second is None:  # one chunk of work: not worth starting processes
            yield fn(first)
            return
        source = itertools.chain([first, second], source)
        pool = self._pool or self._new_pool()
        pending: deque[tuple[list[T], Future[list[R]]]] = deque()

        def top_up() -> None:
            while len(pending) < self.in_flight:
                chunk = next(source, None)
                if chunk is None:
                    return
                pending.append((chunk, pool.submit(fn, chunk)))

        top_up()
        while pending:
            chunk, fut = pending.popleft()
            try:
                result = fut.result()
            except BrokenProcessPool:
                result = self._isolate(fn, chunk, on_crash)
                assert self._pool is not None
                pool = self._pool
                pending = deque((c, pool.submit(fn, c)) for c, _ in pending)
            yield result
            top_up()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
