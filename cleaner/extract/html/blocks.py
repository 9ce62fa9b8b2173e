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
from typing import Any

from lxml import etree

from ...model import Kind, Markup
from ...textnorm import drop_invisible, ends_clause
from .limits import BLOCKS_REASON, DEPTH_REASON, MAX_BLOCK_DEPTH, MAX_BLOCKS, note
from .metadata import is_product_type
from .patterns import prune_patterns
from .prune import element_reason, is_caption_key, is_category, is_hidden, is_permalink, may_hold_prose

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table "
    "tbody td tfoot th thead tr ul caption legend noscript".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_LIST = frozenset(("li", "dt", "dd"))
_LISTS = frozenset(("ul", "ol", "menu", "dir"))
# The kinds bound once: ``Kind.X`` is an enum class lookup (about 0.1 µs) and hashing a Kind
# runs Enum.__hash__ in Python, while the walk tests kinds several times per element.
_PARAGRAPH, _HEADING, _LIST_ITEM, _QUOTE = Kind.PARAGRAPH, Kind.HEADING, Kind.LIST_ITEM, Kind.QUOTE
_CAPTION, _CODE, _TABLE_ROW = Kind.CAPTION, Kind.CODE, Kind.TABLE_ROW
_CELL_SEP = "\x1f"
_BR = "\x1e"
# Between two sibling elements that touch with no text between: a space if a word follows.
_SOFT = "\x1d"
_SOFT_GAP = re.compile(r"(?<=\S)\x1d+(?=\w)")
# ... except after a dotted qualifier before a lower-case name: ``<span>pkg.</span><span>fn</span>``
# is one name (an API signature), as the browser shows it.
_QUALIFIED = re.compile(r"(?<=[a-z0-9_]\.)\x1d+(?=[a-z_])")
# Inline tags that mark up part of a word or a phrase: ``<b>wo</b><i>rd</i>`` is one word.
# Other inline elements touching each other (``<span>Article Number</span><span>802.7</span>``,
# a card's ``<span>title</span><span>author</span>``) are separate items that a page's CSS
# lays out apart, so their texts are not glued into one word.
_GLUE_TAGS = frozenset(
    "b i em strong u s sup sub small mark abbr code kbd q cite var font tt big strike del ins wbr ruby rt rp "
    "bdi bdo dfn samp".split()
)
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
    markup: Markup | None = None  # heading level, list item, table row cells (Markdown output)


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
    markup: Markup | None = None  # what the blocks it owns carry (see :func:`_markup_for`)


class _PageFull(Exception):
    """MAX_BLOCKS blocks were cut: the walk stops."""


@dataclass(slots=True)
class Walk:
    nodes: list[Node] = field(default_factory=list)
    blocks: list[RawBlock] = field(default_factory=list)
    pruned: dict[str, int] = field(default_factory=dict)  # reason -> count (for stats)
    soft: dict[int, str] = field(default_factory=dict)  # node -> reason of a provisional prune
    truncated: dict[str, int] = field(default_factory=dict)  # limits reason -> count
    tables: int = 0  # data tables seen (their Markup.table indices)
    products: int = 0  # elements whose microdata type is a schema.org product (itemtype)


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
    return _Walker().run(body)


