"""Terminal controls and bidi overrides never reach any output (issue 23.8).

C0/C1 controls (other than newline and tab) retitle or clear a terminal when printed (``ESC ]0;``,
``ESC [2J``); bidi embeddings, overrides, isolates and marks reorder what a reader sees
(U+061C, U+200E/U+200F, U+202A-U+202E, U+2066-U+2069).  Every output field of every input kind
(record text, title, id, url, every metadata string, folder ``.txt``, stdout, ``--explain``,
``cleaner explain``, the errors file and the report) is free of them.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.api import clean_record
from cleaner.batch import run_batch
from cleaner.cli import main
from cleaner.cli.explain import render_document
from cleaner.names import safe_str
from cleaner.options import Options
from cleaner.report.segments import document_view, page_notes
from cleaner.sinks.schema import record
from cleaner.sinks.text import explain, explain_records
from cleaner.sources import ReadConfig, expand_inputs, read_file
from cleaner.sources.warc import warc_record_bytes

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
UNSAFE_CHARS = "\x00\x01\x07\x08\x0b\x0c\r\x1b\x7f\x85\x9b\u061c\u200e\u200f" + "".join(map(chr, range(0x202A, 0x202F)))
UNSAFE_CHARS += "\u2066\u2067\u2068\u2069"
HOSTILE = "text\x1b]0;TITLE\x07\x1b[2J\x01 and \u202eevil\u2066 done"
PROSE = (
    "The council met on Tuesday to discuss the new budget for the coming year and its many open questions. "
    "Members agreed that the school buildings in the north of the town need repairs before the winter comes."
)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _assert_safe(value: Any) -> None:
    for s in _strings(value):
        assert UNSAFE.search(s) is None, repr(s)


def _html(a: str, b: str) -> str:
    ref = "&#x1b;&#27;&#x9b;&#x202e;&#8296;"  # character references decode to the same characters
    return (
        f'<html lang="en{a}"><head><title>T{a}itle</title><meta name="author" content="Jo{b}hn">'
        f'<meta property="og:site_name" content="Site{a}"><link rel="canonical" href="https://x.org/{b}">'
        f"</head><body><article><h1>Head{b}line</h1><p>{PROSE} {a}{ref}</p><pre>code {b}</pre>"
        f"<p>{PROSE} again {b}</p></article></body></html>"
    )


def _inputs(folder: Path, a: str, b: str) -> None:
    (folder / "page.html").write_text(_html(a, b), encoding="utf-8", errors="surrogatepass")
    (folder / "dump.txt").write_text(f"Title {a}\n\n{PROSE} {b}\n\n{PROSE} more {a}\n", encoding="utf-8")
    row = {"id": f"id{a}", "text": f"{PROSE} {a}\n\n{PROSE} {b}", "url": f"https://x.org/{b}", "title": f"T{a}"}
    row.update({"author": f"A{b}", "date": f"2024{a}", "lang": f"en{b}", "custom": {"k": f"v{a}", f"k{b}": [b]}})
    html_row = {"id": f"h{b}", "html": _html(b, a), "url": f"u{a}"}
    (folder / "recs.jsonl").write_text(json.dumps(row) + "\n" + json.dumps(html_row) + "\n", encoding="utf-8")
    (folder / "crawl.warc.gz").write_bytes(warc_record_bytes(f"https://x.org/{a}", _html(a, b).encode()))


def _check_folder(folder: Path) -> None:
    options = Options(min_chars=0)
    for f in expand_inputs([str(folder)]):
        for rec in read_file(f, ReadConfig()):
            out = clean_record(rec, options, "text")
            _assert_safe([out.id, out.source, out.position, out.message, out.explain])
            if out.doc is not None:
                _assert_safe(record(out.doc, "2024-01-01"))
            if rec.doc is not None and rec.error is None:
                views = document_view(rec.doc)
                _assert_safe(render_document(views, page_notes(rec.doc), False, rec.doc.title))
                _assert_safe(explain(rec.doc))
                _assert_safe(explain_records(rec.doc))


hostile_text = st.text(alphabet=st.sampled_from(UNSAFE_CHARS + "ab <>&;\n\t"), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text, hostile_text)
def test_no_output_field_of_any_input_kind_holds_unsafe_characters(a: str, b: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _inputs(folder, a, b)
        _check_folder(folder)


def test_the_reported_case_is_stripped_from_html_body_text(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    _inputs(tmp_path / "in", HOSTILE, HOSTILE)
    _check_folder(tmp_path / "in")
    out = tmp_path / "out"
    summary = run_batch([str(tmp_path / "in")], str(out / "o.jsonl"), Options(min_chars=0), jobs=1)
    assert summary.written == 5
    rows = [json.loads(line) for line in (out / "o.jsonl").read_text("utf-8").splitlines()]
    _assert_safe(rows)
    assert any("text]0;TITLE[2J and evil done" in r["text"] for r in rows)  # the text itself stays


def test_folder_output_and_stdout_are_stripped(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_text(_html(HOSTILE, HOSTILE), encoding="utf-8")
    run_batch([str(tmp_path / "in")], str(tmp_path / "out"), Options(min_chars=0), jobs=1)
    for f in (tmp_path / "out").rglob("*.txt"):
        _assert_safe(f.read_text("utf-8"))
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "in" / "page.html")])
    assert result.exit_code == 0 and "evil" in result.output
    _assert_safe(result.output)


def test_explain_on_a_terminal_prints_no_controls_of_the_page(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(_html(HOSTILE, HOSTILE), encoding="utf-8")
    for color in ("never", "always"):
        result = CliRunner().invoke(main, ["explain", str(page), "--color", color])
        assert result.exit_code == 0 and "evil" in result.output
        # Our own colour codes are the only escapes: ESC followed by "[" and an SGR code.
        _assert_safe(re.sub(r"\x1b\[[0-9;]*m", "", result.output))


def test_errors_quoting_input_are_stripped(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": HOSTILE, "text": 5}) + "\n", encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    summary = run_batch([str(bad)], str(tmp_path / "o.jsonl"), Options(), jobs=1, errors_path=errors)
    assert summary.failed == 1
    _assert_safe([json.loads(line) for line in errors.read_text("utf-8").splitlines()])


def test_safe_str_keeps_text_newlines_tabs_and_emoji() -> None:
    text = "Línea\tuno\nשלום עולם 👩‍🔬 مرحبا"
    assert safe_str(text) == text
    assert safe_str("a\r\nb\rc") == "a\nb\nc"
    assert safe_str("\ud800x\x1b[2J\u202e") == "\ufffdx[2J"


def test_printers_and_the_error_log_guard_what_they_write(tmp_path: Path) -> None:
    # The final guards, for text that reached them some other way than through a source.
    from cleaner.batch import Outcome, _ErrorLog
    from cleaner.report.html import _e

    seen: list[dict[str, Any]] = []
    log = _ErrorLog(tmp_path / "errors.jsonl", seen.append)
    log.add(Outcome("failed", HOSTILE, HOSTILE, HOSTILE, "clean_error", f"ValueError: {HOSTILE}"))
    log.close()
    _assert_safe(seen)
    _assert_safe([json.loads(line) for line in (tmp_path / "errors.jsonl").read_text("utf-8").splitlines()])
    _assert_safe(_e(HOSTILE))
    _assert_safe(render_document([], [HOSTILE], False, HOSTILE))
