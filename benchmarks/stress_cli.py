"""Issue 7's command-line cases, run under old and new code side by side: outcome, time, memory.

``stress.py`` times hostile *contents*; this one runs the hostile *uses* of the command line
that issue 7 lists (an output that is an input, ``--resume`` with repeated ids, ``--timeout``
at ``-j 1``, resume memory, symlink loops, huge ``--max-bytes``, write errors on one record,
Ctrl-C, two runs into one output, ``-j 10000``, FIFOs, raw-deflate bodies, binary files).
Each case is a small function that builds its inputs in a fresh temporary folder and runs
``python -m cleaner clean ...`` there with ``PYTHONPATH=<tree>``, for every ``--tree`` given::

    python benchmarks/stress_cli.py --tree before=/path/to/old/checkout --tree after=.
    python benchmarks/stress_cli.py --cases 'resume|ctrl' --json /tmp/cli.json

Per case and tree it reports the exit code, whether stderr holds a traceback, the summary's
records (written / failed / read, and whether read = written + dropped + not pages + failed
+ already done), whether a file that existed before the run was changed (sha256 of every
input file before and after), wall seconds, the main process's peak RSS (VmHWM) and a one-line
verdict against what the issue asks (``ok`` / ``BAD``).  Every run is killed at ``--cap``
seconds (default 60), and its process group is killed when it ends, so no worker outlives it.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CAP = 60.0  # seconds before a run is killed (set by --cap)
FORK_CAP = 32  # worker processes the harness lets one run start (the -j 10000 case)

# Runs the CLI in this process and records its own peak RSS (VmHWM, reset by exec: ru_maxrss
# would carry this runner's peak over fork+exec), as stress.py does.  With STRESS_FORK_CAP set,
# os.fork fails with EAGAIN past that many children, as a process limit would: old code forks
# every worker asked for, and 10,000 forks would take the shared machine down.
_WRAPPER = """
import os, runpy, sys
parent, forks, cap = os.getpid(), [0], int(os.environ.get("STRESS_FORK_CAP", "0"))
if cap:
    real_fork = os.fork
    def fork():
        if forks[0] >= cap:
            raise BlockingIOError(11, f"fork refused by the stress harness after {cap} processes")
        forks[0] += 1
        return real_fork()
    os.fork = fork
sys.argv = ["cleaner", *sys.argv[1:]]
try:
    runpy.run_module("cleaner", run_name="__main__", alter_sys=True)
finally:
    if os.getpid() == parent:
        with open("/proc/self/status") as fh:
            hwm = next(line.split()[1] for line in fh if line.startswith("VmHWM:"))
        with open(os.environ["STRESS_HWM_FILE"], "w") as fh:
            fh.write(f"{hwm} {forks[0]}")
"""

PARA = (
    "The harbour commission met on Tuesday to discuss the new ferry timetable, which will add two early "
    "crossings on weekdays from March. Residents had asked for the change for years."
)


# ---------------------------------------------------------------- inputs


def article(i: int) -> str:
    """A small distinct plain-text article."""
    return f"Ferry story number {i}\n\n{PARA} Story {i}.\n\nThe council will vote in {1990 + i % 30} on story {i}.\n"


def page(i: int) -> bytes:
    """A small distinct HTML article."""
    return (
        f"<!DOCTYPE html><html><head><title>Ferry story {i}</title></head><body><article><h1>Ferry story {i}</h1>"
        f"<p>{PARA} Page {i}.</p><p>The council will vote in {1990 + i % 30} on page {i}.</p></article></body></html>"
    ).encode()


def texts(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"doc{i:03d}.txt").write_text(article(i), encoding="utf-8")
    return folder


def jsonl(path: Path, n: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({"id": f"rec-{i}", "text": article(i)}) + "\n" for i in range(n)))
    return path


def warc_record(uri: str, body: bytes, *, encoding: str = "", compress: bool = True) -> bytes:
    """One WARC response record (its own gzip member unless ``compress`` is false).

    Built here, not imported from ``cleaner``, so old and new trees read the very same bytes."""
    enc = f"Content-Encoding: {encoding}\r\n" if encoding else ""
    block = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{enc}\r\n".encode() + body
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{hashlib.md5(body).hexdigest()}>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    data = head + block + b"\r\n\r\n"
    if not compress:
        return data
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def big_pages(folder: Path, n: int, size: int) -> Path:
    """``n`` generated article pages of ``size`` bytes (stress_cases/html.py): runs of a few seconds."""
    spec = importlib.util.spec_from_file_location("stress_cases_html", HERE / "stress_cases" / "html.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"p{i:03d}.html").write_bytes(mod._page(size, i))
    return folder


def snapshot(root: Path) -> dict[str, str]:
    """sha256 and inode of every regular file under ``root`` (links recorded by target, never
    followed): a file replaced by equal bytes (a clean text cleaned again) still shows."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                out[p] = "link:" + os.readlink(p)
            elif stat.S_ISREG(st.st_mode):
                with open(p, "rb") as fh:
                    out[p] = f"{hashlib.sha256(fh.read()).hexdigest()} {st.st_ino}"
    return out


