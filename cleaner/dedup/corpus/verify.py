"""Verification of a candidate pair on its exact shingle sets.

MinHash only estimates Jaccard similarity (with a spread of about 0.05 at 128 permutations);
candidates are found at a deliberately low threshold and then measured exactly here, so
precision does not depend on the estimate.
"""

from __future__ import annotations

import numpy as np

from .minhash import U64


def shingle_set(shingles: U64) -> U64:
    """The sorted distinct shingle hashes.  O(n log n)."""
    return np.unique(shingles)


def overlap(a: U64, b: U64) -> int:
    """Shared distinct shingles of two sorted sets.  O(len(a) + len(b))."""
    if len(a) == 0 or len(b) == 0:
        return 0
    return int(np.intersect1d(a, b, assume_unique=True).size)


def scores(a: U64, b: U64) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger) of two shingle sets.

    O(len(a) + len(b))."""
    shared = overlap(a, b)
    union = len(a) + len(b) - shared
    small = min(len(a), len(b))
    return (shared / union if union else 1.0), (shared / small if small else 1.0)
