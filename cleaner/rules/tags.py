"""Tag and category lists ("Tags: a, b, c", "Filed under: ..."): a label and a list, never a
sentence ("Posted in the middle of the river, ..." ends like one and stays)."""

from __future__ import annotations

from ..model import Document
from ..options import Options
from .base import Rule, full_match, langs_of

NAME = "tags"
MAX_WORDS = 60


def apply(doc: Document, options: Options) -> None:
    """Remove tag lists.  Cost: O(L) time (whole-block match on blocks of at most MAX_WORDS words),
    O(1) memory."""
    langs = langs_of(doc)
    for block in doc.blocks:
        text = block.text
        if not block.kept or block.nwords > MAX_WORDS or text.rstrip().endswith((".", "!", "?")):
            continue
        if full_match("tags", "block", text, langs):
            block.remove(NAME, "tag or category list")


RULE = Rule(NAME, apply)
