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
INTRO_LINKS = 0.5  # prose under a tail heading is a teaser list, not content, from this link share


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


def fill_span(scored: list[Scored], chosen: list[Scored]) -> list[Scored]:
    """``chosen`` and every block between its first and its last one that is not link-dense
    (a product page's spec box between its summary and its description); what lies before
    or after the chosen run (a header, a "you may also like" grid) stays out.  O(b)."""
    if not chosen:
        return chosen
    ids = {id(s) for s in chosen}
    at = [i for i, s in enumerate(scored) if id(s) in ids]
    first, last = at[0], at[-1]
    return [s for i, s in enumerate(scored) if id(s) in ids or (first <= i <= last and s.cls is not BAD)]


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
    core = _core_box(inside, nodes)
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


def _core_box(inside: list[Scored], nodes: list[Node]) -> int | None:
    """The box holding the most good text: the article body proper."""
    mass: dict[int, int] = {}
    for s in inside:
        if s.cls is GOOD or s.cls is NEAR:
            box = _box(s, nodes)
            if box is not None:
                mass[box] = mass.get(box, 0) + s.length
    return max(mass, key=mass.__getitem__) if mass else None


_TABLE = frozenset({"table", "thead", "tbody", "tfoot", "tr"})


def _box(s: Scored, nodes: list[Node]) -> int | None:
    """The box a block's text sits in: its parent element, or for a row of a table the box
    around the table, so that a parameter table in an article body counts towards the body
    rather than becoming a body of its own (a list stays a box: a recipe's lists are)."""
    chain = s.block.chain
    i = len(chain) - 2
    while i > 0 and nodes[chain[i]].tag in _TABLE:
        i -= 1
    return chain[i] if i >= 0 else None


def _trim_tail(inside: list[Scored], nodes: list[Node]) -> list[Scored]:
    """Drop the headings and short lines that follow the article body outside its parent box.

    Headings like "Read also" / "Weitere Artikel" and the short links under them sit after
    the body, outside the box around it (a box of the body's own tag and class is the body
    continued, :func:`_shaped_like`); prose there (a continuation of the article, a
    second text box after an image) stays, and so do the heading and short lines that
    introduce code (an "Example" heading) or good prose in a box of their own (a note's
    "Note" label, a ``<summary>``); a line of middling prose (a one-sentence review)
    introduces nothing.
    O(b * d) time, O(b) memory.
    """
    core = _core_box(inside, nodes)
    if core is None:
        return inside
    scope = nodes[core].parent
    last = max(i for i, s in enumerate(inside) if core in s.block.chain)
    tail = inside[last + 1 :]
    introduces = [False] * len(tail)
    nxt = -1  # the next block that is neither heading nor short line, when it is good prose or code
    for j in range(len(tail) - 1, -1, -1):
        s = tail[j]
        introduces[j] = nxt >= 0 and (
            tail[nxt].block.kind is Kind.CODE or _own_box(inside, last + 1 + j, last + 1 + nxt)
        )
        if s.block.kind is Kind.HEADING:
            nxt = -1  # what stands above a heading introduces nothing under it
        elif s.cls is not SHORT:
            good = (s.cls is GOOD or s.block.kind is Kind.CODE) and s.link_density < INTRO_LINKS
            nxt = j if good else -1
    prose = [s.block.kind is not Kind.HEADING and s.cls is not SHORT for s in tail]
    out = inside[: last + 1]
    body = nodes[core]
    for j, s in enumerate(tail):
        if scope in s.block.chain or introduces[j] or _shaped_like(s, body, nodes):
            out.append(s)
        elif prose[j] and (s.cls is not NEAR or s.block.kind is Kind.CODE or _beside_prose(prose, j)):
            out.append(s)
    return out


def _shaped_like(s: Scored, body: Node, nodes: list[Node]) -> bool:
    """Is the block inside a box of the body box's own tag and class, in a wrapper beside the
    body's (a CMS's next rich-text box: one per section, each in a section wrapper of its
    own)?  Then it is the body continued, not a tail.  A box with no class or id says nothing,
    nor does one elsewhere on the page (a comment's text box).  O(d) for a chain of depth d."""
    if not body.key or body.parent < 0:
        return False
    wrapper = nodes[body.parent]
    for n in s.block.chain:
        box = nodes[n]
        if box.key == body.key and box.tag == body.tag and box.parent >= 0:
            around = nodes[box.parent]
            return around.tag == wrapper.tag and around.parent == wrapper.parent
    return False


def _own_box(blocks: list[Scored], label: int, prose: int) -> bool:
    """The label and its prose fill a box of their own (a note's title and text, a
    ``<summary>`` and its panel): no block before or after them shares their smallest common box.
    O(d) for chains of depth d."""
    a, b = blocks[label].block.chain, blocks[prose].block.chain
    common = -1
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common = x
    before = blocks[label - 1].block.chain if label > 0 else ()
    after = blocks[prose + 1].block.chain if prose + 1 < len(blocks) else ()
    return common >= 0 and common not in before and common not in after


def _beside_prose(prose: list[bool], j: int) -> bool:
    """A middling line in the tail stays only beside other prose (a continuation of the
    article); alone among short lines it is a widget's text (a one-sentence review)."""
    return j == 0 or prose[j - 1] or (j + 1 < len(prose) and prose[j + 1])


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
