"""The single-document API: one page or dump in, its clean text (or record) out.

``clean_text``, ``clean_html`` and ``clean_document`` are the library's entry points
(re-exported by :mod:`cleaner`); :func:`clean_record` cleans one record as ``cleaner clean``
writes it (the batch's workers and the integrations call it), under the one error policy of
:mod:`cleaner.records`.  Batches of many records are :mod:`cleaner.batch`'s.
"""

from __future__ import annotations

from .model import Document
from .options import Options
from .pipeline import process
from .records import Outcome, clean_one
from .sinks.base import Cleaned, dumps_line
from .sinks.text import chars_in, explain_records, render_text
from .sinks.text import explain as explain_doc
from .sources import Record

__all__ = ["clean_document", "clean_html", "clean_record", "clean_text"]


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


def clean_record(rec: Record, options: Options, explain: str | None = None) -> Outcome:
    """Clean one record as ``cleaner clean`` writes it; never raises (errors become a failed
    Outcome, see :mod:`cleaner.records`).

    ``explain``: None, "text" (``--explain`` lines) or "jsonl" (one JSON object per removal).
    A document whose kept text is shorter than ``options.min_chars`` is dropped as
    ``too_short``.  Time and memory: those of the pipeline, O(size of the record)."""

    def render(doc: Document) -> tuple[Document, str, str | None]:
        text = render_text(doc, options)
        notes: str | None = None
        if explain == "jsonl":
            notes = b"".join(dumps_line(r) for r in explain_records(doc)).decode("utf-8")
        elif explain is not None:
            notes = explain_doc(doc)
        return doc, text, notes

    got = clean_one(rec, options, render)
    if isinstance(got, Outcome):
        return got
    doc, text, notes = got
    if not text.strip():
        return Outcome("dropped", rec.id, rec.source, rec.position, "empty", explain=notes)
    if len(text) < options.min_chars:
        return Outcome("dropped", rec.id, rec.source, rec.position, "too_short", explain=notes)
    from . import __version__  # (the package imports this module)

    removed = doc.rule_counts()
    stats = {
        "version": __version__,
        "input_kind": doc.kind,
        "chars_in": chars_in(doc),
        "chars_out": len(text),
        "removed": removed,
        "duplicates_collapsed": removed.get("duplicate", 0),
        "format": options.format,
    }
    meta = dict(doc.metadata)
    language = getattr(doc, "language", None)
    cleaned = Cleaned(doc.id, text, doc.source, doc.url, doc.title, meta, stats, rec.name, rec.collection, language)
    return Outcome("written", rec.id, rec.source, rec.position, doc=cleaned, explain=notes)
