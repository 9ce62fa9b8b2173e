"""The gate agrees with the cleaner: whatever a dump holds, what ``clean_text`` keeps has no
findings (a finding there would be a rule that fires on its own output), and a check never
raises nor reports a line outside its document."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_properties import SETTINGS, TEXT_INPUTS, dumps

import cleaner
from cleaner.check import document_findings


@SETTINGS
@given(dumps())
def test_clean_output_has_no_findings(text: str) -> None:
    out = cleaner.clean_text(text)
    assert document_findings(out, "out.txt") == []


@SETTINGS
@given(st.one_of(dumps(), st.text()))
def test_findings_point_inside_the_document(text: str) -> None:
    lines = max(1, len(text.splitlines()) + 1)
    for f in document_findings(text, "any.txt"):
        assert 1 <= f.line <= lines
        assert f.rule and f.path == "any.txt"


@pytest.mark.parametrize("path", TEXT_INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}" if isinstance(p, Path) else "")
def test_a_fixtures_clean_output_has_no_findings(path: Path) -> None:
    """What a second clean would not remove, check does not flag (issue 21)."""
    out = cleaner.clean_text(path.read_text(encoding="utf-8", errors="replace"))
    assert document_findings(out, "out.txt") == []
