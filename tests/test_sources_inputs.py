"""Hostile inputs to the readers (issue 7): JSONL lines that break the parser, symlink loops,
FIFOs and process substitution, a huge --max-bytes, binary files, gzip bombs."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest
from batch_helpers import PARA, page, read_jsonl

from cleaner.batch import run_batch
from cleaner.sources import InputError, ReadConfig, Record, expand_inputs, read_file, read_records
from cleaner.sources.warc import warc_record_bytes

ROOT = Path(__file__).resolve().parents[1]


def _read(*paths: Path | str, **kw: int) -> list[Record]:
    return list(read_records(expand_inputs([str(p) for p in paths]), ReadConfig(**kw)))


def _line(i: int) -> bytes:
    return json.dumps({"id": f"n{i}", "text": PARA}).encode() + b"\n"


@pytest.mark.parametrize(
    "bad,kind",
    [
        (b'{"id": "big", "text": "x", "count": ' + b"7" * 5000 + b"}\n", "bad_json"),
        (b'{"id": ' + b"1" * 5000 + b', "text": "x"}\n', "bad_json"),
        (b'{"id": "deep", "text": ' + b"[" * 100_000 + b"\n", "bad_json"),
        (b"[" * 100_000 + b"]" * 100_000 + b"\n", "bad_json"),
        (b"\xff\xfe\x00 not json \xc3\n", "bad_encoding"),
        (b'{"id": "long", "text": "' + b"y" * 1_300_000 + b'"}\n', "too_large"),
        (b'{"id": "nul", "text": 1e999999}\n', "bad_field"),
    ],
    ids=["int_field", "int_id", "deep_object", "deep_array", "bad_utf8", "over_cap", "inf"],
)
def test_a_bad_jsonl_line_fails_alone_with_its_line_number(tmp_path: Path, bad: bytes, kind: str) -> None:
    p = tmp_path / "d.jsonl"
    p.write_bytes(b"".join(bad if i == 3 else _line(i) for i in range(1, 11)))
    recs = _read(p, max_bytes=1_000_000)
    assert [r.id for r in recs if r.doc is not None] == [f"n{i}" for i in range(1, 11) if i != 3]
    (failed,) = [r for r in recs if r.doc is None]
    assert failed.error is not None and failed.error[0] == kind and failed.position == "line 3"


def test_a_line_mixing_utf8_and_invalid_bytes_fails_by_name_never_replaced(tmp_path: Path) -> None:
    """Issue 23.6: such lines were silently decoded with U+FFFD."""
    p = tmp_path / "d.jsonl"
    mixed = '{"id": "a", "text": "naïve caf\udce9 '.encode("utf-8", "surrogateescape") + b'"}\n'
    p.write_bytes(_line(1) + mixed + _line(3))
    recs = _read(p)
    assert [r.id for r in recs if r.doc] == ["n1", "n3"]
    (bad,) = [r for r in recs if r.error]
    assert bad.error is not None and bad.error[0] == "bad_encoding" and bad.position == "line 2"


@pytest.mark.parametrize("enc", ["latin-1", "cp1252"])
def test_a_latin1_or_cp1252_line_is_decoded_and_its_charset_recorded(tmp_path: Path, enc: str) -> None:
    """Issue 23.6: the line is decoded (charset per line, recorded in metadata.encoding), not U+FFFD'd."""
    words = "Café au lait, naïve façade, señor Müller" + (" “quoted” – dash" if enc == "cp1252" else "")
    legacy = json.dumps({"id": "old", "text": f"{words}. {PARA}"}, ensure_ascii=False).encode(enc) + b"\n"
    html = json.dumps({"id": "web", "html": f"<p>{words}. {PARA}</p>"}, ensure_ascii=False).encode(enc) + b"\n"
    p = tmp_path / "d.jsonl"
    p.write_bytes(_line(1) + legacy + html + _line(3))
    s = run_batch([str(p)], tmp_path / "o.jsonl", jobs=1)
    assert s.written == 4 and s.exit_code == 0
    rows = {r["id"]: r for r in read_jsonl(tmp_path / "o.jsonl")}
    for key in ("old", "web"):
        assert words in rows[key]["text"] and "\ufffd" not in rows[key]["text"]
        assert rows[key]["metadata"]["encoding"] == "cp1252"
    assert rows["n1"]["metadata"]["encoding"] == ""


