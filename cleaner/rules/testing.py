"""Run one rule on its own, on given blocks or a small dump: the harness rule tests and the
rule catalogue use, so that a rule is judged apart from the rules that run before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..dedup.paragraphs import collapse_duplicates
from ..extract.textsplit import split_text
from ..memo import document_scope
from ..model import Block, Document, Kind
from ..options import Options
from . import DUPLICATE, FINAL_RULES, MODEL_RULES, RULES, STRUCTURE_RULES
from .base import Rule


def rule_named(name: str) -> Rule:
    """The rule called ``name`` (KeyError for an unknown name).  O(number of rules)."""
    for rule in RULES + STRUCTURE_RULES + FINAL_RULES + MODEL_RULES:
        if rule.name == name:
            return rule
    raise KeyError(f"no rule named {name!r}")


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

    ``content`` is a text dump or ready blocks (see :func:`make_document`).  A contextual
    rule is run until it settles, as the pipeline does.  Cost: the rule's own.
    """
    doc = make_document(content, kind=kind, language=language, title=title)
    opts = options or Options()
    with document_scope(sum(len(b.text) for b in doc.blocks), len(doc.blocks)):
        if name == DUPLICATE:  # dedup is a stage, not a Rule, but is named and shown like one
            collapse_duplicates(doc, opts)
            return doc
        rule = rule_named(name)
        if rule in STRUCTURE_RULES or rule in FINAL_RULES:  # after dedup in the pipeline, reading its links
            collapse_duplicates(doc, opts)
        rule.apply(doc, opts)
        if rule.contextual:
            rule.apply(doc, opts)
    return doc
