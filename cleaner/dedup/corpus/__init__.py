"""Near-duplicate documents across a corpus: exact hash, MinHash LSH candidates, exact
verification, union-find clusters, a deterministic keep policy.

``near_duplicates`` is the in-memory entry point (used by ``cleaner check``); ``run`` is the
streaming one (used by ``cleaner dedup``), which reads its input twice instead of holding it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from .run import Match, Result, run
from .settings import Settings, SettingsError

__all__ = ["Match", "Result", "Settings", "SettingsError", "near_duplicates", "run"]


def near_duplicates(items: Iterable[tuple[str, str]], settings: Settings | None = None) -> Iterator[Match]:
    """One :class:`Match` per (id, text) of ``items``, in input order.

    A one-shot iterator is buffered (the texts are read twice); pass a list to avoid the copy.
    Time and memory as :func:`run`, plus O(input) for a buffered iterator."""
    data: Sequence[tuple[str, str]] = items if isinstance(items, Sequence) else list(items)
    yield from run(lambda: data, settings).matches()
