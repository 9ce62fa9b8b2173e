#!/usr/bin/env python3
"""Side-by-side benchmark of cleaner and reference extractors on the snippet development set.

Usage::

    python benchmarks/devset.py [--set PATH/evaldata.json] [--tools cleaner,trafilatura,...]
                                [--limit N] [--json out.json] [--failures N] [--no-rss]
                                [--format markdown]

Scoring (as in ../shared/devset/README.md): whitespace is collapsed in the output and in each snippet,
then each snippet is tested for substring presence. Counts are pooled over all pages: a found "with"
snippet is a true positive, a missing "with" a false negative, a found "without" a false positive.
"Clean pages" is the share of pages where no "without" snippet is found.

All pages are read and decompressed into memory before any timing. Each tool is then timed on its
extraction call only (including any bytes->str decoding the tool needs), in this single process, one
page after the other. A tool that raises on a page gets empty output for that page (counted as an
error). Peak RSS of the cleaner pass is measured in a separate child process (see ``--no-rss``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_SET = REPO.parent / "shared" / "devset" / "trafilatura-eval" / "evaldata.json"
SAMPLE_SET = REPO / "fixtures" / "devset" / "evaldata.json"

ALL_TOOLS = [
    "cleaner",
    "trafilatura",
    "trafilatura-defaults",
    "readability",
    "justext",
    "resiliparse",
    "boilerpy3",
    "html-text",
    "lxml-parse",
]
REFERENCE = "trafilatura"
PARSE_ONLY = {"lxml-parse"}

# --------------------------------------------------------------------------------------------------
# Scoring

_WS = re.compile(r"\s+")


def collapse_ws(text: str) -> str:
    """Collapse every run of (Unicode) whitespace to one space and strip the ends."""
    return _WS.sub(" ", text or "").strip()


@dataclass
class PageScore:
    tp: int = 0  # "with" snippets found
    fn: int = 0  # "with" snippets missing
    fp: int = 0  # "without" snippets found
    missed: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.fp == 0


def score_page(output: str, with_snippets: list[str], without_snippets: list[str]) -> PageScore:
    """Score one extraction against its snippets (substring test after whitespace collapsing)."""
    text = collapse_ws(output)
    score = PageScore()
    for snip in with_snippets:
        s = collapse_ws(snip)
        if s and s in text:
            score.tp += 1
        else:
            score.fn += 1
            score.missed.append(snip)
    for snip in without_snippets:
        s = collapse_ws(snip)
        if s and s in text:
            score.fp += 1
            score.leaked.append(snip)
    return score


@dataclass
class Totals:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    pages: int = 0
    clean_pages: int = 0

    def add(self, s: PageScore) -> None:
        self.tp += s.tp
        self.fn += s.fn
        self.fp += s.fp
        self.pages += 1
        self.clean_pages += int(s.clean)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def clean_share(self) -> float:
        return self.clean_pages / self.pages if self.pages else 0.0


def score_outputs(outputs: list[str], pages: list[Page]) -> tuple[Totals, list[PageScore]]:
    """Pool the scores of ``outputs`` (one per page, same order) over ``pages``."""
    totals = Totals()
    per_page = []
    for out, page in zip(outputs, pages, strict=True):
        s = score_page(out, page.with_, page.without)
        totals.add(s)
        per_page.append(s)
    return totals, per_page


# --------------------------------------------------------------------------------------------------
# Data


@dataclass
class Page:
    id: str
    url: str | None
    input: str
    html: bytes
    with_: list[str]
    without: list[str]


def default_set() -> Path:
    return SHARED_SET if SHARED_SET.exists() else SAMPLE_SET


def read_page_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz" or data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def load_set(path: Path, limit: int | None = None) -> list[Page]:
    """Read evaldata.json and load every page (decompressed) into memory."""
    meta = json.loads(Path(path).read_text(encoding="utf-8"))
    base = Path(path).resolve().parent
    pages = []
    for doc in meta["documents"][: limit or None]:
        url = doc.get("url")
        if not (url and url.startswith(("http://", "https://"))):
            url = None  # e.g. "hard::name.html": not a real URL
        pages.append(
            Page(
                id=doc["id"],
                url=url,
                input=doc["input"],
                html=read_page_bytes(base / doc["input"]),
                with_=list(doc.get("with") or []),
                without=list(doc.get("without") or []),
            )
        )
    return pages


# --------------------------------------------------------------------------------------------------
# Tools. Each factory does its (untimed) imports and setup and returns extract(html_bytes, url) -> str,
# or raises ImportError when the tool is not installed.

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def decode_simple(data: bytes) -> str:
    """Cheap bytes->str for tools that need str: BOM, then <meta charset>, then UTF-8, then cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    m = _META_CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


