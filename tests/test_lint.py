"""The linters are part of the test suite, so the README's one test command runs them too."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ["cleaner", "tests", "benchmarks"]


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def _run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a linter as ``python -m MODULE`` (the interpreter's own install, not whatever is on PATH).

    A linter missing from the environment fails the test: the test extra installs them all, and a
    skipped linter would let the suite pass without checking anything."""
    assert importlib.util.find_spec(module) is not None, f"{module} is not installed: pip install -e '.[test]'"
    return _python("-m", module, *args)


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff(command: list[str]) -> None:
    done = _run("ruff", *command, *CODE)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy() -> None:
    done = _run("mypy", "cleaner")
    assert done.returncode == 0, done.stdout + done.stderr


def test_import_layers() -> None:
    """The import contracts of pyproject.toml (ARCHITECTURE.md's layers, no package cycles),
    run as ``lint-imports`` does, from the interpreter's own install of import-linter."""
    assert importlib.util.find_spec("importlinter") is not None, (
        "import-linter is not installed: pip install -e '.[test]'"
    )
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"
    done = _python("-c", code)
    assert done.returncode == 0, done.stdout + done.stderr
