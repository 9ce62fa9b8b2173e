"""Load the pruning patterns and stopword density factors from ``cleaner/extract/data``
(the stopword lists themselves: :mod:`cleaner.extract.language`)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

try:  # Python 3.11+
    import re._parser as sre_parse
    from re._constants import LITERAL
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]
    from sre_constants import LITERAL  # type: ignore[no-redef,attr-defined]


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Literal anchors of the class/id regexes, to find which pattern groups a name may match.

    Every pattern needs some literal run (``navigation`` in ``\\snavigation``).  Anchors are
    indexed by their first three characters and looked up with the name's trigrams; only the
    groups whose anchors occur in the name are searched with their regexes, which costs a few
    microseconds where searching the alternation of all patterns costs tens.
    """

    by_gram: dict[str, tuple[tuple[str, frozenset[int]], ...]]  # first 3 chars -> (anchor, groups)
    short: tuple[tuple[str, frozenset[int]], ...]  # anchors of one or two characters
    unanchored: frozenset[int]  # groups with a pattern without any literal run: always searched

    @classmethod
    def of(cls, groups: list[list[str]]) -> NameIndex:
        owners: dict[str, set[int]] = {}
        unanchored: set[int] = set()
        for gid, regexes in enumerate(groups):
            for r in regexes:
                a = literal_anchor(r.lower())
                if a:
                    owners.setdefault(a, set()).add(gid)
                else:
                    unanchored.add(gid)
        by_gram: dict[str, list[tuple[str, frozenset[int]]]] = {}
        for a, gids in sorted(owners.items()):
            if len(a) >= 3:
                by_gram.setdefault(a[:3], []).append((a, frozenset(gids)))
        return cls(
            by_gram={g: tuple(v) for g, v in by_gram.items()},
            short=tuple((a, frozenset(g)) for a, g in sorted(owners.items()) if len(a) < 3),
            unanchored=frozenset(unanchored),
        )

    def groups(self, probe: str) -> set[int]:
        """Ids of the groups ``probe`` may match (a superset of those it does match).

        One dict lookup per position, and an anchor is tested only where its first three
        characters stand (building the set of the probe's trigrams first cost twice as much:
        this runs once per class/id token never seen before, a few hundred per page)."""
        hit = set(self.unanchored)
        for a, gids in self.short:
            if a in probe:
                hit |= gids
        get = self.by_gram.get
        for i in range(len(probe) - 2):
            entries = get(probe[i : i + 3])
            if entries is not None:
                for a, gids in entries:
                    if probe.startswith(a, i):
                        hit |= gids
        return hit


def literal_anchor(regex: str) -> str:
    """The longest run of literal characters every match of ``regex`` contains ("" if none)."""
    best = cur = ""
    for op, av in sre_parse.parse(regex).data:
        if op is LITERAL:
            cur += chr(av)
        else:
            best, cur = max(best, cur, key=len), ""
    return max(best, cur, key=len)


@dataclass(frozen=True, slots=True)
class PrunePatterns:
    drop_tags: frozenset[str]
    drop_roles: frozenset[str]
    categories: tuple[tuple[str, re.Pattern[str]], ...]
    keep: re.Pattern[str]
    caption: re.Pattern[str]
    embedded_post: re.Pattern[str]  # searched only on boxes already pruned as embeds/share
    index: NameIndex  # groups: the categories in order, then keep, then caption


def _data(name: str):
    return resources.files("cleaner.extract").joinpath("data", name)


def _alternation(regexes: list[str]) -> re.Pattern[str]:
    # Class keys are lower-cased before matching; re.IGNORECASE would make the large
    # alternations about six times slower.
    return re.compile("|".join(f"(?:{r.lower()})" for r in regexes))


@cache
def prune_patterns() -> PrunePatterns:
    with _data("prune.toml").open("rb") as fh:
        table = tomllib.load(fh)
    cats = tuple((name, _alternation(list(regexes))) for name, regexes in table["patterns"].items())
    return PrunePatterns(
        drop_tags=frozenset(table["tags"]["drop"]),
        drop_roles=frozenset(table["roles"]["drop"]),
        categories=cats,
        keep=_alternation(table["keep"]["patterns"]),
        caption=_alternation(table["caption"]["patterns"]),
        embedded_post=_alternation(table["embedded_post"]["patterns"]),
        index=NameIndex.of(
            [list(r) for r in table["patterns"].values()] + [table["keep"]["patterns"], table["caption"]["patterns"]]
        ),
    )


@cache
def density_factors() -> dict[str, float]:
    """{language: share of prose its stopword list covers, relative to English}."""
    with _data("stopwords").joinpath("density.toml").open("rb") as fh:
        table = tomllib.load(fh)
    return {k: float(v) for k, v in table["factor"].items()}
