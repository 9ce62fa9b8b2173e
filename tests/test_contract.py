"""The record contract: one schema for every input kind and sink, stable ids, Dolma fields."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from batch_helpers import REPO, TEXT_INPUTS, page, read_jsonl, write_jsonl, write_warc

from cleaner.batch import run_batch
from cleaner.sinks.schema import META_FIELDS, TOP_FIELDS, json_schema

ADDED = "2024-05-01T00:00:00Z"
HTML_INPUTS = REPO / "fixtures" / "html" / "input"


def _inputs(tmp_path: Path) -> dict[str, Path]:
    """One small input of each kind: an HTML folder, a text folder, a WARC, a JSONL."""
    html = tmp_path / "html"
    html.mkdir()
    for p in sorted(HTML_INPUTS.glob("*.html"))[:3]:
        (html / p.name).write_bytes(p.read_bytes())
    text = tmp_path / "text"
    text.mkdir()
    for p in sorted(TEXT_INPUTS.glob("*.txt"))[:3]:
        (text / p.name).write_bytes(p.read_bytes())
    jsonl = write_jsonl(tmp_path / "dump.jsonl", 3)
    with open(jsonl, "a") as fh:  # input metadata with and without fields of its own
        row = {"id": "m", "html": page(7), "metadata": {"lang": "EN_us", "crawl": 3}, "url": "https://e.org/m"}
        fh.write(json.dumps(row) + "\n")
    return {"html": html, "text": text, "warc": write_warc(tmp_path / "crawl.warc", 3), "jsonl": jsonl}


def _rows(out: Path, capsys: pytest.CaptureFixture[str] | None = None) -> list[dict]:
    if out.name.endswith(".parquet"):
        pq = pytest.importorskip("pyarrow.parquet")
        return pq.read_table(out).to_pylist()
    if out.name.endswith(".zst"):
        zstandard = pytest.importorskip("zstandard")
        data = zstandard.ZstdDecompressor().stream_reader(out.read_bytes(), read_across_frames=True).read()
        return [json.loads(x) for x in data.splitlines()]
    return read_jsonl(out)


SINKS = ["o.jsonl", "o.jsonl.gz", "o.jsonl.zst", "o.parquet", "-"]
KINDS = ["html", "text", "warc", "jsonl"]


@pytest.mark.parametrize("sink", SINKS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_sink_and_input_kind_satisfies_the_json_schema(tmp_path: Path, sink: str, kind: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if sink.endswith(".zst"):
        pytest.importorskip("zstandard")
    if sink.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    src = _inputs(tmp_path)[kind]
    if sink == "-":
        import io

        buf = io.BytesIO()
        s = run_batch([str(src)], "-", jobs=1, added=ADDED, stdout=buf)
        rows = [json.loads(x) for x in buf.getvalue().splitlines()]
    else:
        s = run_batch([str(src)], tmp_path / sink, jobs=1, added=ADDED)
        rows = _rows(tmp_path / sink)
    assert s.failed == 0 and len(rows) == s.written >= 3
    validator = jsonschema.Draft202012Validator(json_schema())
    for row in rows:
        validator.validate(row)
        assert tuple(row) == TOP_FIELDS and tuple(row["metadata"]) == (*META_FIELDS, "cleaner")
        assert row["added"] == ADDED and row["source"] == src.name
        assert row["metadata"]["cleaner"]["chars_out"] == len(row["text"])


def test_the_schema_rejects_a_record_missing_a_key() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json_schema())
    rec = {k: None for k in TOP_FIELDS}
    assert list(validator.iter_errors(rec))  # a counter-example: the check can fail


def test_input_metadata_is_normalised_and_kept(tmp_path: Path) -> None:
    src = _inputs(tmp_path)["jsonl"]
    run_batch([str(src)], tmp_path / "o.jsonl", jobs=1, added=ADDED)
    (m,) = [r for r in read_jsonl(tmp_path / "o.jsonl") if r["id"] == "m"]
    assert m["metadata"]["language"] == "en"  # never "EN_us" / "en-US" beside "en"
    assert json.loads(m["metadata"]["extra"]) == {"crawl": 3}


def test_html_and_warc_runs_load_together_with_datasets(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    ins = _inputs(tmp_path)
    run_batch([str(ins["html"])], tmp_path / "html_run.jsonl", jobs=1, added=ADDED)
    run_batch([str(ins["warc"])], tmp_path / "warc_run.jsonl", jobs=1, added=ADDED)
    run_batch([str(ins["text"])], tmp_path / "text_run.jsonl", jobs=1, added=ADDED)
    files = [str(tmp_path / f"{k}_run.jsonl") for k in ("html", "warc", "text")]
    ds = datasets.load_dataset("json", data_files=files, split="train", cache_dir=str(tmp_path / "cache"))
    assert ds.num_rows == 9 and set(ds.column_names) == set(TOP_FIELDS)
    assert {r["metadata"]["cleaner"]["version"] for r in ds} != {None}


def _dated_page(i: int) -> bytes:
    """A page with its own date in the head, so every record of the run has a `created`."""
    meta = f'<meta property="article:published_time" content="2024-03-0{i + 1}T10:20:00+02:00">'
    return page(i).replace("</head>", meta + "</head>").encode()


def test_runs_of_every_input_kind_load_together_in_any_order(tmp_path: Path) -> None:
    """pyarrow types a JSON column whose values all look like times as a timestamp, then fails
    on a run whose unknown dates are "": every date field must have one type in every run."""
    datasets = pytest.importorskip("datasets")
    from cleaner.sources.warc import warc_record_bytes

    ins = _inputs(tmp_path)
    dated = tmp_path / "dated.warc"  # every record has a WARC date and a page date
    dated.write_bytes(b"".join(warc_record_bytes(f"https://e.org/d{i}", _dated_page(i)) for i in range(3)))
    plain = tmp_path / "plain.jsonl"  # nothing to remove: every record's `removed` is empty
    plain.write_text(json.dumps({"id": "p", "text": "A plain paragraph that needs no cleaning at all."}) + "\n")
    runs = {}
    for kind, src in [*ins.items(), ("dated", dated), ("plain", plain)]:
        runs[kind] = tmp_path / f"{kind}_run.jsonl"
        run_batch([str(src)], runs[kind], jobs=1, added=ADDED)
    assert {r["created"] for r in read_jsonl(runs["dated"])} != {""}
    assert [r["metadata"]["cleaner"]["removed"] for r in read_jsonl(runs["plain"])] == ["[]"]
    kinds = list(runs)
    for first in kinds:
        for second in kinds:
            if first == second:
                continue
            files = [str(runs[first]), str(runs[second])]
            cache = tmp_path / "cache" / f"{first}-{second}"
            ds = datasets.load_dataset("json", data_files=files, split="train", cache_dir=str(cache))
            assert ds.num_rows == len(read_jsonl(runs[first])) + len(read_jsonl(runs[second]))


def test_added_defaults_to_the_run_time(tmp_path: Path) -> None:
    src = _inputs(tmp_path)["text"]
    run_batch([str(src)], tmp_path / "o.jsonl", jobs=1)
    added = {r["added"] for r in read_jsonl(tmp_path / "o.jsonl")}
    assert len(added) == 1 and added.pop().endswith("Z")


def test_source_name_can_be_set(tmp_path: Path) -> None:
    src = _inputs(tmp_path)["warc"]
    run_batch([str(src)], tmp_path / "o.jsonl", jobs=1, added=ADDED, source="cc-2024-10")
    assert {r["source"] for r in read_jsonl(tmp_path / "o.jsonl")} == {"cc-2024-10"}


RUN = """
import sys
from cleaner.batch import run_batch
s = run_batch([sys.argv[1]], sys.argv[2], jobs=1, resume=len(sys.argv) > 3, added="2024-05-01T00:00:00Z")
print(s.written, s.skipped_existing)
"""


def _run_from(cwd: Path, src: str, out: str, resume: bool = False) -> tuple[int, int]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-c", RUN, src, out] + (["resume"] if resume else [])
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=True)
    written, skipped = proc.stdout.split()
    return int(written), int(skipped)


def test_ids_do_not_depend_on_the_working_folder_and_resume_works_across(tmp_path: Path) -> None:
    pages = tmp_path / "data" / "pages"
    (pages / "html").mkdir(parents=True)
    for i in range(4):
        (pages / "html" / f"p{i}.html.gz").write_bytes(gzip.compress(page(i).encode(), mtime=0))
    other = tmp_path / "elsewhere" / "deep"
    other.mkdir(parents=True)
    out_a = tmp_path / "a.jsonl"
    _run_from(tmp_path / "data", "pages", str(out_a))  # relative, from the parent
    _run_from(other, str(pages), str(tmp_path / "b.jsonl"))  # absolute, from elsewhere
    _run_from(pages, ".", str(tmp_path / "c.jsonl"))  # the root itself, as "."
    _run_from(pages / "html", "../../pages/", str(tmp_path / "d.jsonl"))  # a winding relative path
    runs = [read_jsonl(tmp_path / f"{x}.jsonl") for x in "abcd"]
    assert [r["id"] for r in runs[0]] == [f"html/p{i}.html.gz" for i in range(4)]
    for rows in runs[1:]:
        assert rows == runs[0]  # byte-for-byte the same records: ids, source, everything
    # A killed run, resumed from another folder through another spelling of the path.
    lines = out_a.read_bytes().splitlines(keepends=True)
    out_a.write_bytes(b"".join(lines[:2]))
    assert _run_from(other, str(pages) + "/", str(out_a), resume=True) == (2, 2)
    assert read_jsonl(out_a) == runs[0]


def test_glob_ids_are_relative_to_the_glob_folder(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    (crawl / "a").mkdir(parents=True)
    (crawl / "b").mkdir()
    (crawl / "a" / "x.txt").write_text("Ferry news\n\n" + "The ferry runs again from March on weekdays. " * 4)
    (crawl / "b" / "x.txt").write_text("Bus news\n\n" + "The bus runs again from April on weekdays too. " * 4)
    run_batch([str(crawl / "*" / "x.txt")], tmp_path / "o.jsonl", jobs=1, added=ADDED)
    rows = read_jsonl(tmp_path / "o.jsonl")
    assert [r["id"] for r in rows] == ["a/x.txt", "b/x.txt"] and {r["source"] for r in rows} == {"crawl"}


def test_id_from_url(tmp_path: Path) -> None:
    from cleaner.sources import ReadConfig

    src = write_jsonl(tmp_path / "d.jsonl", 2)
    run_batch([str(src)], tmp_path / "o.jsonl", jobs=1, added=ADDED, read_config=ReadConfig(id_from="url"))
    assert [r["id"] for r in read_jsonl(tmp_path / "o.jsonl")] == ["https://example.org/0", "https://example.org/1"]