@pytest.mark.parametrize("cap", [10**12, 10**23])
def test_a_huge_max_bytes_allocates_nothing_up_front(tmp_path: Path, cap: int) -> None:
    (tmp_path / "a.html").write_text(page(1))
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(PARA.encode(), mtime=0))
    (tmp_path / "c.jsonl").write_bytes(_line(1))
    (tmp_path / "d.warc.gz").write_bytes(warc_record_bytes("https://e.org/d", page(2).encode()))
    (tmp_path / "e.warc").write_bytes(warc_record_bytes("https://e.org/e", page(3).encode(), compress=False))
    recs = _read(tmp_path, max_bytes=cap)
    assert [r.error for r in recs] == [None] * 5 and all(r.doc is not None for r in recs)


def test_symlink_loops_in_a_folder_end_and_are_reported(tmp_path: Path) -> None:
    top = tmp_path / "in"
    (top / "sub").mkdir(parents=True)
    (top / "a.txt").write_text(PARA)
    (top / "sub" / "b.txt").write_text(PARA)
    (top / "sub" / "up").symlink_to(top)  # a folder loop: not entered again
    (top / "self").symlink_to(top / "self")  # a link to itself: ELOOP
    (top / "ping").symlink_to(top / "pong")
    (top / "pong").symlink_to(top / "ping")
    (top / "gone").symlink_to(tmp_path / "missing")
    files = expand_inputs([str(top)])
    assert [(f.rel, f.problem[0] if f.problem else None) for f in files] == [
        ("a.txt", None),
        ("gone", "bad_link"),
        ("ping", "bad_link"),
        ("pong", "bad_link"),
        ("self", "bad_link"),
        ("sub/b.txt", None),
    ]
    recs = list(read_records(files, ReadConfig()))
    assert [r.error[0] if r.error else "doc" for r in recs] == ["doc"] + ["bad_link"] * 4 + ["doc"]
    assert "symbolic links" in recs[4].error[1]  # type: ignore[index]


def test_a_symlink_loop_named_on_the_command_line_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "self").symlink_to(tmp_path / "self")
    with pytest.raises(InputError, match="symlink"):
        expand_inputs([str(tmp_path / "self")])


