"""Split a WARC byte stream into records, trusting no Content-Length and resynchronising after damage.

A record is accepted only when its Content-Length lands on a record boundary: after the block
come the CRLF CRLF separator and the next ``WARC/`` header, the end of the data or the next gzip
member, and no record header starts inside the block.  A record whose length lies either way,
is negative or not a number, or whose header is junk fails alone: reading resumes at the next
version line (``WARC/1.x``, or the 0.17/0.18 drafts), and the failure names the offset and
how many bytes were skipped.  A file cut inside a record reports the lost tail.  A block is
never yielded unless it is complete, so a truncated body is never taken for a document.

Cost: time O(n) in the decompressed bytes (each byte is searched a bounded number of times;
the buffer is compacted only when its consumed part is at least half of it); memory O(cap + chunk):
at most one record is held, and an oversized record is skipped without being held.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Protocol

from .chunks import Chunk, Gap

HEADER_MAX = 64 * 1024  # a WARC header longer than this is junk
# Every version line a writer has used (WARC/0.17 and 0.18 drafts, 1.0, 1.1): one pattern for
# every place a record start is looked for, so resynchronising works the same for all of them.
_VERSION = rb"WARC/(?:1\.[0-9]|0\.1[0-9])"
_HEAD_END = re.compile(rb"\r?\n\r?\n|" + _VERSION + rb"\r?\n")  # a header ends at a blank line, or is cut by the next
_RESYNC = re.compile(_VERSION + rb"\r?\n")  # where a record header starts
_RESYNC_LEN = 12  # longest match of _RESYNC: a scan keeps this many bytes of overlap
# A record start (version line and a header field) inside a block: the block's Content-Length
# runs over the next record (pages quoting a WARC header byte for byte, CRLF included, are rare).
_NESTED = re.compile(_VERSION + rb"\r\n[A-Za-z-]{1,40}: ")
_NESTED_LEN = 64
_SEPARATORS = (b"\r\n\r\n", b"\n\n")  # after a block: CRLF CRLF (LF LF from sloppy writers)
_LENGTH = re.compile(r"\d{1,18}")
_URI = re.compile(rb"(?im)^WARC-Target-URI:[ \t]*<?([^\r\n>]{1,4000})")
_SEP = b"\r\n"
_LOOKAHEAD = 64  # bytes after a block in which the separator and the next "WARC/" must appear
_SCAN = 1 << 20  # bytes searched per step while resynchronising


class ChunkSource(Protocol):
    """What the framer reads: chunks and gaps."""

    def __iter__(self) -> Iterator[Chunk | Gap]: ...


@dataclass(slots=True)
class Frame:
    """One WARC record: ``headers`` (lower-cased names) and ``block``, or an ``error`` (kind, message).

    ``block`` is None when the record was not read (an error, or larger than the cap);
    ``headers`` is None when no header could be parsed.
    """

    position: str
    headers: dict[str, str] | None = None
    block: bytes | None = None
    error: tuple[str, str] | None = None
    length: int = 0


Steps = Generator[Frame, None, int]  # yields good and failed frames, returns where reading goes on


_HTTP_LENGTH = re.compile(rb"(?im)^content-length:[ \t]*([0-9]{1,18})[ \t]*\r?$")


def _http_length_agrees(block: bytes) -> bool:
    """An HTTP response whose own Content-Length matches its body exactly: the WARC length is right.

    Lets a good record followed by junk (in an uncompressed WARC) be kept: the separator is
    there but no header follows.  A WARC length that lies short cuts the body, so it cannot
    agree.  O(length of the HTTP head).
    """
    if not block.startswith(b"HTTP/"):
        return False
    end = block.find(b"\r\n\r\n", 0, HEADER_MAX)
    if end < 0:
        return False
    m = _HTTP_LENGTH.search(block, 0, end)
    return m is not None and int(m.group(1)) == len(block) - end - 4


def target_uri(head: bytes) -> str | None:
    """The WARC-Target-URI in a damaged record's first bytes, to name it in the errors file."""
    m = _URI.search(head[:HEADER_MAX])
    return m.group(1).decode("utf-8", "replace").strip() if m else None


def parse_header(raw: bytes) -> dict[str, str]:
    """WARC header fields (names lower-cased) from the bytes after the ``WARC/1.x`` line.  O(len(raw))."""
    fields: dict[str, str] = {}
    for line in raw.decode("utf-8", "replace").splitlines()[1:]:
        name, colon, value = line.partition(":")
        if colon and name and not name[0].isspace():
            fields.setdefault(name.strip().lower(), value.strip())
    return fields


