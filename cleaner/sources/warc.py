"""WARC and WARC.gz: HTML response records become documents; everything else is accounted for.

Records are framed by :mod:`.warcframe` (our own reader, not FastWARC: FastWARC and Python's gzip
stop at the first damaged record or member and lose the rest of the file, and trust a
Content-Length that lies).  We parse the HTTP head ourselves.  Records that are not pages
(requests, metadata, images, JSON, 404s) are dropped with a reason, not failed; damaged ones fail
alone with their offset.
"""

from __future__ import annotations

import gzip
import re
import uuid
import zlib
from collections.abc import Iterator
from typing import IO

from ..model import Document
from .chunks import GzipMembers, PlainChunks
from .record import ReadConfig, Record, safe_str
from .sniff import is_binary
from .warcframe import ChunkSource, frames

_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml+xhtml")
_HEAD_SLACK = 64 * 1024  # room for HTTP headers on top of the per-document cap
_STATUS = re.compile(r"[0-9]{3}")  # not str.isdigit: "²" is a digit to it, and int() of 5,000 digits raises
_MEMBER_BOUND = 4 << 20  # a gzip member inflating to more is streamed before its CRC is checked


def _parse_http(block: bytes) -> tuple[int | None, dict[str, str], bytes]:
    """Split an HTTP response into (status, lower-cased headers, body); status None if not HTTP."""
    end = block.find(b"\r\n\r\n")
    sep = 4
    if end < 0:
        end, sep = block.find(b"\n\n"), 2
    if end < 0 or not block.startswith(b"HTTP/"):
        return None, {}, block
    lines = block[:end].decode("latin-1").splitlines()
    parts = lines[0].split(None, 2)
    status = int(parts[1]) if len(parts) > 1 and _STATUS.fullmatch(parts[1]) else None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers[name.strip().lower()] = value.strip()
    return status, headers, block[end + sep :]


_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")  # not int(x, 16): it takes "-6", "+6", "0x6" and "6_0"


def _dechunk(body: bytes) -> bytes:
    """Undo HTTP chunked transfer coding (some crawlers store it as sent); a body that is not chunked is kept as is.

    Many crawlers store the body decoded but keep the ``Transfer-Encoding: chunked`` header, so
    anything that does not parse as chunks (a size that is not hex digits, a chunk not followed by
    CRLF) means "not chunked": the body is read as is, as browsers and warcio do.  A body cut
    inside its last chunk keeps what arrived.  Each step moves forward past the bytes it read,
    so time is O(len(body)) and the output is never longer than the body.
    """
    out: list[bytes] = []
    pos = 0
    while pos < len(body):
        eol = body.find(b"\r\n", pos, pos + 1024)  # a size line (with extensions) is short
        if eol < 0:
            return body
        size_field = body[pos:eol].split(b";")[0].strip()
        if not _CHUNK_SIZE.fullmatch(size_field):
            return body
        size = int(size_field, 16)
        if size == 0:
            break
        start = eol + 2
        out.append(body[start : start + size])
        pos = start + size
        if pos >= len(body):  # cut inside (or right after) its last chunk: keep what arrived
            break
        if not body.startswith(b"\r\n", pos):
            return body
        pos += 2
    return b"".join(out)


def _deflate_wbits(body: bytes) -> int:
    """``deflate`` is meant to be zlib-wrapped (RFC 9110) but many servers send raw deflate: look."""
    if len(body) >= 2 and body[0] & 0x0F == 8 and (body[0] << 8 | body[1]) % 31 == 0:
        return 15
    return -15


def _decode_content(body: bytes, encoding: str, cap: int) -> bytes:
    """Undo gzip/deflate Content-Encoding, with the same decompressed-size cap as files.

    Time O(len(body) + output), memory O(min(output, cap)); nothing is allocated by the cap.
    """
    from .files import TooLarge, clamp

    if encoding in ("gzip", "x-gzip"):
        wbits = 31
    elif encoding == "deflate":
        wbits = _deflate_wbits(body)
    else:
        raise ValueError(f"unsupported Content-Encoding {encoding!r}")
    try:
        out = zlib.decompressobj(wbits).decompress(body, clamp(cap + 1))
    except zlib.error:
        if wbits != 15:
            raise
        # a raw stream whose first two bytes happen to look like a zlib header
        out = zlib.decompressobj(-15).decompress(body, clamp(cap + 1))
    if len(out) > cap:
        raise TooLarge(f"decompressed body larger than the {cap:,}-byte limit (--max-bytes)")
    return out


