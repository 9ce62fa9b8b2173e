"""Load the pruning patterns and stopword lists from ``cleaner/extract/data``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class PrunePatterns:
    drop_tags: frozenset[str]
    drop_roles: frozenset[str]
    categories: tuple[tuple[str, re.Pattern[str]], ...]
    any_category: re.Pattern[str]
    keep: re.Pattern[str]
    caption: re.Pattern[str]


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
    every = [r for regexes in table["patterns"].values() for r in regexes]
    return PrunePatterns(
        drop_tags=frozenset(table["tags"]["drop"]),
        drop_roles=frozenset(table["roles"]["drop"]),
        categories=cats,
        any_category=_alternation(every),
        keep=_alternation(table["keep"]["patterns"]),
        caption=_alternation(table["caption"]["patterns"]),
    )


@cache
def stopwords() -> dict[str, frozenset[str]]:
    """{language code: stopwords}, one list per ``data/stopwords/<lang>.txt``."""
    out: dict[str, frozenset[str]] = {}
    for entry in _data("stopwords").iterdir():
        if entry.name.endswith(".txt"):
            words = entry.read_text(encoding="utf-8").split()
            out[entry.name[:-4]] = frozenset(w.lower() for w in words if not w.startswith("#"))
    return out


@cache
def stopword_index() -> dict[str, tuple[str, ...]]:
    """{word: languages it is a stopword of}, to guess a page's language in one pass."""
    index: dict[str, list[str]] = {}
    for lang, words in sorted(stopwords().items()):
        for w in words:
            index.setdefault(w, []).append(lang)
    return {w: tuple(langs) for w, langs in index.items()}


@cache
def density_factors() -> dict[str, float]:
    """{language: share of prose its stopword list covers, relative to English}."""
    with _data("stopwords").joinpath("density.toml").open("rb") as fh:
        table = tomllib.load(fh)
    return {k: float(v) for k, v in table["factor"].items()}
