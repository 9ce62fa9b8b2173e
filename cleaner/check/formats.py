"""Output formats of ``cleaner check``: text, json, github (workflow commands) and junit.

The verdict comes first: text and github spool the finding lines as the corpus streams
through (a temporary file past :data:`_SPOOL_MEMORY` bytes) and print the summary before them;
json puts the totals before the findings; junit is one document written at the end (memory
O(findings) and O(documents)).  Every finding names its file (and record id inside a JSONL),
its line, its rule, and whether the rule only guessed.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from .. import __version__, jsonout
from .findings import Finding
from .run import CheckDoc, CheckResult, ReadProblem

FORMATS = ("text", "json", "github", "junit")


def _counts(result: CheckResult) -> str:
    return ", ".join(f"{rule}: {n:,}" for rule, n in sorted(result.counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _by_rule(counts: dict[str, int]) -> str:
    return ", ".join(f"{rule}: {n:,}" for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _summary(result: CheckResult) -> str:
    """One paragraph: the verdict, documents passing and failing, counted findings by rule and
    why; then the guesses not counted, the baseline's figures, what was ignored or unreadable."""
    verdict = "passed" if result.passed else "FAILED"
    passing = result.documents - result.with_findings
    text = (
        f"cleaner check {verdict}: {result.documents:,} documents, {passing:,} pass, {result.with_findings:,} fail"
        f" ({result.findings:,} findings"
    )
    text += f": {_counts(result)})" if result.counts else ")"
    if result.ignored:
        text += f", {result.ignored:,} ignored"
    if result.problems:
        text += f", {result.problems:,} unreadable records"
    if result.dropped:
        text += f", {sum(result.dropped.values()):,} records not documents"
    text = f"{text}. {result.why[:1].upper()}{result.why[1:]}."
    if result.guesses:
        text += (
            f" Not counted: {_plural(result.guesses, 'guess', 'guesses')} in"
            f" {_plural(result.with_guesses, 'document', 'documents')} ({_by_rule(result.guess_counts)});"
            " --strict counts them."
        )
    if result.baseline == "recorded":
        text += f" Baseline: {result.suppressed:,} findings recorded."
    elif result.baseline:
        text += (
            f" Baseline: {result.suppressed:,} known findings suppressed, {result.stale:,} fixed since it was written."
        )
    return text


_SPOOL_MEMORY = 1 << 20  # bytes of finding lines held in memory before spooling to disk


