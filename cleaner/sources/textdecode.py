"""Bytes to text for the text path, through the shared decoder when it is there."""

from __future__ import annotations


def decode_text(data: bytes, declared: str | None = None, *, html: bool = False) -> str:
    """Decode ``data`` (any encoding, BOMs, UTF-16) to str; never raises on bad bytes."""
    try:
        from .decode import decode_bytes
    except ImportError:  # the shared decoder is not there yet
        return data.decode("utf-8", "replace")
    return decode_bytes(data, declared, html=html)[0]