class _Walker:
    """The walk's state, explicit: the stack of open elements and what it implies (the block
    that owns the text, the container chain, open links, <pre>, articles, data tables), and
    the text gathered for the current block."""

    __slots__ = (
        "article_depth",
        "buf",
        "caption_looks",
        "chain",
        "chain_t",
        "check_tags",
        "inline_frames",
        "items",
        "link_chars",
        "link_depth",
        "lists",
        "nlists",
        "out",
        "owners",
        "pre_depth",
        "row_cells",
        "soft_chain",
        "stack",
        "table_depth",
        "table_ids",
        "tables",
    )

    def __init__(self) -> None:
        self.out = Walk()
        self.stack: list[_Frame] = []  # one frame per open element
        self.tables: list[_Frame] = []  # the frames of the open "table" elements (innermost last)
        self.owners: list[_Frame] = []  # open block-level frames not pruned (the owner is the last)
        self.chain: list[int] = []  # node indices of the open block containers
        self.chain_t: tuple[int, ...] | None = None  # tuple(chain), shared until the chain changes
        self.soft_chain: list[int] = []  # open provisionally pruned containers
        self.buf: list[str] = []  # text of the current block
        self.link_chars = 0  # characters of ``buf`` inside links
        self.link_depth = 0  # open <a> elements
        self.pre_depth = 0
        self.article_depth = 0
        self.table_depth = 0  # open data tables
        # For Markdown output (Markup): the open lists ([ordered, next number, index],
        # innermost last), the list items and lists seen so far, the open data tables' indices, and
        # the header (th) and data (td) cells of the current table row.
        self.lists: list[list[int]] = []
        self.items = 0
        self.nlists = 0
        self.table_ids: list[int] = []
        self.row_cells = [0, 0]
        # Inline frames are shared per (tag, kind); keyed by ``tag + "\0" + kind`` (a plain
        # str) because hashing a Kind member runs Enum.__hash__ in Python on every element.
        self.inline_frames: dict[str, _Frame] = {}
        self.check_tags = prune_patterns().drop_tags | {"form", "header"}
        self.caption_looks = [_CAPTION_LOOKS]  # captions left to look at (see _captions_text)

    def run(self, body: etree._Element) -> Walk:
        stack, buf = self.stack, self.buf
        fast_br = "br" not in self.check_tags
        walker = etree.iterwalk(body, events=("start", "end"))
        try:
            for event, el in walker:
                if event == "start":
                    tag = el.tag  # (lxml builds the string on each access: read once)
                    if tag == "br" and fast_br and not self.pre_depth and not el.keys():
                        # The common line break, without the checks of _start (a page of
                        # 500,000 <br> spent most of its walk there): a void element.
                        buf.append(_BR)
                        stack.append(_BR_FRAME)
                        continue
                    if not self._start(el, tag, walker):
                        continue  # pruned: its subtree is skipped, its text unread
                    text = el.text  # gathered into the current block
                    if text and (buf or not text.isspace()):
                        buf.append(text)
                        if self.link_depth:
                            self.link_chars += len(text)
                else:
                    self._end(stack.pop())
                    tail = el.tail
                    if tail and (buf or not tail.isspace()):
                        buf.append(tail)
                        if self.link_depth:
                            self.link_chars += len(tail)
            if buf:
                self.flush()
        except _PageFull:
            del self.out.blocks[MAX_BLOCKS:]
            note(self.out.truncated, BLOCKS_REASON)
        return self.out

    def flush(self) -> None:
        """Cut the gathered text into raw blocks owned by the innermost open block element."""
        raw = drop_invisible("".join(self.buf))  # a zero-width space a theme puts after a heading
        self.buf.clear()
        link_chars, self.link_chars = self.link_chars, 0
        if raw.isspace() or not self.owners:
            return
        out = self.out
        start = len(out.blocks)
        if self.chain_t is None:
            self.chain_t = tuple(self.chain)
        _emit(out, raw, self.owners[-1], self.chain_t, link_chars, self.table_depth > 0, self.row_cells)
        if self.soft_chain:
            pruned = tuple(self.soft_chain)
            for b in out.blocks[start:]:
                b.pruned = pruned
        if len(out.blocks) >= MAX_BLOCKS:
            raise _PageFull

    def _start(self, el: etree._Element, tag: Any, walker: Any) -> bool:
        """Open ``el``; False when it was pruned (its subtree is skipped)."""
        stack = self.stack
        parent = stack[-1] if stack else _ROOT_FRAME
        if not isinstance(tag, str):  # a comment or processing instruction
            walker.skip_subtree()
            stack.append(_Frame("", False, True, parent.kind))
            return False
        is_block = tag in BLOCK_TAGS and not self.pre_depth
        if parent.table and (tag == "td" or tag == "th"):
            is_block = False
        flat = is_block and len(self.chain) >= MAX_BLOCK_DEPTH
        reason, key, soft = None, "", False
        names = None
        if self.pre_depth:
            if (tag == "dialog" or el.keys()) and is_hidden(el):  # hidden inside <pre> too
                self._prune(el, walker, tag, is_block, "hidden", parent.kind)
                return False
        elif tag == "a" and is_permalink(el):
            self._prune(el, walker, tag, False, "permalink", parent.kind)
            return False
        elif tag in self.check_tags or not _PLAIN_ATTRS.issuperset(names := el.keys()):
            reason, key, hard = element_reason(el, tag, self.article_depth > 0, names)
            if names is not None and "itemtype" in names and is_product_type(el.get("itemtype") or ""):
                self.out.products += 1
            if (
                reason is not None
                and self.soft_chain
                and not hard
                and is_category(reason)
                and self._part_of_soft_box(key)
            ):
                reason = None  # the box's own verdict (restored or not) rules its parts
            if reason is not None:
                if hard or not is_block or flat or not may_hold_prose(el):
                    self._prune(el, walker, tag, is_block, reason, parent.kind)
                    return False
                soft = True
        if is_block:
            self._open_block(el, tag, key, parent.kind, flat, reason if soft else None)
        else:
            self._open_inline(el, tag, parent.kind)
        return True

    def _part_of_soft_box(self, key: str) -> bool:
        """Is an element of class/id ``key`` a part of an open provisionally pruned box, named
        after it as BEM names a block's elements (``pd-modal__title`` in ``pd-modal``,
        ``modal-body`` in ``modal``)?  Its parts match the box's category again, and one that
        holds no paragraph of its own was dropped for good: a restored box came back empty.
        O(1): the first ``_PART_TOKENS`` names of the element and of its ``_PART_BOXES``
        innermost open boxes are compared (a hostile page's thousand-name classes cost no more)."""
        tokens = key.split(None, _PART_TOKENS)[:_PART_TOKENS]
        nodes = self.out.nodes
        for n in self.soft_chain[-_PART_BOXES:]:
            for box in nodes[n].key.split(None, _PART_TOKENS)[:_PART_TOKENS]:
                for t in tokens:
                    if len(t) > len(box) + 1 and t.startswith(box) and t[len(box)] in _BEM_SEPARATORS:
                        return True
        return False

    def _prune(self, el: etree._Element, walker: Any, tag: str, is_block: bool, reason: str, kind: Kind) -> None:
        """Skip the element's subtree for good, counting why."""
        out = self.out
        out.pruned[reason] = out.pruned.get(reason, 0) + 1
        walker.skip_subtree()
        if is_block and self.buf:
            self.flush()
        self.stack.append(_Frame(tag, is_block, True, kind))
        if tag == "table":
            self.tables.append(self.stack[-1])

    def _open_inline(self, el: etree._Element, tag: str, parent_kind: Kind) -> None:
        buf = self.buf
        if tag == "br" or tag == "hr":
            buf.append("\n" if self.pre_depth else _BR)
        elif (tag == "th" or tag == "td") and self.owners and self.owners[-1].kind is _TABLE_ROW:
            self.row_cells[tag == "td"] += 1
        else:
            if tag == "a":
                if parent_kind is _HEADING and _is_fragment(el.get("href")):
                    # A heading wrapped in a link to its own fragment (mdBook, MDN): a
                    # heading, not a link away; its frame is no "a", so _end counts nothing.
                    tag = _ANCHOR
                else:
                    self.link_depth += 1
            if buf and not self.pre_depth and tag not in _GLUE_TAGS:
                prev = el.getprevious()
                if prev is not None and not prev.tail and prev.tag not in _GLUE_TAGS:
                    buf.append(_SOFT)
        ikey = tag + "\0" + parent_kind
        frame = self.inline_frames.get(ikey)
        if frame is None:
            frame = self.inline_frames[ikey] = _Frame(tag, False, False, parent_kind)
        self.stack.append(frame)
        if tag == "table":
            self.tables.append(frame)

    def _open_block(
        self, el: etree._Element, tag: str, key: str, parent_kind: Kind, flat: bool, soft_reason: str | None
    ) -> None:
        if self.buf:
            self.flush()
        kind = _kind_for(tag, key, el, parent_kind, self.caption_looks)
        chain = self.chain
        if flat:  # a block break inside the deepest container kept
            frame = _Frame(tag, True, False, kind, chain[-1], flat=True)
            note(self.out.truncated, DEPTH_REASON)
        else:
            nodes = self.out.nodes
            frame = _Frame(tag, True, False, kind, len(nodes))
            nodes.append(Node(tag, key, chain[-1] if chain else -1))
            chain.append(frame.node)
            self.chain_t = None
        if soft_reason is not None:
            frame.soft = True
            self.out.soft[frame.node] = soft_reason
            self.soft_chain.append(frame.node)
        if tag == "pre":
            self.pre_depth += 1
        elif tag == "table":
            if _is_data_table(el):
                frame.table = True
                self.table_depth += 1
                self.table_ids.append(self.out.tables)
                self.out.tables += 1
        elif tag in _LISTS:
            self.nlists += 1
            self.lists.append([tag == "ol", _int_attr(el, "start", 1), self.nlists])
        elif tag == "tr" and self.tables and self.tables[-1].table:
            frame.kind = _TABLE_ROW
            frame.table = True
        kind = frame.kind
        if kind is _HEADING or kind is _LIST_ITEM or kind is _TABLE_ROW:  # (the others carry none)
            frame.markup = self._markup_for(el, tag, frame)
        if tag == "article" or tag == "main" or (key and el.get("itemprop") == "articleBody"):
            frame.article = True
            self.article_depth += 1
        self.stack.append(frame)
        self.owners.append(frame)
        if tag == "table":
            self.tables.append(frame)

    def _markup_for(self, el: etree._Element, tag: str, frame: _Frame) -> Markup | None:
        """The structure the blocks of a new block element carry: a heading's level, a list
        item's place (depth, ordered, number, index), a data table row's table; a block
        inside a heading or list item shares its owner's.  O(1)."""
        kind = frame.kind
        if kind is _HEADING:
            if tag in _HEADINGS:
                return Markup(level=int(tag[1]))
        elif kind is _LIST_ITEM:
            if tag in _LIST:
                lst = self.lists[-1] if self.lists else [0, 1, 0]
                number = _int_attr(el, "value", lst[1]) if lst[0] else 0
                if lst[0]:
                    lst[1] = number + 1
                self.items += 1
                depth = max(1, len(self.lists))
                return Markup(depth=depth, ordered=bool(lst[0]), number=number, list=lst[2], item=self.items)
        elif kind is _TABLE_ROW:
            if tag == "tr":
                self.row_cells = [0, 0]
                head = bool(self.owners) and self.owners[-1].tag == "thead"
                return Markup(table=self.table_ids[-1] if self.table_ids else -1, header=head)
            return None
        else:
            return None
        owner = self.owners[-1] if self.owners else None
        return owner.markup if owner is not None and owner.kind is kind else None

    def _end(self, frame: _Frame) -> None:
        tag = frame.tag
        if tag == "table":
            self.tables.pop()
        if frame.pruned:
            return
        if not frame.block:
            if tag == "a":
                self.link_depth -= 1
            elif tag == "td" or tag == "th":
                self.buf.append(_CELL_SEP)
            return
        if self.buf:
            self.flush()  # while the element is still the owner
        self.owners.pop()
        if not frame.flat:
            self.chain.pop()
            self.chain_t = None
        if tag == "pre":
            self.pre_depth -= 1
        elif tag == "table" and frame.table:
            self.table_depth -= 1
            self.table_ids.pop()
        elif tag in _LISTS:
            self.lists.pop()
        if frame.soft:
            self.soft_chain.pop()
        if frame.article:
            self.article_depth -= 1


