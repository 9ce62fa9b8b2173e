"""The step registry: every step of the pipeline, in the order it runs.

``cleaner/data/steps.toml`` names each step's module; the module declares the step
(:class:`cleaner.steps.Step`: stage, the steps it reads, contextual, parameters) and
:func:`cleaner.steps.derive_order` orders them, raising at import on a cycle or a read of a
later step.  Adding a step is one module, one ``steps.toml`` table and one catalogue entry.

Text rules live here, each in its own module, with phrase lists and patterns from ``data/``.
Order matters where a rule feeds another: shortcodes harvest caption texts that the image
rule then removes everywhere (it reads ``shortcode``); buttons go before related posts so
that a lone "Read more" is a button, not a related-posts heading.

Every rule states its cost in its docstring, for a document of n blocks and L characters in
all: each is O(n + L) in time (neighbour windows and candidate lists are capped; patterns are
anchored, bounded or searched in a bounded tail) and at most O(n + L) in memory.  Phrase
patterns are data: they must not nest repeats, so that a match stays linear in its text.
"""

from __future__ import annotations

from ..dedup import DUPLICATE
from ..steps import Stage, Step, registry
from .base import Rule

BY_NAME: dict[str, Step] = registry()
STEPS: list[Step] = list(BY_NAME.values())

# Every name that can appear in removals, the names ``disabled_rules`` takes: each step
# records its removals under its own name and no other (extraction's caption markup too,
# under the caption rule's name).
RULE_NAMES = [s.name for s in STEPS]

# The steps that mark blocks after splitting, by stage (the pipeline runs them in this order).
RULES: list[Rule] = [s for s in STEPS if s.stage is Stage.RULES]
STRUCTURE_RULES: list[Rule] = [s for s in STEPS if s.stage is Stage.STRUCTURE]
FINAL_RULES: list[Rule] = [s for s in STEPS if s.stage is Stage.FINALIZE]


__all__ = [
    "BY_NAME",
    "DUPLICATE",
    "FINAL_RULES",
    "RULES",
    "RULE_NAMES",
    "STEPS",
    "STRUCTURE_RULES",
    "Rule",
]
