"""Parquet output (the ``parquet`` extra): the JSONL record as columns, written atomically.

Rows are buffered into row groups and written to ``OUT.partial``, renamed on close.  A Parquet
file is only readable once closed, so ``--resume`` keeps the rows of a finished OUT (copied
into the new file one batch at a time) and redoes what a killed run had not committed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..sources.record import safe_str
from .base import Cleaned, DoneIds, dolma_record

ROW_GROUP = 1000
_COLUMNS = ("id", "text", "url", "title", "source", "date", "language", "metadata")


def _row(doc: Cleaned) -> dict[str, Any]:
    rec = dolma_record(doc)
    meta = rec["metadata"]
    return {
        "id": safe_str(rec["id"]),
        "text": safe_str(rec["text"]),
        "url": rec["url"] and safe_str(rec["url"]),
        "title": rec["title"] and safe_str(rec["title"]),
        "source": meta.get("source") and safe_str(str(meta["source"])),
        "date": None if meta.get("date") is None else safe_str(str(meta["date"])),
        "language": None if meta.get("language") is None else safe_str(str(meta["language"])),
        "metadata": safe_str(json.dumps(meta, ensure_ascii=False, default=str)),
    }


class ParquetSink:
    """Writes ``path`` with columns id, text, url, title, source, date, language, metadata (JSON)."""

    def __init__(self, path: str | os.PathLike[str], *, resume: bool = False) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise ImportError("Parquet output needs the parquet extra: pip install 'cleaner[parquet]'") from exc
        self._pa, self._pq = pa, pq
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.schema = pa.schema([(c, pa.string()) for c in _COLUMNS])
        self._writer = pq.ParquetWriter(self.partial, self.schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self.done = DoneIds()
        if resume and self.path.exists():
            self._copy_existing()

    def _copy_existing(self) -> None:
        """Copy a finished OUT into the new file batch by batch (memory: one batch, plus the ids)."""
        source = self._pq.ParquetFile(self.path)
        for batch in source.iter_batches(batch_size=ROW_GROUP, columns=list(_COLUMNS)):
            table = self._pa.Table.from_batches([batch]).cast(self.schema)
            for rid in table.column("id").to_pylist():
                self.done.add(rid)
            self._writer.write_table(table, row_group_size=ROW_GROUP)

    def is_done(self, record_id: str, name: str | None) -> bool:
        return self.done.take(record_id)

    def write(self, doc: Cleaned) -> None:
        self._rows.append(_row(doc))
        if len(self._rows) >= ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        if len(self._rows) >= ROW_GROUP:
            self._write_rows()

    def _write_rows(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def close(self) -> None:
        self._write_rows()
        self._writer.close()
        os.replace(self.partial, self.path)
