"""Turn what the pipeline would remove from a clean text into findings.

Detect-only: the text goes through the very pipeline ``cleaner clean`` runs
(:func:`cleaner.pipeline.process` on a text ``Document``), and each removal or cut becomes a
:class:`Finding` named by the rule that made it, so check and clean can never disagree on what
boilerplate is.  Dedup's removals are repeated paragraphs inside the document.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..dedup.paragraphs import RULE as DEDUP_RULE
from ..model import Confidence, Cut, Document
from ..options import Options
from ..pipeline import process
from ..rules import RULE_NAMES
from ..steps import confidence_of
from .corpus import CORPUS_RULE

_CLIP = 160


@dataclass(frozen=True, slots=True)
class Finding:
    """One residue: ``path`` (the file), ``record`` (its id inside a JSONL, else None),
    ``position`` (where the record starts in the file, e.g. "line 12"; "" for a whole file),
    ``line`` (1-based, inside the document's text), the rule's name, its reason, the text (clipped),
    how sure the rule is (the removal's, else its step's declaration in ``steps.toml``) and
    ``digest``, a hash of the whole text normalised (:func:`text_digest`)."""

    path: str
    record: str | None
    position: str
    line: int
    rule: str
    reason: str
    text: str
    confidence: Confidence
    digest: str

    @property
    def sure(self) -> bool:
        return self.confidence is Confidence.SURE

    @property
    def fingerprint(self) -> tuple[str, str, str, str]:
        """What identifies the finding across edits of the corpus (the baseline's key): path,
        record id, rule and text digest, never a line number.  O(1)."""
        return (self.path, self.record or "", self.rule, self.digest)

    @property
    def file_line(self) -> int:
        """The line in ``path`` to point an editor or a CI annotation at.

        For a whole file it is the finding's line; for a JSONL record it is the record's line
        (its text is one JSON string).  O(len(position))."""
        if self.position.startswith("line "):
            try:
                return int(self.position[5:])
            except ValueError:
                return 1
        return self.line

    @property
    def where(self) -> str:
        """``path``, plus the record id when the document is a record in a container."""
        return f"{self.path} (record {self.record})" if self.record is not None else self.path


def known_rules() -> list[str]:
    """Every name a finding can carry: the rules', dedup's and the corpus check's.

    Taken from the rule list itself (``cleaner.rules.RULE_NAMES``), never spelled out here.
    O(number of rules)."""
    names = [*RULE_NAMES, DEDUP_RULE, CORPUS_RULE]
    return list(dict.fromkeys(names))


def text_digest(text: str) -> str:
    """A short hash of ``text`` with its whitespace collapsed and case folded: the same
    finding moved, re-wrapped or re-cased keeps its digest.  O(len(text))."""
    norm = " ".join(text.split()).casefold()
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _CLIP else text[: _CLIP - 1] + "…"


def document_findings(
    text: str, path: str, record: str | None = None, position: str = "", options: Options | None = None
) -> list[Finding]:
    """Every block or span of ``text`` the pipeline would remove, in reading order.

    Time and memory: those of :func:`cleaner.pipeline.process`, O(n + L) for n blocks and L
    characters; the findings hold at most :data:`_CLIP` characters of text each."""
    doc = process(Document(id=record or path, raw=text, kind="text", source=path), options)
    out: list[Finding] = []
    for block, removal in doc.removed():
        line = block.origin.line_start or 1
        if isinstance(removal, Cut):
            shown = block.text[removal.start : removal.end]
        else:
            shown = block.text
        reason = removal.reason
        if removal.rule == DEDUP_RULE:
            reason = f"repeated paragraph: {reason}"
        finding = Finding(
            path, record, position, line, removal.rule, reason, _clip(shown), confidence_of(removal), text_digest(shown)
        )
        out.append(finding)
    return out
