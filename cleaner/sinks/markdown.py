"""Render a processed Document as Markdown (``Options.format == "markdown"``).

The same kept blocks as the plain text (:func:`cleaner.sinks.text.render_text`), in the same
order, with their structure marked up: the title as ``# Title``, headings ``#``..``######`` by
level, list items ``- `` or ``1. `` (nested by indentation), data table rows as GitHub pipe
tables, code fenced, quotes ``> ``, paragraphs separated by blank lines.  Nothing else is
marked up: text that would read as Markdown at the start of a line (``# ``, ``- ``, ``1. ``,
``>``, a fence...) is escaped with a backslash, and so is a backslash before punctuation
(Markdown would drop it), so stripping the markup gives back the text.

HTML blocks carry their structure in :class:`cleaner.model.Markup`; text dumps have none, so
their blocks render by kind (headings the splitter found as ``##``, list items as written).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Block, Document, Kind

# Line starts that Markdown would read as structure: an ATX heading, a list item (bullet or
# number), a thematic break, a block quote, a code fence, an HTML block, a link reference
# definition.
_SIGNIFICANT = re.compile(
    r"#{1,6}(?:\s|$)"
    r"|[-+*](?:\s|$)"
    r"|([-*_])(?:[ \t]*\1){2,}[ \t]*$"
    r"|>"
    r"|```|~~~"
    r"|<[A-Za-z/!?]"
    r"|\[[^\]]*\]:"
)
# A backslash before ASCII punctuation: Markdown reads it as an escape and drops it.
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_NUMBERED = re.compile(r"(\d{1,9})([.)])(?=\s|$)")
_TRAILING_HASHES = re.compile(r"(?<=\s)(#+)(\s*)$")
_BULLET = re.compile(r"([-*•·▪◦‣])\s+")
_TEXT_NUMBER = re.compile(r"(\d{1,3})[.)]\s+")
_BACKTICKS = re.compile(r"`+")


def escape_line(text: str) -> str:
    """``text`` with a backslash before a line start Markdown would read as structure (the
    first character, or for ``1. `` the dot), and its backslashes before punctuation doubled.
    O(len(text))."""
    text = _escape_backslashes(text)
    m = _NUMBERED.match(text)
    if m:
        return f"{m.group(1)}\\{text[m.end(1) :]}"
    if _SIGNIFICANT.match(text):
        return "\\" + text
    return text


def _escape_backslashes(text: str) -> str:
    return _BACKSLASH.sub(r"\\\\", text) if "\\" in text else text


def _heading(text: str, level: int) -> str:
    """An ATX heading; a trailing run of ``#`` (which Markdown would drop) escaped.  Its
    start needs no escape: after the marker, ``#``, ``-`` or ``1.`` are text."""
    return _TRAILING_HASHES.sub(r"\\\1\2", "#" * level + " " + _escape_backslashes(text))


def _fence(text: str) -> str:
    """Code fenced by backticks longer than any run inside it (at least three)."""
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def _cell(text: str) -> str:
    return _escape_backslashes(text).replace("|", "\\|")


def _table(rows: list[Block]) -> str:
    """Consecutive kept rows of one data table as a GitHub pipe table: the first row is the
    header (GitHub tables need one), rows padded to the widest.  A row whose kept text no
    longer matches its cells (a rule cut inside it, dedup swapped its copy) is one cell."""
    grid: list[tuple[str, ...]] = []
    for b in rows:
        cells = b.markup.cells if b.markup is not None else ()
        if " | ".join(c for c in cells if c) != b.kept_text:
            cells = (b.kept_text,)
        grid.append(cells)
    width = max(len(r) for r in grid)
    lines = []
    for i, cells in enumerate(grid):
        padded = [_cell(c) for c in cells] + [""] * (width - len(cells))
        lines.append("| " + " | ".join(padded) + " |")
        if i == 0:
            lines.append("|" + " --- |" * width)
    return "\n".join(lines)


