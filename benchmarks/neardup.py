"""Corpus near-duplicate benchmark: quality, speed against datasketch, memory at scale.

  python benchmarks/neardup.py quality [--docs 20000]       pairwise precision / recall of
        the defaults, and of FineWeb-style datasketch MinHash LSH (5-grams, 112 permutations,
        14 bands of 8, no verification) on the same corpus
  python benchmarks/neardup.py sweep [--docs 10000]         the grid the defaults came from
  python benchmarks/neardup.py speed [--docs 3000]          signatures/s, ours vs datasketch
        with the same settings (word shingles, permutations), one core, side by side
  python benchmarks/neardup.py memory [--docs 1000000]      a full run (sketch, candidates,
        verification, clusters) over a generated stream, in a child process: peak RSS and
        bytes per document

The corpus comes from ``neardup_corpus.py`` (planted copies and hard negatives).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from neardup_corpus import Doc, Generator  # noqa: E402

from cleaner.dedup.corpus import Settings, run  # noqa: E402
from cleaner.dedup.corpus.run import sketch_texts  # noqa: E402


def _pairs(labels: list[int]) -> int:
    return sum(c * (c - 1) // 2 for c in Counter(labels).values())


def pairwise(truth: list[int], predicted: list[int]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering.  O(n)."""
    tp = _pairs([hash((t, p)) for t, p in zip(truth, predicted, strict=True)])
    pred, true = _pairs(predicted), _pairs(truth)
    return (tp / pred if pred else 1.0), (tp / true if true else 1.0)


def corpus(n: int) -> list[Doc]:
    docs = list(Generator().docs(n))
    return docs


def truth_of(docs: list[Doc]) -> list[int]:
    return [d.group if d.group >= 0 else -(i + 1) for i, d in enumerate(docs)]


def ours(docs: list[Doc], settings: Settings) -> tuple[float, float, float]:
    items = [(d.id, d.text) for d in docs]
    t = time.perf_counter()
    res = run(lambda: items, settings)
    elapsed = time.perf_counter() - t
    p, r = pairwise(truth_of(docs), res.root.tolist())
    return p, r, elapsed


def fineweb(docs: list[Doc], shingle: int = 5, perms: int = 112, bands: int = 14) -> tuple[float, float]:
    """datasketch MinHashLSH as FineWeb sets it up: every bucket hit is a duplicate."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=perms, params=(bands, perms // bands))
    parent = list(range(len(docs)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, d in enumerate(docs):
        m = _datasketch_sig(d.text, shingle, perms, MinHash)
        for j in lsh.query(m):
            a, b = find(i), find(int(j))
            parent[max(a, b)] = min(a, b)
        lsh.insert(str(i), m)
    return pairwise(truth_of(docs), [find(i) for i in range(len(docs))])


_WORD = re.compile(r"\w+")


def _datasketch_sig(text: str, shingle: int, perms: int, minhash_cls: type) -> object:
    """datasketch's signature of the same word shingles (same normalisation as ours)."""
    w = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    grams = {" ".join(w[i : i + shingle]).encode() for i in range(max(1, len(w) - shingle + 1))}
    m = minhash_cls(num_perm=perms)
    m.update_batch(list(grams))
    return m


def cmd_quality(args: argparse.Namespace) -> None:
    docs = corpus(args.docs)
    planted = sum(1 for d in docs if d.group >= 0)
    print(f"corpus: {len(docs)} documents, {planted} in planted groups, {_pairs(truth_of(docs))} true pairs")
    s = Settings()
    p, r, el = ours(docs, s)
    print(f"cleaner defaults {s}: precision {p:.4f} recall {r:.4f} ({len(docs) / el:.0f} docs/s end to end)")
    if not args.no_baseline:
        p, r = fineweb(docs)
        print(f"datasketch FineWeb-style (5-grams, 112 perms, 14x8, no verification): precision {p:.4f} recall {r:.4f}")


def cmd_sweep(args: argparse.Namespace) -> None:
    docs = corpus(args.docs)
    for shingle in (2, 3, 5):
        for perms, bands in ((128, 32), (128, 16), (112, 14)):
            for thr in (0.25, 0.3, 0.35):
                p, r, el = ours(docs, Settings(shingle=shingle, permutations=perms, bands=bands, threshold=thr))
                print(
                    f"shingle {shingle} perms {perms} bands {bands} thr {thr}: P {p:.4f} R {r:.4f} {el:.1f}s",
                    flush=True,
                )


def cmd_speed(args: argparse.Namespace) -> None:
    from datasketch import MinHash

    s = Settings()
    texts = [d.text for d in corpus(args.docs)]
    chunk = 256
    best_ours = best_ds = float("inf")
    for _ in range(args.repeat):  # interleaved, best of N: the machine is shared
        t = time.perf_counter()
        for i in range(0, len(texts), chunk):
            sketch_texts(s, texts[i : i + chunk])
        best_ours = min(best_ours, time.perf_counter() - t)
        t = time.perf_counter()
        for text in texts:
            _datasketch_sig(text, s.shingle, s.permutations, MinHash)
        best_ds = min(best_ds, time.perf_counter() - t)
    words_n = sum(len(t.split()) for t in texts) / len(texts)
    print(f"{len(texts)} documents, {words_n:.0f} words on average, {s.shingle}-gram shingles, {s.permutations} perms")
    print(f"cleaner  (numpy, sketch incl. band keys): {len(texts) / best_ours:8.0f} docs/s")
    print(f"datasketch MinHash.update_batch         : {len(texts) / best_ds:8.0f} docs/s")
    print(f"ratio: {best_ds / best_ours:.1f}x")


def _memory_child(n: int) -> None:
    gen = Generator()

    def stream() -> object:
        return ((d.id, d.text) for d in gen.docs(n))

    t = time.perf_counter()
    res = run(stream)  # type: ignore[arg-type]
    el = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    dups = int((res.keep != range(len(res))).sum())
    print(
        f"{n} documents in {el:.0f}s ({n / el:.0f} docs/s): {res.pairs_verified} pairs verified, "
        f"{res.pairs_joined} joined, {dups} duplicates; sketch arrays {res.sketches.nbytes / n:.0f} B/doc; "
        f"peak RSS {rss / 2**20:.0f} MiB = {rss / n:.0f} B/doc"
    )


def cmd_memory(args: argparse.Namespace) -> None:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    subprocess.run([sys.executable, __file__, "_memory", "--docs", str(args.docs)], check=True, env=env)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name, default in (("quality", 20000), ("sweep", 10000), ("speed", 3000), ("memory", 1_000_000), ("_memory", 0)):
        p = sub.add_parser(name)
        p.add_argument("--docs", type=int, default=default)
        p.add_argument("--repeat", type=int, default=3)
        p.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    if args.cmd == "_memory":
        _memory_child(args.docs)
        return
    {"quality": cmd_quality, "sweep": cmd_sweep, "speed": cmd_speed, "memory": cmd_memory}[args.cmd](args)


if __name__ == "__main__":
    main()
