"""A process pool on this machine: chunked work, bounded in-flight chunks, ordered results.

Results are yielded in submission order whatever order workers finish in, so the output is
byte-identical for any number of jobs.  A worker that dies (segfault in a parser, OOM kill)
breaks the pool: we start a new one and rerun the chunk one item at a time, so only the item
that kills a worker again is reported as failed and the batch goes on.  With a timeout, a chunk
that runs too long is handled the same way (workers are killed, so even a hang inside C code
cannot stall the batch); only the slow item fails, as "timeout".
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
from concurrent.futures import TimeoutError as FuturesTimeout
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

    def __init__(self, jobs: int | None = None, in_flight: int | None = None, timeout: float | None = None) -> None:
        self.jobs = jobs or default_jobs()
        self.in_flight = in_flight or 4 * self.jobs
        self.timeout = timeout or None  # seconds per item; None: wait forever
        self._pool: ProcessPoolExecutor | None = None

    def _kill_pool(self) -> None:
        """Stop the pool now, killing workers that may be stuck in C code (no cooperation needed)."""
        if self._pool is None:
            return
        for proc in list(getattr(self._pool, "_processes", {}).values()):
            proc.kill()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None

    def _budget(self, chunk: list[T]) -> float | None:
        # The head chunk is always running (FIFO queue), so len * timeout bounds its run time.
        return None if self.timeout is None else self.timeout * len(chunk)

    def _new_pool(self) -> ProcessPoolExecutor:
        self._kill_pool()
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._pool = ProcessPoolExecutor(
            max_workers=self.jobs, mp_context=ctx, initializer=_warm_up, initargs=(os.getpid(),)
        )
        return self._pool

    def _lost(self, item: T, on_crash: Callable[[T, str, str], R], timed_out: int | None) -> list[R]:
        """A one-item chunk that crashed or hung: no need to rerun it to know which item it was."""
        self._new_pool()
        if timed_out:
            return [on_crash(item, "timeout", f"cleaning took longer than {self.timeout:g}s (--timeout)")]
        return [on_crash(item, "worker_crashed", CRASH_MESSAGE)]

    def _isolate(
        self, fn: Callable[[list[T]], list[R]], chunk: list[T], on_crash: Callable[[T, str, str], R]
    ) -> list[R]:
        """Rerun a chunk whose pool broke or hung one item at a time, each in a fresh pool."""
        out: list[R] = []
        for item in chunk:
            pool = self._new_pool()
            try:
                out.extend(pool.submit(fn, [item]).result(timeout=self.timeout))
            except BrokenProcessPool:
                out.extend(self._lost(item, on_crash, None))
            except FuturesTimeout:
                out.extend(self._lost(item, on_crash, 1))
        self._new_pool()
        return out

    def map_chunks(
        self,
        fn: Callable[[list[T]], list[R]],
        chunks: Iterable[list[T]],
        on_crash: Callable[[T, str, str], R],
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

        def submit(chunk: list[T]) -> Future[list[R]]:
            try:
                return pool.submit(fn, chunk)
            except BrokenProcessPool as exc:  # a worker died since: handled when its turn comes
                failed: Future[list[R]] = Future()
                failed.set_exception(exc)
                return failed

        def top_up() -> None:
            while len(pending) < self.in_flight:
                chunk = next(source, None)
                if chunk is None:
                    return
                pending.append((chunk, submit(chunk)))

        top_up()
        while pending:
            chunk, fut = pending.popleft()
            try:
                result = fut.result(timeout=self._budget(chunk))
            except (BrokenProcessPool, FuturesTimeout) as exc:
                # A broken pool fails every queued chunk, guilty or not: rerun item by item.
                # Only a timed-out head chunk of one item is known to be the slow one.
                if isinstance(exc, FuturesTimeout) and len(chunk) == 1:
                    result = self._lost(chunk[0], on_crash, 1)
                else:
                    result = self._isolate(fn, chunk, on_crash)
                assert self._pool is not None
                pool = self._pool  # the old pool is gone: resubmit what was queued on it
                pending = deque((c, submit(c)) for c, _ in pending)
            yield result
            top_up()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def abort(self) -> None:
        """Stop at once (Ctrl-C): kill the workers rather than wait for queued chunks."""
        self._kill_pool()
