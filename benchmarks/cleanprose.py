"""Clean-prose benchmark: how often each rule fires on texts that hold no boilerplate at all.

Every removal on such a text is a false one, so the figures are each rule's false-fire rate.
Two sets of clean documents, fed to the cleaner as plain text (title line, blank line, body):

- ``dev``: the true main texts of ``../shared/devset/wcxb-dev`` (title + ``articleBody``), by page
  type, reported in the two halves the dump benchmark uses (``dumps.pools.split_of`` of the page
  id: ``dev`` for tuning, ``heldout`` for judging);
- ``fresh``: texts written for this benchmark in ``benchmarks/cleanprose/`` for shapes the dev
  set lacks (recipes and meal plans, listicles, release notes, poems and lyrics with refrains,
  FAQs, tables as text, short-item lists, news), in several languages.  A file is named
  ``SHAPE-LANG-slug.txt``; its first line is the title.

Per document, the cleaner runs through the library (``clean_document`` + ``render_text``, as
``cleaner clean`` does) and the removed text is attributed to rules by ``explain_records`` (what
``--explain`` prints); ``cleaner check``'s default verdict comes from ``check_docs`` on the
document alone.  Characters are counted without whitespace (re-wrapping is not a removal).

Usage:
    python benchmarks/cleanprose.py [--sets dev,fresh] [--limit N] [--json OUT]
        [--disable-rule NAME ...] [--favor precision|recall] [--write-rates]

``--write-rates`` stores every rule's rates over all documents in
``cleaner/rules/data/false_fire.toml`` (shown by ``cleaner rules``); it needs the default
options and every set in full.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FRESH = HERE / "cleanprose"
WCXB = ROOT.parent / "shared" / "devset" / "wcxb-dev" / "evaldata.json"
RATES = ROOT / "cleaner" / "rules" / "data" / "false_fire.toml"
SETS = ("dev", "fresh")

sys.path.insert(0, str(HERE))  # dumps.pools.split_of: the halves the dump benchmark uses


@dataclass(frozen=True)
class Doc:
    """One clean document: ``group`` is its page type (dev) or shape (fresh); ``half`` the dev
    set's half ("" for fresh texts)."""

    id: str
    set: str
    group: str
    half: str
    lang: str
    text: str


@dataclass
class Result:
    """What the cleaner did to one document: non-whitespace characters in and out, characters
    removed per rule (a rule present fired at least once), and check's default verdict."""

    doc: Doc
    chars_in: int
    chars_out: int
    changed: bool
    flagged: bool
    removed: dict[str, int] = field(default_factory=dict)


def nonspace(text: str) -> int:
    """Characters of ``text`` other than whitespace.  O(len(text))."""
    return sum(1 for c in text if not c.isspace())


def load_fresh(folder: Path = FRESH) -> list[Doc]:
    """Every ``SHAPE-LANG-slug.txt`` of ``folder``, sorted by name.  O(total size)."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        shape, lang, _ = [*path.stem.split("-", 2), "", ""][:3]
        if not shape or not lang:
            raise SystemExit(f"{path}: expected a name SHAPE-LANG-slug.txt")
        out.append(Doc(path.stem, "fresh", shape, "", lang, path.read_text(encoding="utf-8")))
    return out


def load_dev(path: Path = WCXB) -> list[Doc]:
    """The wcxb dev pages with a main text, as title + blank line + ``articleBody``.  O(file size)."""
    from dumps.pools import split_of

    if not path.exists():
        raise SystemExit(f"{path} not found: the dev set is ../shared/devset/wcxb-dev")
    out = []
    for d in json.loads(path.read_text(encoding="utf-8"))["documents"]:
        body = (d.get("articleBody") or "").strip()
        if not body:
            continue
        title = " ".join((d.get("title") or "").split())
        text = f"{title}\n\n{body}\n" if title else body + "\n"
        kind = "article" if d.get("page_type") == "blog" else str(d.get("page_type") or "unknown")
        out.append(Doc(str(d["id"]), "dev", kind, split_of(str(d["id"])), "", text))
    return out


class _Quiet:
    """A check sink that keeps nothing: only the verdict is wanted."""

    def finding(self, f: Any, counted: bool) -> None: ...
    def document(self, doc: Any) -> None: ...
    def problem(self, p: Any) -> None: ...
    def finish(self, result: Any) -> None: ...


def measure(doc: Doc, options: Any) -> Result:
    """Clean ``doc`` as ``cleaner clean`` does, attribute each removed text to its rule (the
    ``--explain`` records), and take ``cleaner check``'s default verdict on it alone.

    Time: two pipeline runs, O(len(text)); memory O(len(text))."""
    from cleaner import Document, clean_document
    from cleaner.check import CheckDoc, Thresholds, check_docs
    from cleaner.sinks.text import explain_records, render_text

    cleaned = clean_document(Document(id=doc.id, raw=doc.text, kind="text"), options)
    out = render_text(cleaned, options)
    removed: dict[str, int] = {}
    for rec in explain_records(cleaned):
        if rec.get("kept"):  # a removal the line model overruled: the text stayed
            continue
        rule = str(rec["rule"])
        removed[rule] = removed.get(rule, 0) + nonspace(str(rec["text"] or ""))
    verdict = check_docs([CheckDoc(doc.id, doc.id, None, "", doc.text)], Thresholds(), _Quiet(), options)
    changed = out.split() != doc.text.split()
    return Result(doc, nonspace(doc.text), nonspace(out), changed, not verdict.passed, removed)


def _pct(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole else 0.0


def tally(results: Sequence[Result], rules: Iterable[str]) -> dict[str, Any]:
    """Figures of one group of documents: each rule's documents (counted once however often it
    fired on one) and removed characters, and overall characters kept, documents changed, check
    flags.  ``unattributed_chars`` is what left the text without a rule's name on it (input
    minus output minus every rule's removals).  O(documents x rules)."""
    chars_in = sum(r.chars_in for r in results)
    chars_out = sum(r.chars_out for r in results)
    n = len(results)
    per_rule: dict[str, dict[str, float]] = {}
    for name in rules:
        docs = sum(1 for r in results if name in r.removed)
        chars = sum(r.removed.get(name, 0) for r in results)
        per_rule[name] = {
            "documents": docs,
            "documents_pct": round(_pct(docs, n), 4),
            "chars": chars,
            "chars_pct": round(_pct(chars, chars_in), 4),
        }
    attributed = sum(sum(r.removed.values()) for r in results)
    changed = sum(r.changed for r in results)
    flagged = sum(r.flagged for r in results)
    return {
        "documents": n,
        "chars_in": chars_in,
        "chars_out": chars_out,
        "chars_kept_pct": round(_pct(chars_out, chars_in), 4),
        "documents_changed": changed,
        "documents_changed_pct": round(_pct(changed, n), 4),
        "check_flagged": flagged,
        "check_flagged_pct": round(_pct(flagged, n), 4),
        "unattributed_chars": chars_in - chars_out - attributed,
        "rules": per_rule,
    }


