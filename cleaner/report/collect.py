"""Run the pipeline over raw pages and gather what the report shows.

Totals cover every record; only the first ``max_docs`` documents are kept for the
per-document view (and each of them only up to ``max_doc_chars`` of text), so a report of a
million pages stays a file a browser opens.  The report says when it shows a sample.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..dedup.paragraphs import RULE as DEDUP_RULE
from ..options import Options
from ..progress import ProgressBar, Tally
from ..records import Outcome, clean_one, read_records
from ..sinks.text import chars_in, render_text
from ..sources import ReadConfig, expand_inputs
from .segments import BlockView, Piece, document_view, page_notes

DEFAULT_MAX_DOCS = 200
DEFAULT_MAX_DOC_CHARS = 50_000
# Upper edges (characters) of the kept-length histogram's bins; the last bin is open.
LENGTH_BINS = (0, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000)


@dataclass(frozen=True, slots=True)
class DocSample:
    """One document shown in the report."""

    id: str
    source: str
    position: str
    chars_in: int
    chars_out: int
    rules: tuple[str, ...]  # rules that removed something, sorted
    notes: tuple[str, ...]
    blocks: tuple[BlockView, ...]
    truncated: bool  # blocks cut at max_doc_chars


@dataclass
class RuleTotal:
    """Removals by one rule: how many, in how many documents, how many characters."""

    removals: int = 0
    documents: int = 0
    chars: int = 0


@dataclass
class Audit:
    """Everything the report shows."""

    inputs: list[str]
    max_docs: int
    documents: int = 0  # processed (written or empty)
    empty: int = 0  # nothing kept
    failed: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    chars_in: int = 0
    chars_out: int = 0
    rules: dict[str, RuleTotal] = field(default_factory=dict)
    duplicates_collapsed: int = 0
    length_bins: list[int] = field(default_factory=lambda: [0] * (len(LENGTH_BINS) + 1))
    samples: list[DocSample] = field(default_factory=list)

    @property
    def shown_all(self) -> bool:
        return len(self.samples) == self.documents


def length_bin(n: int) -> int:
    """Index of the histogram bin for a kept length of ``n`` characters.  O(bins)."""
    for i, edge in enumerate(LENGTH_BINS):
        if n <= edge:
            return i
    return len(LENGTH_BINS)


def _cap(views: list[BlockView], max_chars: int) -> tuple[tuple[BlockView, ...], bool]:
    """The first blocks up to ``max_chars`` characters (at least one).  O(blocks kept)."""
    total = 0
    for i, v in enumerate(views):
        total += sum(len(p.text) for p in v.pieces)
        if total > max_chars and i:
            return tuple(views[:i]), True
    return tuple(views), False


def _removed_chars(pieces: Iterable[Piece]) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in pieces:
        if p.rule is not None:
            out[p.rule] = out.get(p.rule, 0) + len(p.text)
    return out


def collect(
    inputs: Iterable[str],
    options: Options | None = None,
    config: ReadConfig | None = None,
    max_docs: int = DEFAULT_MAX_DOCS,
    max_doc_chars: int = DEFAULT_MAX_DOC_CHARS,
    bar: ProgressBar | None = None,
) -> Audit:
    """Clean every record of ``inputs`` (as ``cleaner clean`` would) and gather the audit.

    Raises ``InputError`` for an input that does not exist.  Records are read and cleaned by
    :mod:`cleaner.records`: one that cannot be read or cleaned is counted as failed by kind,
    one that is not a page as dropped by reason, never raised; ``bar`` shows progress by bytes
    read.
    Time: the pipeline's, O(total size); memory O(rules + max_docs * max_doc_chars), whatever the number of records."""
    options = options or Options()
    inputs = list(inputs)
    audit = Audit(inputs, max_docs)
    config = config or ReadConfig()
    files = expand_inputs(inputs, include_globs=config.include, exclude_globs=config.exclude)
    tally = Tally(input_bytes_total=sum(f.size or 0 for f in files if f.skip is None))
    for _f, rec in read_records(files, config, tally, bar):
        got = clean_one(rec, options, lambda doc: (doc, render_text(doc, options)))
        if isinstance(got, Outcome):
            by = audit.failed if got.status == "failed" else audit.dropped
            reason = got.reason or "unknown"
            by[reason] = by.get(reason, 0) + 1
            tally.failed += got.status == "failed"
            continue
        doc, text = got
        audit.documents += 1
        doc_in, chars_out = chars_in(doc), len(text)
        audit.chars_in += doc_in
        audit.chars_out += chars_out
        audit.empty += not text.strip()
        audit.length_bins[length_bin(chars_out)] += 1
        views = document_view(doc)
        counts = doc.rule_counts()
        removed_chars = _removed_chars(p for v in views for p in v.pieces)
        for rule, n in counts.items():
            total = audit.rules.setdefault(rule, RuleTotal())
            total.removals += n
            total.documents += 1
            total.chars += removed_chars.get(rule, 0)
        audit.duplicates_collapsed += counts.get(DEDUP_RULE, 0)
        if len(audit.samples) < max_docs:
            blocks, truncated = _cap(views, max_doc_chars)
            audit.samples.append(
                DocSample(
                    doc.id,
                    rec.source,
                    rec.position,
                    doc_in,
                    chars_out,
                    tuple(sorted(counts)),
                    tuple(page_notes(doc)),
                    blocks,
                    truncated,
                )
            )

    return audit
