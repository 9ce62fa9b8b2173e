"""Dedup as a pipeline step: repeated paragraphs collapsed (and, in a text dump, the running
text repeated), recorded under ``duplicate``."""

from __future__ import annotations

from ..model import Document
from ..options import Options
from ..steps import Stage, Step
from . import DUPLICATE
from .paragraphs import collapse_duplicates
from .running import collapse_running_text


def apply(doc: Document, options: Options) -> None:
    """O(n + L) (see :func:`collapse_duplicates`); nothing when ``options.dedup`` is off."""
    if not options.dedup:
        return
    collapse_duplicates(doc, options)
    if doc.kind == "text":
        collapse_running_text(doc)


# Its tunables are Options fields (dedup_ratio, min_dedup_chars...), documented API since before steps.
STEP = Step(DUPLICATE, apply, stage=Stage.DEDUP)
