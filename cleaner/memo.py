"""Per-process memos of verdicts on texts, bounded in characters rather than entries.

Boilerplate lines repeat across the pages of a site, so remembering what a rule decided on a
text saves most of the work on a crawl.  ``functools.lru_cache`` bounds the number of entries,
not their size: 8,192 paragraphs of 50 KB are 400 MB.  A :class:`TextMemo` caches only calls
whose text arguments are short (``max_chars``, the kind of text that repeats) and evicts the
least recently used entries once the texts it holds (keys, and values that are strings, plus
a fixed overhead per entry) exceed ``budget`` characters, so each memo stays within a few
megabytes whatever it is fed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from functools import update_wrapper
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

ENTRY_OVERHEAD = 100  # characters charged per entry for the dict slot, tuple and objects
DEFAULT_MAX_CHARS = 2_000
DEFAULT_BUDGET = 2_000_000  # characters: a few MB per memo at most


class TextMemo(Generic[P, R]):
    """Memoise a pure function of positional (str or other hashable) arguments.

    A call is O(total length of its arguments) (hashing; a hit then costs O(1)); memory is at
    most ``budget`` characters of texts plus ``budget / ENTRY_OVERHEAD`` entries' overhead.
    """

    def __init__(self, fn: Callable[P, R], max_chars: int, budget: int, factor: int = 1) -> None:
        self._fn = fn
        self.factor = factor
        self.max_chars = max_chars
        self.budget = budget
        self.used = 0
        self._data: OrderedDict[tuple[object, ...], tuple[R, int]] = OrderedDict()
        update_wrapper(self, fn)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        chars = 0
        for a in args:
            if isinstance(a, str):
                chars += len(a)
        if kwargs or chars > self.max_chars:
            return self._fn(*args, **kwargs)
        data = self._data
        got = data.get(args)
        if got is not None:
            data.move_to_end(args)
            return got[0]
        value = self._fn(*args, **kwargs)
        size = ENTRY_OVERHEAD + chars * self.factor + (len(value) if isinstance(value, str) else 0)
        data[args] = (value, size)
        self.used += size
        while self.used > self.budget:
            _, (_, freed) = data.popitem(last=False)
            self.used -= freed
        return value

    def cache_clear(self) -> None:
        self._data.clear()
        self.used = 0

    def __len__(self) -> int:
        return len(self._data)


def text_memo(
    max_chars: int = DEFAULT_MAX_CHARS, budget: int = DEFAULT_BUDGET, factor: int = 1
) -> Callable[[Callable[P, R]], TextMemo[P, R]]:
    """Decorator: memoise calls whose str arguments total at most ``max_chars`` characters,
    holding at most ``budget`` characters (see :class:`TextMemo`).  ``factor`` charges values
    that are not strings but grow with the text (word sets) as that many copies of it."""

    def wrap(fn: Callable[P, R]) -> TextMemo[P, R]:
        return TextMemo(fn, max_chars, budget, factor)

    return wrap
