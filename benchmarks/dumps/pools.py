"""Wording pools (``pools.txt``) split into disjoint dev / heldout halves by a fixed hash."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

POOLS_FILE = Path(__file__).with_name("pools.txt")
SPLITS = ("dev", "heldout")
LANGUAGES = ("en", "de", "fr", "es", "pl", "it", "pt")
_TAG = re.compile(r"^([a-z]{2})\| ")


@dataclass(frozen=True)
class Wording:
    """One wording of a pool and its language ("en" for English or language-free)."""

    text: str
    lang: str = "en"


def split_of(key: str) -> str:
    """The split a wording or page id belongs to: a fixed hash, so it never moves. O(len(key))."""
    return SPLITS[hashlib.sha1(key.encode("utf-8")).digest()[0] & 1]


def load_pools(path: Path = POOLS_FILE) -> dict[str, list[Wording]]:
    """Every pool of ``path`` in file order; text kept verbatim (separators carry spaces).

    Time and memory O(file size).
    """
    pools: dict[str, list[Wording]] = {}
    current: list[Wording] | None = None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]") and " " not in line:
            current = pools.setdefault(line[1:-1], [])
            continue
        if current is None:
            raise ValueError(f"{path}: wording before any [pool] header: {line!r}")
        m = _TAG.match(line)
        wording = Wording(line[m.end() :], m.group(1)) if m else Wording(line)
        if wording.lang not in LANGUAGES:
            raise ValueError(f"{path}: unknown language tag in {line!r}")
        if wording not in current:
            current.append(wording)
    return pools


def pools_for(split: str, path: Path = POOLS_FILE) -> dict[str, list[Wording]]:
    """The half of every pool that belongs to ``split`` (hash of the text). O(file size)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: expected one of {SPLITS}")
    out = {}
    for name, words in load_pools(path).items():
        half = [w for w in words if split_of(w.text) == split]
        if not half:
            raise ValueError(f"pool [{name}] has no {split} wording: add more wordings")
        out[name] = half
    return out
