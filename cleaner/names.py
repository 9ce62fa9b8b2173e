"""Small string helpers shared by sources and sinks (so neither stage imports the other)."""

from __future__ import annotations

import re

_SURROGATES = re.compile(r"[\ud800-\udfff]")
# What must never reach an output or a terminal: lone surrogates (they do not encode), C0 and
# C1 controls other than newline and tab (ESC sequences retitle or clear a terminal, CR
# overwrites a line), DEL, and the bidi formatting characters that reorder what a reader sees:
# the Arabic letter mark, the LRM/RLM marks, embeddings and overrides (U+202A-U+202E) and
# isolates (U+2066-U+2069).  The marks go too: they only steer display, and the text
# normaliser drops them from text dumps already.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
COMPRESSION_SUFFIXES = (".gz", ".bz2", ".zst", ".zstd")


def safe_str(value: str) -> str:
    """``value`` safe to write and to print: lone surrogates (from JSON escapes or
    surrogateescape) replaced so it encodes as UTF-8, line ends unified to newlines, terminal
    controls and bidi formatting characters removed (issue 23.8).

    The one sanitiser: sources apply it to what they read (ids, urls, titles), the pipeline
    to every block and metadata string after splitting, and the record builder, the sinks,
    the explain printers and the error log to everything they write.
    O(len(value)) time and memory; one C-level search when there is nothing to remove."""
    if _UNSAFE.search(value) is None:
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if "\x0b" in value or "\x0c" in value:  # vertical tab, form feed: spaces (markup reads them so)
        value = value.replace("\x0b", " ").replace("\x0c", " ")
    if _SURROGATES.search(value) is not None:
        value = _SURROGATES.sub("\ufffd", value)
    return _UNSAFE.sub("", value)


def strip_compression(name: str) -> str:
    """``a.html.gz`` -> ``a.html``.  O(len(name))."""
    lower = name.lower()
    for suf in COMPRESSION_SUFFIXES:
        if lower.endswith(suf):
            return name[: -len(suf)]
    return name
