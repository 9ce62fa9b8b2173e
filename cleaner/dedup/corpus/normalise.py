"""The exact-duplicate key, on the same normalised words as the shingles.

Two copies of an article differ in quotes, dashes, spacing, case and Unicode forms before they
differ in words: :func:`~.minhash.word_hashes` (NFKC, casefolding, word characters only) makes
those differences vanish, and the exact key is a hash of that word sequence.
"""

from __future__ import annotations

import hashlib

from .minhash import U64


def exact_key(word_hashes: U64) -> int:
    """A 64-bit hash of the normalised word sequence: equal for texts differing only in case,
    quotes, punctuation or spacing.  O(words)."""
    return int.from_bytes(hashlib.blake2b(word_hashes.tobytes(), digest_size=8).digest(), "big")
