"""Listing regions: item cards that, on a page without an article, are the content.

:func:`select` keeps one container, which fits an article.  On a listing, a collection or a
blog's front page the content is a run of item cards: sibling subtrees of the same shape
(same tag and class), each holding a linked headline, a teaser line, tags.  Scored block by
block, each card's headline is link-dense (*bad*) and its excerpt a *teaser*, so no
container wins and the chosen one is an intro or a consent notice.  Here the sibling groups
of cards are found from the DOM alone (repetition of the same shape, several blocks per card)
and, when the cards hold much more text than the chosen content holds prose, every group of
cards holding a fair share of that text is kept beside the chosen content.  An article with
a "related posts" grid keeps its article: there the article's prose outweighs the cards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Node
from .classify import BAD, GOOD, NEAR, Scored, is_copyright

MIN_CARDS = 4  # a run of fewer same-shaped siblings is no listing
MIN_BLOCKS_PER_CARD = 1.5  # most cards hold a headline and something more (a link list holds one line)
MIN_REGION_CHARS = 500  # less card text than this: the page is no listing
CARDS_OVER_PROSE = 4.0  # the cards must hold this many times the chosen content's prose
MANY_CARDS = 20  # a run this long is a listing, not a related grid (those show a handful) ...
MANY_OVER_PROSE = 2.0  # ... and needs only this many times the chosen prose
REGION_SHARE = 0.25  # further groups are kept when they hold this share of the largest
REPEAT_SHARE = 0.5  # a line repeated in this share of a group's cards is its template ("Read more")
ITEM = "item"  # the class a kept card's block gets: content, though link-dense or teaser-like
_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class _Group:
    cards: set[int] = field(default_factory=set)
    blocks: int = 0
    chars: int = 0


def _shape(node: Node) -> tuple[str, str]:
    """A card's shape: its tag and first class name with numbers left out (``post-123``);
    the further names vary from card to card (``first``, ``featured``, hashed styles)."""
    key = node.key.split()
    return node.tag, _DIGITS.sub("", key[0]) if key else ""


def card_groups(
    blocks: list[Scored], nodes: list[Node], skip: set[int], per_card: float = MIN_BLOCKS_PER_CARD
) -> dict[tuple[int, tuple[str, str]], _Group]:
    """Groups of same-shaped sibling subtrees that hold text: (parent, shape) -> cards.

    Every block (but those whose id is in ``skip``) is counted under each (parent, child)
    pair of its chain, so a group holds the blocks of all its cards.  Only groups of at least
    ``MIN_CARDS`` cards holding on average ``per_card`` blocks are returned.
    O(b * d) time and memory for b blocks of chain depth d (d is capped by :mod:`.limits`).
    """
    groups: dict[tuple[int, tuple[str, str]], _Group] = {}
    shapes: dict[int, tuple[str, str]] = {}  # node -> its shape, computed once per element
    for s in blocks:
        if id(s) in skip:
            continue
        chain = s.block.chain
        for k in range(1, len(chain)):
            child = chain[k]
            shape = shapes.get(child)
            if shape is None:
                shape = shapes[child] = _shape(nodes[child])
            key = (chain[k - 1], shape)
            g = groups.get(key)
            if g is None:
                g = groups[key] = _Group()
            g.cards.add(child)
            g.blocks += 1
            g.chars += s.length
    return {k: g for k, g in groups.items() if len(g.cards) >= MIN_CARDS and g.blocks >= per_card * len(g.cards)}


def largest_run(scored: list[Scored], nodes: list[Node]) -> list[Scored]:
    """The blocks of the element holding the largest run of same-shaped siblings.

    The last resort of a page with (almost) no prose (a table of job ads, a chart of films, a
    schedule): its content is a list of linked items, one line each, so the element holding
    a run of ``MIN_CARDS`` same-shaped items with ``MIN_REGION_CHARS`` of text is what the
    page has to say; all of that element is kept (a job's "posted 2 hours ago" row has
    another shape than its title row).  Empty when there is no such run.  The blocks are
    classed ``ITEM``.  O(b * d) time and memory.
    """
    groups = card_groups(scored, nodes, set(), per_card=1.0)
    if not groups:
        return []
    (parent, _), group = min(groups.items(), key=lambda kv: (-kv[1].chars, kv[0][0]))
    if group.chars < MIN_REGION_CHARS:
        return []
    out = []
    for s in scored:
        if parent in s.block.chain and not is_copyright(s.block.text):
            s.cls = ITEM
            out.append(s)
    return out


def with_listing(scored: list[Scored], chosen: list[Scored], nodes: list[Node]) -> list[Scored]:
    """``chosen`` plus the item cards of a listing page, in reading order.

    Nothing changes unless the largest card group holds at least ``MIN_REGION_CHARS`` of
    text outside ``chosen`` and ``CARDS_OVER_PROSE`` times the prose ``chosen`` holds
    (``MANY_OVER_PROSE`` times for a run of ``MANY_CARDS`` cards: a related grid is short,
    a shop category or an archive holds dozens beside its intro text).  Then
    every group holding ``REGION_SHARE`` of the largest group's text is kept, less lines
    repeated in ``REPEAT_SHARE`` of a group's cards (the card template's "Read more") and
    copyright lines; the kept card blocks are classed ``ITEM`` (so the recall pass, which
    counts no link-heavy lines, sees the page's content).  Called by :func:`.select.select`.
    O(b * d) time and memory.
    """
    kept = {id(s) for s in chosen}
    prose = sum(s.length for s in chosen if s.cls in (GOOD, NEAR))
    outside = sum(s.length for s in scored if id(s) not in kept)
    if outside < MIN_REGION_CHARS or outside < MANY_OVER_PROSE * prose:
        return chosen  # not enough text outside the content for any card group to win: O(b)
    groups = card_groups(scored, nodes, kept)
    if not groups:
        return chosen
    card_of: dict[int, int] = {}  # node -> the group (index) it is a card of
    order = sorted(groups.items(), key=lambda kv: (-kv[1].chars, kv[0][0]))
    biggest = order[0][1].chars
    ratio = MANY_OVER_PROSE if len(order[0][1].cards) >= MANY_CARDS else CARDS_OVER_PROSE
    if biggest < MIN_REGION_CHARS or biggest < ratio * prose:
        return chosen
    picked = [(k, g) for k, g in order if g.chars >= REGION_SHARE * biggest]
    for i, (_, g) in enumerate(picked):
        for c in g.cards:
            card_of.setdefault(c, i)
    # Lines a group's template repeats in many of its cards.
    seen: dict[tuple[int, str], set[int]] = {}
    where: dict[int, tuple[int, int]] = {}  # id(block) -> (group, card)
    for s in scored:
        for n in s.block.chain:
            if n in card_of:
                where[id(s)] = (card_of[n], n)
                seen.setdefault((card_of[n], s.block.text), set()).add(n)
                break
    extra = 0
    out: list[Scored] = []
    added: list[Scored] = []
    for s in scored:
        if id(s) in kept:
            out.append(s)
            continue
        hit = where.get(id(s))
        if hit is None or (s.cls == BAD and is_copyright(s.block.text)):
            continue
        group = picked[hit[0]][1]
        if len(seen[(hit[0], s.block.text)]) >= max(2, REPEAT_SHARE * len(group.cards)):
            continue
        out.append(s)
        added.append(s)
        extra += s.length
    if extra < MIN_REGION_CHARS:
        return chosen
    for s in added:  # the cards are the page's content now: no longer "bad" links or teasers
        s.cls = ITEM
    return out
