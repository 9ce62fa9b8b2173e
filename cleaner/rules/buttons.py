"""Buttons and link texts ("Donate now", "Read More", "Continue reading →"), alone on a line
or glued to the end of a teaser; ad labels and interstitials ("Paid content", "Story
continues below"), known by their vocabulary (:mod:`.labels`) whatever their wording.

A whole-block phrase match (``buttons.block``) on a block of button length; a sentence that
merely contains "read more" never matches.  The glued form (``button_tail``) is cut only where
it reads as a link, so "he wanted to read more" stays.
"""

from __future__ import annotations

import re
from functools import cache

from ..model import Document
from ..options import Options
from ..textnorm import UPPER
from ..textshape import looks_like_code
from .base import Langs, Rule, by_words, contains, langs_of, phrase_regex, phrase_rule
from .labels import is_label

NAME = "button"
MAX_BUTTON_WORDS = 6
_PHRASES = phrase_rule(NAME, "buttons", "button or link text", max_words=MAX_BUTTON_WORDS)
# "Sponsored by Acme Bank", "Ads by Example Media": a label naming who placed it.
_NAME = rf"[{UPPER}][\w.&'’-]*"
_BY_NAME = re.compile(rf"^(.*?\S)\s+(?i:{by_words()})\s+{_NAME}(?:\s+{_NAME}){{0,2}}$")


def is_ad_label(text: str, langs: Langs) -> bool:
    """An ad label or an interstitial made of its vocabulary only ("Paid content", "Story
    continues after advertisement", "Sponsored by Acme Bank").  O(len(text))."""
    m = _BY_NAME.match(text)
    return is_label(m.group(1) if m else text, "buttons", langs, MAX_BUTTON_WORDS)


def apply(doc: Document, options: Options) -> None:
    """Remove button and link texts (whole-block phrases) and ad labels and interstitials
    (lines of their vocabulary only).  Cost: O(L) time, O(1) memory."""
    assert _PHRASES.apply is not None  # a phrase rule always has one
    _PHRASES.apply(doc, options)
    langs = langs_of(doc)
    for block in doc.blocks:
        text = block.kept_text
        if (
            block.kept
            and block.nwords <= MAX_BUTTON_WORDS + 4
            and not looks_like_code(text)
            and is_ad_label(text, langs)
        ):
            block.remove(NAME, "ad label or interstitial")


RULE = Rule(NAME, apply)

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
