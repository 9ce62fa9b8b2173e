"""The line classifier's features, scores and decisions equal the ones recorded in
``fixtures/learn/recorded.npz`` on four documents built here: the per-document vectorised
features and the flattened tree walk must compute exactly what the per-block code did (same
float32 matrices, same (row, bucket) pairs, same probabilities, same kept/removed blocks).

The record was written by the per-block code before it was made fast; after a deliberate
change of the features or a retrained model, write it again with
``PYTHONPATH=. python tests/test_learn_recorded.py`` and say why in the commit.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import cleaner
from cleaner.learn.features import Memo, document_features
from cleaner.learn.model import load_model
from cleaner.model import Block, Document, Kind, Origin
from cleaner.options import Options
from cleaner.pipeline import split
from cleaner.rules.testing import run_rule

RECORD = Path(__file__).resolve().parent.parent / "fixtures" / "learn" / "recorded.npz"

_MENU = ["Skip to content", "Home", "World", "Business", "Sport", "Login", "Subscribe"]
_ARTICLE = [
    "The harbour commission met on Tuesday to discuss the new ferry timetable, which will add two early\n"
    "crossings on weekdays from March.",
    "Residents had asked for the change for years, the chair said, and the council agreed to pay for the "
    "extra staff the early boats need: about $40,000 a year.",
    "WHAT HAPPENS NEXT:",
    "The first early crossing will leave the north quay at 6.15 on the 3rd of March (see www.ferries.com).",
    "- Tickets cost £4.50 each",
    "- Season passes: 120 EUR",
    "Share | Tweet | Email",
    "“We are pleased,” said the chair — and the room applauded.",
    "Home",
    "Read more » Ferry news › Timetables",
]
_FOOTER = ["© 2024 Harbour Gazette Media Ltd. All rights reserved.", "Privacy Policy", "Terms of Use", "Contact us"]
_GERMAN = [
    "Startseite / Politik / Wirtschaft",
    "Die Kommission hat am Dienstag über den neuen Fahrplan beraten, der ab März zwei frühe Fähren an den "
    "Werktagen vorsieht.",
    "Die Anwohner hatten sich das seit Jahren gewünscht, sagte die Vorsitzende, und der Rat will das "
    "zusätzliche Personal bezahlen.",
    "Jetzt abonnieren",
    "Impressum",
    "Datenschutz",
    "Die erste frühe Fähre fährt am 3. März um 6.15 Uhr am Nordkai ab, teilte die Gesellschaft mit.",
    "Kommentare (12)",
    "Startseite / Politik / Wirtschaft",
    "Mehr zum Thema",
    "Fähren im Winter: was sich ändert",
    "Neue Kaimauer für den Südhafen",
    "Teilen",
    "Drucken",
    "© Hafenzeitung 2024",
]
_SHOP = [
    "Cart (0)",
    "SIGN IN",
    "Sale",
    "New arrivals",
    "Harbour Ferry Model Kit",
    "★★★★☆ 4.2 (31 reviews)",
    "$29.99",
    "Add to cart",
    "A detailed model of the harbour ferry, with 120 parts, glue and paints included; suitable for ages 12 and up.",
    "Colour: blue",
    "Colour: red",
    "Pros",
    "Cons",
    "Customers also bought",
    "Lighthouse Kit $19.99",
    "Quay Crane Kit $24.99",
    "Follow us @harbourshop.com",
    "Newsletter",
    "Enter your email:",
    "© 2024 Harbour Shop™",
]


def _dumps() -> list[tuple[str, str | None]]:
    """(dump, declared language): an English article page, a German one, a shop page."""
    news = "\n".join(_MENU) + "\n\nFerry timetable adds early crossings\n\n" + "\n\n".join(_ARTICLE)
    news += "\n\n" + "\n".join(_FOOTER) + "\n\n" + "\n".join(_MENU[1:4]) + "\n"
    german = "Neuer Fahrplan\n\n" + "\n\n".join(_GERMAN) + "\n"
    shop = "\n".join(_SHOP) + "\n"
    return [(news, None), (german, "de"), (shop, "en")]


def _made_blocks() -> list[Block]:
    """Blocks of every kind, with and without line spans and groups, some without words."""
    kinds = [Kind.TITLE, Kind.HEADING, Kind.PARAGRAPH, Kind.LIST_ITEM, Kind.QUOTE, Kind.TABLE_ROW, Kind.CODE]
    texts = ["***", "—", "", "x = f(1) + 2", "ÉTÉ 2024", *_ARTICLE, *_SHOP[:8], "***"]
    out = []
    for i, t in enumerate(texts):
        origin = Origin(i + 1, i + 1 + i % 3) if i % 4 else Origin(path=f"/p[{i}]")
        out.append(Block(t or " ", kinds[i % len(kinds)], origin, group=i // 3 if i % 5 else None))
    return out


def _documents() -> list[tuple[list[Block], str | None, str | None]]:
    """(blocks, language, title) as the line model sees them."""
    docs = []
    for raw, language in _dumps():
        doc = Document(id="r", raw=raw, kind="text", language=language)
        split(doc, Options())
        docs.append(([b for b in doc.blocks if b.text], doc.language, doc.title))
    docs.append((_made_blocks(), "xx", "Ferry Timetable: early crossings"))
    return docs


def _features(blocks: list[Block], language: str | None, title: str | None) -> dict[str, np.ndarray]:
    """The whole document's features, then (same memo, as the settle passes do) those of what
    is left when every third block is gone and two others lost text."""
    memo: Memo = {}
    dense, rows, buckets = document_features(blocks, language, title, memo)
    views = [
        Block(b.text[: len(b.text) // 2] if i in (4, 7) else b.text, b.kind, b.origin, b.group)
        for i, b in enumerate(blocks)
        if i % 3 != 1
    ]
    dense2, rows2, buckets2 = document_features(views, language, title, memo)
    return {"dense": dense, "pairs": _pairs(rows, buckets), "dense2": dense2, "pairs2": _pairs(rows2, buckets2)}


def _pairs(rows: np.ndarray, buckets: np.ndarray) -> np.ndarray:
    """The (row, bucket) pairs in a canonical order (the order carries no meaning)."""
    pairs = np.stack([rows.astype(np.int64), buckets.astype(np.int64)], axis=1)
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]


def _decisions(raw: str, language: str | None, alone: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each block's P(body) from the shipped model and its fate (0 kept, 1 line_model, 2 other),
    the line model run ``alone`` or in the whole pipeline."""
    if alone:
        doc = run_rule("line_model", raw, language=language)
    else:
        doc = cleaner.clean_document(Document(id="r", raw=raw, kind="text", language=language))
    scores = np.array([np.nan if b.body_score is None else b.body_score for b in doc.blocks], dtype=np.float64)
    fate = [0 if b.kept else 1 if b.removal is not None and b.removal.rule == "line_model" else 2 for b in doc.blocks]
    return scores, np.array(fate, dtype=np.int8)


def _current() -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for d, (blocks, language, title) in enumerate(_documents()):
        for key, value in _features(blocks, language, title).items():
            out[f"{key}_{d}"] = value
    for d, (raw, language) in enumerate(_dumps()):
        out[f"scores_{d}"], out[f"fate_{d}"] = _decisions(raw, language, alone=False)
        out[f"alone_scores_{d}"], out[f"alone_fate_{d}"] = _decisions(raw, language, alone=True)
    return out


@pytest.fixture(scope="module")
def recorded() -> dict[str, np.ndarray]:
    with np.load(RECORD, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


@pytest.fixture(scope="module")
def current() -> dict[str, np.ndarray]:
    return _current()


@pytest.mark.parametrize("doc", range(4))
def test_the_features_are_the_recorded_ones(recorded, current, doc: int) -> None:
    for key in ("dense", "pairs", "dense2", "pairs2"):
        want, got = recorded[f"{key}_{doc}"], current[f"{key}_{doc}"]
        assert got.dtype == want.dtype and got.shape == want.shape, key
        assert np.array_equal(got, want), (key, np.argwhere(got != want)[:5].tolist())


@pytest.mark.parametrize("doc", range(3))
@pytest.mark.parametrize("how", ["", "alone_"])
def test_the_scores_and_decisions_are_the_recorded_ones(recorded, current, doc: int, how: str) -> None:
    assert np.array_equal(current[f"{how}scores_{doc}"], recorded[f"{how}scores_{doc}"], equal_nan=True)
    assert current[f"{how}fate_{doc}"].tolist() == recorded[f"{how}fate_{doc}"].tolist()
    if how:  # alone, the model acted: it removed some blocks in its settle passes and kept others
        assert (current[f"{how}fate_{doc}"] == 1).any() and (current[f"{how}fate_{doc}"] == 0).any()


def test_the_record_covers_what_the_features_distinguish(recorded) -> None:
    """The documents exercise every dense column the model can see (a column that is the same
    everywhere would let a mistake in it pass)."""
    dense = np.concatenate([recorded[f"dense_{d}"] for d in range(4)])
    assert np.all(dense.max(axis=0) > dense.min(axis=0))
    assert load_model() is not None


if __name__ == "__main__":
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(RECORD, **_current())
    print(f"wrote {RECORD} ({RECORD.stat().st_size} bytes)")
