"""Shingle hashes and MinHash signatures, vectorised with numpy.

Why numpy rather than datasketch: datasketch hashes every shingle (SHA-1) and applies every
permutation to it, O(shingles x permutations) per document.  Here:

* words are found and hashed on the text's code points as arrays (a word-character table,
  then a polynomial hash per word from prefix sums), so there is no Python loop per word;
* shingles are combined from word hashes with a few array operations;
* the signature is a one-permutation MinHash with rotation densification (Li, Owen & Zhang
  2012; Shrivastava & Li 2014): each shingle hash picks one of ``permutations`` bins with its
  top bits and competes for that bin's minimum with its low bits, O(shingles) per document.
  Two documents agree on a bin with probability about their Jaccard similarity, like the
  classic k-permutation MinHash, and verification measures pairs exactly anyway.

Everything uses wrapping uint64 arithmetic with fixed constants, so signatures are identical
in every process, on every machine and whatever the batch boundaries.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]

_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_GOLD = np.uint64(0x9E3779B97F4A7C15)
_BASE = np.uint64(0x100000001B3)  # odd: invertible modulo 2**64
_EMPTY = np.uint32(0xFFFFFFFF)


def _mix(x: U64) -> U64:
    """splitmix64 finaliser, in place on a fresh array.  O(len(x))."""
    x ^= x >> np.uint64(30)
    x *= _MIX1
    x ^= x >> np.uint64(27)
    x *= _MIX2
    x ^= x >> np.uint64(31)
    return x


@functools.cache
def _word_table() -> npt.NDArray[np.bool_]:
    """Word characters of the Basic Multilingual Plane (letters, marks, digits, '_'), the
    same set ``re``'s ``\\w`` approximates; code points above it count as word characters.
    Built once per process, O(65,536)."""
    return np.array([unicodedata.category(chr(c))[0] in "LMN" or c == 0x5F for c in range(0x10000)], dtype=bool)


class _Powers:
    """BASE**i and BASE**-i modulo 2**64 for i < len, grown on demand (amortised O(1)/char)."""

    def __init__(self) -> None:
        """Start with the powers for length 1.  O(1)."""
        self.pow = np.ones(1, dtype=np.uint64)
        self.inv = np.ones(1, dtype=np.uint64)

    def ensure(self, n: int) -> None:
        """Powers for at least ``n`` positions (doubling).  Amortised O(1) per position."""
        if len(self.pow) >= n:
            return
        size = max(n, 2 * len(self.pow))
        inverse = np.uint64(pow(int(_BASE), -1, 2**64))
        steps = np.full(size, _BASE, dtype=np.uint64)
        steps[0] = 1
        self.pow = np.cumprod(steps, dtype=np.uint64)
        steps[1:] = inverse
        self.inv = np.cumprod(steps, dtype=np.uint64)


_POWERS = _Powers()
_CACHED_POWERS = 1 << 21  # characters: the cache stays under 2 x 16 MB


def word_hashes(text: str) -> U64:
    """One 64-bit hash per word of ``text`` (NFKC, casefolded; words are runs of word
    characters, so quotes, punctuation and spacing never matter).  O(len(text)) time and memory."""
    return batch_word_hashes([text])[0]


SEGMENT = 1 << 18  # characters hashed by one array pass (about 40 bytes of temporaries each)


def segments(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, each cut after a space or a
    newline (never inside a word) when the last half of the piece has one, else at ``size``
    (a word spanning that cut counts as two).  Deterministic.  O(len(text))."""
    if len(text) <= size:
        return [text]
    out = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = max(text.rfind(" ", start + size // 2, end), text.rfind("\n", start + size // 2, end))
        cut = end if cut < 0 else cut + 1
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def batch_word_hashes(texts: list[str]) -> tuple[U64, npt.NDArray[np.int64]]:
    """Word hashes of several texts at once: the flat hashes and, per text, the offset of its
    first word (plus the total at the end).

    Texts are hashed in array passes of at most :data:`SEGMENT` characters (short texts many
    to a pass, which is what makes them cheap; a long text cut by :func:`segments`), so the
    temporaries are bounded whatever one document's size.  O(total characters) time; memory
    O(SEGMENT) plus 8 bytes per word."""
    pieces = [(i, piece) for i, t in enumerate(texts) for piece in segments(t, SEGMENT)]
    counts = np.zeros(len(texts), dtype=np.int64)
    flats: list[U64] = []
    lo = 0
    while lo < len(pieces):
        hi, size = lo + 1, len(pieces[lo][1])
        while hi < len(pieces) and size + len(pieces[hi][1]) <= SEGMENT:
            size += len(pieces[hi][1])
            hi += 1
        flat, offsets = _hash_pass([p for _, p in pieces[lo:hi]])
        np.add.at(counts, np.array([i for i, _ in pieces[lo:hi]], dtype=np.int64), np.diff(offsets))
        flats.append(flat)
        lo = hi
    flat = np.concatenate(flats) if flats else np.zeros(0, dtype=np.uint64)
    return flat, np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def _hash_pass(texts: list[str]) -> tuple[U64, npt.NDArray[np.int64]]:
    """One array pass of :func:`batch_word_hashes` over ``texts`` (NFKC and casefolding
    may make them longer).  O(total characters) time and memory."""
    if not texts:
        return np.zeros(0, dtype=np.uint64), np.zeros(1, dtype=np.int64)
    norms = [unicodedata.normalize("NFKC", t).casefold() for t in texts]
    cps = np.frombuffer("\n".join(norms).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    n = len(cps)
    is_word = np.zeros(n + 2, dtype=bool)  # padded: every word has a start and an end edge
    inner = is_word[1:-1]
    bmp = cps < 0x10000
    inner[bmp] = _word_table()[cps[bmp]]
    inner[~bmp] = True
    change = np.flatnonzero(is_word[1:] != is_word[:-1])
    starts, ends = change[0::2], change[1::2]
    text_starts = np.cumsum([0] + [len(t) + 1 for t in norms[:-1]], dtype=np.int64)
    offsets = np.append(np.searchsorted(starts, text_starts), len(starts)).astype(np.int64)
    if len(starts) == 0:
        return np.zeros(0, dtype=np.uint64), offsets
    powers = _POWERS if n <= _CACHED_POWERS else _Powers()  # a huge batch: not kept afterwards
    powers.ensure(n + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum((cps.astype(np.uint64) + np.uint64(1)) * powers.pow[:n], dtype=np.uint64, out=prefix[1:])
        h = (prefix[ends] - prefix[starts]) * powers.inv[starts]
        return _mix(h ^ (ends - starts).astype(np.uint64) * _GOLD), offsets


def shingle_hashes(words: U64, size: int) -> U64:
    """Hashes of the word ``size``-grams (a text shorter than ``size`` words is one shingle
    of all its words; no words: no shingles).  Order-sensitive: "a b" != "b a".

    O(n words x size) time, O(n words) memory."""
    n = len(words)
    if n == 0:
        return words
    size = min(size, n)
    count = n - size + 1
    with np.errstate(over="ignore"):
        acc = words[:count].copy()
        for j in range(1, size):
            acc = _mix(acc * _GOLD + np.uint64(j)) ^ words[j : j + count]
        return _mix(acc)


def batch_shingles(words: U64, offsets: npt.NDArray[np.int64], size: int) -> list[U64]:
    """Per text, its shingle hashes (as :func:`shingle_hashes`), from batched word hashes.

    The windows are computed once over the whole batch; each text takes the windows that
    start and end inside it.  O(total words x size)."""
    every = shingle_hashes(words, size) if len(words) >= size else words[:0]
    out: list[U64] = []
    for o, e in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True):
        n = e - o
        out.append(every[o : e - size + 1] if n >= size else shingle_hashes(words[o:e], size))
    return out


def signatures(shingles: list[U64], bins: int) -> U32:
    """One-permutation MinHash signatures with rotation densification, one row of ``bins``
        uint32 per document (no shingles: all 0xFFFFFFFF).  A shingle's top 32 bits pick its bin
    (multiply-high, so any number of bins works), its low 32 bits are its value.

        O(total shingles + documents x bins) time and memory."""
    n = len(shingles)
    out = np.full((n, bins), _EMPTY, dtype=np.uint32)
    lengths = np.array([len(s) for s in shingles], dtype=np.int64)
    if n == 0 or lengths.sum() == 0:
        return out
    for flat, owner in _shingle_slices(shingles, SEGMENT):
        with np.errstate(over="ignore"):
            slot = owner * bins + (((flat >> np.uint64(32)) * np.uint64(bins)) >> np.uint64(32)).astype(np.int64)
        value = (flat & np.uint64(0xFFFFFFFE)).astype(np.uint32)  # < 0xFFFFFFFF: never "empty"
        np.minimum.at(out.reshape(-1), slot, value)
    return _densify(out, lengths)


def _shingle_slices(shingles: list[U64], size: int) -> Iterator[tuple[U64, npt.NDArray[np.int64]]]:
    """(shingle hashes, owning document) in slices of about ``size`` shingles (small documents
    many to a slice, a big one split), so the signature's temporaries stay bounded.
    O(total shingles) time, O(size) memory besides the input."""
    parts: list[U64] = []
    owners: list[npt.NDArray[np.int64]] = []
    held = 0
    for doc, sh in enumerate(shingles):
        for lo in range(0, len(sh), size):
            part = sh[lo : lo + size]
            parts.append(part)
            owners.append(np.full(len(part), doc, dtype=np.int64))
            held += len(part)
            if held >= size:
                yield np.concatenate(parts), np.concatenate(owners)
                parts, owners, held = [], [], 0
    if parts:
        yield np.concatenate(parts), np.concatenate(owners)


def _densify(sig: U32, lengths: npt.NDArray[np.int64]) -> U32:
    """Fill empty bins from the next non-empty bin to the right (circularly), offset by the
    distance so that borrowed values differ from the originals.  O(documents x bins)."""
    empty = sig == _EMPTY
    rows = np.flatnonzero(empty.any(axis=1) & (lengths > 0))
    if len(rows) == 0:
        return sig
    bins = sig.shape[1]
    for r in rows.tolist():
        row, hole = sig[r], empty[r]
        full = np.flatnonzero(~hole)
        idx = np.arange(bins)
        nxt = np.searchsorted(full, idx)  # first non-empty bin at or after idx
        wrap = nxt == len(full)
        src = full[np.where(wrap, 0, nxt)]
        dist = np.where(wrap, src + bins - idx, src - idx).astype(np.uint32)
        with np.errstate(over="ignore"):
            filled = row[src] + dist * np.uint32(0x9E3779B1)
        sig[r] = np.where(hole, filled, row)
    return sig


def band_keys(sigs: U32, bands: int) -> U32:
    """One 32-bit key per (document, band): the hash of the band's signature values.

    Two documents share a key when their band is equal, or by a 2**-32 collision: at a
    million documents a few thousand extra candidate pairs, which verification removes,
    for half the memory of 64-bit keys.  O(documents x bins)."""
    n, perm = sigs.shape
    rows = perm // bands
    part = sigs[:, : rows * bands].reshape(n, bands, rows).astype(np.uint64)
    with np.errstate(over="ignore"):
        acc = np.full((n, bands), np.uint64(rows), dtype=np.uint64)
        for r in range(rows):
            acc = _mix(acc * _GOLD ^ part[:, :, r])
        acc ^= np.arange(bands, dtype=np.uint64)[None, :] * _GOLD  # band 1 != band 2
        return (_mix(acc) >> np.uint64(32)).astype(np.uint32)