def test_symlinked_folders_outside_are_followed_once(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_text(PARA)
    (outside / "back").symlink_to(tmp_path / "in")
    top = tmp_path / "in"
    top.mkdir()
    (top / "a.txt").write_text(PARA)
    (top / "l1").symlink_to(outside)
    (top / "l2").symlink_to(outside)
    assert [f.rel for f in expand_inputs([str(top)])] == ["a.txt", "l1/x.txt"]


def _feed_fifo(path: Path, data: bytes) -> threading.Thread:
    def write() -> None:
        with open(path, "wb") as fh:
            fh.write(data)

    t = threading.Thread(target=write, daemon=True)
    t.start()
    return t


@pytest.mark.parametrize(
    "name,data", [("p.html", page(1).encode()), ("w", warc_record_bytes("https://e.org/f", page(2).encode()))]
)
def test_a_named_fifo_is_read_as_a_stream(tmp_path: Path, name: str, data: bytes) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    writer = _feed_fifo(fifo, data)
    (f,) = expand_inputs([str(fifo)])
    (rec,) = list(read_file(f, ReadConfig()))
    writer.join(60)
    assert rec.doc is not None and isinstance(rec.doc.raw, bytes) and b"harbour" in rec.doc.raw


def test_a_fifo_inside_a_folder_is_reported_not_opened(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PARA)
    os.mkfifo(tmp_path / "pipe")
    recs = _read(tmp_path)  # would hang if the FIFO were opened
    assert [r.error[0] if r.error else "doc" for r in recs] == ["doc", "not_a_file"]


def test_process_substitution_through_the_cli(tmp_path: Path) -> None:
    src = tmp_path / "page.html"
    src.write_text(page(5))
    out = tmp_path / "o.jsonl"
    cmd = f'{sys.executable} -m cleaner clean <(cat "{src}") -o "{out}" -j 1 -q'
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(["bash", "-c", cmd], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    (row,) = read_jsonl(out)
    assert "harbour" in row["text"]


def test_binary_inputs_are_failed_and_named(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (src / "tool").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    (src / "ok.txt").write_text(PARA)
    s = run_batch([str(src)], tmp_path / "o.jsonl", jobs=1)
    assert s.read == 3 and s.written == 1 and s.failed_by_kind == {"binary": 2}
    errors = {Path(e["source"]).name: e for e in read_jsonl(tmp_path / "o.jsonl.errors.jsonl")}
    assert errors["photo.html"]["kind"] == "binary" and "PNG image" in errors["photo.html"]["message"]
    assert "ELF executable" in errors["tool"]["message"]


def test_a_gzip_bomb_input_is_capped_and_reported(tmp_path: Path) -> None:
    p = tmp_path / "bomb.html.gz"
    with gzip.GzipFile(p, "wb", mtime=0, compresslevel=1) as gz:
        block = b" " * (1 << 20)  # spaces, not NULs: a file of NULs is binary from its first bytes
        for _ in range(1024):  # 1 GB of spaces, ~5 MB on disk
            gz.write(block)
    (rec,) = _read(p, max_bytes=2_000_000)
    assert rec.error is not None and rec.error[0] == "too_large"


def test_a_zstd_bomb_is_capped_with_bounded_memory(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard")
    import tracemalloc

    c = zstandard.ZstdCompressor(level=3).compressobj()
    block = b" " * (1 << 20)  # spaces, not NULs: a file of NULs is binary from its first bytes
    p = tmp_path / "bomb.html.zst"
    p.write_bytes(b"".join(c.compress(block) for _ in range(1024)) + c.flush())  # 1 GB of spaces, ~30 kB on disk
    cap = 2_000_000
    tracemalloc.start()
    try:
        (rec,) = _read(p, max_bytes=cap)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rec.error is not None and rec.error[0] == "too_large"
    assert peak < 10 * cap


def test_a_reader_bug_fails_the_rest_of_its_file_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cleaner.sources as sources

    def broken(*args: object, **kw: object):
        yield from ()
        raise IndexError("boom")

    monkeypatch.setattr(sources, "read_jsonl", broken)
    (tmp_path / "a.jsonl").write_bytes(_line(1))
    (tmp_path / "b.txt").write_text(PARA)
    recs = _read(tmp_path)
    assert [r.error[0] if r.error else "doc" for r in recs] == ["read_error", "doc"]
    assert "IndexError: boom" in recs[0].error[1]  # type: ignore[index]


_CJK = "中文网页的正文内容在这里。北京大学的研究人员发现，城市里的鸟类数量正在增加。" * 30


def _zip_of_text() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("a.txt", PARA * 20)
    return buf.getvalue()


def _sqlite_of_text(tmp_path: Path) -> bytes:
    import sqlite3

    db = tmp_path / "t.sqlite"
    with sqlite3.connect(db) as con:
        con.execute("create table t (x text)")
        con.executemany("insert into t values (?)", [(PARA,)] * 20)
    con.close()
    return db.read_bytes()


def _elf_with_strings() -> bytes:
    head = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00"
    return head + b"\x00" * 2000 + (PARA.encode() + b"\x00") * 10


def _int32s() -> bytes:
    from array import array

    return array("i", [i % 300 for i in range(4000)]).tobytes()


@pytest.mark.parametrize("name", ["zip", "sqlite", "elf", "int32", "int32_be"])
def test_real_binaries_fail_as_binary(tmp_path: Path, name: str) -> None:
    """Issue 23.10: ZIP, SQLite, ELF files and int32 arrays passed the binary check as documents."""
    data = {
        "zip": _zip_of_text,
        "sqlite": lambda: _sqlite_of_text(tmp_path),
        "elf": _elf_with_strings,
        "int32": _int32s,
        "int32_be": lambda: _int32s()[1:] + b"\x00",
    }[name]()
    for fname in ("data", "data.txt", "data.html"):
        p = tmp_path / fname
        p.write_bytes(data)
        (rec,) = _read(p)
        assert rec.doc is None and rec.error is not None and rec.error[0] == "binary", fname


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("html", [True, False], ids=["html", "text"])
def test_utf16_cjk_without_a_bom_is_read(tmp_path: Path, enc: str, html: bool) -> None:
    """Issue 23.7: UTF-16 pages without a BOM and with CJK text failed as binary."""
    text = f"<html><head><title>新闻</title></head><body><p>{_CJK}</p></body></html>" if html else _CJK
    p = tmp_path / ("page.html" if html else "page")
    p.write_bytes(text.encode(enc))
    (rec,) = _read(p)
    assert rec.error is None and rec.doc is not None
    from cleaner.sources.decode import decode_bytes

    raw = rec.doc.raw
    decoded = raw if isinstance(raw, str) else decode_bytes(raw)[0]
    assert _CJK in decoded


def test_a_jpeg_served_as_text_html_in_a_warc_is_not_a_document(tmp_path: Path) -> None:
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)) * 16
    p = tmp_path / "c.warc"
    p.write_bytes(
        warc_record_bytes("https://e.org/img", jpeg, compress=False)
        + warc_record_bytes("https://e.org/ok", page(1).encode(), compress=False)
    )
    recs = _read(p)
    assert [r.id for r in recs if r.doc is not None] == ["https://e.org/ok"]
    (bad,) = [r for r in recs if r.doc is None]
    assert bad.drop == "not_html" or (bad.error is not None and bad.error[0] == "binary")


@pytest.mark.parametrize(
    "value,created",
    [
        ("1e10000", ""),
        ("-1e10000", ""),
        ("NaN", ""),
        ("Infinity", ""),
        ('"NaN"', ""),
        ('"inf"', ""),
        ("true", ""),
        ("[2024]", ""),
        ('{"y": 2024}', ""),
        ('"  "', ""),
        ('"2024-03-08"', "2024-03-08T00:00:00.000"),
        ("1709856000", "2024-03-08T00:00:00.000Z"),
        ('"1709856000"', "2024-03-08T00:00:00.000Z"),
        ("1709856000123", "2024-03-08T00:00:00.123Z"),
    ],
)
@pytest.mark.parametrize("key", ["date", "created"])
@pytest.mark.parametrize("nested", [False, True], ids=["top", "metadata"])
def test_a_jsonl_date_that_is_not_a_date_is_empty(
    tmp_path: Path, value: str, created: str, key: str, nested: bool
) -> None:
    """Issue 23.21: dates 1e10000 and NaN became created = "inf" / "nan"."""
    field = f'"{key}": {value}'
    if nested:
        field = f'"metadata": {{{field}}}'
    p = tmp_path / "d.jsonl"
    p.write_text(f'{{"id": "a", "text": {json.dumps(PARA)}, {field}}}\n')
    s = run_batch([str(p)], tmp_path / "o.jsonl", jobs=1)
    assert s.written == 1
    (row,) = read_jsonl(tmp_path / "o.jsonl")
    assert row["created"] == created
    assert created or value.strip('"').lower() not in row["metadata"]["extra"].lower()


_DAMAGED_FIRST = [
    b'ml": "<p>cut at the start</p>"}\n',  # a dump that begins mid-record
    b'{"id": "x", "text": "no closing brace"\n',
    b"\x00\x01garbage\n",
    b"[1, 2, 3]\n",
]


@pytest.mark.parametrize("first", _DAMAGED_FIRST, ids=["cut", "unclosed", "garbage", "array"])
@pytest.mark.parametrize("name", ["dump", "dump.json", "dump.json.gz"])
def test_jsonl_whose_first_line_is_damaged_is_still_jsonl(tmp_path: Path, first: bytes, name: str) -> None:
    """Issue 23.2: the other records vanished into one 'text dump' of raw JSON, exit 0."""
    data = first + b"".join(_line(i) for i in range(2, 8))
    p = tmp_path / name
    p.write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)
    recs = _read(p)
    assert [r.id for r in recs if r.doc is not None] == [f"n{i}" for i in range(2, 8)]
    (bad,) = [r for r in recs if r.doc is None]
    assert bad.error is not None and bad.position == "line 1"


def test_jsonl_on_stdin_whose_first_line_is_damaged(tmp_path: Path) -> None:
    data = _DAMAGED_FIRST[0] + b"".join(_line(i) for i in range(2, 8))
    out = tmp_path / "o.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "-", "-o", str(out)], input=data, capture_output=True, timeout=120
    )
    assert proc.returncode == 1, proc.stderr
    assert [r["id"] for r in read_jsonl(out)] == [f"n{i}" for i in range(2, 8)]
    (err,) = read_jsonl(tmp_path / "o.jsonl.errors.jsonl")
    assert err["position"] == "line 1" and err["kind"] == "bad_json"


