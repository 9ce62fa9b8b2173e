"""The one data type that flows through the pipeline.

A source reads a page into a :class:`Document`; a splitter fills ``Document.blocks``
with ordered :class:`Block` objects; rules and dedup never delete text, they attach a
:class:`Removal` (whole block) or :class:`Cut` (span inside a block) naming the rule and
the reason; a sink renders what is kept.  Keeping removed text around is what makes
``--explain``, the per-rule statistics and (later) the HTML audit report possible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .names import safe_str


class Kind(StrEnum):
    """What a block is, as far as the splitter can tell."""

    TITLE = "title"  # a line taken for the title; after the pipeline, the title line only
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    TABLE_ROW = "table_row"
    CODE = "code"
    CAPTION = "caption"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a block came from: a line span in a text dump, or an element path in HTML."""

    line_start: int | None = None  # 1-based, inclusive
    line_end: int | None = None
    path: str | None = None  # e.g. "/html/body/div[2]/p[3]" for HTML blocks

    def describe(self) -> str:
        if self.line_start is not None:
            if self.line_end is not None and self.line_end != self.line_start:
                return f"lines {self.line_start}-{self.line_end}"
            return f"line {self.line_start}"
        return self.path or "?"


class Confidence(StrEnum):
    """How certain a removal is: ``sure`` when the rule matched what it exists for (a
    shortcode, a known phrase, a repeated body paragraph), ``guess`` when it judged by shape
    and position (a header, a page end, a short repeated line).  Each step declares its own in
    ``cleaner/data/steps.toml``; a removal carries one only when its step makes both kinds
    (``cleaner check`` fails on sure findings by default, on guesses too with ``--strict``)."""

    SURE = "sure"
    GUESS = "guess"


@dataclass(frozen=True, slots=True)
class Removal:
    """Why a whole block was dropped; ``confidence`` None: the step's declared one."""

    rule: str
    reason: str
    confidence: Confidence | None = None


@dataclass(frozen=True, slots=True)
class Cut:
    """A removed span ``text[start:end]`` inside a block that is otherwise kept."""

    start: int
    end: int
    rule: str
    reason: str
    confidence: Confidence | None = None


@dataclass(frozen=True, slots=True)
class Markup:
    """What the HTML markup said about a block's structure, beyond its kind: what Markdown
    output (``Options.format``) needs and plain text drops.  Filled by the HTML splitter only
    (a text dump has no markup); every field has a neutral default."""

    level: int = 0  # heading level 1-6 (<h1>..<h6>), 0 when not a heading
    depth: int = 0  # list nesting depth of a list item (1: an item of an outermost list)
    ordered: bool = False  # an item of an <ol>
    number: int = 0  # the item's number in its ordered list (``start``, ``value`` honoured)
    list: int = -1  # page-wide index of the list an item belongs to, -1 for none
    item: int = -1  # page-wide index of the list item (its blocks share it), -1 for none
    table: int = -1  # page-wide index of the data table a row belongs to, -1 for none
    header: bool = False  # a table row of header cells (<th> only, or inside <thead>)
    cells: tuple[str, ...] = ()  # a table row's cells, empty ones included (text joins the rest)


_WS = re.compile(r"\s+")


@dataclass(slots=True)
class Block:
    """One unit of reading order: a paragraph, heading, list item, caption...

    ``text`` is the normalised text as read; it never changes after splitting (except when
    dedup swaps in a better copy, :meth:`replace_text`).  ``group`` ties together
    blocks that the splitter took from one blank-line separated chunk of a text dump (alt-text
    and caption lines live in such groups); HTML blocks carry structural hints in ``hints``
    (tag, class names, link density...).
    """

    text: str
    kind: Kind = Kind.PARAGRAPH
    origin: Origin = field(default_factory=Origin)
    group: int | None = None
    hints: dict[str, Any] = field(default_factory=dict)
    removal: Removal | None = None
    cuts: list[Cut] = field(default_factory=list)
    # For a block dedup removed as a copy: the kept block it repeats (the dump's own
    # repetition, which the copy-structure rules read).
    copy_of: Block | None = field(default=None, repr=False, compare=False)
    # Structure from the HTML markup (heading level, list, table cells), None for a text dump.
    markup: Markup | None = None
    # P(body) from the text path's line classifier (rules.linemodel), None when not scored.
    body_score: float | None = field(default=None, compare=False)
    # A removal a later step undid (the line classifier keeping likely body a guessing rule
    # took): kept for ``--explain``, so that no decision leaves without a trace.
    overruled: Removal | None = field(default=None, compare=False)
    # Word count of ``text``, computed once for the rules (reset by replace_text).
    _nwords: int = field(default=-1, repr=False, compare=False)
    # ``kept_text`` of a kept block, computed once per state (reset by cut and replace_text):
    # every rule reads it, and a block with many cuts costs O(c log c + L) to rebuild.
    _kept: str | None = field(default=None, repr=False, compare=False)

    @property
    def kept(self) -> bool:
        return self.removal is None

    @property
    def nwords(self) -> int:
        if self._nwords < 0:
            self._nwords = len(self.text.split())
        return self._nwords

    def replace_text(self, text: str) -> None:
        """Swap in another copy's text (dedup keeps the better copy); cuts no longer apply."""
        self.text = text
        self.cuts = []
        self._nwords = -1
        self._kept = None

    def remove(self, rule: str, reason: str, confidence: Confidence | None = None) -> None:
        """Mark the block removed; the first rule to remove a block is the one reported.
        ``confidence``: only for a step that makes both sure and guessed removals."""
        if self.removal is None:
            self.removal = Removal(rule, reason, confidence)

    def cut(self, start: int, end: int, rule: str, reason: str, confidence: Confidence | None = None) -> None:
        if 0 <= start < end <= len(self.text):
            self.cuts.append(Cut(start, end, rule, reason, confidence))
            self._kept = None

    @property
    def kept_text(self) -> str:
        """The text minus its cuts, whitespace collapsed; '' for a removed block.

        O(L + c log c) for L characters and c cuts the first time, O(1) until the next cut.
        """
        if self.removal is not None:
            return ""
        if not self.cuts:
            return self.text
        if self._kept is not None:
            return self._kept
        pieces = []
        pos = 0
        for c in sorted(self.cuts, key=lambda c: (c.start, c.end)):
            if c.start > pos:
                pieces.append(self.text[pos : c.start])
            pos = max(pos, c.end)
        pieces.append(self.text[pos:])
        self._kept = _WS.sub(" ", " ".join(pieces)).strip()
        return self._kept