_BEM_SEPARATORS = frozenset("_-")  # block__element, block--modifier, block-part
_PART_TOKENS = 8  # class/id names of an element compared with those of the boxes around it
_PART_BOXES = 3  # innermost open provisionally pruned boxes a part may be named after
_ANCHOR = "a#"  # the frame tag of an in-page anchor link inside a heading


def _is_fragment(href: str | None) -> bool:
    """A link to a named place on the same page ("#" alone is a script's dummy target)."""
    return href is not None and len(href) > 1 and href[0] == "#"


def _captions_text(el: etree._Element, looks: list[int]) -> bool:
    """Is ``el`` the caption of a code listing or a table ("Listing 4-1: ...") rather than of
    an image?  Its parent holds a ``<pre>`` or ``<table>`` and no media, within
    ``_LISTING_DEPTH`` levels (Sphinx puts the ``<pre>`` three levels below the caption's
    parent; a listing's or table's own insides are not looked into).  O(1) per caption: at
    most ``_LISTING_SCAN`` elements are looked at (a longer box: no), for at most
    ``_CAPTION_LOOKS`` captions of a page (the others are images')."""
    parent = el.getparent()
    if parent is None or looks[0] <= 0:
        return False
    looks[0] -= 1
    text = False
    level = [parent]
    seen = 0
    for _ in range(_LISTING_DEPTH):
        below = []
        for box in level:
            for d in box:
                seen += 1
                t = d.tag
                if seen > _LISTING_SCAN or t in _MEDIA:
                    return False
                if t == "pre" or t == "table":
                    text = True
                elif isinstance(t, str):
                    below.append(d)
        level = below
    return text


