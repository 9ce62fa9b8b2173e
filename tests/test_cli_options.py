"""Options a user can reach: -o validation, config files, rule switches, explain as JSONL,
--max-failures, sizes with units, --min-chars, --no-title, --source/--added."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from batch_helpers import TEXT_INPUTS, read_jsonl, write_jsonl
from test_cli import run

from cleaner import Options, clean_text
from cleaner.cli.params import Rate, Size, memory_bytes

SEED = TEXT_INPUTS / "seed.txt"
ADDED = "2024-05-01T00:00:00Z"


@pytest.mark.parametrize("name", ["out.json", "out.csv", "out.txt"])
def test_unknown_output_extension_is_a_usage_error(tmp_path: Path, name: str) -> None:
    result = run("clean", str(SEED), "-o", str(tmp_path / name))
    assert result.exit_code == 2 and "unknown output type" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / name).exists()


def test_output_equal_to_an_input_and_unwritable_folder_exit_2(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "d.jsonl", 2)
    same = run("clean", str(src), "-o", str(src))
    assert same.exit_code == 2 and len(same.stderr.strip().splitlines()) == 1
    blocker = tmp_path / "file"
    blocker.write_text("x")
    bad = run("clean", str(src), "-o", str(blocker / "sub" / "o.jsonl"))
    assert bad.exit_code == 2 and "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_dash_writes_jsonl_records_on_stdout(tmp_path: Path) -> None:
    result = run("clean", str(SEED), "-o", "-", "--added", ADDED)
    assert result.exit_code == 0
    (rec,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert rec["id"] == "seed.txt" and rec["source"] == "seed.txt" and rec["added"] == ADDED
    assert rec["text"] == clean_text(SEED.read_text(encoding="utf-8"))


def test_added_must_be_iso(tmp_path: Path) -> None:
    result = run("clean", str(SEED), "-o", "-", "--added", "yesterday")
    assert result.exit_code == 2 and "ISO 8601" in result.stderr


def test_disable_rule_and_unknown_rule(tmp_path: Path) -> None:
    base = run("clean", str(SEED), "--explain")
    assert "[comments]" in base.stderr
    off = run("clean", str(SEED), "--explain", "--disable-rule", "comments")
    assert off.exit_code == 0 and "[comments]" not in off.stderr
    # page_end also knows the comment form's headings (chrome after the body), and the line model
    # finds them unlikely body: all three off, they stay
    both = run(
        "clean", str(SEED), "--disable-rule", "comments", "--disable-rule", "page_end", "--disable-rule", "line_model"
    )
    assert "Leave a Reply" in both.stdout and "Leave a Reply" not in base.stdout
    bad = run("clean", str(SEED), "--disable-rule", "commentz")
    assert bad.exit_code == 2 and "unknown rule 'commentz'" in bad.stderr


def test_no_dedup_and_ratio() -> None:
    kept = run("clean", str(SEED), "--no-dedup", "--explain")
    assert kept.exit_code == 0 and "[duplicate]" not in kept.stderr
    assert "[duplicate]" in run("clean", str(SEED), "--explain").stderr
    assert run("clean", str(SEED), "--dedup-ratio", "500").exit_code == 2


def test_min_chars_drops_and_counts(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    result = run("clean", str(TEXT_INPUTS), "-o", str(out), "--min-chars", "1000000", "-q")
    assert result.exit_code == 0 and read_jsonl(out) == []
    summary = json.loads((tmp_path / "o.jsonl.summary.json").read_text())
    assert summary["dropped_by_reason"]["too_short"] == summary["read"] > 0


def test_config_file_sets_options_and_the_command_line_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cleaner.toml").write_text('disable_rules = ["comments"]\ntitle = false\n[check]\nanything = 1\n')
    result = run("clean", str(SEED), "--explain")
    assert result.exit_code == 0 and "[comments]" not in result.stderr
    body = clean_text(SEED.read_text(encoding="utf-8"), Options(disabled_rules=frozenset({"comments"}), title=False))
    assert result.stdout == body
    (tmp_path / "other.toml").write_text("keep_captions = true\nmin_chars = 3\n")
    assert run("clean", str(SEED), "--config", str(tmp_path / "other.toml")).stdout.startswith(
        clean_text(SEED.read_text(encoding="utf-8")).split("\n")[0]
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("dedup_ratoi = 95\n", "unknown setting 'dedup_ratoi'"),
        ("dedup_ratio = 500\n", "dedup_ratio"),
        ('disable_rules = ["nope"]\n', "unknown rule 'nope'"),
        ("min_chars = \n", "not valid TOML"),
    ],
)
def test_bad_config_is_a_usage_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "c.toml").write_text(text)
    result = run("clean", str(SEED), "--config", str(tmp_path / "c.toml"))
    assert result.exit_code == 2 and message in result.stderr


def test_explain_format_jsonl(tmp_path: Path) -> None:
    result = run("clean", str(SEED), "--explain-format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(x) for x in result.stderr.splitlines() if x.startswith("{")]
    assert rows and all(set(r) == {"id", "location", "rule", "reason", "span", "text"} for r in rows)
    assert {r["id"] for r in rows} == {"seed.txt"} and "comments" in {r["rule"] for r in rows}
    assert all(r["location"].startswith("line") for r in rows)


def test_max_failures_rate(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "d.jsonl", 9)
    with open(src, "a") as fh:
        fh.write("{broken\n")
    args = ("clean", str(src), "-o", str(tmp_path / "o.jsonl"), "-q")
    assert run(*args).exit_code == 1  # default: any failure
    assert run(*args, "--max-failures", "0.2").exit_code == 0  # 1 of 10 failed: under 20%
    assert run(*args, "--max-failures", "5%").exit_code == 1
    assert run(*args, "--max-failures", "2").exit_code == 2


@pytest.mark.parametrize(
    ("text", "size"),
    [("20MB", 20_000_000), ("20MiB", 20 * 1024**2), ("1G", 10**9), ("500k", 500_000), ("1.5KiB", 1536), ("7", 7)],
)
def test_sizes_as_written(text: str, size: int) -> None:
    assert Size().convert(text, None, None) == size


def test_sizes_beyond_memory_are_capped_and_bad_sizes_refused() -> None:
    assert Size().convert("1000T", None, None) == memory_bytes()
    assert Size().convert(10**30, None, None) == memory_bytes()
    assert run("clean", str(SEED), "--max-bytes", "20 parsecs").exit_code == 2
    assert run("clean", str(SEED), "--max-bytes", "1000TiB").exit_code == 0  # capped, no MemoryError


def test_rates() -> None:
    assert Rate().convert("1%", None, None) == pytest.approx(0.01)
    assert Rate().convert("0.25", None, None) == 0.25


def test_options_validate_their_values() -> None:
    for bad in (
        {"dedup_ratio": 500},
        {"excerpt_ratio": -1},
        {"min_chars": -2},
        {"disabled_rules": ["nope"]},
        {"dedup": "yes"},
        {"max_bytes": 0},
        {"disabled_rules": "share"},
    ):
        with pytest.raises(ValueError):
            Options(**bad)  # type: ignore[arg-type]
    assert Options(disabled_rules=["share"]).disabled_rules == frozenset({"share"})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown setting 'colour'"):
        Options.from_table({"colour": "blue"})


def test_resume_needs_a_file_or_folder_output() -> None:
    for args in ((), ("-o", "-")):
        result = run("clean", str(SEED), *args, "--resume")
        assert result.exit_code == 2 and "--resume needs" in result.stderr


def _big_inputs(folder: Path) -> Path:
    """A JSONL record of about 5 kB, with one small record beside."""
    folder.mkdir()
    body = "A sentence of the long record that keeps going. " * 100
    jsonl = folder / "recs.jsonl"
    jsonl.write_text(
        json.dumps({"id": "big", "text": f"Title\n\n{body}"}) + "\n" + json.dumps({"id": "small", "text": "Hi."}) + "\n"
    )
    return jsonl


@pytest.mark.parametrize("how", ["option", "config"])
@pytest.mark.parametrize("command", ["clean", "check", "report", "explain", "dedup"])
def test_every_command_that_reads_records_caps_them_like_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, how: str
) -> None:
    """Issue 23.20: check pointed to --max-bytes, which it did not have, and ignored max_bytes in
    the config.  Every command that reads records has --max-bytes and the config key, and a
    too-large record fails by name with a message naming only options the command has."""
    from cleaner.cli import main

    jsonl = _big_inputs(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    cap: list[str] = ["--max-bytes", "1k"]
    if how == "config":
        (tmp_path / "cleaner.toml").write_text("max_bytes = 1000\n")
        cap = []
    params = {p.name for p in main.commands[command].params}
    assert "max_bytes" in params
    extra = {
        "clean": ["-o", str(tmp_path / "o.jsonl")],
        "report": ["-o", str(tmp_path / "r.html")],
        "dedup": ["-o", str(tmp_path / "d.jsonl")],
    }.get(command, [])
    result = run(command, str(jsonl), *extra, *cap)
    assert result.exit_code == 1, result.output
    said = result.output
    if command == "clean":
        said += (tmp_path / "o.jsonl.errors.jsonl").read_text()
    elif command == "report":
        page = (tmp_path / "r.html").read_text()
        said += page[page.index('id="problems"') :].split("</p>")[0]
    elif command == "dedup":
        said += (tmp_path / "d.jsonl.errors.jsonl").read_text()
    assert "too_large" in said, said
    for option in re.findall(r"--[a-z][a-z-]+", said):
        assert option.lstrip("-").replace("-", "_") in params, f"{command} names {option}, which it has not"
