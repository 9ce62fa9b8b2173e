"""``cleaner check``: a clean corpus passes and a dirty one fails, in every format; findings
name file (or record), line and rule; thresholds and config; the cleaner's own output passes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cleaner.check import CORPUS_RULE, DEDUP_RULE, ThresholdError, Thresholds, document_findings, known_rules
from cleaner.check.corpus import duplicate_documents
from cleaner.cli import main
from cleaner.rules import RULE_NAMES

ROOT = Path(__file__).resolve().parent.parent
DIRTY = ROOT / "fixtures" / "check" / "dirty"
TRAFILATURA = ROOT / "fixtures" / "check" / "clean-trafilatura"
TEXT_INPUTS = ROOT / "fixtures" / "text" / "input"
FORMATS = ["text", "json", "github", "junit"]


@pytest.fixture(autouse=True)
def _no_config_around(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from an empty folder, so no cleaner.toml of the checkout leaks into a test."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, ["check", *args], input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cleaner's own output for the text fixtures (their boilerplate removed)."""
    out = tmp_path_factory.mktemp("cleaned") / "out"
    result = CliRunner().invoke(main, ["clean", str(TEXT_INPUTS), "-o", str(out), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def test_own_output_passes(cleaned: Path) -> None:
    """Idempotence seen from the gate: what ``cleaner clean`` keeps, ``cleaner check`` accepts."""
    result = run(str(cleaned))
    assert result.exit_code == 0, result.output
    n = len(list(TEXT_INPUTS.glob("*.txt")))
    assert f"{n} documents, {n} pass, 0 fail" in result.output
    assert run(str(cleaned), "--strict").exit_code == 0  # not even a guess


def test_raw_dumps_fail(tmp_path: Path) -> None:
    """The same fixtures before cleaning are full of boilerplate."""
    result = run(str(TEXT_INPUTS))
    assert result.exit_code == 1
    assert "FAILED" in result.output


@pytest.mark.parametrize("fmt", FORMATS)
def test_clean_corpus_passes_in_every_format(fmt: str) -> None:
    """Articles extracted by another tool (trafilatura), with nothing left to remove."""
    result = run(str(TRAFILATURA), "--format", fmt)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("fmt", FORMATS)
def test_dirty_corpus_fails_in_every_format(fmt: str) -> None:
    result = run(str(DIRTY), "--format", fmt)
    assert result.exit_code == 1, result.output
    assert result.output


def _json(*args: str) -> dict:
    result = run(str(DIRTY), "--format", "json", *args)
    return json.loads(result.output)


def test_findings_name_file_record_line_and_rule() -> None:
    body = _json()
    assert body["passed"] is False and body["documents"] == 6 and body["documents_with_findings"] == 4
    found = {(Path(f["file"]).name, f["record"], f["line"], f["rule"]) for f in body["findings"]}
    assert ("shortcode-and-repeat.txt", None, 3, "shortcode") in found
    assert ("shortcode-and-repeat.txt", None, 15, DEDUP_RULE) in found  # repeated paragraph
    assert ("patreon-residue.txt", None, 15, "appeal") in found
    assert ("records.jsonl", "newsletter-box", 15, "newsletter") in found
    assert ("records.jsonl", "newsletter-box", 17, "newsletter") in found
    # the upper-cased, re-spaced copy of record "seed" is the same document
    assert ("records.jsonl", "seed-again", 1, CORPUS_RULE) in found
    jsonl_lines = {f["record"]: f["file_line"] for f in body["findings"] if f["record"]}
    assert jsonl_lines == {"newsletter-box": 2, "seed-again": 3}
    assert not any(Path(f["file"]).name == "clean-article.txt" for f in body["findings"])


def test_text_format_lines() -> None:
    out = run(str(DIRTY)).output
    assert f"{DIRTY / 'shortcode-and-repeat.txt'}:3: shortcode: " in out
    assert f"{DIRTY / 'records.jsonl'}:2: record newsletter-box, line 15: newsletter: " in out
    assert out.splitlines()[0].startswith("cleaner check FAILED: 6 documents, 2 pass, 4 fail")


def test_github_annotations() -> None:
    out = run(str(DIRTY), "--format", "github").output.splitlines()
    shortcode = next(line for line in out if "shortcode::" in line)
    assert shortcode.startswith(
        f"::error file={DIRTY / 'shortcode-and-repeat.txt'},line=3,title=cleaner check%3A shortcode::"
    )
    assert out[0].startswith("::error title=cleaner check::cleaner check FAILED")
    # with some residue allowed, findings are warnings except for fail-on rules
    out = run(str(DIRTY), "--format", "github", "--max-residue", "1", "--fail-on", "shortcode").output.splitlines()
    assert any(line.startswith("::error file=") and "shortcode" in line for line in out)
    assert any(line.startswith("::warning file=") and "newsletter" in line for line in out)


def test_github_escapes_newlines_and_separators(tmp_path: Path) -> None:
    corpus = tmp_path / "a,b:c%.jsonl"
    corpus.write_text(json.dumps({"id": "x", "text": "A title\n\nSome words here.\n\nShare this:\n"}) + "\n")
    out = run(str(corpus), "--format", "github").output.splitlines()
    assert out[1].startswith("::error file=") and "a%2Cb%3Ac%25.jsonl" in out[1]
    assert all(line.startswith("::") for line in out)


def test_junit_one_case_per_document() -> None:
    root = ET.fromstring(run(str(DIRTY), "--format", "junit").output)
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert len(cases) == 6 and suite.get("tests") == "6" and suite.get("failures") == "4"
    failed = {c.get("name"): c.find("failure") for c in cases if c.find("failure") is not None}
    assert "seed-again (line 3)" in failed
    shortcode = next(f for name, f in failed.items() if name.endswith("shortcode-and-repeat.txt"))
    assert "line 3: shortcode" in (shortcode.text or "")


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "check.xml"
    result = run(str(DIRTY), "--format", "junit", "-o", str(target))
    assert result.exit_code == 1 and result.output == ""
    ET.parse(target)


def test_thresholds_from_flags() -> None:
    assert run(str(DIRTY), "--max-residue", "0.7").exit_code == 0  # 4 of 6 documents
    assert run(str(DIRTY), "--max-residue", "0.6").exit_code == 1
    assert run(str(DIRTY), "--max-residue", "0.7", "--fail-on", CORPUS_RULE).exit_code == 1
    ignored = ",".join(("shortcode", DEDUP_RULE, "appeal", "page_end", "newsletter", CORPUS_RULE))
    result = run(str(DIRTY), "--ignore", ignored, "--format", "json")
    body = json.loads(result.output)
    assert result.exit_code == 0 and body["findings_total"] == 0 and body["ignored_findings"] == 7


def test_config_file_and_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.cleaner.check]\nmax_residue = 0.7\nfail_on = ["appeal"]\n')
    monkeypatch.chdir(project)
    assert run(str(DIRTY)).exit_code == 1  # appeal fires
    (project / "pyproject.toml").write_text("[tool.cleaner.check]\nmax_residue = 0.7\n")
    assert run(str(DIRTY)).exit_code == 0
    assert run(str(DIRTY), "--max-residue", "0").exit_code == 1  # the flag wins
    (project / "cleaner.toml").write_text('[check]\nignore = "appeal,page_end,newsletter,shortcode,duplicate"\n')
    body = json.loads(run(str(DIRTY), "--format", "json").output)
    assert body["findings_by_rule"] == {CORPUS_RULE: 1}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("[check]\nmax_residu = 0.1\n", "unknown key(s) max_residu"),
        ("[check]\nmax_residue = 5\n", "between 0 and 1"),
        ('[check]\nfail_on = ["apeal"]\n', "unknown rule(s) apeal"),
        ("[check]\nignore = 3\n", "list of rule names"),
        ("check = 1\n", "not a table"),
        ("[check\n", "not valid TOML"),
    ],
)
def test_bad_config_is_a_usage_error(tmp_path: Path, config: str, message: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(config)
    result = run(str(DIRTY), "--config", str(path))
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--fail-on", "no_such_rule"],
        ["--ignore", "shortcode", "--fail-on", "shortcode"],
        ["--max-residue", "-0.1"],
        ["--format", "xml"],
        [],
    ],
)
def test_usage_errors(args: list[str]) -> None:
    result = run(*([str(DIRTY)] if args else []), *args)
    assert result.exit_code == 2


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope"))
    assert result.exit_code == 2 and "nope" in result.output


