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
