"""Hugging Face ``datasets``: clean a column with ``Dataset.map(batched=True, num_proc=N)``::

    from cleaner.integrations.hf import clean_batch
    ds = ds.map(clean_batch, batched=True, num_proc=4, fn_kwargs={"html_column": "html"})
    ds = ds.filter(lambda row: not row["cleaner_dropped"])

Every row gets the same columns of the same types, so batches and worker processes agree on
the schema: ``text`` (the clean text, "" when nothing is kept), ``title``, ``language``,
``cleaner_removed`` (a JSON list of ``{"rule", "count"}``, ``"[]"`` when nothing was removed,
as in the record),
``cleaner_chars_in``, ``cleaner_chars_out`` and ``cleaner_dropped`` ("" when kept, else why not:
empty, too_short, too_large, no_content, or an error kind).  Arrow takes a column's type from
the first batch ``map`` writes, and an empty list or a None there has type null, which no later
batch can be written into: so unknown strings are "" rather than None, and the removals are a
JSON string rather than a list that is empty for a clean first row (a struct list cannot carry
its type through ``map``'s dict output).  Rows are never removed
by ``map`` itself: filter on ``cleaner_dropped``.
"""

from __future__ import annotations

from typing import Any

from ..options import Options
from . import clean_content, record_metadata

COLUMNS = ("text", "title", "language", "cleaner_removed", "cleaner_chars_in", "cleaner_chars_out", "cleaner_dropped")


def clean_batch(
    batch: dict[str, list[Any]],
    html_column: str | None = None,
    text_column: str | None = None,
    url_column: str | None = None,
    id_column: str | None = None,
    options: Options | None = None,
) -> dict[str, list[Any]]:
    """Clean one batch (a dict of columns) and return the new columns, row for row.

    Each row is cleaned from ``html_column`` when that value is set, else from
    ``text_column`` (a plain-text dump).  At least one of the two must be given.
    Time O(total size of the batch); memory O(largest row + output).
    """
    if html_column is None and text_column is None:
        raise ValueError("clean_batch needs html_column= or text_column=")
    for col in (html_column, text_column, url_column, id_column):
        if col is not None and col not in batch:
            raise KeyError(f"clean_batch: no column {col!r} in the batch (columns: {', '.join(batch)})")
    n = len(next(iter(batch.values()))) if batch else 0
    out: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    for i in range(n):
        html = batch[html_column][i] if html_column is not None else None
        content, kind = (html, "html") if html else ((batch[text_column][i], "text") if text_column else (None, "text"))
        url = batch[url_column][i] if url_column is not None else None
        doc_id = str(batch[id_column][i]) if id_column is not None else f"row-{i}"
        o = clean_content(content, kind=kind, doc_id=doc_id, url=url if isinstance(url, str) else None, options=options)
        row: tuple[Any, ...]
        if o.status == "written" and o.doc is not None:
            meta = record_metadata(o)
            row = (
                o.doc.text,
                meta["title"] or "",
                meta["language"] or "",
                meta["cleaner"]["removed"],
                meta["cleaner"]["chars_in"],
                meta["cleaner"]["chars_out"],
                "",
            )
        else:
            row = ("", "", "", "[]", 0, 0, o.reason or o.status)
        for col, value in zip(COLUMNS, row, strict=True):
            out[col].append(value)
    return out
