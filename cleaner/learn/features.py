"""Features of a text dump's blocks for the learned line classifier.

Evidence every page carries, whatever its wording or renderer: a block's length and shape
(sentence end, stopword share in the page's language, capitals, digits, symbols), where it
stands (position, how much prose lies before it), the run of short lines it sits in (menus,
link lists), whether the page repeats it, how close it is to the title, the same facts for two
neighbours on each side, and its words hashed into buckets (so "cookie", "Cart", "abonnieren"
are learned from the dev pages in every language they hold, not typed into a list).

One call per document: :func:`document_features` returns a dense ``float32`` matrix (blocks x
:data:`N_DENSE`) and, for the hashed words, the (row, bucket) pairs of the words present.
Time O(L) for a document of L characters; memory O(n) for n blocks (plus the pairs).
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

import numpy as np

from ..extract.language import stopwords
from ..model import Block, Kind
from ..textnorm import compare_key, ends_like_sentence

HASH_BUCKETS = 1 << 12  # hashed word and word-pair buckets
SHORT_WORDS = 4  # a block of at most this many words is "short" (menu item, label)
PROSE_WORDS = 12  # a block of at least this many words ending like a sentence is "prose"
NEIGHBOURS = (-2, -1, 1, 2)

_WORD = re.compile(r"\w+")
_SYMBOL = re.compile(r"[^\w\s]")
_SEPARATOR = re.compile(r"[|•·›»/\\–—]|\s-\s")
_LINKISH = re.compile(r"https?://|www\.|@\w+\.\w|\.(?:com|org|net|html?)\b", re.I)
_MONEY = re.compile(r"[$€£¥₹]\s?\d|\d\s?(?:[$€£¥₹]|USD|EUR|GBP|zł|kr)\b")
_LEGAL = re.compile(r"[©®™]")
_KINDS = (Kind.TITLE, Kind.HEADING, Kind.PARAGRAPH, Kind.LIST_ITEM, Kind.QUOTE, Kind.TABLE_ROW, Kind.CODE)

# Per block, before the neighbours' copies of the first four.
OWN = (
    "log_chars",
    "ends_sentence",
    "stopword_share",
    "short",
    "words",
    "ends_colon",
    "capitalised_share",
    "digit_share",
    "symbol_share",
    "upper_share",
    "mean_word_length",
    "position",
    "prose_before",
    "short_run",
    "repeats",
    "first_of_repeats",
    "title_overlap",
    "group_size",
    "lines",
    "separators",
    "linkish",
    "money",
    "legal",
    *(f"kind_{k.value}" for k in _KINDS),
    "doc_log_blocks",
    "doc_prose_share",
)
NEIGHBOUR_FEATURES = 4  # the first four of OWN, for each neighbour
FEATURE_NAMES = (*OWN, *(f"{name}@{d:+d}" for d in NEIGHBOURS for name in OWN[:NEIGHBOUR_FEATURES]))
N_DENSE = len(FEATURE_NAMES)


@lru_cache(maxsize=1 << 16)
def _bucket(token: str) -> int:
    """A stable hash bucket (crc32: the same in every process, unlike ``hash``); words recur
    from page to page, so the buckets are memoised (bounded).  O(len)."""
    return zlib.crc32(token.encode("utf-8")) % HASH_BUCKETS


def _own(text: str, kind: Kind, stops: frozenset[str]) -> tuple[list[float], list[str]]:
    """The block's own shape features (the document-level ones filled in later) and its words."""
    words = _WORD.findall(text)
    n = len(words)
    chars = max(len(text), 1)
    lower = [w.lower() for w in words]
    stop = sum(1 for w in lower if w in stops) / n if n else 0.0
    caps = sum(1 for w in words if w[0].isupper()) / n if n else 0.0
    digits = sum(map(str.isdigit, text)) / chars
    letters = sum(map(str.isalpha, text)) or 1
    upper = sum(map(str.isupper, text)) / letters
    stripped = text.rstrip()
    row = [
        math.log1p(len(text)),
        1.0 if ends_like_sentence(text) else 0.0,
        stop,
        1.0 if n <= SHORT_WORDS else 0.0,
        float(min(n, 500)),
        1.0 if stripped.endswith(":") else 0.0,
        caps,
        digits,
        len(_SYMBOL.findall(text)) / chars,
        upper,
        (sum(len(w) for w in words) / n) if n else 0.0,
    ]
    row += [0.0] * 6  # position, prose_before, short_run, repeats, first_of_repeats, title_overlap
    row += [0.0, 0.0]  # group_size, lines
    row += [
        float(len(_SEPARATOR.findall(text))),
        1.0 if _LINKISH.search(text) else 0.0,
        1.0 if _MONEY.search(text) else 0.0,
        1.0 if _LEGAL.search(text) else 0.0,
    ]
    row += [1.0 if kind is k else 0.0 for k in _KINDS]
    row += [0.0, 0.0]  # doc_log_blocks, doc_prose_share
    return row, lower


