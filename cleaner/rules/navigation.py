"""Menus and breadcrumbs flattened into a line: "Home | News | Asia | Contact", "Home » World".

A block of at least ``MIN_ITEMS`` short items joined by menu separators; prose uses
separators sparingly and its items are long.
"""

from __future__ import annotations

import re

from ..extract.textsplit import COLUMNS
from ..model import Block, Document, Kind
from ..options import Options
from ..textnorm import compare_key, ends_clause
from .base import Rule, full_match, langs_of, squeeze_spaces

NAME = "navigation"
SECTION_LABEL = "section_label"
MIN_ITEMS = 3
MAX_ITEM_WORDS = 4
MAX_LABEL_WORDS = 3
MAX_LABEL_SEARCH = 8
MAX_ROW_WORDS = 40  # longer blocks are prose, never a menu
_SEP = re.compile(r"\s+(?:\||»|›|>|/|·|•|::|→)\s+")
# A dash between spaced words is also punctuation in prose ("the vote - a close one -"): as a
# menu separator it takes one more item.
_DASH_SEP = re.compile(r"\s+[-–—]\s+")
MIN_DASH_ITEMS = 4


def is_menu(text: str, dashes: bool = True) -> bool:
    """Short items strung on menu separators (or, with ``dashes``, on dashes: one item more).

    O(len(text)): whitespace runs are collapsed first (``\\s+`` around a separator, tried
    from every position of a long run, is quadratic in its length)."""
    text = squeeze_spaces(text)
    items = [i for i in _SEP.split(text) if i.strip()]
    if len(items) < MIN_ITEMS:
        if not dashes:
            return False
        items = [i for i in _DASH_SEP.split(text) if i.strip()]
        if len(items) < MIN_DASH_ITEMS:
            return False
    return all(len(i.split()) <= MAX_ITEM_WORDS and not i.rstrip().endswith(".") for i in items)


MIN_TABLE_ROWS = 3  # a header row and two rows: a menu is one line, not a grid


def _cells(block: Block, dashes: bool) -> int:
    """How many cells the block has as a menu or a row (separators or columns), 0 if none."""
    text = squeeze_spaces(block.text)
    items = len([i for i in _SEP.split(text) if i.strip()])
    if items < MIN_ITEMS and dashes:
        items = len([i for i in _DASH_SEP.split(text) if i.strip()])
    return max(items if items >= MIN_ITEMS else 0, block.hints.get(COLUMNS, 0))


def _table_rows(doc: Document, dashes: bool) -> set[int]:
    """ids of the blocks that are rows of a table: runs of at least MIN_TABLE_ROWS blocks in a
    row with the same number of cells (MIN_ITEMS or more).  A menu or a breadcrumb is a line of
    its own, or lines of different lengths.  O(L)."""
    rows: set[int] = set()
    blocks = [b for b in doc.blocks if b.text]
    run: list[Block] = []
    width = 0
    for b in [*blocks, None]:
        n = _cells(b, dashes) if b is not None and b.nwords <= MAX_ROW_WORDS else 0
        if n and n == width:
            run.append(b)  # type: ignore[arg-type]
            continue
        if len(run) >= MIN_TABLE_ROWS:
            rows.update(id(r) for r in run)
        run, width = ([b], n) if b is not None and n else ([], 0)
    return rows


def _section_labels(doc: Document) -> None:
    """A kicker ("Environment", "Sociedad") right above the headline is a section link."""
    if not doc.title:
        return
    title = compare_key(doc.title)
    kept = [b for b in doc.blocks if b.kept]
    for i, block in enumerate(kept[:MAX_LABEL_SEARCH]):
        if block.kind is Kind.TITLE or compare_key(block.text) == title:
            for above in kept[max(0, i - 2) : i]:
                text = above.text
                if (
                    above.nwords <= MAX_LABEL_WORDS
                    and not ends_clause(text)
                    and not text.endswith(",")
                    and not any(c.isdigit() for c in text)
                ):
                    above.remove(SECTION_LABEL, "section label above the headline")
            return


def apply(doc: Document, options: Options) -> None:
    """Remove menu/breadcrumb lines and navigation links.

    Cost: O(L) time (blocks of at most 40 words, whitespace runs collapsed before splitting), O(1) memory."""
    langs = langs_of(doc)
    table = _table_rows(doc, doc.kind == "text")
    for block in doc.blocks:
        if not block.kept or block.nwords > MAX_ROW_WORDS or block.kind in (Kind.CODE, Kind.TABLE_ROW):
            continue
        if id(block) in table:
            continue
        # Dash-separated menus only in text dumps: in HTML a menu is markup, pruned before the
        # rules, so a dashed row of short items that gets here is the page's own (measured: it
        # cost a wcxb-dev product page).
        if is_menu(block.text, dashes=doc.kind == "text"):
            block.remove(NAME, "menu or breadcrumb line")
        elif block.hints.get(COLUMNS, 0) >= MIN_ITEMS:
            block.remove(NAME, "menu laid out in columns of short items")
        elif full_match("navigation", "block", block.text, langs):
            block.remove(NAME, "navigation link")


def apply_context(doc: Document, options: Options) -> None:
    """Section labels above the headline.  Cost: O(n) time (MAX_LABEL_SEARCH blocks examined), O(n) memory."""
    _section_labels(doc)


RULE = Rule(NAME, apply)
CONTEXT_RULE = Rule(SECTION_LABEL, apply_context, contextual=True)
