"""Byte sources for the WARC reader: a plain stream, or concatenated gzip members that survive damage.

A ``.warc.gz`` is a series of gzip members (normally one per record).  Python's ``gzip`` module
and FastWARC stop at the first member that is not gzip or fails to inflate, losing every record
after it.  :class:`GzipMembers` instead reports the unreadable span as a :class:`Gap` and resumes
at the next member whose data starts with ``WARC/``, so one damaged member costs one record.

A member is yielded only once it has inflated completely and passed its CRC check, so a corrupt
member never reaches the record parser as data; only a member larger than ``bound`` is streamed
in pieces before its end is verified (memory stays bounded by ``bound``).
"""

from __future__ import annotations

import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import IO

_READ = 1 << 20  # bytes read from the file at a time
_FEED = 1 << 14  # compressed bytes given to zlib at a time (small: zlib copies what is left of it)
_MAGIC = b"\x1f\x8b\x08"
_PROBE = 4096  # compressed bytes inflated at most to check that a candidate member starts with "WARC/"
_BLANK = b"\r\n\t \x00"
_HEAD = 1 << 16  # decompressed bytes of a broken member kept to name its record
_KEEP = 4 << 20  # compressed bytes of a member kept for resynchronising inside it after damage


@dataclass(frozen=True, slots=True)
class Chunk:
    """Decompressed bytes; ``offset`` is the file offset of their gzip member (or of the bytes, when plain).

    ``inner`` is how many decompressed bytes of the member came before this chunk.
    """

    data: bytes
    offset: int
    inner: int = 0
    gz: bool = False

    def label(self, skip: int) -> str:
        """Position of the byte ``skip`` bytes into this chunk, for error messages and record ids."""
        if not self.gz:
            return f"offset {self.offset + skip}"
        inner = self.inner + skip
        return f"offset {self.offset}" if inner == 0 else f"offset {self.offset}+{inner}"


@dataclass(frozen=True, slots=True)
class Gap:
    """A span of the file that could not be decompressed; reading resumes after it."""

    offset: int
    length: int  # compressed bytes skipped
    reason: str
    head: bytes = b""  # what the broken member inflated to before failing (names its record)
    at_end: bool = False  # the file ends inside the span: a cut file