def _tokens(lower: list[str]) -> set[int]:
    """Buckets of the block's words and word pairs (each counted once).  O(words)."""
    out = {_bucket(w) for w in lower}
    out.update(_bucket(f"{a} {b}") for a, b in pairwise(lower))
    return out


# A block's own features, its lower-cased words and its buckets, by (text, kind): what stays
# the same when the same document is scored again with fewer blocks around (the line model's
# settle passes share one such memo per document).
Memo = dict[tuple[str, Kind], tuple[list[float], list[str], set[int]]]


def document_features(
    blocks: Sequence[Block], language: str | None, title: str | None, memo: Memo | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dense matrix, rows, buckets) for ``blocks`` in reading order.

    ``rows[k]``, ``buckets[k]``: block ``rows[k]`` holds hashed word ``buckets[k]``.  ``memo``
    keeps each block's own features between calls on the same document.
    O(L) time for L characters in all (what the memo holds is not recomputed); O(n + words)
    memory."""
    stops = stopwords().get(language or "", frozenset()) | stopwords().get("en", frozenset())
    n = len(blocks)
    rows: list[int] = []
    buckets: list[int] = []
    idx = {name: i for i, name in enumerate(OWN)}
    i_title, i_repeats, i_first, i_lines = idx["title_overlap"], idx["repeats"], idx["first_of_repeats"], idx["lines"]
    keys = [compare_key(b.text) for b in blocks]
    counts = Counter(keys)
    seen: set[str] = set()
    title_words = set(_WORD.findall((title or "").lower()))
    prose = [False] * n
    word_counts = [0] * n
    table: list[list[float]] = []
    memo = {} if memo is None else memo
    for i, b in enumerate(blocks):
        known = memo.get((b.text, b.kind))
        if known is None:
            first, lower = _own(b.text, b.kind, stops)
            known = memo[(b.text, b.kind)] = (first, lower, _tokens(lower))
        own, lower, toks = list(known[0]), known[1], known[2]
        word_counts[i] = len(lower)
        prose[i] = len(lower) >= PROSE_WORDS and own[1] == 1.0
        buckets.extend(toks)
        rows.extend([i] * len(toks))
        if title_words and lower:
            words = set(lower)
            own[i_title] = len(words & title_words) / len(words | title_words)
        key = keys[i]
        if key:
            own[i_repeats] = float(counts[key] - 1)
            own[i_first] = 1.0 if counts[key] > 1 and key not in seen else 0.0
        seen.add(key)
        if b.origin.line_start is not None and b.origin.line_end is not None:
            own[i_lines] = float(b.origin.line_end - b.origin.line_start + 1)
        table.append(own)
    dense = np.zeros((n, N_DENSE), dtype=np.float32)
    if n:
        dense[:, : len(OWN)] = np.asarray(table, dtype=np.float32)
    groups = Counter(b.group for b in blocks)
    prose_words = sum(w for w, p in zip(word_counts, prose, strict=True) if p) or 1
    before = 0
    run_start = 0
    short = dense[:, idx["short"]]
    for i, b in enumerate(blocks):
        dense[i, idx["position"]] = i / max(n - 1, 1)
        dense[i, idx["prose_before"]] = before / prose_words
        if prose[i]:
            before += word_counts[i]
        dense[i, idx["group_size"]] = math.log1p(groups[b.group]) if b.group is not None else 0.0
        if short[i] and (i == 0 or not short[i - 1]):
            run_start = i
        if short[i] and (i == n - 1 or not short[i + 1]):
            dense[run_start : i + 1, idx["short_run"]] = math.log1p(i + 1 - run_start)
    dense[:, idx["doc_log_blocks"]] = math.log1p(n)
    dense[:, idx["doc_prose_share"]] = sum(prose) / max(n, 1)
    col = len(OWN)
    for d in NEIGHBOURS:
        part = np.zeros((n, NEIGHBOUR_FEATURES), dtype=np.float32)
        part[:, 3] = 1.0  # beyond the document: as if a short line (the edges of a page are chrome)
        lo, hi = max(0, -d), min(n, n - d)
        if hi > lo:
            part[lo:hi] = dense[lo + d : hi + d, :NEIGHBOUR_FEATURES]
        dense[:, col : col + NEIGHBOUR_FEATURES] = part
        col += NEIGHBOUR_FEATURES
    return dense, np.asarray(rows, dtype=np.int32), np.asarray(buckets, dtype=np.int32)
