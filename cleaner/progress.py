"""Progress on stderr for terminals (tqdm), silent otherwise.

The bar moves by bytes of input read, so a single WARC or JSONL file shows a moving bar with an
ETA; the numbers beside it count records (read, per second, failed), not files.  tqdm is a
maintained library that handles terminal width, redraw rate and non-terminals for us.  Only
the display depends on the clock; nothing it does changes what the batch writes.
"""

from __future__ import annotations

import shutil
import sys
from typing import Any, TextIO

from .batch import Summary


class ProgressBar:
    """Records, records/s and failures so far; a bar and an ETA when input sizes are known."""

    def __init__(self, stream: TextIO | None = None, interval: float = 0.2) -> None:
        self.stream = stream or sys.stderr
        self.interval = interval
        self._bar: Any = None

    @staticmethod
    def enabled(stream: TextIO | None = None, quiet: bool = False) -> bool:
        stream = stream or sys.stderr
        return not quiet and hasattr(stream, "isatty") and stream.isatty()

    @staticmethod
    def postfix(s: Summary) -> str:
        """``1,234 records, 56.7 rec/s, 3 failed`` (O(1))."""
        return f"{s.read:,} records, {s.records_per_s:,.1f} rec/s, {s.failed_total:,} failed"

    def _open(self, s: Summary) -> Any:
        from tqdm import tqdm

        total = s.input_bytes_total or None
        fmt = "{percentage:3.0f}%|{bar}| {desc} [{elapsed}<{remaining}]" if total else "{desc} [{elapsed}]"
        # A terminal that reports no width (0 columns) would get no bar at all from tqdm.
        width = shutil.get_terminal_size((100, 24)).columns or 100
        return tqdm(
            total=total,
            desc=self.postfix(s),
            file=self.stream,
            unit="B",
            unit_scale=True,
            mininterval=self.interval,
            bar_format=fmt,
            ncols=width,
            leave=False,
        )

    def __call__(self, summary: Summary) -> None:
        """Update the bar with the batch's counts (O(1); redraws at most every ``interval`` s)."""
        if self._bar is None:
            self._bar = self._open(summary)
        bar = self._bar
        bar.set_description_str(self.postfix(summary), refresh=False)
        done = min(summary.input_bytes_done, bar.total or summary.input_bytes_done)
        bar.update(done - bar.n)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
