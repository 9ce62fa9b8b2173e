"""Corpus-level findings: documents that near-duplicate another document of the corpus.

One function, :func:`duplicate_documents`, over the corpus near-duplicate index
(:mod:`cleaner.dedup.corpus`: MinHash LSH candidates verified by shingle Jaccard).  The check
streams its input once; the index reads the texts twice (signatures, then verification), so
the texts are spooled to a temporary file, never held in memory.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .. import jsonout
from ..dedup.corpus import Settings, run

CORPUS_RULE = "near_duplicate"  # the name corpus-level findings carry


@dataclass(frozen=True, slots=True)
class Match:
    """Document ``id`` near-duplicates ``duplicate_of``, the kept document of its cluster, with
    ``similarity`` in [0, 1] (1.0: the same text once normalised): the corpus index's match
    for a document that is not kept, its ``duplicate_of`` known to be set."""

    id: str
    duplicate_of: str
    similarity: float


def duplicate_documents(items: Iterable[tuple[str, str]]) -> Iterator[Match]:
    """A :class:`Match` for each ``(id, text)`` that near-duplicates another document, in
    input order, once every item has been read.  Ids must be unique; empty texts never match.

    Time as :func:`cleaner.dedup.corpus.run` (about linear in the corpus' words); memory
    O(documents) for the signatures, the texts in a temporary file."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for doc_id, text in items:
            spool.write(jsonout.dumps([doc_id, text], ensure_ascii=False) + "\n")

        def reopen() -> Iterator[tuple[str, str]]:
            spool.seek(0)
            for line in spool:
                doc_id, text = json.loads(line)
                yield doc_id, text

        # A later copy is the finding: the first document of a cluster is the one kept.
        for m in run(reopen, Settings(keep="first")).matches():
            if m.duplicate_of is not None:
                yield Match(m.id, m.duplicate_of, m.similarity or 0.0)
