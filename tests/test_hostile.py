"""Hostile input: every case gives a clear error record or a safe result, never a traceback,
never a file outside the output folder.  Small cases are committed in fixtures/hostile/ (made
by fixtures/hostile/make.py); big ones are generated here in tmp_path."""

from __future__ import annotations

import importlib.util
import shutil
import tracemalloc
from pathlib import Path

import pytest
from batch_helpers import HOSTILE, read_jsonl

from cleaner.batch import run_batch
from cleaner.options import Options
from cleaner.sources import ReadConfig, expand_inputs, read_records


def _make_module():
    spec = importlib.util.spec_from_file_location("hostile_make", HOSTILE / "make.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _copy_small(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for p in HOSTILE.iterdir():
        if p.name != "make.py" and p.is_file():
            shutil.copy(p, dest / p.name)
    return dest


def test_committed_fixtures_match_the_generator() -> None:
    for name, data in _make_module().small_cases().items():
        assert (HOSTILE / name).read_bytes() == data, f"{name} is stale: run python fixtures/hostile/make.py"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("hostile")
    src = _copy_small(base / "in")
    out = base / "work" / "out"
    summary = run_batch([str(src)], out, jobs=2)
    return base, src, out, summary


def test_everything_is_accounted_for(hostile_run) -> None:
    _, _, _, s = hostile_run
    assert s.read == s.written + s.dropped + s.not_pages + s.failed
    assert s.exit_code == 1
    assert s.failed_by_kind.get("clean_error", 0) == 0 and s.failed_by_kind.get("worker_crashed", 0) == 0


def test_nothing_written_outside_the_output_folder(hostile_run) -> None:
    base, src, out, _ = hostile_run
    outside = {p for p in base.rglob("*") if p.is_file() and out not in p.parents and src not in p.parents}
    assert {p.name for p in outside} == {"out.summary.json", "out.errors.jsonl", "out.run.json"}
    assert not Path("/etc/x.txt").exists()
    assert all(not p.name.startswith(".cleaner-tmp") for p in out.rglob("*"))


def _errors_by_source(out: Path) -> dict[str, list[str]]:
    by: dict[str, list[str]] = {}
    for e in read_jsonl(out.with_name("out.errors.jsonl")):
        by.setdefault(Path(e["source"]).name, []).append(e["kind"])
    return by


def test_clear_error_kinds(hostile_run) -> None:
    _, _, out, _ = hostile_run
    errors = _errors_by_source(out)
    assert errors["truncated.html.gz"] == ["truncated"]
    assert errors["truncated.warc.gz"] == ["truncated"]
    assert errors["corrupt.txt.gz"] == ["corrupt_compression"]
    assert errors["garbage.warc"] == ["bad_warc"]
    expected = ["bad_json"] * 4 + ["missing_field"] * 2 + ["bad_field"] * 2 + ["bad_record"]
    assert sorted(errors["broken.jsonl"]) == sorted(expected)


def test_safe_results(hostile_run) -> None:
    _, _, out, s = hostile_run
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    joined = "\n".join(texts.values())
    assert "root:" not in joined and "lollol" not in joined  # no external entity, no entity expansion
    assert "\x00" not in joined and "\ud800" not in joined
    assert "Hafenbehörde" in texts["wrong-charset.txt"]
    assert "harbour commission" in texts["utf16-bom.txt"] and "harbour commission" in texts["utf16le-no-bom.txt"]
    assert s.failed_by_kind.get("binary") == 2 and s.dropped_by_reason.get("empty", 0) >= 4
    assert {"not_html", "http_404"} <= set(s.dropped_by_reason) and "warc_request" in s.not_pages_by_kind


def test_hostile_ids_become_safe_names(hostile_run) -> None:
    _, _, out, _ = hostile_run
    for p in out.iterdir():
        assert p.parent == out and len(p.name.encode()) <= 130 and "\n" not in p.name
        assert p.name.split(".")[0].lower() not in {"con", "nul", "prn", "aux"}


def test_hostile_ids_in_jsonl_output_are_kept_verbatim(tmp_path: Path) -> None:
    s = run_batch([str(HOSTILE / "hostile-ids.jsonl")], tmp_path / "o.jsonl", jobs=1)
    assert s.written == 11 and s.exit_code == 0
    ids = [r["id"] for r in read_jsonl(tmp_path / "o.jsonl")]
    assert "../../x" in ids and "line\nbreak" in ids and "a" * 400 in ids


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _make_module().make_big(tmp_path_factory.mktemp("big"))


def test_gzip_and_bz2_bombs_are_capped_with_bounded_memory(big: dict[str, Path]) -> None:
    cap = 2_000_000
    tracemalloc.start()
    try:
        files = expand_inputs([str(big["bomb.html.gz"]), str(big["bomb.txt.bz2"])])
        recs = list(read_records(files, ReadConfig(max_bytes=cap)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [r.error[0] for r in recs] == ["too_large", "too_large"]
    assert peak < 10 * cap


def test_30mb_paragraph_fails_cleanly_under_the_default_cap(big: dict[str, Path], tmp_path: Path) -> None:
    s = run_batch([str(big["30mb-paragraph.txt"]), str(big["30mb-paragraph.html"])], tmp_path / "o.jsonl", jobs=1)
    assert s.failed_by_kind == {"too_large": 2}
    assert all("--max-bytes" in e["message"] for e in read_jsonl(tmp_path / "o.jsonl.errors.jsonl"))


def test_30mb_paragraph_text_is_cleaned_when_allowed(big: dict[str, Path], tmp_path: Path) -> None:
    s = run_batch([str(big["30mb-paragraph.txt"])], tmp_path / "o.jsonl", Options(max_bytes=40_000_000), jobs=1)
    assert s.read == 1 and s.written + s.dropped + s.failed == 1
    assert s.failed_by_kind.get("clean_error", 0) == 0


def test_200k_nested_elements(big: dict[str, Path], tmp_path: Path) -> None:
    s = run_batch([str(big["nested-200k.html"])], tmp_path / "o.jsonl", jobs=1)
    assert (
        s.read == 1 and s.failed_by_kind.get("clean_error", 0) == 0 and s.failed_by_kind.get("worker_crashed", 0) == 0
    )
    if s.written:
        assert "harbour commission" in read_jsonl(tmp_path / "o.jsonl")[0]["text"]


def test_undecodable_file_names(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    name = b"caf\xe9 \xff\nnews.txt"  # Latin-1 bytes, an invalid byte and a newline in a file name
    with open(bytes(src) + b"/" + name, "wb") as fh:
        fh.write(b"The harbour commission met on Tuesday to discuss the new ferry timetable for March.\n")
    out = tmp_path / "out"
    s = run_batch([str(src)], out, jobs=1)
    assert (s.written, s.failed) == (1, 0)
    (written,) = list(out.iterdir())
    assert "\n" not in written.name and written.name.isascii()
    s = run_batch([str(src)], tmp_path / "o.jsonl", jobs=1)
    assert s.written == 1 and "\ufffd" in read_jsonl(tmp_path / "o.jsonl")[0]["id"]
