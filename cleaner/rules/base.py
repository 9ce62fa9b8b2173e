"""What a rule is: a named function that marks blocks or spans of a Document as removed."""

from __future__ import annotations

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
