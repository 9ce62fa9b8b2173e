"""Wording pools split into disjoint dev / heldout halves by a fixed hash of each wording.

The halves live in two files, ``pools-dev.txt`` and ``pools-heldout.txt``, so that whoever tunes
the cleaner on ``dev`` can read its wordings without seeing the held-out ones, and a dev run never
loads them. Which file a wording belongs in is decided by ``split_of`` alone: add a wording to
either file, then run ``python benchmarks/dumps/pools.py`` to move every wording where its hash
says (the test suite fails while one is misplaced).

File format: ``[name]`` starts a pool; ``#`` lines are comments (those just before a pool header
are kept with that pool); every other non-empty line is one wording, verbatim (separators carry
spaces); ``xx| `` before a wording gives its language (de fr es pl it pt), untagged wordings are
English or language-free.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPLITS = ("dev", "heldout")
LANGUAGES = ("en", "de", "fr", "es", "pl", "it", "pt")
_TAG = re.compile(r"^([a-z]{2})\| ")
HEADER = """\
# Wording pools of the text-dump benchmark ({split} half), written for it, not taken from the
# cleaner's rules. Format and placement: see pools.py. Placeholders: {{site}} {{title}} {{section}}
# {{author}} {{person}} {{agency}} {{place}} {{date}} {{year}} {{y}} {{mm}} {{dd}} {{hh}} {{h}} {{mi}}
# {{ss}} {{n}} {{n4}} {{n9}} {{w}} {{hpx}} {{p1}} {{p2}} {{slug}} {{other}} (another article's title)
# {{domain}} {{theme}}. A dump's chrome is in English or in one other language (with some English).
"""


@dataclass(frozen=True)
class Wording:
    """One wording of a pool and its language ("en" for English or language-free)."""

    text: str
    lang: str = "en"

    def line(self) -> str:
        """The wording as a line of a pools file. O(len(text))."""
        return self.text if self.lang == "en" else f"{self.lang}| {self.text}"


def split_of(key: str) -> str:
    """The split a wording or page id belongs to: a fixed hash, so it never moves. O(len(key))."""
    return SPLITS[hashlib.sha1(key.encode("utf-8")).digest()[0] & 1]


def pools_file(split: str) -> Path:
    """The file holding ``split``'s half of every pool. O(1)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: expected one of {SPLITS}")
    return HERE / f"pools-{split}.txt"


def read_pools(path: Path) -> tuple[dict[str, list[Wording]], dict[str, list[str]]]:
    """The pools of one file in file order, and the comment lines just before each pool header.

    Time and memory O(file size).
    """
    pools: dict[str, list[Wording]] = {}
    notes: dict[str, list[str]] = {}
    current: list[Wording] | None = None
    comments: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line:
            continue
        if line.startswith("#"):
            comments.append(line)
            continue
        if line.startswith("[") and line.endswith("]") and " " not in line:
            current = pools.setdefault(line[1:-1], [])
            if comments and not comments[0].startswith("# Wording pools of"):
                notes.setdefault(line[1:-1], comments)
            comments = []
            continue
        if current is None:
            raise ValueError(f"{path}: wording before any [pool] header: {line!r}")
        m = _TAG.match(line)
        wording = Wording(line[m.end() :], m.group(1)) if m else Wording(line)
        if wording.lang not in LANGUAGES:
            raise ValueError(f"{path}: unknown language tag in {line!r}")
        if wording not in current:
            current.append(wording)
    return pools, notes


def pools_for(split: str) -> dict[str, list[Wording]]:
    """``split``'s half of every pool, read from its own file only. O(file size)."""
    pools, _ = read_pools(pools_file(split))
    for name, words in pools.items():
        if not words:
            raise ValueError(f"pool [{name}] has no {split} wording: add more wordings")
    return pools


def load_pools() -> dict[str, list[Wording]]:
    """Both halves of every pool (tests and ``redistribute`` only). O(size of both files)."""
    merged: dict[str, list[Wording]] = {}
    for split in SPLITS:
        for name, words in read_pools(pools_file(split))[0].items():
            merged.setdefault(name, []).extend(w for w in words if w not in merged.get(name, []))
    return merged


def misplaced() -> list[tuple[str, str, Wording]]:
    """(file split, pool, wording) for every wording in the file its hash does not name. O(size)."""
    out = []
    for split in SPLITS:
        for name, words in read_pools(pools_file(split))[0].items():
            out.extend((split, name, w) for w in words if split_of(w.text) != split)
    return out


def redistribute() -> int:
    """Rewrite both files with every wording in the half its hash names; pool order and the
    comments before each pool are kept. Returns the number of wordings moved. O(size of both)."""
    moved = len(misplaced())
    order: dict[str, list[Wording]] = {}
    notes: dict[str, list[str]] = {}
    for split in SPLITS:
        pools, split_notes = read_pools(pools_file(split))
        for name, words in pools.items():
            order.setdefault(name, []).extend(w for w in words if w not in order.get(name, []))
            notes.setdefault(name, split_notes.get(name, []))
    for split in SPLITS:
        parts = [HEADER.format(split=split)]
        for name, words in order.items():
            block = [*notes.get(name, []), f"[{name}]", *(w.line() for w in words if split_of(w.text) == split)]
            parts.append("\n".join(block) + "\n")
        tmp = pools_file(split).with_suffix(".tmp")
        tmp.write_text("\n".join(parts), encoding="utf-8")
        tmp.replace(pools_file(split))
    return moved


if __name__ == "__main__":
    n = redistribute()
    print(f"{n} wording(s) moved; {pools_file('dev').name} and {pools_file('heldout').name} rewritten")
    sys.exit(0)
