"""Batch runs: accounting adds up, output identical for any -j, resume after a kill, crash isolation."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from batch_helpers import REPO, article, read_jsonl, tree, write_jsonl, write_text_files, write_warc

from cleaner.batch import run_batch
from cleaner.engines import LocalEngine, default_jobs
from cleaner.options import Options

ADDED = "2024-01-01T00:00:00Z"  # pinned: without it every run stamps its own time


def _adds_up(s) -> None:
    assert s.read == s.written + s.dropped + s.not_pages + s.failed + s.skipped_existing


def test_accounting_adds_up_and_summary_file(tmp_path: Path) -> None:
    src = write_text_files(tmp_path / "in", 5)
    (src / "empty.txt").write_text("  \n")
    write_jsonl(src / "d.jsonl", 4)
    with open(src / "d.jsonl", "a") as fh:
        fh.write("{broken\n")
    s = run_batch([str(src)], tmp_path / "out", jobs=1, added=ADDED)
    _adds_up(s)
    assert (s.read, s.written, s.dropped_by_reason, s.failed_by_kind) == (11, 9, {"empty": 1}, {"bad_json": 1})
    assert s.exit_code == 1
    summary = json.loads((tmp_path / "out.summary.json").read_text())
    assert summary["read"] == 11 and summary["failed_by_kind"] == {"bad_json": 1}
    (err,) = read_jsonl(tmp_path / "out.errors.jsonl")
    assert err["kind"] == "bad_json" and err["position"] == "line 5" and err["source"].endswith("d.jsonl")


@pytest.mark.parametrize("out_name", ["out", "out.jsonl", "out.jsonl.gz"])
@pytest.mark.filterwarnings("ignore:-j .* available cores")  # -j 3 on a 2-core machine is clamped
def test_output_identical_for_any_jobs(tmp_path: Path, out_name: str) -> None:
    src = write_text_files(tmp_path / "in", 40)
    write_jsonl(src / "d.jsonl", 150)
    inputs = [str(src), str(REPO / "fixtures" / "html" / "input")]
    inputs.append(str(write_warc(tmp_path / "c.warc.gz", 60)))
    outs = []
    for jobs in (1, 2, 3):
        out = tmp_path / f"j{jobs}" / out_name
        s = run_batch(inputs, out, jobs=jobs, added=ADDED)
        _adds_up(s)
        assert s.written >= 190
        outs.append(tree(out) if out.is_dir() else out.read_bytes())
    assert outs[0] == outs[1] == outs[2]


def test_jsonl_output_shape(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "d.jsonl", 2)
    run_batch([str(src)], tmp_path / "o.jsonl", jobs=1, added=ADDED)
    rec = read_jsonl(tmp_path / "o.jsonl")[0]
    assert list(rec) == ["id", "text", "source", "added", "created", "url", "title", "metadata"]
    assert rec["id"] == "rec-0" and rec["url"] == "https://example.org/0" and rec["source"] == "d.jsonl"
    meta = rec["metadata"]
    assert meta["input_file"] == "d.jsonl" and meta["url"] == rec["url"]
    assert set(meta["cleaner"]) >= {"chars_in", "chars_out", "removed", "duplicates_collapsed"}
    assert meta["cleaner"]["chars_out"] == len(rec["text"])


def test_duplicate_ids_and_name_collisions(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(article(1))
    (src / "a.html").write_text(f"<html><body><p>{article(2)}</p></body></html>")
    lines = [json.dumps({"id": "same", "text": article(i)}) for i in range(2)]
    (src / "d.jsonl").write_text("\n".join(lines) + "\n")
    s = run_batch([str(src)], tmp_path / "out", jobs=1, added=ADDED)
    _adds_up(s)
    assert s.dropped_by_reason == {"duplicate_id": 1}
    names = sorted(tree(tmp_path / "out"))
    assert len(names) == 3 and "a.txt" in names and "same.txt" in names
    s = run_batch(
        [str(src)], tmp_path / "out.jsonl", jobs=1, added=ADDED
    )  # file outputs keep records as the input has them
    assert s.written == 4 and [r["id"] for r in read_jsonl(tmp_path / "out.jsonl")].count("same") == 2


def test_max_bytes(tmp_path: Path) -> None:
    src = write_text_files(tmp_path / "in", 2)
    (src / "big.txt").write_text("word " * 10_000)
    s = run_batch([str(src)], tmp_path / "out.jsonl", Options(max_bytes=5_000), jobs=1, added=ADDED)
    assert s.failed_by_kind == {"too_large": 1} and s.written == 2


def test_resume_skips_done_work(tmp_path: Path) -> None:
    src = write_text_files(tmp_path / "in", 3)
    run_batch([str(src)], tmp_path / "out", jobs=1, added=ADDED)
    write_text_files(src, 6)  # the input folder grew: a resume adds the new pages
    s = run_batch([str(src)], tmp_path / "out", jobs=1, resume=True, added=ADDED)
    assert (s.skipped_existing, s.written) == (3, 3)
    _adds_up(s)
    fresh = tmp_path / "fresh"
    run_batch([str(src)], fresh, jobs=1, added=ADDED)
    assert tree(tmp_path / "out") == tree(fresh)


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {repo!r})
    import cleaner.batch as b
    b.FLUSH_EVERY = 1
    b.CHUNK_RECORDS = 4
    seen = []
    def progress(s):
        seen.append(s.written)
        if s.written >= {kill_after}:
            os.kill(os.getpid(), signal.SIGKILL)
    b.run_batch([{src!r}], {out!r}, jobs={jobs}, progress=progress, resume=True, added={added!r})
    """
)


