"""What a rule is: a named function that marks blocks or spans of a Document as removed."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..model import Document
from ..options import Options


@dataclass(frozen=True, slots=True)
class Rule:
    """``apply`` marks blocks with ``Block.remove(name, reason)`` or ``Block.cut(...)``.

    ``html_only`` / ``text_only`` limit a rule to one kind of source where the evidence it
    relies on exists only there (e.g. line layout of a dump).
    """

    name: str
    apply: Callable[[Document, Options], None]
    text_only: bool = False
    html_only: bool = False


@cache
def load_data(name: str) -> dict[str, Any]:
    """Load ``cleaner/rules/data/NAME.toml`` (rule tables live in data files, not code)."""
    with resources.files("cleaner.rules").joinpath("data", f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


@cache
def load_phrases() -> dict[str, dict[str, list[str]]]:
    """Merge every ``data/phrases/*.toml`` (one per language) into {category: {key: [regex...]}}."""
    merged: dict[str, dict[str, list[str]]] = {}
    folder = resources.files("cleaner.rules").joinpath("data", "phrases")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        with entry.open("rb") as fh:
            table = tomllib.load(fh)
        for category, keys in table.items():
            if not isinstance(keys, dict):
                continue
            slot = merged.setdefault(category, {})
            for key, values in keys.items():
                slot.setdefault(key, []).extend(values)
    return merged


_LEAD = re.compile(r"^[\s«‹←<|*•·▪►▶✓✔#\-–—]+")
_TRAIL = re.compile(r"[\s:;.,!?…»›→>|*•·▪\-–—]+$")
_QUOTED = re.compile(r"“[^”]{0,2000}”|\"[^\"]{0,2000}\"|„[^“”]{0,2000}[“”]|«[^»]{0,2000}»|‘[^’]{0,2000}’(?!\w)")


def block_form(text: str) -> str:
    """The form whole-block phrases are matched against: trimmed of bullets, arrows and
    trailing punctuation, whitespace collapsed (case is handled by the regex flags)."""
    return " ".join(_TRAIL.sub("", _LEAD.sub("", text)).split())


def outside_quotes(text: str) -> str:
    """Drop quoted speech, so that a quote mentioning "subscribe" or "donate" is not an appeal."""
    return _QUOTED.sub(" ", text) if any(q in text for q in "“\"„«‘") else text


@cache
def phrase_regex(category: str, key: str) -> re.Pattern[str] | None:
    """All languages' patterns for ``category.key`` as one case-insensitive regex."""
    patterns = load_phrases().get(category, {}).get(key, [])
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def full_match(category: str, key: str, text: str) -> bool:
    rx = phrase_regex(category, key)
    return rx is not None and rx.fullmatch(block_form(text)) is not None


def search(category: str, key: str, text: str) -> re.Match[str] | None:
    rx = phrase_regex(category, key)
    return rx.search(text) if rx is not None else None


def word_count(text: str) -> int:
    return len(text.split())


def phrase_rule(name: str, category: str, reason: str, max_words: int) -> Rule:
    """A rule that removes short blocks that are, as a whole, one of the category's phrases."""

    def apply(doc: Document, options: Options) -> None:
        for block in doc.blocks:
            if block.kept and word_count(block.text) <= max_words and full_match(category, "block", block.text):
                block.remove(name, reason)

    return Rule(name, apply)
