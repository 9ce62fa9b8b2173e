"""The dev-set benchmark: its scoring on a hand-made case, and its cleaner pass on the in-repo sample."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "fixtures" / "devset" / "evaldata.json"


def _load_bench():
    spec = importlib.util.spec_from_file_location("devset_bench", REPO / "benchmarks" / "devset.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["devset_bench"] = mod  # dataclasses need the module registered
    spec.loader.exec_module(mod)
    return mod


bench = _load_bench()


def test_collapse_ws():
    assert bench.collapse_ws("  a\n\tb\u00a0 c  ") == "a b c"
    assert bench.collapse_ws("") == ""


def test_score_page_by_hand():
    output = "Title\n\nThe first   paragraph\nof the story.\n\nSecond one.\n\nShare this: Facebook"
    with_ = ["first paragraph of the story.", "Second one.", "A sentence the extractor lost."]
    without = ["Share this:", "Leave a Reply", "Related posts"]
    s = bench.score_page(output, with_, without)
    # by hand: 2 of 3 "with" found (whitespace collapsed), 1 of 3 "without" found
    assert (s.tp, s.fn, s.fp) == (2, 1, 1)
    assert not s.clean
    assert s.missed == ["A sentence the extractor lost."]
    assert s.leaked == ["Share this:"]


def test_pooled_totals_by_hand():
    pages = [
        bench.Page("a", None, "a", b"", ["x y", "z"], ["nav"]),
        bench.Page("b", None, "b", b"", ["p", "q", "r"], ["foot", "menu"]),
        bench.Page("c", None, "c", b"", ["s"], []),
    ]
    outputs = ["x\n y and z nav", "p r foot menu", ""]
    totals, per_page = bench.score_outputs(outputs, pages)
    # a: tp 2 fn 0 fp 1; b: tp 2 fn 1 fp 2; c: tp 0 fn 1 fp 0 (empty output is clean)
    assert (totals.tp, totals.fn, totals.fp) == (4, 2, 3)
    assert totals.precision == pytest.approx(4 / 7)
    assert totals.recall == pytest.approx(4 / 6)
    p, r = 4 / 7, 4 / 6
    assert totals.f1 == pytest.approx(2 * p * r / (p + r))
    assert totals.clean_pages == 1 and totals.clean_share == pytest.approx(1 / 3)
    assert [s.clean for s in per_page] == [False, False, True]


def test_failing_tool_counts_as_empty():
    pages = [bench.Page("a", None, "a", b"<p>x</p>", ["x"], [])] * 3

    def boom(html, url):
        raise ValueError("nope")

    res = bench.run_tool("boom", boom, pages)
    assert res.outputs == ["", "", ""] and res.errors == 3


def test_sample_set_is_consistent():
    meta = json.loads(SAMPLE.read_text(encoding="utf-8"))
    docs = meta["documents"]
    assert len(docs) >= 50
    for doc in docs:
        assert not Path(doc["input"]).is_absolute()
        assert (SAMPLE.parent / doc["input"]).is_file()
        assert doc["with"]
