"""Page chrome after the body of a text dump, by position and shape.

After the last paragraph that reads as prose (kept, or a removed copy of one), a page holds
what follows an article: share rows, "Previous post" links, tag lists, footers, sign-up
boxes, related headlines.  Whatever their wording, most do not end like a sentence; body
text after its last prose paragraph does (a short closing line, a reference), or is the list
a paragraph ending in a colon announces.  Both stay.
"""

from __future__ import annotations

from ..model import Document, Kind
from ..options import Options
from .base import DUPLICATE, Rule
from .shape import is_prose, is_prose_text, is_sentence

NAME = "page_end"


def apply(doc: Document, options: Options) -> None:
    """Remove blocks that do not end like a sentence after the body's last prose paragraph.

    Cost: O(n + L) time (one pass back to the last prose block, one forward), O(1) memory."""
    blocks = [b for b in doc.blocks if b.text]
    last = None
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if (b.kept and is_prose(b)) or (
            b.removal is not None and b.removal.rule == DUPLICATE and is_prose_text(b.text)
        ):
            last = i
            break
    if last is None:
        return
    announced = blocks[last].text.rstrip().endswith(":")
    for b in blocks[last + 1 :]:
        if announced and b.kind is Kind.LIST_ITEM:
            continue
        announced = False
        if b.kept and b.kind is not Kind.TITLE and not is_sentence(b.kept_text):
            b.remove(NAME, "after the body's last paragraph, not a sentence")


RULE = Rule(NAME, apply, text_only=True, contextual=True)
