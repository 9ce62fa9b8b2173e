"""``cleaner check``: the cleaner's rules in detect-only mode over already-clean text.

A corpus that was cleaned (by this tool or any other) should hold no boilerplate: every block
or span a rule would still remove is a *finding* (file or record, line, rule, text).  Findings
are counted against thresholds (:mod:`.thresholds`) and printed in one of several formats
(:mod:`.formats`) so that a CI job can gate a dataset.
"""

from __future__ import annotations

from .corpus import CORPUS_RULE, Match, duplicate_documents
from .findings import DEDUP_RULE, Finding, document_findings, known_rules
from .run import CheckDoc, CheckResult, check_docs, iter_check_docs
from .thresholds import ThresholdError, Thresholds

__all__ = [
    "CORPUS_RULE",
    "DEDUP_RULE",
    "CheckDoc",
    "CheckResult",
    "Finding",
    "Match",
    "ThresholdError",
    "Thresholds",
    "check_docs",
    "document_findings",
    "duplicate_documents",
    "iter_check_docs",
    "known_rules",
]
