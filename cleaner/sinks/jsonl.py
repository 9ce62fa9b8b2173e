"""JSONL (or .jsonl.gz) output, one Dolma-style record per document.

Records go to ``OUT.partial`` and are flushed after every chunk (a gzip sync-flush for .gz,
so even a killed run's partial file can be read up to its last flush); ``close`` renames it
to OUT.  ``--resume`` salvages the complete lines of OUT and OUT.partial, keeps them, and
skips their ids, so nothing is redone and nothing is written twice.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .base import Cleaned, dolma_record, dumps_line, id_key


def _raw_lines(path: Path) -> Iterator[bytes]:
    """Complete lines of a possibly truncated (gzipped) JSONL file."""
    with open(path, "rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
        fh.seek(0)
        pending = b""
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
            pending += data
            *lines, pending = pending.split(b"\n")
            for line in lines:
                yield line + b"\n"


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
        self.done: set[int] = set()
        kept: list[bytes] = []
        if resume:
            for source in (self.partial, self.path):
                for rid, line in salvage(source):
                    key = id_key(rid)
                    if key not in self.done:
                        self.done.add(key)
                        kept.append(line)
        tmp = self.partial.with_name(self.partial.name + ".new")
        raw = open(tmp, "wb")
        zipped = gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) if self.gz else None
        self._fh: BinaryIO = zipped if zipped is not None else raw  # type: ignore[assignment]
        self._raw = raw
        for line in kept:
            self._fh.write(line)
        self.flush()
        os.replace(tmp, self.partial)

    def is_done(self, record_id: str, name: str | None) -> bool:
        return id_key(record_id) in self.done

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