@pytest.mark.parametrize("out_name", ["out", "out.jsonl", "out.jsonl.gz"])
def test_sigkill_then_resume_completes_the_job(tmp_path: Path, out_name: str) -> None:
    src = write_text_files(tmp_path / "in", 30)
    out = tmp_path / out_name
    script = KILLER.format(repo=str(REPO), src=str(src), out=str(out), jobs=2, kill_after=12, added=ADDED)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    if out.suffix == "" and out.exists():  # only complete files, never a temp file in sight
        done = tree(out)
        assert 0 < len(done) < 30 and all(not n.split("/")[-1].startswith(".") for n in done)
    s = run_batch([str(src)], out, jobs=2, resume=True, added=ADDED)
    _adds_up(s)
    assert s.skipped_existing >= 12 and s.written + s.skipped_existing == 30
    fresh = tmp_path / ("fresh-" + out_name)
    run_batch([str(src)], fresh, jobs=1, added=ADDED)
    if out.is_dir():
        assert tree(out) == tree(fresh)
    else:
        assert read_jsonl(out) == read_jsonl(fresh)


def _die_on_boom(items: list[str]) -> list[str]:
    for item in items:
        if item == "boom":
            os._exit(3)
    return [item.upper() for item in items]


def _crashed(item: str, kind: str, message: str) -> str:
    return f"{kind}:{item}"


def test_local_engine_isolates_a_crashing_record() -> None:
    engine = LocalEngine(jobs=2, in_flight=2)
    chunks = [["a", "b"], ["c", "boom", "d"], ["e"], ["f", "g"]]
    try:
        out = [r for chunk in engine.map_chunks(_die_on_boom, chunks, _crashed) for r in chunk]
    finally:
        engine.close()
    assert out == ["A", "B", "C", "worker_crashed:boom", "D", "E", "F", "G"]


class _Interrupted(Exception):
    pass


def _raise_interrupted(signum: int, frame: object) -> None:
    raise _Interrupted


_FORK_INTERRUPTS: list[int] = []  # pids to interrupt at their next fork (each once)


def _interrupt_at_fork() -> None:
    if os.getpid() in _FORK_INTERRUPTS:
        _FORK_INTERRUPTS.remove(os.getpid())
        os.kill(os.getpid(), signal.SIGINT)


os.register_at_fork(before=_interrupt_at_fork)


def test_a_ctrl_c_while_the_pool_forks_its_workers_is_not_lost() -> None:
    # The Ctrl-C lands exactly while the pool forks (a fork hook sends it): it used to be
    # swallowed by the fork machinery and the run went on to the end.  Held during the fork,
    # it reaches this process in ordinary code.
    engine = LocalEngine(jobs=2, in_flight=2)
    previous = signal.signal(signal.SIGINT, _raise_interrupted)
    _FORK_INTERRUPTS.append(os.getpid())
    try:
        with pytest.raises(_Interrupted):
            for _ in engine.map_chunks(_die_on_boom, [["a"], ["b"], ["c"]], _crashed):
                pass
    finally:
        signal.signal(signal.SIGINT, previous)
        _FORK_INTERRUPTS.clear()
        engine.abort()
    assert not signal.pthread_sigmask(signal.SIG_BLOCK, set())  # nothing left held


