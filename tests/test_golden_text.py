"""Golden files: every text-dump fixture cleans to its hand-written expected output."""

from __future__ import annotations

from pathlib import Path

import pytest

import cleaner

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "text"
CASES = sorted(p.name for p in (FIXTURES / "input").glob("*.txt"))


def test_there_are_enough_fixtures() -> None:
    assert len(CASES) >= 21
    for name in CASES:
        assert (FIXTURES / "expected" / name).exists(), name


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    raw = (FIXTURES / "input" / name).read_text(encoding="utf-8")
    expected = (FIXTURES / "expected" / name).read_text(encoding="utf-8")
    assert cleaner.clean_text(raw) == expected


def test_seed_is_title_and_nine_paragraphs_once() -> None:
    out = cleaner.clean_text((FIXTURES / "input" / "seed.txt").read_text(encoding="utf-8"))
    blocks = out.strip().split("\n\n")
    assert blocks[0] == "North Korea’s reach into Southeast Asia"
    assert len(blocks) == 10
    assert len(set(blocks)) == 10