def groups(results: Sequence[Result]) -> dict[str, list[Result]]:
    """The groups reported: all, each set, each dev half, each page type or shape.  O(documents)."""
    out: dict[str, list[Result]] = {"all": list(results)}
    for r in results:
        out.setdefault(r.doc.set, []).append(r)
    for r in results:
        if r.doc.half:
            out.setdefault(f"{r.doc.set}[{r.doc.half} half]", []).append(r)
    for r in sorted(results, key=lambda r: (r.doc.set, r.doc.group)):
        out.setdefault(f"{r.doc.set}/{r.doc.group}", []).append(r)
    return out


def report(results: Sequence[Result], rules: Sequence[str]) -> dict[str, dict[str, Any]]:
    """{group: tally} for every group.  O(groups x documents x rules)."""
    return {name: tally(rs, rules) for name, rs in groups(results).items()}


def _cell(t: dict[str, Any], rule: str) -> str:
    r = t["rules"][rule]
    if not r["documents"]:
        return "-"
    return f"{r['documents']} {r['documents_pct']:.1f}% {r['chars_pct']:.2f}%"


def render(rep: dict[str, dict[str, Any]], rules: Sequence[str], header: str) -> str:
    """The text report: overall figures per group, then per rule (documents fired, % of
    documents, % of characters removed) for the sets and halves, then by type and shape."""
    lines = [header, "", "Overall (characters without whitespace):"]
    lines.append(f"{'group':<28}{'docs':>6}{'chars kept':>12}{'changed':>10}{'check flags':>13}{'unattributed':>14}")
    for name, t in rep.items():
        lines.append(
            f"{name:<28}{t['documents']:>6}{t['chars_kept_pct']:>11.2f}%{t['documents_changed_pct']:>9.1f}%"
            f"{t['check_flagged_pct']:>12.1f}%{t['unattributed_chars']:>14}"
        )

    def table(title: str, cols: list[str], only_fired: bool, prefix: str = "") -> None:
        if not cols:
            return
        lines.extend(["", title + "  (cell: documents fired, % of documents, % of characters removed)"])
        names = [c.removeprefix(prefix) for c in cols]
        widths = [max(17, len(n) + 2) for n in names]
        lines.append(f"{'rule':<16}" + "".join(f"{n:>{w}}" for n, w in zip(names, widths, strict=True)))
        for rule in rules:
            cells = [_cell(rep[c], rule) for c in cols]
            if only_fired and all(c == "-" for c in cells):
                continue
            lines.append(f"{rule:<16}" + "".join(f"{c:>{w}}" for c, w in zip(cells, widths, strict=True)))

    top = [g for g in rep if "/" not in g]
    table("Per rule, by set and half (every rule):", top, only_fired=False)
    for s in SETS:
        kind = "page type" if s == "dev" else "shape"
        table(f"Per rule, {s} by {kind} (rules that fired):", [g for g in rep if g.startswith(s + "/")], True, s + "/")
    return "\n".join(lines) + "\n"


