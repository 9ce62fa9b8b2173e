#!/usr/bin/env python3
"""The text path on real pages rendered to text by several renderers: body F1 and every rule's precision.

Usage::

    python benchmarks/textbench.py [--sets wcxb,traf] [--renderers html_text,inscriptis,bs4,resiliparse,lxml]
                                   [--limit N] [-j N] [--json out.json] [--lines lines.jsonl.gz]

Pages: ``wcxb-dev`` (full main text, page types) and ``trafilatura-eval`` (with/without snippets)
from ``../shared/devset``.  Each page is rendered to its whole visible text by each renderer
(``benchmarks/renderers.py``), cleaned by the text path (``cleaner.clean_document`` on a text
document, exactly what ``cleaner clean`` does with a dump) and scored:

- **body F1** (wcxb): 4-token shingle overlap with ``articleBody``, title line left out, as in
  ``benchmarks/wcxb.py``; beside it the input unchanged and the input with repeated identical
  lines dropped, the two baselines a text cleaner must beat;
- **snippets and clean pages** (both sets), as in ``benchmarks/devset.py``;
- **per rule**, how much of the text it removed is body.  wcxb: the dump is aligned with the true
  text (a word is body when a 4-token window holding it matches the truth in order, each truth
  shingle used at most as often as the truth has it, so a second copy of the body is not body);
  a removed block's body share is that of its lines, a cut's that of its words.  trafilatura-eval:
  the "with" snippets a removal swallowed (body) against the "without" snippets (boilerplate).

``--lines FILE`` writes every dump line with its alignment label (wcxb) for training and failure
analysis.  Renderings are cached under ``benchmarks/_work/render/``.  Every figure is broken down
by page type and by renderer.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import collapse_ws, read_page_bytes, score_page
from renderers import RENDERERS
from wcxb import body_scores, without_title

import cleaner
from cleaner.model import Cut, Document
from cleaner.steps import parse_setting, registry

REPO = Path(__file__).resolve().parent.parent
DEVSET = REPO.parent / "shared" / "devset"
SETS = {"wcxb": DEVSET / "wcxb-dev" / "evaldata.json", "traf": DEVSET / "trafilatura-eval" / "evaldata.json"}
CACHE = REPO / "benchmarks" / "_work" / "render"
_WORD = re.compile(r"\w+")
N = 4  # shingle size of the body metric


@dataclass(frozen=True)
class Job:
    set: str
    id: str
    page_type: str
    title: str
    body: str  # "" for trafilatura-eval (snippets only)
    with_: tuple[str, ...]
    without: tuple[str, ...]
    path: str
    renderer: str
    line_model: str | None = None  # a model file that never saw this page (--folds), else the shipped one
    disabled: tuple[str, ...] = ()
    favor: str | None = None  # --favor
    settings: tuple[str, ...] = ()  # --set STEP.PARAM=VALUE


def load_jobs(sets: list[str], renderers: list[str], limit: int | None) -> list[Job]:
    jobs = []
    for name in sets:
        meta = json.loads(SETS[name].read_text(encoding="utf-8"))
        base = SETS[name].resolve().parent
        for doc in meta["documents"][: limit or None]:
            for r in renderers:
                jobs.append(
                    Job(
                        name,
                        doc["id"],
                        doc.get("page_type") or "all",
                        doc.get("title") or "",
                        doc.get("articleBody") or "",
                        tuple(doc.get("with") or ()),
                        tuple(doc.get("without") or ()),
                        str(base / doc["input"]),
                        r,
                    )
                )
    return jobs


_RENDER_FNS: dict[str, Any] = {}


def render(job: Job) -> str:
    """The page rendered by the job's renderer, cached on disk (rendering costs more than cleaning)."""
    key = hashlib.sha1(f"{job.path}\0{job.renderer}".encode()).hexdigest()[:20]
    cached = CACHE / job.renderer / f"{key}.txt.gz"
    if cached.exists():
        return gzip.decompress(cached.read_bytes()).decode("utf-8")
    if job.renderer not in _RENDER_FNS:
        _RENDER_FNS[job.renderer] = RENDERERS[job.renderer]()
    try:
        text = _RENDER_FNS[job.renderer](read_page_bytes(Path(job.path)))
    except Exception:  # a renderer that fails on a page hands over nothing
        text = ""
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(gzip.compress(text.encode("utf-8", "replace"), mtime=0))
    return text.encode("utf-8", "replace").decode("utf-8")