_LISTING_SCAN = 300  # elements: a figure of code or a table is small; a page-sized box is no figure
_LISTING_DEPTH = 3
_CAPTION_LOOKS = 1000  # captions of a page looked at (a page of 30,000 credit lines costs no more)
_MEDIA = frozenset("img picture video audio svg iframe canvas object embed".split())
_ROOT_FRAME = _Frame("", True, False, _PARAGRAPH)
_BR_FRAME = _Frame("br", False, False, _PARAGRAPH)


def _kind_for(tag: str, key: str, el: etree._Element, parent_kind: Kind, looks: list[int]) -> Kind:
    """The kind of the blocks ``el`` owns.  ``looks``: how many more captions of the page may
    be looked at to tell a listing's from an image's (:func:`_captions_text`)."""
    caption = bool(key) and is_caption_key(key)
    if tag == "figcaption" or (caption and tag in _HEADINGS):
        return _PARAGRAPH if _captions_text(el, looks) else _CAPTION
    if tag in _HEADINGS:
        return _HEADING
    if tag == "pre":
        return _CODE
    if tag == "blockquote":
        return _QUOTE
    if parent_kind is _CAPTION or parent_kind is _CODE:
        return parent_kind
    if caption and tag != "figure" and _small(el) and not _captions_text(el, looks):
        return _CAPTION
    if tag in _LIST:
        return _QUOTE if parent_kind is _QUOTE else _LIST_ITEM
    if parent_kind is _QUOTE or parent_kind is _LIST_ITEM or parent_kind is _HEADING:
        return parent_kind  # (a caption's or code's blocks inherit above)
    return _PARAGRAPH


