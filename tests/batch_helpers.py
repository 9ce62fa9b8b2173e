"""Shared helpers for the batch, source, sink, CLI and hostile tests (inputs built in tmp_path)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from cleaner.sources.warc import warc_record_bytes

REPO = Path(__file__).resolve().parents[1]
TEXT_INPUTS = REPO / "fixtures" / "text" / "input"
HOSTILE = REPO / "fixtures" / "hostile"

PARA = (
    "The harbour commission met on Tuesday to discuss the new ferry timetable, which will add two early "
    "crossings on weekdays from March. Residents had asked for the change for years."
)


def article(i: int) -> str:
    """A distinct small plain-text article."""
    return (
        f"Ferry story number {i}\n\n{PARA} This is story {i}.\n\n"
        f"A second paragraph about story {i} explains that the council will vote in {1990 + i % 30}.\n"
    )


def page(i: int) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>Ferry story {i}</title></head><body><article>"
        f"<h1>Ferry story {i}</h1><p>{PARA} Page {i}.</p><p>The council will vote in {1990 + i % 30} on page {i}.</p>"
        "</article></body></html>"
    )


def write_text_files(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"doc{i:03d}.txt").write_text(article(i), encoding="utf-8")
    return folder


def write_jsonl(path: Path, n: int, *, gz: bool = False) -> Path:
    rows = ({"id": f"rec-{i}", "text": article(i), "url": f"https://example.org/{i}"} for i in range(n))
    lines = "".join(json.dumps(r) + "\n" for r in rows)
    data = lines.encode()
    path.write_bytes(gzip.compress(data, mtime=0) if gz else data)
    return path


def write_warc(path: Path, n: int) -> Path:
    path.write_bytes(b"".join(warc_record_bytes(f"https://example.org/p/{i}", page(i).encode()) for i in range(n)))
    return path


def read_jsonl(path: Path) -> list[dict]:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return [json.loads(line) for line in raw.splitlines() if line.strip()]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path (to compare two outputs byte for byte)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
