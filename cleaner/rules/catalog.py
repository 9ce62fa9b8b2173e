"""The rule catalogue: what each rule removes, with an example and a counter-example.

The entries live in ``data/catalog.toml``; ``cleaner rules`` prints them and the tests run
every example and counter-example through the one-rule harness, so the catalogue shows what
the rules really do.  Each rule's false-fire rate on clean prose (``data/false_fire.toml``,
written by ``benchmarks/cleanprose.py --write-rates``) is measured, not claimed: a rule the
file does not name shows "not measured".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

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
    false_fire: FalseFire | None = None
    # For a guessing step that marks some removals sure itself: which ones.
    sure_when: str | None = None

    @property
    def confidence(self) -> str:
        """The step's declared confidence (``steps.toml``), with the removals it is sure of
        when it marks them itself: what ``cleaner check`` counts by default.  O(1)."""
        declared = declared_confidence(self.name).value
        return f"{declared} (sure: {self.sure_when})" if self.sure_when else declared


@dataclass(frozen=True, slots=True)
class FalseFire:
    """How often a rule fired on the clean-prose benchmark (texts with no boilerplate, so every
    removal is a false one): the share of documents it changed and of characters it removed, or
    (percentages None) why the benchmark cannot measure it, as for an HTML-only step."""

    documents_pct: float | None
    chars_pct: float | None
    not_measured: str = ""

    def describe(self) -> str:
        """``fires on 3.1% of documents, removes 0.02% of characters``.  O(1)."""
        if self.documents_pct is None or self.chars_pct is None:
            return f"{NOT_MEASURED} ({self.not_measured})"
        return f"fires on {_pct(self.documents_pct)} of documents, removes {_pct(self.chars_pct)} of characters"

    def cell(self) -> str:
        """The README column: ``3.1% / 0.02%`` (documents / characters).  O(1)."""
        if self.documents_pct is None or self.chars_pct is None:
            return f"{NOT_MEASURED} ({self.not_measured})"
        return f"{_pct(self.documents_pct)} / {_pct(self.chars_pct)}"


NOT_MEASURED = "not measured"


def _pct(value: float) -> str:
    """A percentage with the precision a small rate needs (0.004% is not 0%).  O(1)."""
    if value == 0:
        return "0%"
    if value < 0.01:
        return "<0.01%"
    return f"{value:.2f}%" if value < 1 else f"{value:.1f}%"


@cache
def false_fire_data() -> dict[str, Any]:
    """``data/false_fire.toml``: ``[measured]`` (corpus, documents, characters, date, commit) and
    ``[rules.NAME]`` rates; an empty table when the file is absent.  O(rules), once per process."""
    try:
        return load_data("false_fire")
    except FileNotFoundError:
        return {}


def false_fire_rates() -> dict[str, FalseFire]:
    """{rule: its rate} for every rule the rates file names (``not_measured``: why not).  O(rules)."""
    out = {}
    for name, r in false_fire_data().get("rules", {}).items():
        if "not_measured" in r:
            out[name] = FalseFire(None, None, str(r["not_measured"]))
        else:
            out[name] = FalseFire(float(r["documents_pct"]), float(r["chars_pct"]))
    return out


def measured_on() -> str:
    """Where the rates come from, in one line (corpus, size, date, commit), or "not measured".  O(1)."""
    m = false_fire_data().get("measured")
    if not m:
        return NOT_MEASURED
    return (
        f"{m['corpus']}: {m['documents']} documents, {m['characters']} characters; "
        f"measured {m['date']} at commit {m['commit']}"
    )


def catalog() -> list[Entry]:
    """Every rule's entry, in the order the rules run (``RULE_NAMES``); O(number of rules).

    A rule without an entry raises KeyError: the catalogue must cover every rule."""
    table = load_data("catalog")
    rates = false_fire_rates()
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
                false_fire=rates.get(name),
            )
        )
    return out


_TAG = re.compile(r"<[^<>\s][^<>]*>")

MARKDOWN_HEADER = "| rule | confidence | what it removes | on clean prose: documents fired / characters removed |"


def markdown_rows(entries: list[Entry]) -> list[str]:
    """The README's rule table rows, one per entry (``| `name` | confidence | description |
    rates |``, under :data:`MARKDOWN_HEADER`): markup such as ``<img>`` in code spans, so
    Markdown shows it; a bar escaped.  O(total text)."""
    rows = []
    for e in entries:
        text = _TAG.sub(lambda m: f"`{m.group()}`", e.description).replace("|", "\\|")
        rate = NOT_MEASURED if e.false_fire is None else e.false_fire.cell()
        rows.append(f"| `{e.name}` | {e.confidence} | {text} | {rate} |")
    return rows
