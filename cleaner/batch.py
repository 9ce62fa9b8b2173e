"""Batch runs: read every input, clean in parallel, write in order, account for every record.

This is the library entry point behind ``cleaner clean`` (the CLI only parses options)::

    from cleaner.batch import run_batch
    summary = run_batch(["crawl/*.warc.gz"], "clean.jsonl.gz", jobs=8)
    assert summary.read == (summary.written + summary.dropped + summary.not_pages
                            + summary.failed + summary.skipped_existing)

Records are read and cleaned by the one record loop (:mod:`cleaner.records`, through
:func:`cleaner.api.clean_record` in the workers); this module runs the batch: chunks, the
parallel engine, ordered writes, the errors file and the summary.

Every record read ends as written, dropped (with a reason: ``empty``, ``too_short`` under
``Options.min_chars``...), not a page (a WARC request or metadata record, counted apart), or
failed (with an error kind, in the errors file); with --resume, records already in the output
are counted as skipped.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from . import __version__, jsonout
from .api import clean_record
from .engines import Engine, LocalEngine
from .names import safe_str
from .options import Options
from .records import Outcome, failed, read_records
from .sinks import beside, is_file_output, open_sink, output_kind
from .sinks.base import OutputError, Sink, atomic_write_bytes, create_temp, dumps_line, remove_quietly
from .sinks.guard import OutputLock, check_outputs, check_writable
from .sinks.naming import FolderNamer
from .sinks.schema import now_iso
from .sinks.settings import check_resume, run_settings, write_settings
from .sources import ReadConfig, Record, expand_inputs
from .sources.files import InputFile

CHUNK_RECORDS = 16
CHUNK_BYTES = 4_000_000
DEFAULT_TIMEOUT = 300.0  # seconds per record before its worker is killed
FLUSH_EVERY = 256  # records between output flushes (by count, so output bytes never depend on -j)
# Reasons for container records that are not pages (WARC requests, metadata, warcinfo):
# counted apart from real drops, since every response has its request beside it.
NOT_PAGE_PREFIX = "warc_"

# Errors that are the output's, not one record's: every later write would fail the same way.
_OUTPUT_ERRNOS = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EROFS", "EIO", "EPIPE") if hasattr(errno, name)
)
READER_GONE = "reader_gone"


@dataclass
class Summary:
    """Counts for one batch; ``read`` always equals the sum of the other record counts."""

    read: int = 0
    written: int = 0
    dropped_by_reason: dict[str, int] = field(default_factory=dict)
    failed_by_kind: dict[str, int] = field(default_factory=dict)
    skipped_existing: int = 0
    skipped_files: dict[str, int] = field(default_factory=dict)  # files in input folders that are not inputs
    not_pages_by_kind: dict[str, int] = field(default_factory=dict)
    max_failures: float | None = None  # failed/read rate above which the exit code is 1 (None: any)
    chars_in: int = 0
    chars_out: int = 0
    removed_by_rule: dict[str, int] = field(default_factory=dict)
    duplicates_collapsed: int = 0
    jobs: int = 1
    elapsed_s: float = 0.0
    inputs: list[str] = field(default_factory=list)
    output: str | None = None
    errors_file: str | None = None
    input_bytes_total: int = 0
    input_bytes_done: int = 0
    stopped: str | None = None  # why the run ended early: READER_GONE, or the output's error
    not_processed: int = 0  # records read but never finished because the run stopped early

    @property
    def dropped(self) -> int:
        return sum(self.dropped_by_reason.values())

    @property
    def failed(self) -> int:
        return sum(self.failed_by_kind.values())

    @property
    def not_pages(self) -> int:
        return sum(self.not_pages_by_kind.values())

    @property
    def exit_code(self) -> int:
        """1 when records failed (more than ``max_failures`` of those read, when set) or the
        output failed, 141 (as a process killed by SIGPIPE) when the pipe's reader went away,
        else 0."""
        if self.stopped is not None:
            return 141 if self.stopped == READER_GONE else 1
        if not self.failed:
            return 0
        if self.max_failures is None:
            return 1
        return 1 if self.failed > self.max_failures * self.read else 0

    @property
    def records_per_s(self) -> float:
        return self.read / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "cleaner_version": __version__,
            "read": self.read,
            "written": self.written,
            "dropped": self.dropped,
            "dropped_by_reason": dict(sorted(self.dropped_by_reason.items())),
            "failed": self.failed,
            "failed_by_kind": dict(sorted(self.failed_by_kind.items())),
            "skipped_existing": self.skipped_existing,
            "skipped_files": dict(sorted(self.skipped_files.items())),
            "not_pages": self.not_pages,
            "not_pages_by_kind": dict(sorted(self.not_pages_by_kind.items())),
            "chars_in": self.chars_in,
            "chars_out": self.chars_out,
            "removed_by_rule": dict(sorted(self.removed_by_rule.items())),
            "duplicates_collapsed": self.duplicates_collapsed,
            "jobs": self.jobs,
            "elapsed_s": round(self.elapsed_s, 3),
            "records_per_s": round(self.records_per_s, 1),
            "inputs": self.inputs,
            "output": self.output,
            "errors_file": self.errors_file,
            "not_processed": self.not_processed,
            "stopped": self.stopped,
            "exit_code": self.exit_code,
        }

    def paragraph(self) -> str:
        """The human summary printed on stderr at the end of a run."""

        def reasons(d: dict[str, int]) -> str:
            top = sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
            return " (" + ", ".join(f"{k}: {v:,}" for k, v in top) + ")" if top else ""

        parts = [
            f"cleaner: read {self.read:,} records in {self.elapsed_s:.1f}s"
            f" ({self.records_per_s:,.1f}/s, -j {self.jobs}):",
            f"{self.written:,} written, {self.dropped:,} dropped{reasons(self.dropped_by_reason)},",
            f"{self.failed:,} failed{reasons(self.failed_by_kind)}",
        ]
        if self.not_pages:
            parts[-1] += f", {self.not_pages:,} not pages{reasons(self.not_pages_by_kind)}"
        if self.skipped_existing:
            parts[-1] += f", {self.skipped_existing:,} already done (--resume)"
        parts[-1] += "."
        if self.skipped_files:
            n = sum(self.skipped_files.values())
            parts.append(f"Skipped {n:,} files of input folders that are not inputs{reasons(self.skipped_files)}.")
        if self.chars_in:
            share = 100.0 * self.chars_out / self.chars_in
            parts.append(f"Kept {self.chars_out:,} of {self.chars_in:,} characters ({share:.0f}%).")
        if self.failed and self.errors_file:
            parts.append(f"Failures are listed in {self.errors_file}.")
        if self.stopped is not None:
            parts.append(f"Stopped early ({self.stopped}): {self.not_processed:,} records read but not processed.")
        if self.output and self.stopped is None:
            parts.append(f"Output: {self.output}.")
        return " ".join(parts)


def clean_chunk(records: list[Record], options: Options, explain: str | None = None) -> list[Outcome]:
    """The worker function: a chunk of records in, their outcomes out, in the same order."""
    return [clean_record(r, options, explain) for r in records]


def crashed(rec: Record, kind: str, message: str) -> Outcome:
    """The outcome of a record whose worker died or timed out (see :mod:`cleaner.engines`)."""
    return failed(rec, kind, message)


@dataclass
class _Feed:
    """Reads records, names them, answers --resume, and groups the rest into chunks."""

    files: list[InputFile]
    config: ReadConfig
    sink: Sink
    namer: FolderNamer
    summary: Summary
    resume: bool
    source_name: str | None = None

    def records(self) -> Iterator[Record]:
        for f, rec in read_records(self.files, self.config, self.summary):
            rec.collection = self.source_name or f.root or None
            if rec.doc is not None:
                whole = f.rel if not rec.position and rec.source == f.path else None
                try:
                    rec.name = self.namer.assign(rec.id, whole)
                except KeyError:
                    rec.doc, rec.drop = None, "duplicate_id"
                    rec.record_id = rec.id if rec.record_id is None else rec.record_id
                else:
                    if self.resume and self.sink.is_done(rec.id, rec.name):
                        self.summary.skipped_existing += 1
                        continue
            yield rec

    def chunks(self) -> Iterator[list[Record]]:
        chunk: list[Record] = []
        size = 0
        for rec in self.records():
            chunk.append(rec)
            size += len(rec.doc.raw) if rec.doc is not None else 0
            if len(chunk) >= CHUNK_RECORDS or size >= CHUNK_BYTES:
                yield chunk
                chunk, size = [], 0
        if chunk:
            yield chunk


ERRORS_PER_KIND = 100  # failures of one kind in one input written out; the rest are counted


class _ErrorLog:
    """Failed records as JSONL, in a fresh temporary file renamed onto ``path`` at the end.

    At most :data:`ERRORS_PER_KIND` failures of one kind per input are written (and shown); the
    rest are counted in the summary as always, and one closing line per (input, kind) says how
    many were not listed, so 8 KB of ``{}`` lines cannot write gigabytes of errors.

    The file is made at the first failure: a run without failures leaves none (and removes
    the one an earlier run left at the default place), unless ``keep_empty`` (``--errors``
    asked for it)."""

    def __init__(
        self, path: Path | None, on_error: Callable[[dict[str, Any]], None] | None, keep_empty: bool = False
    ) -> None:
        self.path = path
        self.on_error = on_error
        self.keep_empty = keep_empty
        self.count = 0
        self._fh: BinaryIO | None = None
        self._tmp: Path | None = None
        self._seen: dict[tuple[str, str | None], int] = {}

    def add(self, o: Outcome) -> None:
        key = (o.source, o.reason)
        n = self._seen[key] = self._seen.get(key, 0) + 1
        if n > ERRORS_PER_KIND:
            return
        entry = {"source": o.source, "id": o.id, "position": o.position, "kind": o.reason, "message": o.message}
        entry = {k: safe_str(v) if isinstance(v, str) else v for k, v in entry.items()}  # messages quote input
        self._write(entry)

    def _write(self, entry: dict[str, Any]) -> None:
        self.count += 1
        if self.path is not None:
            if self._fh is None:
                self._fh, self._tmp = create_temp(self.path)
            self._fh.write(dumps_line(entry))
        if self.on_error is not None:
            self.on_error(entry)

    @property
    def written(self) -> str | None:
        """The errors file this run leaves (None: no file)."""
        return str(self.path) if self.path is not None and (self.count or self.keep_empty) else None

    def close(self) -> None:
        for (source, kind), n in self._seen.items():
            if n > ERRORS_PER_KIND:
                more = n - ERRORS_PER_KIND
                msg = f"{more:,} more {kind} failures in this input not listed (the first {ERRORS_PER_KIND} are)"
                self._write({"source": safe_str(source), "id": "", "position": "", "kind": kind, "message": msg})
        self._seen.clear()
        if self.path is None:
            return
        if self._fh is None and self.keep_empty:
            self._fh, self._tmp = create_temp(self.path)
        if self._fh is None:
            remove_quietly(self.path)  # an earlier run's failures: not this run's
            return
        assert self._tmp is not None
        self._fh.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        """Commit what was logged if the disk lets us; never raises."""
        try:
            self.close()
        except OSError:
            if self._tmp is not None:
                remove_quietly(self._tmp)


def _account(summary: Summary, o: Outcome) -> None:
    if o.status == "written":
        summary.written += 1
        assert o.doc is not None
        st = o.doc.stats
        summary.chars_in += st["chars_in"]
        summary.chars_out += st["chars_out"]
        summary.duplicates_collapsed += st["duplicates_collapsed"]
        for rule, n in st["removed"].items():
            summary.removed_by_rule[rule] = summary.removed_by_rule.get(rule, 0) + n
    elif o.status == "dropped":
        key = o.reason or "unknown"
        counts = summary.not_pages_by_kind if key.startswith(NOT_PAGE_PREFIX) else summary.dropped_by_reason
        counts[key] = counts.get(key, 0) + 1
    else:
        key = o.reason or "unknown"
        summary.failed_by_kind[key] = summary.failed_by_kind.get(key, 0) + 1


def run_batch(
    inputs: Sequence[str],
    output: str | os.PathLike[str] | None = None,
    options: Options | None = None,
    *,
    jobs: int | None = None,
    read_config: ReadConfig | None = None,
    resume: bool = False,
    errors_path: str | os.PathLike[str] | None = None,
    summary_path: str | os.PathLike[str] | None = None,
    engine: Engine | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    progress: Callable[[Summary], None] | None = None,
    on_error: Callable[[dict[str, Any]], None] | None = None,
    on_explain: Callable[[Outcome], None] | None = None,
    explain_format: str = "text",
    stdout: BinaryIO | None = None,
    source: str | None = None,
    added: str | None = None,
    max_failures: float | None = None,
) -> Summary:
    """Clean every record of ``inputs`` into ``output`` and return the accounting.

    ``output``: a folder, a ``.jsonl[.gz|.zst]``/``.parquet`` file, ``-`` for JSONL on stdout,
    or None for clean text on stdout.
    ``timeout``: seconds one record may take before its worker is killed and it fails as
    "timeout" (None: no limit, and with ``jobs=1`` the work then runs in this process).
    ``source``: every record's ``source`` (default: the name of the input root it came from);
    ``added``: every record's ``added`` (default: now, so output then differs run to run).
    ``max_failures``: the failed share of records read above which the exit code is 1.
    Errors and the summary go beside a file/folder output unless paths are given.
    Raises :class:`cleaner.sources.InputError` for inputs that match nothing, and
    :class:`cleaner.sinks.base.OutputError` (before anything is written) for an output that
    has an unknown extension, is or holds an input, lies inside an input folder, is another
    output, cannot be created, or is being written by another run.
    Time O(total input), memory O(chunk + ids for --resume / folder names).
    """
    started = time.perf_counter()
    options = options or Options()
    config = read_config or ReadConfig(max_bytes=options.max_bytes)
    kind = output_kind(output)
    on_disk = output if is_file_output(output) else None
    keep_errors = errors_path is not None
    side: dict[str, Path] = {}
    if on_disk is not None:
        errors_path = errors_path or beside(on_disk, "errors.jsonl")
        summary_path = summary_path or beside(on_disk, "summary.json")
        side = {"settings": beside(on_disk, "run.json"), "lock": beside(on_disk, "lock")}
    named = [("-o", on_disk), ("--errors", errors_path), ("--summary", summary_path)]
    ours = [(opt, p) for opt, p in named if p is not None]
    writable = [(opt, p, opt == "-o" and kind == "folder") for opt, p in ours]
    ours += [(f"-o (its {what} file)", p) for what, p in side.items()]
    if kind == "jsonl":
        ours.append(("-o (its temporary file)", f"{output}.partial"))
    excluded = [p for _, p in ours]
    files = expand_inputs(inputs, excluded, include_globs=config.include, exclude_globs=config.exclude)
    folder = output if kind == "folder" else None
    check_outputs(ours, inputs, (f.path for f in files), folder)
    check_writable(writable)
    settings = run_settings(inputs, options, config, source)
    lock = OutputLock(side["lock"]) if side else contextlib.nullcontext()
    with lock:
        if side and resume:
            check_resume(side["settings"], settings)
        try:
            sink = open_sink(output, resume, stdout, added or now_iso())
        except OSError as exc:
            raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None
        if side:
            try:
                write_settings(side["settings"], settings)
            except OSError as exc:
                sink.abort()
                raise OutputError(f"cannot write {str(side['settings'])!r}: {exc.strerror or exc}") from None
        errors = _ErrorLog(None if errors_path is None else Path(errors_path), on_error, keep_errors)
        engine = engine or LocalEngine(jobs, timeout=timeout)
        summary = Summary(jobs=engine.jobs, inputs=list(inputs), output=None if output is None else str(output))
        summary.max_failures = max_failures
        summary.input_bytes_total = sum(f.size or 0 for f in files if f.skip is None)
        namer = FolderNamer(folder is not None, ".md" if options.format == "markdown" else ".txt")
        feed = _Feed(files, config, sink, namer, summary, resume, source)
        work = functools.partial(clean_chunk, options=options, explain=explain_format if on_explain else None)
        out_name = "stdout" if on_disk is None else str(output)
        since_flush = 0
        finished = False
        stop: tuple[str, OSError] | None = None
        try:
            for outcomes in engine.map_chunks(work, feed.chunks(), crashed):
                for o in outcomes:
                    if on_explain is not None and o.explain:
                        on_explain(o)
                    where = out_name
                    try:
                        if o.status == "written":
                            o = _write(sink, o)
                            since_flush += 1
                            if since_flush >= FLUSH_EVERY:
                                sink.flush()
                                since_flush = 0
                        _account(summary, o)
                        if o.status == "failed":
                            where = str(errors_path)
                            errors.add(o)
                    except OSError as exc:
                        if not stops_output(exc):
                            raise
                        stop = (where, exc)
                        break
                summary.elapsed_s = time.perf_counter() - started
                if progress is not None:
                    progress(summary)
                if stop is not None:
                    break
            finished = stop is None
        finally:
            if finished:
                engine.close()
            else:
                engine.abort()
        stop = _finish(sink, errors, out_name, stop)
        summary.errors_file = errors.written
        if stop is not None:
            where, cause = stop
            gone = isinstance(cause, BrokenPipeError)
            summary.stopped = READER_GONE if gone else f"{where}: {cause.strerror or cause}"
            summary.not_processed = summary.read - _accounted(summary)
        summary.elapsed_s = time.perf_counter() - started
        if summary_path is not None:
            data = jsonout.dumps(summary.to_dict(), indent=2, ensure_ascii=False) + "\n"
            try:
                atomic_write_bytes(Path(summary_path), safe_str(data).encode("utf-8"))
            except OSError as exc:
                if stop is None:
                    raise OutputError(f"cannot write {str(summary_path)!r}: {exc.strerror or exc}") from None
    return summary


def _finish(
    sink: Sink, errors: _ErrorLog, out_name: str, stop: tuple[str, OSError] | None
) -> tuple[str, OSError] | None:
    """Commit the output and the errors file, or (the output stopped) keep what can be kept;
    the first output error is returned.  An error that is not the output's own is raised."""
    if stop is None:
        try:
            sink.close()
        except OSError as exc:
            if not stops_output(exc):
                raise OutputError(f"cannot write {out_name}: {exc.strerror or exc}") from None
            stop = (out_name, exc)
    if stop is not None:
        sink.abort()
        errors.abort()
        return stop
    try:
        errors.close()
    except OSError as exc:
        errors.abort()
        return (str(errors.path), exc)
    return None


def _accounted(s: Summary) -> int:
    """Records with an outcome (the rest of ``read`` was in flight when the run stopped)."""
    return s.written + s.dropped + s.not_pages + s.failed + s.skipped_existing


def stops_output(exc: OSError) -> bool:
    """True for an error that ends the output (full disk, read-only, the pipe's reader gone)."""
    return isinstance(exc, BrokenPipeError) or exc.errno in _OUTPUT_ERRNOS


def _write(sink: Sink, o: Outcome) -> Outcome:
    """Write one document; a write error (a name clash, a symlink leading out of the output
    folder, an unencodable name) fails this record only, and the batch goes on.  An error of
    the output as a whole (:func:`stops_output`) is raised: the run stops there."""
    assert o.doc is not None
    try:
        sink.write(o.doc)
    except OSError as exc:
        if stops_output(exc):
            raise
        return Outcome("failed", o.id, o.source, o.position, "write_error", f"{type(exc).__name__}: {exc}"[:500])
    except ValueError as exc:
        return Outcome("failed", o.id, o.source, o.position, "write_error", f"{type(exc).__name__}: {exc}"[:500])
    return o
