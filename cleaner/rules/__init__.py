"""Boilerplate rules, in the order they run.

Each rule lives in its own module, exposes a :class:`~cleaner.rules.base.Rule`, and takes
its phrase lists and patterns from ``data/``.  Order matters where a rule feeds another:
shortcodes harvest caption texts that the image rule then removes everywhere; buttons go
before related posts so that a lone "Read more" is a button, not a related-posts heading.

Every rule states its cost in its docstring, for a document of n blocks and L characters in
all: each is O(n + L) in time (neighbour windows and candidate lists are capped; patterns are
anchored, bounded or searched in a bounded tail) and at most O(n + L) in memory.  Phrase
patterns are data: they must not nest repeats, so that a match stays linear in its text.
"""

from __future__ import annotations

from . import (
    appeals,
    buttons,
    bylines,
    comments,
    cookies,
    copies,
    header,
    images,
    linemodel,
    navigation,
    newsletter,
    noise,
    postchrome,
    promo,
    related,
    share,
    shortcodes,
    tags,
    trailer,
)
from .base import DUPLICATE, Rule

RULES: list[Rule] = [
    shortcodes.RULE,
    images.ALT_RULE,
    images.RULE,
    images.PAIRS_RULE,
    appeals.RULE,
    buttons.RULE,
    buttons.TAIL_RULE,
    newsletter.RULE,
    share.RULE,
    promo.RULE,
    comments.RULE,
    related.RULE,
    cookies.RULE,
    tags.RULE,
    bylines.CONTEXT_RULE,
    bylines.RULE,
    navigation.CONTEXT_RULE,
    navigation.RULE,
    postchrome.RULE,
    noise.RULE,
]

# Run once after dedup: they read the copies dedup found (Block.copy_of), which later
# removals do not change.
STRUCTURE_RULES: list[Rule] = [copies.RULE, copies.LABEL_RULE]

# Run after dedup, on what is finally kept (again after every settle pass).
FINAL_RULES: list[Rule] = [header.RULE, trailer.RULE, related.TRAILING_RULE]

# Every name that can appear in removals (besides HTML extraction's own verdicts,
# html_prune / html_selection / caption markup), the names ``disabled_rules`` takes: each
# rule records its removals under its own ``Rule.name`` and no other.
# Text dumps only, last: the learned line classifier (it scores the blocks before the rules run).
MODEL_RULES: list[Rule] = [linemodel.RULE]

RULE_NAMES = [r.name for r in RULES + STRUCTURE_RULES + FINAL_RULES + MODEL_RULES] + [DUPLICATE]

__all__ = ["DUPLICATE", "FINAL_RULES", "MODEL_RULES", "RULES", "RULE_NAMES", "STRUCTURE_RULES", "Rule"]
