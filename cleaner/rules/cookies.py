"""Cookie and consent notices, with the buttons around them.

A notice is a block of at most ``MAX_WORDS`` that says the site uses cookies or asks for
consent; an article about baking cookies mentions cookies but never "this site uses cookies".
"""

from __future__ import annotations

from ..model import Document
from ..options import Options
from .base import Rule, block_contains, full_match, langs_of, word_count

NAME = "cookies"
MAX_WORDS = 90
BUTTON_REACH = 3


def apply(doc: Document, options: Options) -> None:
    """Remove cookie notices and the buttons under them.

    Cost: O(L) time (indexed phrase search per block of at most MAX_WORDS words, BUTTON_REACH
    blocks after a notice), O(n) memory."""
    langs = langs_of(doc)
    blocks = [b for b in doc.blocks if b.kept]
    for i, block in enumerate(blocks):
        if not block.kept or block.nwords > MAX_WORDS:
            continue
        if not block_contains("cookies", "strong", block, langs):
            continue
        block.remove(NAME, "cookie or consent notice")
        for b in blocks[i + 1 : i + 1 + BUTTON_REACH]:
            if word_count(b.text) <= 4 and full_match("cookies", "buttons", b.text, langs):
                b.remove(NAME, "cookie banner button")
            else:
                break


RULE = Rule(NAME, apply, contextual=True)
