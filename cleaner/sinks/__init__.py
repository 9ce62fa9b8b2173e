"""Sinks: where cleaned documents go, chosen from ``-o`` (routing and output naming live here).

``-o`` is a folder (one NAME.txt per document), ``FILE.jsonl`` / ``.jsonl.gz`` / ``.jsonl.zst``,
``FILE.parquet``, or ``-`` for JSONL on stdout; no ``-o`` prints the clean text.  Any other
file extension is a usage error, so ``-o out.json`` never quietly becomes a folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import BinaryIO

from .base import OutputError, Sink

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", ".ndjson.gz", ".ndjson.zst")
FILE_SUFFIXES = (*JSONL_SUFFIXES, ".parquet")
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,7}$")
STDOUT_JSONL = "-"

__all__ = ["FILE_SUFFIXES", "JSONL_SUFFIXES", "OutputError", "Sink", "beside", "open_sink", "output_kind"]


def output_kind(output: str | os.PathLike[str] | None) -> str:
    """ "text" (no -o), "stdout_jsonl" (``-``), "jsonl", "parquet" or "folder"; OutputError for a
    file name with any other extension (an existing folder is always a folder).  O(len(path))."""
    if output is None:
        return "text"
    name = str(output)
    if not name.strip():
        raise OutputError(f"-o {name!r}: an empty output name; give a folder or a file name")
    if name == STDOUT_JSONL:
        return "stdout_jsonl"
    lower = name.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(".parquet"):
        return "parquet"
    if not os.path.isdir(name) and _EXTENSION.search(Path(name).name):
        raise OutputError(
            f"-o {name!r}: unknown output type; use a folder, FILE.jsonl, FILE.jsonl.gz, FILE.jsonl.zst,"
            " FILE.parquet, or - for JSONL on stdout"
        )
    return "folder"


def is_file_output(output: str | os.PathLike[str] | None) -> bool:
    """True when ``output`` is written to disk (the cases that get errors/summary files beside)."""
    return output_kind(output) in ("jsonl", "parquet", "folder")


def beside(output: str | os.PathLike[str], what: str) -> Path:
    """``out.jsonl.gz`` -> ``out.jsonl.gz.WHAT``, ``clean/`` -> ``clean.WHAT``: the files beside an
    output (summary, errors, lock, run settings) are named after its whole name, so ``s.jsonl``
    and ``s.parquet`` never share one.  ``-o .`` is named after the folder's own name; the root
    folder has none (OutputError).  O(len)."""
    p = Path(output)
    if p.name in ("", ".", ".."):
        p = Path(os.path.abspath(output))
    if not p.name:
        raise OutputError(f"-o {str(output)!r}: the files beside the output (summary, errors) have no folder to go in")
    return p.with_name(f"{p.name}.{what}")


def open_sink(
    output: str | os.PathLike[str] | None,
    resume: bool,
    stdout: BinaryIO | None = None,
    added: str | None = None,
) -> Sink:
    """The sink for ``output`` (see :func:`output_kind`); ``added`` stamps every record."""
    kind = output_kind(output)
    if kind == "text":
        from .stdout import StdoutSink

        return StdoutSink(stdout)
    from .jsonl import JsonlSink, JsonlStdoutSink

    if kind == "stdout_jsonl":
        return JsonlStdoutSink(stdout, added)
    assert output is not None
    if kind == "jsonl":
        return JsonlSink(output, resume=resume, added=added)
    if kind == "parquet":
        from .parquet import ParquetSink

        return ParquetSink(output, resume=resume, added=added)
    from .folder import FolderSink

    return FolderSink(output)
