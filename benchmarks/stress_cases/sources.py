"""Stress cases for the readers (issue 7): damaged WARCs, hostile JSONL lines.

Each case is a zero-argument function returning ``(file name, file bytes)``; the benchmark
runner writes it to a temporary folder and times ``cleaner clean FILE -o OUT -j 1``.  Every
WARC here has 10 response records and the 4th one is damaged, so a reader that stops at the
damage loses 6 records; a reader that resynchronises fails exactly one.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable

from cleaner.sources.warc import warc_record_bytes

RECORDS = 10
DAMAGED = 3  # 0-based index of the damaged record


def _page(i: int) -> bytes:
    paras = "".join(
        f"<p>Survey station {i} logged {n + 3} migrating cranes over the estuary at dawn, "
        f"and the volunteers counted {n * 7 + i} geese on the mudflats before the tide turned.</p>"
        for n in range(12)
    )
    head = f"<!DOCTYPE html><html><head><title>Station {i}</title></head>"
    return f"{head}<body><article>{paras}</article></body></html>".encode()


def _record(i: int, compress: bool) -> bytes:
    return warc_record_bytes(f"https://survey.example/{i}", _page(i), compress=compress)


def _set_length(record: bytes, value: Callable[[int], str]) -> bytes:
    """Rewrite the WARC header's Content-Length of an uncompressed record."""
    head, sep, rest = record.partition(b"\r\n\r\n")
    m = re.search(rb"Content-Length: (\d+)", head)
    assert m is not None
    new = b"Content-Length: " + value(int(m.group(1))).encode()
    return head[: m.start()] + new + head[m.end() :] + sep + rest


def _warc_gz(damage: Callable[[bytes], bytes]) -> bytes:
    """10 records, one gzip member each; ``damage`` turns the plain 4th record into its damaged member."""
    out = []
    for i in range(RECORDS):
        if i == DAMAGED:
            out.append(damage(_record(i, compress=False)))
        else:
            out.append(_record(i, compress=True))
    return b"".join(out)


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def _corrupt(member: bytes) -> bytes:
    """Flip bytes in the middle of the deflate data: the member fails to inflate or its CRC."""
    mid = len(member) // 2
    return member[:mid] + bytes(b ^ 0x5A for b in member[mid : mid + 16]) + member[mid + 16 :]


def _jsonl_with_bad_line_3(name: str, bad: bytes) -> tuple[str, bytes]:
    """Ten JSONL records of pages, the third replaced by ``bad``."""
    good = [json.dumps({"id": f"n{i + 1}", "html": _page(i).decode()}).encode() + b"\n" for i in range(10)]
    good[2] = bad
    return name, b"".join(good)


CASES: dict[str, Callable[[], tuple[str, bytes]]] = {
    "warc_length_too_long": lambda: (
        "length-too-long.warc.gz",
        _warc_gz(lambda r: _gz(_set_length(r, lambda n: str(n + 5000)))),
    ),
    "warc_length_too_short": lambda: (
        "length-too-short.warc.gz",
        _warc_gz(lambda r: _gz(_set_length(r, lambda n: str(n // 2)))),
    ),
    "warc_length_negative": lambda: (
        "length-negative.warc.gz",
        _warc_gz(lambda r: _gz(_set_length(r, lambda n: str(-n)))),
    ),
    "warc_length_not_a_number": lambda: (
        "length-not-a-number.warc.gz",
        _warc_gz(lambda r: _gz(_set_length(r, lambda n: f"{n}abc"))),
    ),
    "warc_member_not_gzip": lambda: ("member-not-gzip.warc.gz", _warc_gz(lambda r: r)),
    "warc_member_corrupt": lambda: ("member-corrupt.warc.gz", _warc_gz(lambda r: _corrupt(_gz(r)))),
    "warc_length_too_long_plain": lambda: (
        "length-too-long.warc",
        b"".join(
            _set_length(_record(i, False), lambda n: str(n + 5000)) if i == DAMAGED else _record(i, False)
            for i in range(RECORDS)
        ),
    ),
    "warc_cut_mid_record": lambda: (
        "cut-mid-record.warc.gz",
        b"".join(_record(i, True) for i in range(RECORDS))[:-700],
    ),
    "jsonl_5000_digit_int_line_3": lambda: _jsonl_with_bad_line_3(
        "big-int.jsonl", b'{"id": "n3", "text": "x", "count": ' + b"7" * 5000 + b"}\n"
    ),
    "jsonl_100k_deep_line": lambda: _jsonl_with_bad_line_3(
        "deep.jsonl", b'{"id": "deep", "text": ' + b"[" * 100_000 + b"\n"
    ),
}