def _slow_or_die(items: list[str]) -> list[str]:
    import time

    for item in items:
        if item == "slow":
            time.sleep(0.5)
    return _die_on_boom(items)


def test_local_engine_does_not_blame_a_record_running_beside_a_crash() -> None:
    # "slow" is still running when "boom" kills its worker and breaks the pool: its future
    # fails too, and it must be rerun, not reported as crashed.
    engine = LocalEngine(jobs=2, in_flight=4)
    chunks = [["slow"], ["boom"], ["e"], ["f"]]
    try:
        out = [r for chunk in engine.map_chunks(_slow_or_die, chunks, _crashed) for r in chunk]
    finally:
        engine.close()
    assert out == ["SLOW", "worker_crashed:boom", "E", "F"]


def _hang_on_sleep(items: list[str]) -> list[str]:
    for item in items:
        if item == "hang":
            import time

            time.sleep(3600)
    return [item.upper() for item in items]


def test_local_engine_times_out_a_hanging_record() -> None:
    # Not timing-dependent in outcome: "hang" never finishes; the others finish far below the limit.
    engine = LocalEngine(jobs=2, in_flight=2, timeout=5.0)
    chunks = [["a"], ["b", "c"], ["hang"], ["d"]]
    try:
        out = [r for chunk in engine.map_chunks(_hang_on_sleep, chunks, _crashed) for r in chunk]
    finally:
        engine.close()
    assert out == ["A", "B", "C", "timeout:hang", "D"]


def test_warc_batch_counts_non_pages_as_dropped(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "c.warc.gz", 5)
    from cleaner.sources.warc import warc_record_bytes

    with open(warc, "ab") as fh:
        fh.write(warc_record_bytes("https://example.org/img", b"\x89PNG", content_type="image/png"))
    s = run_batch([str(warc)], tmp_path / "o.jsonl", jobs=1, added=ADDED)
    _adds_up(s)
    assert s.dropped_by_reason.get("not_html") == 1
    assert s.written + s.failed + s.dropped_by_reason.get("empty", 0) == 5


def test_batch_output_matches_the_library(tmp_path: Path) -> None:
    from cleaner import clean_html, clean_text

    html_dir = REPO / "fixtures" / "html" / "input"
    text_dir = REPO / "fixtures" / "text" / "input"
    s = run_batch([str(html_dir), str(text_dir)], tmp_path / "out.jsonl", jobs=2, added=ADDED)
    assert s.failed == 0
    by_id = {r["id"]: r["text"] for r in read_jsonl(tmp_path / "out.jsonl")}
    for p in sorted(html_dir.glob("*.html")):
        assert by_id.get(p.name, "") == clean_html(p.read_bytes()), p.name
    for p in sorted(text_dir.glob("*.txt")):
        assert by_id.get(p.name, "") == clean_text(p.read_text(encoding="utf-8")), p.name


def _sleepy(items: list[str]) -> list[str]:
    import time

    for item in items:
        if item.startswith("sleep"):
            time.sleep(float(item[5:]))
    return [item.upper() for item in items]


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_time_limit_holds_per_record_whatever_the_chunk_size(jobs: int) -> None:
    # "sleep3" would finish under a per-chunk budget (8 items x 1 s); per record it must fail.
    # The "sleep0.2" records, each well under the limit, must all pass although together
    # their chunk takes longer than one record's limit.
    engine = LocalEngine(jobs=jobs, in_flight=2, timeout=1.0)
    chunks = [["a", "b", "c", "sleep3", "d", "e", "f", "g"], ["sleep0.2"] * 8, ["h"]]
    try:
        out = [r for chunk in engine.map_chunks(_sleepy, chunks, _crashed) for r in chunk]
    finally:
        engine.close()
    assert out == ["A", "B", "C", "timeout:sleep3", "D", "E", "F", "G", *["SLEEP0.2"] * 8, "H"]


