"""HTML extraction's steps: declared here (no lxml import), run inside
:func:`cleaner.extract.html.extract_html`, which records their removals under these names."""

from __future__ import annotations

from dataclasses import dataclass

from ..steps import Stage, Step

LIMITS = "html_limits"  # pathological markup cut (counted per reason, never a block)
PRUNE = "html_prune"  # a block under an element whose tag/class/id/role marks boilerplate
SELECTION = "html_selection"  # a block outside the chosen main-content container


@dataclass(frozen=True, slots=True)
class PruneParams:
    """unprune_share: share of the page's prose a provisionally pruned box must hold to be
    restored (a wrapper with an unlucky class name); lower restores more (recall)."""

    unprune_share: float


@dataclass(frozen=True, slots=True)
class SelectionParams:
    """fallback_min_chars: with less kept text than this, a recall-oriented second pass is
    tried (0: never); fallback_gain: how many times more text that pass must keep to win;
    product_span: on a page that declares one product, keep every block between the first and
    the last chosen one but link-dense ones (its summary, spec box and description are
    several regions, not one container)."""

    fallback_min_chars: int
    fallback_gain: float
    product_span: bool


# The caps bound the cost of hostile markup: they cannot be switched off.
LIMITS_STEP = Step(LIMITS, None, stage=Stage.EXTRACT, html_only=True, can_disable=False)
PRUNE_STEP = Step(PRUNE, None, stage=Stage.EXTRACT, html_only=True, params=PruneParams)
SELECTION_STEP = Step(SELECTION, None, stage=Stage.EXTRACT, reads=(PRUNE,), html_only=True, params=SelectionParams)
