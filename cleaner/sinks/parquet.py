"""Parquet output (the ``parquet`` extra): the JSONL record as columns (``metadata`` a struct with
the fixed field list of :mod:`.schema`), written atomically.

Rows are buffered into row groups and written to ``OUT.partial``, renamed on close.  A Parquet
file is only readable once closed, so ``--resume`` keeps the rows of a finished OUT (copied
into the new file one batch at a time) and redoes what a killed run had not committed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .base import Cleaned, DoneIds
from .schema import TOP_FIELDS, arrow_schema, now_iso, record

ROW_GROUP = 1000


class ParquetSink:
    """Writes ``path`` with the record's columns; ``metadata`` is a struct."""

    def __init__(self, path: str | os.PathLike[str], *, resume: bool = False, added: str | None = None) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise ImportError("Parquet output needs the parquet extra: pip install 'webpage-cleaner[parquet]'") from exc
        self._pa, self._pq = pa, pq
        self.path = Path(path)
        self.added = added or now_iso()
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.schema = arrow_schema()
        self._writer = pq.ParquetWriter(self.partial, self.schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self.done = DoneIds()
        if resume and self.path.exists():
            self._copy_existing()

    def _copy_existing(self) -> None:
        """Copy a finished OUT into the new file batch by batch (memory: one batch, plus the ids)."""
        source = self._pq.ParquetFile(self.path)
        for batch in source.iter_batches(batch_size=ROW_GROUP, columns=list(TOP_FIELDS)):
            table = self._pa.Table.from_batches([batch]).cast(self.schema)
            for rid in table.column("id").to_pylist():
                self.done.add(rid)
            self._writer.write_table(table, row_group_size=ROW_GROUP)

    def is_done(self, record_id: str, name: str | None) -> bool:
        return self.done.take(record_id)

    def write(self, doc: Cleaned) -> None:
        self._rows.append(record(doc, self.added))
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