def body_words(lines: list[str], truth: str) -> list[list[bool]]:
    """For each line, which of its words are body: covered by a 4-token window of the dump (across
    line ends) that matches a truth shingle, each truth shingle used as often as the truth has it.
    O(words)."""
    budget = Counter(zip(*(_WORD.findall(truth)[i:] for i in range(N)), strict=False))
    words = [(li, wi, w) for li, line in enumerate(lines) for wi, w in enumerate(_WORD.findall(line))]
    marks = [[False] * len(_WORD.findall(line)) for line in lines]
    for i in range(len(words) - N + 1):
        gram = tuple(w for _, _, w in words[i : i + N])
        if budget[gram] > 0:
            budget[gram] -= 1
            for li, wi, _ in words[i : i + N]:
                marks[li][wi] = True
    return marks


def drop_repeated_lines(text: str) -> str:
    """Baseline: every line that appeared before (whitespace collapsed) is dropped."""
    seen: set[str] = set()
    out = []
    for line in text.splitlines():
        key = collapse_ws(line)
        if key and key in seen:
            continue
        seen.add(key)
        out.append(line)
    return "\n".join(out)


@dataclass
class PageResult:
    job: Job
    chars_in: int
    out: str
    seconds: float
    precision: float | None = None
    recall: float = 0.0
    baselines: dict[str, tuple[float | None, float]] = field(default_factory=dict)
    snip: tuple[int, int, int] = (0, 0, 0)  # tp, fn, fp
    # rule -> [words removed, body words removed]; trafilatura-eval: [without swallowed, with swallowed]
    rules: dict[str, list[int]] = field(default_factory=dict)
    lines: list[dict[str, Any]] = field(default_factory=list)


def _removed_text(block_text: str, r: Any) -> str:
    return block_text[r.start : r.end] if isinstance(r, Cut) else block_text


def evaluate(job: Job, keep_lines: bool) -> PageResult:
    text = render(job)
    t0 = time.perf_counter()
    params: dict[str, dict[str, Any]] = {}
    for setting in job.settings:
        step, param, value = parse_setting(registry(), setting)
        params.setdefault(step, {})[param] = value
    options = cleaner.Options(
        line_model=job.line_model, disabled_rules=frozenset(job.disabled), favor=job.favor, params=params
    )
    doc = cleaner.clean_document(Document(id=job.id, raw=text, kind="text"), options)
    out = cleaner.render_text(doc, options)
    seconds = time.perf_counter() - t0
    res = PageResult(job, len(text), out, seconds)
    s = score_page(out, list(job.with_), list(job.without))
    res.snip = (s.tp, s.fn, s.fp)
    rules: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    if job.body:
        res.precision, res.recall = body_scores(without_title(out, job.title), job.body)
        res.baselines["input"] = body_scores(text, job.body)
        res.baselines["repeats_dropped"] = body_scores(drop_repeated_lines(text), job.body)
        lines = text.splitlines()
        marks = body_words(lines, job.body)
        for block, r in doc.removed():
            if isinstance(r, Cut):
                piece = _WORD.findall(block.text[r.start : r.end])
                covered = body_words([block.text[r.start : r.end]], job.body)[0]
                rules[r.rule][0] += len(piece)
                rules[r.rule][1] += sum(covered)
                continue
            o = block.origin
            if o.line_start is None:
                continue
            span = marks[o.line_start - 1 : (o.line_end or o.line_start)]
            rules[r.rule][0] += sum(len(m) for m in span)
            rules[r.rule][1] += sum(sum(m) for m in span)
        if keep_lines:
            removed_by: dict[int, str] = {}
            for block, r in doc.removed():
                if not isinstance(r, Cut) and block.origin.line_start is not None:
                    for ln in range(block.origin.line_start, (block.origin.line_end or block.origin.line_start) + 1):
                        removed_by.setdefault(ln, r.rule)
            res.lines = [
                {
                    "set": job.set,
                    "id": job.id,
                    "renderer": job.renderer,
                    "page_type": job.page_type,
                    "line": i + 1,
                    "text": line,
                    "words": len(m),
                    "body_words": sum(m),
                    "removed_by": removed_by.get(i + 1, ""),
                }
                for i, (line, m) in enumerate(zip(lines, marks, strict=True))
            ]
    else:
        withs = [collapse_ws(w) for w in job.with_]
        withouts = [collapse_ws(w) for w in job.without]
        for block, r in doc.removed():
            piece = collapse_ws(_removed_text(block.text, r))
            if len(piece) < 3:
                continue
            rules[r.rule][0] += sum(1 for w in withouts if w and w in piece)
            rules[r.rule][1] += sum(1 for w in withs if w and w in piece)
    res.rules = dict(rules)
    return res


