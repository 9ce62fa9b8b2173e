"""Render a processed Document as clean text, and explain what was removed."""

from __future__ import annotations

from ..model import Block, Cut, Document, Kind
from ..names import safe_str
from ..options import Options
from ..textnorm import normalize_text
from ..textshape import verse_lines
from .markdown import render_markdown


def render_text(doc: Document, options: Options | None = None) -> str:
    """Title line, then each kept block, separated by blank lines; '' when nothing is kept.
    Markdown instead when ``options.format`` asks for it (:mod:`.markdown`, same blocks).

    Renders only: the title is ``doc.title`` as the pipeline's title step decided it (see
    :mod:`cleaner.rules.title`), printed once, first; the blocks that step marked as the
    title line (``Kind.TITLE``) are not printed again.  ``options.title`` False leaves the
    title line out (the body alone).  O(total text length) time and memory.
    """
    with_title = options.title if options is not None else True
    if options is not None and options.format == "markdown":
        return render_markdown(doc, with_title)
    parts = [doc.title] if doc.title and with_title else []
    body = [b for b in doc.kept_blocks if b.kind is not Kind.TITLE]
    if not body:
        return ""  # a title alone is not an article
    # A stanza's lines stay together, one a line, as in the input (those the splitter joined
    # as soft wraps too): cleaning the output again then finds the same stanzas.
    verse = verse_lines(body) if doc.kind == "text" else set()
    source = _SourceLines(doc)
    out = [p + "\n\n" for p in parts]
    for prev, b in zip([None, *body], body, strict=False):
        lines = source.of(b) if id(b) in verse else None
        if prev is not None:
            stanza = prev.group == b.group and {id(prev), id(b)} <= verse
            out.append("\n" if stanza and lines is not None and source.of(prev) is not None else "\n\n")
        out.append(lines if lines is not None else b.kept_text)
    return "".join(out) + "\n"


class _SourceLines:
    """A text dump's lines as the splitter read them, split on first use (O(L) once)."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._lines: list[str] | None = None

    def of(self, block: Block) -> str | None:
        """The kept block's text with the input's line breaks back (the lines the splitter
        joined with spaces), or None when the block is no longer that text (cut, replaced,
        or not from a text dump).  O(len(text))."""
        o = block.origin
        if o.line_start is None or o.line_end is None:
            return None
        if o.line_start == o.line_end:
            return block.kept_text
        if self._lines is None:
            raw = self._doc.raw
            self._lines = normalize_text(raw if isinstance(raw, str) else raw.decode("utf-8", "replace")).split("\n")
        lines = self._lines[o.line_start - 1 : o.line_end]
        return "\n".join(lines) if " ".join(lines) == block.kept_text else None


def _clip(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def explain(doc: Document) -> str:
    """One line per removed block or span: where, which rule, why, and the text."""
    lines = []
    pruned = doc.context.get("html_pruned_subtrees")
    if pruned:
        counts = ", ".join(f"{reason} {n}" for reason, n in pruned.items())
        lines.append(f"page: [html_prune] whole subtrees dropped by tag/class/id/role pattern: {counts}")
    truncated = doc.context.get("html_truncated")
    if truncated:
        counts = ", ".join(f"{reason} {n}" for reason, n in truncated.items())
        lines.append(f"page: [html_limits] pathological markup cut: {counts}")
    for block, r in doc.removed():
        where = block.origin.describe()
        if isinstance(r, Cut):
            lines.append(f"{where}: [{r.rule}] {r.reason}: cut {_clip(block.text[r.start : r.end])!r}")
        else:
            lines.append(f"{where}: [{r.rule}] {r.reason}: {_clip(block.text)!r}")
    return safe_str("\n".join(lines)) + ("\n" if lines else "")


def explain_records(doc: Document) -> list[dict[str, object]]:
    """``--explain-format jsonl``: one dict per removal (document id, block location, rule,
    reason, ``span``: a cut inside a kept block, the removed text in full); page-level cuts
    have ``location`` "page" and no text.  A removal the line model overruled is listed with
    ``kept`` true: its rule, its reason and the block's probability.

    O(removed text) time and memory."""
    out: list[dict[str, object]] = []
    for key, rule, what in (
        ("html_pruned_subtrees", "html_prune", "whole subtrees dropped by tag/class/id/role pattern"),
        ("html_truncated", "html_limits", "pathological markup cut"),
    ):
        counts = doc.context.get(key)
        if counts:
            reason = f"{what}: " + ", ".join(f"{r} {n}" for r, n in counts.items())
            out.append({"id": doc.id, "location": "page", "rule": rule, "reason": reason, "span": False, "text": None})
    for block, r in doc.removed():
        cut = isinstance(r, Cut)
        text = block.text[r.start : r.end] if isinstance(r, Cut) else block.text
        out.append(
            {
                "id": doc.id,
                "location": block.origin.describe(),
                "rule": r.rule,
                "reason": safe_str(r.reason),
                "span": cut,
                "text": safe_str(text),
            }
        )
    for block in doc.blocks:
        if block.kept and block.overruled is not None:
            o = block.overruled
            p = f" (P={block.body_score:.2f})" if block.body_score is not None else ""
            out.append(
                {
                    "id": doc.id,
                    "location": block.origin.describe(),
                    "rule": o.rule,
                    "reason": safe_str(f"{o.reason}; overruled: kept as likely body by the line model{p}"),
                    "span": False,
                    "text": safe_str(block.text),
                    "kept": True,
                }
            )
    return out


def chars_in(doc: Document) -> int:
    """Length of the text as rendered if nothing were removed (blocks, blank-line separators):
    what the statistics compare the kept text with.  O(n) blocks."""
    texts = [b.text for b in doc.blocks if b.text]
    if doc.title:
        texts.append(doc.title)
    return sum(map(len, texts)) + 2 * max(0, len(texts) - 1) + (1 if texts else 0)
