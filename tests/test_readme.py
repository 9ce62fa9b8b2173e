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


# An install hint: `pip install` followed by a distribution (optionally with extras, a version or a
# URL). `.`, `-e .` and requirement files install the checkout itself and name no distribution.
INSTALL = re.compile(r"""pip install\s+(?:-[-\w]+\s+)*["']?(?P<spec>[^\s"'`]+)""")


def _install_hints() -> list[tuple[str, str]]:
    texts = [("README.md", (REPO / "README.md").read_text(encoding="utf-8"))]
    texts.append((".pre-commit-hooks.yaml", (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")))
    texts += [
        (str(p.relative_to(REPO)), p.read_text(encoding="utf-8")) for p in sorted((REPO / "cleaner").rglob("*.py"))
    ]
    return [(where, m["spec"]) for where, text in texts for m in INSTALL.finditer(text)]


def test_every_install_hint_names_the_published_distribution() -> None:
    """`pip install cleaner[dask]` installs an unrelated project: every hint a user may copy, in the
    README and in the package's own messages, names `webpage-cleaner` (or the checkout, `.`)."""
    hints = _install_hints()
    assert len(hints) >= 8  # the README's and the error messages' hints are all found
    wrong = [
        (where, spec)
        for where, spec in hints
        if not (spec.startswith(("webpage-cleaner", ".", "-r")) or spec.split("[")[0].split("=")[0] in THIRD_PARTY)
    ]
    assert not wrong, wrong


# Hints for the reference tools of the benchmarks, which are not this project.
THIRD_PARTY = {"trafilatura", "resiliparse", "datasketch", "torch"}


def test_the_install_hint_check_catches_the_unrelated_project() -> None:
    bad = "raise ImportError('needs dask: pip install \"cleaner[dask]\"')"
    assert [m["spec"] for m in INSTALL.finditer(bad)] == ["cleaner[dask]"]