def changed(before: dict[str, str], root: Path) -> str:
    """Files that existed before the run: 'YES' if one was changed or removed, 'replaced' if one
    was replaced by a file of the same bytes, else 'no'."""
    after = snapshot(root)
    if any(after.get(k, "").split(" ")[0] != v.split(" ")[0] for k, v in before.items()):
        return "YES"
    return "replaced" if any(after.get(k) != v for k, v in before.items()) else "no"


def read_ids(path: Path) -> list[str]:
    if not path.is_file():
        return []
    ids = []
    for line in path.read_bytes().splitlines():
        try:
            ids.append(json.loads(line)["id"])
        except (ValueError, KeyError, TypeError):
            ids.append("<unparseable line>")
    return ids


# ---------------------------------------------------------------- running


@dataclass
class Run:
    """One finished (or killed) cleaner process."""

    exit: int | None  # None: killed at the cap
    seconds: float
    peak_mb: float | None
    forks: int
    stderr: str
    modified: str | None = None  # were files under ./in changed (see changed())?

    @property
    def traceback(self) -> bool:
        return "Traceback" in self.stderr


def _hwm_kb(pid: int) -> int:
    """A running process's VmHWM in kB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next((int(line.split()[1]) for line in fh if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0


class Cli:
    """A started ``python -m cleaner clean ARGS`` under one tree, in its own process group."""

    def __init__(self, tree: Path, args: list[Any], cwd: Path, fork_cap: int = 0) -> None:
        fd, name = tempfile.mkstemp(prefix="hwm-", dir=cwd.parent)
        os.close(fd)
        self.hwm = Path(name)
        self.inputs = cwd / "in"
        self.before = snapshot(self.inputs) if self.inputs.is_dir() else None
        env = dict(os.environ, PYTHONPATH=str(tree), PYTHONHASHSEED="0", STRESS_HWM_FILE=str(self.hwm))
        if fork_cap:
            env["STRESS_FORK_CAP"] = str(fork_cap)
        self.err = tempfile.TemporaryFile()
        cmd = [sys.executable, "-c", _WRAPPER, "clean", *args, "-q"]
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.err,
            start_new_session=True,
        )  # fmt: skip

    def interrupt(self) -> None:
        """Ctrl-C as a terminal sends it: SIGINT to the whole foreground process group."""
        os.killpg(self.proc.pid, signal.SIGINT)

    def wait(self, limit: float | None = None) -> Run:
        """Wait up to ``limit`` seconds (default --cap; then kill); kill what is left of the process group."""
        limit = CAP if limit is None else limit
        code: int | None = None
        sampled = 0  # VmHWM polled while running: the peak of a run killed or ended by os._exit
        while code is None and time.perf_counter() < self.started + limit:
            sampled = max(sampled, _hwm_kb(self.proc.pid))
            try:
                code = self.proc.wait(0.05)
            except subprocess.TimeoutExpired:
                pass
        elapsed = time.perf_counter() - self.started
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the run itself if killed, else stray workers
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.err.seek(0)
        stderr = self.err.read().decode("utf-8", "replace")
        self.err.close()
        fields = self.hwm.read_text().split()
        self.hwm.unlink()
        peak_kb = max(int(fields[0]) if fields else 0, sampled)
        peak = round(peak_kb / 1024, 1) if peak_kb else None
        modified = None if self.before is None else changed(self.before, self.inputs)
        return Run(code, round(elapsed, 2), peak, int(fields[1]) if fields else 0, stderr, modified)


def run(tree: Path, args: list[Any], cwd: Path, fork_cap: int = 0) -> Run:
    return Cli(tree, args, cwd, fork_cap).wait()


@dataclass
class Row:
    """One table row: a case under one tree."""

    exit: str
    traceback: bool
    seconds: float
    peak_mb: float | None
    verdict: str
    summary: dict[str, Any] | None = None
    modified: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> tuple[str, str]:
        s = self.summary
        if not s:
            return "-", "-"
        done = s["written"] + s["dropped"] + s.get("not_pages", 0) + s["failed"] + s.get("skipped_existing", 0)
        return f"{s['written']} / {s['failed']} / {s['read']}", "yes" if done == s["read"] else f"no ({done})"


def summary_of(path: Path) -> dict[str, Any] | None:
    try:
        s = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return s if isinstance(s, dict) and "read" in s else None


def exit_text(r: Run) -> str:
    return "killed" if r.exit is None else str(r.exit)  # killed: still running at its time limit


def row(r: Run, verdict: str, summary: Path | None = None, **detail: Any) -> Row:
    s = summary_of(summary) if summary else None
    return Row(exit_text(r), r.traceback, r.seconds, r.peak_mb, verdict, s, r.modified, detail)


def verdict(ok: bool, good: str, bad: str) -> str:
    return f"ok: {good}" if ok else f"BAD: {bad}"


def last_line(r: Run) -> str:
    lines = [line for line in r.stderr.strip().splitlines() if line.strip()]
    return lines[-1][:160] if lines else ""


# ---------------------------------------------------------------- cases
# Each case: (tree, empty temp folder) -> Row.  Inputs live under tmp/in; outputs beside it.


def _guarded(tree: Path, tmp: Path, args: list[str], summary: str) -> Row:
    """Section 1: an output path that is (or holds) an input must exit 2 before writing anything.

    Inputs: in/d.jsonl (3 records) and in/doc000..002.txt: 6 records when the folder is read."""
    records = 6 if args[0] == "in" else 3
    texts(tmp / "in", 3)
    jsonl(tmp / "in" / "d.jsonl", 3)
    r = run(tree, args, tmp)
    good = r.exit == 2 and r.modified == "no" and not r.traceback
    s = summary_of(tmp / summary) or {}
    bad = f"exit {exit_text(r)}, input modified: {r.modified}, {s.get('read')} of {records} read"
    bad += f", {s.get('written')} written"
    if s.get("skipped_existing"):
        bad += f", {s['skipped_existing']} taken as already done"
    return row(r, verdict(good, "refused, exit 2", bad), tmp / summary)


def out_is_input(tree: Path, tmp: Path) -> Row:
    """`clean in/d.jsonl -o in/d.jsonl`: the input was replaced by its own output, exit 0."""
    return _guarded(tree, tmp, ["in/d.jsonl", "-o", "in/d.jsonl"], "in/d.summary.json")


def out_is_input_resume(tree: Path, tmp: Path) -> Row:
    """Same with --resume: the raw input was read back as "already done"."""
    return _guarded(tree, tmp, ["in/d.jsonl", "-o", "in/d.jsonl", "--resume"], "in/d.summary.json")


def out_is_input_folder(tree: Path, tmp: Path) -> Row:
    """`-o` equal to the input folder: inputs rewritten in place."""
    return _guarded(tree, tmp, ["in", "-o", "in"], "in.summary.json")


def summary_is_input(tree: Path, tmp: Path) -> Row:
    """`--summary` naming an input: the input replaced by the summary."""
    return _guarded(tree, tmp, ["in/d.jsonl", "-o", "out.jsonl", "--summary", "in/d.jsonl"], "in/d.jsonl")


def errors_is_input(tree: Path, tmp: Path) -> Row:
    """`--errors` naming an input file inside an input folder."""
    return _guarded(tree, tmp, ["in", "-o", "out.jsonl", "--errors", "in/doc000.txt"], "out.summary.json")


def resume_revisit(tree: Path, tmp: Path) -> Row:
    """Section 2: a WARC revisit repeats an id; --resume after the first record must still write
    the second occurrence (it skipped every occurrence of an id seen once)."""
    (tmp / "in").mkdir()
    uris = ["https://e.org/a", "https://e.org/b", "https://e.org/a"]
    (tmp / "in" / "c.warc.gz").write_bytes(b"".join(warc_record(u, page(i)) for i, u in enumerate(uris)))
    fresh = run(tree, ["in/c.warc.gz", "-o", "full.jsonl", "-j", "1"], tmp)
    lines = (tmp / "full.jsonl").read_bytes().splitlines(keepends=True) if (tmp / "full.jsonl").exists() else []
    (tmp / "out.jsonl").write_bytes(b"".join(lines[:1]))  # as if killed after the first record
    r = run(tree, ["in/c.warc.gz", "-o", "out.jsonl", "-j", "1", "--resume"], tmp)
    ids = read_ids(tmp / "out.jsonl")
    good = len(lines) == 3 and ids == read_ids(tmp / "full.jsonl")
    bad = f"fresh run wrote {len(lines)}, resumed output has {len(ids)} of 3 records"
    return row(r, verdict(good, "second occurrence written (3 of 3)", bad), tmp / "out.summary.json", fresh=fresh.exit)


def _timeout(tree: Path, tmp: Path, small: int, jobs: str) -> Row:
    """Section 4: one record that takes far longer than --timeout 2 must fail as 'timeout'.

    The slow record is a 20 MB generated page (stress_cases/html.py): minutes on the old code,
    several seconds on the new one, so the limit must bite on both."""
    big_pages(tmp / "in", 1, 20_000_000)
    (tmp / "in" / "p000.html").rename(tmp / "in" / "slow.html")  # sorts after the small docs
    texts(tmp / "in", small)
    r = run(tree, ["in", "-o", "out.jsonl", "-j", jobs, "--timeout", "2"], tmp)
    s = summary_of(tmp / "out.summary.json")
    failed = (s or {}).get("failed_by_kind", {})
    good = failed == {"timeout": 1} and (s or {}).get("written") == small
    bad = f"timeout not enforced (still running at the {CAP:g}s cap)" if r.exit is None else f"failed {failed}"
    return row(r, verdict(good, f"slow record failed as timeout after {r.seconds:g}s", bad), tmp / "out.summary.json")


def timeout_j1(tree: Path, tmp: Path) -> Row:
    """--timeout 2 at -j 1, several chunks (40 small records and the slow one)."""
    return _timeout(tree, tmp, 40, "1")


def timeout_one_chunk(tree: Path, tmp: Path) -> Row:
    """--timeout 2 at -j 2 with the whole input in one chunk (3 small records and the slow one):
    the old code ran a single chunk in the main process, out of the limit's reach."""
    return _timeout(tree, tmp, 3, "2")


