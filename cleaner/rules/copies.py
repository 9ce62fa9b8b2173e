"""Insertions and chrome found by the dump's own repetition.

A scraped dump often holds the body two or three times (the page, its print view, a feed
copy).  Dedup links every removed copy to the kept block it repeats (``Block.copy_of``); the
copies then show what is body and what is not, on any site and in any wording:

* a later copy is a run of at least ``MIN_RUN`` removed blocks repeating kept blocks in the
  same order; a kept block inside such a run is in that copy only: an insertion (caption,
  ad, appeal) between two body paragraphs;
* in the first copy, a kept block between two body paragraphs that stand next to each other
  in a later copy is in the first copy only: an insertion too;
* a kept block between the end of one copy and the start of the next is outside every copy:
  page chrome (the footer of one copy, the header of the next).

Only short blocks or blocks that do not read as sentences are taken: a long paragraph a copy
lacks may be a paragraph the other copy dropped, and stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from ..dedup import DUPLICATE
from ..model import Block, Document, Kind
from ..options import Options
from ..steps import Stage
from ..textnorm import compare_key
from ..textshape import is_prose, is_prose_text, is_sentence
from .base import Rule

NAME = "insertion"
MIN_RUN = 3  # removed repeats in order that make a copy of the body
MIN_PROSE = 2  # paragraphs a copy of the body repeats (a repeated menu or widget has none)


@dataclass(frozen=True, slots=True)
class Params:
    """max_insertion: blocks one copy may hold between two paragraphs adjacent in another
    (more removes longer insertions)."""

    max_insertion: int


def _copies(blocks: list[Block], pos: dict[int, int]) -> list[tuple[int, int]]:
    """(start, end) indices in ``blocks`` of the later copies: maximal runs of removed repeats
    whose originals come in increasing order, that lie after all their originals (copies do
    not interleave: a paragraph the body repeats is no copy), are mostly repeats (at most
    as many kept blocks as repeats between their ends) and repeat at least ``MIN_PROSE``
    paragraphs: a mega-menu in the header and again in the footer, or a widget repeated
    down a page, is a run of repeats too, and what lies between its copies is the body.  O(n)."""
    runs: list[tuple[int, int]] = []
    run: list[int] = []
    last_orig = -1

    def close() -> None:
        if len(run) < MIN_RUN:
            return
        start, end = run[0], run[-1]
        if pos[id(blocks[end].copy_of)] >= start:
            return
        if sum(1 for i in run if is_prose_text(blocks[i].text)) < MIN_PROSE:
            return  # a menu, a widget or a list repeated: no copy of the body
        kept = sum(1 for b in blocks[start : end + 1] if b.kept)
        if kept <= len(run):
            runs.append((start, end))

    for i, b in enumerate(blocks):
        orig = b.copy_of
        if orig is None or id(orig) not in pos:
            continue
        p = pos[id(orig)]
        if not run or p <= last_orig:
            close()
            run = []
        run.append(i)
        last_orig = p
    close()
    return runs


def apply(doc: Document, options: Options) -> None:
    """Remove insertions inside copies of the body and chrome between copies.

    Cost: O(n) time and memory for n blocks (one pass to index, one pass per copy and the
    gaps between its repeats, which do not overlap)."""
    p: Params = RULE.params_of(options)
    blocks = [b for b in doc.blocks if b.text and b.kind is not Kind.TITLE]
    pos = {id(b): i for i, b in enumerate(blocks) if b.kept}
    runs = _copies(blocks, pos)
    if not runs:
        return
    where = {id(b): i for i, b in enumerate(blocks)}
    originals = {id(b.copy_of) for b in blocks if b.copy_of is not None}
    why = "in one copy of the body only (an insertion between its paragraphs)"
    first_end = -1
    for start, end in runs:
        for b in blocks[start : end + 1]:
            if b.kept and not is_prose(b):
                b.remove(NAME, why)
        dups = [i for i in range(start, end + 1) if blocks[i].copy_of is not None and id(blocks[i].copy_of) in pos]
        for x, y in pairwise(dups):
            lo, hi = pos[id(blocks[x].copy_of)], pos[id(blocks[y].copy_of)]
            first_end = max(first_end, hi)
            # Two originals next to each other in this copy: what the first copy has between
            # them, this copy lacks.
            between = blocks[lo + 1 : hi]
            if (
                0 < len(between) <= p.max_insertion
                and all(not b.kept for b in blocks[x + 1 : y])
                and not any(b.kept and (is_prose(b) or id(b) in originals) for b in between)
            ):
                # A line this copy also holds between them (a section break dedup leaves
                # alone) belongs to the body.
                also = {b.text.strip() for b in blocks[x + 1 : y]}
                for b in between:
                    if b.kept and where[id(b)] < start and b.text.strip() not in also:
                        b.remove(NAME, why)
    # Outside every copy: between the end of one copy and the start of the next.
    gaps = [(first_end, runs[0][0])] + [(runs[k][1], runs[k + 1][0]) for k in range(len(runs) - 1)]
    for lo, hi in gaps:
        for b in blocks[lo + 1 : hi]:
            if b.kept and not is_prose(b):
                b.remove(NAME, "between two copies of the body, outside both")


LABEL = "repeated_label"
MAX_LABEL_WORDS = 5
_REACH = 6  # blocks looked at on each side for the nearest repeated paragraph


def _neighbour(blocks: list[Block], i: int, step: int, originals: set[int]) -> Block | None:
    """The nearest block from ``i`` in direction ``step`` that is part of a repeated body:
    a kept block with copies, or (as the block it repeats) a removed copy.  O(_REACH)."""
    for d in range(1, _REACH + 1):
        k = i + step * d
        if not 0 <= k < len(blocks):
            return None
        b = blocks[k]
        if b.copy_of is not None:
            return b.copy_of
        if id(b) in originals:
            return b
    return None


def _aligned(blocks: list[Block], i: int, j: int, originals: set[int]) -> bool:
    """Do block ``i`` and its repeat ``j`` stand next to the same repeated paragraph on
    either side?  O(_REACH)."""
    for step in (-1, 1):
        a = _neighbour(blocks, i, step, originals)
        if a is not None and a is _neighbour(blocks, j, step, originals):
            return True
    return False


def _among_prose(blocks: list[Block], i: int) -> bool:
    """Does block ``i`` stand between two sentences, as a label under an image or in a break
    does (a contents entry, a table cell or a list item stands among short lines)?  O(1)."""
    return 0 < i < len(blocks) - 1 and is_sentence(blocks[i - 1].text) and is_sentence(blocks[i + 1].text)


def apply_labels(doc: Document, options: Options) -> None:
    """Short lines that are no sentence and recur among different paragraphs ("View gallery"
    under every image, "Advertisement" in every break): UI labels, whatever their wording.
    A subheading recurs only with its copy of the body, among the same paragraphs.

    Cost: O(n) time and memory for n blocks (each repeat compared with a bounded window)."""
    blocks = [b for b in doc.blocks if b.text and b.kind is not Kind.TITLE]
    originals = {id(b.copy_of) for b in blocks if b.copy_of is not None}
    # Above the body stand the headline and its repeats, among different page headers.
    body = next((i for i, b in enumerate(blocks) if is_prose_text(b.text)), len(blocks))
    first: dict[str, int] = {}  # a label's key -> where it first stands
    why = "a short label recurring among different paragraphs (on every image or break)"
    for j, d in enumerate(blocks):
        if d.nwords > MAX_LABEL_WORDS or is_sentence(d.text) or d.text.rstrip().endswith(":"):
            continue
        if d.removal is not None and d.removal.rule != DUPLICATE:
            continue
        key = compare_key(d.text)
        i = first.setdefault(key, j)
        orig = blocks[i]
        if i == j or i < body or not (_among_prose(blocks, i) and _among_prose(blocks, j)):
            continue
        judged = orig.removal is not None and orig.removal.rule == LABEL
        if judged or (orig.kept and not _aligned(blocks, i, j, originals)):
            if orig.kept:
                orig.remove(LABEL, why)
            if d.kept:  # a repeat dedup left (a short line repeated on its own)
                d.remove(LABEL, why)


# Run once after dedup (not contextual): they read the copies dedup found (Block.copy_of),
# which later removals do not change.
RULE = Rule(NAME, apply, params=Params, stage=Stage.STRUCTURE, reads=(DUPLICATE,), text_only=True)
LABEL_RULE = Rule(LABEL, apply_labels, stage=Stage.STRUCTURE, reads=(DUPLICATE,), text_only=True)
