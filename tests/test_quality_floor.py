"""The extraction quality gate, as trafilatura's ``eval_gate``: the in-repo dev-set samples must
keep their scores above pinned floors, so a change that costs quality fails CI.

Floors sit a little under the figures measured when they were pinned (2026-11-29), enough for a
page or two to move, not for a mechanism to break:

=====================================  ========  =====
sample                                 measured  floor
=====================================  ========  =====
trafilatura-eval, 60 pages: snippet F1    0.965   0.95
trafilatura-eval: clean pages             0.950   0.93
wcxb-dev, 41 pages: body F1               0.780   0.76
wcxb-dev: clean pages                     0.829   0.80
wcxb-dev: empty outputs                       1      1
wcxb-dev: forum body F1                   0.728   0.70
=====================================  ========  =====

Raise a floor when a change lifts the figure for good; lowering one needs a reason in the commit.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


def _bench(name: str) -> ModuleType:
    sys.path.insert(0, str(REPO / "benchmarks"))  # wcxb.py imports devset.py
    try:
        spec = importlib.util.spec_from_file_location(f"{name}_gate", REPO / "benchmarks" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        sys.modules[f"{name}_gate"] = mod  # dataclasses need the module registered
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.remove(str(REPO / "benchmarks"))


def _cleaner(bench: ModuleType) -> object:
    return bench.TOOL_FACTORIES["cleaner"]()


def test_trafilatura_eval_sample_floor() -> None:
    bench = _bench("devset")
    pages = bench.load_set(REPO / "fixtures" / "devset" / "evaldata.json")
    assert len(pages) == 60
    res = bench.run_tool("cleaner", _cleaner(bench), pages)
    totals, _ = bench.score_outputs(res.outputs, pages)
    assert res.errors == 0
    assert totals.f1 >= 0.95, f"snippet F1 {totals.f1:.3f} under the floor 0.95"
    assert totals.clean_share >= 0.93, f"clean pages {totals.clean_share:.3f} under the floor 0.93"


def test_wcxb_sample_floor() -> None:
    wcxb = _bench("wcxb")
    pages = wcxb.load(REPO / "fixtures" / "wcxb" / "evaldata.json", None, None)
    assert len(pages) == 41
    res = wcxb.run_tool("cleaner", _cleaner(wcxb), pages)
    groups, _ = wcxb.score(res.outputs, pages)
    every = groups["all"]
    assert every["body_f1"] >= 0.76, f"body F1 {every['body_f1']:.3f} under the floor 0.76"
    assert every["clean"] >= 0.80, f"clean pages {every['clean']:.3f} under the floor 0.80"
    assert every["empty"] <= 1, f"{every['empty']} empty outputs (floor: 1)"
    assert groups["forum"]["body_f1"] >= 0.70, "forum threads: posts pruned as comments again?"
