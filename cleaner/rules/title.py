"""The title, decided once at the end of the pipeline: the first line of the text and the
record's ``title`` are the same string because both are this step's ``doc.title``.

The candidates are gathered before: the page's metadata title (HTML head, JSON-LD: what HTML
extraction leaves in ``doc.title``, the title the rules compare lines with until then), the
line the text splitter took for a title, the heading the page header rule (:mod:`.header`)
chose in a text dump (both of kind ``Kind.TITLE``), and the HTML headings at the top of the
kept text.  (A JSONL record's own title stays in ``doc.metadata``: a dump whose text has no
title line gets none.)  This step picks one,
sets ``doc.title``, and marks the blocks that are the title line (the chosen heading and any
heading that repeats the title) ``Kind.TITLE``; renderers print ``doc.title`` first and leave
``Kind.TITLE`` blocks out, so the title is printed exactly once, where the record says.
It removes nothing.
"""

from __future__ import annotations

from ..model import Block, Document, Kind
from ..options import Options
from ..textnorm import compare_key, is_main_part

NAME = "title"
H1_WITHIN = 3  # an <h1> among this many first kept blocks is the page's title line
_HEADING_TAGS = frozenset(("h1", "h2", "h3"))


def apply(doc: Document, options: Options) -> None:
    """Decide ``doc.title`` and mark the title line's blocks.

    In order: a visible heading at the top of an HTML page (:func:`title_heading`), worded as
    the reader sees it, over the metadata title; in a text dump, the last line taken for the
    title (the page header's choice supersedes the splitter's first line), unless a rule
    removed it (boilerplate after all: no title line); else ``doc.title`` as extraction set it.
    O(n) blocks."""
    kept = doc.kept_blocks
    titled = [b for b in doc.blocks if b.kind is Kind.TITLE]
    if titled:
        line = titled[-1]
        title = line.kept_text if line.kept and line.kept_text.strip() else None
    else:
        title = doc.title
    heading = title_heading(doc, kept, title)
    keys = {compare_key(t) for t in (title, heading.kept_text if heading else None) if t}
    if heading is not None:
        title = heading.kept_text
    for b in kept:
        if b is heading or (b.kind in (Kind.TITLE, Kind.HEADING) and compare_key(b.kept_text) in keys):
            b.kind = Kind.TITLE
        elif b.kind is Kind.TITLE:
            b.kind = Kind.HEADING  # taken for the title on the way, and not it
    doc.title = title or None


def title_heading(doc: Document, blocks: list[Block], title: str | None) -> Block | None:
    """The heading among the first kept blocks that is the page's visible title: the first
    ``<h1>`` unless it names the site, else a heading that is the main part of ``title``
    (``"Topic?"`` under ``"Topic? / Board / Site Forums"``).  O(1) blocks."""
    head = [b for b in blocks[:H1_WITHIN] if b.hints.get("tag") in _HEADING_TAGS]
    if not head:
        return None  # not an HTML page, or no heading at its top
    from ..extract.html.metadata import is_site_name  # HTML only: lxml is loaded

    site, url = doc.metadata.get("site_name"), doc.url
    h1 = next((b for b in head if b.hints.get("tag") == "h1" and not is_site_name(b.kept_text, site, url)), None)
    if h1 is not None or not title:
        return h1
    key = compare_key(title)
    return next((b for b in head if is_main_part(compare_key(b.kept_text), key)), None)
