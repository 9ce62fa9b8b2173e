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
    _levels: tuple[list[np.ndarray], list[np.ndarray], np.ndarray] = field(init=False, repr=False, compare=False)
    _leaf_values: np.ndarray = field(init=False, repr=False, compare=False)  # value of each last-level slot

    def __post_init__(self) -> None:
        # Bucket -> column after the dense features (-1: a bucket no tree reads).
        columns = np.full(HASH_BUCKETS, -1, dtype=np.int64)
        columns[self.buckets] = np.arange(len(self.buckets))
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "_levels", self._complete())
        object.__setattr__(self, "_leaf_values", self.value[self._levels[2]])

    def _complete(self) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
        """The trees as complete binary trees of ``depth`` levels, level by level: for level l,
        the feature and threshold of node i of tree t at ``t * 2**l + i`` (its children at
        twice that, plus 0 or 1), and the original node each of the ``2**depth`` slots of the
        last level stands for.  A leaf above the last level becomes a node whose test always
        sends left (threshold +inf) to copies of itself, so every row takes exactly ``depth``
        steps and ends on the node the tree walk would stop at.  O(trees x 2**depth)."""
        node = self.roots.astype(np.int64)
        features, thresholds = [], []
        for _ in range(self.depth):
            leaf = self.feature[node] < 0
            features.append(np.where(leaf, 0, self.feature[node]).astype(np.int64))
            thresholds.append(np.where(leaf, np.float32(np.inf), self.threshold[node]).astype(np.float32))
            node = np.stack([np.where(leaf, node, self.left[node]), np.where(leaf, node, self.right[node])], axis=-1)
            node = node.reshape(len(self.roots), -1).ravel()
        return features, thresholds, node

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
        """P(body) for each row of ``x``.  ``depth`` steps, each a few numpy operations over
        (rows x trees) flat arrays (the complete trees of :meth:`_complete`): the node of
        tree t for row r is ``t * 2**level + i``, its test reads ``x`` at ``r * width + f``."""
        n = x.shape[0]
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        features, thresholds, _ = self._levels
        flat = np.ascontiguousarray(x).ravel()
        start = (np.arange(n, dtype=np.int64) * x.shape[1])[:, None]
        slot = np.broadcast_to(np.arange(len(self.roots), dtype=np.int64), (n, len(self.roots))).copy()
        # np.take, not fancy indexing: the same gathers without the indexing machinery (a
        # third of the time on a dump's few hundred rows).
        for feature, threshold in zip(features, thresholds, strict=True):
            right = ~(np.take(flat, np.take(feature, slot) + start) <= np.take(threshold, slot))  # NaN goes right
            slot *= 2
            slot += right
        score = np.take(self._leaf_values, slot).sum(axis=1) + float(self.meta.get("init_score", 0.0))
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
