"""A Dask cluster as an engine: the same ``map_chunks`` contract as :class:`LocalEngine`.

Each chunk is one Dask task (``client.submit``); at most ``in_flight`` tasks are
outstanding and results are yielded in submission order, so outputs are byte-identical to
the local engines whatever the number of workers or the order they finish in.  Cleaning is
thus a map over partitions of records, and corpus dedup maps its sketch and verification
steps the same way (see :mod:`cleaner.dedup.corpus.run`).

Connect to an existing cluster with ``scheduler="tcp://host:8786"``; without one a
``LocalCluster`` of ``workers`` single-threaded worker processes is started (and closed).
Workers need ``cleaner`` installed (same version); inputs and outputs stay on the driver,
which reads and writes them, so they need not be on a shared file system.

A task that fails because its worker died (``KilledWorker``, an exception escaping ``fn``)
is rerun one item at a time, and only the items that fail again become ``on_crash``
results ("worker_crashed").  The per-record ``--timeout`` of the local engine is not
enforced here: the cluster's own limits apply.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

CRASH_MESSAGE = "the Dask task for this record failed (worker died or the task raised)"


class DaskEngine:
    """Runs chunks as Dask tasks.  ``client``: an existing ``distributed.Client`` to use
    (not closed by :meth:`close`); else ``scheduler`` or a new local cluster."""

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int | None = None,
        in_flight: int | None = None,
        *,
        processes: bool = True,
        client: Any = None,
    ) -> None:
        """Connect (or start a local cluster: a few seconds).  O(workers)."""
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise ImportError('the Dask engine needs the dask extra: pip install "webpage-cleaner[dask]"') from exc
        from .local import default_jobs

        self._own_client = client is None
        self._cluster: Any = None
        if client is not None:
            self.client = client
        elif scheduler:
            self.client = Client(scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=workers or default_jobs(),
                threads_per_worker=1,
                processes=processes,
                dashboard_address=":0",
            )
            self.client = Client(self._cluster)
        threads = sum(self.client.nthreads().values()) or 1
        self.jobs = threads
        self.in_flight = in_flight or 4 * threads

    def map_chunks(
        self,
        fn: Callable[[list[T]], list[R]],
        chunks: Iterable[list[T]],
        on_crash: Callable[[T, str, str], R],
    ) -> Iterator[list[R]]:
        """Chunks in, results out in the same order; O(in_flight chunks) in memory."""
        pending: deque[tuple[list[T], Any]] = deque()
        for chunk in chunks:
            pending.append((chunk, self.client.submit(fn, chunk, pure=False)))
            if len(pending) >= self.in_flight:
                yield self._result(fn, *pending.popleft(), on_crash)
        while pending:
            yield self._result(fn, *pending.popleft(), on_crash)

    def _result(
        self, fn: Callable[[list[T]], list[R]], chunk: list[T], future: Any, on_crash: Callable[[T, str, str], R]
    ) -> list[R]:
        """A chunk's results; a failed task is rerun item by item.  O(chunk)."""
        try:
            return list(future.result())
        except Exception:
            out: list[R] = []
            for item in chunk:
                try:
                    out.extend(self.client.submit(fn, [item], pure=False).result())
                except Exception:
                    out.append(on_crash(item, "worker_crashed", CRASH_MESSAGE))
            return out

    def close(self) -> None:
        """Close what this engine opened (a given client stays open).  O(workers)."""
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def abort(self) -> None:
        """Stop now: closing the client cancels its pending tasks.  O(workers)."""
        self.close()
