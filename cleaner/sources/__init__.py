"""Readers: turn INPUT arguments into a stream of :class:`Record` objects, in a stable order.

``read_records`` never raises for bad input: a file that cannot be opened, decompressed or
parsed becomes a failed Record, so one bad file never stops a crawl-sized batch.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from ..model import Document
from ..names import safe_str
from .decode import decode_bytes
from .files import (
    DECOMPRESSION_ERRORS,
    PEEK,
    STDIN,
    InputFile,
    TooLarge,
    compression_of,
    decompressed_head,
    decompressing,
    describe_read_error,
    expand_inputs,
    open_raw,
    read_capped,
)
from .jsonl import read_jsonl
from .record import InputError, ReadConfig, Record
from .sniff import describe_binary, is_binary, sniff_format
from .warc import read_warc

__all__ = ["InputError", "InputFile", "ReadConfig", "Record", "expand_inputs", "read_file", "read_records"]

FORMATS = ("auto", "html", "text", "jsonl", "warc")
_HEAD = 8192
_READ_ERRORS: tuple[type[BaseException], ...] = (TooLarge, *DECOMPRESSION_ERRORS, ImportError)


def _binary(f: InputFile, head: bytes) -> Record:
    """A binary input fails (named in the errors file) rather than vanishing into a drop count."""
    msg = f"not text or HTML: looks like {describe_binary(head)}"
    return Record.failed(f.path, "", "binary", msg, safe_str(f.rel))


def _single(f: InputFile, stream: io.BufferedReader, fmt: str, config: ReadConfig) -> Record:
    """A whole file (or stdin) as one HTML or text document."""
    doc_id = safe_str(f.rel)  # relative to the input root: the same id from any working folder
    data = read_capped(stream, config.max_bytes)
    if is_binary(data[:_HEAD]):
        return _binary(f, data[:_HEAD])
    raw: str | bytes = data if fmt == "html" else decode_bytes(data, html=False)[0]
    return Record(source=f.path, doc=Document(id=doc_id, raw=raw, kind=fmt, source=doc_id))


def _stamp(rec: Record, f: InputFile, config: ReadConfig, raw: io.BufferedReader) -> Record:
    """Give a record its stable input name, its id (``--id-from url``) and the bytes read so far.

    O(1)."""
    if rec.doc is not None:
        rec.doc.source = safe_str(f.rel)
        if config.id_from == "url" and rec.doc.url:
            rec.doc.id = rec.doc.url
    if f.path != STDIN:
        try:
            rec.offset = raw.tell()
        except (OSError, ValueError):
            rec.offset = None
    return rec


def read_file(f: InputFile, config: ReadConfig) -> Iterator[Record]:
    """Every Record in one input file; errors become failed Records, not exceptions.

    Streams (stdin, FIFOs) are never seeked or sized.  Time and memory: those of the reader.
    """
    position = ""
    if f.skip is not None:  # not an input (counted by the batch as a skipped file)
        return
    if f.problem is not None:
        yield Record.failed(f.path, "", *f.problem, safe_str(f.rel))
        return
    try:
        raw = open_raw(f.path)
    except OSError as exc:
        yield Record.failed(f.path, "", "io_error", str(exc), safe_str(f.rel))
        return
    stream = raw
    try:
        compression = compression_of(raw.peek(4)[:4])
        head = decompressed_head(raw, compression, PEEK)
        fmt = config.input_format
        if fmt == "auto":
            fmt = sniff_format(f.rel, head)
        if fmt == "binary":
            yield _binary(f, head)
            return
        junk_before_gzip = compression is None and f.rel.lower().endswith(".gz") and not head.startswith(b"WARC/")
        if fmt == "warc" and (compression == "gzip" or junk_before_gzip):
            reader = read_warc(raw, f.path, f.rel, config, gz=True)  # member by member, to survive damage
        elif fmt == "warc":
            stream = decompressing(raw, compression, capped=True)
            reader = read_warc(stream, f.path, f.rel, config)
        elif fmt == "jsonl":
            stream = decompressing(raw, compression, capped=True)
            reader = read_jsonl(stream, f.path, f.rel, config)
        else:
            stream = decompressing(raw, compression, capped=True)
            yield _stamp(_single(f, stream, fmt, config), f, config, raw)
            return
        for rec in reader:
            position = rec.position
            yield _stamp(rec, f, config, raw)
    except _READ_ERRORS as exc:
        kind, msg = describe_read_error(exc)
        yield Record.failed(f.path, position, kind, msg, f.rel if not position else f"{f.rel}@{position}")
    except Exception as exc:  # a reader bug must cost this file's tail, reported, not the batch
        msg = f"{type(exc).__name__}: {exc}"[:300] + " (reading stopped here: please report this file)"
        yield Record.failed(f.path, position, "read_error", msg, f.rel if not position else f"{f.rel}@{position}")
    finally:
        if f.path != STDIN:
            stream.close()
            raw.close()


def read_records(files: Iterable[InputFile], config: ReadConfig | None = None) -> Iterator[Record]:
    """Records of every file, in order."""
    config = config or ReadConfig()
    for f in files:
        yield from read_file(f, config)
