"""Guess what an input is (warc, jsonl, html, text, binary) from its name and first bytes.

The name decides when it is specific (``.warc``, ``.jsonl``, ``.html``, ``.txt``), except that
binary junk is recognised whatever it is called: a JPEG named ``.html`` is not a page.  A
``.warc(.gz)`` stays a WARC even when its first bytes look binary (gzip members after a damaged
start): the WARC reader reports the damage and reads on.
"""

from __future__ import annotations

import json
import re

from ..names import strip_compression
from .decode import control_share, utf16_without_bom

_BY_SUFFIX = {
    ".warc": "warc",
    ".arc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".txt": "text",
    ".text": "text",
}
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<meta|<title|<div|<p[\s>]|<\?xml)", re.I)
_HTML_ANY = re.compile(rb"<(?:html|body|div|p|br|a\s|article|table|span)[\s>/]", re.I)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Magic numbers of files people hand in by mistake, to say what a binary input looked like.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"\xca\xfe\xba\xbe", "a Mach-O or Java class file"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x00asm", "a WebAssembly module"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
    (b"wOFF", "a WOFF font"),
    (b"wOF2", "a WOFF2 font"),
)


def _magic(head: bytes) -> str | None:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head[4:8] == b"ftyp":
        return "an MP4/QuickTime media file"
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}[head[8:12]]
    return None


def is_binary(head: bytes) -> bool:
    """True for data that is not text in any encoding we read (images, archives, executables, arrays).

    A known file signature with any control byte is binary (ZIP of stored text, SQLite and ELF
    files are mostly text or NULs, which once passed as UTF-16); otherwise more than 2% control
    bytes is binary unless the bytes read as UTF-16 text.  O(4 KB).
    """
    if not head:
        return False
    sample = head[:4096]
    share = control_share(sample)
    if share and _magic(sample) is not None:
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # a UTF-16 BOM
        return False
    controls = round(share * len(sample))
    return controls > max(2, len(sample) // 50) and utf16_without_bom(sample) is None


def describe_binary(head: bytes) -> str:
    """What a binary input looks like ("a PNG image"), for the errors file.  O(1)."""
    return _magic(head) or "binary data of an unknown kind"


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def looks_jsonl(head: bytes) -> bool:
    """At least half the head's lines are JSON objects (the cut last one: starts like one).

    Not the first line alone: a dump whose first record is damaged (cut at the start, unclosed)
    is still JSONL, and its damaged lines fail by name.  A text dump quoting one JSON line is
    still text.  O(len(head)).
    """
    *whole, last = head.lstrip().split(b"\n")
    lines = [line for line in whole if line.strip()]
    good = sum(1 for line in lines if line.lstrip().startswith(b"{") and _is_object(line))
    if last.strip():
        lines.append(last)
        good += last.lstrip().startswith(b'{"')
    return good >= 1 and 2 * good >= len(lines) and (good > 1 or lines[0].lstrip().startswith(b"{"))


def sniff_format(name: str, head: bytes) -> str:
    """One of "warc", "jsonl", "html", "text" or "binary" for a (decompressed) stream."""
    if head.startswith(b"WARC/"):
        return "warc"
    base = strip_compression(name).lower()
    if base.endswith(".warc"):  # even if it looks binary: gzip members behind a damaged start
        return "warc"
    if is_binary(head):
        return "binary"
    for suffix, fmt in _BY_SUFFIX.items():
        if base.endswith(suffix):
            return fmt
    stripped = head
    for bom in _BOMS:
        if stripped.startswith(bom):
            stripped = stripped[len(bom) :]
            break
    enc16 = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else utf16_without_bom(head)
    if enc16 is not None:  # look at what it reads as
        stripped = head[: len(head) - len(head) % 2].decode(enc16, "replace").lstrip("\ufeff").encode("utf-8")
        return "html" if _HTML_START.match(stripped) or len(_HTML_ANY.findall(stripped)) >= 2 else "text"
    if looks_jsonl(stripped):
        return "jsonl"
    if _HTML_START.match(stripped) or len(_HTML_ANY.findall(stripped)) >= 2:
        return "html"
    return "text"
