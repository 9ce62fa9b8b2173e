#!/usr/bin/env python3
"""Train the line classifier of the text path from the development sets; seeded, reproducible.

Usage::

    python benchmarks/train_lines.py data [--sets wcxb,traf] [--renderers ...] [-j N]   # build block datasets
    python benchmarks/train_lines.py train [--train wcxb] [--k 5] [--out cleaner/learn/data/lines.npz]

Data: every page of ``wcxb-dev`` and ``trafilatura-eval`` rendered to text by several renderers
(``benchmarks/renderers.py``), split into blocks exactly as ``cleaner clean`` splits a dump, and
each block labelled: wcxb by aligning the dump with the page's true text (a block is body when
most of its words align, ``textbench.body_words``); trafilatura-eval by its snippets (a block
inside or holding a "with" snippet is body, one holding a "without" snippet is not, the rest
is left out).  Features: :mod:`cleaner.learn.features`.

Model: LightGBM (``pip install lightgbm scikit-learn scipy``), depth-bounded trees, fixed seeds
and LightGBM's deterministic mode at a fixed thread count (2), exported to the numpy format of
:mod:`cleaner.learn.model` (the export is checked to score as the booster does).  On the
2-core machine: about 3 minutes to build both datasets, 25 minutes to train (5 folds + final).
``train`` picks the probability threshold by grouped cross-validation (pages never split
between folds, all renderings of a page in one fold) on the training set, reports the held-out
figures and the other set's, and writes one model per fold with the page -> fold map
(``_work/folds-SET/folds.json``), so ``textbench.py --folds`` scores every page with a model
that never saw it.  Retrain on your own pages: render them, write an ``evaldata.json``
in the wcxb format (``articleBody`` = the true text), point ``--set-path`` at it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import collapse_ws
from renderers import RENDERERS
from textbench import SETS, Job, body_words, load_jobs, render

from cleaner.learn.features import FEATURE_NAMES, HASH_BUCKETS, N_DENSE, document_features
from cleaner.learn.model import TreeModel
from cleaner.model import Document
from cleaner.options import Options
from cleaner.pipeline import split

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "benchmarks" / "_work"
SEED = 20261206
PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.08,
    "num_leaves": 31,
    "max_depth": 7,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.7,
    "bagging_fraction": 0.5,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "use_missing": False,
    "zero_as_missing": False,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 2,
    "seed": SEED,
    "verbose": -1,
}
ROUNDS = 200


def _labels_traf(blocks: list[str], with_: tuple[str, ...], without: tuple[str, ...]) -> list[int]:
    """1 body, 0 boilerplate, -1 unknown, from the snippets (whitespace collapsed)."""
    withs = [collapse_ws(w) for w in with_ if collapse_ws(w)]
    withouts = [collapse_ws(w) for w in without if collapse_ws(w)]
    out = []
    for text in blocks:
        t = collapse_ws(text)
        if len(t) < 3:
            out.append(-1)
        elif any(w in t or (len(t) >= 20 and t in w) for w in withs):
            out.append(1)
        elif any(w in t or (len(t) >= 20 and t in w) for w in withouts):
            out.append(0)
        else:
            out.append(-1)
    return out


def page_data(job: Job) -> dict[str, Any]:
    """One rendered page: features, labels and word counts of its blocks."""
    text = render(job)
    doc = Document(id=job.id, raw=text, kind="text")
    split(doc, Options())
    blocks = [b for b in doc.blocks if b.text]
    dense, rows, buckets = document_features(blocks, doc.language, doc.title)
    words = [b.nwords for b in blocks]
    if job.body:
        marks = body_words(text.splitlines(), job.body)
        labels = []
        for b in blocks:
            lo, hi = (b.origin.line_start or 1) - 1, b.origin.line_end or b.origin.line_start or 1
            span = marks[lo:hi]
            total = sum(len(m) for m in span)
            labels.append(1 if total and 2 * sum(sum(m) for m in span) >= total else 0)
    else:
        labels = _labels_traf([b.text for b in blocks], job.with_, job.without)
    return {
        "dense": dense,
        "rows": rows,
        "buckets": buckets,
        "labels": np.asarray(labels, dtype=np.int8),
        "words": np.asarray(words, dtype=np.int32),
        "page": f"{job.set}/{job.id}",
        "renderer": job.renderer,
        "page_type": job.page_type,
    }


def build(set_name: str, renderers: list[str], jobs: int, limit: int | None) -> Path:
    todo = load_jobs([set_name], renderers, limit)
    dense, rows, buckets, labels, words, page, renderer, ptype = [], [], [], [], [], [], [], []
    offset = 0
    with ProcessPoolExecutor(jobs) as pool:
        for d in pool.map(page_data, todo, chunksize=8):
            n = len(d["labels"])
            dense.append(d["dense"])
            rows.append(d["rows"] + offset)
            buckets.append(d["buckets"])
            labels.append(d["labels"])
            words.append(d["words"])
            page += [d["page"]] * n
            renderer += [d["renderer"]] * n
            ptype += [d["page_type"]] * n
            offset += n
    out = WORK / f"lines-{set_name}.npz"
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        dense=np.concatenate(dense),
        rows=np.concatenate(rows),
        buckets=np.concatenate(buckets),
        labels=np.concatenate(labels),
        words=np.concatenate(words),
        page=np.asarray(page),
        renderer=np.asarray(renderer),
        page_type=np.asarray(ptype),
    )
    print(f"{set_name}: {offset} blocks from {len(todo)} dumps -> {out}")
    return out


def load(set_name: str) -> dict[str, Any]:
    with np.load(WORK / f"lines-{set_name}.npz", allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def matrix(d: dict[str, Any], mask: np.ndarray | None = None) -> Any:
    """The training matrix: dense features, then every hashed bucket, as CSR."""
    from scipy import sparse

    n = len(d["labels"])
    hashed = sparse.csr_matrix(
        (np.ones(len(d["rows"]), dtype=np.float32), (d["rows"], d["buckets"])), shape=(n, HASH_BUCKETS)
    )
    hashed.data[:] = 1.0  # a word pair seen twice in a block is still one presence
    x = sparse.hstack([sparse.csr_matrix(d["dense"]), hashed], format="csr")
    return x if mask is None else x[mask]


def weights(d: dict[str, Any], mask: np.ndarray) -> np.ndarray:
    """Longer blocks weigh more (the body metric counts words), but not linearly."""
    return 1.0 + np.log1p(d["words"][mask].astype(np.float32))


def fit(x: Any, y: np.ndarray, w: np.ndarray) -> Any:
    import lightgbm as lgb

    return lgb.train(PARAMS, lgb.Dataset(x, label=y, weight=w, params={"verbose": -1}), num_boost_round=ROUNDS)


def export(booster: Any, meta: dict[str, Any]) -> TreeModel:
    """LightGBM trees -> flat arrays; hashed features renumbered to the buckets used."""
    dump = booster.dump_model()
    used: dict[int, int] = {}
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    depth = 0

    def walk(node: dict[str, Any], d: int) -> int:
        nonlocal depth
        depth = max(depth, d)
        me = len(feature)
        feature.append(-1)
        threshold.append(0.0)
        left.append(me)
        right.append(me)
        value.append(0.0)
        if "leaf_value" in node:
            value[me] = float(node["leaf_value"])
            return me
        f = int(node["split_feature"])
        if f >= N_DENSE:
            f = N_DENSE + used.setdefault(f - N_DENSE, len(used))
        assert node["decision_type"] == "<="
        feature[me] = f
        threshold[me] = float(node["threshold"])
        left[me] = walk(node["left_child"], d + 1)
        right[me] = walk(node["right_child"], d + 1)
        return me

    for tree in dump["tree_info"]:
        roots.append(walk(tree["tree_structure"], 0))
    buckets = np.zeros(len(used), dtype=np.int32)
    for bucket, col in used.items():
        buckets[col] = bucket
    return TreeModel(
        feature=np.asarray(feature, dtype=np.int32),
        threshold=np.asarray(threshold, dtype=np.float32),
        left=np.asarray(left, dtype=np.int32),
        right=np.asarray(right, dtype=np.int32),
        value=np.asarray(value, dtype=np.float32),
        roots=np.asarray(roots, dtype=np.int32),
        buckets=buckets,
        depth=depth,
        meta=meta,
    )


def word_f1(p: np.ndarray, y: np.ndarray, words: np.ndarray, cut: float) -> float:
    """Body-word F1 of keeping the blocks with p >= cut."""
    keep = p >= cut
    tp = float(words[keep & (y == 1)].sum())
    fp = float(words[keep & (y == 0)].sum())
    fn = float(words[~keep & (y == 1)].sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def best_cut(p: np.ndarray, y: np.ndarray, words: np.ndarray) -> float:
    cuts = np.round(np.arange(0.05, 0.8, 0.025), 3)
    return float(max(cuts, key=lambda c: word_f1(p, y, words, c)))


def auc(p: np.ndarray, y: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p))


def oof(d: dict[str, Any], k: int) -> tuple[np.ndarray, np.ndarray, list[Any], list[np.ndarray]]:
    """Out-of-fold P(body) for every labelled block (folds by page), the fold of each page."""
    from sklearn.model_selection import GroupKFold

    mask = d["labels"] >= 0
    idx = np.flatnonzero(mask)
    x = matrix(d, mask)
    y = d["labels"][mask]
    groups = d["page"][mask]
    p = np.zeros(len(idx), dtype=np.float32)
    boosters, tests = [], []
    for train, test in GroupKFold(n_splits=k).split(x, y, groups):
        booster = fit(x[train], y[train], weights(d, idx[train]))
        p[test] = booster.predict(x[test])
        boosters.append(booster)
        tests.append(np.unique(groups[test]))
    return idx, p, boosters, tests


def cmd_train(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    d = load(args.train)
    idx, p, boosters, tests = oof(d, args.k)
    y, words = d["labels"][idx], d["words"][idx]
    cut = best_cut(p, y, words)
    _save_folds(boosters, tests, cut, Path(args.folds_dir))
    report: dict[str, Any] = {
        "train_set": args.train,
        "cv_folds": args.k,
        "cv_auc": round(auc(p, y), 4),
        "cv_word_f1": round(word_f1(p, y, words, cut), 4),
        "cv_word_f1_keep_all": round(word_f1(p, y, words, -1.0), 4),
        "threshold": cut,
    }
    mask = d["labels"] >= 0
    booster = fit(matrix(d, mask), d["labels"][mask], weights(d, np.flatnonzero(mask)))
    other = "traf" if args.train == "wcxb" else "wcxb"
    if (WORK / f"lines-{other}.npz").exists():
        o = load(other)
        om = o["labels"] >= 0
        po = booster.predict(matrix(o, om))
        report[f"{other}_auc"] = round(auc(po, o["labels"][om]), 4)
        report[f"{other}_word_f1"] = round(word_f1(po, o["labels"][om], o["words"][om], cut), 4)
        report[f"{other}_word_f1_keep_all"] = round(word_f1(po, o["labels"][om], o["words"][om], -1.0), 4)
    report["train_seconds"] = round(time.perf_counter() - t0, 1)
    meta = {
        "name": "line_model",
        "threshold": cut,
        "features": list(FEATURE_NAMES),
        "hash_buckets": HASH_BUCKETS,
        "params": PARAMS,
        "rounds": ROUNDS,
        "report": report,
    }
    model = export(booster, meta)
    # The exported model must score exactly as the booster does.
    check = matrix(d, mask)[:2000]
    mine = model.predict(_dense_for(model, check))
    assert np.allclose(mine, booster.predict(check), atol=1e-4), "export does not match the booster"
    model.save(Path(args.out))
    print(json.dumps(report, indent=1))
    print(f"model: {args.out} ({Path(args.out).stat().st_size:,} bytes, {len(model.roots)} trees, depth {model.depth})")
    return 0


def _dense_for(model: TreeModel, x: Any) -> np.ndarray:
    """The exported model's input from a training CSR matrix (dense part + used buckets)."""
    dense = np.asarray(x[:, :N_DENSE].todense(), dtype=np.float32)
    hashed = x[:, N_DENSE:].tocoo()
    return model.matrix(dense, hashed.row.astype(np.int32), hashed.col.astype(np.int32))


