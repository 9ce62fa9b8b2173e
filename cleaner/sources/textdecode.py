"""Bytes to text for the text path, through the shared decoder (BOMs, UTF-16, legacy charsets)."""

from __future__ import annotations

from .decode import decode_bytes


def decode_text(data: bytes, declared: str | None = None, *, html: bool = False) -> str:
    """Decode ``data`` (any encoding, BOMs, UTF-16) to str; never raises on bad bytes."""
    return decode_bytes(data, declared, html=html)[0]
