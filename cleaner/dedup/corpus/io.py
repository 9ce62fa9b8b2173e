"""Reading and writing corpora for ``cleaner dedup``: JSONL (the output of ``cleaner clean``),
Parquet, folders of .txt files (id = path relative to the folder).

Inputs are read as a stream of :class:`Entry` in a fixed order (arguments in order, folder
files sorted by relative path), as often as the run needs (sketch, verification, output);
only one entry (or one Parquet batch) is in memory at a time.  A record that cannot be used
(not JSON, not an object, no id, no text, larger than ``--max-bytes``) becomes an error entry: it is reported in the
errors file and counted, never dropped silently.  Non-UTF-8 bytes are read with U+FFFD for
comparison, while kept JSONL lines and .txt files are written back byte for byte.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ...options import DEFAULT_MAX_BYTES
from ...sinks.base import create_temp, create_temp_dir, dumps_line
from ...sources.files import TooLarge, capped_lines, open_input, read_capped


class CorpusError(ValueError):
    """An input or output path that cannot be used (a usage error)."""


@dataclass(slots=True)
class Entry:
    """One input record: an id and text, or an error (kind, message); ``raw`` is what the
    output copies (a JSONL line, a .txt file's bytes), ``row`` a Parquet row."""

    source: str
    position: str
    id: str | None
    text: str | None
    raw: bytes | None = None
    file: bool = False  # a .txt file of a folder (raw = its bytes), not a record of a file
    row: dict[str, Any] | None = None
    error: tuple[str, str] | None = None


def _fields(obj: Any, id_field: str, text_field: str) -> tuple[str | None, str | None, tuple[str, str] | None]:
    """(id, text, error) of a parsed record.  O(1)."""
    if not isinstance(obj, dict):
        return None, None, ("bad_record", f"a JSON {type(obj).__name__}, not an object")
    rid, text = obj.get(id_field), obj.get(text_field)
    if isinstance(rid, int) and not isinstance(rid, bool):
        rid = str(rid)
    if not isinstance(rid, str) or not rid:
        return None, None, ("missing_id", f"no string {id_field!r} field")
    if not isinstance(text, str):
        return rid, None, ("missing_text", f"no string {text_field!r} field")
    return rid, text, None


def _too_large(cap: int) -> tuple[str, str]:
    """The error of a record over the size cap (the readers' kind and option).  O(1)."""
    return "too_large", f"larger than the {cap:,}-byte limit (--max-bytes)"


def _jsonl(path: str, id_field: str, text_field: str, cap: int) -> Iterator[Entry]:
    """Entries of a (compressed) JSONL file, one per non-blank line; a line over ``cap``
    bytes fails as ``too_large`` without being held.  O(min(line, cap)) memory."""
    stream, _ = open_input(path)
    with stream:
        for n, line in capped_lines(stream, cap):
            where = f"line {n}"
            if line is None:
                yield Entry(path, where, None, None, error=_too_large(cap))
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line.decode("utf-8", "replace"))
            except (ValueError, RecursionError) as exc:
                yield Entry(path, where, None, None, line, error=("bad_json", str(exc)[:200]))
                continue
            rid, text, err = _fields(obj, id_field, text_field)
            yield Entry(path, where, rid, text, line if line.endswith(b"\n") else line + b"\n", error=err)


def _parquet(path: str, id_field: str, text_field: str, cap: int) -> Iterator[Entry]:
    """Entries of a Parquet file, read batch by batch; a text over ``cap`` bytes (UTF-8)
    fails as ``too_large``.  O(batch) memory."""
    import pyarrow.parquet as pq

    n = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            n += 1
            rid, text, err = _fields(row, id_field, text_field)
            if text is not None and len(text) > cap // 4 and len(text.encode("utf-8", "surrogatepass")) > cap:
                rid, text, err = rid, None, _too_large(cap)
            yield Entry(path, f"row {n}", rid, text, row=row, error=err)


def _folder(root: str, cap: int) -> Iterator[Entry]:
    """Every .txt file under ``root``, sorted by relative path; id = that path; a file over
    ``cap`` bytes fails as ``too_large`` without being read whole.  O(min(file, cap))."""
    files = sorted(p.relative_to(root).as_posix() for p in Path(root).rglob("*.txt") if p.is_file())
    for rel in files:
        try:
            with open(Path(root) / rel, "rb") as fh:
                data = read_capped(fh, cap)
        except TooLarge:
            yield Entry(root, rel, rel, None, error=_too_large(cap))
            continue
        except OSError as exc:
            yield Entry(root, rel, rel, None, error=("unreadable", exc.strerror or str(exc)))
            continue
        yield Entry(root, rel, rel, data.decode("utf-8", "replace"), data, file=True)


