"""Issue 18.2: the title is decided once, so a record's ``title`` is its text's first line.

Over the real pages kept in fixtures/ (trafilatura-eval and wcxb-dev samples of every page
type, the golden HTML pages and text dumps), each cleaned as ``cleaner clean`` cleans a record.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleaner import Document, Options
from cleaner.api import clean_record
from cleaner.sinks.schema import record
from cleaner.sources import Record

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _pages() -> list[tuple[str, str]]:
    """(path, kind) of every real page in fixtures/."""
    pages = [(str(p), "html") for p in sorted((FIXTURES / "devset" / "html").glob("*.html.gz"))]
    pages += [(str(p), "html") for p in sorted((FIXTURES / "wcxb" / "html").glob("*.html.gz"))]
    pages += [(str(p), "html") for p in sorted((FIXTURES / "html" / "input").glob("*.html"))]
    pages += [(str(p), "text") for p in sorted((FIXTURES / "text" / "input").glob("*.txt"))]
    return pages


PAGES = _pages()


def _record(path: str, kind: str, options: Options) -> dict[str, object] | None:
    data = Path(path).read_bytes()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    raw: str | bytes = data if kind == "html" else data.decode("utf-8")
    o = clean_record(Record(source=path, doc=Document(id=Path(path).name, raw=raw, kind=kind)), options)
    return record(o.doc, "") if o.status == "written" and o.doc is not None else None


def test_the_sample_holds_pages_of_every_kind() -> None:
    types = {d["page_type"] for d in json.loads((FIXTURES / "wcxb" / "evaldata.json").read_text())["documents"]}
    assert len(PAGES) >= 100 and {"article", "forum", "listing", "product", "service"} <= types


@pytest.mark.parametrize("path,kind", PAGES, ids=[Path(p).name[:40] for p, _ in PAGES])
def test_title_is_the_first_line_of_the_text(path: str, kind: str) -> None:
    rec = _record(path, kind, Options())
    if rec is None:
        return  # dropped: no text, no title
    first = str(rec["text"]).split("\n", 1)[0]
    assert rec["title"] in ("", first), (rec["title"], first)
    assert not rec["title"] or rec["metadata"]["title"] == rec["title"]  # type: ignore[index]


@pytest.mark.parametrize("path,kind", PAGES[::10], ids=[Path(p).name[:40] for p, _ in PAGES[::10]])
def test_no_title_leaves_the_title_line_out_of_the_text_only(path: str, kind: str) -> None:
    with_title, without = _record(path, kind, Options()), _record(path, kind, Options(title=False))
    if with_title is None or without is None:
        return
    assert without["title"] == with_title["title"]
    text = str(with_title["text"])
    assert without["text"] == (text.split("\n\n", 1)[1] if with_title["title"] else text)
