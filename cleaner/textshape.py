"""What a block looks like, for the rules that judge by position and shape: body prose is
long and ends like a sentence; chrome is short or does not."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby, pairwise

from .model import Block, Kind
from .textnorm import ends_like_sentence, words_at_most

PROSE_WORDS = 12  # a body paragraph has at least this many words and ends like a sentence


# Signs of code, each searched on its own: as one alternation (``[;{}=<>]|[\w\])]\(|...``)
# the regex tried a word character and a "(" at every position of every line.
_CODE_CHAR = re.compile(r"[;{}=<>]")
_CALL = re.compile(r"[\w\])]\(")
_QUOTED_KEY = re.compile(r"\s*[\"'].*[\"']\s*:")


def looks_like_code(text: str) -> bool:
    """A line of source code, a log or a config file (a statement ending in ``;``, a call
    ``name(...)``, an assignment, braces, a line ending in a comma, a quoted key): what a code
    block holds once rendered to text, which image names, button labels and captions never
    look like.  O(len(text)): one character-class scan, the call only where a "(" is."""
    return (
        _CODE_CHAR.search(text) is not None
        or ("(" in text and _CALL.search(text) is not None)
        or text.rstrip().endswith(",")
        or _QUOTED_KEY.match(text) is not None
    )


def is_prose_text(text: str) -> bool:
    """Long and ending like a sentence (or opening a list with a colon).  O(len(text)); the
    words are counted only up to PROSE_WORDS (rules ask it of every block, paragraphs too)."""
    return not words_at_most(text, PROSE_WORDS - 1) and (ends_like_sentence(text) or text.rstrip().endswith(":"))


def is_prose(block: Block) -> bool:
    """A kept body paragraph by its shape (see :func:`is_prose_text`).  O(len(text))."""
    if block.kind in (Kind.CODE, Kind.TITLE) or block.nwords < PROSE_WORDS:
        return False
    return is_prose_text(block.kept_text)


_RUNS_ON = frozenset(",;-–—")  # not a colon: "Jane says:" introduces


def _runs_on_line(line: str, after: str) -> bool:
    """Does the sentence go on past this line break: the line ends on a mark that does not
    close a clause (a comma, a dash) or the next line opens in lower case?  O(1)."""
    line = line.rstrip()
    return line[-1:] in _RUNS_ON or after.lstrip()[:1].islower()


def verse_lines(blocks: Sequence[Block]) -> set[int]:
    """ids of the lines of stanzas: a group (lines with no blank line between them) of two
    lines or more, none but the last a paragraph by itself, that reads as prose when joined (a sentence of
    PROSE_WORDS words or more) and whose sentences run on across at least half of its line
    breaks (a comma at the line's end, the next line in lower case).  A poem's or a song's
    stanzas are its paragraphs; a menu, a footer's links or a list of headlines are short
    lines that neither run on nor end like a sentence.  O(n + L)."""
    out: set[int] = set()
    lines = [b for b in blocks if b.text and b.group is not None]
    for _, grouped in groupby(lines, key=lambda b: b.group):
        group = list(grouped)
        texts = [b.text for b in group]
        if len(group) < 2 or any(b.kind is Kind.CODE for b in group) or any(map(is_prose_text, texts[:-1])):
            continue
        if not (is_prose_text(" ".join(texts)) and ends_like_sentence(texts[-1])):
            continue
        if 2 * sum(_runs_on_line(a, b) for a, b in pairwise(texts)) >= len(texts) - 1:
            out.update(id(b) for b in group)
    return out


ITEM_WORDS = 8  # a short line under a paragraph ending in a colon is an item of its list


def is_list_item(block: Block) -> bool:
    """An item of the list a paragraph ending in a colon announces: a list item, or a short
    line that does not end like a sentence (a name, a product, a figure).  O(len(text))."""
    if block.kind is Kind.LIST_ITEM:
        return True
    return block.nwords <= ITEM_WORDS and not ends_like_sentence(block.text)


def is_sentence(text: str) -> bool:
    """Ends like a sentence (and is not cut short).  O(1) amortised."""
    return ends_like_sentence(text)


_INNER_SENTENCE = re.compile(r"[.!?]\s+\S")


def runs_on(text: str) -> bool:
    """A sentence ends inside ``text`` and another follows: prose, not a label, headline or
    caption line.  O(len(text))."""
    return _INNER_SENTENCE.search(text) is not None
