"""``cleaner check --write-baseline`` / ``--baseline`` (issue 21.4): adopt the gate on a corpus
as it is and fail only on new findings; findings are known by path, record, rule and text
(never line), counted per fingerprint; the file is versioned, deterministic and refused when bad."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.check import DEDUP_RULE
from cleaner.cli import main

PARA = (
    "The harbour board met on Friday to weigh a plan for a second ferry berth, while the fishermen "
    "asked for more room at the north quay."
)
OTHER = "The council promised a survey before the winter storms arrive on the coast this year."
LATER = "The survey will report in the spring, the board said after the meeting on the quay ended."


@pytest.fixture(autouse=True)
def _no_config_around(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


def _doc(*blocks: str) -> str:
    return "\n\n".join(["Ferry plan weighed", *blocks]) + "\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A corpus with one sure finding (a body paragraph pasted twice)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(_doc(PARA, OTHER, PARA, LATER))
    return folder


def test_write_baseline_passes_and_records(corpus: Path, tmp_path: Path) -> None:
    base = tmp_path / "base.json"
    assert run(str(corpus)).exit_code == 1
    result = run(str(corpus), "--write-baseline", str(base))
    assert result.exit_code == 0, result.output
    body = json.loads(base.read_text())
    assert body["version"] == 1
    (entry,) = [e for e in body["findings"] if e["rule"] == DEDUP_RULE]
    assert entry["path"] == str(corpus / "a.txt") and entry["record"] is None and entry["count"] == 1
    assert "line" not in entry  # fingerprints, not line numbers
    assert "findings recorded" in result.output


def test_baseline_file_is_deterministic(corpus: Path, tmp_path: Path) -> None:
    (corpus / "b.jsonl").write_text(
        json.dumps({"id": "r2", "text": _doc(OTHER, LATER, OTHER)})
        + "\n"
        + json.dumps({"id": "r1", "text": "Share this:\n\n" + _doc(LATER)})
        + "\n"
    )
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert run(str(corpus), "--write-baseline", str(one)).exit_code == 0
    assert run(str(corpus), "--write-baseline", str(two)).exit_code == 0
    assert one.read_bytes() == two.read_bytes()
    body = json.loads(one.read_text())
    keys = [(e["path"], e["record"] or "", e["rule"], e["digest"]) for e in body["findings"]]
    assert keys == sorted(keys) and len(keys) >= 2
    assert one.read_text() == json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_baseline_suppresses_known_findings_across_unrelated_edits(corpus: Path, tmp_path: Path) -> None:
    base = tmp_path / "base.json"
    run(str(corpus), "--write-baseline", str(base))
    result = run(str(corpus), "--baseline", str(base))
    assert result.exit_code == 0, result.output
    assert "Baseline: 1 known findings suppressed, 0 fixed" in result.output.splitlines()[0]
    # a paragraph added above, the copy moved to the end, re-spaced and re-cased: still known
    edited = _doc("A new opening sentence was added by an editor today.", PARA, OTHER, LATER)
    (corpus / "a.txt").write_text(edited + "\n" + PARA.upper().replace(" ", "  ") + "\n")
    assert run(str(corpus)).exit_code == 1
    assert run(str(corpus), "--baseline", str(base)).exit_code == 0


def test_a_third_copy_is_new(corpus: Path, tmp_path: Path) -> None:
    base = tmp_path / "base.json"
    run(str(corpus), "--write-baseline", str(base))
    (corpus / "a.txt").write_text(_doc(PARA, OTHER, PARA, LATER, PARA))
    result = run(str(corpus), "--baseline", str(base), "--format", "json")
    body = json.loads(result.output)
    assert result.exit_code == 1
    assert body["baseline"] == {"mode": "compared", "suppressed": 1, "stale": 0}
    assert [f["rule"] for f in body["findings"] if f["counted"]] == [DEDUP_RULE]


def test_a_new_document_with_a_finding_fails(corpus: Path, tmp_path: Path) -> None:
    base = tmp_path / "base.json"
    run(str(corpus), "--write-baseline", str(base))
    (corpus / "b.txt").write_text(_doc(LATER, '[gallery ids="1,2,3"]', OTHER))
    result = run(str(corpus), "--baseline", str(base))
    assert result.exit_code == 1 and "shortcode" in result.output


def test_fixed_findings_are_reported_stale(corpus: Path, tmp_path: Path) -> None:
    base = tmp_path / "base.json"
    run(str(corpus), "--write-baseline", str(base))
    (corpus / "a.txt").write_text(_doc(PARA, OTHER, LATER))
    result = run(str(corpus), "--baseline", str(base), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["baseline"] == {"mode": "compared", "suppressed": 0, "stale": 1}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "no version"),
        ('{"version": 2, "findings": []}', "version 2 is not supported"),
        ('{"version": 1, "findings": {}}', "'findings' must be a list"),
        ('{"version": 1, "findings": [{"path": "a"}]}', "entry 1 lacks"),
        (
            '{"version": 1, "findings": [{"path": "a", "record": null, "rule": "x", "digest": "d", "count": 0}]}',
            "count must be",
        ),
        (b"\xff\xfe", "not valid JSON"),
    ],
)
def test_a_bad_baseline_is_a_usage_error(corpus: Path, tmp_path: Path, content: str | bytes, message: str) -> None:
    base = tmp_path / "base.json"
    base.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run(str(corpus), "--baseline", str(base))
    assert result.exit_code == 2 and message in result.output, result.output


def test_missing_baseline_and_conflicting_flags_are_usage_errors(corpus: Path, tmp_path: Path) -> None:
    result = run(str(corpus), "--baseline", str(tmp_path / "nope.json"))
    assert result.exit_code == 2 and "cannot read baseline" in result.output
    base = tmp_path / "base.json"
    run(str(corpus), "--write-baseline", str(base))
    assert run(str(corpus), "--baseline", str(base), "--write-baseline", str(base)).exit_code == 2
    # a baseline written over an input is refused, the input untouched
    before = (corpus / "a.txt").read_bytes()
    assert run(str(corpus), "--write-baseline", str(corpus / "a.txt")).exit_code == 2
    assert (corpus / "a.txt").read_bytes() == before


def test_baseline_keeps_guesses_known_under_strict(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    blocks = ["Portion: 1 cup", PARA, "Portion: 1 cup", OTHER, "Portion: 1 cup", LATER]
    (folder / "plan.txt").write_text(_doc(*blocks))
    base = tmp_path / "base.json"
    assert run(str(folder), "--strict").exit_code == 1
    assert run(str(folder), "--write-baseline", str(base)).exit_code == 0
    assert run(str(folder), "--strict", "--baseline", str(base)).exit_code == 0