class _Lists:
    """The list levels open in the output, outermost first: the source nesting depth each
    stands for, its list, and the width of its marker (``- `` is 2 wide, ``10. `` 4), which
    sets the indentation of the levels below.  An item nests one level below the deepest open
    level of a smaller source depth, never deeper: when a rule removed the items above it, it
    is not indented past them (four spaces more would make it a code block)."""

    def __init__(self) -> None:
        self.depths: list[int] = []
        self.ids: list[int] = []
        self.widths: list[int] = []
        self.item = -1  # the list item whose first block was printed last
        self.level = 0  # its output level (1: not nested)

    def place(self, depth: int) -> int:
        """The output level of an item of source nesting ``depth``; closes the deeper levels."""
        while self.depths and self.depths[-1] > depth:
            self._pop()
        return len(self.depths) if self.depths and self.depths[-1] == depth else len(self.depths) + 1

    def indent(self, level: int) -> int:
        return sum(self.widths[: level - 1])

    def tight(self, level: int, list_id: int, first: bool) -> bool:
        """Whether the item may follow the previous one on the next line: an item of a list
        already open, or the first item of a nested list that may interrupt a paragraph (a
        bullet or ``1.``); any other list start needs a blank line, or Markdown reads it as
        the previous item's text."""
        if level <= len(self.ids):
            return self.ids[level - 1] == list_id
        return first

    def open(self, level: int, depth: int, marker: str, list_id: int, item: int) -> None:
        while len(self.depths) >= level:
            self._pop()
        self.depths.append(depth)
        self.ids.append(list_id)
        self.widths.append(len(marker) + 1)
        self.item, self.level = item, level

    def _pop(self) -> None:
        self.depths.pop()
        self.ids.pop()
        self.widths.pop()

    def close(self) -> None:
        self.depths.clear()
        self.ids.clear()
        self.widths.clear()
        self.item = -1


def _text_item(text: str) -> tuple[str, str]:
    """A text dump's list item as Markdown, its own marker kept (a bullet sign becomes ``-``),
    and the marker's type ("-" or "1.": a change of type starts another list)."""
    m = _TEXT_NUMBER.match(text)
    if m:
        return f"{m.group(1)}. {escape_line(text[m.end() :])}", "1."
    m = _BULLET.match(text)
    return "- " + escape_line(text[m.end() :] if m else text), "-"


def _pieces(blocks: list[Block]) -> Iterator[tuple[str, str]]:
    """(separator before it, Markdown) for each block or table: list items of one list are
    one line apart, everything else a blank line apart."""
    lists = _Lists()
    i = 0
    prev_item = False
    text_marker = ""  # the marker type of the text dump's previous list item
    while i < len(blocks):
        b = blocks[i]
        m = b.markup
        text = b.kept_text
        if b.kind is Kind.TABLE_ROW and m is not None:
            j = i + 1
            while j < len(blocks) and blocks[j].kind is Kind.TABLE_ROW and _table_of(blocks[j]) == m.table:
                j += 1
            yield "\n\n", _table(blocks[i:j])
            i, prev_item = j, False
            lists.close()
            continue
        i += 1
        if b.kind is Kind.LIST_ITEM:
            if m is None:
                line, kind = _text_item(text)
                yield ("\n" if prev_item and kind == text_marker else "\n\n"), line
                text_marker = kind
            elif m.item != lists.item:
                marker = f"{m.number}." if m.ordered else "-"
                level = lists.place(m.depth)
                tight = prev_item and lists.tight(level, m.list, not m.ordered or m.number == 1)
                indent = " " * lists.indent(level)
                lists.open(level, m.depth, marker, m.list, m.item)
                yield ("\n" if tight else "\n\n"), f"{indent}{marker} {escape_line(text)}"
            else:  # another paragraph of the same item: under its text
                yield "\n\n", " " * lists.indent(lists.level + 1) + escape_line(text)
            prev_item = True
            continue
        prev_item = False
        text_marker = ""
        lists.close()
        if b.kind is Kind.HEADING:
            yield "\n\n", _heading(text, m.level if m is not None and m.level else 2)
        elif b.kind is Kind.CODE:
            yield "\n\n", _fence(text)
        elif b.kind is Kind.QUOTE:
            yield "\n\n", "\n".join("> " + escape_line(line) for line in text.split("\n"))
        else:
            yield "\n\n", "\n".join(escape_line(line) for line in text.split("\n"))


def _table_of(b: Block) -> int:
    return b.markup.table if b.markup is not None else -2


def render_markdown(doc: Document, with_title: bool = True) -> str:
    """The kept blocks as Markdown, title first as ``# Title``; '' when nothing is kept.

    O(total text length) time and memory."""
    body = [b for b in doc.kept_blocks if b.kind is not Kind.TITLE]
    if not body:
        return ""  # a title alone is not an article
    out: list[str] = []
    if doc.title and with_title:
        out.append(_heading(doc.title, 1))
    for sep, piece in _pieces(body):
        if out:
            out.append(sep)
        out.append(piece)
    return "".join(out) + "\n"
