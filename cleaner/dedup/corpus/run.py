"""The corpus dedup run: sketch every document, find candidates, verify, cluster, keep.

Three steps, each a map over chunks through an :class:`~cleaner.engines.Engine` (so the same
code runs in this process, a local pool or on Dask, with identical results):

1. *Sketch* (map over chunks of texts): normalised words, an exact hash, the MinHash
   signature reduced to one 32-bit key per band.  The driver keeps only these arrays and
   the ids: ``4 x bands + 24`` bytes per document (152 by default) plus the id.
2. *Candidates*: exact groups by hash (driver), then LSH buckets by sorted band keys, one
   task per band (over the first document of each exact group only); pairs merged.
3. *Verify* (map over chunks of candidate pairs): the input is read again and each pair's
   two texts are compared on their exact shingle sets; a text is held only until its last
   partner has been read.

Clusters are built by union-find in pair order (deterministic whatever the engine).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ...engines.base import Engine, SerialEngine
from .clusters import UnionFind, keepers
from .lsh import band_chunk, merge_pairs
from .minhash import U32, U64, band_keys, batch_shingles, batch_word_hashes, shingle_hashes, signatures, word_hashes
from .normalise import exact_key
from .settings import Settings
from .verify import scores, shingle_set

Reopen = Callable[[], Iterable[tuple[str, str]]]
CHUNK = 256  # documents per sketch chunk
CHUNK_CHARS = 1 << 22  # characters per sketch chunk (a chunk is one worker task, held whole)
PAIR_CHUNK = 512  # candidate pairs per verification chunk


@dataclass(frozen=True, slots=True)
class Match:
    """One input document's outcome.

    ``cluster`` is the input position of the cluster's first document (a document alone is
    its own cluster); ``duplicate_of`` is the kept document's id (None for a kept one);
    ``similarity`` is the best verified Jaccard that joined it to the cluster (1.0 for an
    exact copy after normalisation, None for a kept document)."""

    id: str
    position: int
    cluster: int
    duplicate_of: str | None
    similarity: float | None


@dataclass(slots=True)
class Sketches:
    """What the driver keeps per document: ids, exact hashes, lengths, word counts, band keys."""

    ids: list[str]
    exact: U64
    length: npt.NDArray[np.int64]
    nwords: npt.NDArray[np.int64]
    key_blocks: list[U32]  # (documents of the block x bands) band keys, block by block

    def band(self, b: int, rows: npt.NDArray[np.int64]) -> U32:
        """Band ``b``'s keys of the documents ``rows`` (the blocks are never concatenated:
        that would double the largest structure).  O(documents)."""
        return np.concatenate([blk[:, b] for blk in self.key_blocks])[rows]

    @property
    def nbytes(self) -> int:
        """Bytes of the arrays (ids not included).  O(1)."""
        return self.exact.nbytes + self.length.nbytes + self.nwords.nbytes + sum(k.nbytes for k in self.key_blocks)


Block = tuple[U64, npt.NDArray[np.int64], npt.NDArray[np.int64], U32]  # exact, chars, words, band keys


def sketch_texts(settings: Settings, texts: list[str]) -> Block:
    """(exact hashes, characters, words, band keys) of a batch of texts, as arrays.

    O(total words x shingle + texts x permutations) time and memory."""
    flat, offsets = batch_word_hashes(texts)
    sh = batch_shingles(flat, offsets, settings.shingle)
    keys = band_keys(signatures(sh, settings.permutations), settings.bands)
    bounds = offsets.tolist()
    exact = np.array([exact_key(flat[bounds[i] : bounds[i + 1]]) for i in range(len(texts))], dtype=np.uint64)
    return exact, np.array([len(t) for t in texts], dtype=np.int64), np.diff(offsets), keys


def sketch_chunks(settings: Settings, chunks: list[list[str]]) -> list[Block]:
    """Worker side: one :data:`Block` per chunk of texts.  A whole chunk is one engine item,
    so engines that run items one at a time still hash a batch with one set of array
    operations.  Same cost as :func:`sketch_texts`."""
    return [sketch_texts(settings, texts) for texts in chunks]


def _chunks(items: Iterable[tuple[str, str]], ids: list[str], size: int, chars: int) -> Iterator[list[list[str]]]:
    """Texts in chunks of ``size`` texts or about ``chars`` characters, whichever comes first
    (each wrapped as a one-item engine chunk), recording ids on the way: a few huge documents
    never share a chunk.  O(chars + one text) memory besides the ids."""
    chunk: list[str] = []
    held = 0
    for rid, text in items:
        ids.append(rid)
        chunk.append(text)
        held += len(text)
        if len(chunk) >= size or held >= chars:
            yield [chunk]
            chunk, held = [], 0
    if chunk:
        yield [chunk]


def _sketch_crash(texts: list[str], kind: str, message: str) -> Block:
    """Sketching cannot fail per record (any str hashes): a crash here is a bug or a lost
    worker, and the run stops rather than guess.  O(1)."""
    raise RuntimeError(f"sketching failed ({kind}): {message}")


def sketch(items: Iterable[tuple[str, str]], settings: Settings, engine: Engine) -> Sketches:
    """Step 1 over a stream of (id, text).  Time O(total words x shingle), memory
    O(documents x bands) plus the ids."""
    ids: list[str] = []
    blocks: list[Block] = []
    fn = functools.partial(sketch_chunks, settings)
    for out in engine.map_chunks(fn, _chunks(items, ids, CHUNK, CHUNK_CHARS), _sketch_crash):
        blocks.extend(out)
    if not blocks:
        blocks = [sketch_texts(settings, [])]
    exact, length, nwords = (np.concatenate([b[k] for b in blocks]) for k in range(3))
    return Sketches(ids, exact, length, nwords, [b[3] for b in blocks])


def exact_groups(sk: Sketches) -> npt.NDArray[np.int64]:
    """For every document, the position of the first document with the same normalised text
    (itself if none; documents without words are never grouped).  O(n log n)."""
    n = len(sk.exact)
    first = np.arange(n, dtype=np.int64)
    has = np.flatnonzero(sk.nwords > 0)
    if len(has):
        _, index, inverse = np.unique(sk.exact[has], return_index=True, return_inverse=True)
        first[has] = has[index[inverse]]
    return first


def verify_chunk(settings: Settings, pairs: list[tuple[int, int, str, str]]) -> list[tuple[int, int, float, float]]:
    """Worker side: (i, j, Jaccard, containment) of each pair's exact word-shingle sets.

    O(words of both texts) per pair."""
    out = []
    for i, j, a, b in pairs:
        sa = shingle_set(shingle_hashes(word_hashes(a), settings.shingle))
        sb = shingle_set(shingle_hashes(word_hashes(b), settings.shingle))
        jac, cont = scores(sa, sb)
        out.append((i, j, jac, cont))
    return out


def _verify_crash(item: tuple[int, int, str, str], kind: str, message: str) -> tuple[int, int, float, float]:
    """A pair whose verification task died is not joined (precision first).  O(1)."""
    return (item[0], item[1], 0.0, 0.0)


def _pair_feed(
    items: Iterable[tuple[str, str]], pairs: npt.NDArray[np.int64]
) -> Iterator[list[tuple[int, int, str, str]]]:
    """Chunks of (i, j, text i, text j) in (j, i) order, reading the input once.

    A text is held from its own position until the last pair that needs it (``pairs`` is
    sorted by j).  Memory O(held texts + PAIR_CHUNK), time O(input + pairs)."""
    if len(pairs) == 0:
        return
    last_use: dict[int, int] = {}
    for i, j in pairs.tolist():
        last_use[i] = max(last_use.get(i, -1), j)
    needed_first = set(last_use)
    held: dict[int, str] = {}
    k = 0
    total = len(pairs)
    chunk: list[tuple[int, int, str, str]] = []
    for pos, (_rid, text) in enumerate(items):
        if pos in needed_first:
            held[pos] = text
        while k < total and pairs[k, 1] == pos:
            i = int(pairs[k, 0])
            chunk.append((i, pos, held[i], text))
            if last_use[i] == pos:
                del held[i]
            k += 1
            if len(chunk) >= PAIR_CHUNK:
                yield chunk
                chunk = []
        if k >= total:
            break
    if chunk:
        yield chunk


@dataclass(slots=True)
class Result:
    """The outcome of a run, per input position."""

    sketches: Sketches
    root: npt.NDArray[np.int64]  # cluster label: smallest position of the cluster
    keep: npt.NDArray[np.int64]  # position of the kept document of the cluster
    similarity: npt.NDArray[np.float64]  # best joining score (nan: none, only for lone documents)
    exact: npt.NDArray[np.bool_]  # see exact_copies
    pairs_verified: int
    pairs_joined: int

    def __len__(self) -> int:
        return len(self.root)

    def match(self, pos: int) -> Match:
        """The outcome of input position ``pos``.  O(1)."""
        kept = int(self.keep[pos])
        sim = float(self.similarity[pos])
        if kept == pos:
            return Match(self.sketches.ids[pos], pos, int(self.root[pos]), None, None)
        return Match(self.sketches.ids[pos], pos, int(self.root[pos]), self.sketches.ids[kept], sim)

    def matches(self) -> Iterator[Match]:
        """Every outcome, in input order.  O(n)."""
        for pos in range(len(self.root)):
            yield self.match(pos)


def run(reopen: Reopen, settings: Settings | None = None, engine: Engine | None = None) -> Result:
    """Dedup the corpus that ``reopen()`` streams as (id, text) pairs (called twice: sketch,
    then verification).  Deterministic for any engine and number of workers.

    Time O(total words x permutations + pairs x document size); memory O(documents x bands)
    plus the ids and the texts held for pending pairs."""
    settings = settings or Settings()
    engine = engine or SerialEngine()
    sk = sketch(reopen(), settings, engine)
    n = len(sk.ids)
    first = exact_groups(sk)
    reps = np.flatnonzero((first == np.arange(n)) & (sk.nwords > 0))
    pairs = _candidates(sk, reps.astype(np.int64), settings.bands, engine)
    uf = UnionFind(n)
    sim = np.full(n, np.nan)
    dup = np.flatnonzero(first != np.arange(n))
    for pos, rep in zip(dup.tolist(), first[dup].tolist(), strict=True):
        uf.union(rep, pos)
        sim[pos] = 1.0
    joined = 0
    fn = functools.partial(verify_chunk, settings)
    for out in engine.map_chunks(fn, _pair_feed(reopen(), pairs), _verify_crash):
        for i, j, jac, _cont in out:
            if jac >= settings.threshold:
                joined += 1
                uf.union(i, j)
                for p in (i, j):
                    if not sim[p] >= jac:
                        sim[p] = jac
    # The first copy of an exact group joined its cluster at 1.0 too (its copies did), unless
    # a verified pair scored it already: no removed document is left without a score.
    in_group = np.zeros(n, dtype=bool)
    in_group[first[dup]] = True
    sim[in_group & np.isnan(sim)] = 1.0
    root = np.array([uf.find(p) for p in range(n)], dtype=np.int64)
    keep = keepers(root, sk.length, settings.keep)
    return Result(sk, root, keep, sim, exact_copies(sk, first, keep), len(pairs), joined)


def exact_copies(sk: Sketches, first: npt.NDArray[np.int64], keep: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Per position, whether it is an exact duplicate: a copy (after normalisation) of an
    earlier document, or of its cluster's kept document.  The one definition both the
    summary counts and ``--explain`` use.  O(n)."""
    pos = np.arange(len(first))
    same_as_kept = (sk.exact == sk.exact[keep]) & (sk.nwords > 0) & (keep != pos)
    return (first != pos) | same_as_kept


def _band_crash(column: U32, kind: str, message: str) -> npt.NDArray[np.int64]:
    """As :func:`_sketch_crash`: a lost band would silently lose pairs.  O(1)."""
    raise RuntimeError(f"LSH banding failed ({kind}): {message}")


def _candidates(sk: Sketches, ids: npt.NDArray[np.int64], bands: int, engine: Engine) -> npt.NDArray[np.int64]:
    """Step 2 as a map over bands (one task per band column, like a shuffle by band key),
    merged on the driver.  Time O(bands x n log n), memory O(n x bands + pairs)."""
    fn = functools.partial(band_chunk, ids)
    found: list[npt.NDArray[np.int64]] = []
    for out in engine.map_chunks(fn, ([sk.band(b, ids)] for b in range(bands)), _band_crash):
        found.extend(out)
    return merge_pairs(found)