def _response_record(
    block: bytes, uri: str, warc_type: str, warc_ctype: str, source: str, position: str, config: ReadConfig
) -> Record:
    """Turn one response/resource block into a document or a dropped/failed record."""
    from .files import TooLarge, describe_read_error

    if warc_type == "response":
        status, headers, body = _parse_http(block)
        if status is None:
            return Record.failed(source, position, "bad_http", "response record without an HTTP status line", uri)
        if not 200 <= status < 300:
            return Record.dropped(source, position, f"http_{status}", uri)
        ctype = headers.get("content-type", "")
    else:
        headers, body, ctype = {}, block, warc_ctype
    mime = ctype.split(";")[0].strip().lower()
    if mime and mime not in _HTML_TYPES:
        return Record.dropped(source, position, "not_html", uri)
    try:
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = _dechunk(body)
        enc = headers.get("content-encoding", "").strip().lower()
        if enc and enc != "identity":
            body = _decode_content(body, enc, config.max_bytes)
    except (TooLarge, zlib.error, ValueError) as exc:
        kind, msg = describe_read_error(exc)
        return Record.failed(source, position, kind, msg, uri)
    if is_binary(body[:4096]):  # no Content-Type, or a wrong one (an image served as text/html): look at the bytes
        return Record.dropped(source, position, "not_html", uri)
    if len(body) > config.max_bytes:
        msg = f"body larger than the {config.max_bytes:,}-byte limit (--max-bytes)"
        return Record.failed(source, position, "too_large", msg, uri)
    doc = Document(id=uri, raw=body, kind="html", source=source, url=uri)
    if ctype:
        doc.metadata["http_content_type"] = ctype
    return Record(source=source, position=position, doc=doc)


def read_warc(stream: IO[bytes], source: str, rel: str, config: ReadConfig, *, gz: bool = False) -> Iterator[Record]:
    """Yield a Record for every WARC record in ``stream``; ``gz``: the stream is gzip members.

    A damaged record (a Content-Length that lies, a bad gzip member, junk) fails alone and
    reading goes on at the next record; see :mod:`.warcframe`.  Time O(n), memory O(cap).
    """
    cap = config.max_bytes + _HEAD_SLACK
    chunks: ChunkSource = GzipMembers(stream, min(cap, _MEMBER_BOUND)) if gz else PlainChunks(stream)
    index = 0
    for frame in frames(chunks, cap):
        index += 1
        headers = frame.headers or {}
        position = frame.position
        uri = safe_str(headers.get("warc-target-uri", "")).strip("<> ")
        warc_type = headers.get("warc-type", "").lower()
        if frame.error is not None:
            kind, msg = frame.error
            if kind == "too_large":  # name the user's limit, not the framer's (which adds room for headers)
                limit = f"the {config.max_bytes:,}-byte limit (--max-bytes)"
                msg = f"record of {frame.length:,} bytes is larger than {limit}"
            if kind == "too_large" and warc_type not in ("response", "resource"):
                yield Record.dropped(source, position, f"warc_{warc_type or 'untyped'}", uri or f"{rel}@{position}")
            else:
                yield Record.failed(source, position, kind, msg, uri or f"{rel}@{position}")
            continue
        uri = uri or f"{rel}#{index}"
        if warc_type not in ("response", "resource"):
            yield Record.dropped(source, position, f"warc_{warc_type or 'untyped'}", uri)
            continue
        assert frame.block is not None
        out = _response_record(frame.block, uri, warc_type, headers.get("content-type", ""), source, position, config)
        if out.doc is not None:
            date = headers.get("warc-date")
            if date:  # the crawl date; "date" is left for the page's own (publication) date
                out.doc.metadata["warc_date"] = date
            rid = headers.get("warc-record-id")
            if rid:
                out.doc.metadata["warc_record_id"] = safe_str(rid)
        yield out


def warc_record_bytes(
    uri: str,
    body: bytes,
    *,
    content_type: str = "text/html; charset=utf-8",
    status: int = 200,
    warc_type: str = "response",
    date: str = "2024-01-01T00:00:00Z",
    compress: bool = True,
) -> bytes:
    """One WARC response record (gzipped as its own member by default): for tests and benchmarks."""
    if warc_type == "response":
        http = f"HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
        block = http.encode("latin-1") + body
        ctype = "application/http; msgtype=response"
    else:
        block, ctype = body, content_type
    rid = uuid.uuid5(uuid.NAMESPACE_URL, uri + warc_type)
    head = (
        f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n"
        f"WARC-Record-ID: <urn:uuid:{rid}>\r\nContent-Type: {ctype}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    data = head.encode("utf-8") + block + b"\r\n\r\n"
    return gzip.compress(data, mtime=0) if compress else data