@dataclass(slots=True)
class Document:
    """A page on its way through the pipeline.

    ``raw`` holds the input (str for text dumps, bytes or str for HTML) until a splitter has
    turned it into blocks; sources set ``kind`` to "text" or "html".  ``language`` is the
    declared or guessed language (HTML: ``lang`` or the stopword guess; dumps: the guess).
    """

    id: str
    raw: str | bytes = ""
    kind: str = "text"
    source: str | None = None  # file path or container name the record came from
    url: str | None = None
    # The metadata title (or the dump's first line) while rules run; after the pipeline, the
    # title the title step (rules/title.py) decided: the text's title line and the record's.
    title: str | None = None
    # Primary language code ("en", "de"...) or None when unknown: rules match this
    # language's phrases plus English.  Set by the pipeline after splitting.
    language: str | None = None
    # Other languages the page speaks (site chrome in the site's language around an
    # article in another): their phrases apply too.
    other_languages: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)  # extraction's notes for --explain
    # Caption texts the shortcode step harvested from [caption] markup: the caption rule,
    # which reads that step, removes them where they stand as plain lines.
    captions: list[str] = field(default_factory=list)
    # The line model's per-block features of this document by (language, title) they were
    # computed for (cleaner.learn.features.Memo): computed once, shared by page_end's chrome
    # check and every pass of the line model (cleaner.rules.linemodel).
    line_features: dict[tuple[str | None, str | None], dict[Any, Any]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # The line model's first scores of this document (cleaner.rules.linemodel.Scored): dedup's
    # chrome check and page_end's ask for them, computed once and updated for what changed.
    line_scores: Any = field(default=None, repr=False, compare=False)

    @property
    def kept_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kept and b.kept_text]

    def removed(self) -> list[tuple[Block, Removal | Cut]]:
        """Every removal and cut, in reading order (for --explain and statistics)."""
        out: list[tuple[Block, Removal | Cut]] = []
        for b in self.blocks:
            if b.removal is not None:
                out.append((b, b.removal))
            else:
                out.extend((b, c) for c in b.cuts)
        return out

    def make_safe(self) -> None:
        """Strip terminal controls and bidi formatting from every text the page gave us (block
        texts, title, url, metadata strings, nested ones too), once, right after splitting:
        the choke point every input kind passes before rules, sinks and printers (issue 23.8).
        O(total text) time; a block with nothing to strip costs one C-level search."""
        for b in self.blocks:
            b.text = safe_str(b.text)
        if self.title is not None:
            self.title = safe_str(self.title)
        if self.url is not None:
            self.url = safe_str(self.url)
        self.metadata = _safe_value(self.metadata)

    def rule_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, r in self.removed():
            counts[r.rule] = counts.get(r.rule, 0) + 1
        return dict(sorted(counts.items()))


def _safe_value(value: Any) -> Any:
    """``value`` with :func:`safe_str` applied to every string in it, dict keys and nested
    containers too (tuples become lists).  Iterative: JSONL metadata may nest deeply.
    O(size) time and memory."""
    if isinstance(value, str):
        return safe_str(value)
    if not isinstance(value, dict | list | tuple):
        return value
    top: list[Any] = [value]
    stack: list[tuple[Any, Any]] = [(top, 0)]
    while stack:
        container, key = stack.pop()
        item = container[key]
        if isinstance(item, str):
            container[key] = safe_str(item)
        elif isinstance(item, dict):
            new = {(safe_str(k) if isinstance(k, str) else k): v for k, v in item.items()}
            container[key] = new
            stack.extend((new, k) for k in new)
        elif isinstance(item, list | tuple):
            seq = list(item)
            container[key] = seq
            stack.extend((seq, i) for i in range(len(seq)))
    return top[0]
