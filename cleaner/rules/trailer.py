"""Page chrome after the body of a text dump, by position and shape.

After the last kept paragraph that reads as prose (what the output ends with, so that cleaning
the output again decides the same), a page holds
what follows an article: share rows, "Previous post" links, tag lists, footers, sign-up
boxes, related headlines.  Whatever their wording, most do not end like a sentence; body
text after its last prose paragraph does (a short closing line, a reference), or is the list
a paragraph ending in a colon announces.  Both stay, unless the line names the article's own
title ("The post <title> appeared first on ...": the feed's footer) or is the site's credit
line ("Theme: Neve by ThemeGrill.").
"""

from __future__ import annotations

import re

from ..model import Block, Document, Kind
from ..options import Options
from ..steps import Stage
from ..textnorm import compare_key
from ..textshape import is_list_item, is_prose, is_sentence, verse_lines
from .base import ALL_LANGS, Rule
from .labels import is_label
from .linemodel import has_chrome

NAME = "page_end"
MIN_TITLE_WORDS = 3  # a shorter title could be any phrase
MAX_CHROME_WORDS = 60
MAX_CREDIT_WORDS = 10
_CAPITALISED = re.compile(r"(?<![\w’'])[^\W\d_a-zà-ÿ][^\W_]*")


def _site_credit(text: str) -> bool:
    """The site's credit line ("Theme: Neve by ThemeGrill.", "Published with Ghost"): words of
    ``footer.label_core`` / ``label_words`` (any language's, :mod:`.labels`) and names only.
    O(len(text))."""
    names = {m.group().casefold() for m in _CAPITALISED.finditer(text)}
    return is_label(text, "footer", ALL_LANGS, MAX_CREDIT_WORDS, also=names.__contains__)


def _names_title(block: Block, title: str) -> bool:
    """A short block holding the article's own title (its comparison key ``title``), and more:
    after the body, the feed's footer ("The post <title> appeared first on ...").
    O(len(text))."""
    if not title or block.nwords > MAX_CHROME_WORDS:
        return False
    key = compare_key(block.text)
    return title in key and key != title


def apply(doc: Document, options: Options) -> None:
    """Remove blocks that do not end like a sentence after the body's last prose paragraph
    or stanza line.

    Cost: O(n + L) time (one pass back to the last prose block, one forward), O(1) memory
    besides the block list."""
    blocks = [b for b in doc.blocks if b.text]
    title = compare_key(doc.title) if doc.title and len(doc.title.split()) >= MIN_TITLE_WORDS else ""
    last = None
    verse = verse_lines([b for b in blocks if b.kept])  # a poem's stanzas are its paragraphs
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if b.kept and (is_prose(b) or id(b) in verse):
            if not _names_title(b, title):  # the feed's footer is no paragraph of the article
                last = i
                break
    if last is None:
        return
    announced = blocks[last].text.rstrip().endswith(":")
    # What does not end like a sentence goes only from a page that has chrome: in a clean
    # text, lines after its last paragraph are its own (a closing list, a poll's results,
    # contributors' names, references).  The line model judges the document (None: too short
    # for it to say, and the shape alone decides).
    shaped = has_chrome(doc, options) is not False
    for b in blocks[last + 1 :]:
        if announced and is_list_item(b):
            continue
        announced = False
        if not b.kept or b.kind is Kind.TITLE:
            continue
        if shaped and not is_sentence(b.kept_text):
            b.remove(NAME, "after the body's last paragraph, not a sentence")
        elif _names_title(b, title):
            b.remove(NAME, "after the body's last paragraph, a line naming the article's own title")
        elif b.nwords <= MAX_CREDIT_WORDS and _site_credit(b.kept_text):
            b.remove(NAME, "after the body's last paragraph, the site's credit line (theme, platform)")


RULE = Rule(NAME, apply, stage=Stage.FINALIZE, text_only=True, contextual=True)
