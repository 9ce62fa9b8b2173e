"""Split a plain-text dump into blocks.

Scraped dumps mix conventions: blank lines between paragraphs, one paragraph per line, and
copies hard-wrapped at a fixed width (~75 columns).  We split on blank lines into *groups*,
then decide for every single newline inside a group whether it is a paragraph break or a
soft wrap.  A newline is a soft wrap only when the document shows a wrap width (several lines
of nearly equal length) and the next word would not have fitted on the line, or when the
line is long and the next one starts in lower case mid-sentence.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Block, Document, Kind, Origin
from ..textnorm import ends_clause, normalize_text

_LIST_ITEM = re.compile(r"^(?:[-*•·▪◦‣]|\d{1,3}[.)])\s+\S")
MIN_WRAP_WIDTH = 40
MAX_WRAP_WIDTH = 120
MIN_WRAP_EVIDENCE = 3  # lines close to the wrap width needed before we believe in one
WRAP_SLACK = 0


def wrap_width(lines: list[str], nonblank_next: list[bool]) -> int | None:
    """Estimate the column a hard-wrapped dump was wrapped at, or None if it is not wrapped."""
    lengths = [
        len(line)
        for line, nxt in zip(lines, nonblank_next, strict=True)
        if nxt and MIN_WRAP_WIDTH // 2 <= len(line) <= MAX_WRAP_WIDTH
    ]
    if len(lengths) < MIN_WRAP_EVIDENCE:
        return None
    counts = Counter(lengths)
    # The wrap width is the longest length that has enough lines packed just below it.
    for width in sorted(counts, reverse=True):
        if width < MIN_WRAP_WIDTH:
            break
        near = sum(c for n, c in counts.items() if width - 12 <= n <= width)
        if near >= MIN_WRAP_EVIDENCE:
            return width
    return None


REGION_SLACK = 10  # a line this much longer than the wrap width shows its region unwrapped


def _width_holds(lines: list[str], width: int | None) -> list[bool]:
    """Per blank-line separated group: does the dump's wrap width hold there?  A dump mixes
    wrapped and unwrapped copies.  A group with a line far longer than the width is unwrapped;
    so is one of three lines or more whose every line after the first opens with a capital or
    a digit (a list of headlines: wrapped prose goes on in lower case somewhere); another group
    of three lines or more shows its own wrapping; a shorter one (a title over its date line,
    or a short wrapped paragraph) is judged by its region: beside a line far longer than the
    width, that part of the dump is unwrapped.  O(L) time, O(groups) memory."""
    longest: list[int] = []
    count: list[int] = []
    capped: list[bool] = []  # every line after the group's first opens with a capital or digit
    prev_blank = True
    for line in lines:
        if line:
            if prev_blank:
                longest.append(0)
                count.append(0)
                capped.append(True)
            elif not (line[0].isupper() or line[0].isdigit()):
                capped[-1] = False
            longest[-1] = max(longest[-1], len(line))
            count[-1] += 1
        prev_blank = not line
    if width is None:
        return [False] * len(longest)
    limit = width + REGION_SLACK
    out = []
    for g in range(len(longest)):
        if count[g] >= MIN_WRAP_EVIDENCE:
            out.append(longest[g] <= limit and not capped[g])
        else:
            out.append(max(longest[max(0, g - 1) : g + 2]) <= limit)
    return out


COLUMNS = "columns"  # hint: a line laid out in columns of short items (their number)
MIN_COLUMNS = 3
MAX_COLUMN_WORDS = 4
_WIDE_GAP = re.compile(r"\S(?: {3,}|\t+)(?=\S)")


def _column_rows(raw: str, count: int) -> dict[int, int]:
    """{line index: number of items} for lines laid out as a row of at least ``MIN_COLUMNS``
    short items (at most ``MAX_COLUMN_WORDS`` words, no digits) set apart by wide gaps: a menu
    flattened into text ("World   Login   Subscribe   Politics").  The gaps are read before
    spaces are normalised away; line numbers agree with the normalised text (only the line
    endings change there).  O(L)."""
    if "   " not in raw and "\t" not in raw:
        return {}
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    out: dict[int, int] = {}
    for i, line in enumerate(raw.split("\n")[:count]):
        if not _WIDE_GAP.search(line):
            continue
        items = [item for item in re.split(r" {3,}|\t+", line.strip()) if item]
        if len(items) >= MIN_COLUMNS and all(
            len(item.split()) <= MAX_COLUMN_WORDS and not any(c.isdigit() for c in item) for item in items
        ):
            out[i] = len(items)
    return out


def _is_soft_wrap(line: str, nxt: str, width: int | None) -> bool:
    if _LIST_ITEM.match(nxt):
        return False
    first_word = nxt.split(" ", 1)[0]
    if width is not None and width * 0.6 <= len(line) <= width:
        if len(line) + 1 + len(first_word) > width + WRAP_SLACK:
            return True
    # A long line cut mid-sentence, the next one continuing in lower case.
    if len(line) >= MIN_WRAP_WIDTH and nxt[:1].islower() and not ends_clause(line):
        return True
    return False


def split_text(doc: Document) -> None:
    """Fill ``doc.blocks`` from ``doc.raw`` (a str) and set the title when the first line is one.

    O(L) time and memory for L characters (the wrap width is found from a histogram of at
    most MAX_WRAP_WIDTH line lengths, then checked per region, see :func:`_width_holds`)."""
    raw = doc.raw if isinstance(doc.raw, str) else doc.raw.decode("utf-8", "replace")
    lines = normalize_text(raw).split("\n")
    columns = _column_rows(raw, len(lines))
    nonblank_next = [i + 1 < len(lines) and bool(lines[i + 1]) for i in range(len(lines))]
    width = wrap_width(lines, nonblank_next)
    held = _width_holds(lines, width)

    blocks: list[Block] = []
    group = -1
    para: list[str] = []
    start = 0
    prev_blank = True

    def flush(end: int) -> None:
        if para:
            text = " ".join(para)
            kind = Kind.LIST_ITEM if _LIST_ITEM.match(text) else Kind.PARAGRAPH
            block = Block(text=text, kind=kind, origin=Origin(start + 1, end + 1), group=group)
            if start == end and start in columns:
                block.hints[COLUMNS] = columns[start]
            blocks.append(block)
            para.clear()

    for i, line in enumerate(lines):
        if not line:
            flush(i - 1)
            prev_blank = True
            continue
        if prev_blank:
            group += 1
            start = i
            para.append(line)
        elif _is_soft_wrap(lines[i - 1], line, width if held[group] else None):
            para.append(line)
        else:
            flush(i - 1)
            start = i
            para.append(line)
        prev_blank = False
    flush(len(lines) - 1)

    _mark_title_and_headings(doc, blocks)
    doc.blocks = blocks


_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 25
_HEADING_MAX_WORDS = 12


def looks_like_heading(text: str, max_words: int = _HEADING_MAX_WORDS) -> bool:
    """Short, one line, not ending like a sentence: a title or subheading candidate."""
    if len(text) > _TITLE_MAX_CHARS or text.endswith((".", ",", ";", "…")):
        return False
    return 0 < len(text.split()) <= max_words


def _mark_title_and_headings(doc: Document, blocks: list[Block]) -> None:
    group_sizes = Counter(b.group for b in blocks)
    if blocks:
        first = blocks[0]
        if group_sizes[first.group] == 1 and looks_like_heading(first.text, _TITLE_MAX_WORDS) and len(blocks) > 1:
            first.kind = Kind.TITLE
            if not doc.title:
                doc.title = first.text
    for i, b in enumerate(blocks):
        if b.kind is not Kind.PARAGRAPH or group_sizes[b.group] != 1:
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is not None and looks_like_heading(b.text) and len(nxt.text) > len(b.text):
            b.kind = Kind.HEADING
