"""The site promoting itself inside the article: follow us, get our app, paywall prompts,
affiliate and advertising notes, licence and opinion disclaimers.

Matched outside quoted speech, in blocks of promo length: an article about an app, or a
quoted "follow us", stays.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Document
from ..options import Options
from .base import Rule, block_contains, full_match, langs_of

NAME = "promo"


@dataclass(frozen=True, slots=True)
class Params:
    """max_words: longer blocks are never the site promoting itself."""

    max_words: int


def apply(doc: Document, options: Options) -> None:
    """Remove self-promotion blocks.

    Cost: O(L) time (blocks of at most ``max_words`` words; indexed phrase search), O(1) memory."""
    p: Params = RULE.params_of(options)
    langs = langs_of(doc)
    for block in doc.blocks:
        if not block.kept or block.nwords > p.max_words:
            continue
        if full_match("promo", "block", block.text, langs) or block_contains(
            "promo", "strong", block, langs, unquoted=True
        ):
            block.remove(NAME, "the site promoting itself (follow us, app, paywall, advertising note)")


RULE = Rule(NAME, apply, params=Params)
