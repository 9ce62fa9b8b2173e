"""``cleaner dedup`` on files: read the corpus (twice, streaming), run, write the kept
documents, the clusters file, the errors file and the summary, each atomically.

Every input record ends up in exactly one summary count: kept, exact duplicate, near
duplicate, or failed (with its reason in the errors file).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ... import jsonout
from ...engines.base import Engine
from ...options import DEFAULT_MAX_BYTES
from ...sinks import beside as sinks_beside
from ...sinks.base import atomic_write_bytes, create_temp, create_temp_dir, dumps_line
from .io import CorpusError, Entry, Writer, read_entries
from .run import Result, run
from .settings import Settings

T = TypeVar("T")


@dataclass
class DedupSummary:
    """The accounting of a run: ``read == kept + exact + near + failed``."""

    read: int = 0
    kept: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    clusters_with_duplicates: int = 0
    pairs_verified: int = 0
    pairs_joined: int = 0
    errors_file: str | None = None

    @property
    def failed(self) -> int:
        """Records that could not be used.  O(failure kinds)."""
        return sum(self.failures.values())

    def to_dict(self, settings: Settings) -> dict[str, Any]:
        """The JSON summary.  O(failure kinds)."""
        return {
            "read": self.read,
            "kept": self.kept,
            "exact_duplicates": self.exact_duplicates,
            "near_duplicates": self.near_duplicates,
            "failed": self.failed,
            "failures": dict(sorted(self.failures.items())),
            "clusters_with_duplicates": self.clusters_with_duplicates,
            "pairs_verified": self.pairs_verified,
            "pairs_joined": self.pairs_joined,
            "errors_file": self.errors_file,
            "settings": {
                "shingle": settings.shingle,
                "permutations": settings.permutations,
                "bands": settings.bands,
                "threshold": settings.threshold,
                "keep": settings.keep,
            },
        }

    def line(self) -> str:
        """The one-line summary for stderr.  O(failure kinds)."""
        text = (
            f"{self.read} read: {self.kept} kept, {self.exact_duplicates} exact duplicates, "
            f"{self.near_duplicates} near duplicates, {self.failed} failed"
        )
        if self.failures:
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(self.failures.items()))
            text += f" ({reasons}" + (f"; see {self.errors_file})" if self.errors_file else ")")
        return text


def beside(output: str, what: str) -> Path:
    """``out.jsonl`` -> ``out.jsonl.WHAT`` (a folder ``out/`` -> ``out.WHAT``): named after the whole
    output name, as ``cleaner clean`` names its side files.  O(len(output))."""
    return sinks_beside(output.rstrip("/") or output, what)


def check_paths(inputs: list[str], outputs: list[str]) -> None:
    """Inputs exist, are not stdin, and no output is an input.  O(inputs x outputs)."""
    for path in inputs:
        if path == "-":
            raise CorpusError("dedup reads its input twice: stdin ('-') cannot be used, save it to a file first")
        if not os.path.exists(path):
            raise CorpusError(f"no such input: {path}")
    real = {os.path.realpath(p) for p in inputs}
    for out in outputs:
        if os.path.realpath(out) in real:
            raise CorpusError(f"output {out} is also an input")


def good(entries: Iterator[Entry]) -> Iterator[tuple[str, str]]:
    """(id, text) of the usable entries, in order.  O(1) memory."""
    for e in entries:
        if e.error is None and e.id is not None and e.text is not None:
            yield e.id, e.text


class _Partial:
    """A file written through a fresh temporary file (never an existing name), renamed on commit."""

    def __init__(self, path: str) -> None:
        """Create the temporary file beside ``path``.  O(1)."""
        self.path = Path(path)
        self.fh, self.tmp = create_temp(self.path)

    def commit(self) -> None:
        """Close and rename over the final name.  O(1)."""
        self.fh.close()
        os.replace(self.tmp, self.path)


Progress = Callable[[str, int], None]  # (stage, records read in it so far)
STAGES = ("sketching", "verifying", "writing")  # the three reads of a run


def _counted(items: Iterable[T], stage: str, progress: Progress | None) -> Iterator[T]:
    """``items``, telling ``progress`` how many were read in ``stage``.  O(1) per item."""
    if progress is None:
        yield from items
        return
    for n, item in enumerate(items, 1):
        progress(stage, n)
        yield item


def dedup_files(
    inputs: list[str],
    output: str | None,
    settings: Settings,
    engine: Engine,
    *,
    clusters_path: str | None = None,
    errors_path: str | None = None,
    summary_path: str | None = None,
    id_field: str = "id",
    text_field: str = "text",
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> tuple[DedupSummary, Result]:
    """Run corpus dedup over ``inputs`` and write what was asked.

    Time O(input x 3 reads + sketching + verification); memory as :func:`run.run` plus one
    output record (and a Parquet batch)."""
    if output is not None:
        errors_path = errors_path or str(beside(output, "errors.jsonl"))
        summary_path = summary_path or str(beside(output, "summary.json"))
    named = [p for p in (output, clusters_path, errors_path, summary_path) if p is not None]
    check_paths(inputs, named)

    passes = iter(STAGES)

    def reopen() -> Iterator[tuple[str, str]]:
        """A fresh read of the usable records (the next stage for ``progress``).  O(1) memory."""
        return _counted(good(read_entries(inputs, id_field, text_field, max_bytes)), next(passes, ""), progress)

    result = run(reopen, settings, engine)
    s = DedupSummary(pairs_verified=result.pairs_verified, pairs_joined=result.pairs_joined, errors_file=errors_path)
    dup = result.keep != range(len(result))
    s.clusters_with_duplicates = len(set(result.root[dup].tolist()))
    writer = Writer(output) if output is not None else None
    clusters = _Partial(clusters_path) if clusters_path is not None else None
    errors = _Partial(errors_path) if errors_path is not None else None
    pos = 0
    entries = _counted(read_entries(inputs, id_field, text_field, max_bytes), STAGES[-1], progress)
    for index, e in enumerate(entries):
        s.read += 1
        if e.error is not None or e.id is None or e.text is None:
            kind, message = e.error or ("bad_record", "no id or text")
            s.failures[kind] += 1
            if errors is not None:
                errors.fh.write(
                    dumps_line(
                        {"source": e.source, "position": e.position, "id": e.id, "kind": kind, "message": message}
                    )
                )
            continue
        if pos >= len(result) or result.sketches.ids[pos] != e.id:
            raise CorpusError("the input changed while it was being read (a second read differs from the first)")
        m = result.match(pos)
        pos += 1
        if m.duplicate_of is None:
            s.kept += 1
            if writer is not None:
                writer.write(e, index)
        elif result.exact[m.position]:
            s.exact_duplicates += 1
        else:
            s.near_duplicates += 1
        if clusters is not None:
            sim = None if m.similarity is None else round(m.similarity, 4)
            clusters.fh.write(
                dumps_line({"id": m.id, "cluster": m.cluster, "duplicate_of": m.duplicate_of, "similarity": sim})
            )
    if writer is not None:
        writer.close()
    for f in (clusters, errors):
        if f is not None:
            f.commit()
    if summary_path is not None:
        data = jsonout.dumps(s.to_dict(settings), indent=2, sort_keys=True) + "\n"
        atomic_write_bytes(Path(summary_path), data.encode("utf-8"))
    return s, result


def dedup_in_place(output: str, settings: Settings, engine: Engine) -> DedupSummary:
    """``cleaner clean --corpus-dedup``: dedup a finished clean output (JSONL, Parquet or a
    folder) and replace it with its kept documents; the clusters, errors and summary go beside
    it as ``NAME.clusters.jsonl``, ``NAME.dedup-errors.jsonl``, ``NAME.dedup-summary.json``.

    Time and memory as :func:`dedup_files`; the replacement is one rename (a folder: remove
    then rename)."""
    import shutil

    out = Path(output.rstrip("/"))
    work = create_temp_dir(out)  # a fresh folder: the kept documents get out's own name in it
    tmp = work / out.name
    try:
        summary, _ = dedup_files(
            [str(out)],
            str(tmp),
            settings,
            engine,
            clusters_path=str(beside(str(out), "clusters.jsonl")),
            errors_path=str(beside(str(out), "dedup-errors.jsonl")),
            summary_path=str(beside(str(out), "dedup-summary.json")),
        )
        if tmp.is_dir():
            shutil.rmtree(out)
        os.replace(tmp, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return summary
