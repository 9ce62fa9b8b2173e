"""A baseline of known findings, as linters keep one: adopt the gate on a corpus as it is, fail
only on what is new, and see how many known findings were fixed since (to ratchet it down).

A finding is known by its fingerprint (:attr:`Finding.fingerprint`: path as given, record id,
rule, digest of its normalised text), never by its line, so edits elsewhere in a document do
not make old findings new.  The baseline counts each fingerprint: a third copy of a paragraph
known to be repeated once more is a new finding.

The file is JSON, version :data:`VERSION`, entries sorted, written atomically; anything else
(bad JSON, another version, a malformed entry) is a :class:`BaselineError`, a usage error.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from .. import jsonout
from ..sinks.base import atomic_write_bytes
from .findings import Finding

VERSION = 1
_FIELDS = ("path", "record", "rule", "digest", "count")

Key = tuple[str, str, str, str]


class BaselineError(ValueError):
    """A baseline file that cannot be read or written: a usage error (exit 2)."""


class Baseline:
    """Known findings by fingerprint, with how often each was seen in this run.

    ``suppress(f)`` is True for a known finding (up to its count); :attr:`stale` counts the
    known findings that did not come back.  Recording (:meth:`recording`) knows every finding:
    the run then writes what it saw with :meth:`write`.  Memory O(distinct fingerprints)."""

    def __init__(self, known: Counter[Key] | None, examples: dict[Key, str] | None = None) -> None:
        self.known = known  # None: recording, every finding is known
        self.seen: Counter[Key] = Counter()
        self.examples: dict[Key, str] = examples or {}

    @classmethod
    def recording(cls) -> Baseline:
        return cls(None)

    def suppress(self, f: Finding) -> bool:
        """Count ``f`` as seen; True when the baseline knows this many of its fingerprint.  O(1)."""
        key = f.fingerprint
        self.seen[key] += 1
        if self.known is None:
            self.examples.setdefault(key, f.text)
            return True
        return self.seen[key] <= self.known.get(key, 0)

    @property
    def stale(self) -> int:
        """Known findings not found again (fixed since the baseline was written).  O(entries)."""
        if self.known is None:
            return 0
        return sum(max(0, n - self.seen.get(key, 0)) for key, n in self.known.items())

    def write(self, path: Path) -> int:
        """Write the findings seen as a baseline file, atomically; returns its entries.

        Deterministic: entries sorted by fingerprint, keys sorted.  O(entries log entries)."""
        entries = [
            {
                "path": key[0],
                "record": key[1] or None,
                "rule": key[2],
                "digest": key[3],
                "count": n,
                "text": self.examples.get(key, ""),
            }
            for key, n in sorted(self.seen.items())
        ]
        body = {"version": VERSION, "tool": "cleaner check", "findings": entries}
        data = jsonout.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        try:
            atomic_write_bytes(path, data.encode("utf-8"))
        except OSError as exc:
            raise BaselineError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
        return len(entries)


def read_baseline(path: Path) -> Baseline:
    """The baseline in ``path``; :class:`BaselineError` saying what is wrong with it.  O(size)."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"baseline {path} is not valid JSON: {exc}") from None
    if not isinstance(body, dict) or "version" not in body:
        raise BaselineError(f"baseline {path}: not a cleaner check baseline (no version)")
    if body["version"] != VERSION:
        raise BaselineError(
            f"baseline {path}: version {body['version']!r} is not supported (this cleaner reads version {VERSION});"
            " write it again with --write-baseline"
        )
    entries = body.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"baseline {path}: 'findings' must be a list")
    known: Counter[Key] = Counter()
    for i, entry in enumerate(entries):
        known[_key(entry, f"baseline {path}: entry {i + 1}")] += entry["count"]
    return Baseline(known)


def _key(entry: Any, where: str) -> Key:
    """The fingerprint of one baseline entry, its fields checked.  O(1)."""
    if not isinstance(entry, dict):
        raise BaselineError(f"{where} is not an object")
    missing = [k for k in _FIELDS if k not in entry]
    if missing:
        raise BaselineError(f"{where} lacks {', '.join(missing)}")
    record = entry["record"]
    strings = all(isinstance(entry[k], str) for k in ("path", "rule", "digest"))
    count = entry["count"]
    if not strings or not (record is None or isinstance(record, str)):
        raise BaselineError(f"{where}: path, rule and digest must be strings, record a string or null")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise BaselineError(f"{where}: count must be a whole number of at least 1, not {count!r}")
    return (entry["path"], record or "", entry["rule"], entry["digest"])
