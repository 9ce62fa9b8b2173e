"""The pipeline: split into blocks, apply rules, collapse duplicates.

Sources build a :class:`Document`; :func:`process` fills and marks its blocks; sinks render.
HTML and text dumps meet at the blocks, so every rule and the dedup serve both.
"""

from __future__ import annotations

from .dedup.paragraphs import collapse_duplicates
from .extract.textsplit import split_text
from .model import Document
from .options import Options
from .rules import RULES

DEFAULT_OPTIONS = Options()


def split(doc: Document, options: Options) -> None:
    """Turn ``doc.raw`` into blocks with the splitter for its kind."""
    if doc.kind == "html":
        from .extract.html import extract_html  # lxml import cost only for HTML users

        extract_html(doc, options)
    else:
        split_text(doc)


def process(doc: Document, options: Options | None = None) -> Document:
    """Run the whole pipeline on ``doc`` in place and return it."""
    options = options or DEFAULT_OPTIONS
    split(doc, options)
    is_html = doc.kind == "html"
    for rule in RULES:
        if rule.name in options.disabled_rules:
            continue
        if (rule.text_only and is_html) or (rule.html_only and not is_html):
            continue
        rule.apply(doc, options)
    if options.dedup:
        collapse_duplicates(doc, options)
    return doc
