"""A one-line progress display on stderr for terminals; silent otherwise.

Only the display depends on the clock; nothing it does changes what the batch writes.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from .batch import Summary

_BAR = 24


def _fmt_duration(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class ProgressBar:
    """Records, records/s, failures so far and, when input sizes are known, a bar and an ETA."""

    def __init__(self, stream: TextIO | None = None, interval: float = 0.2) -> None:
        self.stream = stream or sys.stderr
        self.interval = interval
        self._last = 0.0
        self._shown = False

    @staticmethod
    def enabled(stream: TextIO | None = None, quiet: bool = False) -> bool:
        stream = stream or sys.stderr
        return not quiet and hasattr(stream, "isatty") and stream.isatty()

    def line(self, s: Summary) -> str:
        parts = [f"{s.read:,} records", f"{s.records_per_s:,.1f}/s", f"{s.failed_total:,} failed"]
        if s.input_bytes_total and s.input_bytes_done:
            frac = min(1.0, s.input_bytes_done / s.input_bytes_total)
            filled = int(frac * _BAR)
            bar = "[" + "#" * filled + "-" * (_BAR - filled) + f"] {frac:4.0%}"
            eta = s.elapsed_s * (1 - frac) / frac if frac > 0 else 0.0
            parts = [bar, *parts, f"ETA {_fmt_duration(eta)}"]
        return "  ".join(parts)

    def __call__(self, summary: Summary) -> None:
        now = time.monotonic()
        if now - self._last < self.interval:
            return
        self._last = now
        self.stream.write("\r\x1b[K" + self.line(summary))
        self.stream.flush()
        self._shown = True

    def finish(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
