"""The Engine interface: map a function over chunks of work, yielding results in input order.

The batch only talks to this interface, so a distributed engine (Dask, Ray) can be added as
another implementation without touching readers, writers or accounting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Engine(Protocol):
    """Runs ``fn`` over chunks; results come back chunk by chunk, in the order chunks went in.

    ``fn`` must be picklable (a module-level function or a ``functools.partial`` of one) and
    must not raise for a bad item: it returns an error result instead.  ``on_crash(item, kind,
    message)`` builds the result for an item whose worker died (kind "worker_crashed": segfault,
    OOM kill) or ran out of time (kind "timeout").
    Implementations keep a bounded number of chunks in flight, so memory stays flat.
    """

    jobs: int

    def map_chunks(
        self,
        fn: Callable[[list[T]], list[R]],
        chunks: Iterable[list[T]],
        on_crash: Callable[[T, str, str], R],
    ) -> Iterator[list[R]]: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


class SerialEngine:
    """In-process, one chunk at a time: the reference behaviour every engine must reproduce."""

    jobs = 1

    def map_chunks(
        self,
        fn: Callable[[list[T]], list[R]],
        chunks: Iterable[list[T]],
        on_crash: Callable[[T, str, str], R],
    ) -> Iterator[list[R]]:
        for chunk in chunks:
            yield fn(chunk)

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass
