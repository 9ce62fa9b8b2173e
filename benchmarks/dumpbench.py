"""Text-dump benchmark: realistic scraped article dumps, scored per chrome class.

Generates ``--count`` dumps of one split (real bodies from ../shared/devset/wcxb-dev, chrome
from ``benchmarks/dumps/pools-<split>.txt``; see ``benchmarks/dumps``), runs ``cleaner.clean_text`` on
each under every ``--tree`` (a subprocess with that checkout first on PYTHONPATH, one at a
time, one core), and reports body F1, residue per chrome class, repeated paragraphs, paragraph
recall, title right, whether the seed fixture is exact, and throughput.

Usage:
    python benchmarks/dumpbench.py --split dev [--count 300] [--seed 1] [--limit N]
        [--tree before=/work/before --tree after=.] [--worst N] [--class C] [--json FILE]
        [--write-dumps DIR]

``--split heldout`` prints aggregates only: wordings and bodies of that half are for judging,
not tuning (``--worst`` and ``--write-dumps`` are refused on it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED_INPUT = ROOT / "fixtures" / "text" / "input" / "seed.txt"
SEED_EXPECTED = ROOT / "fixtures" / "text" / "expected" / "seed.txt"


def worker(inputs: Path, outputs: Path) -> None:
    """Clean every dump of ``inputs`` with the importable cleaner; write outputs and timing.

    Imports nothing of the benchmark, so the cleaner under test is whatever PYTHONPATH gives.
    Time O(total input) plus the cleaner's own cost; memory O(total input + outputs).
    """
    if hasattr(os, "sched_setaffinity"):  # one core, whatever threads a library may start
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    import cleaner

    texts = json.loads(inputs.read_text(encoding="utf-8"))
    seed_text = SEED_INPUT.read_text(encoding="utf-8")
    seed_exact = cleaner.clean_text(seed_text) == SEED_EXPECTED.read_text(encoding="utf-8")  # also warms up
    results: list[str] = []
    errors: dict[int, str] = {}
    seconds = 0.0
    for i, text in enumerate(texts):
        start = time.perf_counter()
        try:
            out = cleaner.clean_text(text, doc_id=f"dump{i}")
        except Exception as exc:  # a crash is a result: an empty output, reported
            out = ""
            errors[i] = f"{type(exc).__name__}: {exc}"
        seconds += time.perf_counter() - start
        results.append(out)
    payload = {
        "outputs": results,
        "errors": errors,
        "seconds": seconds,
        "cleaner": str(Path(cleaner.__file__).resolve().parent.parent),
        "seed_exact": seed_exact,
    }
    outputs.write_text(json.dumps(payload), encoding="utf-8")


def run_tree(name: str, path: str | None, texts_file: Path, tmp: Path) -> dict[str, object]:
    """Run the worker in a subprocess with ``path`` first on PYTHONPATH (None: as inherited).

    Time: the worker's; memory here O(size of its outputs)."""
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = str(Path(path).resolve()) + (
            os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
        )
    env["OMP_NUM_THREADS"] = "1"
    out = tmp / f"out-{name}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(texts_file), str(out)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"tree {name}: worker failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    result: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return result


