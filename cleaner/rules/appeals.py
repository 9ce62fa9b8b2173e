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
from ..textnorm import words_at_most
from ..textshape import is_prose, is_sentence
from .base import (
    ALL_LANGS,
    Langs,
    Rule,
    contains,
    full_match,
    langs_of,
    outside_quotes,
    word_regex,
)
from .labels import openings

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
    return words_at_most(text, MAX_HEAD_WORDS) and full_match("appeal", "head", text, langs)


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
        _vocabulary_boxes(blocks, langs)
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


MAX_VOCAB_BLOCK_WORDS = 45  # a box line; longer blocks are the article's own paragraphs
MIN_BOX_TOPICS = 3  # distinct appeal words a box uses
MIN_BOX_LINES = 2  # blocks of the box that use one
MIN_PARAGRAPH_WORDS = 20  # a block this long at a box's edge that names no cause is article text


def _paragraph(block: Block) -> bool:
    """Prose of a paragraph's length, not a box line.  O(len(text))."""
    return block.nwords >= MIN_PARAGRAPH_WORDS and is_prose(block)


@text_memo(factor=2)
def _box_words(text: str, langs: Langs) -> tuple[frozenset[str], frozenset[str], bool]:
    """(asking words, cause words, speaks to the reader) of ``text`` outside quotes; memoised,
    as the rule re-runs while settling.  O(len(text))."""
    folded = text.casefold()
    ask, cause = openings("appeal", "ask", langs), openings("appeal", "cause", langs)
    if ask.search(folded) is None and cause.search(folded) is None:
        return frozenset(), frozenset(), False
    spoken = outside_quotes(text).casefold()
    addressed = word_regex("appeal", "address", langs).search(spoken) is not None
    return frozenset(ask.findall(spoken)), frozenset(cause.findall(spoken)), addressed


def _speaks(text: str, langs: Langs) -> bool:
    """Speaks to the reader or for the site (an address word outside quotes).  O(len(text))."""
    return word_regex("appeal", "address", langs).search(outside_quotes(text)) is not None


def _box_heading(block: Block) -> bool:
    """A short heading ("Why we ask", "Can you help?"): few words, no final period or colon."""
    text = block.kept_text.rstrip()
    return block.nwords <= MAX_HEAD_WORDS and not text.endswith((".", ":", ";", ","))


def _vocabulary_boxes(blocks: list[Block], langs: Langs) -> None:
    """An appeal box that no phrase names, by what it talks about: a run of consecutive short
    blocks (at most ``MAX_VOCAB_BLOCK_WORDS`` words) that use the appeal vocabulary and speak
    to the reader (or, under ``MAX_BOX_WORDS``, name both the asking and the cause), with short
    headings among them that speak to the reader or use the vocabulary ("Why we ask", "Become
    a member").  The run must use words of asking (money, membership) and of the cause (the
    newsroom, its readers, no ads), ``MIN_BOX_TOPICS`` distinct ones in ``MIN_BOX_LINES``
    lines.  One heading may open the box; headings after its last line head what follows.  A
    paragraph-long block at an edge of the run naming only money (a pension) or only readers
    (an editors' note) is the article's; an article paragraph is long, or does not speak to
    the reader, or stands alone.  Text dumps only.

    Cost: O(n + L) time (each block scanned once per pattern), O(n) memory."""
    ask, cause = openings("appeal", "ask", langs), openings("appeal", "cause", langs)
    page = " ".join(b.kept_text for b in blocks if b.kept).casefold()
    if ask.search(page) is None or cause.search(page) is None:
        return  # no box without both kinds of words (most pages: one C-level scan)
    run: list[tuple[Block, frozenset[str], frozenset[str]]] = []  # block, its asking words, its cause words

    def close() -> None:
        if not run:  # most blocks close an empty run
            return
        asks = frozenset().union(*(a for _, a, _ in run))
        causes = frozenset().union(*(c for _, _, c in run))
        lines = sum(1 for _, a, c in run if a or c)
        if lines < MIN_BOX_LINES or not asks or not causes or len(asks | causes) < MIN_BOX_TOPICS:
            return
        first = next(i for i, (_, a, c) in enumerate(run) if a or c)
        lo, hi = max(0, first - 1), len(run)
        while hi > lo and not run[hi - 1][1] and not run[hi - 1][2]:
            hi -= 1  # headings after the box's last line
        # A paragraph-long block at either end that only mentions money (contributing to a
        # pension) or only readers (an editors' note) is the article's text beside the box.
        while lo < hi and not (run[lo][1] and run[lo][2]) and _paragraph(run[lo][0]):
            lo += 1
        while hi > lo and not (run[hi - 1][1] and run[hi - 1][2]) and _paragraph(run[hi - 1][0]):
            hi -= 1
        for b, _, _ in run[lo:hi]:
            b.remove(NAME, "a box of short lines asking the reader to fund the site or its cause")

    for block in blocks:
        if not block.kept or block.kind in (Kind.LIST_ITEM, Kind.TABLE_ROW) or block.nwords > MAX_VOCAB_BLOCK_WORDS:
            close()
            run = []
            continue
        said_ask, said_cause, addressed = _box_words(block.kept_text, langs)
        if (said_ask or said_cause) and (addressed or (said_ask and said_cause and block.nwords < MAX_BOX_WORDS)):
            run.append((block, said_ask, said_cause))
        elif _box_heading(block) and (said_ask or said_cause or _speaks(block.kept_text, langs)):
            run.append((block, frozenset(), frozenset()))  # may open the box or stand inside it
        else:
            close()
            run = []
    close()


RULE = Rule(NAME, apply, contextual=True)
