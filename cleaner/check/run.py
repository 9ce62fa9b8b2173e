"""Stream a corpus through the check: read, find, count, hand findings to a formatter.

Inputs are read by the ordinary sources (files, folders, globs, ``-``, JSONL, compressed), so a
corpus is read one record at a time; only a few bytes per document stay in memory (its name,
for corpus matches and the residue rate).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..model import Confidence
from ..options import Options
from ..progress import ProgressBar, Tally
from ..records import read_records, unreadable
from ..sources import ReadConfig, expand_inputs
from ..sources.decode import decode_bytes
from ..sources.files import STDIN
from .baseline import Baseline
from .corpus import CORPUS_RULE, duplicate_documents
from .findings import Finding, document_findings, text_digest
from .thresholds import Thresholds

# A near-duplicate is what the corpus check exists for, verified by shingle Jaccard: sure.
CORPUS_CONFIDENCE = Confidence.SURE


@dataclass(frozen=True, slots=True)
class CheckDoc:
    """One document to check: its text and where it came from (``record`` is the id of a
    record inside a container, None for a whole file)."""

    key: str  # unique within a run
    path: str
    record: str | None
    position: str
    text: str


DROPPED = "dropped"  # ReadProblem.kind of a record that is not a document (counted, not a failure)


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A record that could not be read (it fails the check: nothing may be skipped unseen),
    or, with kind :data:`DROPPED`, one the reader says is not a document (a WARC image)."""

    path: str
    position: str
    record: str
    kind: str
    message: str


class FindingSink(Protocol):
    """What a check formatter receives while the corpus streams by (findings, not cleaned
    documents: the writers of cleaned output are :class:`cleaner.sinks.base.Sink`)."""

    def finding(self, f: Finding, counted: bool) -> None: ...
    def document(self, doc: CheckDoc) -> None: ...
    def problem(self, p: ReadProblem) -> None: ...
    def finish(self, result: CheckResult) -> None: ...


@dataclass
class CheckResult:
    """Totals of a run and its verdict.  ``findings``/``counts``/``with_findings``: the counted
    findings (sure ones, guesses too under ``strict``); ``guesses``/``guess_counts``/
    ``with_guesses`` (documents): those reported but not counted; ``suppressed``: known to the baseline;
    ``stale``: baseline findings not found again."""

    thresholds: Thresholds
    documents: int = 0
    with_findings: int = 0
    findings: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    guesses: int = 0
    guess_counts: dict[str, int] = field(default_factory=dict)
    with_guesses: int = 0
    baseline: str | None = None  # "compared" to a baseline, or "recorded" in one
    suppressed: int = 0
    stale: int = 0
    ignored: int = 0
    problems: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    passed: bool = True
    why: str = ""

    @property
    def residue_rate(self) -> float:
        return self.with_findings / self.documents if self.documents else 0.0

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "why": self.why,
            "documents": self.documents,
            "documents_passed": self.documents - self.with_findings,
            "documents_with_findings": self.with_findings,
            "residue_rate": round(self.residue_rate, 6),
            "findings_total": self.findings,
            "findings_by_rule": dict(sorted(self.counts.items())),
            "guesses_not_counted": self.guesses,
            "guesses_by_rule": dict(sorted(self.guess_counts.items())),
            "documents_with_guesses": self.with_guesses,
            "baseline": (
                {"mode": self.baseline, "suppressed": self.suppressed, "stale": self.stale} if self.baseline else None
            ),
            "ignored_findings": self.ignored,
            "unreadable_records": self.problems,
            "dropped_by_reason": dict(sorted(self.dropped.items())),
            "thresholds": self.thresholds.to_dict(),
        }


