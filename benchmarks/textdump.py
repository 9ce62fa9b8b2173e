"""Text-dump throughput: the bundled text fixtures replicated to a few thousand documents.

Measures, in one run:
* the CLI end to end on one core (``cleaner clean DIR -o OUT -j 1``), process start-up
  included once and so amortised over the batch: documents/s and the child's peak RSS;
* the library call alone (``cleaner.clean_text``) in this process: documents/s;
* how much of a seed-sized dump the target (1,000 dumps/s) leaves: the ratio to the target.

With ``--real N``, the corpus is instead the first N pages of wcxb-dev rendered to whole-page
text (html-text, as ``benchmarks/textbench.py`` renders and caches them: dumps of the size
crawls hold), and the library call is also measured without the line classifier, with the
classifier's own cost (features and tree walk, every scoring pass) in ms per 10 KB of dump.
The library figures are CPU seconds of a child pinned to one core (``sched_setaffinity``).

Usage: python benchmarks/textdump.py [--copies N | --real N] [--keep]
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "text" / "input"
TARGET_DOCS_PER_S = 1000.0


_LONG_WORD = re.compile(r"\b[a-z]{5,}\b")


def _shift(word: str, by: int) -> str:
    return "".join(chr((ord(c) - 97 + by) % 26 + 97) for c in word)


def variant(text: str, i: int) -> str:
    """Copy ``i`` of a fixture whose long lines differ from every other copy.

    Prose lines get two of their words letter-shifted (same length, same punctuation, so
    wrapping and rules see the same shapes) while short lines (headings, widgets, captions)
    stay: real crawls repeat boilerplate lines across pages but not article paragraphs, and
    the pipeline's per-process memo of verdicts must not see 100% repeats.
    """
    if i == 0:
        return text
    first, second = i % 25 + 1, (i // 25) % 25 + 1
    out = []
    for line in text.split("\n"):
        if len(line.split()) >= 8:
            line = _LONG_WORD.sub(lambda m: _shift(m.group(), first), line, count=1)
            line = _LONG_WORD.sub(lambda m: _shift(m.group(), second), line[::-1], count=1)[::-1]
        out.append(line)
    return "\n".join(out)


def make_corpus(folder: Path, copies: int) -> list[str]:
    """Write ``copies`` rounds of every fixture (each a distinct variant); return the texts."""
    texts = []
    sources = sorted(FIXTURES.glob("*.txt"))
    for i in range(copies):
        sub = folder / f"r{i:04d}"
        sub.mkdir(parents=True)
        for src in sources:
            text = variant(src.read_text(encoding="utf-8"), i)
            (sub / src.name).write_text(text, encoding="utf-8")
            texts.append(text)
    return texts


def run_cli(corpus: Path, out: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one ``cleaner clean`` run on one core."""
    cmd = [sys.executable, "-m", "cleaner", "clean", str(corpus), "-o", str(out), "-j", "1", "--quiet"]
    probe = subprocess.run([sys.executable, "-m", "cleaner", "clean", "--help"], capture_output=True, text=True)
    if "--jobs" not in probe.stdout:
        cmd = [c for c in cmd if c not in ("-j", "1", "--quiet")]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"cleaner failed ({proc.returncode}): {proc.stderr[-2000:]}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak_kb / 1024


def run_library(texts: list[str]) -> float:
    """Seconds for ``clean_text`` over the corpus in a fresh process (no warm memo)."""
    code = (
        "import sys, time, json, cleaner\n"
        "texts = json.load(sys.stdin)\n"
        "start = time.perf_counter()\n"
        "for t in texts: cleaner.clean_text(t)\n"
        "print(time.perf_counter() - start)\n"
    )
    import json

    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr[-2000:])
    return float(out.stdout)