def test_a_jsonl_whose_first_lines_are_longer_than_8kb_is_sniffed_from_the_later_ones(tmp_path: Path) -> None:
    long = json.dumps({"id": "n1", "text": PARA * 100}).encode() + b"\n"
    p = tmp_path / "dump"
    p.write_bytes(b"x" + long + b"".join(_line(i) for i in range(2, 5)))
    recs = _read(p)
    assert [r.id for r in recs if r.doc is not None] == ["n2", "n3", "n4"]


def test_a_text_dump_with_a_json_line_is_still_text(tmp_path: Path) -> None:
    p = tmp_path / "notes"
    p.write_bytes(b"Some notes about the API.\n" + _line(1) + b"More prose follows here.\nAnd a last line.\n")
    (rec,) = _read(p)
    assert rec.doc is not None and rec.doc.kind == "text"


def _compress(kind: str, data: bytes) -> bytes:
    if kind == "gz":
        return gzip.compress(data, mtime=0)
    if kind == "bz2":
        import bz2

        return bz2.compress(data)
    zstandard = pytest.importorskip("zstandard")
    return zstandard.ZstdCompressor().compress(data)


def _complete_lines(kind: str, blob: bytes) -> int:
    """How many whole lines a streaming decompressor (zcat) recovers from ``blob``."""
    if kind == "gz":
        d = zlib.decompressobj(31)
        out = d.decompress(blob)
    elif kind == "bz2":
        import bz2

        out = bz2.BZ2Decompressor().decompress(blob)
    else:
        import zstandard

        out = zstandard.ZstdDecompressor().decompressobj().decompress(blob)
    return out.count(b"\n")


