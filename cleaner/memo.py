"""Per-process memos of verdicts on texts, bounded in characters rather than entries.

Boilerplate lines repeat across the pages of a site, so remembering what a rule decided on a
text saves most of the work on a crawl.  ``functools.lru_cache`` bounds the number of entries,
not their size: 8,192 paragraphs of 50 KB are 400 MB.  A :class:`TextMemo` caches only calls
whose text arguments are short (``max_chars``, the kind of text that repeats) and evicts the
least recently used entries (by generations, see :class:`TextMemo`) so that the texts it
holds (keys, and values that are strings, plus a fixed overhead per entry) never exceed
``budget`` characters: each memo stays within a few megabytes whatever it is fed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import update_wrapper
from typing import Generic, ParamSpec, Protocol, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

ENTRY_OVERHEAD = 100  # characters charged per entry for the dict slot, tuple and objects
DEFAULT_MAX_CHARS = 2_000
DEFAULT_BUDGET = 2_000_000  # characters: a few MB per memo at most


_MISS = object()
_REGISTRY: list[TextMemo[..., object]] = []
# While one document is cleaned, each memo may hold one entry per block of it (see
# document_scope): set to (characters, blocks) of that document, else (0, 0).
_DOCUMENT = (0, 0)


class Memoised(Protocol[P, R]):
    """A function memoised by :func:`text_memo`: its :class:`TextMemo` is ``memo``."""

    memo: TextMemo[P, R]
    cache_clear: Callable[[], None]

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R: ...


class TextMemo(Generic[P, R]):
    """Memoise a pure function of positional (str or other hashable) arguments.

    Two generations of plain dicts instead of an ordered LRU: a hit costs one or two C-level
    dict lookups (a hit in the old generation is promoted to the current one); when the current
    generation's texts pass half the budget it becomes the old one and the old one is dropped.
    Recently used entries therefore survive, at most ``budget`` characters are held, and
    eviction is O(1) amortised.  Most texts a crawl feeds are unique, so the miss path must be
    cheap too: the argument lengths are only summed on a miss.

    A call is O(total length of its arguments) (hashing, once per str object); memory is at
    most ``budget`` characters of texts plus ``budget / ENTRY_OVERHEAD`` entries' overhead.
    """

    def __init__(
        self, fn: Callable[P, R], max_chars: int, budget: int, factor: int = 1, per_document: bool = False
    ) -> None:
        self._fn = fn
        self.per_document = per_document
        self.factor = factor
        self.max_chars = max_chars
        self.budget = budget
        self._cur: dict[tuple[object, ...], R] = {}
        self._old: dict[tuple[object, ...], R] = {}
        self._cur_used = 0
        self._old_used = 0
        update_wrapper(self, fn)
        _REGISTRY.append(self)  # type: ignore[arg-type]

    @property
    def used(self) -> int:
        """Characters charged for what the memo holds (keys, string values, per-entry overhead)."""
        return self._cur_used + self._old_used

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if kwargs:
            return self._fn(*args, **kwargs)
        got = self._cur.get(args, _MISS)
        if got is not _MISS:
            return got  # type: ignore[return-value]
        return self._miss(args)

    def _miss(self, args: tuple[object, ...]) -> R:
        """A call not in the current generation: from the old one (promoted), else computed."""
        got = self._old.pop(args, _MISS)  # a hit there moves to the current generation
        value: R = self._fn(*args) if got is _MISS else got  # type: ignore[assignment,call-arg,arg-type]
        chars = 0
        for a in args:
            if isinstance(a, str):
                chars += len(a)
        if chars > self.max_chars:
            return value
        size = ENTRY_OVERHEAD + chars * self.factor + (len(value) if isinstance(value, str) else 0)
        if got is not _MISS:
            self._old_used -= size
        self._cur[args] = value
        self._cur_used += size
        if self._cur_used > self.budget // 2:
            chars, blocks = _DOCUMENT if self.per_document else (0, 0)
            if self._cur_used > (chars * (self.factor + 1) + blocks * ENTRY_OVERHEAD) * 2:
                self._old, self._old_used = self._cur, self._cur_used
                self._cur, self._cur_used = {}, 0
        return value

    def function(self) -> Memoised[P, R]:
        """The memoised function as a plain closure, what :func:`text_memo` hands out.

        Calling an object's ``__call__`` goes through Python's slot dispatch, about 300 ns a
        call; rules make thousands of memo calls per document, nearly all hits, so the hit path
        is a closure (one dict lookup) and only a miss reaches :meth:`_miss`."""
        memo, fn, miss = self, self._fn, self._miss

        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            if kwargs:
                return fn(*args, **kwargs)
            got = memo._cur.get(args, _MISS)
            if got is not _MISS:
                return got  # type: ignore[return-value]
            return miss(args)

        update_wrapper(call, self._fn)
        out: Memoised[P, R] = call  # type: ignore[assignment]
        out.memo = memo
        out.cache_clear = memo.cache_clear
        return out

    def trim(self) -> None:
        """Back within ``budget`` after a document that was allowed more (keeps the newest)."""
        if self.used > self.budget:
            self._old, self._old_used = {}, 0
            if self._cur_used > self.budget // 2:
                self._cur, self._cur_used = {}, 0

    def cache_clear(self) -> None:
        self._cur, self._old = {}, {}
        self._cur_used = self._old_used = 0

    def __len__(self) -> int:
        return len(self._cur) + len(self._old)


@contextmanager
def document_scope(chars: int, blocks: int) -> Iterator[None]:
    """Let the ``per_document`` memos hold one verdict per block of the document being cleaned.

    Rules ask the same questions of every block (one indexed phrase search serves several
    rules); on a document of more blocks than a memo's budget holds, every rule would otherwise
    recompute them.  Memory stays O(document size) meanwhile, and memos are trimmed back to
    their budgets when the document is done.
    """
    global _DOCUMENT
    _DOCUMENT = (chars, blocks)
    try:
        yield
    finally:
        _DOCUMENT = (0, 0)
        for memo in _REGISTRY:
            memo.trim()


def text_memo(
    max_chars: int = DEFAULT_MAX_CHARS, budget: int = DEFAULT_BUDGET, factor: int = 1, per_document: bool = False
) -> Callable[[Callable[P, R]], Memoised[P, R]]:
    """Decorator: memoise calls whose str arguments total at most ``max_chars`` characters,
    holding at most ``budget`` characters (see :class:`TextMemo`).  ``factor`` charges values
    that are not strings but grow with the text (word sets) as that many copies of it.
    The function returned carries its :class:`TextMemo` as ``memo`` (sizes, budget)."""

    def wrap(fn: Callable[P, R]) -> Memoised[P, R]:
        return TextMemo(fn, max_chars, budget, factor, per_document).function()

    return wrap
