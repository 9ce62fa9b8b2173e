"""Options for one cleaning run: every threshold is named, documented and overridable."""

from __future__ import annotations

from dataclasses import dataclass, field


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
        names of rules to skip (see ``cleaner.rules.RULE_NAMES``).
    max_bytes
        inputs larger than this fail with a clear reason instead of being parsed.
    title
        print the title as the text's first line; False gives the body alone (JSONL and
        Parquet keep the ``title`` field either way).
    """

    dedup: bool = True
    dedup_ratio: float = 90.0
    excerpt_ratio: float = 90.0
    min_dedup_chars: int = 20
    min_excerpt_chars: int = 40
    keep_captions: bool = False
    disabled_rules: frozenset[str] = field(default_factory=frozenset)
    max_bytes: int = 20_000_000
    title: bool = True
