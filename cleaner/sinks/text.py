"""Render a processed Document as clean text, and explain what was removed."""

from __future__ import annotations

from ..model import Cut, Document, Kind
from ..textnorm import compare_key


def render_text(doc: Document) -> str:
    """Title line, then each kept block, separated by blank lines; '' when nothing is kept."""
    parts: list[str] = []
    title = doc.title
    if any(b.kind is Kind.TITLE and b.removal is not None for b in doc.blocks):
        title = None  # the line the splitter took for a title was boilerplate after all
    title_key = compare_key(title) if title else None
    blocks = doc.kept_blocks
    if title:
        parts.append(title)
    for b in blocks:
        text = b.kept_text
        if title_key is not None and b.kind in (Kind.TITLE, Kind.HEADING) and compare_key(text) == title_key:
            continue  # the title is already the first line
        parts.append(text)
    if title and len(parts) == 1:
        return ""  # a title alone is not an article
    return "\n\n".join(parts) + "\n" if parts else ""


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
            lines.append(f"{where}: [{r.rule}] {r.reason}: cut {_clip(block.text[r.start:r.end])!r}")
        else:
            lines.append(f"{where}: [{r.rule}] {r.reason}: {_clip(block.text)!r}")
    return "\n".join(lines) + ("\n" if lines else "")
