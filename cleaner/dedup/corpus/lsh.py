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

from .minhash import U32

I64 = npt.NDArray[np.int64]


def bucket_pairs(ids: I64, column: U32) -> I64:
    """Star pairs ``(first, member)`` of one band: documents with equal keys share a bucket.

    Time O(n log n), memory O(n)."""
    n = len(column)
    order = np.lexsort((ids, column))  # by key, then by input position
    k = column[order]
    new = np.empty(n, dtype=bool)
    if n:
        new[0] = True
        new[1:] = k[1:] != k[:-1]
    start = np.maximum.accumulate(np.where(new, np.arange(n), 0))
    member = ~new
    return np.stack([ids[order[start[member]]], ids[order[member]]], axis=1)


def band_chunk(ids: I64, columns: list[U32]) -> list[I64]:
    """Worker side: the star pairs of each band column (one engine task per band).
    O(columns x n log n)."""
    return [bucket_pairs(ids, c) for c in columns]


def merge_pairs(found: list[I64]) -> I64:
    """Unique pairs sorted by (j, i).  O(p log p) for p pairs."""
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.unique(np.concatenate(found), axis=0)
    return pairs[np.lexsort((pairs[:, 0], pairs[:, 1]))]
