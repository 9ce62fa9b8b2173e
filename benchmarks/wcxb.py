#!/usr/bin/env python3
"""Body overlap and snippets on the modern-page set (wcxb-dev), per page type, side by side.

Usage::

    python benchmarks/wcxb.py [--set PATH/evaldata.json] [--tools cleaner,trafilatura]
                              [--limit N] [--json out.json] [--worst N] [--type forum]
                              [--format markdown]

Scoring (as in ../shared/devset/README.md):

1. Body overlap: output and truth (``articleBody``) become word tokens (``\\w+``, case kept) and
   multisets of 4-token shingles; per page precision = shared / output shingles, recall = shared /
   truth shingles.  Precision is averaged over pages with non-empty output, recall over all pages;
   F1 is the harmonic mean of the two averages.  "F1 strict" counts an empty output as precision 0.
   The title line is left out of the output first (the body is compared with the body).
2. Snippets, exactly as ``benchmarks/devset.py`` scores them.

Every figure is also broken down by ``page_type``.  Tools run one after the other in this process,
timed on the extraction call only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devset
from devset import TOOL_FACTORIES, PageScore, collapse_ws, pin_one_core, read_page_bytes, run_tool, score_page

REPO = Path(__file__).resolve().parent.parent
SHARED_SET = REPO.parent / "shared" / "devset" / "wcxb-dev" / "evaldata.json"
_WORD = re.compile(r"\w+")


@dataclass
class Page:
    id: str
    url: str | None
    page_type: str
    title: str
    body: str
    html: bytes
    with_: list[str]
    without: list[str]


def load(path: Path, limit: int | None, page_type: str | None) -> list[Page]:
    meta = json.loads(path.read_text(encoding="utf-8"))
    base = path.resolve().parent
    pages = []
    for doc in meta["documents"]:
        if page_type and doc["page_type"] != page_type:
            continue
        pages.append(
            Page(
                doc["id"],
                doc.get("url"),
                doc["page_type"],
                doc.get("title") or "",
                doc.get("articleBody") or "",
                read_page_bytes(base / doc["input"]),
                list(doc.get("with") or []),
                list(doc.get("without") or []),
            )
        )
    return pages[: limit or None]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text)
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def body_scores(output: str, truth: str) -> tuple[float | None, float]:
    """(precision or None for an empty output, recall) of one page."""
    out, ref = shingles(output), shingles(truth)
    shared = sum((out & ref).values())
    precision = shared / sum(out.values()) if out else None
    recall = shared / sum(ref.values()) if ref else 1.0
    return precision, recall


def without_title(output: str, title: str) -> str:
    """Drop the output's first line when it is the page's title (or the tool's title line)."""
    first, _, rest = output.partition("\n")
    if title and collapse_ws(first).casefold() == collapse_ws(title).casefold():
        return rest
    return output


@dataclass
class Group:
    precisions: list[float] = field(default_factory=list)
    recalls: list[float] = field(default_factory=list)
    empty: int = 0
    snippets: list[PageScore] = field(default_factory=list)

    def add(self, p: float | None, r: float, s: PageScore) -> None:
        self.recalls.append(r)
        if p is None:
            self.empty += 1
        else:
            self.precisions.append(p)
        self.snippets.append(s)

    def figures(self) -> dict[str, float]:
        n = len(self.recalls)
        p = sum(self.precisions) / len(self.precisions) if self.precisions else 0.0
        r = sum(self.recalls) / n if n else 0.0
        p_strict = sum(self.precisions) / n if n else 0.0
        tp = sum(s.tp for s in self.snippets)
        fn = sum(s.fn for s in self.snippets)
        fp = sum(s.fp for s in self.snippets)
        sp = tp / (tp + fp) if tp + fp else 0.0
        sr = tp / (tp + fn) if tp + fn else 0.0
        return {
            "pages": n,
            "body_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "precision": p,
            "recall": r,
            "f1_strict": 2 * p_strict * r / (p_strict + r) if p_strict + r else 0.0,
            "empty": self.empty,
            "snippet_f1": 2 * sp * sr / (sp + sr) if sp + sr else 0.0,
            "clean": sum(s.fp == 0 for s in self.snippets) / n if n else 0.0,
        }


def score(outputs: list[str], pages: list[Page]) -> tuple[dict[str, dict[str, float]], list[tuple[float, float]]]:
    groups: dict[str, Group] = {"all": Group()}
    per_page = []
    for out, page in zip(outputs, pages, strict=True):
        body = without_title(out, page.title)
        p, r = body_scores(body, page.body)
        s = score_page(out, page.with_, page.without)
        for key in ("all", page.page_type):
            groups.setdefault(key, Group()).add(p, r, s)
        per_page.append((-1.0 if p is None else p, r))
    return {k: g.figures() for k, g in sorted(groups.items(), key=lambda kv: (kv[0] != "all", kv[0]))}, per_page


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", type=Path, default=SHARED_SET)
    ap.add_argument("--tools", default="cleaner,trafilatura")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--type", default=None, help="only pages of this page_type")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--worst", type=int, default=0, help="list cleaner's N pages of lowest body F1")
    ap.add_argument("--favor", choices=["precision", "recall"], help="the cleaner's Options(favor=...)")
    ap.add_argument(
        "--format",
        choices=["text", "markdown"],
        default="text",
        help="the cleaner's Options(format=...); markdown is scored with its markup stripped (devset.strip_markdown)",
    )
    args = ap.parse_args(argv)
    devset.CLEANER_FAVOR = args.favor
    devset.CLEANER_FORMAT = args.format
    if not args.set.exists():
        ap.error(f"{args.set} not found (the set lives outside the repository, in ../shared/devset)")
    pinned = pin_one_core()
    pages = load(args.set, args.limit, args.type)
    print(f"set: {args.set} - {len(pages)} pages; {pinned}")
    results: dict[str, dict[str, object]] = {}
    per_page_all: dict[str, list[tuple[float, float]]] = {}
    for name in [t.strip() for t in args.tools.split(",") if t.strip()]:
        try:
            run = TOOL_FACTORIES[name]()
        except ImportError as exc:
            print(f"note: skipped {name}: {exc}")
            continue
        res = run_tool(name, run, pages)  # type: ignore[arg-type]  # it only reads .html and .url
        figures, per_page = score(res.outputs, pages)
        per_page_all[name] = per_page
        results[name] = {"pages_per_s": res.pages_per_s, "errors": res.errors, "groups": figures}
    cols = ["body_f1", "precision", "recall", "f1_strict", "empty", "snippet_f1", "clean"]
    print("\n| group | tool | pages | " + " | ".join(cols) + " | pages/s |")
    print("|" + "---|" * (len(cols) + 4))
    groups = next(iter(results.values()))["groups"] if results else {}
    for g in groups:  # type: ignore[union-attr]
        for name, r in results.items():
            f = r["groups"][g]  # type: ignore[index]
            cells = [f"{f[c]:.3f}" if c != "empty" else str(f[c]) for c in cols]
            speed = f"{r['pages_per_s']:.1f}" if g == "all" else ""
            print(f"| {g} | {name} | {f['pages']} | " + " | ".join(cells) + f" | {speed} |")
    if args.worst and "cleaner" in per_page_all:
        order = sorted(range(len(pages)), key=lambda i: _f1(*per_page_all["cleaner"][i]))
        print(f"\ncleaner's {args.worst} worst pages (body precision / recall; -1: empty output):")
        for i in order[: args.worst]:
            p, r = per_page_all["cleaner"][i]
            print(f"  {pages[i].id} {pages[i].page_type:11} P {p:.2f} R {r:.2f}  {pages[i].url}")
    if args.json:
        args.json.write_text(json.dumps({"set": str(args.set), "tools": results}, indent=1) + "\n", encoding="utf-8")
    return 0


def _f1(p: float, r: float) -> float:
    p = max(p, 0.0)
    return 2 * p * r / (p + r) if p + r else 0.0


if __name__ == "__main__":
    sys.exit(main())
