"""Donation, membership, Patreon and subscription appeals, with the block they head.

An appeal is a paragraph that asks the reader for money or membership ("Support us now with
a donation of your choosing", "Become a patron"): a *strong* phrase found outside quoted
speech, in a paragraph of appeal length, that speaks to the reader (you/your/us/we/our).
When a short appeal heading ("Support ASEAN news") stands up to a few blocks above it, the
heading and everything between go too: that is the appeal box of a WordPress page.

An article *about* donations keeps its paragraphs: they report ("donations rose 20%") rather
than ask, quotes are ignored, and long paragraphs are not appeals.
"""

from __future__ import annotations

from ..memo import text_memo
from ..model import Block, Document, Kind
from ..options import Options
from .base import ALL_LANGS, Langs, Rule, contains, full_match, langs_of, outside_quotes, word_count, word_regex
from .shape import is_sentence

NAME = "appeal"
MAX_APPEAL_WORDS = 90  # longer paragraphs are article text even when they mention donating
MAX_HEAD_WORDS = 8
HEAD_REACH = 4  # how many blocks above a strong paragraph its heading may stand


def is_appeal(block: Block, langs: Langs = ALL_LANGS) -> bool:
    """A paragraph asking the reader to donate, subscribe or join (phrases of ``langs``)."""
    if block.nwords > MAX_APPEAL_WORDS:
        return False
    return _asks(outside_quotes(block.kept_text), langs)


@text_memo()
def _asks(spoken: str, langs: Langs) -> bool:
    return (
        contains("appeal", "strong", spoken, langs)
        and word_regex("appeal", "address", langs).search(spoken) is not None
    )


def is_appeal_head(text: str, langs: Langs = ALL_LANGS) -> bool:
    return word_count(text) <= MAX_HEAD_WORDS and full_match("appeal", "head", text, langs)


def apply(doc: Document, options: Options) -> None:
    """Remove appeals and the appeal box above them.

    Cost: O(L) time (each kept block is tested once: ``outside_quotes`` looks at most 2,000
    characters ahead per quote mark, the phrase search is indexed), plus O(HEAD_REACH) blocks looked
    back per appeal; O(n) memory for the list of candidate blocks."""
    langs = langs_of(doc)
    blocks = [b for b in doc.blocks if b.kept and b.kind not in (Kind.CODE, Kind.TITLE)]
    for i, block in enumerate(blocks):
        if not block.kept or not is_appeal(block, langs):
            continue
        block.remove(NAME, "asks the reader for a donation, membership or subscription")
        for j in range(i - 1, max(-1, i - 1 - HEAD_REACH), -1):
            above = blocks[j]
            if not above.kept:
                if above.removal is not None and above.removal.rule == NAME:
                    # The box's heading or an earlier appeal paragraph: take what lies between.
                    for k in range(j + 1, i):
                        blocks[k].remove(NAME, "part of a donation/support appeal box")
                    break
                continue
            if is_appeal_head(above.kept_text, langs):
                for k in range(j, i):
                    blocks[k].remove(NAME, "part of a donation/support appeal box")
                break
    # A lone appeal heading directly followed by a donate button.
    for i, block in enumerate(blocks[:-1]):
        if (
            block.kept
            and is_appeal_head(block.kept_text, langs)
            and full_match("buttons", "block", blocks[i + 1].text, langs)
        ):
            block.remove(NAME, "appeal heading over a donate button")
    if doc.kind == "text":
        _take_box(blocks, langs)


BOX_REACH = 3  # blocks on each side of an appeal that may belong to its box
MAX_BOX_WORDS = 12  # longer blocks beside an appeal may be the article's own prose
MAX_BOX_HEAD_WORDS = 6


def _take_box(blocks: list[Block], langs: Langs) -> None:
    """An appeal box as a whole: from each recognised appeal, the short blocks next to it
    that speak to the reader (an address word, outside quotes), and short headings above it,
    up to ``BOX_REACH`` on each side, stopping at the first that is neither.  (A heading below
    the box heads what follows it: "Leave a Reply" belongs to the comment form.)
    Text dumps only: HTML keeps its boxes apart by structure.

    Cost: O(n * BOX_REACH) time, O(n) memory."""
    address = word_regex("appeal", "address", langs)
    anchors = [i for i, b in enumerate(blocks) if b.removal is not None and b.removal.rule == NAME]
    for i in anchors:
        for step in (-1, 1):
            for d in range(1, BOX_REACH + 1):
                k = i + step * d
                if not 0 <= k < len(blocks):
                    break
                b = blocks[k]
                if not b.kept:
                    if b.removal is not None and b.removal.rule == NAME:
                        continue
                    break
                text = b.kept_text
                head = step < 0 and b.nwords <= MAX_BOX_HEAD_WORDS and not is_sentence(text)
                speaks = b.nwords < MAX_BOX_WORDS and address.search(outside_quotes(text)) is not None
                if b.kind is Kind.LIST_ITEM or not (head or speaks):
                    break
                b.remove(NAME, "part of a donation/support appeal box (speaks to the reader beside an appeal)")


RULE = Rule(NAME, apply, contextual=True)
