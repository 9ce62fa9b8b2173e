"""The cleaner inside the tools dataset builders already use.

* :mod:`cleaner.integrations.datatrove`: a datatrove pipeline step (``CleanerStep``) that keeps
  title, language and removal counts in each document's metadata;
* :mod:`cleaner.integrations.hf`: ``clean_batch`` for ``datasets.Dataset.map(batched=True)``.

Both clean one in-memory value at a time through :func:`clean_content`, the same code path as
``cleaner clean`` (same drops, same counts, same record fields); they need the
``integrations`` extra only for the tool itself.
"""

from __future__ import annotations

from typing import Any

from ..api import clean_record
from ..model import Document
from ..names import safe_str
from ..options import Options
from ..records import Outcome
from ..sinks.schema import record
from ..sources.record import Record
from ..sources.sniff import sniff_format

__all__ = ["clean_content", "record_metadata"]

_SNIFF = 4096


def _kind_of(content: str | bytes, kind: str) -> str:
    """ "html" or "text": as given, or sniffed from the first 4 KB.  O(1)."""
    if kind in ("html", "text"):
        return kind
    if kind != "auto":
        raise ValueError(f"kind must be 'html', 'text' or 'auto', not {kind!r}")
    head = content[:_SNIFF]
    head_bytes = head if isinstance(head, bytes) else head.encode("utf-8", "replace")
    return "html" if sniff_format("", head_bytes) == "html" else "text"


def clean_content(
    content: str | bytes | None,
    *,
    kind: str = "auto",
    doc_id: str = "doc",
    url: str | None = None,
    source: str | None = None,
    options: Options | None = None,
) -> Outcome:
    """Clean one page held in memory (HTML bytes/str or a text dump) the way a batch would.

    Returns the batch's :class:`~cleaner.records.Outcome`: ``status`` "written" (``doc`` holds
    the text, title, metadata and counts), "dropped" (``reason``: empty, too_short, too_large,
    no_content) or "failed" (``reason`` is the error kind).  Never raises for bad content.
    Time and memory: those of the pipeline, O(len(content)).
    """
    options = options or Options()
    if content is None or (isinstance(content, str | bytes) and not content):
        return Outcome("dropped", doc_id, source or "", reason="no_content")
    if not isinstance(content, str | bytes):
        return Outcome("failed", doc_id, source or "", reason="bad_field", message=f"a {type(content).__name__}")
    raw = content if isinstance(content, bytes) or kind != "text" else safe_str(content)
    doc = Document(id=doc_id, raw=raw, kind=_kind_of(content, kind), source=source, url=url)
    rec = Record(source=source or "", doc=doc, collection=source)
    return clean_record(rec, options)


def record_metadata(o: Outcome, added: str = "") -> dict[str, Any]:
    """The record's ``metadata`` (fixed fields, see :mod:`cleaner.sinks.schema`) of a written
    outcome.  O(metadata)."""
    assert o.doc is not None
    meta: dict[str, Any] = record(o.doc, added)["metadata"]
    return meta
