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

import importlib

from ..dedup import DUPLICATE
from ..steps import Stage, Step, StepDeclarationError, derive_order, readers_of, steps_data
from .base import Rule


def _declared() -> list[Step]:
    """The steps ``steps.toml`` lists, in its order, each found in its module (a public
    attribute; a private one is a helper).  O(steps)."""
    out = []
    for name, table in steps_data()["steps"].items():
        module = importlib.import_module(table["module"])
        found = [v for k, v in vars(module).items() if isinstance(v, Step) and v.name == name and not k.startswith("_")]
        if len(found) != 1:
            raise StepDeclarationError(f"{table['module']} declares {len(found)} steps named {name!r}, not one")
        out.append(found[0])
    return out


STEPS: list[Step] = derive_order(_declared())
BY_NAME: dict[str, Step] = {s.name: s for s in STEPS}

# Every name that can appear in removals, the names ``disabled_rules`` takes: each step
# records its removals under its own name and no other (extraction's caption markup too,
# under the caption rule's name).
RULE_NAMES = [s.name for s in STEPS]

# The steps that mark blocks after splitting, by stage (the pipeline runs them in this order).
RULES: list[Rule] = [s for s in STEPS if s.stage is Stage.RULES]
STRUCTURE_RULES: list[Rule] = [s for s in STEPS if s.stage is Stage.STRUCTURE]
FINAL_RULES: list[Rule] = [s for s in STEPS if s.stage is Stage.FINALIZE]


def disable_warnings(disabled: frozenset[str]) -> list[str]:
    """A warning for each disabled step that steps left running read.  O(steps)."""
    out = []
    for name in sorted(disabled):
        readers = [r for r in readers_of(STEPS, name) if r not in disabled]
        if readers:
            who = "it reads" if len(readers) == 1 else "they read"
            out.append(f"disabling {name!r} leaves {', '.join(readers)} without the verdicts {who}")
    return out


__all__ = ["BY_NAME", "DUPLICATE", "FINAL_RULES", "RULES", "RULE_NAMES", "STEPS", "STRUCTURE_RULES", "Rule"]