# The cleaner's Options favor for a run (wcxb.py --favor): None is the default options.
CLEANER_FAVOR: str | None = None
# The cleaner's output format (--format): "markdown" is scored with its markup stripped
# (strip_markdown, timed with the extraction), to show what the structure costs the text.
CLEANER_FORMAT = "text"

_MD_FENCE = re.compile(r"`{3,}")
_MD_TABLE_SEP = re.compile(r"\|(?: --- \|)+")
_MD_CELL = re.compile(r"(?<!\\)\|")
_MD_MARKER = re.compile(r" *(?:- |\d{1,9}\. |#{1,6} |> )?")
_MD_NUMBER = re.compile(r"(\d{1,9})\\([.)])")
_MD_ESCAPE = re.compile(r"\\(?=[!-/:-@\[`{-~\]^_])")
_MD_DOUBLED = re.compile(r"\\\\(?=[!-/:-@\[-`{-~])")
_MD_HEADING = re.compile(r"#{1,6} ")
_MD_CLOSING_HASHES = re.compile(r"(?<=\s)\\(#+)$")  # a heading's own closing hashes, escaped


def strip_markdown(md: str) -> str:
    """The text under the cleaner's Markdown: fences, table pipes and separator rows, list,
    heading and quote markers and the backslash escapes removed, one block per line group as
    the plain text has them.  Knows only the Markdown the cleaner writes."""
    lines = md.split("\n")
    out: list[str] = []
    fence = None
    for line in lines:
        if fence is not None:
            if line == fence:
                fence = None
            else:
                out.append(line)
            continue
        if _MD_FENCE.fullmatch(line):
            fence = line
            continue
        if line.startswith("|") and line.endswith("|"):
            if _MD_TABLE_SEP.fullmatch(line):
                continue
            cells = (_MD_DOUBLED.sub(r"\\", c.strip().replace("\\|", "|")) for c in _MD_CELL.split(line[1:-1]))
            out.append(" | ".join(c for c in cells if c))
            continue
        heading = _MD_HEADING.match(line) is not None
        content = line[_MD_MARKER.match(line).end() :]  # type: ignore[union-attr]
        m = _MD_NUMBER.match(content)
        if m:
            content = m.group(1) + content[m.end(1) + 1 :]
        elif _MD_ESCAPE.match(content):
            content = content[1:]
        if heading:
            content = _MD_CLOSING_HASHES.sub(r"\1", " " + content)[1:]
        out.append(_MD_DOUBLED.sub(r"\\", content))
    return "\n".join(out)


def _tool_cleaner() -> Callable[[bytes, str | None], str]:
    import cleaner

    options = cleaner.Options(favor=CLEANER_FAVOR, format=CLEANER_FORMAT)
    markdown = CLEANER_FORMAT == "markdown"

    def run(html: bytes, url: str | None) -> str:
        out = cleaner.clean_html(html, url=url, options=options)
        return strip_markdown(out) if markdown else out

    return run


def _tool_trafilatura(**kwargs) -> Callable[[bytes, str | None], str]:
    import trafilatura

    def run(html: bytes, url: str | None) -> str:
        return trafilatura.extract(html, url=url, **kwargs) or ""

    return run


