"""Golden files: every HTML fixture cleans to its hand-written expected output."""

from __future__ import annotations

from pathlib import Path

import pytest

import cleaner

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
CASES = sorted(p.name for p in (FIXTURES / "input").glob("*.html"))


def test_there_are_enough_fixtures() -> None:
    assert len(CASES) >= 30
    for name in CASES:
        assert (FIXTURES / "expected" / name.replace(".html", ".txt")).exists(), name


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    raw = (FIXTURES / "input" / name).read_bytes()
    expected = (FIXTURES / "expected" / name.replace(".html", ".txt")).read_text(encoding="utf-8")
    assert cleaner.clean_html(raw) == expected


@pytest.mark.parametrize("name", CASES)
def test_cleaning_is_deterministic(name: str) -> None:
    raw = (FIXTURES / "input" / name).read_bytes()
    assert cleaner.clean_html(raw) == cleaner.clean_html(raw)


def test_explain_lists_what_extraction_dropped() -> None:
    raw = (FIXTURES / "input" / "wp-donation-appeal-no-class.html").read_bytes()
    doc = cleaner.clean_document(cleaner.Document(id="x", raw=raw, kind="html"))
    report = cleaner.explain(doc)
    # Whole subtrees pruned by pattern, blocks under boilerplate boxes, and text-rule removals.
    assert "[html_prune] whole subtrees dropped" in report
    assert "[html_prune] inside a <header> box" in report and "The Valley Voice" in report
    assert "[appeal]" in report
    # Nothing that was dropped is in the output, and everything kept is still there.
    text = cleaner.render_text(doc)
    assert "Non-profit news for the upper valleys" not in text
    assert doc.rule_counts()["html_prune"] >= 2
