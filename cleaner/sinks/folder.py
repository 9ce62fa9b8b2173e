"""Folder output: one NAME.txt per document, each written atomically.

A run killed at any moment leaves complete files (and maybe a ``.cleaner-tmp-*`` file, which
the next run removes), so ``--resume`` can trust that an existing NAME.txt is finished.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..names import safe_str
from .base import Cleaned, OutputError, atomic_write_bytes
from .naming import Confined, inside


class FolderSink:
    """Writes ``root/NAME.txt``; names come from the batch (see :mod:`cleaner.sinks.naming`)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        if self.root.exists() and not self.root.is_dir():
            msg = f"{str(self.root)!r} exists and is not a folder (file outputs end in .jsonl, .jsonl.gz or .parquet)"
            raise OutputError(msg)
        self.root.mkdir(parents=True, exist_ok=True)
        self._remove_stale_temps()
        self._names = Confined(self.root)

    def _remove_stale_temps(self) -> None:
        for dirpath, _dirs, files in os.walk(self.root):
            for f in files:
                if f.startswith(".cleaner-tmp-"):
                    try:
                        os.unlink(os.path.join(dirpath, f))
                    except OSError:
                        pass

    def is_done(self, record_id: str, name: str | None) -> bool:
        """True if NAME.txt is there; a name that leads out of the folder is not done (its
        write then fails as that record's write_error, with or without --resume)."""
        if name is None:
            return False
        try:
            return inside(self.root, name).is_file()
        except (OSError, ValueError):
            return False

    def write(self, doc: Cleaned) -> None:
        if doc.name is None:
            raise ValueError(f"no output name for {doc.id!r}")
        atomic_write_bytes(self._names.path(doc.name), safe_str(doc.text).encode("utf-8"))

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass
