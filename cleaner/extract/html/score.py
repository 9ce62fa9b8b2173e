"""Classification and selection, under the name the pipeline has imported them by.

The work is done in :mod:`.classify` (block classes, language), :mod:`.unprune`
(provisional prune verdicts revisited) and :mod:`.select` (containers weighed, listings).
"""

from __future__ import annotations

from .classify import BAD, GOOD, NEAR, SHORT, TEASER, Scored, classify, classify_page, mark_teasers, stopword_density
from .select import best_container, select
from .unprune import unprune

__all__ = [
    "BAD",
    "GOOD",
    "NEAR",
    "SHORT",
    "TEASER",
    "Scored",
    "best_container",
    "classify",
    "classify_page",
    "mark_teasers",
    "select",
    "stopword_density",
    "unprune",
]
