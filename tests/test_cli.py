"""The command line contract: stdout by default, one-line usage errors (exit 2), exit 1 on failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_helpers import TEXT_INPUTS, read_jsonl, write_jsonl, write_text_files
from click.testing import CliRunner

from cleaner import __version__, clean_text
from cleaner.cli import main


def run(*args: str, input: bytes | None = None):
    runner = CliRunner()
    try:
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)
    except SystemExit as exc:  # our group exits itself
        raise AssertionError(f"unexpected SystemExit {exc}") from exc


def test_single_file_to_stdout() -> None:
    seed = TEXT_INPUTS / "seed.txt"
    result = run("clean", str(seed))
    assert result.exit_code == 0
    assert result.stdout == clean_text(seed.read_text(encoding="utf-8"))


def test_stdin_dash() -> None:
    seed = (TEXT_INPUTS / "seed.txt").read_bytes()
    result = run("clean", "-", input=seed)
    assert result.exit_code == 0 and result.stdout == clean_text(seed.decode())


def test_explain_goes_to_stderr() -> None:
    result = run("clean", str(TEXT_INPUTS / "seed.txt"), "--explain")
    assert result.exit_code == 0 and "== " in result.stderr and "[" in result.stderr


def test_version_and_help() -> None:
    assert __version__ in run("--version").stdout
    help_text = run("clean", "--help").stdout
    for word in ("Examples:", "--output", "--jobs", "--resume", "--max-bytes", "--input-format", "Exit codes"):
        assert word in help_text


@pytest.mark.parametrize(
    "args",
    [
        ["clean", "--no-such-option", "x"],
        ["clean", "does-not-exist.txt"],
        ["clean", "nothing-matches-*.html"],
        ["clean"],
        ["clean", "-j", "0", "x"],
        ["clean", "--max-bytes", "lots", "x"],
        ["clean", "--input-format", "pdf", "x"],
        ["clean", "--resume", "x"],
        ["clean", "x", "-o", "x"],
    ],
)
def test_usage_errors_are_one_line_exit_2(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x").write_text("text")
    result = run(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cleaner: error:") and "Traceback" not in result.stderr


def test_folder_output_summary_and_exit_1(tmp_path: Path) -> None:
    src = write_text_files(tmp_path / "in", 3)
    (src / "bad.jsonl").write_text('{"id": "x", "text": 5}\n')
    result = run("clean", str(src), "-o", str(tmp_path / "out"), "-j", "2")
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["doc000.txt", "doc001.txt", "doc002.txt"]
    assert "3 written" in result.stderr and "1 failed" in result.stderr
    summary = json.loads((tmp_path / "out.summary.json").read_text())
    assert summary["exit_code"] == 1 and summary["failed_by_kind"] == {"bad_field": 1}
    assert read_jsonl(tmp_path / "out.errors.jsonl")[0]["kind"] == "bad_field"


def test_jsonl_fields_options_quiet_and_custom_paths(tmp_path: Path) -> None:
    src = tmp_path / "d.jsonl"
    src.write_text("".join(json.dumps({"key": f"k{i}", "body": f"Story {i}. " * 30}) + "\n" for i in range(3)))
    out = tmp_path / "o.jsonl.gz"
    result = run(
        "clean", str(src), "-o", str(out), "--text-field", "body", "--id-field", "key", "-q",
        "--summary", str(tmp_path / "s.json"), "--errors", str(tmp_path / "e.jsonl"),
    )  # fmt: skip
    assert result.exit_code == 0 and result.stderr == ""
    assert [r["id"] for r in read_jsonl(out)] == ["k0", "k1", "k2"]
    assert json.loads((tmp_path / "s.json").read_text())["written"] == 3
    assert (tmp_path / "e.jsonl").read_text() == ""


def test_resume_flag(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "d.jsonl", 4)
    out = tmp_path / "o.jsonl"
    assert run("clean", str(src), "-o", str(out), "-q").exit_code == 0
    result = run("clean", str(src), "-o", str(out), "--resume")
    assert result.exit_code == 0 and "4 already done" in result.stderr
    assert len(read_jsonl(out)) == 4


def test_keep_captions_is_passed(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Title line here\n\nA paragraph of the article that is long enough to keep around.\n")
    assert run("clean", str(p), "--keep-captions").exit_code == 0


def test_parquet_output(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    src = write_jsonl(tmp_path / "d.jsonl", 3)
    assert run("clean", str(src), "-o", str(tmp_path / "o.parquet"), "-q").exit_code == 0
    assert pq.read_table(tmp_path / "o.parquet").num_rows == 3


def test_input_format_forced(tmp_path: Path) -> None:
    p = tmp_path / "page.dat"
    body = "The ferry timetable changes in March. " * 5
    p.write_text(f"<html><body><article><p>{body}</p></article></body></html>")
    as_text = run("clean", str(p), "--input-format", "text")
    as_html = run("clean", str(p), "--input-format", "html")
    assert as_text.exit_code == as_html.exit_code == 0
    assert "<p>" in as_text.stdout and "<p>" not in as_html.stdout and "ferry timetable" in as_html.stdout


class _Tty:
    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.parts: list[str] = []

    def isatty(self) -> bool:
        return self.tty

    def write(self, s: str) -> None:
        self.parts.append(s)

    def flush(self) -> None:
        pass


def test_progress_bar_only_on_a_tty_and_not_quiet() -> None:
    from cleaner.batch import Summary
    from cleaner.progress import ProgressBar

    assert ProgressBar.enabled(_Tty(True)) and not ProgressBar.enabled(_Tty(False))  # type: ignore[arg-type]
    assert not ProgressBar.enabled(_Tty(True), quiet=True)  # type: ignore[arg-type]
    s = Summary(
        read=50, failed_by_kind={"bad_json": 2}, elapsed_s=10.0, input_bytes_total=100_000, input_bytes_done=25_000
    )
    assert ProgressBar.postfix(s) == "50 records, 5.0 rec/s, 2 failed"
    stream = _Tty(True)
    bar = ProgressBar(stream, interval=0)  # type: ignore[arg-type]
    bar(s)  # a single big file: the bar moves by bytes read, the counts are records
    s.read, s.input_bytes_done = 80, 50_000
    bar(s)
    bar.finish()
    shown = "".join(stream.parts)
    assert "50%" in shown and "80 records" in shown and "2 failed" in shown


@pytest.mark.parametrize("gz", [False, True])
def test_warc_on_stdin(tmp_path: Path, gz: bool) -> None:
    from batch_helpers import HOSTILE

    data = (HOSTILE / "mixed.warc.gz").read_bytes()
    if not gz:
        import gzip

        data = gzip.decompress(data)
    result = run("clean", "-", "-o", str(tmp_path / "o.jsonl"), "-q", input=data)
    assert result.exit_code == 0
    assert read_jsonl(tmp_path / "o.jsonl")[0]["url"] == "https://example.org/ok"
