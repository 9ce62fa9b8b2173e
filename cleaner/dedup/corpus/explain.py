"""``--explain ID``: why a document was, or was not, called a duplicate."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .io import CorpusError
from .minhash import band_keys, batch_shingles, batch_word_hashes, signatures
from .run import Reopen, Result
from .settings import Settings
from .verify import scores, shingle_set


def _texts(items: Iterable[tuple[str, str]], wanted: set[int]) -> dict[int, str]:
    """The texts at the ``wanted`` positions, reading the stream once.  O(input) time."""
    out: dict[int, str] = {}
    for pos, (_rid, text) in enumerate(items):
        if pos in wanted:
            out[pos] = text
            if len(out) == len(wanted):
                break
    return out


def explain(result: Result, record_id: str, reopen: Reopen, settings: Settings) -> str:
    """A few lines: the document's cluster and its size, the kept document, the similarity
    that joined it, and against the kept document: the exact share of shared shingles
    (Jaccard and containment), the MinHash agreement and the LSH bands they share.

    An id that no readable record has is a :class:`CorpusError` (a usage error).
    O(input) time (one more read for the two texts)."""
    ids = result.sketches.ids
    positions = [p for p, rid in enumerate(ids) if rid == record_id]
    if not positions:
        raise CorpusError(f"{record_id}: no such document id among the {len(ids)} readable records")
    lines = []
    for pos in positions:
        m = result.match(pos)
        members = int((result.root == result.root[pos]).sum())
        kept = int(result.keep[pos])
        head = f"{record_id} (record {pos + 1}): cluster {m.cluster}, {members} member{'s' * (members != 1)}"
        if m.duplicate_of is None:
            lines.append(
                f"{head}; kept" + (" (the longest copy)" if members > 1 and settings.keep == "longest" else "")
            )
            if members == 1:
                lines.append("  no other document shares an LSH band and passes verification with it")
                continue
            other = next(p for p in range(len(ids)) if result.root[p] == result.root[pos] and p != pos)
        else:
            if result.exact[pos] and result.sketches.exact[pos] == result.sketches.exact[kept]:
                how = "an exact copy of it after normalisation"
            elif result.exact[pos]:
                how = "an exact copy (after normalisation) of an earlier member"
            else:
                how = f"joined at verified Jaccard {m.similarity:.3f}"
            lines.append(f"{head}; duplicate of {m.duplicate_of} (record {kept + 1}), {how}")
            other = kept
        texts = _texts(reopen(), {pos, other})
        flat, offsets = batch_word_hashes([texts[pos], texts[other]])
        sh = batch_shingles(flat, offsets, settings.shingle)
        jac, cont = scores(shingle_set(sh[0]), shingle_set(sh[1]))
        sig = signatures(sh, settings.permutations)
        agree = int((sig[0] == sig[1]).sum())
        keys = band_keys(sig, settings.bands)
        bands = int((keys[0] == keys[1]).sum())
        lines.append(
            f"  vs {ids[other]}: shared {settings.shingle}-word shingles {jac:.3f} of their union "
            f"(threshold {settings.threshold}), {cont:.3f} of the smaller document; "
            f"MinHash agreement {agree}/{settings.permutations} ({agree / settings.permutations:.3f}); "
            f"{bands}/{settings.bands} LSH bands equal"
        )
        if not np.isfinite(result.similarity[pos]):
            lines.append("  (kept documents have no joining score)")
    return "\n".join(lines)
