"""Lines made of one small vocabulary: the labels and controls a page prints between
paragraphs ("View gallery", "Paid content", "Story continues below"); and the vocabulary a
box of chrome talks about (:func:`openings`).

Such a line is a few words, every one drawn from a closed set (the rule's ``label_core`` and
``label_words`` phrase lists, plain words per language), with at least one core word; numbers
may stand among them ("Photo 3/12").  Whatever the wording, a label is built from the words of
its job, where a heading or a sentence brings words of its own ("Image processing", "Paid
leave").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from .base import Langs, phrases

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_COUNTER = re.compile(r"^\d{1,4}$")
MAX_LABEL_CHARS = 80


@cache
def vocabulary(category: str, langs: Langs) -> tuple[frozenset[str], frozenset[str]]:
    """(core words, other words) of ``category``'s label lists for ``langs``, case-folded.
    O(1) after the first call per category and language set."""
    core = frozenset(w.casefold() for w in phrases(category, "label_core", langs))
    other = frozenset(w.casefold() for w in phrases(category, "label_words", langs))
    return core, other


def is_label(
    text: str,
    category: str,
    langs: Langs,
    max_words: int,
    also: Callable[[str], bool] | None = None,
) -> bool:
    """Every word of ``text`` is one of ``category``'s label words (or passes ``also``), at
    least one a core word, at most ``max_words`` of them (numbers not counted).  O(len(text))."""
    if len(text) > MAX_LABEL_CHARS:
        return False
    core, other = vocabulary(category, langs)
    seen_core = False
    count = 0
    for token in _TOKEN.findall(text.casefold()):
        if _COUNTER.match(token):
            continue
        count += 1
        if count > max_words:
            return False
        if token in core:
            seen_core = True
        elif token not in other and (also is None or not also(token)):
            return False
    return seen_core


@cache
def openings(category: str, key: str, langs: Langs) -> re.Pattern[str]:
    """The ``category.key`` word openings of ``langs`` as one pattern, matched at the start of a
    word, case-folded text; openings of four letters or fewer match whole words only (so "fund"
    is not "fundamental").  A vocabulary a box of chrome talks about, not phrases.  O(1) after
    the first call per list and language set."""
    words = sorted({w.casefold() for w in phrases(category, key, langs)}, key=lambda w: (-len(w), w))
    parts = [re.escape(w) + (r"\b" if len(w) <= 4 else "") for w in words]
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})")
