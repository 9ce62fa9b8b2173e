"""Progress bars (issue 17.11): every long command (clean, check, report, dedup) shows one on a
terminal, including a terminal that reports 0 rows and 0 columns; none on a non-terminal.

Each command runs as a real process with stderr on a pseudo-terminal (or a pipe)."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from batch_helpers import REPO, write_text_files


def _run(args: list[str], cwd: Path, tty: bool, rows: int = 0, cols: int = 0) -> str:
    """stderr of ``python -m cleaner ARGS``: a pseudo-terminal of rows x cols, or a pipe."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for name in ("COLUMNS", "LINES"):
        env.pop(name, None)
    cmd = [sys.executable, "-m", "cleaner", *args]
    if not tty:
        done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, timeout=120)
        return done.stderr.decode("utf-8", "replace")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed its end
                break
            if not data:
                break
            out += data
        elif proc.poll() is not None:
            break
    proc.wait(timeout=120)
    os.close(master)
    return out.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("progress")
    write_text_files(base / "pages", 12)
    lines = [json.dumps({"id": f"d{i}", "text": (base / "pages" / f"doc{i:03d}.txt").read_text()}) for i in range(12)]
    (base / "clean.jsonl").write_text("\n".join(lines) + "\n")
    return base


COMMANDS = {
    "clean": ["clean", "pages", "-o", "out.jsonl"],
    "check": ["check", "clean.jsonl"],
    "report": ["report", "pages", "-o", "r.html"],
    "dedup": ["dedup", "clean.jsonl", "-o", "kept.jsonl"],
}


@pytest.mark.parametrize("size", [(0, 0), (24, 80)], ids=["0x0", "24x80"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_bar_on_a_terminal(corpus: Path, command: str, size: tuple[int, int]) -> None:
    err = _run(COMMANDS[command], corpus, tty=True, rows=size[0], cols=size[1])
    assert "\r" in err and " records, " in err and " rec/s" in err, err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_bar_on_a_pipe(corpus: Path, command: str) -> None:
    err = _run(COMMANDS[command], corpus, tty=False)
    assert " rec/s" not in err and "\r" not in err, err
