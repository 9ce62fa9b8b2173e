"""Near-duplicate settings and their defaults (chosen by ``benchmarks/neardup.py``, see README).

Defaults, measured on the planted-copy corpus of ``benchmarks/neardup_corpus.py``:
word 3-gram shingles; 128 permutations in 32 bands of 4 rows (LSH threshold about
(1/32)^(1/4) = 0.42, so pairs at Jaccard 0.3 already have a 1 in 4 chance to meet);
verification keeps a pair whose exact shingle Jaccard is at least 0.3.
"""

from __future__ import annotations

from dataclasses import dataclass

from .clusters import KEEP_POLICIES


class SettingsError(ValueError):
    """Inconsistent settings (a usage error)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """How documents are compared.  ``bands`` must divide ``permutations``."""

    shingle: int = 3
    permutations: int = 128
    bands: int = 32
    threshold: float = 0.3
    keep: str = "longest"

    def __post_init__(self) -> None:
        if self.shingle < 1:
            raise SettingsError("shingle size must be at least 1")
        if self.permutations < 1 or self.bands < 1 or self.permutations % self.bands:
            raise SettingsError(f"bands ({self.bands}) must divide permutations ({self.permutations})")
        if not 0.0 < self.threshold <= 1.0:
            raise SettingsError("the verification threshold must be in (0, 1]")
        if self.keep not in KEEP_POLICIES:
            raise SettingsError(f"keep must be one of {', '.join(KEEP_POLICIES)}")

    @property
    def rows(self) -> int:
        return self.permutations // self.bands
