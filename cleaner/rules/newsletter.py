"""Newsletter sign-up boxes ("Enter your email address", "delivered to your inbox").

A whole-block phrase match, or a *strong* phrase outside quoted speech in a block of sign-up
length: an article about newsletters is longer, and a quoted "like and subscribe" stays.
"""

from __future__ import annotations

from ..model import Document
from ..options import Options
from .base import Rule, block_contains, full_match, langs_of

NAME = "newsletter"
MAX_BLOCK_WORDS = 40
MAX_STRONG_WORDS = 30


def apply(doc: Document, options: Options) -> None:
    """Remove newsletter sign-ups.  Cost: O(L) time (whole-block match or indexed phrase search per
    block of at most MAX_BLOCK_WORDS words), O(1) memory."""
    langs = langs_of(doc)
    for block in doc.blocks:
        if not block.kept:
            continue
        n = block.nwords
        if n <= MAX_BLOCK_WORDS and full_match("newsletter", "block", block.text, langs):
            block.remove(NAME, "newsletter sign-up")
        elif n <= MAX_STRONG_WORDS and block_contains("newsletter", "strong", block, langs, unquoted=True):
            block.remove(NAME, "newsletter sign-up")


RULE = Rule(NAME, apply)
