"""The one record loop: every record of the inputs, read and cleaned under one error policy.

``cleaner clean`` (its reader and its workers), ``report``, ``check`` and ``explain`` read
records through :func:`read_records`, and all but ``check`` (which reads finished text) clean
them through :func:`clean_one`, so a bad record ends the same way in all four:

* a record the reader could not read fails with the reader's kind (``bad_json``,
  ``too_large``, ``io_error``...), and one that is not a page is dropped with its reason
  (:func:`unreadable`);
* a document over ``Options.max_bytes`` fails as ``too_large`` before it is parsed;
* an exception while cleaning fails with the kind :func:`failure_of` names (``too_deep``,
  ``out_of_memory``, ``missing_dependency``, ``clean_error``), never a traceback.

What a command then does with the outcome (write it, count it, print it) is its own business.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from .model import Document
from .options import Options
from .pipeline import process
from .progress import Counts, ProgressBar
from .sources import InputFile, ReadConfig, Record, read_file

if TYPE_CHECKING:
    from .sinks.base import Cleaned

T = TypeVar("T")


@dataclass(slots=True)
class Outcome:
    """What became of one record."""

    status: str  # "written" | "dropped" | "failed"
    id: str
    source: str
    position: str = ""
    reason: str | None = None  # drop reason or error kind
    message: str | None = None
    doc: Cleaned | None = None
    explain: str | None = None


class ReadCounts(Counts, Protocol):
    """What :func:`read_records` counts into (the batch's Summary, a command's Tally)."""

    skipped_files: dict[str, int]


def read_records(
    files: Iterable[InputFile], config: ReadConfig, counts: ReadCounts, bar: ProgressBar | None = None
) -> Iterator[tuple[InputFile, Record]]:
    """(file, record) for every record of ``files`` in order (see :func:`cleaner.sources.read_file`:
    errors are failed records, never exceptions).  Counts into ``counts`` the records read, the
    input bytes read so far, and the files of input folders that are not inputs (by reason);
    moves ``bar`` by bytes read and closes it when the stream ends or is abandoned.
    O(1) per record besides reading."""
    try:
        for f in files:
            if f.skip is not None:  # not a record: a file of an input folder that holds no pages
                counts.skipped_files[f.skip] = counts.skipped_files.get(f.skip, 0) + 1
                continue
            before = counts.input_bytes_done
            size = f.size or 0  # (a stat: once per file, not per record)
            for rec in read_file(f, config):
                counts.read += 1
                if rec.offset is not None:
                    counts.input_bytes_done = before + min(rec.offset, size)
                if bar is not None:
                    bar(counts)
                yield f, rec
            counts.input_bytes_done = before + size
    finally:
        if bar is not None:
            bar.finish()


def failed(rec: Record, kind: str, message: str) -> Outcome:
    """The failed outcome of ``rec``.  O(1)."""
    return Outcome("failed", rec.id, rec.source, rec.position, kind, message)


def unreadable(rec: Record) -> Outcome | None:
    """The outcome of a record that holds no document (failed with the reader's error, or
    dropped with the reader's reason), None for one that does.  O(1)."""
    if rec.error is not None:
        return failed(rec, *rec.error)
    if rec.drop is not None or rec.doc is None:
        return Outcome("dropped", rec.id, rec.source, rec.position, rec.drop or "no_document")
    return None


def failure_of(exc: BaseException) -> tuple[str, str]:
    """(kind, message) of an exception raised while cleaning one record: one bad page is a
    named failure, never a traceback.  O(1)."""
    if isinstance(exc, ImportError):
        return "missing_dependency", str(exc)
    if isinstance(exc, RecursionError):
        return "too_deep", "the document is nested too deeply to parse"
    if isinstance(exc, MemoryError):
        return "out_of_memory", "ran out of memory while cleaning this record"
    return "clean_error", f"{type(exc).__name__}: {exc}"[:500]


def clean_one(rec: Record, options: Options, use: Callable[[Document], T]) -> T | Outcome:
    """Clean ``rec``'s document and return ``use(doc)``, or the failed or dropped Outcome that
    says why not (see the module docstring); ``use`` (rendering, the report's views) runs under
    the same policy.  Never raises for bad input.  Time and memory: the pipeline's, O(record)."""
    gone = unreadable(rec)
    if gone is not None:
        return gone
    doc = rec.doc
    assert doc is not None
    if len(doc.raw) > options.max_bytes:  # the readers' cap, for documents built another way
        return failed(rec, "too_large", f"larger than the {options.max_bytes:,}-byte limit (max_bytes)")
    try:
        return use(process(doc, options))
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # includes panics from compiled extensions
        return failed(rec, *failure_of(exc))


__all__ = ["Outcome", "clean_one", "failed", "failure_of", "read_records", "unreadable"]
