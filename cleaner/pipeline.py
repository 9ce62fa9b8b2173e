"""The pipeline: split into blocks, apply rules, collapse duplicates.

Sources build a :class:`Document`; :func:`process` fills and marks its blocks; sinks render.
HTML and text dumps meet at the blocks, so every rule and the dedup serve both.
"""

from __future__ import annotations

import gc

from .extract.language import TEXT_SAMPLE_CHARS, guess_language, other_languages, primary_code
from .extract.textsplit import split_text
from .memo import document_scope
from .model import Document, Kind
from .options import Options
from .rules import STEPS
from .rules import title as title_step
from .rules.base import language_groups
from .steps import Stage, Step
from .timing import Lap, Timer

DEFAULT_OPTIONS = Options()
OTHER_LANGUAGE_MAX_WORDS = 15  # site chrome is in short blocks: other languages are sought there
MAX_SETTLE_PASSES = 3
# The steps run on blocks (extraction's run inside the splitter), and those re-run to settle.
BLOCK_STEPS = [s for s in STEPS if s.stage > Stage.EXTRACT and s.apply is not None]
CONTEXTUAL_STEPS = [s for s in BLOCK_STEPS if s.contextual]


def split(doc: Document, options: Options, timer: Timer | None = None) -> None:
    """Turn ``doc.raw`` into blocks with the splitter for its kind, and settle the page's
    language (rules need it): a stopword guess on the kept blocks, else the declared one.

    The guess reads at most ``LANG_SAMPLE_CHARS`` characters: O(1) beyond the split.
    ``timer`` (see :mod:`.timing`) is told the time of each stage."""
    if doc.kind == "html":
        from .extract.html import extract_html  # lxml import cost only for HTML users

        extract_html(doc, options, timer)
        lap = Lap(timer) if timer else None
    else:
        lap = Lap(timer) if timer else None
        split_text(doc)
        if lap:
            lap("text.split")
    doc.make_safe()
    if doc.language is None:
        # The text's own stopwords first: pages declare lang="en" in templates whatever
        # language their articles are in (a Spanish paywall appeal on a page saying "en").
        prose = (b.text for b in doc.blocks if b.kept and b.kind is not Kind.TITLE)
        doc.language = guess_language(prose, TEXT_SAMPLE_CHARS) or primary_code(doc.metadata.get("language"))
        if doc.kind == "text":  # HTML pages keep the chrome out by structure
            chrome_like = (b.text for b in doc.blocks if b.nwords <= OTHER_LANGUAGE_MAX_WORDS)
            doc.other_languages = other_languages(chrome_like, doc.language, language_groups())
    if lap:
        lap("language")


def process(doc: Document, options: Options | None = None, timer: Timer | None = None) -> Document:
    """Run the whole pipeline on ``doc`` in place and return it; ``timer`` (see :mod:`.timing`),
    when given, is told the seconds each stage and step took.

    The cyclic garbage collector is paused while one document is cleaned: the pipeline makes
    many short-lived objects but no reference cycles, and the collector's passes over them
    cost about a fifth of the time.  It is restored (if it was on) before returning.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _process(doc, options or DEFAULT_OPTIONS, timer)
    finally:
        if was_enabled:
            gc.enable()


def _process(doc: Document, options: Options, timer: Timer | None) -> Document:
    """Split, rules, dedup, final rules, then at most MAX_SETTLE_PASSES passes of the
    contextual rules: each stage is O(n + L) (see the rules), so the whole is too."""
    split(doc, options, timer)
    with document_scope(sum(len(b.text) for b in doc.blocks), len(doc.blocks)):
        mark(doc, options, timer)
    doc.line_features.clear()  # the line model's per-run features: not carried with the result
    doc.line_scores = None
    return doc


def mark(doc: Document, options: Options, timer: Timer | None = None) -> None:
    """Every step in order (rules, dedup, structure, finalize), the settle passes, then the title, on a
    document already split into blocks (also how tests run the rules on blocks they built)."""
    _apply(BLOCK_STEPS, doc, options, timer)
    # Steps that judge a block by its neighbours (contextual) may decide differently once
    # later steps have removed blocks around it; settle them, so that cleaning the output
    # again changes nothing.  (Dedup need not run again: removing blocks never makes two
    # kept blocks repeats; the structure steps read dedup's links, which removals do not change.)
    for _ in range(MAX_SETTLE_PASSES):
        before = _removed_count(doc)
        _apply(CONTEXTUAL_STEPS, doc, options, timer)
        if _removed_count(doc) == before:
            break
    # Last: the title, from every candidate the steps above left (it removes nothing).
    lap = Lap(timer) if timer else None
    title_step.apply(doc, options)
    if lap:
        lap(title_step.NAME)


def _removed_count(doc: Document) -> int:
    """O(n)."""
    return sum(1 for b in doc.blocks if b.removal is not None)


def _apply(steps: list[Step], doc: Document, options: Options, timer: Timer | None) -> None:
    is_html = doc.kind == "html"
    lap = Lap(timer) if timer else None
    for step in steps:
        if step.name in options.disabled_rules:
            continue
        if (step.text_only and is_html) or (step.html_only and not is_html):
            continue
        step.apply(doc, options)  # type: ignore[misc]  # BLOCK_STEPS all have one
        if lap:
            lap(step.name)
