"""Guess a page's language from its stopwords, for HTML and text dumps alike.

Rules match the page's language's phrases plus English, so the language is an input of
every rule (``Document.language``).  The guess counts, over a sample of prose, the words
that are stopwords of each language (``cleaner/extract/data/stopwords/<lang>.txt``); the
language with the most hits wins when they are at least ``LANG_MIN_SHARE`` of the words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from importlib import resources

LANG_MIN_SHARE = 0.08
LANG_SAMPLE_CHARS = 12000
_WORD = re.compile(r"\w+", re.UNICODE)
_PRIMARY = re.compile(r"^[A-Za-z]{2,3}(?=$|[-_])")


@cache
def stopwords() -> dict[str, frozenset[str]]:
    """{language code: stopwords}, one list per ``data/stopwords/<lang>.txt``.  O(total list size)."""
    out: dict[str, frozenset[str]] = {}
    folder = resources.files("cleaner.extract").joinpath("data", "stopwords")
    for entry in folder.iterdir():
        if entry.name.endswith(".txt"):
            words = entry.read_text(encoding="utf-8").split()
            out[entry.name[:-4]] = frozenset(w.lower() for w in words if not w.startswith("#"))
    return out


@cache
def stopword_index() -> dict[str, tuple[str, ...]]:
    """{word: languages it is a stopword of}, to guess a page's language in one pass."""
    index: dict[str, list[str]] = {}
    for lang, words in sorted(stopwords().items()):
        for w in words:
            index.setdefault(w, []).append(lang)
    return {w: tuple(langs) for w, langs in index.items()}


def language_hits(words: list[str]) -> Counter[tuple[str, ...]]:
    """{languages a word is a stopword of: count} over lower-cased ``words``.  O(len(words))."""
    return Counter(filter(None, map(stopword_index().get, words)))


def pick_language(groups: Counter[tuple[str, ...]], words: int) -> str | None:
    """The language with the most stopword hits, if they are a fair share of ``words``.

    Ties go to the alphabetically first code (deterministic).  O(number of groups)."""
    hits: Counter[str] = Counter()
    for langs, c in groups.items():
        for lang in langs:
            hits[lang] += c
    if not hits:
        return None
    lang, n = max(sorted(hits.items()), key=lambda kv: kv[1])
    return lang if n >= LANG_MIN_SHARE * words else None


def guess_language(texts: Iterable[str]) -> str | None:
    """Guess the language of prose ``texts`` on their first ``LANG_SAMPLE_CHARS`` characters.

    O(min(L, LANG_SAMPLE_CHARS)) time and memory."""
    groups: Counter[tuple[str, ...]] = Counter()
    words = 0
    size = 0
    for text in texts:
        low = _WORD.findall(text.lower())
        words += len(low)
        groups.update(language_hits(low))
        size += len(text)
        if size > LANG_SAMPLE_CHARS:
            break
    return pick_language(groups, words) if words else None


def primary_code(tag: str | None) -> str | None:
    """The primary subtag of a declared language ("en-US" -> "en", "pt_BR" -> "pt"), lower case.

    O(len(tag))."""
    if not tag:
        return None
    m = _PRIMARY.match(tag.strip())
    return m.group().lower() if m else None
