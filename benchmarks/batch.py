"""Batch throughput: a generated WARC of a few thousand pages at -j 1 and -j N, vs loose files.

    python benchmarks/batch.py                    # 3,000 pages, -j 1 and -j <all cores>
    python benchmarks/batch.py --records 1000 --jobs 1,2,4 --json /tmp/batch.json

Pages come from the repository's fixtures (fixtures/html/input and the gzipped dev-set sample),
repeated under distinct URLs, so the figures are about the batch machinery on realistic pages.
Each configuration runs in a fresh subprocess so peak RSS (main process, and the largest
worker) is its own.  Memory flatness: the same -j N run on half the records should show about
the same peak RSS as on all of them.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cleaner.engines import default_jobs  # noqa: E402
from cleaner.sources.warc import warc_record_bytes  # noqa: E402

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {repo!r})
from cleaner.batch import run_batch
t = time.perf_counter()
s = run_batch({inputs!r}, {out!r}, jobs={jobs}, added="2026-01-01T00:00:00Z")  # pinned: outputs comparable
wall = time.perf_counter() - t
kb = 1 if sys.platform != "darwin" else 1 / 1024
ru = resource.getrusage(resource.RUSAGE_SELF)
rc = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({{
    "cpu_main_s": ru.ru_utime + ru.ru_stime,
    "cpu_workers_s": rc.ru_utime + rc.ru_stime,
    "read": s.read, "written": s.written, "failed": s.failed, "dropped": s.dropped, "wall_s": wall,
    "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * kb / 1024,
    "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * kb / 1024,
}}))
"""


def code_fingerprint() -> str:
    """Hash of the package sources: others may edit the code while a long benchmark runs."""
    h = hashlib.blake2b(digest_size=8)
    for p in sorted((REPO / "cleaner").rglob("*")):
        if p.is_file() and p.suffix in (".py", ".toml", ".txt"):
            h.update(p.read_bytes())
    return h.hexdigest()


def load_pages() -> list[bytes]:
    pages = [p.read_bytes() for p in sorted((REPO / "fixtures" / "html" / "input").glob("*.html"))]
    devset = sorted((REPO / "fixtures" / "devset" / "html").glob("*.html.gz"))
    pages += [gzip.decompress(p.read_bytes()) for p in devset]
    if not pages:
        raise SystemExit("no fixture pages found")
    return pages


def build(folder: Path, n: int) -> tuple[Path, Path]:
    """A WARC.gz of ``n`` pages and the same pages as loose .html files."""
    pages = load_pages()
    warc, loose = folder / "pages.warc.gz", folder / "loose"
    loose.mkdir()
    with open(warc, "wb") as fh:
        for i in range(n):
            body = pages[i % len(pages)]
            fh.write(warc_record_bytes(f"https://bench.example/{i:06d}", body, content_type="text/html"))
            (loose / f"p{i:06d}.html").write_bytes(body)
    return warc, loose


def run_once(inputs: list[str], out: Path, jobs: int) -> dict[str, float]:
    code = _CHILD.format(repo=str(REPO), inputs=inputs, out=str(out), jobs=jobs)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["records_per_s"] = res["read"] / res["wall_s"]
    res["cores_used"] = (res["cpu_main_s"] + res["cpu_workers_s"]) / res["wall_s"]
    return res


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def machine_scaling(jobs: int, work: int = 20_000_000) -> float:
    """How much faster ``jobs`` processes run a perfectly parallel CPU loop than one, right now.

    On a machine shared with other work this is below ``jobs``; our scaling divided by it is
    the efficiency of the batch machinery itself.
    """
    import multiprocessing

    t = time.perf_counter()
    _spin(work)
    one = time.perf_counter() - t
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        t = time.perf_counter()
        pool.map(_spin, [work // jobs] * jobs)
        many = time.perf_counter() - t
    return one / many


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=3000)
    ap.add_argument("--jobs", default=f"1,{default_jobs()}", help="comma-separated -j values [1,<cores>]")
    ap.add_argument("--repeat", type=int, default=1, help="runs per configuration; the fastest counts")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="cleaner-batch-bench-") as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        warc, loose = build(folder, args.records)
        size = warc.stat().st_size / 1e6
        print(f"built {args.records:,} pages ({size:.1f} MB WARC.gz) in {time.perf_counter() - t:.1f}s")
        configs = [("warc", [str(warc)], j) for j in jobs] + [("files", [str(loose)], j) for j in jobs]
        before = code_fingerprint()
        best: dict[tuple[str, int], dict[str, float]] = {}
        calib: dict[int, float] = {}
        for _ in range(args.repeat):  # interleaved, so -j 1 and -j N see the same machine load
            for name, inputs, j in configs:
                out = folder / f"out-{name}-j{j}.jsonl"
                if j > 1:
                    calib[j] = max(calib.get(j, 0.0), machine_scaling(j))
                res = run_once(inputs, out, j)
                key = (name, j)
                if key not in best or res["records_per_s"] > best[key]["records_per_s"]:
                    best[key] = {**res, "output_bytes": out.stat().st_size}
        for name, _inputs, j in configs:
            res = best[(name, j)]
            res.update(input=name, jobs=j)
            results.append(res)
            print(
                f"{name:5s} -j {j}: {res['records_per_s']:7.1f} records/s  ({res['read']:,} read, "
                f"{res['written']:,} written, {res['dropped']:,} dropped, {res['failed']:,} failed, "
                f"{res['wall_s']:.1f}s, CPU main {res['cpu_main_s']:.1f}s workers {res['cpu_workers_s']:.1f}s, "
                f"{res['cores_used']:.2f} cores busy)  "
                f"peak RSS main {res['rss_main_mb']:.0f} MB, worker {res['rss_worker_mb']:.0f} MB"
            )
        outs = [(folder / f"out-warc-j{j}.jsonl").read_bytes() for j in jobs]
        if code_fingerprint() == before:
            print(f"WARC output byte-identical across -j {args.jobs}: {all(o == outs[0] for o in outs)}")
        else:
            print("the package changed during the benchmark: output identity across -j not checked")
        (folder / "half").mkdir()
        half, _ = build(folder / "half", max(1, args.records // 2))
        res = run_once([str(half)], folder / "half.jsonl", jobs[-1])
        print(
            f"flat memory: -j {jobs[-1]} on {args.records // 2:,} records: "
            f"peak RSS main {res['rss_main_mb']:.0f} MB, worker {res['rss_worker_mb']:.0f} MB"
        )
        results.append({**res, "input": "warc-half", "jobs": jobs[-1]})
    base = {r["input"]: r["records_per_s"] for r in results if r["jobs"] == jobs[0]}
    for r in results:
        if r["input"] in base and r["jobs"] != jobs[0]:
            ratio = r["records_per_s"] / base[r["input"]]
            machine = calib.get(r["jobs"], float(r["jobs"]))
            r.update(scaling_vs_j1=ratio, machine_scaling=machine, efficiency=ratio / machine)
            print(
                f"scaling {r['input']}: -j {r['jobs']} / -j {jobs[0]} = {ratio:.2f}x; a perfectly parallel CPU loop "
                f"got {machine:.2f}x on this machine meanwhile (efficiency {ratio / machine:.0%})"
            )
    print("(cores busy < -j means the machine was shared: scaling is capped by the cores we actually got)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
