"""Issue 18.4: one record loop (cleaner.records) under clean, check, report and explain, so the
same bad record fails with the same kind in all four."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import cleaner.records
from cleaner.batch import run_batch
from cleaner.check.run import ReadProblem, iter_check_docs
from cleaner.cli import main
from cleaner.options import Options
from cleaner.report.collect import collect
from cleaner.sources import ReadConfig

GOOD = {"id": "good", "text": "A title line\n\nA body paragraph that reads like prose and is kept as it is.\n"}
MAX_BYTES = 2_000


def _corpus(tmp_path: Path, bad_line: str) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + bad_line + "\n", encoding="utf-8")
    return path


def _clean_kinds(path: Path, tmp_path: Path) -> list[str]:
    errors: list[dict[str, object]] = []
    options = Options(max_bytes=MAX_BYTES)
    run_batch(
        [str(path)],
        tmp_path / "out.jsonl",
        options,
        jobs=1,
        timeout=None,  # in this process, so a patched pipeline is the one that runs
        read_config=ReadConfig(max_bytes=MAX_BYTES),
        on_error=errors.append,
        added="2024-01-01T00:00:00Z",
    )
    return [str(e["kind"]) for e in errors]


def _report_kinds(path: Path) -> list[str]:
    audit = collect([str(path)], Options(max_bytes=MAX_BYTES), ReadConfig(max_bytes=MAX_BYTES))
    return sorted(audit.failed)


def _check_kinds(path: Path) -> list[str]:
    items = iter_check_docs([str(path)], ReadConfig(text_field="text", max_bytes=MAX_BYTES))
    return [p.kind for p in items if isinstance(p, ReadProblem)]


def _explain_kinds(path: Path) -> list[str]:
    result = CliRunner().invoke(main, ["explain", str(path), "--max-bytes", str(MAX_BYTES)], catch_exceptions=False)
    assert result.exit_code == 1
    return re.findall(r"^cleaner: \S+ line \d+: (\w+): ", result.stderr, re.M)


@pytest.mark.parametrize(
    "bad_line",
    [
        '{"id": "broken", "text": "no closing brace"',  # not JSON
        json.dumps({"id": "big", "text": "word " * MAX_BYTES}),  # over --max-bytes
        json.dumps({"id": "number", "text": 12}),  # a text field that is not text
    ],
    ids=["bad-json", "too-large", "bad-field"],
)
def test_a_bad_record_fails_with_the_same_kind_in_all_four_commands(tmp_path: Path, bad_line: str) -> None:
    path = _corpus(tmp_path, bad_line)
    kinds = _clean_kinds(path, tmp_path)
    assert len(kinds) == 1, kinds
    assert _report_kinds(path) == kinds
    assert _check_kinds(path) == kinds
    assert _explain_kinds(path) == kinds


def test_a_record_whose_cleaning_raises_fails_alike_in_clean_report_and_explain(tmp_path: Path, monkeypatch) -> None:
    # (check reads finished text: it does not clean)
    real = cleaner.records.process

    def deep(doc, options):
        if "boom" in str(doc.raw):
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc, options)

    monkeypatch.setattr(cleaner.records, "process", deep)
    path = _corpus(tmp_path, json.dumps({"id": "deep", "text": "boom\n\nA body paragraph that is long enough."}))
    kinds = _clean_kinds(path, tmp_path)
    assert kinds == ["too_deep"]
    assert _report_kinds(path) == kinds
    assert _explain_kinds(path) == kinds


def test_a_document_over_max_bytes_built_in_memory_fails_as_too_large() -> None:
    # The readers cap records at --max-bytes; a document built another way (the integrations,
    # a reader given a larger cap) meets the same limit in the loop, before it is parsed.
    from cleaner.api import clean_record
    from cleaner.model import Document
    from cleaner.sources import Record

    for kind in ("html", "text"):
        rec = Record(source="mem", doc=Document(id="x", raw="<p>word</p>" * 500, kind=kind))
        o = clean_record(rec, Options(max_bytes=1_000))
        assert (o.status, o.reason) == ("failed", "too_large"), (kind, o)
