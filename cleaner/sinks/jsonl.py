"""JSONL (or .jsonl.gz / .jsonl.zst, or stdout) output, one record per document (see
:mod:`.schema`).

Records go to ``OUT.partial`` and are flushed after every chunk (a gzip sync-flush for .gz, a
zstd block flush for .zst, so even a killed run's partial file can be read up to its last
flush); ``close`` renames it to OUT.  OUT.partial is a new file renamed onto that name, never
opened through it (a link planted there is replaced, not written through).  ``--resume``
salvages the complete lines of OUT.partial and OUT, copies them into the new file line by line
(memory: one line, plus the ids), and skips their ids, so nothing is redone and nothing is
written twice.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from .base import Cleaned, DoneIds, create_temp, dumps_line, remove_quietly
from .schema import now_iso, record


def _zstd() -> Any:
    try:
        import zstandard
    except ImportError as exc:
        raise ImportError("a .zst output needs the zstd extra: pip install 'webpage-cleaner[zstd]'") from exc
    return zstandard


def _zstd_blocks(path: Path) -> Iterator[bytes]:
    """Decompressed blocks of a possibly truncated .zst file (a cut frame ends the salvage)."""
    zstandard = _zstd()
    with open(path, "rb") as fh, zstandard.ZstdDecompressor().stream_reader(fh, read_across_frames=True) as r:
        while True:
            try:
                data = r.read(1 << 20)
            except zstandard.ZstdError:
                return
            if not data:
                return
            yield data


def _file_blocks(path: Path) -> Iterator[bytes]:
    """Blocks of 1 MiB of a plain, gzipped (multi-member) or zstd file, decompressed; a
    damaged gzip stream ends the salvage."""
    with open(path, "rb") as fh:
        if fh.read(4) == b"\x28\xb5\x2f\xfd":
            yield from _zstd_blocks(path)
            return
        fh.seek(0)
        gz = fh.read(2) == b"\x1f\x8b"
        fh.seek(0)
        d = zlib.decompressobj(31) if gz else None
        while chunk := fh.read(1 << 20):
            if d is None:
                yield chunk
                continue
            try:
                data = d.decompress(chunk)
                while d.eof and d.unused_data:  # next gzip member
                    rest = d.unused_data
                    d = zlib.decompressobj(31)
                    data += d.decompress(rest)
            except zlib.error:
                return
            yield data


def _raw_lines(path: Path) -> Iterator[bytes]:
    """Complete lines of a possibly truncated (compressed) JSONL file.

    A line's parts are joined once it is complete, so a long line costs O(its length), not
    O(length^2); an unterminated last line (a killed writer) is dropped.  O(file size) time,
    O(longest line) memory.
    """
    parts: list[bytes] = []
    for data in _file_blocks(path):
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
    """Writes records to ``path`` (gzip / zstd by its suffix) through ``path.partial``.

    ``added`` is every record's ``added`` (default: the time the sink was opened)."""

    def __init__(self, path: str | os.PathLike[str], *, resume: bool = False, added: str | None = None) -> None:
        self.path = Path(path)
        self.added = added or now_iso()
        self.partial = self.path.with_name(self.path.name + ".partial")
        lower = self.path.name.lower()
        self.gz = lower.endswith(".gz")
        zstd = _zstd() if lower.endswith((".zst", ".zstd")) else None
        self.done = DoneIds()
        raw, tmp = create_temp(self.path)  # created fresh, then renamed onto OUT.partial
        self._zflush: Any = None
        try:
            if self.gz:
                self._fh: BinaryIO = gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0)  # type: ignore[assignment]
            elif zstd is not None:
                self._fh = zstd.ZstdCompressor(level=3).stream_writer(raw, closefd=False)
                self._zflush = zstd.FLUSH_BLOCK
            else:
                self._fh = raw
            self._raw = raw
            if resume:
                self._salvage_into_new()
            self.flush()
            os.replace(tmp, self.partial)
        except BaseException:
            raw.close()
            remove_quietly(tmp)
            raise

    def _salvage_into_new(self) -> None:
        """Copy the records of OUT.partial, then those of OUT it does not already hold.

        A killed --resume run leaves both, the partial one a superset of OUT; a killed fresh
        run after a finished one leaves two independent copies.  Per id, the larger number of
        occurrences of the two files is kept.  O(lines) time, O(ids) memory.
        """
        from_partial, from_final = DoneIds(), DoneIds()
        planted = self.partial.is_symlink()  # we never make one: not ours to salvage
        for rid, line in () if planted else salvage(self.partial):
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
        self._fh.write(dumps_line(record(doc, self.added)))

    def flush(self) -> None:
        if self._zflush is not None:
            self._fh.flush(self._zflush)  # type: ignore[call-arg]
        else:
            self._fh.flush()  # a gzip sync flush: everything so far is readable
        if self._fh is not self._raw:
            self._raw.flush()

    def close(self) -> None:
        self._fh.close()
        if self._fh is not self._raw:
            self._raw.close()
        os.replace(self.partial, self.path)

    def abort(self) -> None:
        """Stop without committing (a full disk): OUT.partial stays for --resume."""
        for fh in (self._fh, self._raw):
            try:
                fh.close()
            except (OSError, ValueError):
                pass


class JsonlStdoutSink:
    """``-o -``: the same records as JSONL on stdout (nothing to resume)."""

    def __init__(self, stream: BinaryIO | None = None, added: str | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout.buffer
        self.added = added or now_iso()

    def is_done(self, record_id: str, name: str | None) -> bool:
        return False

    def write(self, doc: Cleaned) -> None:
        self.stream.write(dumps_line(record(doc, self.added)))

    def flush(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()

    def abort(self) -> None:
        pass
