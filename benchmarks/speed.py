#!/usr/bin/env python3
"""Speed, side by side in one run on one core: the project, trafilatura and resiliparse on the same real pages.

Usage::

    python benchmarks/speed.py [--sets A.json,B.json] [--dumps DIR] [--limit N] [--cli] [--no-rss] [--json FILE]

Inputs (all read into memory before any timing):

- **HTML pages**: every page of each ``evaldata.json`` of ``--sets`` (default: both dev sets,
  ``../shared/devset/trafilatura-eval`` and ``wcxb-dev``; the in-repo samples under
  ``fixtures/`` when those are absent), loaded as ``benchmarks/devset.py`` loads them;
- **text dumps**: the files of ``--dumps DIR``, else the same pages rendered to whole-page text
  by html-text (``benchmarks/renderers.py``, cached under ``benchmarks/_work/render/`` as
  ``benchmarks/textbench.py`` caches them), keeping the renderings of 5 to 20 KB: the size of a
  crawl's text dump (about 10 KB on average).

Timed in CPU seconds of this process (``time.process_time`` around each call, after one untimed
warm-up call per tool), so that the figures hold on a machine other work shares (wall-clock
rates there fall with the load, and unevenly between tools run one after the other):

- the project: ``cleaner.clean_html(bytes, url=url)`` on pages, ``cleaner.clean_text(text)`` on dumps;
- trafilatura: ``trafilatura.extract(bytes, url=url, include_comments=False)``;
- resiliparse: ``extract_plain_text(HTMLTree.parse_from_bytes(b, detect_encoding(b)), main_content=True)``;
- with ``--cli``: ``python -m cleaner clean DIR -o OUT -j 1 --quiet`` on a folder of the dumps,
  end to end (process start-up included, once for the batch): the CPU seconds of the command
  and its worker (``getrusage(RUSAGE_CHILDREN)``, user + system).

Peak memory: each tool runs again over the same inputs in a child process of its own, which
reads them one at a time from disk; its high-water RSS (``VmHWM``, as ``devset.py`` measures
it) is the column ``peak RSS MB`` (``--no-rss`` skips these children).

Per-stage profile: one more pass of the project with the pipeline's ``timer`` hook
(:mod:`cleaner.timing`): seconds per stage (decode, parse, each HTML extraction stage, the
text splitter, the language guess, each rule, dedup, the line classifier, title) and the
rendering, in ms per page or dump and as a share of the pass.  A missing tool is skipped with a
note.  ``--json FILE`` writes every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import _tool_resiliparse, _tool_trafilatura, _vm_hwm_kb, pin_one_core, read_page_bytes

REPO = Path(__file__).resolve().parent.parent
DEVSET = REPO.parent / "shared" / "devset"
SHARED_SETS = [DEVSET / "trafilatura-eval" / "evaldata.json", DEVSET / "wcxb-dev" / "evaldata.json"]
SAMPLE_SETS = [REPO / "fixtures" / "devset" / "evaldata.json", REPO / "fixtures" / "wcxb" / "evaldata.json"]
RENDER_CACHE = REPO / "benchmarks" / "_work" / "render"
RENDERER = "html_text"
DUMP_MIN, DUMP_MAX = 5_000, 20_000  # characters: the dumps kept from the renderings
PROJECT = "cleaner"
REFERENCE = "trafilatura"
COLUMNS = ["tool", "input", "items", "pages/s", "dumps/s", "x trafilatura", "peak RSS MB"]
PROFILE_COLUMNS = ["stage", "seconds", "ms per item", "share"]


@dataclass
class Item:
    """One input: a page (bytes, url) or a dump (text), and the file it came from (for the children)."""

    set: str
    path: str
    data: bytes
    url: str | None = None


def load_pages(sets: list[Path], limit: int | None) -> list[Item]:
    pages = []
    for path in sets:
        meta = json.loads(path.read_text(encoding="utf-8"))
        base = path.resolve().parent
        for doc in meta["documents"][: limit or None]:
            url = doc.get("url")
            if not (url and url.startswith(("http://", "https://"))):
                url = None
            page_path = base / doc["input"]
            pages.append(Item(path.parent.name, str(page_path), read_page_bytes(page_path), url))
    return pages


def rendered(page: Item) -> Path:
    """The page's html-text rendering, cached under the key ``textbench.py`` uses."""
    import gzip
    import hashlib

    key = hashlib.sha1(f"{page.path}\0{RENDERER}".encode()).hexdigest()[:20]
    cached = RENDER_CACHE / RENDERER / f"{key}.txt.gz"
    if not cached.exists():
        from renderers import RENDERERS

        try:
            text = RENDERERS[RENDERER]()(page.data)
        except Exception:  # a page the renderer fails on gives no dump
            text = ""
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(gzip.compress(text.encode("utf-8", "replace"), mtime=0))
    return cached