def _save_folds(boosters: list[Any], tests: list[np.ndarray], cut: float, out: Path) -> None:
    """One model per cross-validation fold, and which pages each never saw (``folds.json``)."""
    out.mkdir(parents=True, exist_ok=True)
    pages: dict[str, str] = {}
    for i, (booster, test_pages) in enumerate(zip(boosters, tests, strict=True)):
        path = out / f"fold{i}.npz"
        export(booster, {"name": "line_model", "threshold": cut, "fold": i}).save(path)
        pages.update({str(pg): str(path) for pg in test_pages})
    (out / "folds.json").write_text(json.dumps(pages, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(boosters)} fold models in {out}, threshold {cut}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("data")
    a.add_argument("--sets", default="wcxb,traf")
    a.add_argument("--renderers", default=",".join(RENDERERS))
    a.add_argument("--limit", type=int, default=None)
    a.add_argument("-j", "--jobs", type=int, default=2)
    t = sub.add_parser("train")
    t.add_argument("--train", default="wcxb", choices=sorted(SETS))
    t.add_argument("--k", type=int, default=5)
    t.add_argument("--out", default=str(REPO / "cleaner" / "learn" / "data" / "lines.npz"))
    t.add_argument("--folds-dir", default=None, help="fold models and folds.json [default: _work/folds-SET]")
    args = ap.parse_args(argv)
    if args.cmd == "data":
        for s in args.sets.split(","):
            build(s, args.renderers.split(","), args.jobs, args.limit)
        return 0
    args.folds_dir = args.folds_dir or str(WORK / f"folds-{args.train}")
    return cmd_train(args)


if __name__ == "__main__":
    sys.exit(main())
