"""The record contract: one shape for every input kind, every sink and every run.

A record is what dataset tools read (Dolma / datatrove shape)::

    id, text, source, added, created, url, title,
    metadata: {url, title, language, date, author, site_name, canonical_url, input_file,
               input_kind, warc_date, warc_record_id, http_content_type, encoding, extra,
               cleaner: {version, chars_in, chars_out, duplicates_collapsed,
                         removed: '[{"rule": ..., "count": ...}, ...]', format}}

Every key is always present, with one type: an unknown string is "" (never null, never
absent).  A JSON null has no type, and ``datasets.load_dataset("json", data_files=[...])``
takes the column types from its first file: a field null throughout an HTML run's file (say
``warc_date``) becomes a column of type null that a WARC run's strings cannot be cast into
("Couldn't cast array of type string to null").  With "" files of every input kind load
together.  Input metadata that has no field of its own is kept as a JSON string in
``metadata.extra``; ``removed`` is a JSON list of ``{rule, count}`` pairs kept as a string: a
map keyed by rule names changes shape from page to page, and a list that is empty in every
record of one run's file takes type null, which the next run's lists cannot be cast into.
Dates are strings with milliseconds (:func:`record_date`) for the same reason.
The JSON Schema is ``data/record.schema.json`` (:func:`json_schema`).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from .. import jsonout
from ..names import safe_str
from .base import Cleaned

META_FIELDS = (
    "url",
    "title",
    "language",
    "date",
    "author",
    "site_name",
    "canonical_url",
    "input_file",
    "input_kind",
    "warc_date",
    "warc_record_id",
    "http_content_type",
    "encoding",
    "extra",
)
TOP_FIELDS = ("id", "text", "source", "added", "created", "url", "title", "metadata")
_FROM_DOC = set(META_FIELDS) - {"input_file", "input_kind", "extra", "language"}
_NOT_EXTRA = {*META_FIELDS, "lang", "cleaner", "source", "created"}
_LANG = re.compile(r"[A-Za-z]{2,8}")


def normalise_language(value: Any) -> str | None:
    """``en-US``, ``EN_us``, ``pt-BR`` -> ``en``, ``pt``: the lower-case BCP-47 primary tag.

    Anything that is not a tag (empty, digits, the ``cjk`` script label) gives None.
    O(len(value))."""
    if not isinstance(value, str):
        return None
    primary = value.strip().replace("_", "-").split("-", 1)[0]
    return primary.lower() if _LANG.fullmatch(primary) and primary.lower() != "cjk" else None


def now_iso() -> str:
    """The current UTC time as ``2024-03-08T12:00:00Z`` (the default ``added``).  O(1)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def check_added(value: str) -> str:
    """``--added``: an ISO 8601 date or time, returned as given; ValueError otherwise.  O(1)."""
    text = value.strip()
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"--added {value!r} is not an ISO 8601 date or time (e.g. 2024-03-08T12:00:00Z)") from None
    return text


_PARTIAL_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?")
_EPOCH = re.compile(r"\d{9,10}|\d{12,13}")  # Unix time in seconds or milliseconds (1973-2286)
_DATE_FIELDS = ("date", "warc_date")


def record_date(value: Any) -> str:
    """A date or time for the record: ISO 8601 with milliseconds, or "" when it is not a date.

    ``2024-03-08T10:20:00+02:00`` -> ``2024-03-08T10:20:00.000+02:00`` (the offset kept),
    ``2024-03-08`` -> ``2024-03-08T00:00:00.000`` (no offset: the page gave none); Unix time
    (``1709856000``, or in milliseconds) -> UTC; a year or a month (``2024``, ``2024-03``)
    stays; ``inf``, ``NaN``, ``1e10000`` or free text are "".
    Why milliseconds: pyarrow (so ``datasets.load_dataset("json")``) types a column whose values
    all look like ``2024-03-08`` or ``2024-03-08T10:20:00Z`` as a timestamp and then cannot load a
    run whose unknown dates are "" beside it; with milliseconds it reads a string in every run,
    and every date library still parses it.  O(len(value))."""
    text = _text(value).strip()
    if not text or _PARTIAL_DATE.fullmatch(text):
        return text
    try:
        if _EPOCH.fullmatch(text):
            seconds = int(text) / (1000 if len(text) > 10 else 1)
            when = datetime.fromtimestamp(seconds, UTC)
        else:
            when = datetime.fromisoformat(text)
    except (ValueError, OverflowError, OSError):
        return ""
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _text(value: Any) -> str:
    """A metadata value as a UTF-8-safe string ("" when unknown).  O(len)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_str(value)
    if isinstance(value, bool | int | float):
        return str(value)
    return safe_str(jsonout.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def removed_json(counts: dict[str, int]) -> str:
    """What each rule removed as the record carries it: a JSON list of ``{rule, count}`` sorted by
    rule (a string, see the module docstring).  O(number of rules)."""
    return jsonout.dumps([{"rule": r, "count": int(n)} for r, n in sorted(counts.items())], ensure_ascii=False)


def record(doc: Cleaned, added: str) -> dict[str, Any]:
    """The record for one cleaned document: every key present, in a fixed order.

    O(size of the document's metadata)."""
    md = doc.metadata
    meta: dict[str, Any] = {k: _text(md.get(k)) if k in _FROM_DOC else "" for k in META_FIELDS}
    meta["url"] = _text(doc.url) or meta["url"]
    meta["title"] = _text(doc.title) or meta["title"]
    meta["language"] = normalise_language(doc.language or md.get("language") or md.get("lang")) or ""
    for key in _DATE_FIELDS:
        meta[key] = record_date(meta[key])
    meta["input_file"] = _text(doc.source)
    meta["input_kind"] = _text(doc.stats.get("input_kind"))
    extra = {k: v for k, v in md.items() if k not in _NOT_EXTRA and v is not None}
    meta["extra"] = _text(dict(sorted(extra.items()))) if extra else ""
    st = doc.stats
    meta["cleaner"] = {
        "version": _text(st.get("version")),
        "chars_in": int(st.get("chars_in", 0)),
        "chars_out": int(st.get("chars_out", len(doc.text))),
        "duplicates_collapsed": int(st.get("duplicates_collapsed", 0)),
        "removed": removed_json(st.get("removed", {})),
        "format": _text(st.get("format")) or "text",  # what ``text`` holds: "text" or "markdown"
    }
    return {
        "id": safe_str(doc.id),
        "text": safe_str(doc.text),
        "source": _text(doc.collection),
        "added": added,
        "created": meta["date"] or record_date(md.get("created")),
        "url": meta["url"],
        "title": _text(doc.title),  # the text's title line, as the pipeline's title step decided it
        "metadata": meta,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema every record satisfies (shipped in the package).  O(1)."""
    text = resources.files("cleaner.sinks").joinpath("data/record.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def arrow_schema() -> Any:
    """The same contract as a pyarrow schema (Parquet: ``metadata`` is a struct).  O(1)."""
    import pyarrow as pa

    s = pa.string()
    cleaner = pa.struct(
        [
            ("version", s),
            ("chars_in", pa.int64()),
            ("chars_out", pa.int64()),
            ("duplicates_collapsed", pa.int64()),
            ("removed", s),
            ("format", s),
        ]
    )
    meta = pa.struct([*((k, s) for k in META_FIELDS), ("cleaner", cleaner)])
    return pa.schema([*((k, s) for k in TOP_FIELDS[:-1]), ("metadata", meta)])
