"""LSH banding: candidate pairs from band keys, without a dictionary per band.

Each band's keys are sorted once (numpy); documents with equal keys form a bucket.  A bucket
of m documents gives m - 1 pairs (each member with the bucket's first one, in input order)
instead of m(m-1)/2, so a bucket of 10,000 near-identical documents costs 10,000 pairs, not
50 million.  Star pairs are enough for clusters (union-find joins the bucket through its
first member) as long as members are verified against it; a member that fails against the
first one may still join through another band's bucket.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .minhash import U64

I64 = npt.NDArray[np.int64]


def candidate_pairs(keys: U64, ids: I64 | None = None) -> I64:
    """Unique candidate pairs ``(i, j)``, ``i < j``, as an (n, 2) int64 array sorted by (j, i).

    ``keys`` is (documents x bands); ``ids`` (default 0..n-1) names its rows.  Time
    O(bands x n log n), memory O(n + pairs)."""
    n, bands = keys.shape
    if ids is None:
        ids = np.arange(n, dtype=np.int64)
    found: list[I64] = []
    for band in range(bands):
        col = keys[:, band]
        order = np.lexsort((ids, col))  # by key, then by input position
        k = col[order]
        new = np.empty(n, dtype=bool)
        if n:
            new[0] = True
            new[1:] = k[1:] != k[:-1]
        start = np.maximum.accumulate(np.where(new, np.arange(n), 0))
        member = ~new
        if member.any():
            first = ids[order[start[member]]]
            other = ids[order[member]]
            found.append(np.stack([first, other], axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    pairs = np.unique(pairs, axis=0)
    return pairs[np.lexsort((pairs[:, 0], pairs[:, 1]))]
