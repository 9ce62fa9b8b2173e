"""A processed document as what a reader sees: each block split into kept and removed pieces.

Shared by ``cleaner explain`` (terminal) and the HTML report, so both show the same thing:
the block's text in order, every removed piece labelled by the rule that removed it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Block, Document


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a block's text: kept (``rule`` None) or removed by ``rule`` for ``reason``."""

    text: str
    rule: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class BlockView:
    """One block: where it came from, its kind, and its pieces in order."""

    where: str
    kind: str
    pieces: tuple[Piece, ...]

    @property
    def removed(self) -> bool:
        """The whole block is removed."""
        return all(p.rule is not None for p in self.pieces)


def block_pieces(block: Block) -> tuple[Piece, ...]:
    """The pieces of one block.  A removed block is one piece; a kept block alternates kept
    text and its cuts (overlapping cuts: the earlier-starting one names the overlap).

    O(L + c log c) for L characters and c cuts."""
    if block.removal is not None:
        return (Piece(block.text, block.removal.rule, block.removal.reason),)
    if not block.cuts:
        return (Piece(block.text),)
    out: list[Piece] = []
    pos = 0
    text = block.text
    for c in sorted(block.cuts, key=lambda c: (c.start, c.end)):
        start = max(pos, c.start)
        if c.end <= start:
            continue
        if start > pos:
            out.append(Piece(text[pos:start]))
        out.append(Piece(text[start : c.end], c.rule, c.reason))
        pos = c.end
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return tuple(p for p in out if p.text.strip())


def document_view(doc: Document) -> list[BlockView]:
    """Every non-empty block of a processed document, in reading order.  O(n + L)."""
    return [BlockView(b.origin.describe(), str(b.kind), block_pieces(b)) for b in doc.blocks if b.text.strip()]


def page_notes(doc: Document) -> list[str]:
    """Removals that are not blocks: HTML subtrees pruned before splitting, markup cut by the
    hostile-input limits (what ``--explain`` prints as ``page:`` lines).  O(reasons)."""
    from ..sinks.text import explain

    return [line[len("page: ") :] for line in explain(doc).splitlines() if line.startswith("page: ")]