class _Window:
    """The decompressed bytes not yet consumed, with the chunk each came from (to name offsets)."""

    def __init__(self, source: ChunkSource) -> None:
        self.source = source
        self._it = iter(source)
        self.buf = bytearray()
        self.base = 0  # stream position of buf[0]
        self._marks: list[int] = []  # stream position where each chunk in _chunks starts
        self._chunks: list[Chunk] = []
        self.gap: Gap | None = None
        self.eof = False

    @property
    def end(self) -> int:
        return self.base + len(self.buf)

    def more(self) -> bool:
        """Append the next chunk; False at a gap or at the end (``gap`` / ``eof`` say which)."""
        if self.gap is not None or self.eof:
            return False
        item = next(self._it, None)
        if item is None:
            self.eof = True
            return False
        if isinstance(item, Gap):
            self.gap = item
            return False
        if item.data:
            self._marks.append(self.end)
            self._chunks.append(item)
            self.buf += item.data
        return True

    def need(self, end: int) -> bool:
        """Make the bytes up to stream position ``end`` available; False if the data stops first."""
        while self.end < end:
            if not self.more():
                return False
        return True

    def byte(self, at: int) -> int:
        return self.buf[at - self.base]

    def startswith(self, prefix: bytes, at: int) -> bool:
        return self.buf.startswith(prefix, at - self.base)

    def search(self, start: int, stop: int | None = None) -> int:
        """Stream position of the next record header from ``start`` (before ``stop``), pulling data; -1 if none."""
        at = start
        while True:
            limit = len(self.buf) if stop is None else min(len(self.buf), stop - self.base)
            m = _RESYNC.search(self.buf, at - self.base, max(limit, at - self.base))
            if m is not None:
                return self.base + m.start()
            at = max(start, self.end - _RESYNC_LEN + 1)
            if (stop is not None and self.end >= stop) or not self.more():
                return -1

    def chunk_at(self, at: int) -> tuple[Chunk, int] | None:
        """The chunk holding stream position ``at`` and how far into it ``at`` is."""
        k = bisect_right(self._marks, at) - 1
        if k < 0:
            return None
        return self._chunks[k], at - self._marks[k]

    def label(self, at: int) -> str:
        found = self.chunk_at(at)
        return f"offset {at}" if found is None else found[0].label(found[1])

    def bytes(self, start: int, end: int) -> bytes:
        return bytes(self.buf[start - self.base : end - self.base])

    def consume(self, upto: int) -> None:
        """Forget data before ``upto``; compacts only when that is most of the buffer (amortised O(1))."""
        upto = min(upto, self.end)
        cut = upto - self.base
        if cut <= 0:
            return
        if cut >= len(self.buf):
            self.buf.clear()
            self.base = upto
        elif cut >= len(self.buf) // 2:
            del self.buf[:cut]
            self.base = upto
        else:
            return
        k = bisect_right(self._marks, upto) - 1
        if k > 0:
            del self._marks[:k]
            del self._chunks[:k]

    def reset(self) -> None:
        """After a gap: drop everything buffered and read on from the next good data."""
        self.consume(self.end)
        self._marks.clear()
        self._chunks.clear()
        self.gap = None


