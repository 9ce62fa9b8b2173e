#!/usr/bin/env python3
"""Snapshot the cleaner's output on every dev page, and compare two snapshots: a refactor's proof.

Usage::

    python benchmarks/snapshot.py write DIR [--limit N] [-j N]    # outputs of this tree into DIR
    python benchmarks/snapshot.py compare OLD NEW                  # which outputs differ, and how

Inputs: the HTML of ``trafilatura-eval`` and ``wcxb-dev`` (``clean_html``), the text dumps of
``wet-dev`` (``clean_text``), from ``../shared/devset``, plus the repository's fixtures.  One
file per page (``set/id.txt``), so ``diff -r`` also works; ``compare`` prints the differing
pages with a short unified diff of each (first 5) and exits 1 when any differ.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEVSET = REPO.parent / "shared" / "devset"


def _jobs(limit: int | None) -> list[tuple[str, str, str, str]]:
    """(set, id, kind, path) for every page."""
    jobs = []
    for name, kind in (("trafilatura-eval", "html"), ("wcxb-dev", "html"), ("wet-dev", "text")):
        meta_path = DEVSET / name / "evaldata.json"
        if not meta_path.exists():
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        for doc in meta["documents"][: limit or None]:
            jobs.append((name, str(doc["id"]), kind, str(meta_path.parent / doc["input"])))
    for kind in ("html", "text"):
        for p in sorted((REPO / "fixtures" / kind / "input").glob("*")):
            jobs.append((f"fixtures-{kind}", p.stem, kind, str(p)))
    return jobs


def _clean(job: tuple[str, str, str, str]) -> tuple[str, str, str]:
    import cleaner

    set_, id_, kind, path = job
    data = Path(path).read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        out = cleaner.clean_html(data) if kind == "html" else cleaner.clean_text(data.decode("utf-8", "replace"))
    except Exception as exc:  # a page that raises is a difference worth seeing, not a crash of the tool
        out = f"<<raised {type(exc).__name__}: {exc}>>"
    return set_, id_, out


def write(folder: Path, limit: int | None, jobs: int) -> int:
    todo = _jobs(limit)
    with ProcessPoolExecutor(jobs) as pool:
        for set_, id_, out in pool.map(_clean, todo, chunksize=16):
            dest = folder / set_ / f"{id_.replace('/', '_')}.txt"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(out, encoding="utf-8")
    print(f"{len(todo)} outputs in {folder}")
    return 0


def compare(old: Path, new: Path) -> int:
    names = sorted({p.relative_to(old) for p in old.rglob("*.txt")} | {p.relative_to(new) for p in new.rglob("*.txt")})
    differ = []
    for name in names:
        a = (old / name).read_text(encoding="utf-8") if (old / name).exists() else None
        b = (new / name).read_text(encoding="utf-8") if (new / name).exists() else None
        if a != b:
            differ.append((name, a or "", b or ""))
    by_set: dict[str, int] = {}
    for name, _, _ in differ:
        by_set[name.parts[0]] = by_set.get(name.parts[0], 0) + 1
    print(f"{len(differ)} of {len(names)} outputs differ: {by_set}")
    for name, a, b in differ[:5]:
        print(f"\n== {name}")
        diff = difflib.unified_diff(a.splitlines(), b.splitlines(), "old", "new", lineterm="", n=1)
        print("\n".join(list(diff)[:30]))
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("dir", type=Path)
    w.add_argument("--limit", type=int, default=None)
    w.add_argument("-j", "--jobs", type=int, default=2)
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "write":
        return write(args.dir, args.limit, args.jobs)
    return compare(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
