"""Related-post lists and "Read also:" lines.

A related-posts heading ("Related Posts", "You may also like", "Lesen Sie auch") goes, and
takes the headline-like blocks below it (short, no final period) with it, up to the first
paragraph that reads like a sentence.  An inline "Read also: <headline>" line goes on its own,
as does any link label made of its vocabulary before a headline ("Older post: <headline>",
"Previous story<headline>" glued).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document, Kind
from ..options import Options
from ..steps import Stage
from ..textnorm import LOWER, UPPER
from ..textshape import runs_on
from .base import ALL_LANGS, Rule, full_match, langs_of, word_count
from .labels import is_label

NAME = "related"


@dataclass(frozen=True, slots=True)
class Params:
    """max_items: blocks after a related-posts heading that may be its items."""

    max_items: int


TRAILING = "related_tail"
MAX_HEAD_WORDS = 8
MAX_ITEM_WORDS = 20
MAX_DOTTED_ITEM_WORDS = 16


def _headline_like(text: str) -> bool:
    """A linked headline: short, and no sentence after it (some lists end each headline with
    a period: "Ferry returns in May." stays a headline, "It sails. Tickets..." does not)."""
    t = text.rstrip()
    if word_count(t) > MAX_ITEM_WORDS or t.endswith((";", ":")):
        return False
    return not t.endswith(".") or (". " not in t[:-1] and word_count(t) <= MAX_DOTTED_ITEM_WORDS)


MAX_LABEL_WORDS = 4
_LEAD_MARKS = re.compile(r"^[\s«‹←<|*•·▪►▶]+")
# Where a label glued to a headline ends: a small letter, then a capital or digit ("Previous
# storyWhy ...", "Next6 Types ..."), within the first words.
_GLUE = re.compile(rf"^(.{{2,40}}?[{LOWER}])(?=[{UPPER}0-9])")


def labelled_link(text: str) -> bool:
    """A link label made of its vocabulary only (:mod:`.labels`: 'Next', 'Older post', 'Recommended
    reading', any language's) before another post's headline, after a colon or glued to it.
    The headline part is short, starts with a capital or digit, and is no sentence run on.
    O(len(text))."""
    text = _LEAD_MARKS.sub("", text)
    colon = text.find(":", 0, 60)
    if colon > 0:
        label, rest = text[:colon], text[colon + 1 :].strip()
    else:
        m = _GLUE.match(text)
        if m is None:
            return False
        label, rest = m.group(1), text[m.end() :]
    if not rest or not (rest[0].isupper() or rest[0].isdigit()) or len(label.split()) > MAX_LABEL_WORDS:
        return False
    if not _headline_like(rest) or runs_on(rest):
        return False
    return is_label(label, "related", ALL_LANGS, MAX_LABEL_WORDS)


def apply(doc: Document, options: Options) -> None:
    """Remove related-post headings with the headlines under them, and 'read also' lines.

    Cost: O(n + L) time (at most ``max_items`` blocks after each heading), O(n) memory."""
    p: Params = RULE.params_of(options)
    langs = langs_of(doc)
    blocks = [b for b in doc.blocks if b.kept and b.kind is not Kind.TITLE]
    for i, block in enumerate(blocks):
        if not block.kept:
            continue
        text = block.text
        n = block.nwords
        if n > 35:
            continue
        if n <= MAX_HEAD_WORDS and full_match("related", "head", text, langs):
            items = []
            for b in blocks[i + 1 : i + 1 + p.max_items]:
                short_item = b.kind is Kind.LIST_ITEM and b.nwords <= 25
                if not b.kept or not (_headline_like(b.text) or short_item):
                    break
                items.append(b)
            # The heading goes even alone (its list of links may have been pruned already);
            # what follows goes only while it reads like headlines.
            block.remove(NAME, "related-posts heading")
            for b in items:
                b.remove(NAME, "related-post headline")
        elif n <= 35 and full_match("related", "inline", text, langs):
            block.remove(NAME, "'read also' link line")
        elif n <= MAX_ITEM_WORDS + MAX_LABEL_WORDS and labelled_link(text):
            block.remove(NAME, "a link label before another post's headline")


def trim_trailing(doc: Document, options: Options) -> None:
    """A related-posts heading left last in the output (its list was pruned or was a repeat).

    Runs after dedup, on what is really kept, so that cleaning the output again finds the
    same state: cleaning clean text changes nothing.

    Cost: O(n + L) time (one pass for the kept blocks, then back from the end), O(n) memory.
    """
    langs = langs_of(doc)
    kept = doc.kept_blocks
    while kept and kept[-1].nwords <= MAX_HEAD_WORDS and full_match("related", "head", kept[-1].text, langs):
        kept.pop().remove(TRAILING, "related-posts heading at the end of the article")


RULE = Rule(NAME, apply, params=Params, contextual=True)
TRAILING_RULE = Rule(TRAILING, trim_trailing, stage=Stage.FINALIZE, contextual=True)
