"""Small string helpers shared by sources and sinks (so neither stage imports the other)."""

from __future__ import annotations

import re

_SURROGATES = re.compile(r"[\ud800-\udfff]")
COMPRESSION_SUFFIXES = (".gz", ".bz2", ".zst", ".zstd")


def safe_str(value: str) -> str:
    """Replace lone surrogates (from JSON escapes or surrogateescape) so the text encodes as UTF-8.

    O(len(value)) time and memory."""
    return _SURROGATES.sub("\ufffd", value)


def strip_compression(name: str) -> str:
    """``a.html.gz`` -> ``a.html``.  O(len(name))."""
    lower = name.lower()
    for suf in COMPRESSION_SUFFIXES:
        if lower.endswith(suf):
            return name[: -len(suf)]
    return name
