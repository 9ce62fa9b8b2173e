"""An optional per-stage clock for the pipeline: ``benchmarks/speed.py`` reads where time goes.

The pipeline takes a ``timer`` callable (None by default) rather than a global switch, so that
an untimed run pays one ``is None`` test per stage and nothing else.  The clock is the
process's CPU time, so that a stage's figure holds on a machine other work shares.
"""

from __future__ import annotations

from collections.abc import Callable
from time import process_time

Timer = Callable[[str, float], None]  # (stage name, CPU seconds spent in it)


class Lap:
    """Report to ``timer`` the seconds since the previous lap (or creation) under a stage's name."""

    __slots__ = ("last", "timer")

    def __init__(self, timer: Timer) -> None:
        self.timer = timer
        self.last = process_time()

    def __call__(self, stage: str) -> None:
        now = process_time()
        self.timer(stage, now - self.last)
        self.last = now
