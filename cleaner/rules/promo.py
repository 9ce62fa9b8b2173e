"""The site promoting itself inside the article: follow us, get our app, paywall prompts,
affiliate and advertising notes, licence and opinion disclaimers.

Matched outside quoted speech, in blocks of promo length: an article about an app, or a
quoted "follow us", stays.
"""

from __future__ import annotations

from ..model import Document
from ..options import Options
from .base import Rule, block_contains, full_match, langs_of

NAME = "promo"
MAX_PROMO_WORDS = 60


def apply(doc: Document, options: Options) -> None:
    """Remove self-promotion blocks.

    Cost: O(L) time (blocks of at most MAX_PROMO_WORDS words; indexed phrase search), O(1) memory."""
    langs = langs_of(doc)
    for block in doc.blocks:
        if not block.kept or block.nwords > MAX_PROMO_WORDS:
            continue
        if full_match("promo", "block", block.text, langs) or block_contains(
            "promo", "strong", block, langs, unquoted=True
        ):
            block.remove(NAME, "the site promoting itself (follow us, app, paywall, advertising note)")


RULE = Rule(NAME, apply)
