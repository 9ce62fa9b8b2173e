"""Dedup as a pipeline step: repeated paragraphs collapsed (:mod:`cleaner.dedup`; in a text
dump, the running text repeated too), recorded under ``duplicate``.

The step is declared here, above both dedup and the line model, because dedup asks the line
model's document verdict (:func:`.linemodel.has_chrome`) before it lets a text's repeated
records or refrains stand: a stage never imports the one that runs after it.
"""

from __future__ import annotations

from ..dedup import DUPLICATE
from ..dedup.paragraphs import collapse_duplicates
from ..dedup.running import collapse_running_text
from ..model import Document
from ..options import Options
from ..steps import Stage, Step
from .linemodel import has_chrome


def collapse(doc: Document, options: Options) -> None:
    """Repeated paragraphs collapsed, with the line model as the judge of chrome: O(n + L)
    (see :func:`collapse_duplicates`), plus one scoring pass when dedup asks for its verdict."""
    collapse_duplicates(doc, options, chrome=lambda: has_chrome(doc, options, keep=False))


def apply(doc: Document, options: Options) -> None:
    """:func:`collapse`, then the running text; nothing when ``options.dedup`` is off."""
    if not options.dedup:
        return
    collapse(doc, options)
    if doc.kind == "text":
        collapse_running_text(doc)


# Its tunables are Options fields (dedup_ratio, min_dedup_chars...), documented API since before steps.
STEP = Step(DUPLICATE, apply, stage=Stage.DEDUP)
