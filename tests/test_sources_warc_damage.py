"""Damaged WARCs (issue 7): one bad record or gzip member fails alone, with its offset; the rest is read.

Every file here has 10 response records and the 4th one (index 3) is damaged; a reader that
stops at the damage loses 6 records, a reader that resynchronises fails exactly one.
"""

from __future__ import annotations

import gzip
import re
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from batch_helpers import read_jsonl

from cleaner.batch import run_batch
from cleaner.sources import ReadConfig, Record, expand_inputs, read_records
from cleaner.sources.warc import warc_record_bytes

N = 10
BAD = 3


def _page(i: int) -> bytes:
    paras = "".join(
        f"<p>Survey station {i} logged {n + 3} cranes over the estuary at dawn and {n * 7 + i} geese.</p>"
        for n in range(8)
    )
    return f"<!DOCTYPE html><html><head><title>Station {i}</title></head><body>{paras}</body></html>".encode()


def _uri(i: int) -> str:
    return f"https://survey.example/{i}"


def _rec(i: int, compress: bool) -> bytes:
    return warc_record_bytes(_uri(i), _page(i), compress=compress)


def _relength(record: bytes, value: Callable[[int], str]) -> bytes:
    head, sep, rest = record.partition(b"\r\n\r\n")
    m = re.search(rb"Content-Length: (\d+)", head)
    assert m is not None
    return head[: m.start()] + b"Content-Length: " + value(int(m.group(1))).encode() + head[m.end() :] + sep + rest


def _corrupt(member: bytes) -> bytes:
    mid = len(member) // 2
    return member[:mid] + bytes(b ^ 0x5A for b in member[mid : mid + 16]) + member[mid + 16 :]


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