def _commit() -> str:
    """The checkout's short commit, ``-dirty`` when the package (the rates file aside) has
    uncommitted changes."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    sha = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "cleaner", f":!{RATES.relative_to(ROOT)}")
    return sha + ("-dirty" if dirty else "")


HTML_ONLY = "HTML pages only; the clean-prose corpus is text"


def rates_toml(t: dict[str, Any], corpus: str, date: str, commit: str, html_only: Iterable[str] = ()) -> str:
    """The rates file: ``[measured]`` and one ``[rules]`` line per rule; a step that runs on HTML
    pages only cannot fire on this text corpus, and says so rather than claim 0%.  O(rules)."""
    html = set(html_only)
    lines = [
        "# Each rule's false-fire rate on clean prose (texts with no boilerplate): the share of documents",
        "# it changed and of characters (without whitespace) it removed.  Written by",
        "# `python benchmarks/cleanprose.py --write-rates`; do not edit by hand.  `cleaner rules` shows it.",
        "",
        "[measured]",
        f"corpus = {json.dumps(corpus)}",
        f"documents = {t['documents']}",
        f"characters = {t['chars_in']}",
        f"date = {json.dumps(date)}",
        f"commit = {json.dumps(commit)}",
        "",
        "[rules]",
    ]
    for name, r in t["rules"].items():
        if name in html:
            lines.append(f"{name} = {{ not_measured = {json.dumps(HTML_ONLY)} }}")
            continue
        lines.append(
            f"{name} = {{ documents = {r['documents']}, documents_pct = {r['documents_pct']}, "
            f"chars = {r['chars']}, chars_pct = {r['chars_pct']} }}"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, measure every document, print the report.  See the module docstring.

    Time: two pipeline runs per document, O(total characters); memory O(total characters)."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated: dev, fresh (default both)")
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each set")
    ap.add_argument("--json", type=Path, default=None, help="write the figures and per-document results here")
    ap.add_argument("--disable-rule", action="append", default=[], metavar="NAME", help="repeatable")
    ap.add_argument("--favor", choices=("precision", "recall"), default=None)
    ap.add_argument("--fresh", type=Path, default=FRESH, help=argparse.SUPPRESS)
    ap.add_argument("--dev", type=Path, default=WCXB, help=argparse.SUPPRESS)
    ap.add_argument(
        "--write-rates",
        nargs="?",
        const=RATES,
        type=Path,
        default=None,
        metavar="FILE",
        help=f"write every rule's rates over all documents (default {RATES.relative_to(ROOT)})",
    )
    args = ap.parse_args(argv)
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    if not sets or any(s not in SETS for s in sets):
        ap.error(f"--sets takes a comma-separated list of {', '.join(SETS)}")
    if args.write_rates and (args.limit or args.disable_rule or args.favor or sorted(sets) != sorted(SETS)):
        ap.error("--write-rates measures the defaults on every document: no --limit, --disable-rule, --favor, --sets")

    from cleaner import Options, __version__
    from cleaner.rules import RULE_NAMES

    options = Options(disabled_rules=frozenset(args.disable_rule), favor=args.favor)
    docs: list[Doc] = []
    for s in sets:
        got = load_dev(args.dev) if s == "dev" else load_fresh(args.fresh)
        docs.extend(got[: args.limit] if args.limit else got)
    results = [measure(d, options) for d in docs]
    rules = list(RULE_NAMES)
    rep = report(results, rules)
    commit = _commit()
    date = datetime.date.today().isoformat()
    counts = ", ".join(f"{s} {sum(d.set == s for d in docs)}" for s in sets)
    header = (
        f"Clean-prose benchmark: {len(docs)} documents ({counts}); cleaner {__version__} at {commit}, {date}; "
        f"options: disabled={sorted(args.disable_rule)} favor={args.favor}"
    )
    sys.stdout.write(render(rep, rules, header))
    if args.json:
        payload = {
            "header": header,
            "commit": commit,
            "date": date,
            "groups": rep,
            "documents": [
                {
                    "id": r.doc.id,
                    "set": r.doc.set,
                    "group": r.doc.group,
                    "half": r.doc.half,
                    "chars_in": r.chars_in,
                    "chars_out": r.chars_out,
                    "changed": r.changed,
                    "check_flagged": r.flagged,
                    "removed": r.removed,
                }
                for r in results
            ],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.write_rates:
        fresh_n = sum(d.set == "fresh" for d in docs)
        corpus = (
            f"clean-prose benchmark: {fresh_n} texts written for it (benchmarks/cleanprose) and "
            f"{len(docs) - fresh_n} wcxb-dev main texts"
        )
        from cleaner.rules import BY_NAME

        html_only = [n for n in rules if BY_NAME[n].html_only]
        args.write_rates.write_text(rates_toml(rep["all"], corpus, date, commit, html_only), encoding="utf-8")
        print(f"rates written to {args.write_rates}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
