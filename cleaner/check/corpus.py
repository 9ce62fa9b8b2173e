"""Corpus-level findings: documents that repeat another document of the corpus.

One function, :func:`duplicate_documents`, behind which the corpus index lives.  For now it
finds exact duplicates by a hash of the normalised text; it has the shape of
``cleaner.dedup.corpus.near_duplicates`` so that the near-duplicate index can replace it
without touching its callers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..textnorm import compare_key

CORPUS_RULE = "near_duplicate"  # the name corpus-level findings carry


@dataclass(frozen=True, slots=True)
class Match:
    """Document ``id`` repeats ``duplicate_of`` (an earlier id of the same ``cluster``) with
    ``similarity`` in [0, 1] (1.0: the same text once normalised)."""

    id: str
    cluster: str
    duplicate_of: str
    similarity: float


def _key(text: str) -> bytes:
    """A 16-byte digest of the text with case, punctuation and whitespace normalised.  O(L)."""
    return hashlib.blake2b(compare_key(text).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def duplicate_documents(items: Iterable[tuple[str, str]]) -> Iterator[Match]:
    """For each ``(id, text)`` whose text repeats an earlier one, a :class:`Match` naming the
    first document with that text (the cluster is named by it too).  Ids must be unique;
    empty texts never match.

    Lazy: a match is yielded as soon as its document is read, so a caller can stream.  Time
    O(total characters); memory O(distinct documents) (a 16-byte digest and the first id)."""
    first: dict[bytes, str] = {}
    for doc_id, text in items:
        if not text.strip():
            continue
        key = _key(text)
        seen = first.get(key)
        if seen is None:
            first[key] = doc_id
        else:
            yield Match(doc_id, seen, seen, 1.0)
