"""Newsletter sign-up boxes ("Enter your email address", "delivered to your inbox").

A whole-block phrase match, or a *strong* phrase outside quoted speech in a block of sign-up
length: an article about newsletters is longer, and a quoted "like and subscribe" stays.  In
a text dump the box goes as a whole, whatever its wording: the short lines using the sign-up
vocabulary (``newsletter.vocabulary``) beside a sign-up, or a run of them using several words
of it ("Get the weekly digest" / "No spam. Unsubscribe at any time.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block, Document, Kind
from ..options import Options
from .base import Rule, block_contains, full_match, langs_of
from .labels import openings

NAME = "newsletter"


@dataclass(frozen=True, slots=True)
class Params:
    """max_words: longer blocks are never a sign-up phrase."""

    max_words: int


MAX_STRONG_WORDS = 30


def apply(doc: Document, options: Options) -> None:
    """Remove newsletter sign-ups, and in a dump their boxes.  Cost: O(n + L) time (whole-block
    match or indexed phrase search per block of at most ``max_words`` words; the box pass is
    O(n + L)), O(n) memory."""
    p: Params = RULE.params_of(options)
    langs = langs_of(doc)
    for block in doc.blocks:
        if not block.kept:
            continue
        n = block.nwords
        if n <= p.max_words and full_match("newsletter", "block", block.text, langs):
            block.remove(NAME, "newsletter sign-up")
        elif n <= MAX_STRONG_WORDS and block_contains("newsletter", "strong", block, langs, unquoted=True):
            block.remove(NAME, "newsletter sign-up")
    if doc.kind == "text":
        _apply_box(doc)


MAX_BOX_LINE_WORDS = 12
BOX_REACH = 3  # lines on each side of a sign-up that may be its box's
MIN_RUN_WORDS = 3  # distinct sign-up words a run of lines must use without a sign-up beside it


def _box_words(block: Block, vocabulary: re.Pattern[str]) -> set[str]:
    """The sign-up words of a short kept line (empty for longer blocks).  O(len(text))."""
    if not block.kept or block.nwords > MAX_BOX_LINE_WORDS or block.kind is Kind.LIST_ITEM:
        return set()
    return set(vocabulary.findall(block.kept_text.casefold()))


def _apply_box(doc: Document) -> None:
    """Text dumps: the short lines of a sign-up box beside a sign-up (up to ``BOX_REACH`` on
    each side), and runs of two or more short lines using ``MIN_RUN_WORDS`` sign-up words.

    Cost: O(n + L) time (each block scanned once, neighbour windows capped), O(n) memory."""
    vocabulary = openings("newsletter", "vocabulary", langs_of(doc))
    blocks = [b for b in doc.blocks if b.text]
    words = [_box_words(b, vocabulary) for b in blocks]
    for i, block in enumerate(blocks):
        if block.removal is None or block.removal.rule != NAME:
            continue
        for step in (-1, 1):
            for k in range(i + step, i + step * (BOX_REACH + 1), step):
                if not 0 <= k < len(blocks) or not words[k]:
                    break
                blocks[k].remove(NAME, "line of a newsletter sign-up box")
    run: list[int] = []
    for i in range(len(blocks) + 1):
        if i < len(blocks) and words[i] and blocks[i].kept:
            run.append(i)
            continue
        if len(run) >= 2 and len(set().union(*(words[k] for k in run))) >= MIN_RUN_WORDS:
            for k in run:
                blocks[k].remove(NAME, "line of a newsletter sign-up box")
        run = []


RULE = Rule(NAME, apply, params=Params)
