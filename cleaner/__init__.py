"""cleaner: turn raw scraped web pages into clean article text, and say what was removed.

Library use::

    import cleaner
    text = cleaner.clean_text(open("dump.txt").read())
    text = cleaner.clean_html(open("page.html", "rb").read(), url="https://example.org/a")
    doc = cleaner.clean_document(cleaner.Document(id="a", raw=html, kind="html"))
    print(cleaner.explain(doc))
"""

from __future__ import annotations

from .model import Block, Cut, Document, Kind, Origin, Removal
from .options import Options
from .pipeline import process
from .sinks.text import explain, render_text

__version__ = "0.1.0"

__all__ = [
    "Block",
    "Cut",
    "Document",
    "Kind",
    "Options",
    "Origin",
    "Removal",
    "__version__",
    "clean_document",
    "clean_html",
    "clean_text",
    "explain",
    "render_text",
]


def clean_document(doc: Document, options: Options | None = None) -> Document:
    """Process ``doc`` (kind "text" or "html") in place; the result keeps every removal."""
    return process(doc, options)


def clean_text(text: str, options: Options | None = None, *, doc_id: str = "text") -> str:
    """Clean a plain-text dump and return the article text (title first)."""
    return render_text(process(Document(id=doc_id, raw=text, kind="text"), options), options)


def clean_html(
    html: str | bytes,
    url: str | None = None,
    options: Options | None = None,
    *,
    doc_id: str | None = None,
    content_type: str | None = None,
) -> str:
    """Clean an HTML page (bytes in any encoding, or str) and return the article text."""
    doc = Document(id=doc_id or url or "html", raw=html, kind="html", url=url)
    if content_type:
        doc.metadata["http_content_type"] = content_type
    return render_text(process(doc, options), options)
