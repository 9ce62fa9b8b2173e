"""Randomly damaged WARCs (fixed seeds): whatever happens to one record, every other record is read
whole, or fails as too_large when it is over the cap; nothing raises.  The damage is confined to
one record (or its gzip member): a changed Content-Length, flipped bytes, a cut, inserted junk,
a deleted span, a missing header end, an empty or random record."""

from __future__ import annotations

import gzip
import io
import random

import pytest

import cleaner.sources.warc as warc_module
from cleaner.sources import ReadConfig
from cleaner.sources.warc import read_warc, warc_record_bytes

SEEDS = range(1000)


def _page(i: int, r: random.Random) -> bytes:
    paras = b"".join(b"<p>para %d %d %s</p>" % (i, n, b"x" * r.randrange(300)) for n in range(r.randrange(1, 20)))
    return b"<html><body>" + paras + b"</body></html>"


def _damage(data: bytes, r: random.Random, header: bool) -> bytes:
    kind = r.randrange(8 if header else 6)
    if kind == 0:
        b = bytearray(data)
        for _ in range(r.randrange(1, 10)):
            b[r.randrange(len(b))] = r.randrange(256)
        return bytes(b)
    if kind == 1:
        return data[: r.randrange(len(data))]
    if kind == 2:
        p = r.randrange(len(data))
        return data[:p] + bytes(r.randrange(256) for _ in range(r.randrange(1, 2000))) + data[p:]
    if kind == 3:
        p = r.randrange(len(data))
        return data[:p] + data[p + r.randrange(1, 500) :]
    if kind == 4:
        return b""
    if kind == 5:
        return bytes(r.randrange(256) for _ in range(r.randrange(1, 3000)))
    if kind == 6:
        return data.replace(b"\r\n\r\n", b"\r\n", 1)
    i = data.index(b"Content-Length: ") + 16
    j = data.index(b"\r\n", i)
    lie = str(int(data[i:j]) + r.randrange(-500, 500)).encode()
    return data[:i] + r.choice([b"-5", b"abc", b"", b"9" * 20, lie, b"1e3", b" 12 "]) + data[j:]


def _case(seed: int, gz: bool) -> tuple[bytes, list[bytes], int, int, int]:
    r = random.Random(seed)
    n = r.randrange(3, 12)
    k = r.randrange(n)
    bodies = [_page(i, r) for i in range(n)]
    recs = [warc_record_bytes(f"https://f.example/{i}", bodies[i], compress=False) for i in range(n)]
    if not gz:
        data = b"".join(recs[:k]) + _damage(recs[k], r, True) + b"".join(recs[k + 1 :])
    else:
        members = [gzip.compress(x, mtime=0) for x in recs]
        if r.random() < 0.5:
            members[k] = gzip.compress(_damage(recs[k], r, True), mtime=0)
        else:
            members[k] = _damage(members[k], r, False)
        data = b"".join(members)
    cap = r.choice([300, 1500, 3000, 10**6, 20_000_000, 10**12])
    slack = 0 if cap < 10**6 and r.random() < 0.5 else 64 * 1024
    return data, bodies, k, cap, slack


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gz"])
def test_random_damage_to_one_record_spares_the_others(gz: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    for seed in SEEDS:
        data, bodies, k, cap, slack = _case(seed, gz)
        monkeypatch.setattr(warc_module, "_HEAD_SLACK", slack)
        out = list(read_warc(io.BytesIO(data), "f", "f.warc", ReadConfig(max_bytes=cap), gz=gz))
        docs = {o.doc.url: o.doc.raw for o in out if o.doc is not None}
        for i, body in enumerate(bodies):
            if i == k:
                continue
            uri = f"https://f.example/{i}"
            block = len(warc_record_bytes(uri, body, compress=False).partition(b"\r\n\r\n")[2]) - 4
            if len(body) > cap or block > cap + slack:
                too_large = [o for o in out if o.id == uri and o.error is not None and o.error[0] == "too_large"]
                assert len(too_large) == 1, (seed, i)
            else:
                assert docs.get(uri) == body, (seed, i)