def _evaluate_star(args: tuple[Job, bool]) -> PageResult:
    return evaluate(*args)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _body_f1(pairs: Iterable[tuple[float | None, float]]) -> tuple[float, int]:
    pairs = list(pairs)
    ps = [p for p, _ in pairs if p is not None]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(r for _, r in pairs) / len(pairs) if pairs else 0.0
    return _f1(p, r), sum(p is None for p, _ in pairs)


def summarise(results: list[PageResult]) -> dict[str, Any]:
    """Figures by set, renderer and page type; rule precision by set and renderer."""
    out: dict[str, Any] = {}
    by: dict[tuple[str, str, str], list[PageResult]] = defaultdict(list)
    for res in results:
        for renderer in (res.job.renderer, "all"):
            for ptype in (res.job.page_type, "all"):
                by[(res.job.set, renderer, ptype)].append(res)
    for (set_, renderer, ptype), group in sorted(by.items()):
        tp = sum(r.snip[0] for r in group)
        fn = sum(r.snip[1] for r in group)
        fp = sum(r.snip[2] for r in group)
        sp, sr = (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)
        fig: dict[str, Any] = {
            "pages": len(group),
            "snippet_f1": _f1(sp, sr),
            "clean": sum(r.snip[2] == 0 for r in group) / len(group),
            "empty_out": sum(not r.out.strip() for r in group),
            "seconds": sum(r.seconds for r in group),
        }
        if set_ == "wcxb":
            fig["body_f1"], fig["empty"] = _body_f1((r.precision, r.recall) for r in group)
            known = [r.precision for r in group if r.precision is not None]
            fig["body_precision"] = sum(known) / len(known) if known else 0.0  # means, as body_f1 takes them
            fig["body_recall"] = sum(r.recall for r in group) / len(group)
            for base in ("input", "repeats_dropped"):
                fig[f"{base}_f1"] = _body_f1(r.baselines[base] for r in group)[0]
        out.setdefault(set_, {}).setdefault(renderer, {})[ptype] = fig
    rules: dict[str, Any] = {}
    for res in results:
        for renderer in (res.job.renderer, "all"):
            table = rules.setdefault(res.job.set, {}).setdefault(renderer, {})
            for rule, (a, b) in res.rules.items():
                cell = table.setdefault(rule, [0, 0, 0])
                cell[0] += a
                cell[1] += b
                cell[2] += 1 if b else 0
    return {"figures": out, "rules": rules}


