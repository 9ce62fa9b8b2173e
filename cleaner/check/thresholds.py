"""When a check fails: the share of documents with counted findings, and rules that fail on sight.

A finding is counted when its rule is sure of it; a guess (a header, a page end, a short
repeated line) is counted only with ``strict``, or when its rule is one of ``fail_on``.

Settings come from the ``[check]`` table of the config file (see :mod:`cleaner.config`) and
from the command line, which overrides the file key by key.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .findings import Finding, known_rules

CONFIG_KEYS = ("max_residue", "fail_on", "ignore", "strict")


class ThresholdError(ValueError):
    """A bad setting (unknown key or rule, a rate outside [0, 1]): a usage error, exit 2."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """``max_residue``: the largest share of documents (0 to 1) that may have findings;
    ``fail_on``: rules whose any finding fails the check whatever the share;
    ``ignore``: rules whose findings are not reported nor counted;
    ``strict``: guesses count too (else they are reported, not counted)."""

    max_residue: float = 0.0
    fail_on: frozenset[str] = field(default_factory=frozenset)
    ignore: frozenset[str] = field(default_factory=frozenset)
    strict: bool = False

    def counts(self, f: Finding) -> bool:
        """Whether finding ``f`` (not ignored) counts toward the verdict: a sure one always, a
        guess under ``strict`` or when its rule is named in ``fail_on``.  O(1)."""
        return f.sure or self.strict or f.rule in self.fail_on

    @classmethod
    def from_settings(
        cls,
        table: Mapping[str, Any],
        *,
        max_residue: float | None = None,
        fail_on: str | None = None,
        ignore: str | None = None,
        strict: bool | None = None,
        where: str = "[check]",
    ) -> Thresholds:
        """The config ``table`` with command-line values (not None) laid over it.

        Raises :class:`ThresholdError` for unknown keys, unknown rule names and bad values.
        O(keys + rules)."""
        unknown = sorted(set(table) - set(CONFIG_KEYS))
        if unknown:
            raise ThresholdError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(CONFIG_KEYS)})")
        rate = max_residue if max_residue is not None else table.get("max_residue", 0.0)
        if isinstance(rate, bool) or not isinstance(rate, int | float) or math.isnan(rate) or not 0 <= rate <= 1:
            raise ThresholdError(f"{where}: max_residue must be a share between 0 and 1, not {rate!r}")
        fails = _rules(fail_on if fail_on is not None else table.get("fail_on", ()), "fail_on", where)
        ignored = _rules(ignore if ignore is not None else table.get("ignore", ()), "ignore", where)
        both = sorted(fails & ignored)
        if both:
            raise ThresholdError(f"rule(s) both ignored and failed on: {', '.join(both)}")
        all_count = strict if strict is not None else table.get("strict", False)
        if not isinstance(all_count, bool):
            raise ThresholdError(f"{where}: strict must be true or false, not {all_count!r}")
        return cls(float(rate), fails, ignored, all_count)

    def verdict(self, documents: int, with_findings: int, counts: Mapping[str, int]) -> tuple[bool, str]:
        """(passed, why) for a run: the share of documents with counted findings must not exceed
        ``max_residue`` and no ``fail_on`` rule may have fired.  O(rules)."""
        rate = with_findings / documents if documents else 0.0
        fired = sorted(r for r in self.fail_on if counts.get(r))
        if fired:
            return False, f"fail-on rule(s) fired: {', '.join(fired)}"
        if rate > self.max_residue:
            return False, f"{rate:.1%} of documents have findings, more than the {self.max_residue:.1%} allowed"
        return True, f"{rate:.1%} of documents have findings, within the {self.max_residue:.1%} allowed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "max_residue": self.max_residue,
            "fail_on": sorted(self.fail_on),
            "ignore": sorted(self.ignore),
            "strict": self.strict,
        }


def _rules(value: str | Iterable[str] | Any, key: str, where: str) -> frozenset[str]:
    """Rule names from a comma-separated string or a list, each checked against the known
    names (a typo must not silently disable a gate).  O(names + rules)."""
    if isinstance(value, str):
        names = [v.strip() for v in value.split(",") if v.strip()]
    elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        names = [v.strip() for v in value if v.strip()]
    else:
        raise ThresholdError(f"{where}: {key} must be a list of rule names or a comma-separated string")
    known = known_rules()
    bad = [n for n in names if n not in known]
    if bad:
        raise ThresholdError(f"{key}: unknown rule(s) {', '.join(bad)} (known: {', '.join(known)})")
    return frozenset(names)
