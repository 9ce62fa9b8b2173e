"""No -o: clean text to stdout, documents separated by a blank line."""

from __future__ import annotations

import sys
from typing import BinaryIO

from ..names import safe_str
from .base import Cleaned


class StdoutSink:
    """Prints each document's text; a single document prints exactly ``render_text``."""

    def __init__(self, stream: BinaryIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout.buffer
        self._count = 0

    def is_done(self, record_id: str, name: str | None) -> bool:
        return False

    def write(self, doc: Cleaned) -> None:
        if self._count:
            self.stream.write(b"\n")
        self.stream.write(safe_str(doc.text).encode("utf-8"))
        self._count += 1

    def flush(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()

    def abort(self) -> None:
        pass
