"""What sinks receive and the interface they share.

A :class:`Cleaned` carries everything a writer needs, so workers can drop the raw page and the
blocks before sending results back to the main process.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .. import jsonout
from ..names import safe_str


def id_key(record_id: str) -> int:
    """A 64-bit key for a record id: --resume remembers done ids as these, not as strings."""
    digest = hashlib.blake2b(record_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


class DoneIds:
    """What --resume remembers of an existing output: how many times each id was written.

    Only 64-bit keys are kept (never the records), so memory is O(distinct ids) however large
    the output.  A repeated id (WARC revisits, a JSONL that repeats an id) is written once per
    occurrence, so each occurrence in the input consumes one: a second record with an id seen
    before is done only if the output holds it twice.
    """

    __slots__ = ("_counts",)

    def __init__(self) -> None:
        self._counts: dict[int, int] = {}

    def add(self, record_id: str) -> None:
        k = id_key(record_id)
        self._counts[k] = self._counts.get(k, 0) + 1

    def count(self, record_id: str) -> int:
        return self._counts.get(id_key(record_id), 0)

    def take(self, record_id: str) -> bool:
        """True (and one occurrence used up) if the output already holds this record."""
        k = id_key(record_id)
        n = self._counts.get(k, 0)
        if n == 0:
            return False
        if n == 1:
            del self._counts[k]
        else:
            self._counts[k] = n - 1
        return True


class OutputError(ValueError):
    """The output path cannot be used (e.g. an existing file where a folder is needed): a usage error."""


@dataclass(slots=True)
class Cleaned:
    """One cleaned document, ready to write."""

    id: str
    text: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    name: str | None = None  # folder output name
    collection: str | None = None  # the record's ``source``: --source NAME or the input root's name
    language: str | None = None  # the document's language as detected (normalised when written)


class Sink(Protocol):
    """Writers: ``is_done`` answers --resume, ``write`` is called in input order, ``close`` commits."""

    def is_done(self, record_id: str, name: str | None) -> bool: ...

    def write(self, doc: Cleaned) -> None: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...


def dumps_line(obj: Any) -> bytes:
    """One JSON line, UTF-8, lone surrogates replaced (JSON input may carry them)."""
    text = jsonout.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    return (safe_str(text) + "\n").encode("utf-8")


def _file_mode() -> int:
    """0o666 minus the umask: what open() would have given (mkstemp gives 0o600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder and os.replace."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".cleaner-tmp-", dir=target.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
