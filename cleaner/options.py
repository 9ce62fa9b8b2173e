"""Options for one cleaning run: every threshold is named, documented and overridable."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

# The per-record size cap (bytes): the one default for Options, the readers and the CLI.
DEFAULT_MAX_BYTES = 20_000_000


@cache
def step_names() -> tuple[str, ...]:
    """The names ``disabled_rules`` takes: the entries of the rule catalogue, one per step
    (``cleaner/rules/data/catalog.toml``; tests/test_catalog.py holds them equal to the rules).
    Read as data: options sits below the rules in the import layers (ARCHITECTURE.md) and
    imports none of them.  O(catalogue) once."""
    with (Path(__file__).parent / "rules" / "data" / "catalog.toml").open("rb") as fh:
        return tuple(tomllib.load(fh))


@dataclass(frozen=True, slots=True)
class Options:
    """Knobs of the pipeline.  Defaults are what the fixtures and the benchmarks were tuned on.

    dedup_ratio
        rapidfuzz ``fuzz.ratio`` (0-100) at or above which two paragraphs are the same
        paragraph (copies with a typo, curly vs straight quotes, a changed word).
    excerpt_ratio
        ``fuzz.ratio`` between a shorter paragraph and the same-length opening of a longer
        one at or above which the shorter one is a truncated excerpt of the longer.
    min_dedup_chars
        paragraphs whose comparison key is shorter than this are only dropped when they are
        exact repeats of a long-enough block (short table cells and list items repeat legally).
    min_excerpt_chars
        an excerpt must have at least this many characters to be matched against a prefix.
    keep_captions
        keep figure captions and alt-text instead of removing them.
    disabled_rules
        names of rules to skip (see :func:`step_names`).
    max_bytes
        inputs larger than this fail with a clear reason instead of being parsed.
    title
        print the title as the text's first line; False gives the body alone (JSONL and
        Parquet keep the ``title`` field either way).
    min_chars
        a document whose kept text is shorter than this is dropped (counted as ``too_short``
        in the batch summary's ``dropped_by_reason``); 0 keeps everything non-empty.
    line_model
        the text path's line classifier: None for the shipped model, or the path of one
        trained on your own pages (``benchmarks/train_lines.py``).

    Values are checked when an ``Options`` is made: a ratio outside 0-100, a negative count or
    an unknown rule name raises ``ValueError`` naming the field.
    """

    dedup: bool = True
    dedup_ratio: float = 90.0
    excerpt_ratio: float = 90.0
    min_dedup_chars: int = 20
    min_excerpt_chars: int = 40
    keep_captions: bool = False
    disabled_rules: frozenset[str] = field(default_factory=frozenset)
    max_bytes: int = DEFAULT_MAX_BYTES
    title: bool = True
    min_chars: int = 0
    line_model: str | None = None

    def __post_init__(self) -> None:
        """Check every value (O(number of disabled rules))."""
        for name in ("dedup", "keep_captions", "title"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"Options.{name} must be true or false, not {getattr(self, name)!r}")
        for name in ("dedup_ratio", "excerpt_ratio"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
                raise ValueError(f"Options.{name} must be a number from 0 to 100, not {value!r}")
        for name in ("min_dedup_chars", "min_excerpt_chars", "min_chars"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"Options.{name} must be a whole number >= 0, not {value!r}")
        if self.line_model is not None and not isinstance(self.line_model, str):
            raise ValueError(f"Options.line_model must be a file path, not {self.line_model!r}")
        if isinstance(self.max_bytes, bool) or not isinstance(self.max_bytes, int) or self.max_bytes <= 0:
            raise ValueError(f"Options.max_bytes must be a whole number > 0, not {self.max_bytes!r}")
        rules = self.disabled_rules
        if isinstance(rules, str) or not isinstance(rules, Iterable):
            raise ValueError(f"Options.disabled_rules must be a list of rule names, not {rules!r}")
        rules = frozenset(rules)
        object.__setattr__(self, "disabled_rules", rules)
        unknown = sorted(str(r) for r in rules - set(step_names()))
        if unknown:
            raise ValueError(f"unknown rule {', '.join(map(repr, unknown))} (rules: {', '.join(step_names())})")

    @classmethod
    def from_table(cls, table: dict[str, Any], where: str = "config") -> Options:
        """Options from a config table (``disable_rules = [...]``, ``dedup_ratio = 95``...).

        Unknown keys raise ``ValueError`` naming the key.  O(keys)."""
        names = set(cls.__dataclass_fields__) - {"disabled_rules"}
        kwargs: dict[str, Any] = {}
        for key, value in table.items():
            if key == "disable_rules":
                kwargs["disabled_rules"] = value
            elif key in names:
                kwargs[key] = value
            else:
                raise ValueError(f"{where}: unknown setting {key!r}")
        return cls(**kwargs)
