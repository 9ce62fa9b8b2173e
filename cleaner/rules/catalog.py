"""The rule catalogue: what each rule removes, with an example and a counter-example.

The entries live in ``data/catalog.toml``; ``cleaner rules`` prints them and the tests run
every example and counter-example through the one-rule harness, so the catalogue shows what
the rules really do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import RULE_NAMES
from .base import load_data


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    description: str
    example: str
    counter: str
    language: str = "en"
    kind: str = "text"
    title: str | None = None
    # Rules that take the example first in the full pipeline (tests disable them there).
    pipeline_disabled: tuple[str, ...] = ()


def catalog() -> list[Entry]:
    """Every rule's entry, in the order the rules run (``RULE_NAMES``); O(number of rules).

    A rule without an entry raises KeyError: the catalogue must cover every rule."""
    table = load_data("catalog")
    out = []
    for name in RULE_NAMES:
        row = table[name]
        out.append(
            Entry(
                name=name,
                description=row["description"],
                example=row["example"],
                counter=row["counter"],
                language=row.get("language", "en"),
                kind=row.get("kind", "text"),
                title=row.get("title"),
                pipeline_disabled=tuple(row.get("pipeline_disabled", ())),
            )
        )
    return out


_TAG = re.compile(r"<[^<>\s][^<>]*>")


def markdown_rows(entries: list[Entry]) -> list[str]:
    """The README's rule table rows, one per entry (``| `name` | description |``): markup such
    as ``<img>`` in code spans, so Markdown shows it; a bar escaped.  O(total text)."""
    rows = []
    for e in entries:
        text = _TAG.sub(lambda m: f"`{m.group()}`", e.description).replace("|", "\\|")
        rows.append(f"| `{e.name}` | {text} |")
    return rows
