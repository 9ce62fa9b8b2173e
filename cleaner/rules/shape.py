"""What a block looks like, for the rules that judge by position and shape: body prose is
long and ends like a sentence; chrome is short or does not."""

from __future__ import annotations

from ..model import Block, Kind

PROSE_WORDS = 12  # a body paragraph has at least this many words ...
_SENTENCE_END = (".", "!", "?", '"', "”", "»", ")", "’")  # ... and ends like a sentence
_TRUNCATED = ("…", "...", "[…]", "[...]", "…)", "...)")  # ... not like a cut excerpt


def is_prose(block: Block) -> bool:
    """A body paragraph by its shape: long, ends like a sentence, not cut short.  O(len(text))."""
    text = block.kept_text.rstrip()
    if block.kind in (Kind.CODE, Kind.TITLE) or block.nwords < PROSE_WORDS:
        return False
    return text.endswith(_SENTENCE_END) and not text.endswith(_TRUNCATED)


def is_sentence(text: str) -> bool:
    """Ends like a sentence (and is not cut short).  O(1)."""
    text = text.rstrip()
    return text.endswith(_SENTENCE_END) and not text.endswith(_TRUNCATED)