def iter_check_docs(
    inputs: Iterable[str], config: ReadConfig | None = None, bar: ProgressBar | None = None
) -> Iterator[CheckDoc | ReadProblem]:
    """Every document of ``inputs`` (files, folders, globs, ``-``), in input order, as text.

    A page sniffed as HTML is checked as the text it is (check reads finished text, whatever
    produced it).  Raises ``InputError`` for an input that does not exist (a usage error).
    ``bar``: progress by bytes read (see :mod:`cleaner.progress`).
    Time O(total size); memory O(largest record)."""
    config = config or ReadConfig(text_field="text")
    n = 0
    files = expand_inputs(list(inputs), include_globs=config.include, exclude_globs=config.exclude)
    tally = Tally(input_bytes_total=sum(f.size or 0 for f in files if f.skip is None))
    for f, rec in read_records(files, config, tally, bar):
        path = "stdin" if f.path == STDIN else f.path
        gone = unreadable(rec)  # the one policy (cleaner.records): failed by kind, or dropped
        if gone is not None:
            failed = gone.status == "failed"
            tally.failed += failed
            kind, message = (gone.reason, gone.message) if failed else (DROPPED, gone.reason)
            yield ReadProblem(path, rec.position, rec.id, kind or "unknown", message or "")
            continue
        assert rec.doc is not None
        raw = rec.doc.raw
        text = raw if isinstance(raw, str) else decode_bytes(raw)[0]
        record = rec.doc.id if rec.position else None
        yield CheckDoc(str(n), path, record, rec.position, text)
        n += 1


def first_items(
    items: Iterator[CheckDoc | ReadProblem],
) -> tuple[list[CheckDoc | ReadProblem], Iterator[CheckDoc | ReadProblem]]:
    """The items up to the first one that is not a :data:`DROPPED` record (a document or an
    unreadable record), and the rest of the stream: the head is empty or ends with dropped
    records only when there is nothing to check, which the caller can then refuse before
    writing any output.  O(leading dropped records) memory."""
    head: list[CheckDoc | ReadProblem] = []
    for item in items:
        head.append(item)
        if not (isinstance(item, ReadProblem) and item.kind == DROPPED):
            break
    return head, items


def check_docs(
    items: Iterable[CheckDoc | ReadProblem],
    thresholds: Thresholds,
    sink: FindingSink,
    options: Options | None = None,
    baseline: Baseline | None = None,
) -> CheckResult:
    """Check every document, then the corpus as a whole; the verdict is in the result.

    Findings reach ``sink`` as they are found, with whether they count (ignored rules, and
    findings the ``baseline`` knows, are counted in the totals, not passed on).
    Time: the pipeline's, O(total characters); memory O(documents) for the names and the
    corpus index, plus what the sink and the baseline keep."""
    mode = None if baseline is None else "recorded" if baseline.known is None else "compared"
    result = CheckResult(thresholds, baseline=mode)
    names: dict[str, CheckDoc] = {}
    flagged: set[str] = set()
    guessed: set[str] = set()

    def emit(f: Finding, key: str) -> None:
        if f.rule in thresholds.ignore:
            result.ignored += 1
            return
        if baseline is not None and baseline.suppress(f):
            result.suppressed += 1
            return
        counted = thresholds.counts(f)
        if counted:
            result.findings += 1
            result.counts[f.rule] = result.counts.get(f.rule, 0) + 1
            flagged.add(key)
        else:
            result.guesses += 1
            result.guess_counts[f.rule] = result.guess_counts.get(f.rule, 0) + 1
            guessed.add(key)
        sink.finding(f, counted)

    def feed() -> Iterator[tuple[str, str]]:
        for item in items:
            if isinstance(item, ReadProblem) and item.kind == DROPPED:
                result.dropped[item.message] = result.dropped.get(item.message, 0) + 1
                continue
            if isinstance(item, ReadProblem):
                result.problems += 1
                sink.problem(item)
                continue
            result.documents += 1
            names[item.key] = CheckDoc(item.key, item.path, item.record, item.position, "")
            for f in document_findings(item.text, item.path, item.record, item.position, options):
                emit(f, item.key)
            sink.document(item)
            yield item.key, item.text

    for m in duplicate_documents(feed()):
        doc, first = names[m.id], names[m.duplicate_of]
        original = f"{first.path} (record {first.record})" if first.record is not None else first.path
        reason = f"repeats {original} (similarity {m.similarity:.2f})"
        digest = text_digest("")  # one whole-document finding per record: its path and id tell it
        emit(Finding(doc.path, doc.record, doc.position, 1, CORPUS_RULE, reason, "", CORPUS_CONFIDENCE, digest), m.id)
    result.with_findings = len(flagged)
    result.with_guesses = len(guessed)
    result.stale = baseline.stale if baseline is not None else 0
    result.passed, result.why = thresholds.verdict(result.documents, result.with_findings, result.counts)
    if result.problems:
        result.passed = False
        result.why = f"{result.problems} record(s) could not be read; " + result.why
    sink.finish(result)
    return result


__all__ = ["CheckDoc", "CheckResult", "FindingSink", "ReadProblem", "check_docs", "first_items", "iter_check_docs"]
