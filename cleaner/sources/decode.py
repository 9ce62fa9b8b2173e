"""Bytes to text: BOM, declared charset, meta charset, validation, detection.

The order follows what browsers do, with one addition: a declared charset is *validated*.

1. A byte-order mark wins (UTF-8, UTF-16 LE/BE, UTF-32).
2. UTF-16 without a BOM is recognised by its control bytes and what it decodes to.
3. The declared charset (HTTP ``Content-Type``), then for HTML the ``<meta charset>`` /
   ``http-equiv`` declaration in the first few KB.  Only labels of the WHATWG Encoding
   Standard count (:mod:`.charsets`): ``utf-7`` or ``unicode_escape`` are ignored, as in a
   browser.  A declared charset is used only when the bytes decode cleanly under it, and
   bytes that are valid UTF-8 with non-ASCII sequences are UTF-8 whatever the label says
   (the commonest lie: UTF-8 sent as latin-1).
4. Strict UTF-8.
5. Detection with charset-normalizer on a sample, trusted for CJK and non-Latin scripts;
   for Latin text it cannot tell the code pages apart, so windows-1252 (the browser
   default) is used; cp1252 with replacement is the last resort.  Nothing here raises
   ``UnicodeDecodeError``.

Why charset-normalizer and not bs4's ``UnicodeDammit``/``EncodingDetector``: on the 23
non-UTF-8 pages of the development set with their charset declarations removed,
UnicodeDammit guessed 20 right but took ~640 ms a page (it runs detection over the whole
document); charset-normalizer on a 64 KB sample guessed 18 right in ~13 ms, and with the
windows-1252 preference for Latin guesses 21.  Detection only runs when every declared
charset and UTF-8 failed, so its cost is rare.
"""

from __future__ import annotations

import codecs
import re

from .charsets import codec_for_detection, codec_for_label

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]{2,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}encoding\s*=\s*["']([a-zA-Z0-9_.\-]{2,40})""")
_META_WINDOW = 4096
_DETECT_SAMPLE = 65536
_UTF8_TOLERANCE = 0.002  # share of undecodable bytes a declared/detected UTF-8 page may have


def normalize_encoding(name: str | None) -> str | None:
    """The Python codec a browser would use for a charset label, or None for a label browsers ignore."""
    return codec_for_label(name)


