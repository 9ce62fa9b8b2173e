"""``cleaner report``: totals that add up, a bounded per-document view, one self-contained file."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from cleaner import Document, Options, clean_document
from cleaner.cli import main
from cleaner.report import collect, render_html
from cleaner.report.collect import LENGTH_BINS, length_bin

ROOT = Path(__file__).resolve().parent.parent
TEXT_INPUTS = ROOT / "fixtures" / "text" / "input"
HTML_INPUTS = ROOT / "fixtures" / "html" / "input"


def run(*args: str):
    return CliRunner().invoke(main, ["report", *args], catch_exceptions=False)


def test_totals_add_up_over_every_document() -> None:
    audit = collect([str(TEXT_INPUTS)], max_docs=3)
    files = sorted(TEXT_INPUTS.glob("*.txt"))
    assert audit.documents == len(files) and len(audit.samples) == 3 and not audit.shown_all
    expected: dict[str, int] = {}
    for f in files:
        doc = clean_document(Document(id=str(f), raw=f.read_text(encoding="utf-8")))
        for rule, n in doc.rule_counts().items():
            expected[rule] = expected.get(rule, 0) + n
    assert {rule: t.removals for rule, t in audit.rules.items()} == expected
    assert audit.duplicates_collapsed == expected["duplicate"]
    assert sum(audit.length_bins) == audit.documents
    assert 0 < audit.chars_out < audit.chars_in


def test_samples_keep_every_piece_of_text() -> None:
    """Kept and removed pieces of a shown document together are its blocks' text."""
    page = TEXT_INPUTS / "patreon-appeal.txt"
    audit = collect([str(page)])
    doc = clean_document(Document(id="x", raw=page.read_text(encoding="utf-8")))
    sample = audit.samples[0]
    assert [" ".join(p.text for p in v.pieces) for v in sample.blocks] == [b.text for b in doc.blocks if b.text]
    assert sample.rules == tuple(sorted(doc.rule_counts()))


def test_length_bins() -> None:
    assert length_bin(0) == 0 and length_bin(1) == 1 and length_bin(500) == 1 and length_bin(501) == 2
    assert length_bin(10**9) == len(LENGTH_BINS)


def test_html_is_self_contained_and_deterministic() -> None:
    audit = collect([str(TEXT_INPUTS), str(HTML_INPUTS)], max_docs=5)
    page = render_html(audit)
    assert page == render_html(collect([str(TEXT_INPUTS), str(HTML_INPUTS)], max_docs=5))
    tree = lxml.html.fromstring(page)
    # nothing to fetch: no element with a source, no stylesheet or frame, no CSS import
    assert not tree.xpath("//*[@src or @srcset or @data or @poster] | //link | //iframe | //object | //img")
    styles = " ".join(s.text_content() for s in tree.iter("style"))
    assert "url(" not in styles and "@import" not in styles
    assert all(a.get("href", "").startswith("#") for a in tree.iter("a"))
    assert "default-src 'none'" in tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert len(tree.xpath("//article[@class='doc']")) == 5
    total = len(list(TEXT_INPUTS.glob("*.txt"))) + len(list(HTML_INPUTS.glob("*.html")))
    assert f"Showing the first 5 of {total} documents" in tree.get_element_by_id("sample-note").text_content()
    assert len(tree.xpath("//table[@id='rule-table']/tbody/tr")) == len(audit.rules)
    assert len(tree.xpath("//figure[@id='chart-rules']//g[@class='bar-row']")) == len(audit.rules)


def test_page_text_is_escaped(tmp_path: Path) -> None:
    page = tmp_path / "x.txt"
    page.write_text("<script>alert(1)</script> title\n\nA paragraph with <b>markup</b> & an ampersand.\n")
    html = render_html(collect([str(page)]))
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script>") == 1  # ours


def test_removed_text_is_struck_and_labelled() -> None:
    tree = lxml.html.fromstring(render_html(collect([str(TEXT_INPUTS / "patreon-appeal.txt")])))
    pieces = tree.xpath("//span[@class='piece']")
    labelled = {(p.get("data-rule"), p.find("del").text_content()) for p in pieces}
    assert ("byline", "Posted by admin") in labelled and ("appeal", "Become a patron") in labelled
    kept = " ".join(k.text_content() for k in tree.xpath("//div[@class='kept']"))
    assert "Like and subscribe" in kept and "Posted by admin" not in kept


def test_failed_records_are_counted(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "text": "Title\\n\\nA body paragraph that stays."}\n{oops\n')
    target = tmp_path / "out" / "r.html"
    result = run(str(corpus), "-o", str(target))
    assert result.exit_code == 1 and "1 failed" in result.output
    assert "failed (bad_json): 1" in target.read_text()


def test_cli_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = run(str(TEXT_INPUTS), "-o", str(target), "--max-docs", "2")
    assert result.exit_code == 0 and target.stat().st_size > 0
    assert len(re.findall(r'<article class="doc"', target.read_text())) == 2


@pytest.mark.parametrize("case", ["missing", "inside-input", "no-output"])
def test_usage_errors(tmp_path: Path, case: str) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text("Title\n\nBody text here.\n")
    args = {
        "missing": [str(tmp_path / "nope"), "-o", str(tmp_path / "r.html")],
        "inside-input": [str(folder), "-o", str(folder / "r.html")],
        "no-output": [str(folder)],
    }[case]
    result = run(*args)
    assert result.exit_code == 2
    assert not (folder / "r.html").exists()


def test_keep_captions_option() -> None:
    page = str(TEXT_INPUTS / "image-filename-captions.txt")
    with_captions = collect([page], Options(keep_captions=True))
    without = collect([page])
    assert "alt_text" in without.rules and "alt_text" not in with_captions.rules


def test_no_pages_is_a_usage_error(tmp_path: Path) -> None:
    """Issue 17.7: a report of an empty folder or file is a usage error (exit 2), no file written."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "blank.jsonl").write_text("\n")
    for name in ("empty", "blank.jsonl"):
        out = tmp_path / f"{name}.html"
        result = CliRunner().invoke(main, ["report", str(tmp_path / name), "-o", str(out)])
        assert result.exit_code == 2 and "no pages to report" in result.output, result.output
        assert not out.exists()