def load_dumps(folder: Path | None, pages: list[Item], limit: int | None) -> list[Item]:
    """The dumps of ``folder``, else the renderings of ``pages`` of 5 to 20 KB."""
    dumps = []
    if folder is not None:
        for p in sorted(folder.iterdir()):
            if p.is_file():
                dumps.append(Item("dumps", str(p), read_page_bytes(p)))
    else:
        for page in pages:
            path = rendered(page)
            data = read_page_bytes(path)
            if DUMP_MIN <= len(data.decode("utf-8", "replace")) <= DUMP_MAX:
                dumps.append(Item(f"{page.set} {RENDERER}", str(path), data))
    return dumps[: limit or None]


# --------------------------------------------------------------------------------------------------
# Tools: each factory does its imports untimed and returns run(item) -> str, or raises ImportError.


def _project_html() -> Callable[[Item], str]:
    import cleaner

    return lambda item: cleaner.clean_html(item.data, url=item.url)


def _project_text() -> Callable[[Item], str]:
    import cleaner

    return lambda item: cleaner.clean_text(item.data.decode("utf-8", "replace"))


def _reference(factory: Callable[[], Callable[[bytes, str | None], str]]) -> Callable[[], Callable[[Item], str]]:
    def make() -> Callable[[Item], str]:
        run = factory()
        return lambda item: run(item.data, item.url)

    return make


HTML_TOOLS: dict[str, Callable[[], Callable[[Item], str]]] = {
    PROJECT: _project_html,
    REFERENCE: _reference(lambda: _tool_trafilatura(include_comments=False)),
    "resiliparse": _reference(_tool_resiliparse),
}
TEXT_TOOLS: dict[str, Callable[[], Callable[[Item], str]]] = {PROJECT: _project_text}


def forget_verdicts() -> None:
    """Empty the project's per-process memos: each pass starts as a fresh worker would, and
    the pages met in one pass do not answer for the dumps rendered from them in the next."""
    from cleaner import memo

    for m in memo._REGISTRY:
        m.cache_clear()


def time_tool(run: Callable[[Item], str], items: list[Item]) -> tuple[float, int]:
    """Seconds spent in ``run`` over ``items`` (a call that raises counts, as an error)."""
    forget_verdicts()
    if items:
        try:
            run(items[0])  # warm-up: lazy imports and first-use compilation stay out of the timing
        except Exception:
            pass
    clock = time.process_time
    total, errors = 0.0, 0
    for item in items:
        t0 = clock()
        try:
            run(item)
        except Exception:
            errors += 1
        total += clock() - t0
    return total, errors


def peak_rss_mb(tool: str, kind: str, items: list[Item]) -> float | None:
    """High-water RSS of a child process running ``tool`` over ``items`` (read one at a time)."""
    if not items:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump([[i.path, i.url] for i in items], fh)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_rss-child", tool, kind, fh.name]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    finally:
        os.unlink(fh.name)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)["peak_kb"] / 1024
    return None


def _rss_child(tool: str, kind: str, list_path: str) -> None:
    run = (HTML_TOOLS if kind == "html" else TEXT_TOOLS)[tool]()
    for path, url in json.loads(Path(list_path).read_text(encoding="utf-8")):
        try:
            run(Item("", path, read_page_bytes(Path(path)), url))
        except Exception:
            pass
    print(json.dumps({"peak_kb": _vm_hwm_kb()}))


def profile(kind: str, items: list[Item]) -> dict[str, float]:
    """{stage: seconds} of the project over ``items`` through the pipeline's timer hook."""
    from cleaner.model import Document
    from cleaner.pipeline import DEFAULT_OPTIONS, process
    from cleaner.sinks.text import render_text

    stages: dict[str, float] = defaultdict(float)
    forget_verdicts()

    def timer(stage: str, seconds: float) -> None:
        stages[stage] += seconds

    for item in items:
        if kind == "html":
            doc = Document(id=item.url or "html", raw=item.data, kind="html", url=item.url)
        else:
            doc = Document(id="text", raw=item.data.decode("utf-8", "replace"), kind="text")
        try:
            process(doc, DEFAULT_OPTIONS, timer)
            t0 = time.process_time()
            render_text(doc, DEFAULT_OPTIONS)
            timer("render", time.process_time() - t0)
        except Exception:
            pass
    return dict(stages)


