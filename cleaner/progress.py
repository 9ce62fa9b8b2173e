"""Progress on stderr for terminals (tqdm), silent otherwise.

The bar moves by bytes of input read, so a single WARC or JSONL file shows a moving bar with an
ETA; the numbers beside it count records (read, per second, failed), not files.  tqdm is a
maintained library that handles terminal width, redraw rate and non-terminals for us.  Only
the display depends on the clock; nothing it does changes what the batch writes.

``cleaner clean`` feeds the bar its batch summary; the other long commands (check, report,
dedup) feed it a :class:`Tally`, through :func:`cleaner.records.read_records` when they read
with the sources.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO


class Counts(Protocol):
    """What the bar shows (the batch's Summary has these, and so has :class:`Tally`).
    ``input_bytes_total`` 0: no bar, counts only; it may be any unit the done count shares."""

    read: int
    input_bytes_total: int
    input_bytes_done: int

    @property
    def records_per_s(self) -> float: ...

    @property
    def failed(self) -> int: ...


@dataclass
class Tally:
    """Counts for a command other than ``clean``; ``stage`` names a pass (dedup reads its input
    three times)."""

    read: int = 0
    failed: int = 0
    input_bytes_total: int = 0
    input_bytes_done: int = 0
    stage: str = ""
    started: float = field(default_factory=time.monotonic)
    skipped_files: dict[str, int] = field(default_factory=dict)  # files of input folders that are not inputs

    @property
    def records_per_s(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.read / elapsed if elapsed > 0 else 0.0


def _screen(stream: TextIO) -> tuple[int, int]:
    """(columns, rows) of the terminal ``stream`` writes to; 100 x 24 for what it does not
    report (a terminal of 0 x 0, as some CI runners and containers give).  O(1)."""
    try:
        cols, rows = os.get_terminal_size(stream.fileno())
    except (AttributeError, OSError, ValueError):
        cols, rows = 0, 0
    return cols or 100, rows or 24


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
    def postfix(s: Counts) -> str:
        """``1,234 records, 56.7 rec/s, 3 failed`` (O(1)), after the stage if there is one."""
        stage = getattr(s, "stage", "")
        counts = f"{s.read:,} records, {s.records_per_s:,.1f} rec/s, {s.failed:,} failed"
        return f"{stage}: {counts}" if stage else counts

    def _open(self, s: Counts) -> Any:
        from tqdm import tqdm

        total = s.input_bytes_total or None
        fmt = "{percentage:3.0f}%|{bar}| {desc} [{elapsed}<{remaining}]" if total else "{desc} [{elapsed}]"
        # A terminal that reports no size (0 x 0) would get no bar at all from tqdm.
        width, rows = _screen(self.stream)
        return tqdm(
            total=total,
            desc=self.postfix(s),
            file=self.stream,
            unit="B",
            unit_scale=True,
            mininterval=self.interval,
            bar_format=fmt,
            ncols=width,
            nrows=rows,
            leave=False,
        )

    def __call__(self, summary: Counts) -> None:
        """Update the bar with the counts (O(1); redraws at most every ``interval`` s); a new
        total (the next pass of a command) starts a new bar."""
        if self._bar is not None and self._bar.total != (summary.input_bytes_total or None):
            self.finish()
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


def bar_for(quiet: bool = False) -> ProgressBar | None:
    """A bar on stderr when it is a terminal and not ``quiet``, else None.  O(1)."""
    return ProgressBar() if ProgressBar.enabled(quiet=quiet) else None
