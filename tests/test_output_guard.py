"""No output may overwrite an input or be read back by a later run; one run per output."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from batch_helpers import REPO, write_jsonl, write_text_files

from cleaner.batch import run_batch
from cleaner.sinks.base import OutputError
from cleaner.sinks.guard import OutputLock


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", *args, "-q"], cwd=cwd, env=env, capture_output=True, text=True
    )


def _digest(root: Path) -> dict[str, str]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _inputs(tmp: Path) -> Path:
    src = write_text_files(tmp / "in", 3)
    write_jsonl(src / "d.jsonl", 3)
    return src


@pytest.mark.parametrize(
    "args",
    [
        ["in/d.jsonl", "-o", "in/d.jsonl"],
        ["in/d.jsonl", "-o", "in/d.jsonl", "--resume"],
        ["in", "-o", "in"],
        ["in", "-o", "in/clean"],
        ["in", "-o", "in/out.jsonl"],
        ["in/d.jsonl", "-o", "out.jsonl", "--summary", "in/d.jsonl"],
        ["in", "-o", "out.jsonl", "--errors", "in/doc000.txt"],
        ["in/doc000.txt", "-o", "in"],  # a folder output around its input
        ["in/d.jsonl", "-o", "out.jsonl", "--errors", "e.jsonl", "--summary", "e.jsonl"],
        ["in/d.jsonl", "-o", "out.jsonl", "--errors", "out.jsonl"],
        ["in/d.jsonl.partial", "-o", "in/d.jsonl"],  # the -o's temporary file is an input
    ],
)
def test_an_output_that_could_destroy_or_reread_an_input_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    src = _inputs(tmp_path)
    (src / "d.jsonl.partial").write_bytes((src / "d.jsonl").read_bytes())
    before = _digest(tmp_path)
    proc = _cli(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("cleaner: error:") and "Traceback" not in proc.stderr
    assert _digest(tmp_path) == before  # nothing written, nothing replaced


def test_a_symlinked_or_hard_linked_output_is_still_the_input(tmp_path: Path) -> None:
    src = _inputs(tmp_path)
    (tmp_path / "alias.jsonl").symlink_to(src / "d.jsonl")
    os.link(src / "d.jsonl", tmp_path / "hard.jsonl")
    before = _digest(src)
    for out in ("alias.jsonl", "hard.jsonl"):
        with pytest.raises(OutputError):
            run_batch([str(src / "d.jsonl")], tmp_path / out, jobs=1)
    assert _digest(src) == before


def test_outputs_beside_the_inputs_are_fine(tmp_path: Path) -> None:
    # Counter-example: a sibling output of an input folder, twice (second run reads the same inputs).
    src = _inputs(tmp_path)
    reads = [run_batch([str(src)], tmp_path / "clean", jobs=1).read for _ in range(2)]
    assert reads[0] == reads[1] == 6


def test_two_runs_cannot_write_one_output_at_once(tmp_path: Path) -> None:
    src = _inputs(tmp_path)
    out = tmp_path / "out.jsonl"
    with OutputLock(tmp_path / "out.lock"):  # as a first run holds it
        with pytest.raises(OutputError, match="another cleaner run"):
            run_batch([str(src)], out, jobs=1, resume=True)
        proc = _cli("in", "-o", "out.jsonl", "--resume", cwd=tmp_path)
        assert proc.returncode == 2 and "another cleaner run" in proc.stderr
    assert not out.exists()
    s = run_batch([str(src)], out, jobs=1, resume=True)  # released: the next run goes ahead
    assert s.written == 6


def test_an_unwritable_output_is_a_usage_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        target = "file/sub/out.jsonl"  # a file where a folder is needed: fails even for root
    else:
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        target = "ro/out.jsonl"
    _inputs(tmp_path)
    proc = _cli("in", "-o", target, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def _adds_up(s) -> None:
    assert s.read == s.written + s.dropped_total + s.failed_total + s.skipped_existing


def test_a_symlink_inside_the_output_folder_fails_its_record_only(tmp_path: Path) -> None:
    src = _inputs(tmp_path)
    (src / "sub").mkdir()
    (src / "sub" / "x.txt").write_bytes((src / "doc000.txt").read_bytes())
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(outside)
    s = run_batch([str(src)], out, jobs=1)
    _adds_up(s)
    assert s.failed == {"write_error": 1} and s.written == 6 and s.exit_code == 1
    assert list(outside.iterdir()) == []  # nothing written through the link
    assert "escapes the output folder" in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8")
    assert (tmp_path / "out.summary.json").exists() and not list(tmp_path.glob("*.partial"))


def test_a_name_clash_with_a_folder_fails_its_record_only(tmp_path: Path) -> None:
    src = _inputs(tmp_path)
    out = tmp_path / "out"
    (out / "doc001.txt").mkdir(parents=True)  # a folder where the file must go
    s = run_batch([str(src)], out, jobs=1)
    _adds_up(s)
    assert s.failed == {"write_error": 1} and s.written == 5


def test_a_file_name_that_is_not_utf8_is_cleaned(tmp_path: Path) -> None:
    src = _inputs(tmp_path)
    raw = os.fsencode(src / "doc000.txt")
    bad = raw.replace(b"doc000", b"d\xffc")
    os.rename(raw, bad)
    for out in ("o.jsonl", "o"):
        proc = subprocess.run(
            [sys.executable, "-m", "cleaner", "clean", os.fsdecode(bad), "-o", out, "-q"],
            cwd=tmp_path,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
            capture_output=True,
        )
        assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o.summary.json").read_text(encoding="utf-8")
