"""Comment widgets and comment threads: "NO COMMENTS", "Leave a Reply", "3 Comments".

Widget lines go wherever they stand.  A comment *thread* in a text dump (a comments heading
followed, within a few blocks, by comment metadata such as "Jane says:" or a date-and-time
line) is removed from its heading to the end of the document: comment bodies read like prose,
the heading and the metadata are what give them away.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Document
from ..options import Options
from ..textnorm import words_at_most
from .base import Langs, Rule, full_match, langs_of, word_regex
from .bylines import is_date_line

NAME = "comments"


@dataclass(frozen=True, slots=True)
class Params:
    """thread_start_share: a comments heading this far into the text (share of it) starts a thread."""

    thread_start_share: float


THREAD_EVIDENCE_REACH = 3


def _is_widget(text: str, langs: Langs) -> bool:
    return words_at_most(text, 30) and full_match("comments", "block", text, langs)


def _is_meta(text: str, langs: Langs) -> bool:
    return words_at_most(text, 12) and (full_match("comments", "meta", text, langs) or is_date_line(text))


def apply(doc: Document, options: Options) -> None:
    """Remove comment widgets and the thread under a comments heading.

    Cost: O(n + L) time (THREAD_EVIDENCE_REACH blocks looked at per widget; the thread is removed
    once, then the rule stops), O(n) memory."""
    p: Params = RULE.params_of(options)
    langs = langs_of(doc)
    blocks = [b for b in doc.blocks if b.kept]
    sizes = [len(b.kept_text) for b in blocks]
    total = sum(sizes) or 1
    done = 0
    for i, block in enumerate(blocks):
        done += sizes[i]
        if not block.kept or block.nwords > 30 or not _is_widget(block.text, langs):
            continue
        block.remove(NAME, "comment widget")
        following = blocks[i + 1 : i + 1 + THREAD_EVIDENCE_REACH]
        meta = any(_is_meta(b.text, langs) for b in following)
        # A comments heading or form in the last part of the page heads the thread, even
        # without "says:" lines (HTML threads put names and dates in separate blocks).
        late = done / total >= p.thread_start_share and bool(following)
        if meta or (late and not word_regex("comments", "none", langs).search(block.text)):
            for b in blocks[i + 1 :]:
                b.remove(NAME, "comment thread under a comments heading")
            return


RULE = Rule(NAME, apply, params=Params, contextual=True)
