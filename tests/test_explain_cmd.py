"""``cleaner explain PAGE``: kept text plain, every removed block or span marked by its rule."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from cleaner import Document, clean_document
from cleaner.cli import main
from cleaner.report.segments import Piece, block_pieces, document_view

ROOT = Path(__file__).resolve().parent.parent
PATREON = ROOT / "fixtures" / "text" / "input" / "patreon-appeal.txt"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(*args: str):
    return CliRunner().invoke(main, ["explain", *args], catch_exceptions=False)


def test_plain_markers_without_a_terminal() -> None:
    result = run(str(PATREON))
    assert result.exit_code == 0
    out = result.output
    assert "\x1b[" not in out
    assert "[-Posted by admin-]{byline}" in out
    assert "[-Become a patron-]{appeal}" in out
    # the counter-example stays unmarked: a quoted "Like and subscribe" is the article's
    assert "\n“Like and subscribe,” he joked" in out
    assert out.startswith("The YouTuber who taught a village to fix its own motorbikes\n\n")


def test_kept_text_is_what_clean_keeps() -> None:
    """Dropping the marked pieces leaves the text ``cleaner clean`` prints (same pipeline)."""
    out = run(str(PATREON)).output
    kept = [p for p in (re.sub(r"\[-.*?-\]\{\w+\}", "", para).strip() for para in out.split("\n\n")) if p]
    cleaned = CliRunner().invoke(main, ["clean", str(PATREON)]).output
    assert "\n\n".join(kept) + "\n" == cleaned


def test_colour_always() -> None:
    out = run(str(PATREON), "--color", "always").output
    assert "\x1b[9;31mPosted by admin\x1b[0m\x1b[2;33m[byline]\x1b[0m" in out
    assert "[-" not in ANSI.sub("", out)


def test_colour_never_and_spans(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text(
        "A title here\n\n"
        '[caption id="1"]A boat on the river[/caption] The river is wide and the boats are old, '
        "said the boatman, who has crossed it for eleven years.\n"
    )
    out = run(str(page), "--color", "never").output
    assert '[-[caption id="1"]A boat on the river[/caption]-]{shortcode} The river is wide' in out


def test_each_record_of_a_jsonl(tmp_path: Path) -> None:
    page = tmp_path / "r.jsonl"
    rows = [{"id": "a", "text": "First title\n\nSome body text of the first record.\n\nShare this:"}, {"id": "b"}]
    page.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = run(str(page))
    assert f"== {page} line 1\n" in result.output and "[-Share this:-]{share}" in result.output
    assert result.exit_code == 1 and "line 2: missing_field" in result.output


def test_missing_page_is_a_usage_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "none.html"))
    assert result.exit_code == 2


def test_overlapping_cuts_are_shown_once() -> None:
    doc = clean_document(Document(id="x", raw="Title line\n\nA sentence that is kept here.\n"))
    block = doc.blocks[-1]
    block.cut(0, 10, "one", "r1")
    block.cut(5, 15, "two", "r2")
    pieces = block_pieces(block)
    assert "".join(p.text for p in pieces) == block.text
    assert [p.rule for p in pieces] == ["one", "two", None]
    assert pieces[0] == Piece(block.text[:10], "one", "r1")
    assert document_view(doc)[-1].pieces == pieces


def test_html_page_title_and_pruned_subtrees() -> None:
    page = ROOT / "fixtures" / "html" / "input" / "news-data-table.html"
    out = run(str(page)).output
    first, second = out.split("\n\n")[:2]
    assert first == "How much English councils will raise council tax this year"
    assert second.startswith("([html_prune] whole subtrees dropped") and "<nav> 1" in second
    assert "[-How much English councils will raise council tax this year-]{duplicate}" in out


def test_warc_skips_are_one_count_not_a_line_each(tmp_path: Path) -> None:
    """Issue 17.12: request, metadata and non-HTML records of a WARC were one stderr line each
    (and made the exit code 1); now one line counts them by reason, and exit 0."""
    from cleaner.sources.warc import warc_record_bytes

    body = (
        b"<html><title>T</title><body><article><p>" + b"A paragraph of the page. " * 8 + b"</p></article></body></html>"
    )
    data = b"".join(
        [
            warc_record_bytes("https://e.org/a", b"GET / HTTP/1.1\r\n\r\n", warc_type="request"),
            warc_record_bytes("https://e.org/a", body),
            warc_record_bytes("https://e.org/b", b"GET / HTTP/1.1\r\n\r\n", warc_type="request"),
            warc_record_bytes("https://e.org/c", b"GET / HTTP/1.1\r\n\r\n", warc_type="request"),
            warc_record_bytes("https://e.org/i", b"\x89PNG", content_type="image/png"),
        ]
    )
    page = tmp_path / "crawl.warc.gz"
    page.write_bytes(data)
    result = run(str(page))
    assert result.exit_code == 0, result.output
    assert "A paragraph of the page." in result.stdout
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert skipped == ["cleaner: skipped 4 records that are not pages (not_html 1, warc_request 3)"], result.stderr


def test_a_page_whose_cleaning_raises_fails_by_name(tmp_path: Path, monkeypatch) -> None:
    """Issue 23.18: an exception while cleaning one record printed a traceback; now the record
    fails by name (as in ``cleaner clean``), the others are shown, and the exit code is 1."""
    import cleaner.records as cmd  # the one record loop explain cleans through

    real = cmd.process

    def flaky(doc, options):
        if "boom" in str(doc.raw):
            raise UnicodeError("decoding with 'undefined' codec failed")
        return real(doc, options)

    monkeypatch.setattr(cmd, "process", flaky)
    page = tmp_path / "r.jsonl"
    rows = [{"id": "a", "text": "boom"}, {"id": "b", "text": "Title\n\nA body that is kept as it is.\n"}]
    page.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = run(str(page))
    assert result.exit_code == 1
    assert "line 1: clean_error: UnicodeError: decoding with 'undefined' codec failed" in result.stderr
    assert "A body that is kept" in result.stdout
