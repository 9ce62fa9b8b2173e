"""Corpus near-duplicates: the algorithm pieces and the public ``near_duplicates`` API."""

from __future__ import annotations

import numpy as np
import pytest
from corpus_helpers import article, paragraphs, substitute
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.dedup.corpus import Match, Settings, SettingsError, near_duplicates, run
from cleaner.dedup.corpus.clusters import UnionFind, keepers
from cleaner.dedup.corpus.lsh import bucket_pairs, merge_pairs
from cleaner.dedup.corpus.minhash import (
    band_keys,
    batch_shingles,
    batch_word_hashes,
    shingle_hashes,
    signatures,
    word_hashes,
)
from cleaner.dedup.corpus.verify import scores, shingle_set
from cleaner.engines import LocalEngine, SerialEngine


def by_id(matches: list[Match]) -> dict[str, Match]:
    return {m.id: m for m in matches}


# -- hashing ---------------------------------------------------------------------------------
def test_word_hashes_ignore_case_quotes_punctuation_and_spacing() -> None:
    a = word_hashes('He said "stop" -- twice,  then   LEFT.')
    b = word_hashes("he said \u201cstop\u201d twice\nthen left")
    assert a.tolist() == b.tolist()
    assert len(a) == 6


def test_word_hashes_differ_for_different_words_and_keep_order() -> None:
    h = word_hashes("alpha beta alpha gamma")
    assert h[0] == h[2] and len({h[0], h[1], h[3]}) == 3
    assert shingle_hashes(word_hashes("a b"), 2)[0] != shingle_hashes(word_hashes("b a"), 2)[0]


def test_non_latin_scripts_and_combining_marks_are_words() -> None:
    assert len(word_hashes("नमस्ते दुनिया")) == 2  # Devanagari vowel signs are marks, not separators
    assert len(word_hashes("東京 大阪")) == 2
    assert len(word_hashes("\U0001f600 x")) == 2


def test_lone_surrogates_do_not_raise() -> None:
    assert len(word_hashes("bad \ud800 text")) == 2  # a lone surrogate is not a word character


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=8))
def test_batched_hashes_equal_one_by_one(texts: list[str]) -> None:
    """Batch boundaries never change a document's words, shingles or signature."""
    flat, offsets = batch_word_hashes(texts)
    sh = batch_shingles(flat, offsets, 3)
    for i, t in enumerate(texts):
        assert flat[offsets[i] : offsets[i + 1]].tolist() == word_hashes(t).tolist()
        assert sh[i].tolist() == shingle_hashes(word_hashes(t), 3).tolist()
    if texts:
        together = signatures(sh, 64)
        for i in range(len(texts)):
            assert together[i].tolist() == signatures([sh[i]], 64)[0].tolist()


def test_short_texts_are_one_shingle_and_empty_ones_none() -> None:
    assert len(shingle_hashes(word_hashes("one two"), 3)) == 1
    assert len(shingle_hashes(word_hashes("  ...  "), 3)) == 0
    sig = signatures([shingle_hashes(word_hashes(""), 3)], 16)
    assert (sig == 0xFFFFFFFF).all()


def test_minhash_agreement_estimates_jaccard() -> None:
    """Bins agree in about the Jaccard share of the shingle sets (checked at two levels)."""
    base = article(11, 12, 80)
    for rate, lo, hi in ((0.02, 0.7, 0.95), (0.15, 0.2, 0.6)):
        other = substitute(base, rate, 5)
        sa, sb = (shingle_set(shingle_hashes(word_hashes(t), 3)) for t in (base, other))
        jac, _ = scores(sa, sb)
        sig = signatures([sa, sb], 256)
        agree = float((sig[0] == sig[1]).mean())
        assert lo < jac < hi
        assert abs(agree - jac) < 0.1


def test_band_keys_equal_exactly_when_band_rows_equal() -> None:
    sig = np.array([[1, 2, 3, 4], [1, 2, 9, 4], [1, 2, 3, 4]], dtype=np.uint32)
    keys = band_keys(sig, 2)
    assert keys[0, 0] == keys[1, 0] == keys[2, 0]
    assert keys[0, 1] != keys[1, 1] and keys[0, 1] == keys[2, 1]
    assert keys[0, 0] != keys[0, 1]  # band position is part of the key


# -- LSH, union-find, keep ---------------------------------------------------------------------
def candidate_pairs(keys: np.ndarray) -> np.ndarray:
    """Every band's bucket pairs, merged (what a run does band by band on the engine)."""
    ids = np.arange(len(keys), dtype=np.int64)
    return merge_pairs([bucket_pairs(ids, keys[:, b]) for b in range(keys.shape[1])])


