"""Readers: files, folders, globs, stdin, compression, sniffing, JSONL and WARC."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from batch_helpers import PARA, article, page, write_text_files

from cleaner.sources import InputError, ReadConfig, expand_inputs, read_file, read_records
from cleaner.sources.files import InputFile, TooLarge, read_capped
from cleaner.sources.sniff import sniff_format
from cleaner.sources.warc import warc_record_bytes


def _records(path: Path, **kw):
    return list(read_records(expand_inputs([str(path)]), ReadConfig(**kw)))


def test_expand_folder_recursive_sorted_and_hidden_skipped(tmp_path: Path) -> None:
    write_text_files(tmp_path / "a", 3)
    (tmp_path / "a" / "sub").mkdir()
    (tmp_path / "a" / "sub" / "x.html").write_text(page(1))
    (tmp_path / "a" / ".hidden.txt").write_text("no")
    files = expand_inputs([str(tmp_path / "a")])
    assert [f.rel for f in files] == ["doc000.txt", "doc001.txt", "doc002.txt", "sub/x.html"]


def test_expand_glob_and_dedup(tmp_path: Path) -> None:
    write_text_files(tmp_path, 3)
    files = expand_inputs([str(tmp_path / "doc00*.txt"), str(tmp_path / "doc001.txt")])
    assert [f.rel for f in files] == ["doc000.txt", "doc001.txt", "doc002.txt"]


@pytest.mark.parametrize("arg", ["missing.txt", "nothing-*.html"])
def test_expand_missing_is_input_error(tmp_path: Path, arg: str) -> None:
    with pytest.raises(InputError):
        expand_inputs([str(tmp_path / arg)])


def test_expand_excludes_output_folder(tmp_path: Path) -> None:
    write_text_files(tmp_path, 2)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "doc000.txt").write_text("old output")
    assert [f.rel for f in expand_inputs([str(tmp_path)], exclude=[tmp_path / "out"])] == ["doc000.txt", "doc001.txt"]


@pytest.mark.parametrize("suffix,compress", [(".gz", lambda b: gzip.compress(b, mtime=0)), (".bz2", bz2.compress)])
def test_compressed_files_are_transparent(tmp_path: Path, suffix: str, compress) -> None:
    p = tmp_path / f"a.txt{suffix}"
    p.write_bytes(compress(article(1).encode()))
    (rec,) = _records(p)
    assert rec.doc is not None and rec.doc.kind == "text" and "story 1" in rec.doc.raw


def test_zstd_is_transparent(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard")
    p = tmp_path / "a.html.zst"
    p.write_bytes(zstandard.ZstdCompressor().compress(page(2).encode()))
    (rec,) = _records(p)
    assert rec.doc is not None and rec.doc.kind == "html"


def test_decompressed_size_cap(tmp_path: Path) -> None:
    p = tmp_path / "bomb.txt.gz"
    p.write_bytes(gzip.compress(b"a" * 5_000_000, mtime=0))
    (rec,) = _records(p, max_bytes=100_000)
    assert rec.error is not None and rec.error[0] == "too_large"


def test_read_capped() -> None:
    assert read_capped(io.BytesIO(b"abc"), 3) == b"abc"
    with pytest.raises(TooLarge):
        read_capped(io.BytesIO(b"abcd"), 3)


@pytest.mark.parametrize(
    "name,head,expected",
    [
        ("x.warc.gz", b"WARC/1.0\r\n", "warc"),
        ("x", b'{"id": 1, "text": "a"}\n{"id": 2}', "jsonl"),
        ("x", b"<!doctype html><html>", "html"),
        ("x", b"Just some text.\nMore.", "text"),
        ("x.html", bytes(range(256)) * 4, "binary"),
        ("x.txt", "plain text".encode("utf-16"), "text"),
        ("x", "<html><body><p>hi</p></body></html>".encode("utf-16-le"), "html"),
        ("pretty.json", b'{\n  "a": 1\n}\n', "text"),
    ],
)
def test_sniff(name: str, head: bytes, expected: str) -> None:
    assert sniff_format(name, head) == expected


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BufferedReader(io.BytesIO(gzip.compress(article(3).encode(), mtime=0))))
    monkeypatch.setattr(sys, "stdin", fake)
    (rec,) = list(read_file(InputFile("-", "stdin"), ReadConfig()))
    assert rec.doc is not None and rec.doc.id == "stdin" and "story 3" in rec.doc.raw


def test_jsonl_fields(tmp_path: Path) -> None:
    p = tmp_path / "d.jsonl"
    rows = [
        {"id": "h", "html": page(1), "url": "https://e.org/h", "title": "T", "language": "en"},
        {"id": "t", "text": article(2)},
        {"id": 7, "content": page(3)},
        {"id": "c", "content": "plain words " * 20},
        {"doc_id": "custom", "body": "x " * 10},
    ]
    p.write_text("".join(json.dumps(r) + "\n" for r in rows))
    recs = _records(p)
    kinds = [(r.id, r.doc.kind if r.doc else r.error[0]) for r in recs]
    assert kinds == [("h", "html"), ("t", "text"), ("7", "html"), ("c", "text"), ("d.jsonl:5", "missing_field")]
    assert recs[0].doc.url == "https://e.org/h" and recs[0].doc.metadata["language"] == "en"
    custom = _records(p, text_field="body", id_field="doc_id")
    assert custom[4].doc is not None and custom[4].id == "custom"


def test_jsonl_line_over_cap_fails_and_reading_goes_on(tmp_path: Path) -> None:
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"id": "big", "text": "x" * 5000}) + "\n" + json.dumps({"id": "ok", "text": PARA}) + "\n")
    recs = _records(p, max_bytes=1000)
    assert recs[0].error[0] == "too_large" and recs[1].doc is not None and recs[1].id == "ok"


def test_warc_records(tmp_path: Path) -> None:
    p = tmp_path / "c.warc.gz"
    body_latin1 = page(4).replace("harbour", "Hafenbehörde").encode("latin-1")
    p.write_bytes(
        warc_record_bytes("https://e.org/ok", page(1).encode())
        + warc_record_bytes("https://e.org/img", b"\x89PNG", content_type="image/png")
        + warc_record_bytes("https://e.org/404", b"<html></html>", status=404)
        + warc_record_bytes("https://e.org/r", b"GET /", warc_type="request", content_type="application/http")
        + warc_record_bytes("https://e.org/l1", body_latin1, content_type="text/html; charset=ISO-8859-1")
    )
    recs = _records(p)
    summary = [(r.id, r.drop or (r.error and r.error[0]) or "doc") for r in recs]
    assert summary == [
        ("https://e.org/ok", "doc"),
        ("https://e.org/img", "not_html"),
        ("https://e.org/404", "http_404"),
        ("https://e.org/r", "warc_request"),
        ("https://e.org/l1", "doc"),
    ]
    ok = recs[0].doc
    assert ok.url == "https://e.org/ok" and ok.kind == "html" and ok.metadata["warc_date"] == "2024-01-01T00:00:00Z"
    assert recs[4].doc.metadata["http_content_type"] == "text/html; charset=ISO-8859-1"


def test_warc_uncompressed_and_truncated(tmp_path: Path) -> None:
    data = b"".join(warc_record_bytes(f"https://e.org/{i}", page(i).encode(), compress=False) for i in range(3))
    (tmp_path / "a.warc").write_bytes(data)
    assert [r.doc is not None for r in _records(tmp_path / "a.warc")] == [True, True, True]
    (tmp_path / "t.warc").write_bytes(data[:-100])
    recs = _records(tmp_path / "t.warc")
    assert [r.doc is not None for r in recs[:2]] == [True, True]
    assert recs[2].error[0] == "truncated" and recs[2].position.startswith("offset ")
