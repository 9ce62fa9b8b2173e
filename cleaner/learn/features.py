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
from itertools import pairwise
from typing import NamedTuple

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
# Each opens with a look-ahead for the characters its alternatives start with: the same
# matches, but ``re`` tries the alternatives only there (a third less time over a page).
_LINKISH = re.compile(r"(?=[hw@.])(?:https?://|www\.|@\w+\.\w|\.(?:com|org|net|html?)\b)", re.I)
_MONEY = re.compile(r"(?=[$€£¥₹\d])(?:[$€£¥₹]\s?\d|\d\s?(?:[$€£¥₹]|USD|EUR|GBP|zł|kr)\b)")
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


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` (the distinct values, sorted) by a sort and a comparison of
    neighbours: numpy's hashing unique costs four times as much on a document's few thousand
    word buckets.  O(k log k)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    new = np.empty(len(ordered), dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return ordered[new]


def _distinct_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(values, return_index=True, return_inverse=True)``: the distinct values
    (sorted), the index of each one's first occurrence, and each value's index among them;
    by a stable sort, as :func:`_distinct`.  O(k log k)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    new = np.ones(len(ordered), dtype=bool)
    if len(ordered) > 1:
        np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], order[new], inverse


_COL = {name: i for i, name in enumerate(OWN)}
_KIND_COL = {k: _COL[f"kind_{k.value}"] for k in _KINDS}
# Per character: is it a digit, a letter, an upper-case letter, a symbol (str.isdigit,
# str.isalpha, str.isupper, _SYMBOL: exactly what a per-character count would ask).
_CHAR_TESTS = (str.isdigit, str.isalpha, str.isupper, lambda c: _SYMBOL.match(c) is not None)


def _char_bits(c: str) -> int:
    """Bit k set when ``_CHAR_TESTS[k]`` holds for the character ``c``."""
    return sum(1 << k for k, test in enumerate(_CHAR_TESTS) if test(c))


_ASCII_BITS = np.array([_char_bits(chr(c)) for c in range(128)] + [0], dtype=np.uint8)  # [128]: not ASCII
# Between blocks when their texts are searched as one string: no pattern here can match it or
# match across it, and \b after a block's last character sees a non-word, as at its end.
_JOIN = "\x00"


class _Own(NamedTuple):
    """What a block's text and kind alone decide (with the document's language and title)."""

    row: np.ndarray  # float32, one per OWN column, the context columns left at 0 except title_overlap
    words: int
    prose: bool  # PROSE_WORDS or more, ending like a sentence
    key: str  # compare_key: repeats are counted on it
    buckets: np.ndarray  # int32, its distinct word and word-pair buckets, sorted


# A block's own features by (text, kind): what stays the same when the same document is
# scored again with fewer blocks around (the line model's settle passes share one memo per
# document: one language and one title).
Memo = dict[tuple[str, Kind], _Own]


def _segments(values: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Sums of consecutive runs of ``values`` of the given ``lengths`` (empty runs give 0).  O(len)."""
    total = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(values, out=total[1:])
    ends = np.cumsum(lengths)
    return total[ends] - total[ends - lengths]


def _char_counts(texts: list[str], lengths: np.ndarray) -> np.ndarray:
    """(blocks x 4) counts of digits, letters, upper-case letters and symbols: one pass over
    the code points with numpy; each distinct non-ASCII character is asked once.  O(L)."""
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bits = _ASCII_BITS[np.minimum(codes, 128)]
    other = np.flatnonzero(codes >= 128)
    if len(other):
        distinct, _, inverse = _distinct_inverse(codes[other])
        bits[other] = np.array([_char_bits(chr(c)) for c in distinct.tolist()], dtype=np.uint8)[inverse]
    return np.stack([_segments((bits >> k) & 1, lengths) for k in range(len(_CHAR_TESTS))], axis=1)


def _match_counts(pattern: re.Pattern[str], texts: list[str], joined: str | None) -> np.ndarray:
    """How many times ``pattern`` matches in each text: one scan of the joined texts (a
    match never spans :data:`_JOIN`), or one per text when a text holds that character."""
    if joined is None:
        return np.array([len(pattern.findall(t)) for t in texts], dtype=np.int64)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    where = np.array([m.start() for m in pattern.finditer(joined)], dtype=np.int64)
    return np.bincount(np.searchsorted(starts, where, side="right") - 1, minlength=len(texts))


def _own_batch(keys: list[tuple[str, Kind]], stops: frozenset[str], title_words: set[str]) -> list[_Own]:
    """The own features of blocks not seen before in this document, computed together: one
    regex scan per pattern, per-character classes with numpy, and each distinct word's
    lower case, stopword test and bucket once; per-block sums over the words by segment.
    O(L) for L characters (plus a sort of the words and word pairs)."""
    texts = [t for t, _ in keys]
    m = len(texts)
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    word_lists = [_WORD.findall(t) for t in texts]
    nwords = np.array([len(w) for w in word_lists], dtype=np.int64)
    index: dict[str, int] = {}
    ids = np.array([index.setdefault(w, len(index)) for ws in word_lists for w in ws], dtype=np.int64)
    distinct = list(index)
    lower_index: dict[str, int] = {}
    lower_of = np.array([lower_index.setdefault(w.lower(), len(lower_index)) for w in distinct], dtype=np.int64)
    lowers = list(lower_index)
    n_lower = max(len(lowers), 1)
    lid = lower_of[ids] if len(ids) else ids
    block_of = np.repeat(np.arange(m, dtype=np.int64), nwords)

    stop_l = np.array([w in stops for w in lowers], dtype=bool)
    caps_d = np.array([w[0].isupper() for w in distinct], dtype=bool)
    len_d = np.array([len(w) for w in distinct], dtype=np.int64)
    # Hashed buckets (crc32: the same in every process, unlike ``hash``) of the words, and
    # for their pairs, crc32 of "a " to continue from.
    encoded = [w.encode("utf-8") for w in lowers]
    crcs = [zlib.crc32(e) for e in encoded]
    bucket_l = np.array([c % HASH_BUCKETS for c in crcs], dtype=np.int64)
    stop_n = _segments(stop_l[lid], nwords) if len(ids) else np.zeros(m, np.int64)
    caps_n = _segments(caps_d[ids], nwords) if len(ids) else np.zeros(m, np.int64)
    len_n = _segments(len_d[ids], nwords) if len(ids) else np.zeros(m, np.int64)

    # Word pairs: consecutive words of one block, each distinct pair hashed once (crc32 of
    # "a b" continued from crc32 of "a ").
    same = block_of[:-1] == block_of[1:]
    pair_code = lid[:-1][same] * n_lower + lid[1:][same]
    pairs, _, inverse = _distinct_inverse(pair_code)
    prefix = [zlib.crc32(b" ", c) for c in crcs]
    firsts, seconds = divmod(pairs, n_lower)  # as Python ints: numpy scalars index lists slowly
    pair_bucket = np.array(
        [
            zlib.crc32(encoded[b], prefix[a]) % HASH_BUCKETS
            for a, b in zip(firsts.tolist(), seconds.tolist(), strict=True)
        ],
        dtype=np.int64,
    )[inverse.ravel()]
    owned = _distinct(
        np.concatenate([block_of * HASH_BUCKETS + bucket_l[lid], block_of[:-1][same] * HASH_BUCKETS + pair_bucket])
    )
    # Each block's run of the sorted pairs, sliced by hand: np.split costs a few microseconds
    # per piece in Python.
    bounds = np.searchsorted(owned // HASH_BUCKETS, np.arange(m + 1)).tolist()
    owned_buckets = (owned % HASH_BUCKETS).astype(np.int32)
    bucket_sets = [owned_buckets[a:b] for a, b in pairwise(bounds)]

    table = np.zeros((m, len(OWN)), dtype=np.float64)
    if title_words and len(ids):
        in_title = np.array([w in title_words for w in lowers], dtype=bool)
        cells = _distinct(block_of * n_lower + lid)
        cell_block, cell_word = divmod(cells, n_lower)
        distinct_n = np.bincount(cell_block, minlength=m)
        shared = np.bincount(cell_block[in_title[cell_word]], minlength=m)
        union = np.maximum(distinct_n + len(title_words) - shared, 1)
        table[:, _COL["title_overlap"]] = np.where(nwords > 0, shared / union, 0.0)

    chars = np.maximum(lengths, 1)
    digits, letters, upper, symbols = _char_counts(texts, lengths).T
    joined = None if any(_JOIN in t for t in texts) else _JOIN.join(texts)
    per_word = np.maximum(nwords, 1)
    ends = np.array([ends_like_sentence(t) for t in texts], dtype=bool)
    table[:, _COL["log_chars"]] = [math.log1p(n) for n in lengths.tolist()]
    table[:, _COL["ends_sentence"]] = ends
    table[:, _COL["stopword_share"]] = stop_n / per_word
    table[:, _COL["short"]] = nwords <= SHORT_WORDS
    table[:, _COL["words"]] = np.minimum(nwords, 500)
    table[:, _COL["ends_colon"]] = [t.rstrip().endswith(":") for t in texts]
    table[:, _COL["capitalised_share"]] = caps_n / per_word
    table[:, _COL["digit_share"]] = digits / chars
    table[:, _COL["symbol_share"]] = symbols / chars
    table[:, _COL["upper_share"]] = upper / np.maximum(letters, 1)
    table[:, _COL["mean_word_length"]] = len_n / per_word
    table[:, _COL["separators"]] = _match_counts(_SEPARATOR, texts, joined)
    table[:, _COL["linkish"]] = _match_counts(_LINKISH, texts, joined) > 0
    numeric = digits > 0  # every alternative of _MONEY holds a digit
    table[numeric, _COL["money"]] = (
        _match_counts(
            _MONEY,
            [t for t, d in zip(texts, numeric, strict=True) if d],
            None if joined is None else _JOIN.join(t for t, d in zip(texts, numeric, strict=True) if d),
        )
        > 0
    )
    table[:, _COL["legal"]] = _match_counts(_LEGAL, texts, joined) > 0
    for i, (_, kind) in enumerate(keys):
        if kind in _KIND_COL:
            table[i, _KIND_COL[kind]] = 1.0
    rows = table.astype(np.float32)
    prose = (nwords >= PROSE_WORDS) & ends
    return [
        _Own(row, words, is_prose, compare_key(text), buckets)
        for row, words, is_prose, text, buckets in zip(
            rows, nwords.tolist(), prose.tolist(), texts, bucket_sets, strict=True
        )
    ]


def set_kind(dense: np.ndarray, row: int, kind: Kind) -> None:
    """Make ``row`` of a :func:`document_features` matrix that of a block of ``kind``: a
    block's kind is read by its own kind columns and nothing else (its neighbours see its
    text's features), so a step that retypes a block (a line taken for the title) changes
    only these.  O(1)."""
    for col in _KIND_COL.values():
        dense[row, col] = 0.0
    if kind in _KIND_COL:
        dense[row, _KIND_COL[kind]] = 1.0


_LOG1P: list[float] = [math.log1p(k) for k in range(1024)]


def _log1p(k: int) -> float:
    """math.log1p of a count (a table for the usual ones)."""
    return _LOG1P[k] if k < len(_LOG1P) else math.log1p(k)


def document_features(
    blocks: Sequence[Block], language: str | None, title: str | None, memo: Memo | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dense matrix, rows, buckets) for ``blocks`` in reading order.

    ``rows[k]``, ``buckets[k]``: block ``rows[k]`` holds hashed word ``buckets[k]`` (each pair
    once, in no particular order).  ``memo`` keeps each block's own features between calls on
    the same document (same language and title).  The blocks the memo lacks are computed in
    one batch (:func:`_own_batch`); what depends on the other blocks (position, repeats, runs,
    prose before, groups, neighbours) is computed with array operations over the document.
    O(L) time for L characters in all (what the memo holds is not recomputed); O(n + words)
    memory."""
    stops = stopwords().get(language or "", frozenset()) | stopwords().get("en", frozenset())
    memo = {} if memo is None else memo
    todo = list(dict.fromkeys(k for k in ((b.text, b.kind) for b in blocks) if k not in memo))
    if todo:
        title_words = set(_WORD.findall((title or "").lower()))
        memo.update(zip(todo, _own_batch(todo, stops, title_words), strict=True))
    n = len(blocks)
    dense = np.zeros((n, N_DENSE), dtype=np.float32)
    if not n:
        return dense, np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32)
    own = [memo[(b.text, b.kind)] for b in blocks]
    dense[:, : len(OWN)] = np.stack([e.row for e in own])

    key_ids: dict[str, int] = {}
    ids = np.array([key_ids.setdefault(e.key, len(key_ids)) for e in own], dtype=np.int64)
    counts = np.bincount(ids)[ids]
    first = np.zeros(n, dtype=bool)
    first[_distinct_inverse(ids)[1]] = True
    keyed = np.array([bool(e.key) for e in own], dtype=bool)
    dense[:, _COL["repeats"]] = np.where(keyed, counts - 1, 0)
    dense[:, _COL["first_of_repeats"]] = keyed & (counts > 1) & first
    dense[:, _COL["lines"]] = [
        b.origin.line_end - b.origin.line_start + 1
        if b.origin.line_start is not None and b.origin.line_end is not None
        else 0
        for b in blocks
    ]
    dense[:, _COL["position"]] = np.arange(n) / max(n - 1, 1)
    prose = np.array([e.prose for e in own], dtype=bool)
    prose_counts = np.where(prose, [e.words for e in own], 0)
    dense[:, _COL["prose_before"]] = (np.cumsum(prose_counts) - prose_counts) / (int(prose_counts.sum()) or 1)
    groups = Counter(b.group for b in blocks)
    dense[:, _COL["group_size"]] = [_log1p(groups[b.group]) if b.group is not None else 0.0 for b in blocks]
    short = dense[:, _COL["short"]] != 0
    edges = np.diff(np.concatenate([[0], short.astype(np.int8), [0]]))
    run_lengths = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    dense[short, _COL["short_run"]] = np.repeat([_log1p(k) for k in run_lengths.tolist()], run_lengths)
    dense[:, _COL["doc_log_blocks"]] = math.log1p(n)
    dense[:, _COL["doc_prose_share"]] = int(prose.sum()) / n
    col = len(OWN)
    for d in NEIGHBOURS:
        part = np.zeros((n, NEIGHBOUR_FEATURES), dtype=np.float32)
        part[:, 3] = 1.0  # beyond the document: as if a short line (the edges of a page are chrome)
        lo, hi = max(0, -d), min(n, n - d)
        if hi > lo:
            part[lo:hi] = dense[lo + d : hi + d, :NEIGHBOUR_FEATURES]
        dense[:, col : col + NEIGHBOUR_FEATURES] = part
        col += NEIGHBOUR_FEATURES
    rows = np.repeat(np.arange(n, dtype=np.int32), [len(e.buckets) for e in own])
    return dense, rows, np.concatenate([e.buckets for e in own]).astype(np.int32)
