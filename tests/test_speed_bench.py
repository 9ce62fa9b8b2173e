"""The speed benchmark runs on the in-repo samples and prints every column (a smoke test:
no timing is asserted, the CI machine's speed is nobody's figure)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SETS = [REPO / "fixtures" / "devset" / "evaldata.json", REPO / "fixtures" / "wcxb" / "evaldata.json"]
DUMPS = REPO / "fixtures" / "text" / "input"


def test_speed_bench_prints_every_column_and_stage(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import speed
    finally:
        sys.path.pop(0)
    out_json = tmp_path / "speed.json"
    cmd = [sys.executable, str(REPO / "benchmarks" / "speed.py"), "--sets", ",".join(map(str, SETS))]
    cmd += ["--dumps", str(DUMPS), "--limit", "3", "--cli", "--json", str(out_json)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "| " + " | ".join(speed.COLUMNS) + " |" in out
    assert "| " + " | ".join(speed.PROFILE_COLUMNS) + " |" in out
    summary = json.loads(out_json.read_text(encoding="utf-8"))
    rows = {(r["tool"], r["input"]): r for r in summary["rows"]}
    for set_path in SETS:
        assert rows[("cleaner", f"{set_path.parent.name} html")]["items"] == 3
    assert rows[("cleaner", "all html")]["items"] == 6
    for name in ("text dumps (library)", "text dumps (CLI -j 1)"):
        assert rows[("cleaner", name)]["items"] == 3 and rows[("cleaner", name)]["per_s"] > 0
    assert rows[("cleaner", "all html")]["rss_mb"] > 0
    # The profile names the HTML stages, every step that ran, and the rendering.
    html, text = summary["profiles"]["html"], summary["profiles"]["text"]
    for stage in ("html.parse", "html.walk", "html.select", "duplicate", "title", "render"):
        assert stage in html, stage
    for stage in ("text.split", "language", "duplicate", "line_model", "render"):
        assert stage in text, stage
    for row in out.splitlines():
        if row.startswith("| cleaner | all html |"):
            assert row.count("|") == len(speed.COLUMNS) + 1 and " - |" in row  # no dumps/s on pages
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        pytest.skip("trafilatura is not installed: its rows are skipped with a note")
    assert ("trafilatura", "all html") in rows
    assert "| cleaner | all html | 6 |" in out
