"""Tag and category lists ("Tags: a, b, c", "Filed under: ..."): a label and a list, never a
sentence ("Posted in the middle of the river, ..." ends like one and stays)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Document
from ..options import Options
from .base import Rule, full_match, langs_of

NAME = "tags"


@dataclass(frozen=True, slots=True)
class Params:
    """max_words: longer blocks are never a tag list."""

    max_words: int


def apply(doc: Document, options: Options) -> None:
    """Remove tag lists.  Cost: O(L) time (whole-block match on blocks of at most ``max_words`` words),
    O(1) memory."""
    p: Params = RULE.params_of(options)
    langs = langs_of(doc)
    for block in doc.blocks:
        text = block.text
        if not block.kept or block.nwords > p.max_words or text.rstrip().endswith((".", "!", "?")):
            continue
        if full_match("tags", "block", text, langs):
            block.remove(NAME, "tag or category list")


RULE = Rule(NAME, apply, params=Params)