def _try(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except (UnicodeError, LookupError):
        return None


# Code points text is written in (ASCII, Latin, Greek, Cyrillic, Hebrew, Arabic, Indic, Thai,
# punctuation, CJK, kana, Hangul, full-width forms).  Bytes that are not UTF-16 decode to
# control characters, surrogate errors or a spread over the rest of the 65,536 code points.
_TEXT_RANGES = re.compile(
    "[\t\n\r\x20-\x7e\xa0-\u024f\u0370-\u052f\u0590-\u06ff\u0900-\u0dff\u0e00-\u0e7f"
    "\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u21ff\u2460-\u27bf\u3000-\u30ff"
    "\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]"
)
_UTF16_SAMPLE = 4096
_UTF16_TEXT_SHARE = 0.9
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def control_share(sample: bytes) -> float:
    """Share of bytes that are C0 controls other than whitespace and ESC (NUL included).  O(len)."""
    return len(_CONTROL_BYTES.findall(sample)) / len(sample) if sample else 0.0


def utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" / "utf-16-be" when the bytes read as text in that byte order, else None.

    Single-byte and UTF-8 text has next to no control bytes; UTF-16 has many (NULs beside ASCII,
    any low byte beside a CJK high byte), so only data with more than 2% control bytes is tried.
    The sample must decode strictly (random bytes break surrogate pairs) to at least 90% code
    points of real scripts; the wrong byte order of CJK text or an array of integers does not.
    O(4 KB).
    """
    sample = data[:_UTF16_SAMPLE]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8 or control_share(sample) <= 0.02:
        return None
    best, best_share = None, _UTF16_TEXT_SHARE
    for enc in ("utf-16-le", "utf-16-be"):
        text = None
        for cut in (sample, sample[:-2]):  # the sample may end inside a surrogate pair
            try:
                text = cut.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        if not text:
            continue
        share = len(_TEXT_RANGES.findall(text)) / len(text)
        if share >= best_share:
            best, best_share = enc, share
    return best


def _declared_in_markup(data: bytes) -> str | None:
    head = data[:_META_WINDOW]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "ignore") if m else None


def _lenient_utf8(data: bytes) -> str | None:
    """UTF-8 with replacement when only a handful of bytes are broken."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if bad <= max(2, int(len(data) * _UTF8_TOLERANCE)):
        return text
    return None


# Detections we trust: multi-byte CJK encodings and single-byte non-Latin scripts.
_TRUSTED_DETECTIONS = (
    "gb",
    "big5",
    "shift_jis",
    "euc",
    "iso2022",
    "cp932",
    "cp949",
    "cp950",
    "hz",
    "cp1251",
    "koi8",
    "iso8859-5",
    "cp866",
    "mac-cyrillic",
    "cp1253",
    "iso8859-7",
    "cp1255",
    "iso8859-8",
    "cp1256",
    "iso8859-6",
    "cp874",
    "tis",
    "cp1258",
    "utf",
)


def _keeps_detection(enc: str) -> bool:
    return enc.startswith(_TRUSTED_DETECTIONS)


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - dependency is declared
        return None
    best = from_bytes(data[:_DETECT_SAMPLE], steps=5, chunk_size=512).best()
    return codec_for_detection(best.encoding) if best is not None else None


def decode_legacy(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` for bytes that are not UTF-8, by detection; None when nothing decodes them cleanly.

    Time O(64 KB) for the detection plus O(n) for the decode.
    """
    detected = _detect(data)
    if detected and not _keeps_detection(detected):
        # charset-normalizer cannot tell the Latin code pages apart on short pages (it
        # calls most windows-1252 pages cp1250 or cp775); browsers fall back to
        # windows-1252 there, and so do we when the bytes fit it.
        text = _try(data, "cp1252")
        if text is not None:
            return text, "cp1252"
    if detected and detected != "utf-8":
        text = _try(data, detected)
        if text is not None:
            return text, detected
    return None


def decode_bytes(data: bytes, declared: str | None = None, *, html: bool = True) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding used)``.  Never raises on bad bytes.

    ``declared`` is the charset from an HTTP header or container metadata, if any; ``html``
    enables looking for a ``<meta charset>`` declaration.
    """
    if isinstance(data, str):  # tolerate callers that already decoded
        return data, "unicode"
    for bom, bom_enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(bom_enc, "replace"), bom_enc
    enc16 = utf16_without_bom(data)
    if enc16 is not None:
        return data.decode(enc16, "replace"), enc16

    ascii_only = data.isascii()
    candidates: list[str] = []
    for label in (declared, _declared_in_markup(data) if html else None):
        enc = normalize_encoding(label)
        if enc in ("utf-16-le", "utf-16-be"):  # no NULs: the label lies (browsers read it as UTF-8 too)
            enc = "utf-8"
        if enc and enc not in candidates:
            candidates.append(enc)

    if ascii_only:
        enc = candidates[0] if candidates else "utf-8"
        text = _try(data, enc)
        return (text, enc) if text is not None else (data.decode("ascii", "replace"), "ascii")

    # Non-ASCII bytes that form valid UTF-8 are UTF-8 whatever the label says: legacy
    # charsets almost never produce valid multi-byte sequences by accident.
    utf8 = _try(data, "utf-8")
    if utf8 is not None:
        return utf8, "utf-8"
    for enc in candidates:
        if enc == "utf-8":
            text = _lenient_utf8(data)
            if text is not None:
                return text, "utf-8"
            continue
        text = _try(data, enc)
        if text is not None:
            return text, enc
    found = decode_legacy(data)
    if found is not None:
        return found
    text = _lenient_utf8(data)
    if text is not None:
        return text, "utf-8"
    return data.decode("cp1252", "replace"), "cp1252"
