"""Run one rule on its own, on given blocks or a small dump: the harness rule tests and the
rule catalogue use, so that a rule is judged apart from the rules that run before it.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Sequence

from ..extract.textsplit import split_text
from ..memo import document_scope
from ..model import Block, Document, Kind
from ..options import Options
from ..steps import Stage, Step
from . import BY_NAME, DUPLICATE, STEPS
from .duplicates import collapse


def rule_named(name: str) -> Step:
    """The step called ``name`` (KeyError for an unknown name).  O(1)."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no rule named {name!r}") from None


def make_document(
    content: str | Sequence[Block], *, kind: str = "text", language: str | None = "en", title: str | None = None
) -> Document:
    """A document of ``content``, split into blocks: a text dump is split as the pipeline
    splits dumps; for ``kind="html"`` every blank-line separated chunk is one paragraph, as
    an HTML page's ``<p>`` elements come out of extraction.  O(len(content))."""
    doc = Document(id="harness", kind=kind, language=language, title=title)
    if not isinstance(content, str):
        doc.blocks = list(content)
    elif kind == "html":
        chunks = [" ".join(c.split()) for c in content.split("\n\n")]
        doc.blocks = [Block(c, Kind.PARAGRAPH) for c in chunks if c]
    else:
        doc.raw = content
        split_text(doc)
    return doc


def run_rule(
    name: str,
    content: str | Sequence[Block],
    *,
    language: str | None = "en",
    kind: str = "text",
    title: str | None = None,
    options: Options | None = None,
) -> Document:
    """Apply the rule ``name`` alone to ``content`` and return the marked document.

    ``content`` is a text dump or ready blocks (see :func:`make_document`); for a step of
    HTML extraction, an HTML page, extracted with the other extraction steps off.  A
    contextual rule is run until it settles, as the pipeline does.  Cost: the rule's own.
    """
    opts = options or Options()
    rule = rule_named(name)
    if rule.stage is Stage.EXTRACT:
        from ..extract.html import extract_html

        others = {s.name for s in STEPS if s.stage is Stage.EXTRACT and s.can_disable and s.name != name}
        with warnings.catch_warnings():  # disabling what the step reads is the point here
            warnings.simplefilter("ignore")
            alone = dataclasses.replace(opts, disabled_rules=opts.disabled_rules | others)
        page = Document(id="harness", raw=content if isinstance(content, str) else "", kind="html", title=title)
        extract_html(page, alone)
        return page
    doc = make_document(content, kind=kind, language=language, title=title)
    with document_scope(sum(len(b.text) for b in doc.blocks), len(doc.blocks)):
        if name == DUPLICATE:  # dedup is a stage, not a Rule, but is named and shown like one
            collapse(doc, opts)
            return doc
        if rule.stage > Stage.DEDUP:  # after dedup in the pipeline, reading its links
            collapse(doc, opts)
        assert rule.apply is not None
        rule.apply(doc, opts)
        if rule.contextual:
            rule.apply(doc, opts)
    return doc