def _small(el: etree._Element) -> bool:
    count = 0
    for _ in el.iter("p", "li", "h2", "h3"):
        count += 1
        if count > _CAPTION_MAX_P:
            return False
    return True


def _int_attr(el: etree._Element, name: str, default: int) -> int:
    """An integer attribute (``<ol start>``, ``<li value>``), ``default`` when absent or not one."""
    value = el.get(name)
    if value is None:
        return default
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else default


def _emit(
    out: Walk,
    raw: str,
    frame: _Frame,
    chain: tuple[int, ...],
    link_chars: int,
    table: bool,
    row_cells: list[int],
) -> None:
    """Turn the text gathered for one block element into raw blocks (one per <br> sentence run).

    Time and memory O(len(raw)): lines are grouped, then each group joined once.
    """
    kind = frame.kind
    markup = frame.markup
    if _SOFT in raw:
        raw = _SOFT_GAP.sub(" ", _QUALIFIED.sub("", raw)).replace(_SOFT, "")
    if kind is _CODE:
        text = raw.replace(_BR, "\n").replace(_CELL_SEP, " ").strip("\n")
        if text.strip():
            out.blocks.append(RawBlock(text.rstrip(), kind, frame.node, chain, link_chars, frame.tag, markup=markup))
        return
    if kind is _TABLE_ROW:
        cells = [" ".join(c.replace(_BR, " ").split()) for c in raw.split(_CELL_SEP)]
        text = " | ".join(c for c in cells if c)
        if text:
            if markup is not None:  # the cells, and a row of <th> cells only is a header row
                while cells and not cells[-1]:
                    cells.pop()  # (the separator after the last cell)
                header = markup.header or (row_cells[0] > 0 and row_cells[1] == 0)
                markup = Markup(table=markup.table, header=header, cells=tuple(cells))
            block = RawBlock(text, kind, frame.node, chain, link_chars, frame.tag, in_table=True, markup=markup)
            out.blocks.append(block)
        return
    if _CELL_SEP in raw:
        raw = raw.replace(_CELL_SEP, " ")
    if _BR not in raw:  # one line, the common block: no grouping
        text = " ".join(raw.split())
        if text:
            rb = RawBlock(text, kind, frame.node, chain, min(link_chars, len(text)), frame.tag, table, markup=markup)
            out.blocks.append(rb)
        return
    lines = [" ".join(line.split()) for line in raw.split(_BR)]
    lines = [line for line in lines if line]
    if not lines:
        return
    # Group the lines first and join each group once: gluing line by line onto the growing
    # string (and testing its end with a regex search) was quadratic in a <p> of many <br>s.
    groups: list[list[str]] = [[lines[0]]]
    for line in lines[1:]:
        if line[:1].islower() and not ends_clause(groups[-1][-1]):
            groups[-1].append(line)  # a <br> inside a sentence
        else:
            groups.append([line])
    merged = [" ".join(g) for g in groups]
    total = sum(len(m) for m in merged) or 1
    for text in merged:
        lc = round(link_chars * len(text) / total) if len(merged) > 1 else link_chars
        rb = RawBlock(text, kind, frame.node, chain, min(lc, len(text)), frame.tag, in_table=table, markup=markup)
        out.blocks.append(rb)