class _VerdictFirst:
    """Finding lines spooled while the corpus streams, written after the summary.  Memory
    O(min(lines, _SPOOL_MEMORY)); the rest in a temporary file."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.lines = tempfile.SpooledTemporaryFile(
            _SPOOL_MEMORY, mode="w+", encoding="utf-8", errors="surrogateescape", newline=""
        )

    def write_first(self, head: str) -> None:
        """``head``, then every spooled line.  O(lines)."""
        self.out.write(head)
        self.lines.seek(0)
        shutil.copyfileobj(self.lines, self.out)
        self.lines.close()


class TextFormat(_VerdictFirst):
    """The summary, then ``PATH:LINE: rule: reason: "text"`` per finding (editors and terminals
    jump to it), ``rule (guess)`` for a guess.  A record in a JSONL is
    ``PATH:LINE: record ID, line N: ...``."""

    def finding(self, f: Finding, counted: bool) -> None:
        inner = f"record {f.record}, line {f.line}: " if f.record is not None else ""
        shown = f": {f.text!r}" if f.text else ""
        rule = f.rule if f.sure else f"{f.rule} (guess)"
        self.lines.write(f"{f.path}:{f.file_line}: {inner}{rule}: {f.reason}{shown}\n")

    def document(self, doc: CheckDoc) -> None:
        pass

    def problem(self, p: ReadProblem) -> None:
        where = f"{p.path}:{p.position}" if p.position else p.path
        self.lines.write(f"{where}: unreadable ({p.kind}): {p.message}\n")

    def finish(self, result: CheckResult) -> None:
        self.write_first(_summary(result) + "\n")


def _gh_data(text: str) -> str:
    """Escape a workflow-command message (GitHub's rules: %, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    """Escape a workflow-command property value (also ':' and ',')."""
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormat(_VerdictFirst):
    """GitHub Actions workflow commands: ``::error file=...,line=...,title=...::message``.

    The verdict comes first, as an error or a notice.  A counted finding is an error when it
    fails the check by itself (a fail-on rule, or no residue allowed), else a warning; a guess
    not counted is a warning titled ``RULE (guess)``: reported, never failing the job."""

    def __init__(self, out: TextIO, fail_on: frozenset[str], no_residue: bool) -> None:
        super().__init__(out)
        self.fail_on, self.no_residue = fail_on, no_residue

    def finding(self, f: Finding, counted: bool) -> None:
        level = "error" if counted and (self.no_residue or f.rule in self.fail_on) else "warning"
        inner = f"record {f.record}, line {f.line}: " if f.record is not None else ""
        shown = f": {f.text!r}" if f.text else ""
        title = f"cleaner check: {f.rule}" if f.sure else f"cleaner check: {f.rule} (guess)"
        props = f"file={_gh_prop(f.path)},line={f.file_line},title={_gh_prop(title)}"
        self.lines.write(f"::{level} {props}::{_gh_data(f'{inner}{f.reason}{shown}')}\n")

    def document(self, doc: CheckDoc) -> None:
        pass

    def problem(self, p: ReadProblem) -> None:
        props = f"file={_gh_prop(p.path)},title={_gh_prop('cleaner check: unreadable record')}"
        where = f"{p.position}: " if p.position else ""
        self.lines.write(f"::error {props}::{_gh_data(f'{where}{p.kind}: {p.message}')}\n")

    def finish(self, result: CheckResult) -> None:
        level = "notice" if result.passed else "error"
        self.write_first(f"::{level} title=cleaner check::{_gh_data(_summary(result))}\n")


def _finding_dict(f: Finding, counted: bool) -> dict[str, object]:
    return {
        "file": f.path,
        "record": f.record,
        "position": f.position or None,
        "line": f.line,
        "file_line": f.file_line,
        "rule": f.rule,
        "reason": f.reason,
        "text": f.text,
        "confidence": f.confidence.value,
        "counted": counted,
        "fingerprint": f.digest,
    }


class JsonFormat:
    """One JSON object: the verdict and totals first (the summary), then every finding (with
    its confidence and whether it counted) and every unreadable record."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.findings: list[dict[str, object]] = []
        self.problems: list[dict[str, str]] = []

    def finding(self, f: Finding, counted: bool) -> None:
        self.findings.append(_finding_dict(f, counted))

    def document(self, doc: CheckDoc) -> None:
        pass

    def problem(self, p: ReadProblem) -> None:
        self.problems.append(
            {"file": p.path, "position": p.position, "record": p.record, "kind": p.kind, "message": p.message}
        )

    def finish(self, result: CheckResult) -> None:
        body = {"cleaner_version": __version__, **result.to_dict(), "summary": _summary(result)}
        body["findings"] = self.findings
        body["unreadable"] = self.problems
        self.out.write(jsonout.dumps(body, ensure_ascii=False, indent=2) + "\n")


class JunitFormat:
    """JUnit XML: one test case per document (and per unreadable record), failed by its
    counted findings, so CI test reports list the dirty documents; guesses not counted go to
    the case's ``system-out``."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.cases: list[tuple[str, str]] = []  # (classname, name), in input order
        self.index: dict[tuple[str, str], int] = {}
        self.failures: dict[int, list[Finding]] = {}
        self.guesses: dict[int, list[Finding]] = {}
        self.errors: list[ReadProblem] = []

    @staticmethod
    def _case(path: str, record: str | None, position: str) -> tuple[str, str]:
        return path, (f"{record} ({position})" if record is not None else path)

    def finding(self, f: Finding, counted: bool) -> None:
        case = self._case(f.path, f.record, f.position)
        i = self.index.get(case)
        if i is None:  # a finding always follows its document's cases, except corpus ones
            i = self.index[case] = len(self.cases)
            self.cases.append(case)
        (self.failures if counted else self.guesses).setdefault(i, []).append(f)

    def document(self, doc: CheckDoc) -> None:
        case = self._case(doc.path, doc.record, doc.position)
        if case not in self.index:
            self.index[case] = len(self.cases)
            self.cases.append(case)

    def problem(self, p: ReadProblem) -> None:
        self.errors.append(p)

    def finish(self, result: CheckResult) -> None:
        w = self.out.write
        tests = len(self.cases) + len(self.errors)
        attrs = f'name="cleaner check" tests="{tests}" failures="{len(self.failures)}" errors="{len(self.errors)}"'
        w('<?xml version="1.0" encoding="UTF-8"?>\n')
        w(f"<testsuites {attrs}>\n<testsuite {attrs}>\n")
        for i, (classname, name) in enumerate(self.cases):
            w(f"  <testcase classname={_attr(classname)} name={_attr(name)}")
            found, guessed = self.failures.get(i), self.guesses.get(i)
            if not found and not guessed:
                w("/>\n")
                continue
            w(">\n")
            if found:
                rules = sorted({f.rule for f in found})
                message = f"{len(found)} finding(s): {', '.join(rules)}"
                w(f"    <failure message={_attr(message)} type={_attr(rules[0])}>")
                w(f"{_xml_text(_lines(found))}</failure>\n")
            if guessed:
                shown = _xml_text("guesses, not counted:\n" + _lines(guessed))
                w(f"    <system-out>{shown}</system-out>\n")
            w("  </testcase>\n")
        for p in self.errors:
            name = f"{p.record} ({p.position})" if p.position else p.record
            w(f"  <testcase classname={_attr(p.path)} name={_attr(name)}>\n")
            w(f"    <error message={_attr(p.message)} type={_attr(p.kind)}/>\n  </testcase>\n")
        w(f"  <system-out>{_xml_text(_summary(result))}</system-out>\n</testsuite>\n</testsuites>\n")


def _lines(found: list[Finding]) -> str:
    return "\n".join(f"line {f.line}: {f.rule}: {f.reason}" + (f": {f.text!r}" if f.text else "") for f in found)


_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """Escape text content; characters XML 1.0 forbids become U+FFFD.  O(len(text))."""
    return escape(_XML_FORBIDDEN.sub("\ufffd", text))


def _attr(text: str) -> str:
    """A quoted attribute value, with forbidden characters replaced.  O(len(text))."""
    return quoteattr(_XML_FORBIDDEN.sub("\ufffd", text))


def make_format(
    name: str, out: TextIO, fail_on: frozenset[str], no_residue: bool
) -> TextFormat | GithubFormat | JsonFormat | JunitFormat:
    """The formatter called ``name`` (one of :data:`FORMATS`) writing to ``out``;
    ``no_residue``: any counted finding fails the check (github's error level)."""
    if name == "json":
        return JsonFormat(out)
    if name == "github":
        return GithubFormat(out, fail_on, no_residue)
    if name == "junit":
        return JunitFormat(out)
    return TextFormat(out)
