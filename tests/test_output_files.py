"""The files a run leaves beside its output, what --resume may continue, and how a run ends
when its output cannot take more (a full disk, a pipe whose reader left)."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from batch_helpers import REPO, read_jsonl, write_jsonl, write_text_files

from cleaner.batch import run_batch
from cleaner.options import Options
from cleaner.sinks import OutputError, beside
from cleaner.sinks.guard import OutputLock
from cleaner.sinks.jsonl import JsonlSink

ADDED = "2024-01-01T00:00:00Z"


def _cli(*args: str, cwd: Path, **kw) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", *args], cwd=cwd, env=env, capture_output=True, text=True, **kw
    )


def _adds_up(s) -> None:
    assert s.read == s.written + s.dropped + s.failed + s.skipped_existing + s.not_processed


# -- 17.5: files beside an output belong to that output ---------------------------------------


def test_outputs_that_differ_only_by_extension_have_their_own_side_files(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    src = write_text_files(tmp_path / "in", 3)
    a = run_batch([str(src)], tmp_path / "s.jsonl", jobs=1)
    with OutputLock(beside(tmp_path / "s.jsonl", "lock")):  # a run on s.jsonl is going on
        b = run_batch([str(src / "doc000.txt")], tmp_path / "s.parquet", jobs=1)  # not refused
    assert (a.written, b.written) == (3, 1)
    assert json.loads((tmp_path / "s.jsonl.summary.json").read_text())["written"] == 3
    assert json.loads((tmp_path / "s.parquet.summary.json").read_text())["written"] == 1


def test_a_finished_run_leaves_no_lock_and_no_empty_errors_file(tmp_path: Path) -> None:
    src = write_text_files(tmp_path / "in", 3)
    bad = write_jsonl(tmp_path / "bad.jsonl", 2)
    with open(bad, "a") as fh:
        fh.write("{broken\n")
    out = tmp_path / "o.jsonl"
    s = run_batch([str(bad)], out, jobs=1)
    assert s.failed_by_kind == {"bad_json": 1} and s.errors_file == str(tmp_path / "o.jsonl.errors.jsonl")
    assert len(read_jsonl(tmp_path / "o.jsonl.errors.jsonl")) == 1
    s = run_batch([str(src)], out, jobs=1)  # no failures: the earlier run's errors file goes too
    assert s.errors_file is None and json.loads((tmp_path / "o.jsonl.summary.json").read_text())["errors_file"] is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bad.jsonl",
        "in",
        "o.jsonl",
        "o.jsonl.run.json",
        "o.jsonl.summary.json",
    ]
    asked = tmp_path / "e.jsonl"
    s = run_batch([str(src)], out, jobs=1, errors_path=asked)  # --errors asked for it: it is there
    assert s.errors_file == str(asked) and asked.read_bytes() == b""


# -- 17.4: a pipe whose reader goes away -------------------------------------------------------


@pytest.mark.parametrize("args", [["-o", "-"], []])
def test_a_reader_that_closes_early_stops_the_run_quietly(tmp_path: Path, args: list[str]) -> None:
    write_text_files(tmp_path / "in", 800)  # far more than a pipe buffer holds
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "clean", "in", *args, "-j", "2"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(200)  # as `head -c 200`, then the reader goes away
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(60) in (0, 141), err
    assert "BrokenPipe" not in err and "write_error" not in err and "Traceback" not in err
    assert err == ""


def test_a_reader_gone_fails_no_record(tmp_path: Path) -> None:
    src = write_text_files(tmp_path / "in", 40)

    class Gone:
        def __init__(self) -> None:
            self.n = 0

        def write(self, data: bytes) -> int:
            self.n += 1
            if self.n > 5:
                raise BrokenPipeError(errno.EPIPE, "Broken pipe")
            return len(data)

        def flush(self) -> None:
            if self.n > 5:
                raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    s = run_batch([str(src)], "-", jobs=1, stdout=Gone(), summary_path=tmp_path / "s.json")  # type: ignore[arg-type]
    _adds_up(s)
    assert s.failed_by_kind == {} and s.stopped == "reader_gone" and s.exit_code == 141
    assert s.written == 5 and s.not_processed > 0
    assert json.loads((tmp_path / "s.json").read_text())["stopped"] == "reader_gone"


# -- 23.19: output errors are found before the work, a full disk ends the run cleanly ---------


@pytest.mark.parametrize("output", ["taken.jsonl", "taken.parquet", "", ".", "/"])
def test_an_output_that_cannot_be_used_is_one_usage_line_before_any_work(tmp_path: Path, output: str) -> None:
    write_text_files(tmp_path / "in", 2)
    (tmp_path / "taken.jsonl").mkdir()
    (tmp_path / "taken.parquet").mkdir()
    proc = _cli("in", "-o", output, "-q", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("cleaner: error:") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr and "Internal" not in proc.stderr


@pytest.mark.parametrize("taken", ["out.jsonl", "out.parquet", "sum.json", "errs.jsonl", "folder"])
def test_an_output_of_the_wrong_kind_is_refused_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken: str
) -> None:
    src = write_text_files(tmp_path / "in", 2)
    if taken == "folder":
        (tmp_path / taken).write_text("a file where the folder output goes\n")
    else:
        (tmp_path / taken).mkdir()
    output = taken if taken in ("out.jsonl", "out.parquet", "folder") else "o.jsonl"
    cleaned: list[object] = []
    monkeypatch.setattr("cleaner.batch.clean_chunk", lambda *a, **k: cleaned.append(a) or [])
    with pytest.raises(OutputError, match=taken):
        run_batch(
            [str(src)],
            tmp_path / output,
            summary_path=tmp_path / "sum.json",
            errors_path=tmp_path / "errs.jsonl",
            jobs=1,
            timeout=None,
        )
    assert cleaned == []


@pytest.mark.parametrize("option", ["--summary", "--errors", "-o"])
def test_a_read_only_place_is_found_before_any_work_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str
) -> None:
    import tempfile

    src = write_text_files(tmp_path / "in", 2)
    ro = tmp_path / "ro"
    ro.mkdir()
    real = tempfile.mkstemp

    def mkstemp(*a, **kw):  # a read-only mount: nothing can be created in ro/
        if Path(kw.get("dir", "")).resolve() == ro.resolve():
            raise OSError(errno.EROFS, "Read-only file system")
        return real(*a, **kw)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    paths = {"-o": tmp_path / "o.jsonl", "--summary": None, "--errors": None}
    target = ro / ("o.jsonl" if option == "-o" else "x.json")
    paths[option] = target
    cleaned: list[object] = []
    monkeypatch.setattr("cleaner.batch.clean_chunk", lambda *a, **k: cleaned.append(a) or [])
    with pytest.raises(OutputError) as err:
        run_batch(
            [str(src)],
            paths["-o"],
            summary_path=paths["--summary"],
            errors_path=paths["--errors"],
            jobs=1,
            timeout=None,
        )
    assert option in str(err.value) and str(target) in str(err.value) and "Read-only" in str(err.value)
    assert cleaned == [] and not (tmp_path / "o.jsonl").exists()


def test_a_corrupt_parquet_output_on_resume_is_a_usage_error(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    write_text_files(tmp_path / "in", 2)
    (tmp_path / "out.parquet").write_bytes(b"PAR1 not really parquet PAR1")
    proc = _cli("in", "-o", "out.parquet", "--resume", "-q", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "out.parquet" in proc.stderr and "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert (tmp_path / "out.parquet").read_bytes() == b"PAR1 not really parquet PAR1"


def test_a_full_disk_stops_the_run_with_the_summary_of_what_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write_text_files(tmp_path / "in", 30)
    out = tmp_path / "out.jsonl"
    real = JsonlSink.write
    calls = {"n": 0}

    def write(self, doc) -> None:
        calls["n"] += 1
        if calls["n"] > 7:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, doc)

    monkeypatch.setattr(JsonlSink, "write", write)
    s = run_batch([str(src)], out, jobs=1, timeout=None, added=ADDED)
    _adds_up(s)
    assert s.written == 7 and s.failed_by_kind == {} and s.exit_code == 1
    assert s.stopped is not None and "No space left" in s.stopped
    summary = json.loads((tmp_path / "out.jsonl.summary.json").read_text())
    assert summary["written"] == 7 and summary["stopped"] == s.stopped and summary["exit_code"] == 1
    assert not out.exists() and len(read_jsonl(tmp_path / "out.jsonl.partial")) == 7  # kept for --resume
    monkeypatch.setattr(JsonlSink, "write", real)
    again = run_batch([str(src)], out, jobs=1, timeout=None, resume=True, added=ADDED)
    assert (again.skipped_existing, again.written, again.stopped) == (7, 23, None)
    assert len(read_jsonl(out)) == 30


def test_a_full_disk_is_one_clear_line_on_the_command_line(tmp_path: Path) -> None:
    write_text_files(tmp_path / "in", 20)
    code = (
        "import errno, sys\n"
        "from cleaner.sinks.jsonl import JsonlSink\n"
        "real = JsonlSink.write\n"
        "n = [0]\n"
        "def write(self, doc):\n"
        "    n[0] += 1\n"
        "    if n[0] > 3: raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "    real(self, doc)\n"
        "JsonlSink.write = write\n"
        "from cleaner.cli import main\n"
        "main(['clean', 'in', '-o', 'out.jsonl', '-j', '1', '--timeout', '0'])\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "OSError" not in proc.stderr
    assert "No space left on device" in proc.stderr and "3 written" in proc.stderr
    assert json.loads((tmp_path / "out.jsonl.summary.json").read_text())["written"] == 3


# -- 23.16: --resume continues the same run only ----------------------------------------------


def test_resume_with_other_inputs_or_options_is_refused(tmp_path: Path) -> None:
    a = write_jsonl(tmp_path / "a.jsonl", 5)
    b = tmp_path / "b.jsonl"
    b.write_text(a.read_text().replace('"rec-', '"other-'))
    out = tmp_path / "out.jsonl"
    run_batch([str(a)], out, jobs=1, added=ADDED)
    first = out.read_bytes()
    with pytest.raises(OutputError, match="inputs") as err:
        run_batch([str(b)], out, jobs=1, resume=True, added=ADDED)
    assert "b.jsonl" in str(err.value)
    with pytest.raises(OutputError, match="min_chars: 0 -> 100000"):
        run_batch([str(a)], out, Options(min_chars=100000), jobs=1, resume=True, added=ADDED)
    assert out.read_bytes() == first
    proc = _cli("a.jsonl", "-o", "out.jsonl", "--resume", "--min-chars", "100000", "-q", cwd=tmp_path)
    assert proc.returncode == 2 and "min_chars" in proc.stderr and proc.stderr.count("\n") == 1
    same = run_batch([str(a)], out, jobs=1, resume=True, added=ADDED)  # the same run: continued
    assert (same.skipped_existing, same.written) == (5, 0) and out.read_bytes() == first
    fresh = run_batch([str(b)], out, jobs=1, added=ADDED)  # without --resume: starts over
    assert fresh.written == 5 and len(read_jsonl(out)) == 5


def test_a_lock_left_by_a_killed_run_is_taken_over_and_removed(tmp_path: Path) -> None:
    src = write_text_files(tmp_path / "in", 2)
    (tmp_path / "o.jsonl.lock").write_bytes(b"")  # a SIGKILLed run's lock: the kernel released it
    assert run_batch([str(src)], tmp_path / "o.jsonl", jobs=1).written == 2
    assert not (tmp_path / "o.jsonl.lock").exists()
