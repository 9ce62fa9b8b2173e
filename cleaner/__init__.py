"""cleaner: turn raw scraped web pages into clean article text, and say what was removed.

Library use::

    import cleaner
    text = cleaner.clean_text(open("dump.txt").read())
    text = cleaner.clean_html(open("page.html", "rb").read(), url="https://example.org/a")
    doc = cleaner.clean_document(cleaner.Document(id="a", raw=html, kind="html"))
    print(cleaner.explain(doc))
"""

from __future__ import annotations

from .api import clean_document, clean_html, clean_text
from .model import Block, Cut, Document, Kind, Origin, Removal
from .options import Options
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
