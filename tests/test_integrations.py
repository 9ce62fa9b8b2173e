"""datatrove step and Hugging Face datasets helper (skipped when the tool is not installed)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from batch_helpers import REPO, TEXT_INPUTS

from cleaner import Options, clean_html, clean_text
from cleaner.integrations import clean_content
from cleaner.sources.warc import warc_record_bytes

HTML = sorted((REPO / "fixtures" / "html" / "input").glob("*.html"))


def _crawl(folder: Path, n: int = 5) -> Path:
    """A small gzipped WARC of real fixture pages, one gzip member per record, as crawlers write."""
    folder.mkdir(parents=True, exist_ok=True)
    members = [warc_record_bytes(f"https://example.org/{p.stem}", p.read_bytes()) for p in HTML[:n]]
    (folder / "crawl.warc.gz").write_bytes(b"".join(members))
    return folder


def test_clean_content_matches_the_library_and_drops_with_reasons() -> None:
    page = HTML[0].read_bytes()
    o = clean_content(page, url="https://example.org/a")
    assert o.status == "written" and o.doc is not None and o.doc.text == clean_html(page, url="https://example.org/a")
    seed = (TEXT_INPUTS / "seed.txt").read_text(encoding="utf-8")
    t = clean_content(seed)  # sniffed as a text dump
    assert t.doc is not None and t.doc.text == clean_text(seed)
    assert clean_content("").reason == "no_content"
    assert clean_content("<html><body></body></html>").reason == "empty"
    assert clean_content(seed, options=Options(min_chars=10**6)).reason == "too_short"
    assert clean_content(seed, options=Options(max_bytes=10)).reason == "too_large"


def test_datatrove_pipeline_warc_to_jsonl(tmp_path: Path) -> None:
    pytest.importorskip("datatrove")
    pytest.importorskip("warcio")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.integrations.datatrove import CleanerStep

    crawl = _crawl(tmp_path / "crawl")
    pipeline = [WarcReader(str(crawl)), CleanerStep(), JsonlWriter(str(tmp_path / "clean"))]
    LocalPipelineExecutor(pipeline=pipeline, tasks=1, logging_dir=str(tmp_path / "logs")).run()
    rows = [json.loads(x) for f in sorted((tmp_path / "clean").glob("*.jsonl.gz")) for x in gzip.open(f)]
    assert len(rows) == 5
    for row, page in zip(rows, HTML[:5], strict=True):
        meta = row["metadata"]
        assert row["text"] == clean_html(page.read_bytes(), url=meta["url"])
        assert meta["title"] and row["text"].startswith(meta["title"])
        assert meta["language"] in {"en", "de"} and meta["cleaner"]["removed"]
        assert meta["cleaner"]["chars_out"] == len(row["text"])


def test_datatrove_step_drops_empty_documents_and_counts_them() -> None:
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from cleaner.integrations.datatrove import CleanerStep

    step = CleanerStep()
    docs = [Document(text=HTML[0].read_text(encoding="utf-8"), id="a"), Document(text="<html></html>", id="b")]
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == ["a"]
    assert step.stats["dropped_empty"].total == 1 and step.stats["forwarded"].total == 1


def test_datatrove_step_logs_each_failed_document() -> None:
    """A failure (here a document over the size cap) is counted and logged, never a silent drop:
    a package missing a data file once dropped 113 of 116 documents with no word said."""
    pytest.importorskip("datatrove")
    from datatrove.data import Document
    from datatrove.utils.logging import logger

    from cleaner.integrations.datatrove import CleanerStep

    lines: list[str] = []
    handler = logger.add(lines.append, level="WARNING")
    try:
        step = CleanerStep(Options(max_bytes=1000))
        docs = [Document(text="<p>" + "word " * 400 + "</p>", id="big"), Document(text="<html></html>", id="b")]
        assert list(step.run(iter(docs))) == []
    finally:
        logger.remove(handler)
    assert step.stats["failed_too_large"].total == 1 and step.stats["dropped_empty"].total == 1
    assert len(lines) == 1 and "'big'" in lines[0] and "too_large" in lines[0]


def test_hf_clean_batch_with_dataset_map() -> None:
    datasets = pytest.importorskip("datasets")
    from cleaner.integrations.hf import COLUMNS, clean_batch

    pages = [p.read_bytes().decode("utf-8", "replace") for p in HTML[:4]]
    seed = (TEXT_INPUTS / "seed.txt").read_text(encoding="utf-8")
    ds = datasets.Dataset.from_dict(
        {
            "html": [*pages, None, "<html></html>"],
            "text": ["", "", "", "", seed, ""],
            "url": [f"u{i}" for i in range(6)],
        }
    )
    out = ds.map(
        clean_batch,
        batched=True,
        batch_size=2,
        num_proc=2,
        fn_kwargs={"html_column": "html", "text_column": "text", "url_column": "url"},
    )
    assert set(COLUMNS) <= set(out.column_names) and out.num_rows == 6
    assert out["text"][:4] == [clean_html(p, url=f"u{i}") for i, p in enumerate(pages)]
    assert out["text"][4] == clean_text(seed) and out["cleaner_dropped"] == ["", "", "", "", "", "empty"]
    assert all(out["title"][:5]) and out["language"][0] == "en"
    kept = out.filter(lambda row: not row["cleaner_dropped"])
    assert kept.num_rows == 5


@pytest.mark.parametrize("batch_size", [1, 2, 1000])
def test_hf_clean_batch_any_batch_size_and_an_empty_first_row(batch_size: int) -> None:
    """Arrow takes a column's type from the first batch: a first row that cleans to nothing (or
    has nothing removed) must not fix `cleaner_removed` to type null for the rows after it."""
    datasets = pytest.importorskip("datasets")
    from cleaner.integrations.hf import clean_batch

    seed = (TEXT_INPUTS / "seed.txt").read_text(encoding="utf-8")
    plain = "A plain paragraph that needs no cleaning at all, written as a reader would want it."
    ds = datasets.Dataset.from_dict({"text": ["", plain, seed, ""]})
    out = ds.map(clean_batch, batched=True, batch_size=batch_size, fn_kwargs={"text_column": "text"})
    removed = [json.loads(r) for r in out["cleaner_removed"]]
    assert removed[0] == [] and removed[3] == []
    assert {r["rule"] for r in removed[2]} and all(r["count"] > 0 for r in removed[2])
    assert list(out["cleaner_dropped"]) == ["no_content", "", "", "no_content"]


def test_hf_clean_batch_needs_a_column() -> None:
    from cleaner.integrations.hf import clean_batch

    with pytest.raises(ValueError):
        clean_batch({"x": ["a"]})
    with pytest.raises(KeyError, match="no column 'html'"):
        clean_batch({"x": ["a"]}, html_column="html")
