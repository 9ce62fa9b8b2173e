"""JSONL dumps: one JSON object per line, with configurable field names.

An ``html`` field goes through HTML extraction and a ``text`` field through the text path; a
``content`` field is sniffed.  A broken line, a missing or non-string field is a failed
record (with its line number), never the end of the file: whatever one line does to the JSON
parser (a 5,000-digit integer, nesting 100,000 deep, invalid UTF-8, a line over the cap) fails
that line alone.  A line in a legacy charset (a latin-1 or cp1252 export) is decoded and its
charset recorded in ``metadata.encoding``; a line mixing UTF-8 with invalid bytes fails as
``bad_encoding``: no line is ever decoded with U+FFFD.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import IO, Any

from ..model import Document
from .decode import decode_legacy
from .files import capped_lines
from .record import ReadConfig, Record, safe_str
from .sniff import sniff_format

_META_KEYS = ("title", "date", "language", "lang", "timestamp", "created", "added")
_DATE_KEYS = ("date", "timestamp", "created", "added")


def _date(value: Any) -> str | int | float | None:
    """A date field as given when it can be a date: a string with a digit, or a finite number.

    JSON's ``NaN`` and ``1e10000`` (inf), booleans, lists, objects and strings with no digit
    ("NaN", "inf", "") are not dates: the field is left out, so ``created`` is "".  O(len).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str) and any(c.isdigit() for c in value):
        return safe_str(value.strip())
    return None


def _pick_content(obj: dict[str, Any], config: ReadConfig) -> tuple[str, str] | tuple[None, str]:
    """(kind, field name) of the content to clean, or (None, error message)."""
    candidates: list[tuple[str, str]] = []
    if config.html_field or config.text_field:
        if config.html_field:
            candidates.append(("html", config.html_field))
        if config.text_field:
            candidates.append(("text", config.text_field))
    else:
        candidates = [("html", "html"), ("text", "text"), ("auto", "content")]
    for kind, name in candidates:
        if name in obj and obj[name] is not None:
            return kind, name
    names = ", ".join(repr(n) for _, n in candidates)
    return None, f"no {names} field"


def record_from_object(obj: Any, source: str, position: str, fallback_id: str, config: ReadConfig) -> Record:
    """Turn one parsed JSON value into a Record (a document, or a failure with its reason)."""
    if not isinstance(obj, dict):
        return Record.failed(source, position, "bad_record", f"a JSON {type(obj).__name__}, not an object", fallback_id)
    raw_id = obj.get(config.id_field)
    doc_id = safe_str(str(raw_id)) if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else fallback_id
    if not doc_id.strip():
        doc_id = fallback_id
    kind, field = _pick_content(obj, config)
    if kind is None:
        return Record.failed(source, position, "missing_field", field, doc_id)
    value = obj[field]
    if not isinstance(value, str):
        msg = f"field {field!r} is a {type(value).__name__}, not a string"
        return Record.failed(source, position, "bad_field", msg, doc_id)
    value = safe_str(value)
    if kind == "auto":
        kind = "html" if sniff_format("", value[:4096].encode("utf-8", "replace")) == "html" else "text"
    url = obj.get(config.url_field)
    meta: dict[str, Any] = {}
    inner = obj.get("metadata")
    if isinstance(inner, dict):
        meta.update(inner)
    for key in _META_KEYS:
        if key in obj and key not in meta:
            meta[key] = obj[key]
    for key in _DATE_KEYS:
        if key in meta:
            date = _date(meta.pop(key))
            if date is not None:
                meta[key] = date
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    doc = Document(
        id=doc_id,
        raw=value,
        kind=kind,
        source=source,
        url=safe_str(url) if isinstance(url, str) else None,
        title=None,
        metadata=meta,
    )
    if title:
        doc.metadata["title"] = safe_str(title)
    return Record(source=source, position=position, doc=doc)


# A valid UTF-8 multi-byte sequence: legacy single-byte text almost never forms one by accident.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xef][\x80-\xbf]{2}"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf4][\x80-\xbf]{3}"
)


def _decode_line(line: bytes, known: str | None) -> tuple[str, str | None] | str:
    """``(text, legacy charset or None)`` for one line, or why it cannot be decoded without loss.

    UTF-8 as is.  A line with no UTF-8 sequence at all is in a legacy charset (a latin-1 or
    cp1252 export): the charset found for an earlier line of the file if it decodes this one,
    else detection (so detection runs about once per file).  A line mixing UTF-8 with invalid
    bytes is damaged: never decoded with U+FFFD.  O(len(line)).
    """
    try:
        return line.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        where = exc.start
    if _UTF8_SEQUENCE.search(line):
        return f"invalid UTF-8 at byte {where} of a line that is otherwise UTF-8"
    if known is not None:
        try:
            return line.decode(known), known
        except UnicodeDecodeError:
            pass
    found = decode_legacy(line)
    if found is None:
        return f"not UTF-8 (byte {where}) and no charset decodes the line cleanly"
    return found


def _parse_line(line: bytes, source: str, position: str, fallback: str, config: ReadConfig, text: str) -> Record:
    """One decoded line to a Record; every way the line can be bad is this line's failure.  O(len(line))."""
    try:
        obj = json.loads(text)
    except RecursionError:
        return Record.failed(source, position, "bad_json", "nested too deeply to parse", fallback)
    except ValueError as exc:  # JSONDecodeError, and int() of more than 4,300 digits
        return Record.failed(source, position, "bad_json", str(exc)[:200], fallback)
    except MemoryError:
        return Record.failed(source, position, "bad_json", "ran out of memory parsing this line", fallback)
    try:
        return record_from_object(obj, source, position, fallback, config)
    except (ValueError, RecursionError) as exc:  # e.g. str() of a huge integer id
        return Record.failed(source, position, "bad_record", f"{type(exc).__name__}: {exc}"[:200], fallback)


def read_jsonl(stream: IO[bytes], source: str, rel: str, config: ReadConfig) -> Iterator[Record]:
    """Yield one Record per non-blank line of ``stream``; lines longer than the cap fail.

    Time O(n); memory O(longest line kept, at most the cap): an over-long line is skipped in
    1 MB steps without being held.
    """
    cap = config.max_bytes
    legacy: str | None = None  # the charset of the file's earlier non-UTF-8 lines
    for lineno, line in capped_lines(stream, cap):
        position = f"line {lineno}"
        fallback = f"{rel}:{lineno}"
        if line is None:
            msg = f"line longer than the {cap:,}-byte limit (--max-bytes)"
            yield Record.failed(source, position, "too_large", msg, fallback)
            continue
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        decoded = _decode_line(line, legacy)
        if isinstance(decoded, str):
            yield Record.failed(source, position, "bad_encoding", decoded, fallback)
            continue
        text, charset = decoded
        rec = _parse_line(line, source, position, fallback, config, text)
        if charset is not None:
            legacy = charset
            if rec.doc is not None:
                rec.doc.metadata["encoding"] = charset
        yield rec
