"""Writers: safe names, atomic folder files, JSONL records, resume salvage, Parquet."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleaner.sinks import OutputError, beside, output_kind
from cleaner.sinks.base import Cleaned
from cleaner.sinks.folder import FolderSink
from cleaner.sinks.jsonl import JsonlSink, salvage
from cleaner.sinks.naming import MAX_COMPONENT, inside, name_from_id, name_from_path
from cleaner.sinks.schema import META_FIELDS, TOP_FIELDS, normalise_language, record, record_date

HOSTILE_IDS = ["../../x", "/etc/x", "CON", "con.txt", "a" * 400, "line\nbreak", "", "..", "x/../../y", "NUL:", "\udcff"]


@pytest.mark.parametrize("rid", HOSTILE_IDS)
def test_names_from_hostile_ids_stay_inside(tmp_path: Path, rid: str) -> None:
    name = name_from_id(rid)
    assert "/" not in name and "\n" not in name and ".." not in name.split(".txt")[0].split("-")[0][:2]
    assert len(name.encode()) <= MAX_COMPONENT + 4
    assert name.split(".")[0].lower() not in {"con", "nul", "prn", "aux"}
    target = inside(tmp_path, name)
    assert target.parent == tmp_path.resolve()


def test_names_from_paths() -> None:
    assert name_from_path("sub/page.html.gz") == "sub/page.txt"
    assert name_from_path("../../etc/passwd") == "etc/passwd.txt"
    assert name_from_path("CON.html") == "_CON.txt"
    assert name_from_id("https://example.org/a/b") != name_from_id("https://example.org/a_b")


def test_inside_refuses_escapes(tmp_path: Path) -> None:
    for bad in ("../x.txt", "/etc/x.txt", "a/../../x.txt"):
        with pytest.raises(ValueError):
            inside(tmp_path, bad)


def test_inside_refuses_symlink_escape(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(outside)
    with pytest.raises(ValueError):
        inside(root, "link/x.txt")


def _doc(i: int, **kw) -> Cleaned:
    stats = {"chars_in": 10, "chars_out": 5, "removed": {"share": 1}, "duplicates_collapsed": 0}
    return Cleaned(f"id-{i}", f"text {i}\n", "src.warc", f"https://e.org/{i}", f"T{i}", {"date": "2024"}, stats, **kw)


def test_folder_sink_atomic_and_mode(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / ".cleaner-tmp-stale").write_text("left by a killed run")
    sink = FolderSink(tmp_path / "out")
    sink.write(_doc(1, name="sub/a.txt"))
    sink.close()
    files = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert files == ["sub/a.txt"]
    assert (tmp_path / "out" / "sub" / "a.txt").read_text() == "text 1\n"
    assert sink.is_done("id-1", "sub/a.txt") and not sink.is_done("id-2", "sub/b.txt")


def test_jsonl_record_shape() -> None:
    doc = _doc(3, collection="crawl")
    doc.metadata.update({"language": "en-US", "timestamp": 17, "lang": "de"})
    rec = record(doc, "2024-01-01T00:00:00Z")
    assert tuple(rec) == TOP_FIELDS
    assert (rec["source"], rec["added"], rec["created"]) == ("crawl", "2024-01-01T00:00:00Z", "2024")
    meta = rec["metadata"]
    assert tuple(meta) == (*META_FIELDS, "cleaner")
    assert meta["input_file"] == "src.warc" and meta["url"] == "https://e.org/3" and meta["language"] == "en"
    assert json.loads(meta["extra"]) == {"timestamp": 17}  # no field of its own: kept, as JSON
    doc.metadata.update({"date": None, "created": "2020-02-02"})
    assert record(doc, "x")["created"] == "2020-02-02T00:00:00.000"  # a Dolma input's own 'created' when no page date
    assert meta["author"] == ""  # unknown values are "", never null or absent
    assert json.loads(meta["cleaner"]["removed"]) == [{"rule": "share", "count": 1}]


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("en-US", "en"),
        ("EN_us", "en"),
        ("pt-BR", "pt"),
        ("pt", "pt"),
        (" de ", "de"),
        ("", None),
        ("12", None),
        (None, None),
    ],
)
def test_language_codes_are_primary_lower_case_tags(raw: object, tag: str | None) -> None:
    assert normalise_language(raw) == tag


@pytest.mark.parametrize(
    ("output", "kind"),
    [
        (None, "text"),
        ("-", "stdout_jsonl"),
        ("o.jsonl", "jsonl"),
        ("o.JSONL.GZ", "jsonl"),
        ("o.jsonl.zst", "jsonl"),
        ("o.parquet", "parquet"),
        ("out", "folder"),
        ("out/", "folder"),
        ("run.2024", "folder"),
    ],
)
def test_output_kinds(output: str | None, kind: str) -> None:
    assert output_kind(output) == kind


@pytest.mark.parametrize("output", ["out.json", "out.csv", "out.txt", "dir/o.jsonl.bz2"])
def test_unknown_output_extensions_are_refused(output: str) -> None:
    with pytest.raises(OutputError, match="unknown output type"):
        output_kind(output)


def test_an_existing_folder_with_a_dot_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "v1.out").mkdir()
    assert output_kind(tmp_path / "v1.out") == "folder"
    assert beside(tmp_path / "o.jsonl.zst", "errors.jsonl").name == "o.jsonl.zst.errors.jsonl"


@pytest.mark.parametrize("name", ["o.jsonl", "o.jsonl.gz", "o.jsonl.zst"])
def test_jsonl_sink_and_resume(tmp_path: Path, name: str) -> None:
    if name.endswith(".zst"):
        pytest.importorskip("zstandard")
    out = tmp_path / name
    sink = JsonlSink(out)
    for i in range(3):
        sink.write(_doc(i))
    sink.close()
    assert not (tmp_path / (name + ".partial")).exists()
    again = JsonlSink(out, resume=True)
    assert again.is_done("id-1", None) and not again.is_done("id-9", None)
    again.write(_doc(9))
    again.close()
    assert [rid for rid, _ in salvage(out)] == ["id-0", "id-1", "id-2", "id-9"]


def test_jsonl_salvages_truncated_gzip_partial(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl.gz"
    sink = JsonlSink(out)
    for i in range(5):
        sink.write(_doc(i))
    sink.flush()
    sink._fh.write(b'{"id": "half')  # a killed run: a line cut in the middle, no gzip trailer
    sink._raw.flush()
    resumed = JsonlSink(out, resume=True)
    assert [resumed.is_done(f"id-{i}", None) for i in range(6)] == [True] * 5 + [False]
    resumed.close()
    lines = gzip.decompress(out.read_bytes()).splitlines()
    assert [json.loads(x)["id"] for x in lines] == [f"id-{i}" for i in range(5)]


def test_lone_surrogates_are_replaced(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    sink = JsonlSink(out)
    doc = _doc(1)
    doc.text = "bad \ud800 char"
    sink.write(doc)
    sink.close()
    assert json.loads(out.read_text(encoding="utf-8"))["text"] == "bad \ufffd char"


def test_parquet_sink(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from cleaner.sinks.parquet import ParquetSink

    out = tmp_path / "o.parquet"
    sink = ParquetSink(out)
    for i in range(3):
        sink.write(_doc(i))
    sink.close()
    table = pq.read_table(out)
    assert table.column("id").to_pylist() == ["id-0", "id-1", "id-2"]
    meta = table.column("metadata")[0].as_py()  # a struct, not a JSON string
    assert meta["cleaner"]["chars_out"] == 5
    assert json.loads(meta["cleaner"]["removed"]) == [{"rule": "share", "count": 1}]
    assert meta["url"] == "https://e.org/0" and meta["author"] == ""
    resumed = ParquetSink(out, resume=True)
    assert resumed.is_done("id-2", None)
    resumed.write(_doc(7))
    resumed.close()
    assert pq.read_table(out).column("id").to_pylist() == ["id-0", "id-1", "id-2", "id-7"]


def test_jsonl_salvages_truncated_zstd_partial(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard")
    out = tmp_path / "o.jsonl.zst"
    sink = JsonlSink(out)
    for i in range(4):
        sink.write(_doc(i))
    sink.flush()
    sink._fh.write(b'{"id": "half')  # killed: the last line cut, the frame never ended
    sink._raw.flush()
    resumed = JsonlSink(out, resume=True)
    assert [resumed.is_done(f"id-{i}", None) for i in range(5)] == [True] * 4 + [False]
    resumed.close()
    data = zstandard.ZstdDecompressor().stream_reader(out.read_bytes(), read_across_frames=True).read()
    assert [json.loads(x)["id"] for x in data.splitlines()] == [f"id-{i}" for i in range(4)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-05-04T10:20:00+02:00", "2023-05-04T10:20:00.000+02:00"),
        ("2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000Z"),
        ("2024-03-08", "2024-03-08T00:00:00.000"),
        ("2024", "2024"),
        ("2024-03", "2024-03"),
        (1709856000, "2024-03-08T00:00:00.000Z"),
        ("1709856000123", "2024-03-08T00:00:00.123Z"),
        ("", ""),
        ("inf", ""),
        ("NaN", ""),
        ("1e10000", ""),
        (float("inf"), ""),
        ("next Tuesday", ""),
        ("2024-13", ""),
    ],
)
def test_record_dates_are_iso_with_milliseconds_or_empty(raw: object, expected: str) -> None:
    """A date that is not a date is "" (never "inf"); a real one keeps its offset."""
    assert record_date(raw) == expected


def test_json_output_is_strict_json_everywhere() -> None:
    """Issue 23.15: Python writes NaN/Infinity by default, which is not JSON.  Every JSON the
    package writes goes through cleaner.jsonout (non-finite numbers become null), and no
    module calls json.dump(s) itself."""
    import re

    from cleaner import jsonout
    from cleaner.sinks.base import dumps_line

    nan, inf = float("nan"), float("inf")
    line = dumps_line({"score": nan, "nested": [1.5, {"x": -inf}], "ok": 2.0})
    assert json.loads(line, parse_constant=lambda c: pytest.fail(f"{c} written")) == {
        "score": None,
        "nested": [1.5, {"x": None}],
        "ok": 2.0,
    }
    assert jsonout.dumps({"a": 1}) == json.dumps({"a": 1})
    package = Path(__file__).resolve().parents[1] / "cleaner"
    direct = [
        f"{p.relative_to(package)}:{n}"
        for p in package.rglob("*.py")
        if p.name != "jsonout.py"
        for n, text in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bjson\.dumps?\(", text)
    ]
    assert direct == [], "write JSON with cleaner.jsonout.dumps"