def _tool_readability() -> Callable[[bytes, str | None], str]:
    import lxml.html
    from readability import Document

    def run(html: bytes, url: str | None) -> str:
        summary = Document(html, url=url).summary(html_partial=True)
        if not summary.strip():
            return ""
        tree = lxml.html.fromstring(summary)
        return "\n".join(t for t in tree.itertext())

    return run


def _tool_justext() -> Callable[[bytes, str | None], str]:
    import justext

    # No language is known per page: use the union of all shipped stop lists (set up untimed).
    stoplist = frozenset().union(*(justext.get_stoplist(lang) for lang in justext.get_stoplists()))

    def run(html: bytes, url: str | None) -> str:
        paragraphs = justext.justext(html, stoplist)
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def _tool_resiliparse() -> Callable[[bytes, str | None], str]:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import detect_encoding
    from resiliparse.parse.html import HTMLTree

    def run(html: bytes, url: str | None) -> str:
        tree = HTMLTree.parse_from_bytes(html, detect_encoding(html))
        return extract_plain_text(tree, main_content=True)

    return run


def _tool_boilerpy3() -> Callable[[bytes, str | None], str]:
    import logging

    from boilerpy3 import extractors

    logging.getLogger("boilerpy3").setLevel(logging.ERROR)  # it warns on every nested <a>
    extractor = extractors.ArticleExtractor(raise_on_failure=False)

    def run(html: bytes, url: str | None) -> str:
        return extractor.get_content(decode_simple(html)) or ""

    return run


def _tool_html_text() -> Callable[[bytes, str | None], str]:
    import html_text

    def run(html: bytes, url: str | None) -> str:
        return html_text.extract_text(decode_simple(html))

    return run


def _tool_lxml_parse() -> Callable[[bytes, str | None], str]:
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(recover=True, no_network=True)

    def run(html: bytes, url: str | None) -> str:
        lxml.etree.fromstring(html, parser)
        return ""

    return run


TOOL_FACTORIES: dict[str, Callable[[], Callable[[bytes, str | None], str]]] = {
    "cleaner": _tool_cleaner,
    "trafilatura": lambda: _tool_trafilatura(include_comments=False),
    "trafilatura-defaults": _tool_trafilatura,
    "readability": _tool_readability,
    "justext": _tool_justext,
    "resiliparse": _tool_resiliparse,
    "boilerpy3": _tool_boilerpy3,
    "html-text": _tool_html_text,
    "lxml-parse": _tool_lxml_parse,
}

TOOL_LABELS = {
    "trafilatura": "trafilatura (include_comments=False)",
    "trafilatura-defaults": "trafilatura (defaults)",
    "resiliparse": "resiliparse (main_content)",
    "boilerpy3": "boilerpy3 ArticleExtractor",
    "html-text": "html-text (whole page)",
    "lxml-parse": "lxml parse only (floor)",
}


@dataclass
class ToolResult:
    name: str
    outputs: list[str]
    seconds: float
    errors: int
    first_error: str | None = None
    totals: Totals | None = None
    per_page: list[PageScore] | None = None

    @property
    def pages_per_s(self) -> float:
        return len(self.outputs) / self.seconds if self.seconds > 0 else float("inf")


def run_tool(name: str, run: Callable[[bytes, str | None], str], pages: list[Page]) -> ToolResult:
    """Time ``run`` on every page (extraction call only); exceptions count as empty output."""
    # Warm-up on one page (lazy imports, caches) so first-call costs do not land in the timing.
    if pages:
        try:
            run(pages[0].html, pages[0].url)
        except Exception:
            pass
    outputs: list[str] = []
    errors = 0
    first_error = None
    clock = time.perf_counter
    total = 0.0
    for page in pages:
        t0 = clock()
        try:
            out = run(page.html, page.url)
        except Exception as exc:  # a failing tool gives empty output for that page
            out = ""
            errors += 1
            if first_error is None:
                first_error = f"{page.id}: {type(exc).__name__}: {exc}"[:300]
        total += clock() - t0
        outputs.append(out if isinstance(out, str) else "")
    return ToolResult(name, outputs, total, errors, first_error)


