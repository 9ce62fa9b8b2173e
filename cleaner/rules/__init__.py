"""Boilerplate rules, in the order they run.

Each rule lives in its own module, exposes ``RULE`` (a :class:`~cleaner.rules.base.Rule`),
and takes its phrase lists and patterns from ``data/``.  Order matters where a rule feeds
another: shortcodes harvest caption texts that the caption rule then removes everywhere.
"""

from __future__ import annotations

from .base import Rule

RULES: list[Rule] = []

RULE_NAMES = [r.name for r in RULES]
