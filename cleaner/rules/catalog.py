"""The rule catalogue: what each rule removes, with an example and a counter-example.

The entries live in ``data/catalog.toml``; ``cleaner rules`` prints them and the tests run
every example and counter-example through the one-rule harness, so the catalogue shows what
the rules really do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..steps import declared_confidence
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
    # For a guessing step that marks some removals sure itself: which ones.
    sure_when: str | None = None

    @property
    def confidence(self) -> str:
        """The step's declared confidence (``steps.toml``), with the removals it is sure of
        when it marks them itself: what ``cleaner check`` counts by default.  O(1)."""
        declared = declared_confidence(self.name).value
        return f"{declared} (sure: {self.sure_when})" if self.sure_when else declared


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
                sure_when=row.get("sure_when"),
            )
        )
    return out


_TAG = re.compile(r"<[^<>\s][^<>]*>")


def markdown_rows(entries: list[Entry]) -> list[str]:
    """The README's rule table rows, one per entry (``| `name` | confidence | description |``):
    markup such as ``<img>`` in code spans, so Markdown shows it; a bar escaped.  O(total text)."""
    rows = []
    for e in entries:
        text = _TAG.sub(lambda m: f"`{m.group()}`", e.description).replace("|", "\\|")
        rows.append(f"| `{e.name}` | {e.confidence} | {text} |")
    return rows
