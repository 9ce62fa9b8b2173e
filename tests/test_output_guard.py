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
    with OutputLock(tmp_path / "out.jsonl.lock"):  # as a first run holds it
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
    assert s.read == s.written + s.dropped + s.failed + s.skipped_existing


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
    assert s.failed_by_kind == {"write_error": 1} and s.written == 6 and s.exit_code == 1
    assert list(outside.iterdir()) == []  # nothing written through the link
    assert "escapes the output folder" in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8")
    assert (tmp_path / "out.summary.json").exists() and not list(tmp_path.glob("*.partial"))
    assert not list(tmp_path.glob(".cleaner-tmp*")) and not (tmp_path / "out.lock").exists()


def test_a_name_clash_with_a_folder_fails_its_record_only(tmp_path: Path) -> None:
    src = _inputs(tmp_path)
    out = tmp_path / "out"
    (out / "doc001.txt").mkdir(parents=True)  # a folder where the file must go
    s = run_batch([str(src)], out, jobs=1)
    _adds_up(s)
    assert s.failed_by_kind == {"write_error": 1} and s.written == 5


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


def _side_names(output: str) -> list[str]:
    """The names a run on ``output`` writes (the output and the files beside it), and those of
    the old scheme (``out.summary.json`` beside ``out.jsonl``)."""
    names = [output] + [f"{output}.{what}" for what in ("errors.jsonl", "summary.json", "run.json")]
    names += [f"{Path(output).name.split('.')[0]}.{what}" for what in ("errors.jsonl", "summary.json")]
    return list(dict.fromkeys(names))


def _temporary_names(output: str) -> list[str]:
    """Names a writer might derive from those for its temporary files."""
    out = []
    for b in _side_names(output):
        out += [f"{b}.partial.new", f"{b}.new", f"{b}.tmp", f".{b}.partial", f".dedup-{b}"]
        out += [] if b == output else [f"{b}.partial"]
    return out


def _plant(names: list[str], folder: Path, victim: Path, link: str) -> None:
    for name in names:
        if link == "symlink":
            (folder / name).symlink_to(victim)
        else:
            os.link(victim, folder / name)


OUTPUTS = ["out.jsonl", "out.jsonl.gz", "out.parquet", "out"]


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("link", ["symlink", "hard link"])
@pytest.mark.parametrize("target", ["input", "outside"])
def test_a_link_planted_at_a_temporary_name_is_never_written_through(
    tmp_path: Path, output: str, link: str, target: str
) -> None:
    # A link named like a temporary file (out.jsonl.partial.new -> in/d.jsonl) was opened for
    # writing and truncated its target (exit 0): every file is now created fresh under a new
    # name and renamed onto its own, so a planted name is never opened, and the run goes on.
    if output.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    src = _inputs(tmp_path)
    victim = src / "d.jsonl" if target == "input" else tmp_path / "elsewhere" / "keep.jsonl"
    if target == "outside":
        victim.parent.mkdir()
        victim.write_bytes((src / "d.jsonl").read_bytes())
    before = _digest(tmp_path / "in"), victim.read_bytes()
    _plant(_temporary_names(output), tmp_path, victim, link)
    s = run_batch([str(src)], tmp_path / output, jobs=1)
    assert s.written == 6 and s.read == 6
    assert (_digest(tmp_path / "in"), victim.read_bytes()) == before


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("link", ["symlink", "hard link"])
def test_a_link_at_an_output_name_is_replaced_not_written_through(tmp_path: Path, output: str, link: str) -> None:
    if output.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    src = _inputs(tmp_path)
    names = [n for n in _side_names(output) if n != output]  # (a folder output is a folder)
    names += [] if output == "out" else [output]
    (tmp_path / "elsewhere").mkdir()
    victims = [tmp_path / "elsewhere" / f"keep{i}.txt" for i in range(len(names))]
    for name, victim in zip(names, victims, strict=True):
        victim.write_bytes(b"precious\n")
        _plant([name], tmp_path, victim, link)
    s = run_batch([str(src)], tmp_path / output, jobs=1)
    assert s.written == 6 and all(v.read_bytes() == b"precious\n" for v in victims)
    assert output == "out" or not (tmp_path / output).is_symlink()
    assert not (tmp_path / f"{output}.summary.json").is_symlink()


@pytest.mark.parametrize("link", ["symlink", "hard link", "data"])
def test_a_lock_name_that_is_not_a_lock_file_is_refused_untouched(tmp_path: Path, link: str) -> None:
    src = _inputs(tmp_path)
    victim = tmp_path / "keep.txt"
    victim.write_bytes(b"precious\n")
    lock = tmp_path / "out.jsonl.lock"
    if link == "symlink":
        lock.symlink_to(victim)
    elif link == "hard link":
        os.link(victim, lock)
    else:
        lock.write_bytes(b"someone's notes\n")
    with pytest.raises(OutputError, match="not a lock file"):
        run_batch([str(src)], tmp_path / "out.jsonl", jobs=1)
    assert victim.read_bytes() == b"precious\n" and (lock.is_symlink() or lock.exists())
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("resume", [False, True])
def test_a_symlink_out_of_the_output_folder_fails_its_record_with_or_without_resume(
    tmp_path: Path, resume: bool
) -> None:
    # With --resume the "is it done?" check used to raise for the escaping name and abort the
    # whole batch; now both ways it is that record's write_error and the rest is written.
    src = _inputs(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "doc001.txt").symlink_to(outside / "x.txt")
    s = run_batch([str(src)], out, jobs=1, resume=resume)
    _adds_up(s)
    assert s.failed_by_kind == {"write_error": 1} and s.written == 5 and s.exit_code == 1
    assert list(outside.iterdir()) == []
