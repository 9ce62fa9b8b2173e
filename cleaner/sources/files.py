"""Input files: expand arguments into files, open them with transparent decompression.

Compression is recognised by magic bytes, not by name, so ``-`` (stdin) and misnamed files
work too.  Every decompressed read goes through :func:`read_capped`, so a gzip bomb costs at
most ``cap`` bytes of memory before it is reported as too large.
"""

from __future__ import annotations

import bz2
import glob
import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .record import InputError

STDIN = "-"
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read; ``rel`` is its path relative to the folder argument it was found in."""

    path: str  # "-" for stdin
    rel: str  # name used for ids and output names

    @property
    def size(self) -> int | None:
        try:
            return None if self.path == STDIN else os.path.getsize(self.path)
        except OSError:
            return None


def _walk(root: Path, exclude: set[Path]) -> Iterator[InputFile]:
    """Files under ``root``, sorted, skipping hidden entries and our own outputs."""
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and (here / d).resolve() not in exclude)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            if path.resolve() in exclude:
                continue
            if path.is_file():
                yield InputFile(str(path), path.relative_to(root).as_posix())


def expand_inputs(args: Sequence[str], exclude: Iterable[str | os.PathLike[str]] = ()) -> list[InputFile]:
    """Turn INPUT arguments (files, folders, globs, ``-``) into a sorted, de-duplicated file list.

    Raises :class:`InputError` for an argument that matches nothing: that is a usage error,
    not a failed record.  Paths in ``exclude`` (our outputs) are never read when a folder or
    glob is expanded.
    """
    excl = {Path(e).resolve() for e in exclude}
    out: list[InputFile] = []
    seen: set[str] = set()

    def add(f: InputFile) -> None:
        key = f.path if f.path == STDIN else os.path.realpath(f.path)
        if key not in seen:
            seen.add(key)
            out.append(f)

    for arg in args:
        if arg == STDIN:
            add(InputFile(STDIN, "stdin"))
            continue
        p = Path(arg)
        if p.is_dir():
            for f in _walk(p, excl):
                add(f)
        elif p.is_file():
            add(InputFile(str(p), p.name))
        elif _GLOB_CHARS & set(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                raise InputError(f"no file matches {arg!r}")
            for m in matches:
                mp = Path(m)
                if mp.resolve() in excl:
                    continue
                if mp.is_dir():
                    for f in _walk(mp, excl):
                        add(f)
                elif mp.is_file():
                    add(InputFile(m, mp.name))
        else:
            raise InputError(f"no such file or folder: {arg!r}")
    return out


class TooLarge(Exception):
    """A record or decompressed file is larger than the per-document cap."""


COMPRESSION_SUFFIXES = (".gz", ".bz2", ".zst", ".zstd")


def strip_compression(name: str) -> str:
    """``a.html.gz`` -> ``a.html``."""
    lower = name.lower()
    for suf in COMPRESSION_SUFFIXES:
        if lower.endswith(suf):
            return name[: -len(suf)]
    return name


def compression_of(head: bytes) -> str | None:
    """Which compression a stream starting with ``head`` uses, from its magic bytes."""
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh"):
        return "bz2"
    if head.startswith(b"\x28\xb5\x2f\xfd"):
        return "zstd"
    return None


def _zstd_reader(raw: BinaryIO) -> BinaryIO:
    try:
        import zstandard
    except ImportError as exc:  # an optional extra
        raise ImportError("reading .zst needs the zstd extra: pip install 'cleaner[zstd]'") from exc
    reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
    return io.BufferedReader(reader)  # type: ignore[arg-type]


def open_raw(path: str) -> io.BufferedReader:
    """The undecoded byte stream of ``path`` (stdin for ``-``), peekable."""
    raw: BinaryIO = sys.stdin.buffer if path == STDIN else open(path, "rb")
    return raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[arg-type]


def decompressed_head(raw: io.BufferedReader, kind: str | None, size: int) -> bytes:
    """Up to ``size`` leading bytes of the decompressed stream, tolerating truncation and junk."""
    head = raw.peek(max(size, 65536))
    try:
        if kind == "gzip":
            return zlib.decompressobj(31).decompress(head, size)
        if kind == "bz2":
            return bz2.BZ2Decompressor().decompress(head, size)
        if kind == "zstd":
            import zstandard

            return zstandard.ZstdDecompressor().decompressobj().decompress(head)[:size]
    except Exception:  # a head we cannot decode: the real read reports the error
        return b""
    return head[:size]


def decompressing(raw: io.BufferedReader, kind: str | None) -> io.BufferedReader:
    """Wrap ``raw`` so reads return decompressed bytes."""
    if kind == "gzip":
        return io.BufferedReader(gzip.GzipFile(fileobj=raw, mode="rb"))  # type: ignore[arg-type]
    if kind == "bz2":
        return io.BufferedReader(bz2.BZ2File(raw, mode="rb"))  # type: ignore[arg-type]
    if kind == "zstd":
        return io.BufferedReader(_zstd_reader(raw))  # type: ignore[arg-type]
    return raw


def open_input(path: str) -> tuple[io.BufferedReader, str | None]:
    """Open ``path`` (or stdin for ``-``), decompressing when the magic bytes say so."""
    raw = open_raw(path)
    kind = compression_of(raw.peek(4)[:4])
    return decompressing(raw, kind), kind


DECOMPRESSION_ERRORS: tuple[type[BaseException], ...] = (EOFError, gzip.BadGzipFile, zlib.error, OSError, ValueError)


def read_capped(stream: BinaryIO, cap: int) -> bytes:
    """Read the whole stream, raising :class:`TooLarge` as soon as it exceeds ``cap`` bytes."""
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise TooLarge(f"larger than the {cap:,}-byte limit (--max-bytes)")
    return data


def describe_read_error(exc: BaseException) -> tuple[str, str]:
    """(error kind, message) for an exception raised while reading or decompressing."""
    if isinstance(exc, TooLarge):
        return "too_large", str(exc)
    if isinstance(exc, EOFError):
        return "truncated", f"compressed stream ends early: {exc}" if str(exc) else "compressed stream ends early"
    if isinstance(exc, gzip.BadGzipFile | zlib.error):
        return "corrupt_compression", str(exc)
    if isinstance(exc, ImportError):
        return "missing_dependency", str(exc)
    if isinstance(exc, OSError):
        return "io_error", str(exc) or type(exc).__name__
    return "read_error", f"{type(exc).__name__}: {exc}"
