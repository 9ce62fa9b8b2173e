"""Short widget lines that are boilerplate as a whole: buttons, share bars, newsletter
sign-ups, tag lists.

Each is a whole-block phrase match (``block`` patterns in ``data/phrases/*.toml``) on a block
short enough to be a widget; a sentence that merely contains "share" or "subscribe" never
matches, because the pattern must cover the whole block.
"""

from __future__ import annotations

import re
from functools import cache

from ..model import Document
from ..options import Options
from .base import (
    Rule,
    block_contains,
    block_form,
    contains,
    full_match,
    load_phrases,
    phrase_regex,
    phrase_rule,
)

BUTTONS = phrase_rule("button", "buttons", "button or link text", max_words=6)

SHARE = "share"
NEWSLETTER = "newsletter"
_SPLIT = re.compile(r"[\s|,·•/]+")
_TAIL_MIN_WORDS = 6
_TAIL_CHARS = 40  # "read more" link text sits in the last few characters


def _networks() -> frozenset[str]:
    return frozenset(n.lower() for n in load_phrases().get("share", {}).get("networks", []))


def apply_share(doc: Document, options: Options) -> None:
    """Remove share widgets and rows of network names.  Cost: O(L) time (blocks of at most 15 words), O(1) memory."""
    networks = _networks()
    for block in doc.blocks:
        if not block.kept or block.nwords > 15:
            continue
        if full_match("share", "block", block.text):
            block.remove(SHARE, "share widget")
            continue
        words = [w for w in _SPLIT.split(block_form(block.text).lower()) if w]
        if words and all(w in networks for w in words) and (len(words) >= 2 or len(block.text) <= 12):
            block.remove(SHARE, "row of social network names")


def apply_newsletter(doc: Document, options: Options) -> None:
    """Remove newsletter sign-ups.  Cost: O(L) time (whole-block match or indexed phrase search per
    block of at most 40 words), O(1) memory."""
    for block in doc.blocks:
        if not block.kept:
            continue
        n = block.nwords
        if n <= 40 and full_match("newsletter", "block", block.text):
            block.remove(NEWSLETTER, "newsletter sign-up")
        elif n <= 30 and block_contains("newsletter", "strong", block, unquoted=True):
            block.remove(NEWSLETTER, "newsletter sign-up")


MAX_PROMO_WORDS = 60


def apply_promo(doc: Document, options: Options) -> None:
    """The site promoting itself inside the article: follow us, get our app, paywall prompts,
    affiliate disclosures.  Matched outside quoted speech, in blocks of promo length.

    Cost: O(L) time (blocks of at most MAX_PROMO_WORDS words; indexed phrase search), O(1) memory."""
    for block in doc.blocks:
        if not block.kept or block.nwords > MAX_PROMO_WORDS:
            continue
        if full_match("promo", "block", block.text) or block_contains("promo", "strong", block, unquoted=True):
            block.remove("promo", "the site promoting itself (follow us, app, paywall, advertising note)")


@cache
def _tail_regex() -> re.Pattern[str] | None:
    rx = phrase_regex("buttons", "tail")
    return None if rx is None else re.compile(rf"\s*(?:{rx.pattern})\s*$", re.IGNORECASE)


def apply_tail(doc: Document, options: Options) -> None:
    """'Read more' glued to the end of a teaser: cut the link text, keep the teaser.

    Only when it reads as a link: after a truncation mark or sentence end, in title or upper
    case, or followed by an arrow; "he wanted to read more" stays.

    Cost: O(n) time (only the last _TAIL_CHARS characters of a block are searched), O(1) memory.
    """
    tail = _tail_regex()
    if tail is None:
        return
    for block in doc.blocks:
        if not block.kept or block.nwords < _TAIL_MIN_WORDS:
            continue
        start = max(0, len(block.text) - _TAIL_CHARS)
        if not contains("buttons", "tail", block.text[start:]):  # indexed pre-check
            continue
        m = tail.search(block.text, start)
        if m is None:
            continue
        before = block.text[: m.start()].rstrip()
        link = block.text[m.start() :].strip()
        if before.endswith((".", "…", "]", "!", "?", ")")) or link[-1:] in "»›→>…" or link.istitle() or link.isupper():
            block.cut(m.start(), len(block.text), "button", "'read more' link text after a teaser")


def apply_tags(doc: Document, options: Options) -> None:
    """ "Tags: a, b, c": a label and a list, never a sentence ("Posted in the middle of ...").

    Cost: O(L) time (whole-block match on blocks of at most 60 words), O(1) memory."""
    for block in doc.blocks:
        text = block.text
        if not block.kept or block.nwords > 60 or text.rstrip().endswith((".", "!", "?")):
            continue
        if full_match("tags", "block", text):
            block.remove("tags", "tag or category list")


TAGS = Rule("tags", apply_tags)
SHARE_RULE = Rule(SHARE, apply_share)
NEWSLETTER_RULE = Rule(NEWSLETTER, apply_newsletter)
TAIL_RULE = Rule("button_tail", apply_tail)
PROMO_RULE = Rule("promo", apply_promo)