RESUME_MB = 150  # size of the existing output in the resume-memory case (set by --resume-mb)


def resume_memory(tree: Path, tmp: Path) -> Row:
    """Section 5: --resume over a large existing JSONL output must keep ids, not the output.

    The output is written directly (lines of about 10 kB, ids matching the input) so that
    building it costs seconds; the input adds 20 new records after the done ones."""
    n = RESUME_MB * 100
    body = " ".join(PARA for _ in range(60))[:10_000]
    with open(tmp / "out.jsonl", "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"rec-{i}", "text": f"{i} {body}"}) + "\n")
    jsonl(tmp / "in" / "d.jsonl", n + 20)
    r = run(tree, ["in/d.jsonl", "-o", "out.jsonl", "-j", "1", "--resume"], tmp)
    s = summary_of(tmp / "out.summary.json") or {}
    mb = (tmp / "out.jsonl").stat().st_size / 1e6
    # Resume state kept to ids stays far below the output's size; a copy of the output does not.
    small = r.peak_mb is not None and r.peak_mb < mb / 2
    good = (s.get("skipped_existing"), s.get("written")) == (n, 20) and small
    text = f"{mb:.0f} MB output resumed in {r.peak_mb} MB peak"
    bad = f"{text} (skipped {s.get('skipped_existing')}, written {s.get('written')})"
    return row(r, verdict(good, text, bad), tmp / "out.summary.json")


def symlink_loop(tree: Path, tmp: Path) -> Row:
    """Section 6: link loops inside an input folder are reported per link, the rest is cleaned."""
    top = tmp / "in"
    texts(top, 1)
    texts(top / "sub", 1)
    (top / "sub" / "up").symlink_to(top)
    (top / "self").symlink_to(top / "self")
    (top / "ping").symlink_to(top / "pong")
    (top / "pong").symlink_to(top / "ping")
    r = run(tree, ["in", "-o", "out.jsonl", "-j", "1"], tmp)
    s = summary_of(tmp / "out.summary.json") or {}
    good = s.get("written") == 2 and not r.traceback and r.exit in (0, 1)
    bad = last_line(r) or f"written {s.get('written')}"
    return row(
        r, verdict(good, f"2 files cleaned, links failed {s.get('failed_by_kind')}", bad), tmp / "out.summary.json"
    )


def _max_bytes(tree: Path, tmp: Path, cap: str) -> Row:
    """A huge --max-bytes over one input of each kind: nothing may be allocated up front."""
    d = tmp / "in"
    d.mkdir()
    (d / "a.html").write_bytes(page(1))
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    (d / "b.txt.gz").write_bytes(c.compress(article(2).encode()) + c.flush())
    jsonl(d / "c.jsonl", 1)
    (d / "d.warc.gz").write_bytes(warc_record("https://e.org/d", page(4)))
    (d / "e.warc").write_bytes(warc_record("https://e.org/e", page(5), compress=False))
    r = run(tree, ["in", "-o", "out.jsonl", "-j", "1", "--max-bytes", cap], tmp)
    s = summary_of(tmp / "out.summary.json") or {}
    good = r.exit == 0 and s.get("written") == 5 and not r.traceback
    return row(r, verdict(good, "5 of 5 written", last_line(r)), tmp / "out.summary.json")


def max_bytes_1t(tree: Path, tmp: Path) -> Row:
    """--max-bytes 1T (was a MemoryError: the cap was the read size)."""
    return _max_bytes(tree, tmp, "1T")


def max_bytes_23_digits(tree: Path, tmp: Path) -> Row:
    """--max-bytes with a 23-digit number (was an OverflowError)."""
    return _max_bytes(tree, tmp, "1" + "0" * 22)


def _one_write_error(tree: Path, tmp: Path, prepare: Callable[[Path], None], src_extra: bool) -> Row:
    """One record's write error must fail that record only: summary written, no .partial left."""
    texts(tmp / "in", 3)
    if src_extra:
        texts(tmp / "in" / "sub", 1)
    out = tmp / "out"
    out.mkdir()
    prepare(out)
    r = run(tree, ["in", "-o", "out", "-j", "1"], tmp)
    s = summary_of(tmp / "out.summary.json") or {}
    partial = sorted(p.name for p in tmp.rglob("*.partial"))
    outside = list((tmp / "elsewhere").iterdir()) if (tmp / "elsewhere").exists() else []
    good = s.get("failed_by_kind") == {"write_error": 1} and not partial and not outside and not r.traceback
    bad = f"summary {'missing' if not s else s.get('failed_by_kind')}, partial {partial}, outside {len(outside)}"
    ok_text = f"one write_error, {s.get('written')} written, nothing outside"
    return row(r, verdict(good, ok_text, bad), tmp / "out.summary.json")


def name_clash(tree: Path, tmp: Path) -> Row:
    """A folder in the output where a record's file must go."""
    return _one_write_error(tree, tmp, lambda out: (out / "doc001.txt").mkdir(), False)


def symlink_in_output(tree: Path, tmp: Path) -> Row:
    """A symlink inside the output folder pointing outside: nothing may be written through it."""

    def prepare(out: Path) -> None:
        (out.parent / "elsewhere").mkdir()
        (out / "sub").symlink_to(out.parent / "elsewhere")

    return _one_write_error(tree, tmp, prepare, True)


def _non_utf8(tree: Path, tmp: Path, out: str) -> Row:
    """A file name that is not UTF-8, named on the command line."""
    texts(tmp / "in", 1)
    bad = os.fsencode(tmp / "in" / "doc000.txt").replace(b"doc000", b"d\xffc")
    os.rename(os.fsencode(tmp / "in" / "doc000.txt"), bad)
    r = run(tree, [bad, "-o", out, "-j", "1"], tmp)
    s = summary_of(tmp / f"{out.removesuffix('.jsonl')}.summary.json") or {}
    good = r.exit == 0 and s.get("written") == 1 and not r.traceback
    return row(r, verdict(good, "cleaned", last_line(r)), tmp / f"{out.removesuffix('.jsonl')}.summary.json")


def non_utf8_name_jsonl(tree: Path, tmp: Path) -> Row:
    return _non_utf8(tree, tmp, "o.jsonl")


def non_utf8_name_folder(tree: Path, tmp: Path) -> Row:
    return _non_utf8(tree, tmp, "o")


TRIES = 16  # Ctrl-C tries (set by --tries): half as the pool starts, half at fixed moments


def _first_worker(pid: int, limit: float = 10.0) -> None:
    """Return as soon as process ``pid`` has a child (its pool's first worker), or after ``limit``."""
    end = time.perf_counter() + limit
    while time.perf_counter() < end:
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as fh:
                if fh.read().strip():
                    return
        except OSError:
            return
        time.sleep(0.0005)


def ctrl_c(tree: Path, tmp: Path) -> Row:
    """Section 7: Ctrl-C at -j 2 must end a ~5 s run within 10 s, whenever it comes.

    Half the tries send it as the pool starts (0-3 ms after the first worker appears: the old
    code could hang there), half at fixed moments from 0.5 to 2.1 s (after the imports, whose
    own KeyboardInterrupt is Python's).  A try that exits 0 ran to the end: Ctrl-C was lost.
    Then --resume must account for every record."""
    big_pages(tmp / "in", 400, 40_000)
    half = TRIES // 2
    moments: list[float | None] = [None] * half  # None: as the pool starts
    moments += [round(0.5 + 1.6 * k / max(1, TRIES - half - 1), 2) for k in range(TRIES - half)]
    runs: list[Run] = []
    tried: list[float | None] = []
    late: list[float] = []
    for k, moment in enumerate(moments):
        cli = Cli(tree, ["in", "-o", "out.jsonl", "-j", "2"], tmp)
        if moment is None:
            _first_worker(cli.proc.pid)
            time.sleep(0.001 * (k % 4))
        else:
            time.sleep(moment)
        sent = time.perf_counter()
        if cli.proc.poll() is not None:  # finished before the moment came: not a try
            cli.wait()
            continue
        cli.interrupt()
        runs.append(cli.wait(limit=sent - cli.started + 10.0))
        tried.append(moment)
        late.append(round(time.perf_counter() - sent, 2))
    hung = [m for m, r in zip(tried, runs, strict=True) if r.exit is None]
    lost = [m for m, r in zip(tried, runs, strict=True) if r.exit == 0]
    tb = sum(r.traceback for r in runs)
    agg = Run(
        None if hung else max((r.exit or 0) for r in runs),
        round(sum(r.seconds for r in runs), 2),
        max((r.peak_mb for r in runs if r.peak_mb is not None), default=None),
        0,
        "Traceback" if tb else "",
        max((r.modified or "no" for r in runs), key=["no", "replaced", "YES"].index),
    )
    resumed = run(tree, ["in", "-o", "out.jsonl", "-j", "2", "--resume"], tmp)
    s = summary_of(tmp / "out.summary.json") or {}
    complete = s.get("written", 0) + s.get("skipped_existing", 0) == 400
    good = not hung and not lost and not tb and complete
    text = f"{len(runs)}/{len(runs)} stopped by Ctrl-C (slowest {max(late, default=0):g}s after SIGINT)"
    if len(runs) < len(moments):
        text += f" ({len(moments) - len(runs)} runs ended before their moment)"
    text += f", then --resume: {s.get('skipped_existing')} done + {s.get('written')} written"

    def at(ms: list[float | None]) -> str:
        return ", ".join("pool start" if m is None else f"{m:g}s" for m in ms)

    bad = "; ".join(
        text
        for n, text in [
            (len(hung), f"{len(hung)}/{len(runs)} hung ({at(hung)})"),
            (len(lost), f"{len(lost)}/{len(runs)} ignored it and ran to the end, exit 0 ({at(lost)})"),
            (tb, f"{tb}/{len(runs)} printed a traceback"),
            (not complete, "--resume did not account for every record"),
        ]
        if n
    )
    res = row(agg, verdict(good, text, bad), tmp / "out.summary.json")
    res.exit = ", ".join(f"{e} x{n}" for e, n in Counter(exit_text(r) for r in runs).most_common())
    res.detail = {"moments": tried, "exits": [r.exit for r in runs], "after_sigint_s": late}
    res.detail |= {"resume_exit": resumed.exit, "stderr_tails": [r.stderr[-600:] for r in runs if r.traceback]}
    return res


def concurrent_resume(tree: Path, tmp: Path) -> Row:
    """Two --resume runs into the same output at once: the second must be refused (a lock);
    the old code let both write, and one could exit 0 on the other's half-written file."""
    big_pages(tmp / "in", 300, 40_000)
    args = ["in", "-o", "out.jsonl", "-j", "1", "--resume"]
    first = Cli(tree, args, tmp)
    time.sleep(1.0)
    second = Cli(tree, args, tmp)
    r2 = second.wait()
    r1 = first.wait()
    ids = read_ids(tmp / "out.jsonl")
    dup = sum(c - 1 for c in Counter(ids).values())
    complete = len(set(ids)) == 300 and dup == 0
    refused = r2.exit == 2 and "another cleaner run" in r2.stderr
    good = refused and r1.exit == 0 and complete
    failing = next((r for r in (r1, r2) if r.exit), r1)
    bad = f"both ran; output {len(ids)} lines, {len(set(ids))} ids, {dup} duplicates; {last_line(failing)!r}"
    peak = max(r1.peak_mb or 0, r2.peak_mb or 0)
    mod = max(r1.modified or "no", r2.modified or "no", key=["no", "replaced", "YES"].index)
    agg = Run(r1.exit, max(r1.seconds, r2.seconds), peak, 0, r1.stderr + r2.stderr, mod)
    res = row(agg, verdict(good, "second refused (exit 2), output 300/300", bad), tmp / "out.summary.json")
    res.exit = f"{exit_text(r1)}/{exit_text(r2)}"
    return res


def jobs_10000(tree: Path, tmp: Path) -> Row:
    """-j 10000 must be clamped to the cores with a warning.  The harness refuses forks past
    FORK_CAP, so the old code's 10,000 workers show as a failed fork, not a dead machine."""
    texts(tmp / "in", 100)  # 7 chunks: a pool is started
    r = Cli(tree, ["in", "-o", "out.jsonl", "-j", "10000"], tmp, fork_cap=FORK_CAP).wait()
    warned = "cores" in r.stderr
    good = warned and r.forks <= (os.cpu_count() or 1) and r.exit == 0
    forks = f"forked {FORK_CAP} workers, then the harness refused more" if r.forks >= FORK_CAP else f"{r.forks} workers"
    bad = f"{forks}; warning: {warned}; {last_line(r)!r}"
    return row(r, verdict(good, f"clamped to {r.forks} workers, warned", bad), tmp / "out.summary.json", forks=r.forks)


def output_error(tree: Path, tmp: Path) -> Row:
    """Section 8: an output that cannot be created (a file where a folder is needed) exits 2."""
    texts(tmp / "in", 2)
    (tmp / "file").write_text("x")
    r = run(tree, ["in", "-o", "file/sub/out.jsonl"], tmp)
    good = r.exit == 2 and not r.traceback
    return row(r, verdict(good, "usage error, exit 2", f"exit {exit_text(r)}: {last_line(r)}"))


def fifo_input(tree: Path, tmp: Path) -> Row:
    """A named FIFO on the command line is read as a stream (was reported missing)."""
    (tmp / "in").mkdir()
    fifo = tmp / "in" / "p.html"
    os.mkfifo(fifo)
    data = page(7)

    def feed() -> None:
        with open(fifo, "wb") as fh:
            fh.write(data)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    r = run(tree, ["in/p.html", "-o", "out.jsonl", "-j", "1"], tmp)
    if writer.is_alive():  # never opened by the cleaner: open the read end so the writer ends
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        writer.join(5)
        os.close(fd)
    got = any("Page 7" in t for t in _texts(tmp / "out.jsonl"))
    return row(r, verdict(got and r.exit == 0, "read and cleaned", last_line(r)), tmp / "out.summary.json")


def process_substitution(tree: Path, tmp: Path) -> Row:
    """`clean <(cat page.html)`: the shell's /dev/fd pipe is an input like a FIFO."""
    (tmp / "page.html").write_bytes(page(8))
    r = _bash_subst(tree, tmp)
    got = any("Page 8" in t for t in _texts(tmp / "out.jsonl"))
    return row(r, verdict(got and r.exit == 0, "read and cleaned", last_line(r)), tmp / "out.summary.json")


def _bash_subst(tree: Path, tmp: Path) -> Run:
    """Runs the wrapper through bash so that ``<(...)`` is the shell's own pipe."""
    script = f'exec {sys.executable} -c "$W" clean <(cat page.html) -o out.jsonl -j 1 -q'
    fd, name = tempfile.mkstemp(prefix="hwm-", dir=tmp.parent)
    os.close(fd)
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONHASHSEED="0", STRESS_HWM_FILE=name, W=_WRAPPER)
    started = time.perf_counter()
    try:
        proc = subprocess.run(["bash", "-c", script], cwd=tmp, env=env, capture_output=True, timeout=CAP)
        code: int | None = proc.returncode
        stderr = proc.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        code, stderr = None, ""
    fields = Path(name).read_text().split()
    os.unlink(name)
    peak = round(int(fields[0]) / 1024, 1) if fields else None
    return Run(code, round(time.perf_counter() - started, 2), peak, 0, stderr)