# --------------------------------------------------------------------------------------------------
# Peak memory of the cleaner pass, measured in a child process: its high-water RSS (VmHWM from
# /proc/self/status on Linux; resource.getrusage ru_maxrss elsewhere -- on Linux ru_maxrss would carry
# over the parent's RSS through fork+exec, VmHWM does not). The child runs before the parent loads the
# pages, and streams pages from disk one at a time (as a user running cleaner over the set would), so
# its peak reflects cleaner itself plus the interpreter, not the in-memory copy of the whole set.


def _vm_hwm_kb() -> int:
    """Peak RSS of this process image in kB: VmHWM on Linux (reset by exec), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux


def _child_rss(set_path: str, limit: int | None) -> None:
    import cleaner  # noqa: F401  (import cost is part of the baseline)

    run = _tool_cleaner()
    meta = json.loads(Path(set_path).read_text(encoding="utf-8"))
    base = Path(set_path).resolve().parent
    baseline = _vm_hwm_kb()
    errors = pages = 0
    for doc in meta["documents"][: limit or None]:
        html = read_page_bytes(base / doc["input"])
        pages += 1
        try:
            run(html, None)
        except Exception:
            errors += 1
        del html
    peak = _vm_hwm_kb()
    print(json.dumps({"baseline_kb": baseline, "peak_kb": peak, "pages": pages, "errors": errors}))


def measure_cleaner_rss(set_path: Path, limit: int | None) -> dict | None:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--set", str(set_path), "--_rss-child"]
    cmd += ["--format", CLEANER_FORMAT]
    if limit:
        cmd += ["--limit", str(limit)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"error": str(exc)}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {"error": (proc.stderr or "no output").strip().splitlines()[-1:]}


# --------------------------------------------------------------------------------------------------
# Reporting


def format_table(results: list[ToolResult]) -> str:
    ref = next((r for r in results if r.name == REFERENCE), None)
    ref_speed = ref.pages_per_s if ref else None
    head = ["tool", "F1", "precision", "recall", "clean pages", "pages/s", "x trafilatura", "errors"]
    rows = []
    for r in results:
        t = r.totals
        scored = r.name not in PARSE_ONLY and t is not None
        ratio = f"{r.pages_per_s / ref_speed:.2f}" if ref_speed else "-"
        rows.append(
            [
                TOOL_LABELS.get(r.name, r.name),
                f"{t.f1:.3f}" if scored else "-",
                f"{t.precision:.3f}" if scored else "-",
                f"{t.recall:.3f}" if scored else "-",
                f"{t.clean_share:.3f}" if scored else "-",
                f"{r.pages_per_s:.1f}",
                ratio,
                str(r.errors),
            ]
        )
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _short(s: str, n: int = 160) -> str:
    s = collapse_ws(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def format_failures(result: ToolResult, pages: list[Page], n: int) -> str:
    assert result.per_page is not None
    order = sorted(
        range(len(pages)),
        key=lambda i: (result.per_page[i].fn + result.per_page[i].fp, result.per_page[i].fp),
        reverse=True,
    )
    out = [f"\nWorst {n} pages for {result.name} (missed 'with' / found 'without' snippets):"]
    for i in order[:n]:
        s, p = result.per_page[i], pages[i]
        if s.fn + s.fp == 0:
            break
        out.append(
            f"\n## {p.id}  [{p.input}]  missed {s.fn}/{s.tp + s.fn}, leaked {s.fp}/{len(p.without)}"
            f"  output {len(result.outputs[i])} chars"
        )
        out += [f"  - MISSED: {_short(x)}" for x in s.missed]
        out += [f"  + LEAKED: {_short(x)}" for x in s.leaked]
    return "\n".join(out)


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        try:
            cpu = min(os.sched_getaffinity(0))
            os.sched_setaffinity(0, {cpu})
            return f"pinned to CPU {cpu}"
        except OSError:
            pass
    return "not pinned"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", type=Path, default=None, help="evaldata.json (default: shared dev set, else sample)")
    ap.add_argument("--tools", default=",".join(ALL_TOOLS), help="comma-separated: " + ",".join(ALL_TOOLS))
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ap.add_argument("--json", type=Path, default=None, help="write results (summary and per page) to this file")
    ap.add_argument("--failures", type=int, default=0, help="print the N worst pages for cleaner")
    ap.add_argument("--no-rss", action="store_true", help="skip the peak-RSS child process for cleaner")
    ap.add_argument(
        "--format", choices=["text", "markdown"], default="text", help="cleaner's output (markdown: scored stripped)"
    )
    ap.add_argument("--_rss-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    set_path = args.set or default_set()
    global CLEANER_FORMAT
    CLEANER_FORMAT = args.format
    if args._rss_child:
        _child_rss(str(set_path), args.limit)
        return 0

    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOL_FACTORIES]
    if unknown:
        ap.error(f"unknown tools: {', '.join(unknown)} (known: {', '.join(ALL_TOOLS)})")

    rss = None
    if "cleaner" in tools and not args.no_rss:
        rss = measure_cleaner_rss(set_path, args.limit)  # before loading the pages in this process

    pinned = pin_one_core()
    t0 = time.perf_counter()
    pages = load_set(set_path, args.limit)
    print(
        f"set: {set_path} — {len(pages)} pages, {sum(len(p.html) for p in pages) / 1e6:.1f} MB of HTML "
        f"loaded in {time.perf_counter() - t0:.1f}s; {pinned}; python {sys.version.split()[0]}"
    )

    results: list[ToolResult] = []
    notes: list[str] = []
    for name in tools:
        try:
            run = TOOL_FACTORIES[name]()
        except ImportError as exc:
            notes.append(f"skipped {name}: not installed ({exc})")
            continue
        except Exception as exc:
            notes.append(f"skipped {name}: setup failed ({type(exc).__name__}: {exc})")
            continue
        res = run_tool(name, run, pages)
        res.totals, res.per_page = score_outputs(res.outputs, pages)
        results.append(res)
        print(f"  {name}: {res.seconds:.1f}s, {res.errors} errors", file=sys.stderr)
        if res.first_error:
            notes.append(f"{name}: {res.errors} pages raised; first: {res.first_error}")

    print()
    print(format_table(results))
    if rss is not None:
        if rss and "peak_kb" in rss:
            print(
                f"\ncleaner peak RSS (child process, VmHWM, pages streamed one at a time): "
                f"{rss['peak_kb'] / 1024:.0f} MB (after imports: {rss['baseline_kb'] / 1024:.0f} MB, "
                f"{rss['errors']} errors)"
            )
        else:
            print(f"\ncleaner peak RSS: not measured ({rss})")
    for note in notes:
        print(f"note: {note}")

    cleaner_res = next((r for r in results if r.name == "cleaner"), None)
    if args.failures and cleaner_res:
        print(format_failures(cleaner_res, pages, args.failures))

    if args.json:
        ref = next((r for r in results if r.name == REFERENCE), None)
        payload = {
            "set": str(set_path),
            "pages": len(pages),
            "cleaner_rss": rss,
            "notes": notes,
            "tools": {
                r.name: {
                    "f1": r.totals.f1,
                    "precision": r.totals.precision,
                    "recall": r.totals.recall,
                    "clean_pages": r.totals.clean_share,
                    "tp": r.totals.tp,
                    "fn": r.totals.fn,
                    "fp": r.totals.fp,
                    "seconds": r.seconds,
                    "pages_per_s": r.pages_per_s,
                    "ratio_to_trafilatura": (r.pages_per_s / ref.pages_per_s) if ref else None,
                    "errors": r.errors,
                    "per_page": [
                        {"id": p.id, "tp": s.tp, "fn": s.fn, "fp": s.fp} for p, s in zip(pages, r.per_page, strict=True)
                    ],
                }
                for r in results
            },
        }
        args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
