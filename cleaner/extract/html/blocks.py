"""Walk the parsed tree once: prune, and cut the remaining text into raw blocks.

Text is gathered like a browser lays it out: inline elements glue their text as written
(``<b>wo</b>rd`` is one word), block-level elements start a new block, ``<br>`` breaks a
line (lines that continue a sentence are joined again), whitespace runs are one space, and
``<pre>`` keeps its lines.  Data tables become one block per row, cells joined by " | ";
tables that lay out a page (cells holding paragraphs, lists, divs) are walked like divs.

Every raw block remembers the chain of block-level containers it sits in (node indices),
so that :mod:`.select` can weigh containers without walking the tree again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ...model import Kind
from .limits import BLOCKS_REASON, DEPTH_REASON, MAX_BLOCK_DEPTH, MAX_BLOCKS, note
from .patterns import prune_patterns
from .prune import element_reason, is_caption_key, may_hold_prose

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table "
    "tbody td tfoot th thead tr ul caption legend noscript".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_LIST = frozenset(("li", "dt", "dd"))
_INHERIT = frozenset((Kind.QUOTE, Kind.LIST_ITEM, Kind.CAPTION, Kind.CODE, Kind.HEADING))
_CELL_SEP = "\x1f"
_BR = "\x1e"
# Between two sibling elements that touch with no text between: a space if a word follows.
_SOFT = "\x1d"
_SOFT_GAP = re.compile(r"(?<=\S)\x1d+(?=\w)")
# Inline tags that mark up part of a word or a phrase: ``<b>wo</b><i>rd</i>`` is one word.
# Other inline elements touching each other (``<span>Article Number</span><span>802.7</span>``,
# a card's ``<span>title</span><span>author</span>``) are separate items that a page's CSS
# lays out apart, so their texts are not glued into one word.
_GLUE_TAGS = frozenset(
    "b i em strong u s sup sub small mark abbr code kbd q cite var font tt big strike del ins wbr ruby rt rp "
    "bdi bdo dfn samp".split()
)
# A line ending in one of these closes its sentence; the next line is not glued to it.
_SENTENCE_END = frozenset('.!?:;…"”“»)')
_CAPTION_MAX_P = 2
# Attributes that never make an element boilerplate: elements carrying only these skip
# the pruning checks (most links, images and formatting tags).
_PLAIN_ATTRS = frozenset(
    "href src alt title target rel width height lang dir name srcset sizes loading align valign colspan "
    "rowspan border cellpadding cellspacing datetime type tabindex data-src start reversed".split()
)


@dataclass(slots=True)
class Node:
    tag: str
    key: str  # " class id " (lower case) or ""
    parent: int


@dataclass(slots=True)
class RawBlock:
    text: str
    kind: Kind
    owner: int  # node index of the innermost block-level element
    chain: tuple[int, ...]  # node indices of enclosing block-level elements, outermost first
    link_chars: int
    tag: str
    in_table: bool = False
    pruned: tuple[int, ...] = ()  # provisionally pruned ancestors (node indices)
    hints: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class _Frame:
    tag: str
    block: bool
    pruned: bool
    kind: Kind
    node: int = -1
    table: bool = False  # a data table (rows become TABLE_ROW blocks)
    article: bool = False
    soft: bool = False  # provisionally pruned (see prune.element_reason)
    flat: bool = False  # a block element beyond MAX_BLOCK_DEPTH: a block break, not a container


class _PageFull(Exception):
    """MAX_BLOCKS blocks were cut: the walk stops."""


@dataclass(slots=True)
class Walk:
    nodes: list[Node] = field(default_factory=list)
    blocks: list[RawBlock] = field(default_factory=list)
    pruned: dict[str, int] = field(default_factory=dict)  # reason -> count (for stats)
    soft: dict[int, str] = field(default_factory=dict)  # node -> reason of a provisional prune
    truncated: dict[str, int] = field(default_factory=dict)  # limits reason -> count


def _is_data_table(el: etree._Element) -> bool:
    for _ in el.iterdescendants("table", "p", "div", "li", "h2", "h3", "blockquote"):
        return False
    return True


def walk(body: etree._Element) -> Walk:
    """Cut the body into raw blocks in one pass (iterative: no recursion on deep trees).

    Time O(e + c) for e elements and c characters of text.  The subtree look-aheads stop at
    the first hit and never nest into a quadratic: a data-table test stops at an inner table,
    the prose test runs once per pruned box (its subtree is then skipped or walked), the
    caption test once per caption (its descendants inherit the kind); the enclosing table
    is the top of a stack, not a scan.  Memory O(b * d) for b blocks nested d deep, with d
    capped at MAX_BLOCK_DEPTH and b at MAX_BLOCKS (blocks of one container share its chain
    tuple).  Block elements deeper than the cap are flattened and the walk stops at the
    block cap; both are counted in ``Walk.truncated``.
    """
    out = Walk()
    nodes = out.nodes
    soft_chain: list[int] = []
    stack: list[_Frame] = []
    tables: list[_Frame] = []  # the frames of the "table" elements on the stack (innermost last)
    owners: list[_Frame] = []  # block-level frames that are not pruned (the owner is the last)
    chain: list[int] = []
    buf: list[str] = []
    link_chars = 0
    link_depth = 0
    pre_depth = 0
    article_depth = 0
    table_depth = 0
    # Inline frames are shared per (tag, kind); keyed by ``tag + "\0" + kind`` (a plain str)
    # because hashing a Kind member runs Enum.__hash__ in Python on every element.
    inline_frames: dict[str, _Frame] = {}
    check_tags = prune_patterns().drop_tags | {"form", "header"}
    names: list[str] | None = None
    root_frame = _Frame("", True, False, Kind.PARAGRAPH)
    br_frame = _Frame("br", False, False, Kind.PARAGRAPH)
    fast_br = "br" not in check_tags
    chain_t: tuple[int, ...] | None = None  # tuple(chain), shared until the chain changes

    def flush() -> None:
        nonlocal link_chars, chain_t
        raw = "".join(buf)
        buf.clear()
        lc = link_chars
        link_chars = 0
        if raw.isspace() or not owners:
            return
        start = len(out.blocks)
        if chain_t is None:
            chain_t = tuple(chain)
        _emit(out, raw, owners[-1], chain_t, lc, table_depth > 0)
        if soft_chain:
            pruned = tuple(soft_chain)
            for b in out.blocks[start:]:
                b.pruned = pruned
        if len(out.blocks) >= MAX_BLOCKS:
            raise _PageFull

    walker = etree.iterwalk(body, events=("start", "end"))
    try:
        for event, el in walker:
            if event == "start":
                tag = el.tag
                if tag == "br" and fast_br and not pre_depth and not el.keys():
                    # The common line break, without the checks below (a page of 500,000 <br>
                    # spent most of its walk there): a void element, its frame has no children.
                    buf.append(_BR)
                    stack.append(br_frame)
                    continue
                parent = stack[-1] if stack else root_frame
                if not isinstance(tag, str):
                    walker.skip_subtree()
                    stack.append(_Frame("", False, True, parent.kind))
                    continue
                parent_kind = parent.kind
                is_block = tag in BLOCK_TAGS and not pre_depth
                if parent.table and (tag == "td" or tag == "th"):
                    is_block = False
                flat = is_block and len(chain) >= MAX_BLOCK_DEPTH
                soft = False
                names = None
                if pre_depth:
                    reason, key = None, ""
                elif tag in check_tags or not _PLAIN_ATTRS.issuperset(names := el.keys()):
                    reason, key, hard = element_reason(el, tag, article_depth > 0, names)
                    if reason is not None:
                        if hard or not is_block or flat or not may_hold_prose(el):
                            out.pruned[reason] = out.pruned.get(reason, 0) + 1
                            walker.skip_subtree()
                            if is_block and buf:
                                flush()
                            stack.append(_Frame(tag, is_block, True, parent_kind))
                            if tag == "table":
                                tables.append(stack[-1])
                            continue
                        soft = True
                else:
                    reason, key = None, ""
                if not is_block:
                    if tag == "br" or tag == "hr":
                        buf.append("\n" if pre_depth else _BR)
                    else:
                        if tag == "a":
                            link_depth += 1
                        if buf and not pre_depth and tag not in _GLUE_TAGS:
                            prev = el.getprevious()
                            if prev is not None and not prev.tail and prev.tag not in _GLUE_TAGS:
                                buf.append(_SOFT)
                    ikey = tag + "\0" + parent_kind
                    frame = inline_frames.get(ikey)
                    if frame is None:
                        frame = inline_frames[ikey] = _Frame(tag, False, False, parent_kind)
                    stack.append(frame)
                    if tag == "table":
                        tables.append(frame)
                else:
                    if buf:
                        flush()
                    kind = _kind_for(tag, key, el, parent_kind)
                    if flat:  # a block break inside the deepest container kept
                        frame = _Frame(tag, True, False, kind, node=chain[-1], flat=True)
                        note(out.truncated, DEPTH_REASON)
                    else:
                        frame = _Frame(tag, True, False, kind, node=len(nodes))
                        nodes.append(Node(tag, key, chain[-1] if chain else -1))
                        chain.append(frame.node)
                        chain_t = None
                    if soft:
                        frame.soft = True
                        out.soft[frame.node] = reason or ""
                        soft_chain.append(frame.node)
                    if tag == "pre":
                        pre_depth += 1
                    elif tag == "table":
                        if _is_data_table(el):
                            frame.table = True
                            table_depth += 1
                    elif tag == "tr" and tables and tables[-1].table:
                        frame.kind = Kind.TABLE_ROW
                        frame.table = True
                    if tag == "article" or tag == "main" or (key and el.get("itemprop") == "articleBody"):
                        frame.article = True
                        article_depth += 1
                    stack.append(frame)
                    owners.append(frame)
                    if tag == "table":
                        tables.append(frame)
                text = el.text
                if text and (buf or not text.isspace()):
                    buf.append(text)
                    if link_depth:
                        link_chars += len(text)
                continue

            # end event
            frame = stack.pop()
            if frame.tag == "table":
                tables.pop()
            if not frame.pruned:
                if frame.block:
                    if buf:
                        flush()  # while the element is still the owner
                    owners.pop()
                    if not frame.flat:
                        chain.pop()
                        chain_t = None
                    tag = frame.tag
                    if tag == "pre":
                        pre_depth -= 1
                    elif tag == "table" and frame.table:
                        table_depth -= 1
                    if frame.soft:
                        soft_chain.pop()
                    if frame.article:
                        article_depth -= 1
                else:
                    tag = frame.tag
                    if tag == "a":
                        link_depth -= 1
                    elif tag == "td" or tag == "th":
                        buf.append(_CELL_SEP)
            tail = el.tail
            if tail and (buf or not tail.isspace()):
                buf.append(tail)
                if link_depth:
                    link_chars += len(tail)
        if buf:
            flush()
    except _PageFull:
        del out.blocks[MAX_BLOCKS:]
        note(out.truncated, BLOCKS_REASON)
    return out


def _kind_for(tag: str, key: str, el: etree._Element, parent_kind: Kind) -> Kind:
    if tag == "figcaption" or (key and tag in _HEADINGS and is_caption_key(key)):
        return Kind.CAPTION
    if tag in _HEADINGS:
        return Kind.HEADING
    if tag == "pre":
        return Kind.CODE
    if tag == "blockquote":
        return Kind.QUOTE
    if parent_kind is Kind.CAPTION or parent_kind is Kind.CODE:
        return parent_kind
    if key and is_caption_key(key) and tag != "figure" and _small(el):
        return Kind.CAPTION
    if tag in _LIST:
        return Kind.QUOTE if parent_kind is Kind.QUOTE else Kind.LIST_ITEM
    if parent_kind in _INHERIT:
        return parent_kind
    return Kind.PARAGRAPH


def _small(el: etree._Element) -> bool:
    count = 0
    for _ in el.iter("p", "li", "h2", "h3"):
        count += 1
        if count > _CAPTION_MAX_P:
            return False
    return True


def _emit(out: Walk, raw: str, frame: _Frame, chain: tuple[int, ...], link_chars: int, table: bool) -> None:
    """Turn the text gathered for one block element into raw blocks (one per <br> sentence run).

    Time and memory O(len(raw)): lines are grouped, then each group joined once.
    """
    kind = frame.kind
    if _SOFT in raw:
        raw = _SOFT_GAP.sub(" ", raw).replace(_SOFT, "")
    if kind is Kind.CODE:
        text = raw.replace(_BR, "\n").replace(_CELL_SEP, " ").strip("\n")
        if text.strip():
            out.blocks.append(RawBlock(text.rstrip(), kind, frame.node, chain, link_chars, frame.tag))
        return
    if kind is Kind.TABLE_ROW:
        cells = [" ".join(c.replace(_BR, " ").split()) for c in raw.split(_CELL_SEP)]
        text = " | ".join(c for c in cells if c)
        if text:
            out.blocks.append(RawBlock(text, kind, frame.node, chain, link_chars, frame.tag, in_table=True))
        return
    if _CELL_SEP in raw:
        raw = raw.replace(_CELL_SEP, " ")
    lines = [" ".join(line.split()) for line in raw.split(_BR)] if _BR in raw else [" ".join(raw.split())]
    lines = [line for line in lines if line]
    if not lines:
        return
    # Group the lines first and join each group once: gluing line by line onto the growing
    # string (and testing its end with a regex search) was quadratic in a <p> of many <br>s.
    groups: list[list[str]] = [[lines[0]]]
    for line in lines[1:]:
        if line[:1].islower() and groups[-1][-1][-1] not in _SENTENCE_END:
            groups[-1].append(line)  # a <br> inside a sentence
        else:
            groups.append([line])
    merged = [" ".join(g) for g in groups]
    total = sum(len(m) for m in merged) or 1
    for text in merged:
        lc = round(link_chars * len(text) / total) if len(merged) > 1 else link_chars
        out.blocks.append(RawBlock(text, kind, frame.node, chain, min(lc, len(text)), frame.tag, in_table=table))