class _Framer:
    """The record-splitting state machine over one :class:`_Window`."""

    def __init__(self, source: ChunkSource, cap: int) -> None:
        self.w = _Window(source)
        self.cap = cap

    def frames(self) -> Iterator[Frame]:
        w = self.w
        pos = 0
        while True:
            w.consume(pos)
            pos = self._skip_separators(pos)
            if pos >= w.end and not w.need(pos + 1):
                if w.gap is None:
                    return
                yield self._gap_frame(w.gap)
                w.reset()
                pos = w.base
                continue
            pos = yield from self._record(pos)

    def _skip_separators(self, pos: int) -> int:
        w = self.w
        while w.need(pos + 1) and w.byte(pos) in _SEP:
            pos += 1
        return pos

    def _gap_frame(self, gap: Gap) -> Frame:
        """A failed frame for a span that could not be decompressed."""
        kind = "truncated" if gap.at_end else "bad_warc"
        what = f"{gap.length:,} bytes from offset {gap.offset}"
        msg = f"{gap.reason}: {what} " + ("lost" if gap.at_end else "skipped, reading resumed after them")
        uri = target_uri(gap.head)
        return Frame(f"offset {gap.offset}", {"warc-target-uri": uri} if uri else None, error=(kind, msg))

    def _lost(self, start: int, why: str, headers: dict[str, str] | None, position: str | None = None) -> Steps:
        """The data stops inside the record at ``start``: a cut file, or a damaged gzip member."""
        w = self.w
        position = position or w.label(start)
        gap = w.gap
        if gap is None:
            msg = f"{why}: the file ends {w.end - start:,} bytes after {position}, which are lost with it"
            yield Frame(position, headers, error=("truncated", msg))
        else:  # the broken member fails with this record, not separately
            msg = f"{why}: {gap.reason} at offset {gap.offset} ({gap.length:,} bytes lost)"
            yield Frame(position, headers, error=("truncated" if gap.at_end else "bad_warc", msg))
        w.reset()
        return w.base

    def _resync(
        self, start: int, search_from: int, why: str, headers: dict[str, str] | None, position: str | None = None
    ) -> Steps:
        """Fail the damaged record at ``start`` and return the position of the next ``WARC/1.x`` line.

        The scan drops data as it goes (memory stays bounded), and goes on through a gzip member
        however long: a member may hold many records, so skipping its rest could lose them.
        """
        w = self.w
        position = position or w.label(start)
        at = search_from
        while True:
            nxt = w.search(at, at + _SCAN)
            if nxt >= 0:
                msg = f"{why}; {nxt - start:,} bytes skipped, reading resumed at {w.label(nxt)}"
                yield Frame(position, headers, error=("bad_warc", msg))
                return nxt
            if w.end < at + _SCAN:  # the search stopped because the data did: a gap or the end
                if w.gap is not None:
                    yield from self._lost(start, why, headers, position)
                    return w.base
                msg = f"{why}; no record follows: {w.end - start:,} bytes from {position} skipped"
                yield Frame(position, headers, error=("bad_warc", msg))
                w.consume(w.end)
                return w.end
            at = max(at, min(w.end, at + _SCAN) - _RESYNC_LEN + 1)
            w.consume(at)

    def _record(self, start: int) -> Steps:
        """Read the record at ``start``; yield it (or its failure); return where the next one starts."""
        w = self.w
        if not w.need(start + 5) and w.end - start < 5:
            if w.gap is None and not w.bytes(start, w.end).strip():
                return w.end
            return (yield from self._lost(start, "incomplete record header", None))
        if not w.startswith(b"WARC/", start):
            return (yield from self._resync(start, start, "no WARC record header here", None))
        scanned = start + 5  # past our own "WARC/"
        while True:
            limit = min(w.end, start + HEADER_MAX)
            m = _HEAD_END.search(w.buf, scanned - w.base, limit - w.base)
            if m is not None or w.end >= start + HEADER_MAX or not w.more():
                break
            scanned = max(start + 5, limit - 12)
        if m is None:
            if w.end < start + HEADER_MAX:
                return (yield from self._lost(start, "incomplete record header", None))
            return (yield from self._resync(start, start + 1, "record header longer than 64 KB", None))
        if m.group().startswith(b"W"):  # another record starts inside this header
            return (yield from self._resync(start, w.base + m.start(), "record header cut short", None))
        body = w.base + m.end()
        headers = parse_header(w.bytes(start, w.base + m.start()))
        declared = headers.get("content-length")
        if declared is None or not _LENGTH.fullmatch(declared):
            why = "no Content-Length" if declared is None else f"Content-Length {declared[:40]!r} is not a byte count"
            return (yield from self._resync(start, start + 1, why, headers))
        length = int(declared)
        if length > self.cap:
            return (yield from self._oversized(start, body, length, headers))
        end = body + length
        w.need(end + _LOOKAHEAD)
        if w.end < end:
            return (yield from self._short(start, body, length, headers))
        nested = _NESTED.search(w.buf, body - w.base, end - w.base)
        if nested is not None:  # it swallowed (the start of) the next record: resume at the first header inside
            why = f"Content-Length {length:,} runs over the next record"
            return (yield from self._resync(start, body, why, headers))
        block = w.bytes(body, end)
        if not self._boundary(start, end) and not (self._separator(end) and _http_length_agrees(block)):
            why = f"Content-Length {length:,} does not end at a record boundary"
            return (yield from self._resync(start, body, why, headers))
        if block.endswith(_SEPARATORS[0]) and not self._separator(end):
            block = block[:-4]  # the length counted the separator too: the next header follows at once
        yield Frame(w.label(start), headers, block, length=length)
        return end

    def _separator(self, end: int) -> bool:
        """Is ``end`` followed by the record separator (whatever comes after it)?"""
        return any(self.w.startswith(s, end) for s in _SEPARATORS)

    def _boundary(self, start: int, end: int) -> bool:
        """Does the record at ``start`` end at ``end``?

        Yes when the separator follows and then the next record header, the end of the data, or
        the start of the next gzip member (the record filled its own member: the next one may
        be junk, and it will fail on its own).
        """
        w = self.w
        w.need(end + _LOOKAHEAD)
        tail = w.bytes(end, min(w.end, end + _LOOKAHEAD))
        mine = w.chunk_at(start)
        if w.gap is not None and mine is not None and mine[0].gz and w.gap.offset == mine[0].offset:
            return False  # its own (streamed) gzip member failed its check after the data was read
        ended = w.eof or w.gap is not None
        if ended and len(tail) < _LOOKAHEAD and not tail.strip(_SEP):
            return True  # the data ends here (a cut separator is no loss)
        sep = next((s for s in _SEPARATORS if tail.startswith(s)), b"")
        j = end + len(sep)
        if sep:
            while j < w.end and w.byte(j) in _SEP:
                j += 1
            if j >= w.end:
                return ended
        if w.startswith(b"WARC/", j):
            return True  # (with no separator only when the next header starts right at ``end``)
        nxt = w.chunk_at(end + len(sep))
        return (
            mine is not None
            and nxt is not None
            and nxt[0].gz
            and nxt[1] == 0
            and nxt[0].inner == 0
            and nxt[0].offset != mine[0].offset
        )

    def _short(self, start: int, body: int, length: int, headers: dict[str, str]) -> Steps:
        """The data stops before the block ends: a length that lies (a record follows), else a cut file."""
        w = self.w
        if w.search(body) >= 0:
            why = f"Content-Length {length:,} runs past the next record"
            return (yield from self._resync(start, body, why, headers))
        why = f"record has {w.end - body:,} of its {length:,} bytes ({body + length - w.end:,} missing)"
        return (yield from self._lost(start, why, headers))

    def _oversized(self, start: int, body: int, length: int, headers: dict[str, str]) -> Steps:
        """Skip a record larger than the cap without holding it; check it ends where it says."""
        w = self.w
        position = w.label(start)
        msg = f"record of {length:,} bytes is larger than the {self.cap:,}-byte limit (--max-bytes)"
        # Scanned, never skipped unread: a gzip member may hold more records than this one
        # (one member for the whole file), and skipping the member lost them silently.
        end = body + length
        first = -1  # the first record header inside the block, kept (up to the cap) in case the length lies
        at = body
        while True:  # scan the declared block without holding it
            stop = min(end, w.end)
            if stop > at:
                if first < 0:
                    first = w.search(at, stop)
                nested = _NESTED.search(w.buf, at - w.base, stop - w.base)
                if nested is not None:  # a whole record starts inside: the length lies
                    why = f"Content-Length {length:,} runs over the next record"
                    resume = first if first >= 0 else w.base + nested.start()
                    return (yield from self._resync(start, resume, why, headers, position))
            at = max(at, stop - _NESTED_LEN)
            if first >= 0 and at - first > max(self.cap, _SCAN):
                first = -1  # too far back to return to
            w.consume(at if first < 0 else min(at, first))
            if w.end >= end + _LOOKAHEAD or not w.more():
                break
        why = f"Content-Length {length:,} does not end at a record boundary"
        if w.end < end:
            if first >= 0:  # the data stops early but a record header came after this one: a lie or a cut
                return (
                    yield from self._resync(
                        start, first, f"Content-Length {length:,} runs past the next record", headers, position
                    )
                )
            why = f"record of {length:,} bytes is cut short ({end - w.end:,} bytes missing)"
            return (yield from self._lost(start, why, headers, position))
        if self._boundary(start, end) or self._separator(end):  # (never a document: junk after it fails alone)
            yield Frame(position, headers, error=("too_large", msg), length=length)
            return end
        # (from ``at``, the last bytes scanned: a header may straddle the declared end)
        return (yield from self._resync(start, first if first >= 0 else max(at, w.base), why, headers, position))


def frames(source: ChunkSource, cap: int) -> Iterator[Frame]:
    """Every record of a WARC stream, good or failed, in order.  Time O(n), memory O(cap + chunk)."""
    return _Framer(source, cap).frames()