class PlainChunks:
    """An uncompressed (or already decompressed) stream in chunks.  Time O(n), memory O(chunk).

    A decompression error (a cut .warc.zst, junk after the data, a bomb) ends the stream with a
    :class:`Gap` at the end, after every byte before it: the records before it are complete.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[Chunk | Gap]:
        from .files import DECOMPRESSION_ERRORS, TooLarge, describe_read_error

        errors: tuple[type[BaseException], ...] = (*DECOMPRESSION_ERRORS, TooLarge)
        offset = 0
        read = getattr(self._stream, "read1", self._stream.read)  # one step: nothing held back at an error
        while True:
            try:
                data = read(_READ)
            except errors as exc:
                yield Gap(offset, 0, describe_read_error(exc)[1], at_end=True)
                return
            if not data:
                return
            yield Chunk(data, offset)
            offset += len(data)


class GzipMembers:
    """Concatenated gzip members, decompressed member by member, resynchronising after damage.

    Time O(n) in compressed plus decompressed bytes (a resync candidate costs a 10-byte header
    check, then at most a ``_PROBE``-byte inflate); memory O(bound + _KEEP + _READ).
    """

    def __init__(self, stream: IO[bytes], bound: int) -> None:
        self._stream = stream
        self._bound = bound
        self._buf = bytearray()  # compressed bytes from file offset self._base
        self._base = 0
        self._eof = False

    def _fill(self) -> bool:
        """Read more compressed bytes; False at the end of the file."""
        if self._eof:
            return False
        data = self._stream.read(_READ)
        if not data:
            self._eof = True
            return False
        self._buf += data
        return True

    def _trim(self, keep_from: int) -> None:
        """Forget compressed bytes before file offset ``keep_from`` (amortised: only big spans)."""
        cut = keep_from - self._base
        if cut > _READ:
            del self._buf[:cut]
            self._base = keep_from

    def _starts_warc(self, at: int) -> bool:
        """Does a gzip member start at file offset ``at`` and inflate to ``WARC/``?"""
        while len(self._buf) - (at - self._base) < _PROBE and self._fill():
            pass
        i = at - self._base
        header = self._buf[i : i + 10]
        if len(header) < 10 or header[3] & 0xE0 or header[8] not in (0, 2, 4) or (13 < header[9] < 255):
            return False  # reserved flags, or extra-flags / OS values no writer uses (RFC 1952): cheap to reject
        d = zlib.decompressobj(31)
        out = b""
        try:
            with memoryview(self._buf) as view:  # no copy: junk full of magic bytes has a candidate every 3 bytes
                for step in range(i, min(len(self._buf), i + _PROBE), 256):
                    out += d.decompress(view[step : min(step + 256, i + _PROBE)], 5 - len(out))
                    if len(out) >= 5 or d.eof:
                        break
        except zlib.error:
            return False
        return out == b"WARC/"

    def _next_member(self, start: int) -> int | None:
        """File offset of the next good member at or after ``start``, or None at the end of the file."""
        at = start
        while True:
            i = self._buf.find(_MAGIC, at - self._base)
            if i >= 0:
                cand = self._base + i
                if self._starts_warc(cand):
                    return cand
                at = cand + 1
                continue
            at = max(at, self._base + len(self._buf) - len(_MAGIC) + 1)
            self._trim(at)
            if not self._fill():
                return None

    def _salvage(self, start: int) -> bytes:
        """What a broken member inflates to before the damage (to name its record), in small steps.

        zlib returns nothing from a call that fails, so the bytes before the damage are recovered
        by feeding 64 bytes at a time, over at most ``_HEAD`` compressed bytes: O(_HEAD) work.
        """
        if start < self._base:
            return b""
        d = zlib.decompressobj(31)
        out = bytearray()
        i = start - self._base
        try:
            while len(out) < _HEAD and i < min(len(self._buf), start - self._base + _HEAD) and not d.eof:
                out += d.decompress(bytes(self._buf[i : i + 64]), _HEAD)
                i += 64
        except zlib.error:
            pass
        return bytes(out[:_HEAD])

    def _resync(self, start: int, search_from: int) -> tuple[int, int | None]:
        """(end of the unreadable span from ``start``, next good member or None at the end of the file)."""
        nxt = self._next_member(max(search_from, self._base))
        end = self._base + len(self._buf) if nxt is None else nxt
        return end, nxt

    def _blank(self, start: int, end: int) -> bool:
        """Only padding (newlines, NULs) between ``start`` and ``end``, as far as the buffer still holds it."""
        return start >= self._base and not self._buf[start - self._base : end - self._base].strip(_BLANK)

    def __iter__(self) -> Iterator[Chunk | Gap]:
        pos: int | None = 0  # file offset of the next unread compressed byte
        while pos is not None:
            self._trim(pos)
            while len(self._buf) - (pos - self._base) < len(_MAGIC) and self._fill():
                pass
            if pos - self._base >= len(self._buf):
                return
            if self._buf.startswith(_MAGIC, pos - self._base):
                pos = yield from self._member(pos)
                continue
            end, nxt = self._resync(pos, pos)
            if not (nxt is None and self._blank(pos, end)):  # trailing padding is not damage
                yield Gap(pos, end - pos, "not gzip data", at_end=nxt is None)
            pos = nxt

    def _member(self, start: int) -> Generator[Chunk | Gap, None, int | None]:
        """Inflate the member at ``start``; returns where the next member begins (None: end of file)."""
        d = zlib.decompressobj(31)
        out = bytearray()
        inner = 0
        pos = start
        try:
            while not d.eof:
                i = pos - self._base
                if i >= len(self._buf) and not self._fill():
                    # a cut file, or junk that only looked like a member header: a good member may follow
                    head = bytes(out[:_HEAD]) if out or inner else self._salvage(start)
                    end, nxt = self._resync(start, start + 1)
                    reason = "the file ends inside this gzip member" if nxt is None else "broken gzip member"
                    yield Gap(start, end - start, reason, head, nxt is None)
                    return nxt
                with memoryview(self._buf) as view:  # released before the buffer is resized
                    data = view[i : i + _FEED]
                    piece = d.decompress(data, _READ)
                    # at the end of the member, zlib puts what follows in both unused_data and unconsumed_tail
                    pos += len(data) - len(d.unused_data if d.eof else d.unconsumed_tail)
                    data.release()
                out += piece
                if len(out) > self._bound:
                    yield Chunk(bytes(out), start, inner, gz=True)
                    inner += len(out)
                    out.clear()
                self._trim(start if pos - start < _KEEP else pos)
        except zlib.error as exc:
            head = bytes(out[:_HEAD]) if out or inner else self._salvage(start)
            end, nxt = self._resync(start, start + 1)
            yield Gap(start, end - start, f"corrupt gzip member ({exc})", head, nxt is None)
            return nxt
        if out or inner == 0:
            yield Chunk(bytes(out), start, inner, gz=True)
        return pos
