"""A process pool on this machine: chunked work, bounded in-flight chunks, ordered results.

Results are yielded in submission order whatever order workers finish in, so the output is
byte-identical for any number of jobs.

Per-record time limit: every worker owns a slot in a small shared array and writes there
which item it is running and since when.  While waiting for results the main process looks
at the slots; a worker past the limit is killed at once (even a hang inside C code cannot
stall the batch), its item fails as "timeout", and every chunk the broken pool had in flight
is resubmitted to a new pool without that item.  The limit is per record, whatever the chunk
size, and it holds at ``jobs=1`` too (the record then runs in one worker process).

A worker that dies by itself (segfault in a parser, OOM kill) breaks the pool: the chunk it
broke is rerun one item at a time, so only the item that kills a worker again is reported as
failed and the batch goes on.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .base import SerialEngine

T = TypeVar("T")
R = TypeVar("R")

CRASH_MESSAGE = "the worker process died while cleaning this record (crash or out of memory)"
_FIELDS = 4  # per slot: pid, chunk sequence number, item index, start time (monotonic)

# Worker side: this process's slot in the shared array (set by the pool initializer).
_SLOTS: Any = None
_SLOT: int = -1


def _exit_with_parent(parent: int, interval: float = 1.0) -> None:
    """Worker side: exit when the main process is gone (e.g. SIGKILLed), instead of lingering."""
    while True:
        time.sleep(interval)
        if os.getppid() != parent:
            os._exit(0)


def _warm_up(parent: int, slots: Any, counter: Any) -> None:
    """Claim a timing slot, start the orphan watchdog, import the heavy modules once per worker."""
    global _SLOTS, _SLOT
    with counter.get_lock():
        _SLOT = counter.value
        counter.value += 1
    _SLOTS = slots
    slots[_SLOT * _FIELDS] = os.getpid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    if hasattr(signal, "pthread_sigmask"):  # held while the pool forked us: ignored from now on
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        from .. import pipeline  # noqa: F401
        from ..extract import html  # noqa: F401
    except ImportError:
        pass


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) in this thread while a pool forks its workers, then let it in.

    A Ctrl-C that lands during the fork was lost: the parent's handler ran inside the fork
    machinery (which swallows the KeyboardInterrupt) and the children, forked with that
    handler, died of it before setting SIGINT aside.  Held, it stays pending: the parent takes
    it in ordinary code once the workers exist, and each worker drops it once it ignores
    SIGINT (see ``_warm_up``).  O(1); a no-op off the main thread or without signal masks."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _run_timed(fn: Callable[[list[T]], list[R]], seq: int, items: list[tuple[int, T]]) -> list[R]:
    """Worker side: run ``fn`` item by item, publishing which item runs and since when."""
    out: list[R] = []
    base = _SLOT * _FIELDS
    for index, item in items:
        if _SLOTS is not None:
            _SLOTS[base + 1] = seq
            _SLOTS[base + 2] = index
            _SLOTS[base + 3] = time.monotonic()  # CLOCK_MONOTONIC: one clock for every process
        out.extend(fn([item]))
        if _SLOTS is not None:
            _SLOTS[base + 3] = 0.0
    return out


def clamp_jobs(jobs: int | None) -> tuple[int, str | None]:
    """``jobs`` (None: every core) capped at the cores, and a warning when it had to be.

    The work is CPU-bound: processes beyond the cores only add memory (``-j 10000`` used to
    fork 10,000 workers)."""
    cores = default_jobs()
    if jobs is not None and jobs > cores:
        return cores, f"-j {jobs} is more than the {cores} available cores: using {cores}"
    return jobs or cores, None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


@dataclass
class _Chunk(Generic[T, R]):
    """A chunk in flight: its items, outcomes already known (timed out), and its future."""

    seq: int
    items: list[T]
    known: dict[int, R] = field(default_factory=dict)
    future: Future[list[R]] | None = None

    def todo(self) -> list[tuple[int, T]]:
        return [(i, item) for i, item in enumerate(self.items) if i not in self.known]

    def merge(self, results: list[R]) -> list[R]:
        done = iter(results)
        return [self.known[i] if i in self.known else next(done) for i in range(len(self.items))]


class LocalEngine:
    """``jobs`` worker processes, at most ``in_flight`` chunks queued.

    With ``timeout=None`` and ``jobs=1`` work runs in this process (no limit can be enforced
    there); with a timeout it always runs in workers, so the limit always holds.
    ``jobs`` above the number of cores is clamped to it with a warning (:func:`clamp_jobs`).
    """

    def __init__(self, jobs: int | None = None, in_flight: int | None = None, timeout: float | None = None) -> None:
        self.jobs, warning = clamp_jobs(jobs)
        if warning is not None:
            warnings.warn(warning, stacklevel=2)
        self.in_flight = in_flight or 4 * self.jobs
        self.timeout = timeout or None  # seconds per item; None: wait forever
        self.poll = 0.5 if self.timeout is None else min(0.5, max(0.01, self.timeout / 10))
        self._pool: ProcessPoolExecutor | None = None
        self._slots: Any = None
        self._expired: list[tuple[int, int]] = []  # (chunk seq, item index) killed for time

    # -- pool management ---------------------------------------------------------------
    def _kill_pool(self) -> None:
        """Stop the pool now, killing workers that may be stuck in C code (no cooperation needed).

        The call queue's feeder thread is told not to be joined at exit: with its readers
        killed it may be blocked on a full pipe forever, which used to hang Ctrl-C.
        """
        pool, self._pool = self._pool, None
        if pool is None:
            return
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                proc.kill()
        queue = getattr(pool, "_call_queue", None)
        if queue is not None:
            with contextlib.suppress(Exception):
                queue.cancel_join_thread()
        with contextlib.suppress(Exception):
            pool.shutdown(wait=False, cancel_futures=True)

    def _new_pool(self) -> ProcessPoolExecutor:
        self._kill_pool()
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._slots = ctx.Array("d", self.jobs * _FIELDS, lock=False)
        counter = ctx.Value("i", 0)
        self._pool = ProcessPoolExecutor(
            max_workers=self.jobs, mp_context=ctx, initializer=_warm_up, initargs=(os.getpid(), self._slots, counter)
        )
        return self._pool

    def _check_time(self) -> bool:
        """Kill every worker whose current item is past the limit; True if one was killed."""
        if self.timeout is None or self._slots is None:
            return False
        now = time.monotonic()
        killed = False
        for s in range(self.jobs):
            pid, seq, index, start = self._slots[s * _FIELDS : (s + 1) * _FIELDS]
            if start > 0 and now - start > self.timeout and pid > 0:
                self._expired.append((int(seq), int(index)))
                self._slots[s * _FIELDS + 3] = 0.0
                with contextlib.suppress(OSError):
                    os.kill(int(pid), signal.SIGKILL)
                killed = True
        return killed

    # -- running -------------------------------------------------------------------------
    def _wait(self, chunk: _Chunk[T, R]) -> list[R]:
        """The chunk's results, enforcing the per-item limit while waiting (raises BrokenProcessPool)."""
        assert chunk.future is not None
        while True:
            try:
                return chunk.future.result(timeout=self.poll if self.timeout is not None else None)
            except FuturesTimeout:
                self._check_time()

    def _isolate(
        self, fn: Callable[[list[T]], list[R]], chunk: _Chunk[T, R], on_crash: Callable[[T, str, str], R]
    ) -> list[R]:
        """Rerun a chunk whose pool broke by itself one item at a time, each in a fresh pool."""
        out: list[R] = []
        for index, item in chunk.todo():
            single: _Chunk[T, R] = _Chunk(chunk.seq, [item])
            with interrupts_held():
                single.future = self._new_pool().submit(_run_timed, fn, chunk.seq, [(index, item)])
            try:
                out.extend(self._wait(single))
            except BrokenProcessPool:
                if (chunk.seq, index) in self._expired:
                    self._expired.remove((chunk.seq, index))
                    out.append(self._timed_out(item, on_crash))
                else:
                    out.append(on_crash(item, "worker_crashed", CRASH_MESSAGE))
        self._new_pool()
        return chunk.merge(out)

    def _timed_out(self, item: T, on_crash: Callable[[T, str, str], R]) -> R:
        return on_crash(item, "timeout", f"cleaning took longer than {self.timeout:g}s (--timeout)")

    def map_chunks(
        self,
        fn: Callable[[list[T]], list[R]],
        chunks: Iterable[list[T]],
        on_crash: Callable[[T, str, str], R],
    ) -> Iterator[list[R]]:
        if self.jobs == 1 and self.timeout is None:
            yield from SerialEngine().map_chunks(fn, chunks, on_crash)
            return
        source = enumerate(chunks)
        pending: deque[_Chunk[T, R]] = deque()

        def submit(chunk: _Chunk[T, R]) -> None:
            pool = self._pool or self._new_pool()
            try:
                with interrupts_held():  # a submit may fork the workers
                    chunk.future = pool.submit(_run_timed, fn, chunk.seq, chunk.todo())
            except (BrokenProcessPool, RuntimeError) as exc:  # broke since: handled when its turn comes
                chunk.future = Future()
                chunk.future.set_exception(BrokenProcessPool(str(exc)))

        def top_up() -> None:
            while len(pending) < self.in_flight:
                nxt = next(source, None)
                if nxt is None:
                    return
                pending.append(_Chunk(nxt[0], nxt[1]))
                submit(pending[-1])

        top_up()
        while pending:
            chunk = pending.popleft()
            try:
                result = chunk.merge(self._wait(chunk))
            except BrokenProcessPool:
                expired, self._expired = self._expired, []
                for c in (chunk, *pending):
                    for seq, index in expired:
                        if seq == c.seq:
                            c.known[index] = self._timed_out(c.items[index], on_crash)
                self._new_pool()
                if expired:  # we killed a worker for time: every other item is innocent
                    for c in (chunk, *pending):
                        submit(c)
                    pending.appendleft(chunk)
                    continue
                # A worker died by itself: the head chunk is rerun item by item to find the
                # culprit; chunks queued behind it are rerun whole (if one holds it, it will
                # break the pool again when it reaches the head).
                result = self._isolate(fn, chunk, on_crash)
                for c in pending:
                    submit(c)
            yield result
            top_up()

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        """Stop at once (Ctrl-C): kill the workers rather than wait for queued chunks."""
        self._kill_pool()
