"""Render a processed Document as clean text, and explain what was removed."""

from __future__ import annotations

from ..model import Block, Cut, Document, Kind
from ..names import safe_str
from ..options import Options
from ..textnorm import compare_key, is_main_part

_H1_WITHIN = 3  # an <h1> among this many first kept blocks is the page's title line
_HEADING_TAGS = frozenset(("h1", "h2", "h3"))


def render_text(doc: Document, options: Options | None = None) -> str:
    """Title line, then each kept block, separated by blank lines; '' when nothing is kept.

    One title only: a kept ``<h1>`` among the first kept blocks is the page's visible title
    (unless it is the site's name, as in some headers), so it is printed first instead of the
    metadata title (which may be worded differently); a heading that repeats the title is not
    printed again.  ``options.title`` False leaves the
    title line out (the body alone).  O(total text length) time and memory.
    """
    with_title = options.title if options is not None else True
    parts: list[str] = []
    title = doc.title
    if any(b.kind is Kind.TITLE and (b.removal is not None or not b.kept_text.strip()) for b in doc.blocks):
        title = None  # the line the splitter took for a title was boilerplate after all (or cut away)
    blocks = doc.kept_blocks
    h1 = _title_heading(doc, blocks)
    title_keys = {compare_key(t) for t in (title, h1.kept_text if h1 else None) if t}
    if h1 is not None:
        title = h1.kept_text
    if title and with_title:
        parts.append(title)
    body = 0
    for b in blocks:
        text = b.kept_text
        if b is h1 or (b.kind in (Kind.TITLE, Kind.HEADING) and compare_key(text) in title_keys):
            continue  # the title is the first line (or left out)
        parts.append(text)
        body += 1
    if not body:
        return ""  # a title alone is not an article
    return "\n\n".join(parts) + "\n"


def _title_heading(doc: Document, blocks: list[Block]) -> Block | None:
    """The heading among the first kept blocks that is the page's visible title: the first
    ``<h1>`` unless it names the site, else a heading that is the main part of the metadata
    title (``"Topic?"`` under ``"Topic? / Board / Site Forums"``).  O(1) blocks."""
    head = [b for b in blocks[:_H1_WITHIN] if b.hints.get("tag") in _HEADING_TAGS]
    if not head:
        return None  # not an HTML page, or no heading at its top
    from ..extract.html.metadata import is_site_name  # HTML only: lxml is loaded

    site, url = doc.metadata.get("site_name"), doc.url
    h1 = next((b for b in head if b.hints.get("tag") == "h1" and not is_site_name(b.kept_text, site, url)), None)
    if h1 is not None or not doc.title:
        return h1
    title = compare_key(doc.title)
    return next((b for b in head if is_main_part(compare_key(b.kept_text), title)), None)


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
    have ``location`` "page" and no text.

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
    return out


def chars_in(doc: Document) -> int:
    """Length of the text as rendered if nothing were removed (blocks, blank-line separators):
    what the statistics compare the kept text with.  O(n) blocks."""
    texts = [b.text for b in doc.blocks if b.text]
    if doc.title:
        texts.append(doc.title)
    return sum(map(len, texts)) + 2 * max(0, len(texts) - 1) + (1 if texts else 0)
