"""Parquet output (the ``parquet`` extra): the JSONL record as columns (``metadata`` a struct with
the fixed field list of :mod:`.schema`), written atomically.

Rows are buffered into row groups and written to a new temporary file beside OUT (created
exclusively, never through an existing name), renamed onto OUT on close.  A Parquet file is
only readable once closed, so ``--resume`` keeps the rows of a finished OUT (copied into the
new file one batch at a time) and redoes what a killed run had not committed; an OUT that is
not a readable Parquet file of this schema is refused before anything is cleaned.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .base import Cleaned, DoneIds, OutputError, create_temp, remove_quietly
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
        self.schema = arrow_schema()
        self._fh, self._tmp = create_temp(self.path)
        self._rows: list[dict[str, Any]] = []
        self.done = DoneIds()
        try:
            self._writer = pq.ParquetWriter(self._fh, self.schema, compression="zstd")
            if resume and self.path.exists():
                self._copy_existing()
        except BaseException:
            self.abort()
            raise

    def _copy_existing(self) -> None:
        """Copy a finished OUT into the new file batch by batch (memory: one batch, plus the ids);
        OutputError if OUT is not a Parquet file of this schema (nothing is cleaned then)."""
        try:
            source = self._pq.ParquetFile(self.path)
            for batch in source.iter_batches(batch_size=ROW_GROUP, columns=list(TOP_FIELDS)):
                table = self._pa.Table.from_batches([batch]).cast(self.schema)
                for rid in table.column("id").to_pylist():
                    self.done.add(rid)
                self._writer.write_table(table, row_group_size=ROW_GROUP)
        except (self._pa.ArrowException, ValueError, KeyError) as exc:
            why = f"{type(exc).__name__}: {exc}"[:300]
            raise OutputError(
                f"--resume: {str(self.path)!r} is not a readable cleaner Parquet file ({why});"
                " move it away or run without --resume"
            ) from None

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
        self._fh.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        """Stop without committing: the temporary file goes (a Parquet file is only readable
        once closed, so there is nothing for --resume to keep)."""
        for close in (getattr(self, "_writer", None), self._fh):
            try:
                if close is not None:
                    close.close()
            except Exception:
                pass
        remove_quietly(self._tmp)
