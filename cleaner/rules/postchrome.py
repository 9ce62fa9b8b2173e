"""Chrome around the repeated posts of one page: author stats, vote counts, post dates, UI labels.

A forum thread or a list of reviews repeats a small frame around every post: ``Posts: 1,077``,
``Joined: Mar 2019``, ``12``, ``03-12-2019 10:42 PM #3``, ``Reply``.  No phrase list can name
these on every site, but their shape shows on any site: short lines that are not sentences,
mostly digits or a ``label: value`` pair whose value holds a number, whose form (digits
blanked) recurs at least three times with the numbers changing, each time between runs of the
page's prose.  Bare numbers are the evidence of a frame, and so are ``label: value`` lines
with no heading between their occurrences (a listicle repeats ``Founded: 1994`` facts too, but
in item cards that each have a heading); on a page that shows a frame, the lone UI labels
(one to three words, exactly the same text, again between posts) repeated the same way go too.

Left alone: headings, code, table cells, prices (a currency sign: product cards and menus
list prices on purpose), percentages, sentences (more than six words or over 40 characters), and any form
seen only once or twice, or only in one run without prose between its occurrences (a table
or list of figures).
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from ..model import Block, Document, Kind
from ..options import Options
from .base import Rule

NAME = "post_chrome"
_MAX_CHARS = 40
_MAX_WORDS = 6
_MIN_REPEATS = 3
_PROSE_CHARS = 80  # a block this long between two occurrences: they frame different posts
_LABEL_WORDS = 3  # a lone UI label (or the label of "label: value") has at most this many words
_LABEL_CHARS = 20  # ... and a lone label at most this many characters
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_]+")  # a name or month in a mostly-digit line: "Mar 3, 2019"
_LABEL_VALUE = re.compile(r"([^\W\d][^\d:]{0,24}):\s*(\S.{0,30})")
_NUMERIC = "#"  # prefix of the forms of mostly-digit lines
_EXEMPT = frozenset((Kind.HEADING, Kind.TITLE, Kind.CODE))


def _short_line(block: Block, max_chars: int, max_words: int) -> str | None:
    """The block's kept text when it is a short non-empty line outside headings, code and
    tables (where chrome is looked for), else None.  O(1)."""
    text = block.kept_text
    if not text or len(text) > max_chars or block.nwords > max_words:
        return None
    if block.kind in _EXEMPT or block.hints.get("in_table"):
        return None
    return text


def _form(block: Block) -> str | None:
    """The block's chrome form (digits and words blanked, or a label case-folded), or None when the
    block is no chrome candidate.  O(len(text)), texts of at most 40 characters."""
    text = _short_line(block, _MAX_CHARS, _MAX_WORDS)
    if text is None or any(unicodedata.category(ch) == "Sc" for ch in text):
        return None
    digits = sum(ch.isdigit() for ch in text)
    if not digits or "%" in text:
        return None
    visible = sum(not ch.isspace() for ch in text)
    if 2 * digits >= visible:
        return _NUMERIC + _WORD.sub("a", _DIGITS.sub("0", text))
    m = _LABEL_VALUE.fullmatch(text)
    if m and len(m.group(1).split()) <= _LABEL_WORDS and any(ch.isdigit() for ch in m.group(2)):
        return m.group(1).casefold() + ":"
    return None


def _label(block: Block) -> str | None:
    """A lone UI label: a few short words, no digits, no sentence punctuation.  O(len(text))."""
    text = _short_line(block, _LABEL_CHARS, _LABEL_WORDS)
    if text is None or text.endswith((":", ".", "?", "!")) or any(ch.isdigit() for ch in text):
        return None
    return "=" + text.casefold()


def _framing(positions: list[int], prose: list[int]) -> bool:
    """At least two gaps between consecutive occurrences hold prose (a post between them).

    ``prose`` is the running count of prose blocks up to each index.  O(len(positions))."""
    gaps = sum(1 for a, b in itertools.pairwise(positions) if prose[b] > prose[a])
    return gaps >= _MIN_REPEATS - 1


def apply_post_chrome(doc: Document, options: Options) -> None:
    """Remove the repeated frame lines of a page of posts.

    Time O(n + L) for n blocks and L characters (each block's form is read once and grouped
    in a dict), memory O(n).
    """
    kept = [b for b in doc.blocks if b.kept]
    prose: list[int] = []
    heads: list[int] = []
    count = n_heads = 0
    forms: dict[str, list[int]] = {}
    labels: dict[str, list[int]] = {}
    for i, b in enumerate(kept):
        if len(b.kept_text) >= _PROSE_CHARS and b.kind not in _EXEMPT:
            count += 1
        n_heads += b.kind is Kind.HEADING
        prose.append(count)
        heads.append(n_heads)
        form = _form(b)
        if form is not None:
            forms.setdefault(form, []).append(i)
            continue
        label = _label(b)
        if label is not None:
            labels.setdefault(label, []).append(i)
    repeated = {
        form: positions
        for form, positions in forms.items()
        if len(positions) >= _MIN_REPEATS
        and len({kept[i].kept_text for i in positions}) >= 2
        and _framing(positions, prose)
    }
    # A post's frame has several lines (a date and a count, a post number and a score): one
    # repeated numeric form alone is as likely a ranked list's "1.", "2.", ...  "Label: value"
    # lines with no heading between them are evidence too; a listicle's item cards repeat
    # such facts, but each card under its own heading.
    numeric = sum(form.startswith(_NUMERIC) for form in repeated)
    if numeric < 2 and not any(
        not form.startswith(_NUMERIC) and heads[positions[0]] == heads[positions[-1]]
        for form, positions in repeated.items()
    ):
        return
    for positions in repeated.values():
        for i in positions:
            kept[i].remove(NAME, "post frame line repeated with only its numbers changed")
    for positions in labels.values():
        if len(positions) >= _MIN_REPEATS and _framing(positions, prose):
            for i in positions:
                kept[i].remove(NAME, "UI label repeated on every post")


RULE = Rule(NAME, apply_post_chrome, html_only=True)