# In a fresh child on one core: CPU seconds of clean_text over the texts with the line model,
# then without it, and the model's own CPU seconds (document_features + matrix + predict, every
# scoring pass of the first run) and number of scoring passes.  Each run is the best of three.
_CLASSIFIER_CODE = """
import json, os, sys, time
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
import cleaner
from cleaner.learn import model as lm
from cleaner.options import Options
from cleaner.rules import linemodel
texts = json.load(sys.stdin)
spent = [0.0, 0]
def timed(fn, count):
    def run(*a, **k):
        start = time.process_time()
        try:
            return fn(*a, **k)
        finally:
            spent[0] += time.process_time() - start
            spent[1] += count
    return run
linemodel.document_features = timed(linemodel.document_features, 1)
lm.TreeModel.matrix = timed(lm.TreeModel.matrix, 0)
lm.TreeModel.predict = timed(lm.TreeModel.predict, 0)
def best(options):
    times = []
    for _ in range(3):
        start = time.process_time()
        for t in texts:
            cleaner.clean_text(t, options)
        times.append(time.process_time() - start)
    return min(times)
for t in texts[:3]:
    cleaner.clean_text(t)  # imports, model load, compiled patterns
spent[:] = [0.0, 0]
cleaner.clean_text(texts[0])
spent[:] = [0.0, 0]
for t in texts:
    cleaner.clean_text(t)
classifier = list(spent)
print(json.dumps([best(Options()), best(Options(disabled_rules=["line_model"])), *classifier]))
"""


def run_classifier(texts: list[str]) -> tuple[float, float, float, int]:
    """(CPU s with the line model, CPU s without, CPU s in the model itself, scoring passes)."""
    import json

    out = subprocess.run(
        [sys.executable, "-c", _CLASSIFIER_CODE], input=json.dumps(texts), capture_output=True, text=True, cwd=ROOT
    )  # cwd: the child imports this checkout's cleaner (``-c`` puts the working folder first)
    if out.returncode:
        raise SystemExit(out.stderr[-2000:])
    with_s, without_s, model_s, passes = json.loads(out.stdout)
    return with_s, without_s, model_s, passes


def real_corpus(folder: Path, pages: int) -> list[str]:
    """The first ``pages`` wcxb-dev pages rendered by html-text (cached), written as dumps."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import textbench

    texts = [textbench.render(job) for job in textbench.load_jobs(["wcxb"], ["html_text"], pages)]
    folder.mkdir(parents=True)
    for i, text in enumerate(texts):
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=120, help="rounds of the fixture set (default 120)")
    ap.add_argument("--real", type=int, metavar="N", help="N real wcxb-dev pages rendered to text instead")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpus and output")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cleaner-textbench-"))
    try:
        corpus = work / "in"
        texts = real_corpus(corpus, args.real) if args.real else make_corpus(corpus, args.copies)
        docs, size = len(texts), sum(len(t.encode()) for t in texts)
        seed_size = (FIXTURES / "seed.txt").stat().st_size
        if args.real:
            with_s, without_s, model_s, passes = run_classifier(texts)
            print(
                f"one core, CPU time: {docs / with_s:.1f} dumps/s with the line model, "
                f"{docs / without_s:.1f} without; the model itself {model_s * 1000 / (size / 10240):.2f} ms "
                f"per 10 KB ({model_s * 1000 / docs:.2f} ms per dump, {passes / docs:.2f} scoring passes per dump)"
            )
        lib_s = run_library(texts)
        cli_s, rss = run_cli(corpus, work / "out")
        written = sum(1 for _ in (work / "out").rglob("*.txt"))
        avg = size / docs
        rows = [
            ("library clean_text", docs / lib_s, None),
            ("CLI, -j 1, end to end", docs / cli_s, rss),
        ]
        print(
            f"corpus: {docs} documents, {size / 1e6:.1f} MB, mean {avg / 1024:.1f} KiB "
            f"(seed {seed_size / 1024:.1f} KiB); {written} outputs written"
        )
        print(f"{'path':<26}{'docs/s':>10}{'MB/s':>8}{'x target':>10}{'peak RSS MB':>13}")
        for name, rate, mem in rows:
            seed_rate = rate * avg / seed_size  # seed-sized dumps per second at this byte rate
            print(
                f"{name:<26}{rate:>10.0f}{rate * avg / 1e6:>8.2f}{seed_rate / TARGET_DOCS_PER_S:>10.2f}"
                f"{(f'{mem:.0f}' if mem else '-'):>13}"
            )
        print(f"target: {TARGET_DOCS_PER_S:.0f} seed-sized dumps/s on one core ('x target' scales by size)")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
