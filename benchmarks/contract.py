"""The record contract and the integrations on a real crawl file (not timed in tests).

Builds a gzipped WARC (one member per record, with a request record before each response, as
crawlers write) from a folder of real pages, then:

1. ``cleaner clean`` over it to every sink (jsonl, jsonl.gz, jsonl.zst, parquet, stdout) and
   over the same pages as an HTML folder, a text dump folder and a JSONL dump, validating every
   record against the JSON Schema;
2. ``datasets.load_dataset("json")`` over the HTML-folder run and the WARC run together;
3. a datatrove pipeline WarcReader -> CleanerStep -> JsonlWriter;
4. ``Dataset.map(clean_batch, batched=True, num_proc=2)`` over the same pages.

    python benchmarks/contract.py --pages ../shared/devset/wcxb-dev/html --limit 200
    python benchmarks/contract.py                # the fixtures' HTML pages
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cleaner.batch import run_batch  # noqa: E402
from cleaner.sinks.schema import json_schema  # noqa: E402
from cleaner.sources.warc import warc_record_bytes  # noqa: E402

ADDED = "2024-05-01T00:00:00Z"


def _pages(folder: Path, limit: int) -> list[tuple[str, bytes]]:
    out = []
    for p in sorted(folder.iterdir())[:limit]:
        data = p.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        out.append((p.name.split(".")[0], data))
    return out


def _request(uri: str) -> bytes:
    body = f"GET / HTTP/1.1\r\nHost: {uri.split('/')[2]}\r\n\r\n".encode()
    return warc_record_bytes(uri, body, warc_type="request", content_type="application/http; msgtype=request")


def _rows(path: Path) -> list[dict]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        raw = gzip.decompress(raw)
    elif path.name.endswith(".zst"):
        import zstandard

        raw = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True).read()
    return [json.loads(x) for x in raw.splitlines()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, default=REPO / "fixtures" / "html" / "input")
    ap.add_argument("--limit", type=int, default=200)
    args = ap.parse_args()
    import jsonschema

    validator = jsonschema.Draft202012Validator(json_schema())
    work = Path(tempfile.mkdtemp(prefix="cleaner-contract-"))
    try:
        pages = _pages(args.pages, args.limit)
        crawl = work / "crawl"
        crawl.mkdir()
        members = []
        for name, data in pages:
            uri = f"https://example.org/{name}"
            members.append(_request(uri))  # each record its own gzip member
            members.append(warc_record_bytes(uri, data))
        warc = crawl / "crawl.warc.gz"
        warc.write_bytes(b"".join(members))
        html = work / "html"
        html.mkdir()
        for name, data in pages:
            (html / f"{name}.html").write_bytes(data)
        print(f"crawl file: {warc.stat().st_size:,} bytes, {len(pages)} responses + {len(pages)} requests")

        # 1. every sink x input kind against the JSON Schema
        from cleaner import clean_html

        text = work / "text"
        text.mkdir()
        with open(work / "dump.jsonl", "w", encoding="utf-8") as fh:
            for name, data in pages[:50]:
                body = clean_html(data)
                (text / f"{name}.txt").write_text(body, encoding="utf-8")
                fh.write(json.dumps({"id": name, "html": data.decode("utf-8", "replace")}) + "\n")
        kinds = {"warc": warc, "html": html, "text": text, "jsonl": work / "dump.jsonl"}
        for kind, src in kinds.items():
            for sink in ("o.jsonl", "o.jsonl.gz", "o.jsonl.zst", "o.parquet", "-"):
                t0 = time.perf_counter()
                if sink == "-":
                    buf = io.BytesIO()
                    s = run_batch([str(src)], "-", jobs=1, added=ADDED, stdout=buf)
                    rows = [json.loads(x) for x in buf.getvalue().splitlines()]
                else:
                    out = work / f"{kind}-{sink}"
                    s = run_batch([str(src)], out, jobs=1, added=ADDED)
                    rows = _rows(out)
                bad = sum(1 for r in rows if not validator.is_valid(r))
                print(
                    f"schema {kind:5} -> {sink:11}: {len(rows):4} records, {bad} invalid;"
                    f" read {s.read}, dropped {s.dropped}, not pages {s.not_pages},"
                    f" failed {s.failed} ({time.perf_counter() - t0:.1f}s)"
                )

        # 2. datasets: HTML-folder run + WARC run load together
        import datasets

        t0 = time.perf_counter()
        ds = datasets.load_dataset(
            "json",
            data_files=[str(work / "html-o.jsonl"), str(work / "warc-o.jsonl"), str(work / "text-o.jsonl")],
            split="train",
            cache_dir=str(work / "hf"),
        )
        print(f"datasets.load_dataset(json, html+warc+text runs): {ds.num_rows} rows ({time.perf_counter() - t0:.1f}s)")

        # 3. datatrove
        from datatrove.executor import LocalPipelineExecutor
        from datatrove.pipeline.readers import WarcReader
        from datatrove.pipeline.writers import JsonlWriter

        from cleaner.integrations.datatrove import CleanerStep

        t0 = time.perf_counter()
        step = CleanerStep()
        LocalPipelineExecutor(
            pipeline=[WarcReader(str(crawl)), step, JsonlWriter(str(work / "dt"))],
            tasks=1,
            logging_dir=str(work / "logs"),
        ).run()
        dt_rows = [json.loads(x) for f in (work / "dt").glob("*.jsonl.gz") for x in gzip.open(f)]
        with_title = sum(1 for r in dt_rows if r["metadata"].get("title"))
        langs = sorted({r["metadata"].get("language", "") for r in dt_rows})
        print(
            f"datatrove WarcReader -> CleanerStep -> JsonlWriter: {len(dt_rows)} documents,"
            f" {with_title} with a title, languages {langs[:8]} ({time.perf_counter() - t0:.1f}s)"
        )

        # 4. datasets.map
        from cleaner.integrations.hf import clean_batch

        t0 = time.perf_counter()
        hf = datasets.Dataset.from_dict(
            {
                "html": [d.decode("utf-8", "replace") for _, d in pages],
                "url": [f"https://example.org/{n}" for n, _ in pages],
            }
        )
        out = hf.map(
            clean_batch, batched=True, num_proc=2, fn_kwargs={"html_column": "html", "url_column": "url"}, batch_size=16
        )
        kept = out.filter(lambda r: not r["cleaner_dropped"])
        print(
            f"datasets.map(clean_batch, num_proc=2): {out.num_rows} rows, {kept.num_rows} kept,"
            f" {sum(1 for t in kept['title'] if t)} with a title ({time.perf_counter() - t0:.1f}s)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