def test_a_bucket_of_m_gives_m_minus_one_pairs() -> None:
    keys = np.array([[7], [5], [7], [7], [9]], dtype=np.uint64)
    assert candidate_pairs(keys).tolist() == [[0, 2], [0, 3]]


def test_pairs_are_unique_across_bands_and_sorted_by_second_member() -> None:
    keys = np.array([[1, 4], [2, 5], [1, 4], [2, 5]], dtype=np.uint64)
    assert candidate_pairs(keys).tolist() == [[0, 2], [1, 3]]


def test_union_find_root_is_smallest_member_whatever_the_order() -> None:
    uf = UnionFind(5)
    uf.union(4, 3)
    uf.union(3, 1)
    assert [uf.find(i) for i in range(5)] == [0, 1, 2, 1, 1]


def test_keeper_policies() -> None:
    root = np.array([0, 0, 0, 0, 4, 4], dtype=np.int64)  # two clusters
    length = np.array([5, 9, 9, 2, 1, 3], dtype=np.int64)
    assert keepers(root, length, "longest").tolist() == [1, 1, 1, 1, 5, 5]  # 1 and 2 tie: first seen
    assert keepers(root, length, "first").tolist() == [0, 0, 0, 0, 4, 4]


def test_settings_are_checked() -> None:
    with pytest.raises(SettingsError):
        Settings(permutations=100, bands=32)
    with pytest.raises(SettingsError):
        Settings(keep="shortest")
    with pytest.raises(SettingsError):
        Settings(threshold=0)


# -- whole runs ---------------------------------------------------------------------------------
def planted() -> list[tuple[str, str]]:
    """An original, five kinds of copy, and the hard negatives the verification must refuse."""
    paras = paragraphs(100, 8, 50)
    orig = "\n\n".join(paras)
    boiler = "\n\n".join(paragraphs(200, 3, 60))  # a long shared block (180 words)
    shared = paragraphs(300, 1, 30)[0]
    return [
        ("orig", orig),
        ("subst", substitute(orig, 0.08, 1)),
        ("dropped", "\n\n".join(paras[:3] + paras[4:])),
        ("boiler", paragraphs(400, 1, 70)[0] + "\n\n" + orig),
        ("tail", " ".join(orig.split(" ")[: int(len(orig.split(" ")) * 0.8)])),
        ("quotes", "  ".join(f"\u201c{w}\u201d" if i % 7 == 0 else w for i, w in enumerate(orig.upper().split(" ")))),
        ("same-template-1", boiler + "\n\n" + article(501, 6, 50)),
        ("same-template-2", boiler + "\n\n" + article(502, 6, 50)),
        ("two-sentences-1", article(601, 6, 50) + " " + shared),
        ("two-sentences-2", article(602, 6, 50) + " " + shared),
        ("other", article(700)),
    ]


def test_planted_copies_are_found_and_hard_negatives_kept() -> None:
    m = by_id(list(near_duplicates(planted())))
    copies = ["subst", "dropped", "boiler", "tail", "quotes"]
    kept = m["boiler"]  # the longest copy is kept
    assert kept.duplicate_of is None
    for name in ["orig", *[c for c in copies if c != "boiler"]]:
        assert m[name].duplicate_of == "boiler", name
        assert m[name].cluster == 0
        assert m[name].similarity is not None and m[name].similarity >= Settings().threshold
    for name in ["same-template-1", "same-template-2", "two-sentences-1", "two-sentences-2", "other"]:
        assert m[name].duplicate_of is None, name
        assert m[name].cluster == m[name].position, name


def test_keep_first_keeps_the_earliest() -> None:
    m = by_id(list(near_duplicates(planted(), Settings(keep="first"))))
    assert m["orig"].duplicate_of is None
    assert m["boiler"].duplicate_of == "orig"


def test_exact_copies_after_normalisation_have_similarity_one() -> None:
    text = article(9)
    m = list(near_duplicates([("a", text), ("b", text.upper().replace(" ", "  "))], Settings(keep="first")))
    assert m[1].duplicate_of == "a" and m[1].similarity == 1.0


def test_ten_thousand_identical_documents_form_one_cluster() -> None:
    text = article(3, 2, 20)
    items = [(f"id{i}", text) for i in range(10_000)]
    res = run(lambda: items)
    assert set(res.root.tolist()) == {0}
    assert int((res.keep == 0).sum()) == 10_000
    assert res.pairs_verified == 0  # exact copies never reach LSH


def test_empty_and_one_word_documents_have_defined_outcomes() -> None:
    m = list(near_duplicates([("e1", ""), ("e2", "  ... "), ("w1", "word"), ("w2", "WORD"), ("w3", "other")]))
    assert [x.duplicate_of for x in m] == [None, None, None, "w1", None]  # ties: first seen
    assert [x.cluster for x in m] == [0, 1, 2, 2, 4]


