"""JSONL (or .jsonl.gz) output, one Dolma-style record per document.

Records go to ``OUT.partial`` and are flushed after every chunk (a gzip sync-flush for .gz,
so even a killed run's partial file can be read up to its last flush); ``close`` renames it
to OUT.  ``--resume`` salvages the complete lines of OUT.partial and OUT, copies them into the
new file line by line (memory: one line, plus the ids), and skips their ids, so nothing is
redone and nothing is written twice.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .base import Cleaned, DoneIds, dolma_record, dumps_line


def _raw_lines(path: Path) -> Iterator[bytes]:
    """Complete lines of a possibly truncated (gzipped) JSONL file.

    Streams in 1 MiB blocks; a line's parts are joined once it is complete, so a long line
    costs O(its length), not O(length^2).  An unterminated last line (a killed writer) is
    dropped.
    """
    with open(path, "rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
        fh.seek(0)
        parts: list[bytes] = []
        d = zlib.decompressobj(31) if gz else None
        while chunk := fh.read(1 << 20):
            if d is not None:
                try:
                    data = d.decompress(chunk)
                    while d.eof and d.unused_data:  # next gzip member
                        rest = d.unused_data
                        d = zlib.decompressobj(31)
                        data += d.decompress(rest)
                except zlib.error:
                    break
            else:
                data = chunk
            start = 0
            while (end := data.find(b"\n", start)) >= 0:
                parts.append(data[start : end + 1])
                yield b"".join(parts)
                parts = []
                start = end + 1
            if start < len(data):
                parts.append(data[start:])


def salvage(path: Path) -> Iterator[tuple[str, bytes]]:
    """(id, line) for every complete, parseable record of ``path``."""
    if not path.exists():
        return
    for line in _raw_lines(path):
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and isinstance(obj.get("id"), str):
            yield obj["id"], line


class JsonlSink:
    """Writes records to ``path`` (gzipped when it ends in .gz) through ``path.partial``."""

    def __init__(self, path: str | os.PathLike[str], *, resume: bool = False) -> None:
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.gz = self.path.name.lower().endswith(".gz")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.done = DoneIds()
        tmp = self.partial.with_name(self.partial.name + ".new")
        raw = open(tmp, "wb")
        zipped = gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) if self.gz else None
        self._fh: BinaryIO = zipped if zipped is not None else raw  # type: ignore[assignment]
        self._raw = raw
        if resume:
            self._salvage_into_new()
        self.flush()
        os.replace(tmp, self.partial)

    def _salvage_into_new(self) -> None:
        """Copy the records of OUT.partial, then those of OUT it does not already hold.

        A killed --resume run leaves both, the partial one a superset of OUT; a killed fresh
        run after a finished one leaves two independent copies.  Per id, the larger number of
        occurrences of the two files is kept.  O(lines) time, O(ids) memory.
        """
        from_partial, from_final = DoneIds(), DoneIds()
        for rid, line in salvage(self.partial):
            from_partial.add(rid)
            self.done.add(rid)
            self._fh.write(line)
        for rid, line in salvage(self.path):
            from_final.add(rid)
            if from_final.count(rid) > from_partial.count(rid):
                self.done.add(rid)
                self._fh.write(line)

    def is_done(self, record_id: str, name: str | None) -> bool:
        return self.done.take(record_id)

    def write(self, doc: Cleaned) -> None:
        self._fh.write(dumps_line(dolma_record(doc)))

    def flush(self) -> None:
        self._fh.flush()  # a gzip sync flush: everything so far is readable
        if self._fh is not self._raw:
            self._raw.flush()

    def close(self) -> None:
        self._fh.close()
        if self._fh is not self._raw:
            self._raw.close()
        os.replace(self.partial, self.path)
