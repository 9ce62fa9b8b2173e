"""Output formats of ``cleaner check``: text, json, github (workflow commands) and junit.

Text and github print each finding as it is found (the corpus streams through); json and
junit are one document each, written at the end (memory O(findings) and O(documents)).
Every finding names its file (and record id inside a JSONL), its line and its rule.
"""

from __future__ import annotations

import re
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from .. import __version__, jsonout
from .findings import Finding
from .run import CheckDoc, CheckResult, ReadProblem

FORMATS = ("text", "json", "github", "junit")


def _counts(result: CheckResult) -> str:
    return ", ".join(f"{rule}: {n:,}" for rule, n in sorted(result.counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _summary(result: CheckResult) -> str:
    """One paragraph: documents, findings by rule, verdict and why."""
    verdict = "passed" if result.passed else "FAILED"
    text = (
        f"cleaner check {verdict}: {result.documents:,} documents, {result.with_findings:,} with findings"
        f" ({result.findings:,} findings"
    )
    text += f": {_counts(result)})" if result.counts else ")"
    if result.ignored:
        text += f", {result.ignored:,} ignored"
    if result.problems:
        text += f", {result.problems:,} unreadable records"
    if result.dropped:
        text += f", {sum(result.dropped.values()):,} records not documents"
    return f"{text}. {result.why[:1].upper()}{result.why[1:]}."


class TextFormat:
    """``PATH:LINE: rule: reason: "text"`` per finding (editors and terminals jump to it),
    then a summary.  A record in a JSONL is ``PATH:LINE: record ID, line N: ...``."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def finding(self, f: Finding) -> None:
        inner = f"record {f.record}, line {f.line}: " if f.record is not None else ""
        shown = f": {f.text!r}" if f.text else ""
        self.out.write(f"{f.path}:{f.file_line}: {inner}{f.rule}: {f.reason}{shown}\n")

    def document(self, doc: CheckDoc) -> None:
        pass

    def problem(self, p: ReadProblem) -> None:
        where = f"{p.path}:{p.position}" if p.position else p.path
        self.out.write(f"{where}: unreadable ({p.kind}): {p.message}\n")

    def finish(self, result: CheckResult) -> None:
        self.out.write(_summary(result) + "\n")


def _gh_data(text: str) -> str:
    """Escape a workflow-command message (GitHub's rules: %, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    """Escape a workflow-command property value (also ':' and ',')."""
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormat:
    """GitHub Actions workflow commands: ``::error file=...,line=...,title=...::message``.

    A finding is an error when it fails the check by itself (a fail-on rule, or no residue
    allowed), else a warning; the verdict ends the output as an error or a notice."""

    def __init__(self, out: TextIO, fail_on: frozenset[str], strict: bool) -> None:
        self.out, self.fail_on, self.strict = out, fail_on, strict

    def finding(self, f: Finding) -> None:
        level = "error" if self.strict or f.rule in self.fail_on else "warning"
        inner = f"record {f.record}, line {f.line}: " if f.record is not None else ""
        shown = f": {f.text!r}" if f.text else ""
        props = f"file={_gh_prop(f.path)},line={f.file_line},title={_gh_prop(f'cleaner check: {f.rule}')}"
        self.out.write(f"::{level} {props}::{_gh_data(f'{inner}{f.reason}{shown}')}\n")

    def document(self, doc: CheckDoc) -> None:
        pass

    def problem(self, p: ReadProblem) -> None:
        props = f"file={_gh_prop(p.path)},title={_gh_prop('cleaner check: unreadable record')}"
        where = f"{p.position}: " if p.position else ""
        self.out.write(f"::error {props}::{_gh_data(f'{where}{p.kind}: {p.message}')}\n")

    def finish(self, result: CheckResult) -> None:
        level = "notice" if result.passed else "error"
        self.out.write(f"::{level} title=cleaner check::{_gh_data(_summary(result))}\n")


def _finding_dict(f: Finding) -> dict[str, object]:
    return {
        "file": f.path,
        "record": f.record,
        "position": f.position or None,
        "line": f.line,
        "file_line": f.file_line,
        "rule": f.rule,
        "reason": f.reason,
        "text": f.text,
    }


class JsonFormat:
    """One JSON object: the totals and verdict, every finding, every unreadable record."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.findings: list[dict[str, object]] = []
        self.problems: list[dict[str, str]] = []

    def finding(self, f: Finding) -> None:
        self.findings.append(_finding_dict(f))

    def document(self, doc: CheckDoc) -> None:
        pass

    def problem(self, p: ReadProblem) -> None:
        self.problems.append(
            {"file": p.path, "position": p.position, "record": p.record, "kind": p.kind, "message": p.message}
        )

    def finish(self, result: CheckResult) -> None:
        body = {"cleaner_version": __version__, **result.to_dict()}
        body["findings"] = self.findings
        body["unreadable"] = self.problems
        self.out.write(jsonout.dumps(body, ensure_ascii=False, indent=2) + "\n")


class JunitFormat:
    """JUnit XML: one test case per document (and per unreadable record), failed by its
    findings, so CI test reports list the dirty documents."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.cases: list[tuple[str, str]] = []  # (classname, name), in input order
        self.index: dict[tuple[str, str], int] = {}
        self.failures: dict[int, list[Finding]] = {}
        self.errors: list[ReadProblem] = []

    @staticmethod
    def _case(path: str, record: str | None, position: str) -> tuple[str, str]:
        return path, (f"{record} ({position})" if record is not None else path)

    def finding(self, f: Finding) -> None:
        case = self._case(f.path, f.record, f.position)
        i = self.index.get(case)
        if i is None:  # a finding always follows its document's cases, except corpus ones
            i = self.index[case] = len(self.cases)
            self.cases.append(case)
        self.failures.setdefault(i, []).append(f)

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
            found = self.failures.get(i)
            if not found:
                w("/>\n")
                continue
            rules = sorted({f.rule for f in found})
            message = f"{len(found)} finding(s): {', '.join(rules)}"
            lines = "\n".join(
                f"line {f.line}: {f.rule}: {f.reason}" + (f": {f.text!r}" if f.text else "") for f in found
            )
            w(f">\n    <failure message={_attr(message)} type={_attr(rules[0])}>{_xml_text(lines)}</failure>\n")
            w("  </testcase>\n")
        for p in self.errors:
            name = f"{p.record} ({p.position})" if p.position else p.record
            w(f"  <testcase classname={_attr(p.path)} name={_attr(name)}>\n")
            w(f"    <error message={_attr(p.message)} type={_attr(p.kind)}/>\n  </testcase>\n")
        w(f"  <system-out>{_xml_text(_summary(result))}</system-out>\n</testsuite>\n</testsuites>\n")


_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """Escape text content; characters XML 1.0 forbids become U+FFFD.  O(len(text))."""
    return escape(_XML_FORBIDDEN.sub("\ufffd", text))


def _attr(text: str) -> str:
    """A quoted attribute value, with forbidden characters replaced.  O(len(text))."""
    return quoteattr(_XML_FORBIDDEN.sub("\ufffd", text))


def make_format(
    name: str, out: TextIO, fail_on: frozenset[str], strict: bool
) -> TextFormat | GithubFormat | JsonFormat | JunitFormat:
    """The formatter called ``name`` (one of :data:`FORMATS`) writing to ``out``."""
    if name == "json":
        return JsonFormat(out)
    if name == "github":
        return GithubFormat(out, fail_on, strict)
    if name == "junit":
        return JunitFormat(out)
    return TextFormat(out)