def test_one_shot_iterator_and_list_give_the_same_matches() -> None:
    items = planted()
    assert list(near_duplicates(iter(items))) == list(near_duplicates(items))


def test_engines_agree() -> None:
    items = planted() * 3 + [(f"x{i}", article(800 + i, 3, 30)) for i in range(40)]
    serial = run(lambda: items, engine=SerialEngine())
    engine = LocalEngine(2)
    try:
        pooled = run(lambda: items, engine=engine)
    finally:
        engine.close()
    assert serial.root.tolist() == pooled.root.tolist()
    assert serial.keep.tolist() == pooled.keep.tolist()
    assert np.array_equal(serial.similarity, pooled.similarity, equal_nan=True)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["a b c d e", "a b c d f", "x y z", "", "q", "a b c d e f g"]), max_size=25))
def test_every_document_gets_one_consistent_match(texts: list[str]) -> None:
    """Invariants: one match per input, in order; the kept document is in the cluster, kept,
    and the cluster label is the cluster's first position."""
    items = [(str(i), t) for i, t in enumerate(texts)]
    ms = list(near_duplicates(items))
    assert [m.position for m in ms] == list(range(len(texts)))
    for m in ms:
        assert m.cluster <= m.position
        assert ms[m.cluster].cluster == m.cluster
        if m.duplicate_of is not None:
            k = ms[int(m.duplicate_of)]
            assert k.duplicate_of is None and k.cluster == m.cluster
            assert m.similarity is not None and 0 < m.similarity <= 1


def test_work_per_array_pass_is_capped_whatever_one_document_s_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 23.14: one 500 MB record took 20.5 GB (every temporary of the vectorised hashing
    was the size of the whole document, times ~40).  Now hashing runs in passes of at most
    SEGMENT characters and the signature in slices of at most SEGMENT shingles, a sketch chunk
    holds at most CHUNK_CHARS characters (plus one text), and the results are those of one pass."""
    import sys

    from cleaner.dedup.corpus import minhash

    run_mod = sys.modules["cleaner.dedup.corpus.run"]  # the package's `run` is the function

    monkeypatch.setattr(minhash, "SEGMENT", 1000)
    monkeypatch.setattr(run_mod, "CHUNK_CHARS", 5000)
    passes: list[int] = []
    real_pass = minhash._hash_pass
    monkeypatch.setattr(minhash, "_hash_pass", lambda texts: passes.append(sum(map(len, texts))) or real_pass(texts))
    slices: list[int] = []
    real_slices = minhash._shingle_slices
    monkeypatch.setattr(
        minhash, "_shingle_slices", lambda sh, size: (slices.append(len(f)) or (f, o) for f, o in real_slices(sh, size))
    )
    chunks: list[int] = []
    real_sketch = run_mod.sketch_chunks
    monkeypatch.setattr(
        run_mod, "sketch_chunks", lambda s, cs: chunks.extend(sum(map(len, c)) for c in cs) or real_sketch(s, cs)
    )
    big = article(5, 40, 60)  # ~ 15,000 characters: many passes
    items = [("big", big), ("copy", big.upper()), *[(f"s{i}", article(100 + i, 1, 30)) for i in range(30)]]
    res = run(lambda: items)
    assert res.keep[1] == 0 and res.exact[1]  # still found
    assert passes and max(passes) <= 1000 and len(passes) >= 2 * len(big) // 1000
    assert slices and max(slices) <= 1000 + 1000
    assert max(chunks) <= 5000 + len(big)
    whole = minhash.batch_word_hashes([big])[0]
    monkeypatch.setattr(minhash, "SEGMENT", 1 << 30)
    assert np.array_equal(whole, minhash.batch_word_hashes([big])[0])  # cuts are between words


@pytest.mark.parametrize(
    "values",
    [
        {"permutations": 10**9, "bands": 1},
        {"permutations": 2048},
        {"shingle": 0},
        {"shingle": 1000},
        {"bands": 0},
        {"bands": 2048, "permutations": 1024},
        {"permutations": 128, "bands": 30},
        {"threshold": float("nan")},
        {"threshold": 0},
        {"shingle": True},
        {"permutations": 128.0},
    ],
)
def test_minhash_settings_out_of_range_are_refused(values: dict) -> None:
    """Issue 23.14: --permutations 1e9 --bands 1 (or the same in [dedup]) took 14.5 GB in a
    minute; every setting now has a range, checked where Settings are made (CLI and config)."""
    with pytest.raises(SettingsError):
        Settings(**values)
