"""Every command on hostile input (fixtures/hostile, plus a file name that is not UTF-8): a
clear message and a sane exit code, never a traceback (issue 23.18).

Run as real processes, so stdout and stderr are pipes with Python's strict UTF-8 encoding,
as in a user's shell pipeline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from batch_helpers import HOSTILE, REPO

NON_UTF8 = os.fsdecode(b"caf\xe9-\xff.html")  # a Latin-1 file name: surrogates once decoded


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """fixtures/hostile, plus pages and records under a non-UTF-8 name (with findings for check)."""
    src = tmp_path_factory.mktemp("hostile") / "in"
    shutil.copytree(HOSTILE, src, ignore=shutil.ignore_patterns("make.py"))
    body = "<p>Share this article on Facebook. Subscribe to our newsletter!</p>" * 3
    (src / NON_UTF8).write_bytes(f"<html><title>t</title><body><article>{body}</article></body></html>".encode())
    for label in ("undefined", "punycode", "unicode_escape"):  # labels whose decoding raised once
        (src / f"charset-{label}.html").write_text(f'<meta charset="{label}"><p>{body}</p>', encoding="ascii")
    (src / os.fsdecode(b"notes-\xff.txt")).write_bytes(b"Click here to subscribe.\n\nA line of text.\n")
    return src


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": ""}
    env.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "-m", "cleaner", *args], cwd=cwd, env=env, capture_output=True, timeout=300)


def _commands(src: Path, out: Path) -> list[list[str]]:
    inputs = sorted(str(p) for p in src.iterdir())
    return [
        ["clean", str(src), "-o", str(out / "c.jsonl"), "-q"],
        ["clean", str(src)],
        ["explain", str(src)],
        ["report", str(src), "-o", str(out / "r.html")],
        ["check", str(src)],
        ["check", str(src), "--format", "json"],
        ["check", str(src), "--format", "github"],
        ["check", str(src), "--format", "junit"],
        ["dedup", str(src), *inputs, "-o", str(out / "d.jsonl"), "--clusters", str(out / "cl.jsonl")],
    ]


@pytest.mark.parametrize("index", range(9))
def test_no_command_prints_a_traceback_on_hostile_input(hostile: Path, tmp_path: Path, index: int) -> None:
    args = _commands(hostile, tmp_path)[index]
    done = cli(*args, cwd=tmp_path)
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, f"{args[0]}: {err[-2000:]}"
    assert done.returncode in (0, 1), f"{args[0]} exited {done.returncode}: {err[-1000:]}"
