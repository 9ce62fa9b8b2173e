"""Real article bodies: title + main-text paragraphs from the wcxb dev set, split by page id."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .pools import split_of

ROOT = Path(__file__).resolve().parents[2]
WCXB = ROOT.parent / "shared" / "devset" / "wcxb-dev" / "evaldata.json"
ARTICLE_TYPES = ("article", "blog")
MIN_PARAGRAPHS = 3
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Body:
    """One real page: its id, title and main-text paragraphs (whitespace collapsed, unique)."""

    id: str
    title: str
    paragraphs: tuple[str, ...]


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs of a main text: one per non-blank line, whitespace collapsed, repeats dropped.

    A line inside a blank-line paragraph (a list item) is its own paragraph, as a dump shows it.
    Repeats are dropped so that the only legit repeats in a dump are the ones the generator puts
    there on purpose. Time and memory O(len(text)).
    """
    out: list[str] = []
    seen: set[str] = set()
    for line in text.split("\n"):
        para = _SPACE.sub(" ", line).strip()
        if para and para not in seen:
            seen.add(para)
            out.append(para)
    return out


def load_bodies(split: str, path: Path = WCXB) -> list[Body]:
    """Article-like pages of ``split`` (by a hash of the page id) with a title and >= 3 paragraphs.

    Time and memory O(size of the evaldata file).
    """
    if not path.exists():
        raise SystemExit(f"{path} not found: the benchmark needs ../shared/devset/wcxb-dev")
    docs = json.loads(path.read_text(encoding="utf-8"))["documents"]
    out = []
    for doc in docs:
        if doc.get("page_type") not in ARTICLE_TYPES or split_of(str(doc["id"])) != split:
            continue
        title = _SPACE.sub(" ", doc.get("title") or "").strip()
        paras = [p for p in paragraphs_of(doc.get("articleBody") or "") if p != title]
        if title and len(paras) >= MIN_PARAGRAPHS:
            out.append(Body(str(doc["id"]), title, tuple(paras)))
    return out