def format_report(summary: dict[str, Any]) -> str:
    lines = []
    for set_, by_renderer in summary["figures"].items():
        types = sorted({t for figs in by_renderer.values() for t in figs if t != "all"})
        lines.append(f"\n## {set_}")
        if set_ == "wcxb":
            head = ["renderer", "metric", "all", *types, "clean", "empty"]
            lines.append(" | ".join(head))
            for renderer, figs in by_renderer.items():
                for metric, key in (("cleaner", "body_f1"), ("input", "input_f1"), ("repeats", "repeats_dropped_f1")):
                    row = [renderer, metric, *(f"{figs[t][key]:.3f}" if t in figs else "-" for t in ["all", *types])]
                    if metric == "cleaner":
                        row += [f"{figs['all']['clean']:.3f}", str(figs["all"]["empty_out"])]
                    lines.append(" | ".join(row))
        else:
            lines.append("renderer | snippet F1 | clean pages | empty")
            for renderer, figs in by_renderer.items():
                a = figs["all"]
                lines.append(f"{renderer} | {a['snippet_f1']:.3f} | {a['clean']:.3f} | {a['empty_out']}")
    for set_, by_renderer in summary["rules"].items():
        lines.append(f"\n## rules on {set_} (all renderers)")
        table = by_renderer.get("all", {})
        if set_ == "wcxb":
            lines.append("rule | words removed | body share | pages with body removed")
            for rule, (words, body, pages) in sorted(table.items(), key=lambda kv: -kv[1][1]):
                lines.append(f"{rule} | {words} | {body / words if words else 0:.3f} | {pages}")
        else:
            lines.append("rule | without snippets removed | with snippets removed | body share")
            for rule, (wo, wi, _) in sorted(table.items(), key=lambda kv: -kv[1][1]):
                lines.append(f"{rule} | {wo} | {wi} | {wi / (wi + wo) if wi + wo else 0:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="wcxb,traf")
    ap.add_argument("--renderers", default=",".join(RENDERERS))
    ap.add_argument("--limit", type=int, default=None, help="first N pages of each set")
    ap.add_argument("-j", "--jobs", type=int, default=1)
    ap.add_argument("--favor", choices=["precision", "recall"], help="the cleaner's Options(favor=...)")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--lines", type=Path, default=None, help="write every wcxb dump line with its label (JSONL.gz)")
    ap.add_argument("--line-model", default=None, help="score with this line model file instead of the shipped one")
    ap.add_argument(
        "--folds",
        type=Path,
        default=None,
        help="folds.json of train_lines.py: each page scored by a model that never saw it",
    )
    ap.add_argument("--disable-rule", action="append", default=[], help="run without this rule (repeatable)")
    ap.add_argument("--set", action="append", default=[], metavar="STEP.PARAM=VALUE", help="a step parameter")
    args = ap.parse_args(argv)
    sets = [s for s in args.sets.split(",") if s]
    missing = [s for s in sets if not SETS[s].exists()]
    if missing:
        print(f"dev sets not found: {missing} (expected under {DEVSET})", file=sys.stderr)
        return 2
    renderers = []
    for name in args.renderers.split(","):
        try:
            RENDERERS[name]()
            renderers.append(name)
        except ImportError as exc:
            print(f"renderer {name} skipped: {exc}", file=sys.stderr)
    jobs = load_jobs(sets, renderers, args.limit)
    folds = json.loads(args.folds.read_text(encoding="utf-8")) if args.folds else {}
    jobs = [
        dataclasses.replace(
            j,
            line_model=folds.get(f"{j.set}/{j.id}", args.line_model),
            disabled=tuple(args.disable_rule),
            favor=args.favor,
            settings=tuple(args.set),
        )
        for j in jobs
    ]
    keep = args.lines is not None
    t0 = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(_evaluate_star, ((j, keep) for j in jobs), chunksize=8))
    else:
        results = [evaluate(j, keep) for j in jobs]
    summary = summarise(results)
    print(format_report(summary))
    print(f"\n{len(jobs)} dumps in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    if args.lines:
        with gzip.open(args.lines, "wt", encoding="utf-8") as fh:
            for res in results:
                for row in res.lines:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
