"""Buttons and link texts ("Donate now", "Read More", "Continue reading →"), alone on a line
or glued to the end of a teaser.

A whole-block phrase match (``buttons.block``) on a block of button length; a sentence that
merely contains "read more" never matches.  The glued form (``button_tail``) is cut only where
it reads as a link, so "he wanted to read more" stays.
"""

from __future__ import annotations

import re
from functools import cache

from ..model import Document
from ..options import Options
from .base import Langs, Rule, contains, langs_of, phrase_regex, phrase_rule

RULE = phrase_rule("button", "buttons", "button or link text", max_words=6)

TAIL = "button_tail"
_TAIL_MIN_WORDS = 6
_TAIL_CHARS = 40  # "read more" link text sits in the last few characters


@cache
def _tail_regex(langs: Langs) -> re.Pattern[str] | None:
    """The ``buttons.tail`` phrases of ``langs`` anchored at the end (compiled once per set)."""
    rx = phrase_regex("buttons", "tail", langs)
    return None if rx is None else re.compile(rf"\s*(?:{rx.pattern})\s*$", re.IGNORECASE)


def apply_tail(doc: Document, options: Options) -> None:
    """'Read more' glued to the end of a teaser: cut the link text, keep the teaser.

    Only when it reads as a link: after a truncation mark or sentence end, in title or upper
    case, or followed by an arrow; "he wanted to read more" stays.

    Cost: O(n) time (only the last _TAIL_CHARS characters of a block are searched), O(1) memory.
    """
    langs = langs_of(doc)
    for block in doc.blocks:
        if not block.kept or block.nwords < _TAIL_MIN_WORDS:
            continue
        start = max(0, len(block.text) - _TAIL_CHARS)
        if not contains("buttons", "tail", block.text[start:], langs):  # indexed pre-check
            continue
        tail = _tail_regex(langs)  # compiled only for pages that have a candidate
        m = None if tail is None else tail.search(block.text, start)
        if m is None:
            continue
        before = block.text[: m.start()].rstrip()
        link = block.text[m.start() :].strip()
        if before.endswith((".", "…", "]", "!", "?", ")")) or link[-1:] in "»›→>…" or link.istitle() or link.isupper():
            block.cut(m.start(), len(block.text), TAIL, "'read more' link text after a teaser")


TAIL_RULE = Rule(TAIL, apply_tail)
