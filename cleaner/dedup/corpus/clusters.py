"""Union-find over document positions, and the keep policy.

Roots are always the smallest position of a set, so cluster labels do not depend on the
order in which verified pairs arrive (workers may finish in any order).
"""

from __future__ import annotations

from collections.abc import Sequence

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


def keeper(members: Sequence[int], lengths: Sequence[int], policy: str) -> int:
    """The member to keep: ``first`` the first in input order; ``longest`` the one with the
    most characters, ties broken by input order.  ``members`` must be in input order.

    O(len(members))."""
    if policy == "first":
        return members[0]
    best = members[0]
    for m in members[1:]:
        if lengths[m] > lengths[best]:
            best = m
    return best