def test_unreadable_record_fails_and_is_named(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "text": "A title\\n\\nA sentence of the body."}\n{not json\n')
    result = run(str(corpus))
    assert result.exit_code == 1
    assert f"{corpus}:line 2: unreadable (bad_json)" in result.output


def test_stdin() -> None:
    dirty = (DIRTY / "patreon-residue.txt").read_bytes()
    result = run("-", input=dirty)
    assert result.exit_code == 1 and "stdin:15: appeal" in result.output


def test_rule_names_come_from_the_rules() -> None:
    assert set(RULE_NAMES) <= set(known_rules())
    assert DEDUP_RULE in known_rules() and CORPUS_RULE in known_rules()


def test_document_findings_counter_example() -> None:
    """An article about newsletters (the rule's counter-example) is not residue."""
    text = (ROOT / "fixtures" / "text" / "expected" / "article-about-newsletters.txt").read_text()
    assert document_findings(text, "a.txt") == []


def test_duplicate_documents_exact_after_normalising() -> None:
    items = [("1", "Hello, world.\n\nSecond line."), ("2", "HELLO world\nsecond   line"), ("3", "Other"), ("4", "")]
    items.append(("5", ""))
    matches = list(duplicate_documents(items))
    assert [(m.id, m.duplicate_of, m.similarity) for m in matches] == [("2", "1", 1.0)]


def test_thresholds_verdict() -> None:
    t = Thresholds(max_residue=0.5, fail_on=frozenset({"appeal"}))
    assert t.verdict(4, 2, {"share": 3})[0] is True
    assert t.verdict(4, 3, {"share": 3})[0] is False
    assert t.verdict(4, 1, {"appeal": 1})[0] is False
    assert t.verdict(0, 0, {})[0] is True
    with pytest.raises(ThresholdError):
        Thresholds.from_settings({"max_residue": True})


def test_pre_commit_hook_runs_the_check() -> None:
    """The hook pre-commit would install: its entry, given the matching files, gates them."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "cleaner-check" and hook["language"] == "python"
    program, command = hook["entry"].split()
    assert program == "cleaner"
    pattern = re.compile(hook["files"])
    dirty = sorted(str(p) for p in DIRTY.iterdir() if pattern.search(p.name))
    clean = sorted(str(p) for p in TRAFILATURA.iterdir() if pattern.search(p.name))
    assert len(dirty) == 4 and len(clean) == 4
    assert CliRunner().invoke(main, [command, *dirty]).exit_code == 1
    assert CliRunner().invoke(main, [command, *clean]).exit_code == 0


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    page = corpus / "a.txt"
    page.write_text("A title\n\nA sentence of the body.\n")
    for target in (page, corpus / "report.txt"):
        result = run(str(corpus), "-o", str(target))
        assert result.exit_code == 2
    assert page.read_text() == "A title\n\nA sentence of the body.\n" and not (corpus / "report.txt").exists()


def test_a_copy_with_words_changed_is_a_near_duplicate(tmp_path: Path) -> None:
    # Not only exact copies: a syndicated copy with a few words changed is found too.
    words = (
        "the harbour board met on friday to weigh a plan for a second ferry berth while fishermen "
        "asked for more room at the north quay and the council promised a survey before winter "
    ).split()
    text = " ".join(words[(i * 7) % len(words)] + str(i % 13) for i in range(400))
    changed = text.split()
    for i in range(0, len(changed), 40):
        changed[i] = "altered"
    (tmp_path / "a.txt").write_text(text + "\n")
    (tmp_path / "b.txt").write_text(" ".join(changed) + "\n")
    (tmp_path / "c.txt").write_text(" ".join(reversed(text.split())) + "\n")  # same words, other text
    body = json.loads(run(str(tmp_path), "--format", "json").output)
    found = {(Path(f["file"]).name, f["rule"]) for f in body["findings"]}
    assert ("b.txt", CORPUS_RULE) in found
    assert ("a.txt", CORPUS_RULE) not in found and ("c.txt", CORPUS_RULE) not in found


@pytest.mark.parametrize("make", ["folder", "jsonl", "folder-of-empty-jsonl"])
def test_nothing_to_check_is_a_usage_error(tmp_path: Path, make: str) -> None:
    """Issue 17.7: an empty (or mistyped, e.g. wrong extension) input said "passed: 0
    documents", exit 0; a gate that checked nothing must not pass.  Exit 2 before any output."""
    target = tmp_path / "in"
    if make == "jsonl":
        target = tmp_path / "in.jsonl"
        target.write_text("\n\n")
    else:
        target.mkdir()
        if make == "folder-of-empty-jsonl":
            (target / "a.jsonl").write_text("")
    out = tmp_path / "report.json"
    result = run(str(target), "--format", "json", "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "no documents to check" in result.output and str(target) in result.output
    assert not out.exists()


# Issue 21.3: findings carry a confidence; the gate counts sure ones, --strict guesses too.

_PARA = (
    "The harbour board met on Friday to weigh a plan for a second ferry berth, while the fishermen "
    "asked for more room at the north quay."
)


_MEALS = [
    "Oats with milk and a spoon of honey, eaten warm before work every day of the week.",
    "Rice with beans and a little cheese, eaten at noon with a green salad on the side.",
    "Soup with bread, eaten in the evening after a walk along the river with the dog.",
]
_OTHER_MEALS = [
    "Porridge cooked overnight in a slow pot, served with stewed plums from the garden.",
    "Lentil stew with carrots and cumin, which keeps for three days in a cold larder.",
    "Baked potatoes filled with cottage cheese and chives, a supper children ask for.",
]


def _meal_plan(repeat_body: bool, meals: list[str] = _MEALS, title: str = "A week of plain meals") -> str:
    """A text whose short lines (a portion and a serving size) first stand above its body, as a
    menu does, then repeat two in a row under each meal: a run of repeats of lines first met
    above the body is taken for a repeated menu, so dedup removes each run as a guess (issue 21:
    the same runs with their first copies inside the body are content and stay), and, with
    ``repeat_body``, a body paragraph pasted twice (a sure finding)."""
    blocks = [title, "Portion: 1 cup", "Serves: 2"]
    blocks.append(_PARA if repeat_body else "Three meals a day, each one cheap, warm and quick to make.")
    for meal in meals:
        blocks += ["Portion: 1 cup", "Serves: 2", meal]
    if repeat_body:
        blocks.append(_PARA)
    return "\n\n".join(blocks) + "\n"


def test_every_step_declares_its_confidence_in_steps_toml() -> None:
    from cleaner.model import Confidence
    from cleaner.steps import declared_confidence, steps_data

    for name in RULE_NAMES:
        assert isinstance(declared_confidence(name), Confidence)
        assert "confidence" in steps_data()["steps"][name]  # declared, not defaulted


def test_a_bad_confidence_declaration_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaner.steps as steps

    for value in (None, "certain"):
        table = {"module": "cleaner.rules.shortcodes"} | ({} if value is None else {"confidence": value})
        monkeypatch.setattr(steps, "steps_data", lambda table=table: {"steps": {"shortcode": table}})
        with pytest.raises(steps.StepDeclarationError, match="confidence"):
            steps.declared_confidence("shortcode")


def test_dedup_is_sure_of_a_body_paragraph_and_guesses_a_short_line() -> None:
    found = document_findings(_meal_plan(repeat_body=True), "plan.txt")
    by_text = {(f.rule, f.text): f.confidence.value for f in found}
    assert by_text[(DEDUP_RULE, _PARA)] == "sure"
    assert by_text[(DEDUP_RULE, "Portion: 1 cup")] == "guess"


@pytest.mark.parametrize(
    "line",
    [
        "6:51:34 AM: Thank you for using core-js for polyfilling the JavaScript standard library in this build.",
        "RuntimeError: Detected that the custom integration calls async_create_task from a thread,"
        " which is unsafe in this release of the core.",
        "// assume that the formatted token has been omitted here and is acting as the delimiter for the parser.",
    ],
)
def test_a_repeated_log_or_code_line_is_a_guess_not_a_repeated_body(line: str) -> None:
    """A build log, a traceback or a code comment repeats its lines (the cleaner's own output of
    real pages failed check on them): dedup guesses; a prose paragraph repeated stays sure
    (test_dedup_is_sure_of_a_body_paragraph_and_guesses_a_short_line)."""
    text = f"Build failed again\n\n{_PARA}\n\n{line}\n\nnpm WARN optional dependency skipped\n\n{line}\n"
    found = [f for f in document_findings(text, "log.txt") if f.rule == DEDUP_RULE]
    assert [(f.text, f.confidence.value) for f in found] == [(line, "guess")]


def test_a_meal_plans_repeated_portion_lines_are_no_finding() -> None:
    """Portion lines repeated in a run under each meal, first met inside the body: the text's
    own, so dedup finds nothing (issue 21: a meal plan was flagged 158 times)."""
    blocks = ["A week of plain meals", "Three meals a day, each one cheap and warm, and all of them quick to make."]
    for meal in _MEALS:
        blocks += [meal, "Portion: 1 cup", "Serves: 2"]
    blocks.append("Shop once on Saturday for the whole week, and keep the rest in a cold larder until needed.")
    found = document_findings("\n\n".join(blocks) + "\n", "plan.txt")
    assert [f.text for f in found if f.rule == DEDUP_RULE] == []


def test_sure_shortcode_and_guessed_page_end() -> None:
    found = document_findings((DIRTY / "patreon-residue.txt").read_text(), "p.txt")
    assert {f.rule: f.confidence.value for f in found} == {"appeal": "sure", "page_end": "guess"}


def test_gate_counts_sure_findings_by_default_and_guesses_under_strict(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(_meal_plan(repeat_body=False))
    body = json.loads(run(str(tmp_path), "--format", "json").output)
    assert body["passed"] is True and body["findings_total"] == 0
    assert body["guesses_not_counted"] >= 2 and body["guesses_by_rule"][DEDUP_RULE] == 6
    assert {f["confidence"] for f in body["findings"]} == {"guess"}  # reported all the same
    assert not any(f["counted"] for f in body["findings"])
    assert run(str(tmp_path)).exit_code == 0
    assert run(str(tmp_path), "--strict").exit_code == 1
    # a guessed rule named in --fail-on counts
    assert run(str(tmp_path), "--fail-on", DEDUP_RULE).exit_code == 1
    # the config file's strict = true, and --no-strict over it
    (Path.cwd() / "cleaner.toml").write_text("[check]\nstrict = true\n")
    assert run(str(tmp_path)).exit_code == 1
    assert run(str(tmp_path), "--no-strict").exit_code == 0
    (tmp_path / "plan.txt").write_text(_meal_plan(repeat_body=True))
    assert run(str(tmp_path), "--no-strict").exit_code == 1


def test_thresholds_apply_to_counted_findings(tmp_path: Path) -> None:
    news = "The survey will report in the spring, the board said after its meeting on the quay."
    (tmp_path / "a.txt").write_text(f"Ferry plan weighed\n\n{_PARA}\n\n{news}\n\n{_PARA}\n")
    (tmp_path / "b.txt").write_text(_meal_plan(repeat_body=False))
    (tmp_path / "c.txt").write_text(_meal_plan(repeat_body=False, meals=_OTHER_MEALS, title="Winter suppers"))
    body = json.loads(run(str(tmp_path), "--format", "json", "--max-residue", "0.4").output)
    # one document in three has a counted finding: within 40%; the guesses do not add to it
    assert body["passed"] is True and body["documents_with_findings"] == 1 and body["documents_passed"] == 2
    assert body["documents_with_guesses"] == 2 and body["findings_by_rule"] == {DEDUP_RULE: 1}
    assert run(str(tmp_path), "--max-residue", "0.4", "--strict").exit_code == 1


def test_guesses_are_warnings_in_github_and_marked_in_text(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(_meal_plan(repeat_body=True))
    lines = run(str(tmp_path), "--format", "github").output.splitlines()
    guess = [line for line in lines if "Portion" in line]
    sure = [line for line in lines if "harbour board" in line]
    assert guess and all(line.startswith("::warning ") and "(guess)" in line for line in guess)
    assert len(sure) == 1 and sure[0].startswith("::error ")
    text = run(str(tmp_path)).output
    assert f"{DEDUP_RULE} (guess): " in text and f": {DEDUP_RULE}: repeated paragraph" in text
    case = ET.fromstring(run(str(tmp_path), "--format", "junit").output).find("testsuite/testcase")
    assert case is not None and case.find("failure") is not None
    assert "Portion: 1 cup" in (case.findtext("system-out") or "")
    assert "Portion" not in (case.findtext("failure") or "")


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_verdict_comes_first(fmt: str) -> None:
    """Issue 21.3: the summary line (documents passing and failing, counts per rule) leads."""
    lines = run(str(DIRTY), "--format", fmt).output.splitlines()
    assert "cleaner check FAILED: 6 documents, 2 pass, 4 fail (6 findings: newsletter: 2" in lines[0]
    assert "Not counted: 1 guess in 1 document (page_end: 1)" in lines[0]
    assert len(lines) > 1 and not any("cleaner check FAILED" in line for line in lines[1:])


def test_json_summary_precedes_findings() -> None:
    body = _json()
    keys = list(body)
    assert keys.index("passed") < keys.index("findings") and keys.index("summary") < keys.index("findings")
    assert body["summary"].startswith("cleaner check FAILED: 6 documents")
    assert body["thresholds"]["strict"] is False


def test_own_html_output_passes_by_default(tmp_path: Path) -> None:
    """Issue 21.5: the cleaner's output of the HTML fixtures passes the default gate; what a
    guessing rule (header, navigation) still says on it is reported, not counted."""
    out = tmp_path / "html-out"
    html = ROOT / "fixtures" / "html" / "input"
    cleaned = CliRunner().invoke(main, ["clean", str(html), "-o", str(out), "-q"], catch_exceptions=False)
    assert cleaned.exit_code == 0, cleaned.output
    body = json.loads(run(str(out), "--format", "json").output)
    assert body["passed"] is True and body["findings_total"] == 0, body["findings"]
    assert all(f["confidence"] == "guess" for f in body["findings"])