def kind_of(path: str) -> str:
    """The input kind: "folder", "parquet" or "jsonl" (anything else).  O(1) (one stat)."""
    if os.path.isdir(path):
        return "folder"
    return "parquet" if path.lower().endswith(".parquet") else "jsonl"


def read_entries(
    inputs: list[str], id_field: str = "id", text_field: str = "text", max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Entry]:
    """All entries of ``inputs`` in order; a record over ``max_bytes`` is a ``too_large``
    error entry (what ``cleaner clean`` does), so no one record can take the run's memory.
    Streams: O(one record, at most max_bytes) memory."""
    for path in inputs:
        kind = kind_of(path)
        try:
            if kind == "folder":
                yield from _folder(path, max_bytes)
            elif kind == "parquet":
                yield from _parquet(path, id_field, text_field, max_bytes)
            else:
                yield from _jsonl(path, id_field, text_field, max_bytes)
        except OSError as exc:
            yield Entry(path, "", None, None, error=("unreadable", exc.strerror or str(exc)))
        except Exception as exc:  # a damaged Parquet or gzip file: the rest of it is lost, said so
            yield Entry(path, "", None, None, error=("unreadable", f"{type(exc).__name__}: {exc}"[:300]))


class Writer:
    """Kept documents to a .jsonl[.gz] file, a .parquet file or a folder, atomically
    (a temporary file or folder renamed at the end)."""

    def __init__(self, output: str) -> None:
        """Open the temporary output (a folder for a path without .jsonl/.json/.parquet).  O(1)."""
        self.output = Path(output)
        name = self.output.name.lower()
        self.kind = (
            "parquet" if name.endswith(".parquet") else "jsonl" if ".jsonl" in name or ".json" in name else "folder"
        )
        self._rows: list[dict[str, Any]] = []
        self._pq: Any = None
        self._fh: BinaryIO | None = None
        # Everything goes to a fresh temporary file or folder (made exclusively, never opened
        # through an existing name) that is renamed onto the output at the end.
        if self.kind == "folder":
            if self.output.exists() and not self.output.is_dir():
                raise CorpusError(f"{output} exists and is not a folder")
            self.tmp = create_temp_dir(self.output)
        else:
            raw, self.tmp = create_temp(self.output)
            if self.kind == "parquet":
                self._raw = raw
            else:
                import gzip

                self._fh = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if name.endswith(".gz") else raw  # type: ignore[assignment]
                self._raw = raw

    def write(self, e: Entry, index: int) -> None:
        """Write one kept entry.  O(its size)."""
        assert e.id is not None and e.text is not None
        if self.kind == "jsonl":
            assert self._fh is not None
            self._fh.write(
                e.raw
                if e.row is None and e.raw is not None and not e.file
                else dumps_line(e.row or {"id": e.id, "text": e.text})
            )
        elif self.kind == "folder":
            rel = e.id if e.file else f"{index:08d}.txt"
            target = self.tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as fh:  # a new file in our own fresh folder
                fh.write(e.raw if e.raw is not None and e.file else e.text.encode("utf-8", "surrogatepass"))
        else:
            self._rows.append(e.row or {"id": e.id, "text": e.text})
            if len(self._rows) >= 4096:
                self._flush_rows()

    def _flush_rows(self) -> None:
        """Write the buffered Parquet rows (at most 4,096) as one row group.  O(rows)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(self._rows) if self._rows else None
        self._rows = []
        if table is None:
            return
        if self._pq is None:
            self._pq = pq.ParquetWriter(self._raw, table.schema)
        self._pq.write_table(table.cast(self._pq.schema))

    def close(self) -> None:
        """Commit: rename the temporary output over the final one (a folder output replaces
        the old folder).  O(1), O(old folder) for a folder."""
        if self.kind == "jsonl":
            assert self._fh is not None
            self._fh.close()
            if self._fh is not self._raw:
                self._raw.close()
        elif self.kind == "parquet":
            self._flush_rows()
            if self._pq is None:
                import pyarrow as pa
                import pyarrow.parquet as pq

                pq.write_table(
                    pa.table({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())}), self._raw
                )
            else:
                self._pq.close()
            self._raw.close()
        else:
            if self.output.exists():
                import shutil

                shutil.rmtree(self.output)
        os.replace(self.tmp, self.output)
