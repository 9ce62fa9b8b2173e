"""``cleaner check`` against ``cleaner clean``: documents per second, side by side.

The issue asks that check keeps up with clean.  On one corpus (the text fixtures replicated
with distinct prose, as in ``textdump.py``), in one run and alternating the commands:

* ``cleaner clean CORPUS -o CLEANED -j 1`` (one core) and ``-j`` default (all cores);
* ``cleaner check CLEANED`` (what CI runs: the cleaner's output) and ``cleaner check CORPUS``
  (the same raw input clean read, full of findings to report).

Every command is a fresh process (start-up included, amortised over the batch); the best of
``--repeat`` runs counts.  Ratios > 1 mean check is faster.

Usage: python benchmarks/check.py [--copies N] [--repeat R]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from textdump import make_corpus


def timed(cmd: list[str], ok: tuple[int, ...]) -> float:
    """Seconds of one run of ``cmd`` (its exit code must be in ``ok``)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=20, help="rounds of the fixtures (29 documents each)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command; the best counts")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cleaner-check-bench-"))
    try:
        corpus = work / "corpus"
        docs = len(make_corpus(corpus, args.copies))
        cli = [sys.executable, "-m", "cleaner"]
        cleaned = work / "cleaned"
        subprocess.run([*cli, "clean", str(corpus), "-o", str(cleaned), "-q"], check=True)
        runs = {
            "clean -j 1": ([*cli, "clean", str(corpus), "-o", str(work / "o1"), "-j", "1", "-q"], (0,)),
            "clean (all cores)": ([*cli, "clean", str(corpus), "-o", str(work / "o2"), "-q"], (0,)),
            "check cleaned output": ([*cli, "check", str(cleaned)], (0,)),
            "check raw corpus": ([*cli, "check", str(corpus)], (1,)),
        }
        best = dict.fromkeys(runs, float("inf"))
        for _ in range(args.repeat):
            for name, (cmd, ok) in runs.items():
                for out in ("o1", "o2"):
                    shutil.rmtree(work / out, ignore_errors=True)
                best[name] = min(best[name], timed(cmd, ok))
        rate = {name: docs / s for name, s in best.items()}
        print(f"{docs} documents ({sum(f.stat().st_size for f in corpus.rglob('*.txt')) / docs / 1024:.1f} KiB mean)")
        for name, r in rate.items():
            print(f"  {name:22} {r:8.1f} docs/s  ({best[name]:.2f} s)")
        for check in ("check cleaned output", "check raw corpus"):
            for clean in ("clean -j 1", "clean (all cores)"):
                print(f"  {check} / {clean}: {rate[check] / rate[clean]:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