def raw_deflate_warc(tree: Path, tmp: Path) -> Row:
    """A WARC response whose body is raw deflate (Content-Encoding: deflate, no zlib header)."""
    (tmp / "in").mkdir()
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = c.compress(page(9)) + c.flush()
    (tmp / "in" / "r.warc").write_bytes(warc_record("https://e.org/r", body, encoding="deflate", compress=False))
    r = run(tree, ["in/r.warc", "-o", "out.jsonl", "-j", "1"], tmp)
    got = any("Page 9" in t for t in _texts(tmp / "out.jsonl"))
    return row(r, verdict(got, "body decoded and cleaned", "page text not in the output"), tmp / "out.summary.json")


def binary_file(tree: Path, tmp: Path) -> Row:
    """Binary files are failed as 'binary' and named in the errors file, not only counted."""
    d = tmp / "in"
    d.mkdir()
    (d / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (d / "tool").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    (d / "ok.txt").write_text(article(1))
    r = run(tree, ["in", "-o", "out.jsonl", "-j", "1"], tmp)
    named = set()
    if (tmp / "out.errors.jsonl").exists():
        for line in (tmp / "out.errors.jsonl").read_text(encoding="utf-8").splitlines():
            e = json.loads(line)
            if e.get("kind") == "binary":
                named.add(Path(str(e.get("source", ""))).name)
    good = named == {"photo.html", "tool"}
    return row(r, verdict(good, "both named, kind binary", f"binary named: {sorted(named)}"), tmp / "out.summary.json")


def _texts(path: Path) -> list[str]:
    if not path.is_file():
        return []
    out = []
    for line in path.read_bytes().splitlines():
        try:
            out.append(str(json.loads(line).get("text", "")))
        except ValueError:
            pass
    return out


CASES: dict[str, Callable[[Path, Path], Row]] = {
    "out-is-input": out_is_input,
    "out-is-input-resume": out_is_input_resume,
    "out-is-input-folder": out_is_input_folder,
    "summary-is-input": summary_is_input,
    "errors-is-input": errors_is_input,
    "resume-revisit": resume_revisit,
    "timeout-j1": timeout_j1,
    "timeout-one-chunk": timeout_one_chunk,
    "resume-memory": resume_memory,
    "symlink-loop": symlink_loop,
    "max-bytes-1T": max_bytes_1t,
    "max-bytes-23-digits": max_bytes_23_digits,
    "name-clash": name_clash,
    "symlink-in-output": symlink_in_output,
    "non-utf8-name-jsonl": non_utf8_name_jsonl,
    "non-utf8-name-folder": non_utf8_name_folder,
    "ctrl-c-j2": ctrl_c,
    "concurrent-resume": concurrent_resume,
    "jobs-10000": jobs_10000,
    "output-error": output_error,
    "fifo-input": fifo_input,
    "process-substitution": process_substitution,
    "raw-deflate-warc": raw_deflate_warc,
    "binary-file": binary_file,
}


def main() -> int:
    global CAP, TRIES, RESUME_MB
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tree", action="append", default=[], help="LABEL=PATH of a checkout (default: this one)")
    ap.add_argument("--cases", default="", help="regex selecting case names")
    ap.add_argument("--cap", type=float, default=CAP, help="seconds before a run is killed")
    ap.add_argument("--tries", type=int, default=TRIES, help="Ctrl-C tries")
    ap.add_argument("--resume-mb", type=int, default=RESUME_MB, help="existing output size for resume-memory")
    ap.add_argument("--json", help="also write the rows here")
    args = ap.parse_args()
    CAP, TRIES, RESUME_MB = args.cap, args.tries, args.resume_mb
    trees = [(t.split("=", 1)[0], Path(t.split("=", 1)[1]).resolve()) for t in args.tree] or [("now", REPO)]
    columns = ["case", "tree", "exit", "traceback", "written / failed / read", "accounted", "input modified"]
    columns += ["s", "peak MB", "verdict"]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    rows = []
    for name, case in CASES.items():
        if not re.search(args.cases, name):
            continue
        for label, tree in trees:
            with tempfile.TemporaryDirectory(prefix="cleaner-cli-") as tmp:
                work = Path(tmp) / "case"
                work.mkdir()
                r = case(tree, work)
            counts, accounted = r.counts()
            mod = r.modified or "-"
            tb = "YES" if r.traceback else "no"
            print(
                f"| {name} | {label} | {r.exit} | {tb} | {counts} | {accounted} | {mod} | {r.seconds:g} | "
                f"{r.peak_mb if r.peak_mb is not None else '-'} | {r.verdict} |",
                flush=True,
            )
            rows.append({"case": name, "tree": label, "counts": counts, "accounted": accounted, **r.__dict__})
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
