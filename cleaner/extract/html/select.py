"""Main-content selection: weigh containers, keep the best one, add a listing's cards.

Each block-level container scores the sum of its blocks' weights (good text counts for, bad
text against, short text slightly against), so the best container is the smallest one
holding the article without the link lists around it.  Inside it, short blocks survive only
between content blocks or as a heading of content, as jusText's context pass does.  On a
listing the item cards beside it are kept too (:mod:`.regions`).
"""

from __future__ import annotations

from ...model import Kind
from .blocks import Node
from .classify import BAD, GOOD, NEAR, SHORT, TEASER, Scored
from .patterns import prune_patterns
from .regions import with_listing

SHORT_WEIGHT = 0.1
EXTEND_LEVELS = 2
TRAILING_SHORT = 2
TEASER_WEIGHT = 0.5
CORE_DEPTH = 2  # a short line up to this many levels below the body box belongs to it
NEAR_WEIGHT = 0.6
KEEP_BONUS = 0.5  # containers named like article bodies get this share of their score on top


def _weight(s: Scored) -> float:
    if s.cls is GOOD:
        return s.length
    if s.cls is NEAR:
        return NEAR_WEIGHT * s.length
    if s.cls is SHORT:
        return -SHORT_WEIGHT * s.length
    if s.cls is TEASER:
        return -TEASER_WEIGHT * s.length
    return -float(s.length)


def best_container(scored: list[Scored], nodes: list[Node]) -> int | None:
    """The container whose blocks weigh most (ties: the first in document order).  O(b * d + e)
    for b blocks of chain depth d and e containers.

    The sums are kept in lists by node index, not in a dict: the inner loop runs once per
    block and level.  Node indices follow the order in which the containers opened, which is
    the order the blocks first reach them in (a container opens before its blocks and closes
    after them), so scanning by index meets the nodes in the order the first hit would.
    """
    totals = [0.0] * len(nodes)
    met = [False] * len(nodes)
    good_boxes = {s.block.chain[-2] for s in scored if s.cls is GOOD and len(s.block.chain) >= 2}
    for s in scored:
        w = _weight(s)
        if s.cls is SHORT and len(s.block.chain) >= 2 and s.block.chain[-2] in good_boxes:
            w = 0.0  # a short line among the article's paragraphs (a list entry, a signature)
        for n in s.block.chain:
            totals[n] += w
            met[n] = True
    keep = prune_patterns().keep
    best, best_score = None, float("-inf")
    for n, total in enumerate(totals):
        if not met[n]:
            continue
        node = nodes[n]
        if total > 0 and (node.tag in ("article", "main") or (node.key and keep.search(node.key))):
            total *= 1 + KEEP_BONUS
        if total > best_score:
            best, best_score = n, total
    return best


def _ancestor(nodes: list[Node], n: int, levels: int) -> int:
    for _ in range(levels):
        parent = nodes[n].parent
        if parent < 0:
            break
        n = parent
    return n


def select(scored: list[Scored], nodes: list[Node]) -> list[Scored]:
    """The blocks of the main content, in reading order: the best container's
    (:func:`_select_container`), plus a listing's item cards (:func:`.regions.with_listing`).
    O(b * d) time and memory for b blocks of chain depth d.
    """
    return with_listing(scored, _select_container(scored, nodes), nodes)


def _select_container(scored: list[Scored], nodes: list[Node]) -> list[Scored]:
    """The blocks of the best container, in reading order.  O(b * d) time, O(b) memory."""
    root = best_container(scored, nodes)
    if root is None:
        return []
    # Content blocks just outside the container (an intro paragraph in a sibling of the
    # body text) come along when they are good prose and precede the container.
    outer = _ancestor(nodes, root, EXTEND_LEVELS)
    inside: list[Scored] = []
    seen_root = False
    for s in scored:
        chain = s.block.chain
        if root in chain:
            seen_root = True
            inside.append(s)
        elif not seen_root and s.cls is GOOD and outer in chain:
            inside.append(s)
    inside = _trim_tail(inside, nodes)
    keep: list[Scored] = []
    content = [s.cls in (GOOD, NEAR) for s in inside]
    first = next((i for i, c in enumerate(content) if c), None)
    last = next((i for i in range(len(content) - 1, -1, -1) if content[i]), None)
    if first is None or last is None:
        return [s for s in inside if s.cls is not BAD]
    core = _core_box(inside)
    first_parent = nodes[inside[first].block.owner].parent
    last_parent = nodes[inside[last].block.owner].parent
    for i, s in enumerate(inside):
        if s.cls is BAD or s.cls is TEASER:
            continue
        if s.cls is SHORT and s.block.kind is not Kind.CAPTION:
            # Short lines outside the run of content survive only as its siblings (a
            # signature, an address, a closing line), not from a neighbouring box.
            parent = nodes[s.block.owner].parent
            in_core = core is not None and core in s.block.chain[-CORE_DEPTH:]
            if (
                i > last
                and not (in_core and s.link_density == 0)
                and (parent != last_parent or s.link_density > 0 or i > last + TRAILING_SHORT)
            ):
                continue
            if i < first and s.block.kind is not Kind.HEADING and (parent != first_parent or s.link_density > 0):
                continue
        keep.append(s)
    return _drop_orphan_headings(keep)


def _core_box(inside: list[Scored]) -> int | None:
    """The box (paragraph parent) holding the most good text: the article body proper."""
    mass: dict[int, int] = {}
    for s in inside:
        if (s.cls is GOOD or s.cls is NEAR) and len(s.block.chain) >= 2:
            box = s.block.chain[-2]
            mass[box] = mass.get(box, 0) + s.length
    return max(mass, key=mass.__getitem__) if mass else None


def _trim_tail(inside: list[Scored], nodes: list[Node]) -> list[Scored]:
    """Drop the headings and short lines that follow the article body outside its parent box.

    Headings like "Read also" / "Weitere Artikel" and the short links under them sit after
    the body, outside the box around it; prose there (a continuation of the article, a
    second text box after an image) stays.
    O(b * d) time, O(b) memory.
    """
    core = _core_box(inside)
    if core is None:
        return inside
    scope = nodes[core].parent
    last = max(i for i, s in enumerate(inside) if core in s.block.chain)
    out = inside[: last + 1]
    for s in inside[last + 1 :]:
        chain = s.block.chain
        if scope in chain:
            out.append(s)
        elif s.block.kind is not Kind.HEADING and s.cls is not SHORT:
            out.append(s)
    return out


def _drop_orphan_headings(kept: list[Scored]) -> list[Scored]:
    """A heading followed by another heading or by nothing titles removed boilerplate."""
    out: list[Scored] = []
    for i, s in enumerate(kept):
        if s.block.kind is Kind.HEADING:
            nxt = kept[i + 1] if i + 1 < len(kept) else None
            if nxt is None or (nxt.block.kind is Kind.HEADING and _level(nxt) <= _level(s)):
                continue
        out.append(s)
    return out


def _level(s: Scored) -> int:
    tag = s.block.tag
    return int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit() else 7
