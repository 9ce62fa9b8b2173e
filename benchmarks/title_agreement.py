#!/usr/bin/env python3
"""Does each record's ``title`` field agree with the first line of its ``text``?  (issue 18.2)

Usage::

    python benchmarks/title_agreement.py [--limit N] [--show N]

Every page of the dev sets (``trafilatura-eval`` and ``wcxb-dev`` as HTML, ``wet-dev`` as text
dumps, from ``../shared/devset``) is cleaned as ``cleaner clean`` cleans a record, and the
written record's ``title`` compared with the first line of its ``text``.  Counts per set:
records written, records whose title differs from the first line, records without a title.
Exits 1 when any record disagrees.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEVSET = REPO.parent / "shared" / "devset"
SETS = (("trafilatura-eval", "html"), ("wcxb-dev", "html"), ("wet-dev", "text"))


def main() -> int:
    from cleaner.api import clean_record
    from cleaner.model import Document
    from cleaner.options import Options
    from cleaner.sinks.schema import record
    from cleaner.sources import Record

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    ap.add_argument("--show", type=int, default=5, help="print N disagreeing records per set")
    args = ap.parse_args()
    options = Options()
    bad_total = 0
    for name, kind in SETS:
        meta_path = DEVSET / name / "evaldata.json"
        if not meta_path.exists():
            continue
        docs = json.loads(meta_path.read_text(encoding="utf-8"))["documents"][: args.limit or None]
        written = untitled = 0
        bad: list[tuple[str, str | None, str]] = []
        for d in docs:
            data = (meta_path.parent / d["input"]).read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            raw: str | bytes = data if kind == "html" else data.decode("utf-8", "replace")
            rec = Record(source=d["input"], doc=Document(id=str(d["id"]), raw=raw, kind=kind))
            o = clean_record(rec, options)
            if o.status != "written" or o.doc is None:
                continue
            written += 1
            out = record(o.doc, "")
            first = out["text"].split("\n", 1)[0]
            if not out["title"]:
                untitled += 1
            elif out["title"] != first:
                bad.append((str(d["id"]), out["title"], first))
        bad_total += len(bad)
        print(f"{name}: {written} written, {len(bad)} whose title is not the text's first line, {untitled} untitled")
        for id_, title, first in bad[: args.show]:
            print(f"  {id_}: title {title!r}\n  {' ' * len(id_)}  first {first[:120]!r}")
    return 1 if bad_total else 0


if __name__ == "__main__":
    sys.exit(main())