def test_the_time_limit_holds_for_a_single_chunk_at_one_job(tmp_path: Path) -> None:
    engine = LocalEngine(jobs=1, timeout=1.0)
    try:
        out = [r for chunk in engine.map_chunks(_hang_on_sleep, [["a", "hang", "b"]], _crashed) for r in chunk]
    finally:
        engine.close()
    assert out == ["A", "timeout:hang", "B"]


def test_more_jobs_than_cores_are_clamped() -> None:
    with pytest.warns(UserWarning, match="available cores"):
        engine = LocalEngine(jobs=10_000)
    assert engine.jobs == default_jobs()


def _jsonl_ids(path: Path) -> list[str]:
    return [r["id"] for r in read_jsonl(path)]


def test_resume_counts_repeated_ids_per_occurrence(tmp_path: Path) -> None:
    # WARC revisits and some JSONL dumps repeat an id: file outputs write each occurrence, and
    # --resume must skip only as many occurrences as the output holds.
    rows = [{"id": rid, "text": article(i)} for i, rid in enumerate(["a", "b", "a", "c", "a"])]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    fresh = run_batch([str(src)], out, jobs=1, added=ADDED)
    assert fresh.written == 5 and _jsonl_ids(out) == ["a", "b", "a", "c", "a"]
    whole = out.read_bytes()
    lines = whole.splitlines(keepends=True)
    out.unlink()
    (tmp_path / "out.jsonl.partial").write_bytes(b"".join(lines[:3]) + lines[3][:20])  # killed mid-line
    s = run_batch([str(src)], out, jobs=1, resume=True, added=ADDED)
    _adds_up(s)
    assert (s.skipped_existing, s.written) == (3, 2)
    assert out.read_bytes() == whole
    again = run_batch([str(src)], out, jobs=1, resume=True, added=ADDED)
    assert (again.skipped_existing, again.written) == (5, 0)
    assert out.read_bytes() == whole


def test_ctrl_c_always_ends_the_run_and_resume_finishes_it(tmp_path: Path) -> None:
    import signal
    import time

    src = write_text_files(tmp_path / "in", 400)
    out = tmp_path / "out.jsonl"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    cmd = [sys.executable, "-m", "cleaner", "clean", str(src), "-o", str(out), "-j", "2", "-q"]
    for delay in (0.8, 1.2, 1.6, 2.0, 2.4):  # interrupt at different stages of the run
        proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, start_new_session=True)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)  # a hang guard, not a speed test: the run must end by itself
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            pytest.fail(f"Ctrl-C after {delay}s did not end the run")
        assert proc.returncode in (0, 130, -signal.SIGINT)
        assert proc.stderr is not None
        if proc.returncode != -signal.SIGINT:  # (still importing: Python's own exit)
            assert b"Traceback" not in proc.stderr.read()
        proc.stderr.close()
    s = run_batch([str(src)], out, jobs=2, resume=True, added=ADDED)
    _adds_up(s)
    assert s.written + s.skipped_existing == 400


def test_the_python_summary_has_the_shape_of_the_summary_file(tmp_path: Path) -> None:
    """Issue 17.10: ``summary.dropped`` was a dict in Python and a count in summary.json."""
    src = write_text_files(tmp_path / "in", 3)
    (src / "empty.txt").write_text("   \n")
    (src / "bad.jsonl").write_text('{"id": "x", "text": "ok"}\n{"id": \n')
    s = run_batch([str(src)], tmp_path / "o.jsonl", jobs=1)
    data = s.to_dict()
    on_disk = json.loads((tmp_path / "o.jsonl.summary.json").read_text())
    assert {k: v for k, v in on_disk.items() if k != "elapsed_s" and k != "records_per_s"} == {
        k: v for k, v in data.items() if k != "elapsed_s" and k != "records_per_s"
    }
    for key, value in data.items():
        if key == "cleaner_version":
            continue
        got = getattr(s, key)
        assert (round(got, 1) == round(value, 1)) if isinstance(value, float) else got == value, key
    assert (s.written, s.dropped, s.failed) == (4, 1, 1)
    assert s.dropped_by_reason == {"empty": 1} and s.failed_by_kind == {"bad_json": 1}
