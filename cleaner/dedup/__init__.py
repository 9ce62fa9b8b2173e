"""Repeated paragraphs inside a document (:mod:`.paragraphs`, :mod:`.running`) and across
documents (:mod:`.corpus`)."""

# The step name dedup records its removals under (and ``disabled_rules`` takes), defined once.
DUPLICATE = "duplicate"
