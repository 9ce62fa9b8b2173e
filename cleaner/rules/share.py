"""Share widgets ("Share this:", "Click to share on X") and rows of social network names.

A whole-block phrase match, or a short block made only of network names; "Facebook and
Twitter were fined ..." is a sentence and stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Document
from ..options import Options
from .base import Langs, Rule, block_form, full_match, langs_of, phrases

NAME = "share"


@dataclass(frozen=True, slots=True)
class Params:
    """max_words: longer blocks are never a share widget."""

    max_words: int


_SPLIT = re.compile(r"[\s|,·•/]+")


@cache
def _networks(langs: Langs) -> frozenset[str]:
    return frozenset(n.lower() for n in phrases("share", "networks", langs))


def apply(doc: Document, options: Options) -> None:
    """Remove share widgets and rows of network names.

    Cost: O(L) time (blocks of at most ``max_words`` words), O(1) memory."""
    p: Params = RULE.params_of(options)
    langs = langs_of(doc)
    networks = _networks(langs)
    for block in doc.blocks:
        if not block.kept or block.nwords > p.max_words:
            continue
        if full_match("share", "block", block.text, langs):
            block.remove(NAME, "share widget")
            continue
        words = [w for w in _SPLIT.split(block_form(block.text).lower()) if w]
        if words and all(w in networks for w in words) and (len(words) >= 2 or len(block.text) <= 12):
            block.remove(NAME, "row of social network names")


RULE = Rule(NAME, apply, params=Params)