def run_cli(dumps: list[Item]) -> float | None:
    """CPU seconds of ``cleaner clean DIR -o OUT -j 1`` (and its worker) on the dumps, end to end."""
    if not dumps:
        return None
    work = Path(tempfile.mkdtemp(prefix="speed-cli-"))
    try:
        src = work / "dumps"
        src.mkdir()
        for n, item in enumerate(dumps):
            (src / f"{n:06d}.txt").write_bytes(item.data)
        cmd = [sys.executable, "-m", "cleaner", "clean", str(src), "-o", str(work / "out"), "-j", "1", "--quiet"]
        cmd += ["--input-format", "text"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if proc.returncode not in (0, 1):  # 1: some record failed, the batch still ran
            print(f"note: the CLI exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
            return None
        return seconds
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --------------------------------------------------------------------------------------------------
# Reporting


def _table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def format_speed(rows: list[dict]) -> str:
    ref = {r["input"]: r["per_s"] for r in rows if r["tool"] == REFERENCE}
    out = []
    for r in rows:
        rate = f"{r['per_s']:.1f}" if r["per_s"] is not None else "-"
        ratio = f"{r['per_s'] / ref[r['input']]:.2f}" if r["per_s"] and ref.get(r["input"]) else "-"
        rss = f"{r['rss_mb']:.0f}" if r.get("rss_mb") is not None else "-"
        is_dump = r["unit"] == "dumps"
        out.append(
            [
                r["tool"],
                r["input"],
                str(r["items"]),
                "-" if is_dump else rate,
                rate if is_dump else "-",
                ratio,
                rss,
            ]
        )
    return _table(COLUMNS, out)


def format_profile(stages: dict[str, float], items: int) -> str:
    total = sum(stages.values()) or 1.0
    rows = [
        [name, f"{s:.3f}", f"{1000 * s / max(items, 1):.2f}", f"{100 * s / total:.1f}%"]
        for name, s in sorted(stages.items(), key=lambda kv: -kv[1])
    ]
    rows.append(["total", f"{total:.3f}", f"{1000 * total / max(items, 1):.2f}", "100.0%"])
    return _table(PROFILE_COLUMNS, rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default=None, help="comma-separated evaldata.json files (default: both dev sets)")
    ap.add_argument("--dumps", type=Path, default=None, help="folder of text dumps (default: rendered dev pages)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages of each set, and N dumps")
    ap.add_argument("--cli", action="store_true", help="also time `cleaner clean -j 1` on a folder of the dumps")
    ap.add_argument("--no-rss", action="store_true", help="skip the peak-memory child processes")
    ap.add_argument("--json", type=Path, default=None, help="write every figure to this file")
    ap.add_argument("--_rss-child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._rss_child:
        _rss_child(*args._rss_child)
        return 0

    pinned = pin_one_core()
    if args.sets:
        sets = [Path(s) for s in args.sets.split(",")]
    else:
        sets = SHARED_SETS if all(p.exists() for p in SHARED_SETS) else SAMPLE_SETS
    pages = load_pages(sets, args.limit)
    dumps = load_dumps(args.dumps, pages, args.limit)
    dump_kb = sum(len(d.data) for d in dumps) / max(len(dumps), 1) / 1000
    set_names = list(dict.fromkeys(p.set for p in pages))
    print(f"speed: {pinned}; python {platform.python_version()}; {len(pages)} pages ({', '.join(set_names)}),")
    print(f"       {len(dumps)} text dumps (mean {dump_kb:.1f} KB); memory: peak RSS of a child process per tool;")
    print("       rates in CPU seconds (process_time; the CLI's: getrusage of the command and its worker)")

    rows: list[dict] = []
    notes: list[str] = []
    for tool, factory in HTML_TOOLS.items():
        try:
            run = factory()
        except ImportError as exc:
            notes.append(f"{tool} skipped: {exc}")
            continue
        rss = None if args.no_rss else peak_rss_mb(tool, "html", pages)
        total_s = total_n = 0.0
        for name in set_names:
            subset = [p for p in pages if p.set == name]
            seconds, errors = time_tool(run, subset)
            total_s, total_n = total_s + seconds, total_n + len(subset)
            rows.append(_row(tool, f"{name} html", len(subset), "pages", seconds, errors, rss))
        rows.append(_row(tool, "all html", int(total_n), "pages", total_s, 0, rss))
    run_text = TEXT_TOOLS[PROJECT]()
    seconds, errors = time_tool(run_text, dumps)
    rss = None if args.no_rss else peak_rss_mb(PROJECT, "text", dumps)
    rows.append(_row(PROJECT, "text dumps (library)", len(dumps), "dumps", seconds, errors, rss))
    if args.cli:
        cli_s = run_cli(dumps)
        if cli_s is not None:
            rows.append(_row(PROJECT, "text dumps (CLI -j 1)", len(dumps), "dumps", cli_s, 0, None))
    print()
    print(format_speed(rows))
    for note in notes:
        print(f"note: {note}")

    profiles = {"html": profile("html", pages), "text": profile("text", dumps)}
    for kind, stages in profiles.items():
        n = len(pages) if kind == "html" else len(dumps)
        print(f"\nPer-stage profile of {PROJECT}, {kind} path ({n} {'pages' if kind == 'html' else 'dumps'}):")
        print(format_profile(stages, n))
    if args.json:
        summary = {"pinned": pinned, "rows": rows, "profiles": profiles, "notes": notes, "dump_kb": dump_kb}
        args.json.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


def _row(tool: str, input_: str, n: int, unit: str, seconds: float, errors: int, rss: float | None) -> dict:
    per_s = n / seconds if seconds > 0 else None
    return {
        "tool": tool,
        "input": input_,
        "items": n,
        "unit": unit,
        "seconds": seconds,
        "per_s": per_s,
        "errors": errors,
        "rss_mb": rss,
    }


if __name__ == "__main__":
    sys.exit(main())
