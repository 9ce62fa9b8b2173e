"""What readers yield: one :class:`Record` per thing read, whether or not it is a document.

A reader never raises for a bad record: it yields a Record with ``error`` (the record failed:
it goes to the errors file) or ``drop`` (not a document we clean: an image, a 404...), so the
batch can account for everything it read.  Only the ``doc`` of a good record goes to workers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Document
from ..names import safe_str
from ..options import DEFAULT_MAX_BYTES

__all__ = ["InputError", "ReadConfig", "Record", "safe_str"]


@dataclass(slots=True)
class Record:
    """One record read from ``source`` at ``position`` ("line 12", "offset 3456", "" for a file)."""

    source: str
    position: str = ""
    doc: Document | None = None
    record_id: str | None = None  # id when there is no doc (failed or dropped at read time)
    drop: str | None = None  # reason this record is not a document
    error: tuple[str, str] | None = None  # (kind, message) when reading failed
    name: str | None = None  # output name, assigned by the batch in input order
    collection: str | None = None  # the record's ``source`` (--source, or the input root's name)
    offset: int | None = None  # bytes of the input file read when this record was yielded (progress)

    @property
    def id(self) -> str:
        if self.doc is not None:
            return self.doc.id
        return self.record_id or f"{self.source}:{self.position}".rstrip(":")

    @classmethod
    def failed(cls, source: str, position: str, kind: str, message: str, record_id: str | None = None) -> Record:
        return cls(source=source, position=position, record_id=record_id, error=(kind, message))

    @classmethod
    def dropped(cls, source: str, position: str, reason: str, record_id: str | None = None) -> Record:
        return cls(source=source, position=position, record_id=record_id, drop=reason)


@dataclass(frozen=True, slots=True)
class ReadConfig:
    """How readers interpret their input (the CLI's --input-format and --*-field options)."""

    input_format: str = "auto"  # auto | html | text | jsonl | warc
    text_field: str | None = None  # None: "text", then "content"
    html_field: str | None = None  # None: "html"
    id_field: str = "id"
    url_field: str = "url"
    max_bytes: int = DEFAULT_MAX_BYTES
    id_from: str = "auto"  # auto: the record's id field, WARC target URI, or path; url: the URL when known
    include: tuple[str, ...] = ()  # globs: read only these files of input folders (--include)
    exclude: tuple[str, ...] = ()  # globs: skip these files of input folders (--exclude)


class InputError(Exception):
    """An input argument that cannot be used at all (missing file, empty glob): a usage error."""
