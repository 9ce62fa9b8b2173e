"""A recall-oriented second pass for pages whose first pass kept (almost) nothing.

An empty output must be a decision the page forces, never an accident of one verdict.  The
first pass drops some text for good before anything is weighed: ``<noscript>`` (where a
JavaScript forum renders its posts for crawlers), a ``<button>`` that broken markup made the
parent of the page.  When the first pass keeps less than ``MIN_CHARS`` of text, the page is
parsed again with those verdicts lifted (``<noscript>`` and paragraph-holding buttons
unwrapped), every provisional class/id verdict that is not a strong one is lifted
too (a strong one as well when no prose lies outside such boxes), and the container is
selected again; when no container holds enough, every prose block of the page is kept (a
baseline, as trafilatura falls back to one), and when the page has no prose at all, its
largest run of same-shaped items (a table of links, a chart).  The second result replaces the first only when
it holds clearly more prose, so a page that really is short stays as it was.

Hidden elements (``hidden``, ``aria-hidden``, an inline ``display:none``...) stay hidden here
too, even on a page whose whole content a script would reveal: text a reader is not shown is
how prompt injections get into training data (issue 23.9).  Only what the page's own runtime
or controls show is read, as in the first pass (:mod:`.revealed`).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .blocks import Walk, walk
from .classify import BAD, GOOD, NEAR, TEASER, Scored, classify_page, mark_teasers
from .parse import STRIP, UNWRAP, body_of, parse
from .regions import largest_run
from .revealed import reveal
from .select import select
from .unprune import unprune

MIN_CHARS = 250  # less kept text than this: the second pass's own selection looks wider
# When the second pass is tried and how much it must gain are html_selection's parameters
# (fallback_min_chars, fallback_gain in cleaner/data/steps.toml).


@dataclass(slots=True)
class Pass:
    """The walk and the selection of the second pass, to replace the first pass's."""

    walk: Walk
    scored: list[Scored]
    unpruned: list[Scored]
    chosen: list[Scored]


def kept_chars(chosen: list[Scored]) -> int:
    """Characters of text a selection keeps (link-heavy lines and teasers left out). O(n)."""
    return sum(s.length for s in chosen if s.cls is not BAD and s.cls is not TEASER)


def too_little(chosen: list[Scored], min_chars: int) -> bool:
    """Whether a selection kept less than ``min_chars`` (the page must be read again). O(n)."""
    return kept_chars(chosen) < min_chars


def recall_pass(text: str, utf8: bytes | None, first: int, gain: float, share: float) -> Pass | None:
    """Extract again with some hard verdicts lifted; None unless it keeps clearly more text.

    ``first`` is the text the first pass kept; the second must keep ``gain`` times more
    (``share``: see :func:`.unprune.unprune`).  Runs only on pages that kept almost nothing,
    so the second parse costs little over a batch.  O(n) time and memory in the page size
    (one parse, one pass to lift the markers, the usual walk and selection; the button test
    scans a button's subtree, bounded by the parser's depth limit).
    """
    root = parse(text, utf8)
    reveal(root, text)
    body = body_of(root)
    etree.strip_elements(body, *STRIP, with_tail=False)
    for el in body.iter("button"):
        for _ in el.iterdescendants("p", "div", "article", "section"):
            el.tag = "div"  # broken markup made a button the parent of the page
            break
    etree.strip_tags(body, *UNWRAP, "noscript", "form")
    result = walk(body)
    scored, _ = classify_page(result.blocks, None)
    mark_teasers(scored)
    unpruned = unprune(scored, result.soft, result.nodes, share, recall=True)
    chosen = select(unpruned, result.nodes)
    if kept_chars(chosen) < MIN_CHARS:
        chosen = [s for s in unpruned if s.cls is GOOD or s.cls is NEAR]  # no box wins: all prose
    if kept_chars(chosen) < MIN_CHARS:  # (almost) no prose: the page is a list of items
        chosen = _merge(unpruned, chosen, largest_run(unpruned, result.nodes))
    gained = kept_chars(chosen)
    if gained < MIN_CHARS or gained < gain * first:
        return None
    return Pass(result, scored, unpruned, chosen)


def _merge(order: list[Scored], a: list[Scored], b: list[Scored]) -> list[Scored]:
    """The blocks of ``a`` and ``b`` in the reading order of ``order``. O(n)."""
    keep = {id(s) for s in a} | {id(s) for s in b}
    return [s for s in order if id(s) in keep]
