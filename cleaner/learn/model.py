"""A small gradient-boosted tree model, evaluated with numpy: no learning library at run time.

The trainer (``benchmarks/train_lines.py``, LightGBM) writes the trees as flat arrays in one
``.npz`` file; this module loads it once per process and scores a whole document's blocks in
one vectorised walk: every tree advances one level per step for every block, so a document
costs ``depth`` numpy operations over an (blocks x trees) array, whatever its size.

File format (``numpy.savez``, read with ``allow_pickle=False``): ``feature`` (int32, -1 for a
leaf), ``threshold`` (float32; ``x <= threshold`` goes left), ``left``/``right`` (int32 node
ids), ``value`` (float32 leaf scores), ``roots`` (int32, one per tree), ``buckets`` (int32:
the hashed word buckets the trees use, in the order of their columns after the dense
features), ``depth`` (int32 scalar) and ``meta`` (a JSON string: feature names, threshold,
how it was trained).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .. import jsonout
from .features import HASH_BUCKETS, N_DENSE

DEFAULT_MODEL = "lines.npz"


@dataclass(frozen=True)
class TreeModel:
    """A boosted tree ensemble over dense features plus hashed word buckets."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    buckets: np.ndarray
    depth: int
    meta: dict[str, Any] = field(default_factory=dict)
    columns: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Bucket -> column after the dense features (-1: a bucket no tree reads).
        columns = np.full(HASH_BUCKETS, -1, dtype=np.int64)
        columns[self.buckets] = np.arange(len(self.buckets))
        object.__setattr__(self, "columns", columns)

    @property
    def cutoff(self) -> float:
        """The probability under which a block is not body (chosen by cross-validation)."""
        return float(self.meta.get("threshold", 0.5))

    def matrix(self, dense: np.ndarray, rows: np.ndarray, buckets: np.ndarray) -> np.ndarray:
        """The model's input: the dense features, then one 0/1 column per bucket it uses.

        O(n x columns + len(rows))."""
        x = np.zeros((dense.shape[0], N_DENSE + len(self.buckets)), dtype=np.float32)
        x[:, :N_DENSE] = dense
        if len(rows) and len(self.buckets):
            cols = self.columns[buckets]
            hit = cols >= 0
            x[rows[hit], N_DENSE + cols[hit]] = 1.0
        return x

    def predict(self, x: np.ndarray) -> np.ndarray:
        """P(body) for each row of ``x``.  O(depth) numpy steps over (rows x trees)."""
        n = x.shape[0]
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        row = np.arange(n)[:, None]
        for _ in range(self.depth):
            f = self.feature[node]
            leaf = f < 0
            if leaf.all():
                break
            vals = x[row, np.where(leaf, 0, f)]
            nxt = np.where(vals <= self.threshold[node], self.left[node], self.right[node])
            node = np.where(leaf, node, nxt)
        score = self.value[node].sum(axis=1) + float(self.meta.get("init_score", 0.0))
        return (1.0 / (1.0 + np.exp(-score))).astype(np.float32)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            feature=self.feature,
            threshold=self.threshold,
            left=self.left,
            right=self.right,
            value=self.value,
            roots=self.roots,
            buckets=self.buckets,
            depth=np.int32(self.depth),
            meta=np.array(jsonout.dumps(self.meta, sort_keys=True)),
        )


def read_model(source: Any) -> TreeModel:
    """A model from a path or an open binary file (never unpickles).  O(model size)."""
    with np.load(source, allow_pickle=False) as z:
        return TreeModel(
            feature=z["feature"].astype(np.int32),
            threshold=z["threshold"].astype(np.float32),
            left=z["left"].astype(np.int32),
            right=z["right"].astype(np.int32),
            value=z["value"].astype(np.float32),
            roots=z["roots"].astype(np.int32),
            buckets=z["buckets"].astype(np.int32),
            depth=int(z["depth"]),
            meta=json.loads(str(z["meta"])),
        )


@cache
def load_model(path: str | None = None) -> TreeModel:
    """The shipped model (``path`` None) or one a user trained; loaded once per process."""
    if path is not None:
        return read_model(Path(path))
    with resources.files("cleaner.learn").joinpath("data", DEFAULT_MODEL).open("rb") as fh:
        return read_model(fh)
