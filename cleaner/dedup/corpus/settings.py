"""Near-duplicate settings and their defaults (chosen by ``benchmarks/neardup.py``, see README).

Defaults, measured on the planted-copy corpus of ``benchmarks/neardup_corpus.py`` (sweep:
shingles 2/3/5, 128 in 32 or 16 bands, 112 in 14, thresholds 0.25-0.35): word 3-gram
shingles; a 128-value signature in 32 bands of 4 (LSH threshold about (1/32)^(1/4) = 0.42:
a pair at Jaccard 0.4 meets in some band with probability 0.56, at 0.5 with 0.87, at 0.6
with 0.99); verification keeps a pair whose exact shingle Jaccard is at least 0.3 (planted
copies: 99.5% above 0.42; hard negatives: all below 0.25).  16 bands lose a fifth of the
recall; 2-gram shingles do as well but make longer candidate lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .clusters import KEEP_POLICIES


class SettingsError(ValueError):
    """Inconsistent settings (a usage error)."""


# Bounds of the MinHash settings.  Beyond them nothing is gained and memory or time run away:
# the signatures take documents x permutations x 4 bytes per chunk and the band keys
# documents x bands x 4 bytes for the whole run; a shingle loop runs once per word of it.
MAX_SHINGLE = 32
MAX_PERMUTATIONS = 1024


@dataclass(frozen=True, slots=True)
class Settings:
    """How documents are compared: ``shingle`` 1-32 words, ``permutations`` 1-1024,
    ``bands`` dividing ``permutations``, ``threshold`` in (0, 1]."""

    shingle: int = 3
    permutations: int = 128
    bands: int = 32
    threshold: float = 0.3
    keep: str = "longest"

    def __post_init__(self) -> None:
        """Reject inconsistent settings up front.  O(1)."""
        for name, top in (("shingle", MAX_SHINGLE), ("permutations", MAX_PERMUTATIONS), ("bands", MAX_PERMUTATIONS)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
                raise SettingsError(f"{name} must be a whole number from 1 to {top}, not {value!r}")
        if self.permutations % self.bands:
            raise SettingsError(f"bands ({self.bands}) must divide permutations ({self.permutations})")
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int | float):
            raise SettingsError(f"the verification threshold must be a number, not {self.threshold!r}")
        if not 0.0 < self.threshold <= 1.0:
            raise SettingsError("the verification threshold must be in (0, 1]")
        if self.keep not in KEEP_POLICIES:
            raise SettingsError(f"keep must be one of {', '.join(KEEP_POLICIES)}")

    @property
    def rows(self) -> int:
        """Signature values per band.  O(1)."""
        return self.permutations // self.bands


_TYPES: dict[str, type | tuple[type, ...]] = {
    "shingle": int,
    "permutations": int,
    "bands": int,
    "threshold": (int, float),
    "keep": str,
}


def settings_from(table: dict[str, Any], given: dict[str, Any]) -> Settings:
    """Settings from a config ``[dedup]`` table, overridden by the options ``given`` on the
    command line; unknown keys and wrong types are a :class:`SettingsError`.  O(keys)."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        kind = _TYPES.get(key)
        if kind is None:
            raise SettingsError(f"[dedup] {key}: unknown setting (known: {', '.join(_TYPES)})")
        if not isinstance(value, kind) or isinstance(value, bool):
            raise SettingsError(f"[dedup] {key}: {value!r} is not a {getattr(kind, '__name__', 'number')}")
        values[key] = value
    values.update(given)
    return Settings(**values)
