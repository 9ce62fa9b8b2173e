"""Union-find over document positions, and the keep policy.

Roots are always the smallest position of a set, so cluster labels do not depend on the
order in which verified pairs arrive (workers may finish in any order).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

KEEP_POLICIES = ("longest", "first")


class UnionFind:
    """Disjoint sets over 0..n-1 with path halving; the root of a set is its smallest member.

    Memory O(n) (one Python list of ints, ~36 bytes per document); find and union are
    amortised near O(1)."""

    __slots__ = ("parent",)

    def __init__(self, n: int) -> None:
        """n singletons.  O(n)."""
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        """The root of ``x``'s set (path halving).  Amortised O(alpha(n))."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> int:
        """Join the sets of ``a`` and ``b`` under the smaller root; returns it.  Amortised O(alpha(n))."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        lo, hi = (ra, rb) if ra < rb else (rb, ra)
        self.parent[hi] = lo
        return lo


def keepers(root: npt.NDArray[np.int64], length: npt.NDArray[np.int64], policy: str) -> npt.NDArray[np.int64]:
    """Per position, the kept member of its cluster (``root``: each position's cluster root,
    the cluster's first member): ``first`` the root; ``longest`` the member with the most
    characters, ties broken by input order.  O(n log n)."""
    if policy == "first":
        return root.copy()
    n = len(root)
    pos = np.arange(n, dtype=np.int64)
    order = np.lexsort((pos, -length, root))  # per cluster: longest first, then earliest
    r = root[order]
    head = np.ones(n, dtype=bool)
    head[1:] = r[1:] != r[:-1]
    best = np.empty(n, dtype=np.int64)
    best[r[head]] = order[head]
    return best[root]
