"""JSON as every output of the project writes it: strict (RFC 8259) JSON only.

Python's ``json.dumps`` writes ``NaN`` and ``Infinity`` by default, which no strict parser
(jq, Arrow, browsers' ``JSON.parse``) reads.  Every JSON the package writes goes through
:func:`dumps`, which never does: a non-finite number (a score without a value, a NaN field
of a JSONL input passed through) is written as ``null``.
"""

from __future__ import annotations

import json
import math
from typing import Any


def _finite(value: Any) -> Any:
    """``value`` with every non-finite float inside it replaced by None.  O(size of value)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def dumps(obj: Any, **kwargs: Any) -> str:
    """``json.dumps(obj, **kwargs)``, strict: NaN and infinities become ``null``.

    O(size of obj); the tree is copied only when it holds a non-finite number."""
    try:
        return json.dumps(obj, allow_nan=False, **kwargs)
    except ValueError as exc:
        if "Out of range float values" not in str(exc):
            raise
        return json.dumps(_finite(obj), allow_nan=False, **kwargs)
