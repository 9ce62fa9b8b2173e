"""What a run was asked to do, kept beside its output so ``--resume`` continues the same run.

``--resume`` skips the ids already in the output.  After a run on other inputs it would merge
two corpora under one summary, and after a run with other options (``--min-chars``, disabled
rules, fields) it would keep records the new settings would not have written.  So every run
on a file or folder output records its inputs and settings in ``OUT.run.json``, and a resume
whose inputs or settings differ is refused (a usage error naming each difference).
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import jsonout
from .base import OutputError, atomic_write_bytes

STDIN = "-"


def _plain(value: Any) -> Any:
    return sorted(value) if isinstance(value, set | frozenset) else value


def run_settings(inputs: Sequence[str], options: Any, read_config: Any, source: str | None) -> dict[str, Any]:
    """The inputs (absolute paths; ``-`` for stdin) and every setting that decides what is
    written, as plain JSON values.  O(inputs + settings)."""
    settings = {
        "inputs": [a if a == STDIN else os.path.abspath(a) for a in inputs],
        "options": {k: _plain(v) for k, v in dataclasses.asdict(options).items()},
        "read": {k: _plain(v) for k, v in dataclasses.asdict(read_config).items()},
        "source": source,
    }
    loaded: dict[str, Any] = json.loads(jsonout.dumps(settings, default=str))
    return loaded


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """``name: old -> new`` for each setting both runs recorded that differs (a setting only one
    side knows, from another cleaner version, is not a difference).  O(settings)."""
    out: list[str] = []
    for section, value in new.items():
        if section not in old:
            continue
        before = old[section]
        if isinstance(before, dict) and isinstance(value, dict):
            out += [f"{k}: {before[k]!r} -> {v!r}" for k, v in value.items() if k in before and before[k] != v]
        elif before != value:
            out.append(f"{section}: {before!r} -> {value!r}")
    return out


def check_resume(path: Path, settings: dict[str, Any]) -> None:
    """OutputError if the run that wrote this output had other inputs or settings (no record:
    an output of an older version, resumed as before).  O(size of the record)."""
    try:
        old = json.loads(path.read_bytes())
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        raise OutputError(f"--resume: cannot read {str(path)!r} ({exc}); move it away to resume anyway") from None
    diffs = differences(old, settings) if isinstance(old, dict) else ["the record is not a JSON object"]
    if diffs:
        raise OutputError(
            "--resume: the output was written with other inputs or settings ("
            + "; ".join(diffs)[:2000]
            + "); give the same ones, or run without --resume to start over"
        )


def write_settings(path: Path, settings: dict[str, Any]) -> None:
    """Record ``settings`` at ``path`` (atomically).  O(size)."""
    atomic_write_bytes(path, (jsonout.dumps(settings, indent=2) + "\n").encode("ascii"))  # \u escapes: any file name