def _fmt(v: float) -> str:
    """Three decimals. O(1)."""
    return f"{v:.3f}"


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, generate, run every tree, print the table. See the module docstring.

    Time O(dumps x trees) plus the cleaner's cost; memory O(size of all dumps and outputs)."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "heldout"), default="dev")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=300, help="dumps to generate (default 300)")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N dumps")
    ap.add_argument("--tree", action="append", default=[], metavar="NAME=PATH", help="checkout to test (repeatable)")
    ap.add_argument("--worst", type=int, default=0, help="list the N worst dumps (dev only)")
    ap.add_argument("--class", dest="cls", default=None, help="with --worst: dumps with residue of this class")
    ap.add_argument("--feature", default=None, help="with --worst: only dumps with this feature (e.g. excerpt)")
    ap.add_argument("--json", type=Path, default=None, help="write the figures to this file")
    ap.add_argument("--write-dumps", type=Path, default=None, help="write input/expected files here (dev only)")
    ap.add_argument("--bodies", type=Path, default=None, help="evaldata.json of bodies (default: wcxb-dev)")
    ap.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(*args.worker)
        return 0

    from dumps.bodies import load_bodies
    from dumps.generate import CLASSES, make_dumps
    from dumps.pools import pools_for
    from dumps.score import TARGETS, meets, score_dump, summarise

    if args.split == "heldout" and (args.worst or args.write_dumps or args.cls or args.feature):
        ap.error("--worst, --class and --write-dumps are for dev only: heldout is for aggregate figures")
    if args.cls and args.cls not in CLASSES:
        ap.error(f"--class must be one of {', '.join(CLASSES)}")
    bodies = load_bodies(args.split, args.bodies) if args.bodies else load_bodies(args.split)
    dumps = make_dumps(args.split, args.seed, args.count, bodies, pools_for(args.split))
    if args.limit:
        dumps = dumps[: args.limit]
    if args.write_dumps:
        for sub in ("input", "expected", "chrome"):
            (args.write_dumps / sub).mkdir(parents=True, exist_ok=True)
        for d in dumps:
            (args.write_dumps / "input" / f"{d.id}.txt").write_text(d.text, encoding="utf-8")
            (args.write_dumps / "expected" / f"{d.id}.txt").write_text(d.expected, encoding="utf-8")
            chrome = "".join(f"{cls}\t{line}\n" for cls, line in d.chrome)
            (args.write_dumps / "chrome" / f"{d.id}.tsv").write_text(chrome, encoding="utf-8")

    trees: list[tuple[str, str | None]] = []
    for spec in args.tree:
        name, sep, path = spec.partition("=")
        if not sep or not name or not path:
            ap.error(f"--tree wants NAME=PATH, got {spec!r}")
        trees.append((name, path))
    if not trees:
        trees.append(("current", None))

    report: dict[str, object] = {"split": args.split, "seed": args.seed, "dumps": len(dumps), "trees": {}}
    with tempfile.TemporaryDirectory(prefix="dumpbench-") as tmpname:
        tmp = Path(tmpname)
        texts_file = tmp / "texts.json"
        texts_file.write_text(json.dumps([d.text for d in dumps]), encoding="utf-8")
        all_scores = {}
        for name, path in trees:
            run = run_tree(name, path, texts_file, tmp)
            outputs = run["outputs"]
            assert isinstance(outputs, list)
            scores = [score_dump(d, out) for d, out in zip(dumps, outputs, strict=True)]
            all_scores[name] = scores
            summary = summarise(scores)
            seconds = float(run["seconds"])  # type: ignore[arg-type]
            summary.update(
                {
                    "seed_exact": run["seed_exact"],
                    "dumps_per_s": round(len(dumps) / seconds, 1) if seconds else None,
                    "errors": len(run["errors"]),  # type: ignore[arg-type]
                    "cleaner": run["cleaner"],
                }
            )
            report["trees"][name] = summary  # type: ignore[index]

    names = [n for n, _ in trees]
    figures: dict[str, dict[str, object]] = report["trees"]  # type: ignore[assignment]
    print(f"split={args.split} seed={args.seed} dumps={len(dumps)}")
    print(f"{'':24}" + "".join(f"{n:>12}" for n in names) + "   target")
    rows = [
        ("body_f1", "body F1 (bag of words)"),
        ("body_precision", "  precision"),
        ("body_recall", "  recall"),
        ("any_residue", "dumps with residue"),
        ("repeated_paragraph", "repeated paragraph"),
        ("repeated_text", "repeated sentence"),
        ("paragraph_recall", "paragraph recall"),
        ("paragraph_recall_short", "  short (< 8 words)"),
        ("paragraph_recall_long", "  long"),
        ("title_right", "title right"),
    ]
    for key, label in rows:
        vals = "".join(
            f"{_fmt(figures[n][key]):>11}{'*' if key in TARGETS and not meets(key, figures[n][key]) else ' '}"
            for n in names
        )  # type: ignore[arg-type]
        target = f"{TARGETS[key][0]} {TARGETS[key][1]}" if key in TARGETS else ""
        print(f"{label:24}{vals}   {target}")
    print(f"{'seed exact':24}" + "".join(f"{figures[n]['seed_exact']!s:>12}" for n in names))
    print(f"{'dumps/s (1 core)':24}" + "".join(f"{figures[n]['dumps_per_s']:>12}" for n in names))
    if len(names) > 1:
        base = figures[names[0]]["dumps_per_s"]
        ratios = [f"{float(figures[n]['dumps_per_s']) / float(base):.2f}" if base else "-" for n in names]  # type: ignore[arg-type]
        print(f"{'  ratio to ' + names[0]:24}" + "".join(f"{r:>12}" for r in ratios))
    print(f"{'errors':24}" + "".join(f"{figures[n]['errors']:>12}" for n in names))
    print("residue by class (share of dumps having the class; n = dumps having it)")
    for cls in CLASSES:
        per = [figures[n]["per_class"][cls] for n in names]  # type: ignore[index]
        print(
            f"  {cls:22}"
            + "".join(f"{_fmt(p['residue_share_of_those']):>12}" for p in per)
            + f"   n={per[0]['dumps_with_class']}"
        )
    print("by feature: body F1 / paragraph recall / repeated paragraph")
    for feat in figures[names[0]]["per_feature"]:  # type: ignore[union-attr]
        per = [figures[n]["per_feature"][feat] for n in names]  # type: ignore[index]
        cells = "".join(f"  {p['body_f1']:.3f}/{p['paragraph_recall']:.3f}/{p['repeated_paragraph']:.2f}" for p in per)
        print(f"  {feat:22}{cells}   n={per[0]['dumps']}")
    print("(* misses the issue's target)")

    if args.worst:
        scores = all_scores[names[-1]]
        if args.feature:
            scores = [s for s in scores if args.feature in s.features]
        if args.cls:
            chosen = [s for s in scores if args.cls in s.residue]
        else:
            chosen = sorted(scores, key=lambda s: (s.f1, -len(s.residue)))
        print(f"\nworst dumps under {names[-1]!r}" + (f" with {args.cls} residue" if args.cls else ""))
        for s in chosen[: args.worst]:
            print(
                f"\n## {s.id}  F1={s.f1:.3f} title={'ok' if s.title_right else 'WRONG'}"
                f" paragraphs {s.paragraphs_found}/{s.paragraphs}  {' '.join(s.features)}"
            )
            for cls, left in s.residue.items():
                if args.cls and cls != args.cls:
                    continue
                for line in left:
                    print(f"  + [{cls}] {line[:150]}")
            for p in s.repeated:
                print(f"  x2 {p[:150]}")
            for p in s.missing[:5]:
                print(f"  - {p[:150]}")
    if args.json:
        out = dict(report)
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
