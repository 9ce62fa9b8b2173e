"""The README's Python snippets run as written (from a folder laid out like the repository)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from batch_helpers import REPO

from cleaner.sources.warc import warc_record_bytes

BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
SNIPPETS = BLOCK.findall((REPO / "README.md").read_text(encoding="utf-8"))


def test_the_readme_has_python_snippets() -> None:
    assert len(SNIPPETS) >= 4


@pytest.mark.parametrize("code", SNIPPETS, ids=[f"snippet{i}" for i in range(len(SNIPPETS))])
def test_readme_snippet_runs(tmp_path: Path, code: str) -> None:
    for tool in ("datatrove", "datasets"):
        if re.search(rf"^\s*(from|import) {tool}\b", code, re.M) and importlib.util.find_spec(tool) is None:
            pytest.skip(f"{tool} is not installed (integrations extra)")
    (tmp_path / "fixtures").symlink_to(REPO / "fixtures")
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    pages = sorted((REPO / "fixtures" / "html" / "input").glob("*.html"))[:3]
    members = [warc_record_bytes(f"https://example.org/{p.stem}", p.read_bytes()) for p in pages]
    (crawl / "crawl.warc.gz").write_bytes(b"".join(members))
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HOME": str(tmp_path / "hf"), "HF_DATASETS_OFFLINE": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
