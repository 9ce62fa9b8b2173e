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
from typing import Any, BinaryIO, Protocol

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
    """Writers: ``is_done`` answers --resume, ``write`` is called in input order, ``close``
    commits, ``abort`` stops without committing (the output cannot take more)."""

    def is_done(self, record_id: str, name: str | None) -> bool: ...

    def write(self, doc: Cleaned) -> None: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


def dumps_line(obj: Any) -> bytes:
    """One JSON line, UTF-8, lone surrogates replaced (JSON input may carry them)."""
    text = jsonout.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    return (safe_str(text) + "\n").encode("utf-8")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()
_FILE_MODE = 0o666 & ~_UMASK  # what open() would have given (mkstemp gives 0o600)


TEMP_PREFIX = ".cleaner-tmp-"


def create_temp(target: Path) -> tuple[BinaryIO, Path]:
    """A new, empty file in ``target``'s folder, opened for writing, and its path.

    Every file a run writes goes through here and is then renamed onto its name: the file is
    created exclusively under a random name (``O_CREAT | O_EXCL``), never opened through a
    name that may already exist, so a planted symlink or hard link at a working name (say
    ``out.jsonl.partial``) is replaced by the rename, never written through.  O(1)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _FILE_MODE)
        return os.fdopen(fd, "wb"), Path(tmp)
    except BaseException:
        os.close(fd)
        remove_quietly(Path(tmp))
        raise


def create_temp_dir(target: Path) -> Path:
    """A new, empty folder beside ``target`` (created exclusively, as :func:`create_temp`),
    with the permissions mkdir would give it.  O(1)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=target.parent))
    os.chmod(tmp, 0o777 & ~_UMASK)
    return tmp


def remove_quietly(path: Path) -> None:
    """Unlink ``path`` (a link itself, never its target) if it is there.  O(1)."""
    try:
        os.unlink(path)
    except OSError:
        pass


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to a fresh temporary file beside ``target`` and rename it onto ``target``."""
    fh, tmp = create_temp(target)
    try:
        with fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        remove_quietly(tmp)
        raise