LENGTH_LIES: dict[str, Callable[[int], str]] = {
    "too_long": lambda n: str(n + 5000),
    "too_long_a_little": lambda n: str(n + 3),
    "too_long_past_the_cap": lambda n: str(10**15),
    "too_short": lambda n: str(n // 2),
    "too_short_a_little": lambda n: str(n - 3),
    "zero": lambda n: "0",
    "negative": lambda n: str(-n),
    "not_a_number": lambda n: f"{n}abc",
    "empty": lambda n: "",
    "5000_digits": lambda n: "9" * 5000,
}


def _write(tmp_path: Path, name: str, damaged: bytes, compress: bool) -> Path:
    parts = [damaged if i == BAD else _rec(i, compress) for i in range(N)]
    p = tmp_path / name
    p.write_bytes(b"".join(parts))
    return p


def _read(p: Path, **kw: int) -> list[Record]:
    return list(read_records(expand_inputs([str(p)]), ReadConfig(**kw)))


def _check_one_failure(recs: list[Record], bad_id: str | None = None) -> Record:
    """9 good documents with their whole bodies, in order, and exactly one failure where record 4 was."""
    docs = [r for r in recs if r.doc is not None]
    failed = [r for r in recs if r.error is not None]
    assert [d.doc.url for d in docs if d.doc] == [_uri(i) for i in range(N) if i != BAD]
    for d in docs:
        assert d.doc is not None and d.doc.raw == _page(int(d.doc.url.rsplit("/", 1)[1]))
    assert len(failed) == 1 and len(recs) == N
    bad = failed[0]
    assert recs.index(bad) == BAD
    assert bad.error is not None and bad.error[0] == "bad_warc"
    assert re.fullmatch(r"offset \d+(\+\d+)?", bad.position)
    if bad_id is not None:
        assert bad.id == bad_id
    return bad


@pytest.mark.parametrize("lie", sorted(LENGTH_LIES))
@pytest.mark.parametrize("compress", [True, False], ids=["gz", "plain"])
def test_a_lying_content_length_fails_that_record_alone(tmp_path: Path, lie: str, compress: bool) -> None:
    damaged = _relength(_rec(BAD, False), LENGTH_LIES[lie])
    p = _write(tmp_path, "c.warc.gz" if compress else "c.warc", _gz(damaged) if compress else damaged, compress)
    bad = _check_one_failure(_read(p), _uri(BAD))
    plain_offset = sum(len(_rec(i, compress)) for i in range(BAD))
    assert bad.position == f"offset {plain_offset}"


def test_a_member_that_is_not_gzip_fails_alone(tmp_path: Path) -> None:
    p = _write(tmp_path, "c.warc.gz", _rec(BAD, False), True)
    bad = _check_one_failure(_read(p))
    assert bad.error is not None and "not gzip" in bad.error[1]


def test_a_corrupt_gzip_member_fails_alone_and_names_its_record(tmp_path: Path) -> None:
    p = _write(tmp_path, "c.warc.gz", _corrupt(_gz(_rec(BAD, False))), True)
    bad = _check_one_failure(_read(p), _uri(BAD))
    assert bad.error is not None and "corrupt gzip member" in bad.error[1]


@pytest.mark.parametrize("junk", [b"\x1f\x8b\x08" + b"\x00" * 40, bytes(range(256)) * 4])
def test_junk_between_gzip_members(tmp_path: Path, junk: bytes) -> None:
    p = _write(tmp_path, "c.warc.gz", junk, True)
    _check_one_failure(_read(p))


def test_junk_instead_of_a_plain_record(tmp_path: Path) -> None:
    p = _write(tmp_path, "c.warc", b"WARC/1.0\r\nthis is not a header\r\n\r\n" + bytes(range(256)) * 3, False)
    _check_one_failure(_read(p))


def test_damage_inside_one_gzip_stream_of_the_whole_file(tmp_path: Path) -> None:
    damaged = _relength(_rec(BAD, False), LENGTH_LIES["too_long"])
    data = b"".join(damaged if i == BAD else _rec(i, False) for i in range(N))
    p = tmp_path / "whole.warc.gz"
    p.write_bytes(_gz(data))
    bad = _check_one_failure(_read(p))
    assert bad.position.startswith("offset 0+")


@pytest.mark.parametrize("compress", [True, False], ids=["gz", "plain"])
def test_a_file_cut_mid_record_reports_the_lost_tail(tmp_path: Path, compress: bool) -> None:
    data = b"".join(_rec(i, compress) for i in range(N))
    p = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    p.write_bytes(data[: len(data) - len(_rec(N - 1, compress)) // 2])
    recs = _read(p)
    assert [r.doc.url for r in recs if r.doc] == [_uri(i) for i in range(N - 1)]
    last = recs[-1]
    assert len(recs) == N and last.error is not None and last.error[0] == "truncated"
    assert "lost" in last.error[1] and last.position == f"offset {sum(len(_rec(i, compress)) for i in range(N - 1))}"
    assert last.id == _uri(N - 1)


@pytest.mark.parametrize("compress", [True, False], ids=["gz", "plain"])
def test_an_oversized_record_is_skipped_and_the_next_is_read(tmp_path: Path, compress: bool) -> None:
    big = warc_record_bytes(_uri(BAD), b"<p>" + b"w" * 300_000 + b"</p>", compress=compress)
    p = _write(tmp_path, "c.warc.gz" if compress else "c.warc", big, compress)
    recs = _read(p, max_bytes=50_000)
    assert [r.doc.url for r in recs if r.doc] == [_uri(i) for i in range(N) if i != BAD]
    assert recs[BAD].error is not None and recs[BAD].error[0] == "too_large" and recs[BAD].id == _uri(BAD)


def _zeros_member(size: int, header: bool) -> bytes:
    """A gzip member of ``size`` zero bytes, optionally behind a WARC header that declares them."""
    c = zlib.compressobj(1, zlib.DEFLATED, 31)  # level 1: quick to make, still 200:1
    head = f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {_uri(BAD)}\r\nContent-Length: {size}\r\n\r\n"
    out = [c.compress(head.encode()) if header else b""]
    block = b"\x00" * (1 << 20)
    for _ in range(size >> 20):
        out.append(c.compress(block))
    out.append(c.flush())
    return b"".join(out)


@pytest.mark.parametrize("header", [True, False], ids=["declared", "headerless"])
def test_a_warc_gzip_bomb_is_skipped_with_bounded_memory(tmp_path: Path, header: bool) -> None:
    p = _write(tmp_path, "bomb.warc.gz", _zeros_member(1 << 30, header), True)  # 1 GB of zeros, ~5 MB on disk
    cap = 1_000_000
    tracemalloc.start()
    try:
        recs = _read(p, max_bytes=cap)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [r.doc.url for r in recs if r.doc] == [_uri(i) for i in range(N) if i != BAD]
    assert recs[BAD].error is not None and recs[BAD].error[0] == ("too_large" if header else "bad_warc")
    assert peak < 40 * cap


def test_damaged_warc_in_a_batch_is_accounted_for(tmp_path: Path) -> None:
    p = _write(tmp_path, "c.warc.gz", _gz(_relength(_rec(BAD, False), LENGTH_LIES["too_short"])), True)
    s = run_batch([str(p)], tmp_path / "o.jsonl", jobs=1)
    assert (s.read, s.written, s.failed_by_kind) == (N, N - 1, {"bad_warc": 1})
    (err,) = read_jsonl(tmp_path / "o.jsonl.errors.jsonl")
    assert err["source"] == str(p) and err["id"] == _uri(BAD) and err["position"].startswith("offset ")
    texts = [r["text"] for r in read_jsonl(tmp_path / "o.jsonl")]
    assert not any(t.strip() in ("<!DO", "") for t in texts)


def _encoded(body: bytes, encoding: str) -> bytes:
    if encoding == "raw-deflate":
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
    elif encoding == "deflate":
        c = zlib.compressobj(6, zlib.DEFLATED, 15)
    else:
        c = zlib.compressobj(6, zlib.DEFLATED, 31)
    data = c.compress(body) + c.flush()
    name = "deflate" if encoding == "raw-deflate" else encoding
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: {name}\r\n\r\n".encode()
    block = http + data
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {_uri(0)}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


@pytest.mark.parametrize("encoding", ["raw-deflate", "deflate", "gzip"])
def test_content_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / "e.warc"
    p.write_bytes(_encoded(_page(0), encoding))
    (rec,) = _read(p)
    assert rec.doc is not None and rec.doc.raw == _page(0)


@pytest.mark.parametrize("header", [True, False], ids=["declared", "headerless"])
def test_megabytes_of_junk_under_a_huge_cap_still_resync_on_the_next_record(tmp_path: Path, header: bool) -> None:
    p = _write(tmp_path, "z.warc.gz", _zeros_member(3 << 20, header), True)
    recs = _read(p, max_bytes=10**12)
    assert [r.doc.url for r in recs if r.doc] == [_uri(i) for i in range(N) if i != BAD]
    assert len(recs) == N


@pytest.mark.parametrize("name", ["lying-length.warc.gz", "corrupt-member.warc.gz", "not-gzip-member.warc.gz"])
def test_committed_damaged_warcs_fail_one_record(name: str) -> None:
    from batch_helpers import HOSTILE

    recs = _read(HOSTILE / name)
    assert [r.doc is not None for r in recs] == [True, True, False, True, True]
    assert recs[2].error is not None and recs[2].error[0] == "bad_warc" and recs[2].position == "offset 895"


def _kinds(recs: list[Record]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in recs:
        k = r.error[0] if r.error else "doc"
        out[k] = out.get(k, 0) + 1
    return out


def test_header_lines_with_no_end_fail_one_by_one(tmp_path: Path) -> None:
    """Each cut header ends at the next one: linear, not a 64 KB rescan per header."""
    p = tmp_path / "h.warc"
    p.write_bytes(b"WARC/1.0\r\n" * 50_000 + _rec(0, False))
    assert _kinds(_read(p)) == {"bad_warc": 50_000, "doc": 1}


def test_junk_made_of_gzip_magic_bytes(tmp_path: Path) -> None:
    p = tmp_path / "m.warc.gz"
    p.write_bytes(_rec(0, True) + b"\x1f\x8b\x08" * 100_000 + _rec(1, True) + (b"\x1f\x8b\x08\x1f" + b"a" * 50) * 1000)
    recs = _read(p)
    assert [r.doc.url for r in recs if r.doc] == [_uri(0), _uri(1)]
    assert _kinds(recs) == {"doc": 2, "bad_warc": 1, "truncated": 1}


@pytest.mark.parametrize("lie", [10_000, 10**9], ids=["within_cap", "past_cap"])
def test_lengths_that_all_lie_never_swallow_records(tmp_path: Path, lie: int) -> None:
    """Equal-sized records, so a lying length can land exactly on a later boundary."""
    records = [_relength(_rec(i, False), lambda n: str(n + lie)) for i in range(100, 400)]
    p = tmp_path / "l.warc"
    p.write_bytes(b"".join(records))
    recs = _read(p)
    assert len(recs) == 300 and all(r.doc is None for r in recs)
    assert [r.id for r in recs] == [_uri(i) for i in range(100, 400)]


def test_resync_finds_a_record_more_than_a_scan_step_after_the_damage(tmp_path: Path) -> None:
    p = tmp_path / "far.warc"
    lying = _relength(_rec(BAD, False), lambda n: str(n + 10**7))  # runs past the end of the file
    p.write_bytes(_rec(0, False) + lying + b"j" * 3_000_000 + b"\r\n\r\n" + _rec(1, False))
    recs = _read(p)
    assert [r.doc.url for r in recs if r.doc] == [_uri(0), _uri(1)] and _kinds(recs) == {"doc": 2, "bad_warc": 1}


def test_a_length_that_counts_the_separator_keeps_the_record_whole(tmp_path: Path) -> None:
    p = _write(tmp_path, "c.warc", _relength(_rec(BAD, False), lambda n: str(n + 4)), False)
    recs = _read(p)
    assert [r.doc.raw if r.doc else None for r in recs] == [_page(i) for i in range(N)]


def test_a_big_member_that_fails_its_crc_is_not_a_document(tmp_path: Path) -> None:
    """Members inflating past 4 MB are streamed before their CRC is checked: the record still fails."""
    big = warc_record_bytes(_uri(BAD), b"<p>" + b"crane count " * 500_000 + b"</p>", compress=True)
    big = big[:-8] + bytes(b ^ 0xFF for b in big[-8:-4]) + big[-4:]  # a wrong CRC-32
    p = _write(tmp_path, "crc.warc.gz", big, True)
    bad = _check_one_failure(_read(p), _uri(BAD))
    assert bad.error is not None and "incorrect data check" in bad.error[1]


def test_a_plain_warc_named_gz_is_still_read(tmp_path: Path) -> None:
    p = tmp_path / "misnamed.warc.gz"
    p.write_bytes(b"".join(_rec(i, False) for i in range(N)))
    assert [r.doc.url for r in _read(p) if r.doc] == [_uri(i) for i in range(N)]


def test_a_warc_gz_starting_with_junk_reads_the_members_after_it(tmp_path: Path) -> None:
    p = tmp_path / "junk-first.warc.gz"
    p.write_bytes(b"junk that is not gzip\n" * 10 + b"".join(_rec(i, True) for i in range(N)))
    recs = _read(p)
    assert [r.doc.url for r in recs if r.doc] == [_uri(i) for i in range(N)]
    assert _kinds(recs) == {"doc": N, "bad_warc": 1}


def test_an_oversized_record_in_a_single_member_warc_gz_loses_nothing_after_it(tmp_path: Path) -> None:
    # `gzip file.warc` makes one member for the whole file: skipping the rest of the member
    # after an oversized record lost every record behind it, silently.
    big = warc_record_bytes("https://example.org/big", b"<p>" + b"x" * 6_000_000 + b"</p>", compress=False)
    small = [warc_record_bytes(_uri(i), _page(i), compress=False) for i in range(3)]
    p = tmp_path / "one-member.warc.gz"
    p.write_bytes(gzip.compress(big + b"".join(small), compresslevel=1, mtime=0))
    recs = _read(p, max_bytes=1_000_000)
    assert [r.error[0] for r in recs if r.error is not None] == ["too_large"]
    assert [r.doc.url for r in recs if r.doc is not None] == [_uri(i) for i in range(3)]


def _http_record(http: bytes, version: str = "1.0", uri: str = _uri(0)) -> bytes:
    head = (
        f"WARC/{version}\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


_CHUNKED = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"


@pytest.mark.parametrize(
    "body",
    [b"-6\r\n<p>x</p>", b"-6\r\n<p>x</p>\r\n", b"0x6\r\n<p>x</p>\r\n0\r\n\r\n", b"+6\r\n<p>x</p>", b"6 6\r\nabc"],
    ids=["negative", "negative_crlf", "0x_prefix", "plus_sign", "two_numbers"],
)
def test_a_chunk_size_that_is_not_hex_digits_ends_quickly_and_the_body_is_read_as_is(
    tmp_path: Path, body: bytes
) -> None:
    """Issue 23.12: "-6" made _dechunk jump back and append forever (GBs of memory, no timeout)."""
    p = tmp_path / "c.warc"
    p.write_bytes(_http_record(_CHUNKED + body))
    tracemalloc.start()
    try:
        (rec,) = _read(p)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000
    assert rec.doc is not None and rec.doc.raw == body


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"], ids=["lf", "crlf"])
def test_a_decoded_body_under_a_kept_chunked_header_is_read_as_is(tmp_path: Path, newline: bytes) -> None:
    """Issue 23.4: a body stored decoded (no chunk framing) was dropped as "empty", exit 0."""
    body = _page(0).replace(b"<p>", newline + b"<p>")
    p = tmp_path / "d.warc"
    p.write_bytes(_http_record(_CHUNKED + body))
    (rec,) = _read(p)
    assert rec.doc is not None and rec.doc.raw == body


def test_a_chunked_body_is_dechunked_and_a_cut_last_chunk_keeps_what_arrived(tmp_path: Path) -> None:
    page = _page(0)
    whole = b"".join(b"%x\r\n%s\r\n" % (len(page[i : i + 100]), page[i : i + 100]) for i in range(0, len(page), 100))
    p = tmp_path / "ok.warc"
    p.write_bytes(_http_record(_CHUNKED + whole + b"0\r\n\r\n") + _http_record(_CHUNKED + whole[:-50], uri=_uri(1)))
    first, second = _read(p)
    assert first.doc is not None and first.doc.raw == page
    assert second.doc is not None and page.startswith(second.doc.raw) and len(second.doc.raw) > len(page) - 60


@pytest.mark.parametrize("version", ["0.17", "0.18", "1.1"])
@pytest.mark.parametrize("lie", ["too_long", "too_short", "not_a_number"])
@pytest.mark.parametrize("compress", [True, False], ids=["gz", "plain"])
def test_older_and_newer_warc_versions_resync_after_a_damaged_record(
    tmp_path: Path, version: str, lie: str, compress: bool
) -> None:
    """Issue 23.5: after one damaged WARC/0.18 record both good records after it were lost."""

    def rec(i: int) -> bytes:
        data = _rec(i, False).replace(b"WARC/1.0\r\n", f"WARC/{version}\r\n".encode(), 1)
        if i == BAD:
            data = _relength(data, LENGTH_LIES[lie])
        return _gz(data) if compress else data

    p = tmp_path / ("v.warc.gz" if compress else "v.warc")
    p.write_bytes(b"".join(rec(i) for i in range(N)))
    _check_one_failure(_read(p), _uri(BAD))
