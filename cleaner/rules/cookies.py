"""Cookie and consent notices, with the buttons around them.

A notice is a block of at most ``max_words`` that says the site uses cookies or asks for
consent; an article about baking cookies mentions cookies but never "this site uses cookies".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Document
from ..options import Options
from ..textnorm import words_at_most
from .base import Rule, block_contains, full_match, langs_of

NAME = "cookies"


@dataclass(frozen=True, slots=True)
class Params:
    """max_words: longer blocks are never a cookie notice."""

    max_words: int


BUTTON_REACH = 3


def apply(doc: Document, options: Options) -> None:
    """Remove cookie notices and the buttons under them.

    Cost: O(L) time (indexed phrase search per block of at most ``max_words`` words, BUTTON_REACH
    blocks after a notice), O(n) memory."""
    p: Params = RULE.params_of(options)
    langs = langs_of(doc)
    blocks = [b for b in doc.blocks if b.kept]
    for i, block in enumerate(blocks):
        if not block.kept or block.nwords > p.max_words:
            continue
        if not block_contains("cookies", "strong", block, langs):
            continue
        block.remove(NAME, "cookie or consent notice")
        for b in blocks[i + 1 : i + 1 + BUTTON_REACH]:
            if words_at_most(b.text, 4) and full_match("cookies", "buttons", b.text, langs):
                b.remove(NAME, "cookie banner button")
            else:
                break


RULE = Rule(NAME, apply, params=Params, contextual=True)