@pytest.mark.parametrize("kind", ["gz", "bz2", "zst"])
@pytest.mark.parametrize("damage", ["garbage", "cut"])
def test_a_damaged_compressed_jsonl_keeps_every_complete_record_and_counts_one_failure(
    tmp_path: Path, kind: str, damage: str
) -> None:
    """Issue 23.3: 8 bytes of garbage lost 7 of 10,000 records uncounted; a cut file lost 5 that zcat recovers."""
    n = 10_000
    blob = _compress(kind, b"".join(_line(i) for i in range(n)))
    blob = blob + b"garbage!" if damage == "garbage" else blob[: len(blob) - 5000 // (8 if kind != "gz" else 1)]
    expected = n if damage == "garbage" else _complete_lines(kind, blob)
    assert damage == "garbage" or 0 < expected < n
    p = tmp_path / f"d.jsonl.{kind}"
    p.write_bytes(blob)
    recs = _read(p)
    assert [r.id for r in recs if r.doc is not None] == [f"n{i}" for i in range(expected)]
    (bad,) = [r for r in recs if r.doc is None]
    assert bad.error is not None
    assert bad.error[0] == ("corrupt_compression" if damage == "garbage" else "truncated")


def _partial(kind: str, blob: bytes) -> bytes:
    """What a streaming decompressor recovers from a cut ``blob``."""
    if kind == "bz2":
        import bz2

        return bz2.BZ2Decompressor().decompress(blob)
    import zstandard

    return zstandard.ZstdDecompressor().decompressobj().decompress(blob)  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", ["bz2", "zst"])
def test_a_cut_compressed_warc_keeps_every_complete_record(tmp_path: Path, kind: str) -> None:
    recs_bytes = [warc_record_bytes(f"https://e.org/{i}", page(i).encode(), compress=False) for i in range(300)]
    data = b"".join(recs_bytes)
    if kind == "bz2":
        import bz2

        blob = bz2.compress(data, compresslevel=1)  # 100 KB blocks: a cut keeps the blocks before it
    else:
        blob = _compress(kind, data)
    blob = blob[: len(blob) * 3 // 4]
    p = tmp_path / f"c.warc.{kind}"
    p.write_bytes(blob)
    recs = _read(p)
    docs = [r for r in recs if r.doc is not None]
    out = _partial(kind, blob)
    whole = sum(1 for r in recs_bytes if out.find(r) >= 0)
    assert 0 < whole < 300
    assert [r.id for r in docs] == [f"https://e.org/{i}" for i in range(whole)]
    (bad,) = [r for r in recs if r.doc is None]
    assert bad.error is not None and bad.error[0] == "truncated"


def test_a_zstd_bomb_of_blank_lines_costs_almost_nothing(tmp_path: Path) -> None:
    """Issue 23.13: a 4 KB .jsonl.zst of blank lines took over two minutes."""
    zstandard = pytest.importorskip("zstandard")
    import time

    p = tmp_path / "blank.jsonl.zst"
    p.write_bytes(zstandard.ZstdCompressor(level=19).compress(b"\n" * 300_000_000))
    assert p.stat().st_size < 20_000
    start = time.perf_counter()
    recs = _read(p)
    assert time.perf_counter() - start < 5
    (rec,) = recs
    assert rec.error is not None and rec.error[0] == "too_large" and "decompression bomb" in rec.error[1]


def test_blank_lines_are_skipped_at_c_speed_and_line_numbers_stay_right(tmp_path: Path) -> None:
    import time

    p = tmp_path / "d.jsonl"
    p.write_bytes(b"\n" * 30_000_000 + b"  \r\n\t\n" + b'  {"id": "a"}\n' + _line(2))
    start = time.perf_counter()
    bad, good = _read(p, max_bytes=10**9)
    assert time.perf_counter() - start < 3
    assert bad.position == "line 30000003" and bad.error is not None and bad.error[0] == "missing_field"
    assert good.id == "n2" and good.position == "line 30000004"


def test_a_bomb_of_empty_objects_is_stopped_in_proportion_to_its_size(tmp_path: Path) -> None:
    """Issue 23.13: 8 KB of {} lines grew the errors file by 170 MB a minute, without end."""
    zstandard = pytest.importorskip("zstandard")
    from cleaner.sources.files import INFLATE_FLOOR, INFLATE_RATIO

    p = tmp_path / "objs.jsonl.zst"
    p.write_bytes(zstandard.ZstdCompressor(level=19).compress(b"{}\n" * 3_000_000))
    n = 0
    for rec in read_file(expand_inputs([str(p)])[0], ReadConfig()):
        n += 1
        last = rec
    assert n <= max(INFLATE_FLOOR, INFLATE_RATIO * p.stat().st_size) // 3 + 1
    assert last.error is not None and last.error[0] == "too_large"


def test_errors_of_one_kind_are_listed_up_to_a_limit_and_counted_in_full(tmp_path: Path) -> None:
    from cleaner.batch import ERRORS_PER_KIND

    p = tmp_path / "d.jsonl"
    p.write_bytes(_line(1) + b"{}\n" * (ERRORS_PER_KIND + 250) + b"not json\n" * 3 + _line(2))
    s = run_batch([str(p)], tmp_path / "o.jsonl", jobs=1)
    assert s.read == ERRORS_PER_KIND + 255 and s.written == 2
    assert s.failed_by_kind == {"missing_field": ERRORS_PER_KIND + 250, "bad_json": 3}
    errors = read_jsonl(tmp_path / "o.jsonl.errors.jsonl")
    assert len(errors) == ERRORS_PER_KIND + 3 + 1
    assert "250 more missing_field failures" in errors[-1]["message"]


def _crawl_folder(tmp_path: Path) -> Path:
    crawl = tmp_path / "crawl"
    (crawl / "pages").mkdir(parents=True)
    (crawl / "pages" / "a.html").write_text(page(1))
    (crawl / "pages" / "b.htm.gz").write_bytes(gzip.compress(page(2).encode(), mtime=0))
    (crawl / "pages" / "c").write_text(page(3))  # no extension: sniffed
    (crawl / "dump.json").write_bytes(_line(1) + _line(2))  # JSONL named .json
    (crawl / "expected.json").write_text(json.dumps({"a.html": {"title": "x", "text": PARA}}, indent=2))
    (crawl / "manifest.csv").write_text("url,file\nhttps://e.org/a,pages/a.html\n" + f"x,{PARA}\n" * 3)
    (crawl / "index.cdx").write_text(" CDX N b a m s k r M S V g\norg,e)/a 20240101 https://e.org/a text/html 200\n")
    (crawl / "README.md").write_text("# Crawl of e.org\n\n" + PARA + "\n")
    return crawl


def test_a_crawl_folder_reads_pages_and_skips_the_rest_with_reasons(tmp_path: Path) -> None:
    """Issue 17.6: expected.json, manifest.csv, index.cdx and README.md each became a document."""
    crawl = _crawl_folder(tmp_path)
    s = run_batch([str(crawl)], tmp_path / "o.jsonl", jobs=1)
    ids = sorted(r["id"] for r in read_jsonl(tmp_path / "o.jsonl"))
    assert ids == ["n1", "n2", "pages/a.html", "pages/b.htm.gz", "pages/c"]
    assert s.read == 5 and s.exit_code == 0
    assert s.skipped_files == {
        "not an input (.cdx)": 1,
        "not an input (.csv)": 1,
        "not an input (.json that is not JSONL records)": 1,
        "not an input (.md)": 1,
    }
    summary = json.loads((tmp_path / "o.jsonl.summary.json").read_text())
    assert summary["skipped_files"] == s.skipped_files


def test_include_and_exclude_globs_choose_the_files_of_a_folder(tmp_path: Path) -> None:
    crawl = _crawl_folder(tmp_path)
    out = tmp_path / "o.jsonl"
    cmd = [sys.executable, "-m", "cleaner", "clean", str(crawl), "-o", str(out), "-q"]
    proc = subprocess.run([*cmd, "--include", "*.md", "--include", "pages/*"], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert sorted(r["id"] for r in read_jsonl(out)) == ["README.md", "pages/a.html", "pages/b.htm.gz", "pages/c"]
    proc = subprocess.run([*cmd, "--exclude", "pages/*", "--exclude", "*.json"], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert list(read_jsonl(out)) == []
    summary = json.loads((tmp_path / "o.jsonl.summary.json").read_text())
    assert summary["skipped_files"]["excluded (--exclude)"] == 5


def test_files_named_on_the_command_line_are_always_read(tmp_path: Path) -> None:
    crawl = _crawl_folder(tmp_path)
    s = run_batch([str(crawl / "README.md"), str(crawl / "manifest.csv")], tmp_path / "o.jsonl", jobs=1)
    assert s.read == 2 and s.skipped_files == {}


@pytest.mark.parametrize("command", ["report", "check"])
def test_every_command_reading_folders_skips_non_inputs_and_takes_the_globs(tmp_path: Path, command: str) -> None:
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    (crawl / "a.txt").write_text(PARA)
    (crawl / "b.txt").write_text(PARA.replace("e", "a"))
    (crawl / "README.md").write_text("# notes\n\nSubscribe to our newsletter! Sign up now.\n\n" + PARA)
    out = tmp_path / ("r.html" if command == "report" else "c.txt")
    base = [sys.executable, "-m", "cleaner", command, str(crawl)] + (["-o", str(out)] if command == "report" else [])
    counts = []
    for extra in ([], ["--include", "*.md"], ["--exclude", "a.*"]):
        proc = subprocess.run([*base, *extra], capture_output=True, timeout=120, text=True)
        assert proc.returncode in (0, 1), proc.stderr
        m = re.search(r"(?:report of|passed:|FAILED:) (\d+) documents", proc.stderr + proc.stdout)
        assert m is not None, proc.stderr + proc.stdout
        counts.append(m.group(1))
    assert counts == ["2", "1", "1"]
