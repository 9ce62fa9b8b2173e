"""The linters are part of the test suite, so the README's one test command runs them too."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ["cleaner", "tests", "benchmarks"]


def _run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a linter as ``python -m MODULE`` (the interpreter's own install, not whatever is on PATH).

    A linter missing from the environment fails the test: the test extra installs them all, and a
    skipped linter would let the suite pass without checking anything."""
    assert importlib.util.find_spec(module) is not None, f"{module} is not installed: pip install -e '.[test]'"
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff(command: list[str]) -> None:
    done = _run("ruff", *command, *CODE)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy() -> None:
    done = _run("mypy", "cleaner")
    assert done.returncode == 0, done.stdout + done.stderr
