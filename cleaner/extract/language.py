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
TEXT_SAMPLE_CHARS = 2500  # enough prose to tell a dump's language (cheaper than HTML's sample)
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


def guess_language(texts: Iterable[str], sample: int = LANG_SAMPLE_CHARS) -> str | None:
    """Guess the language of prose ``texts`` on their first ``sample`` characters.

    O(min(L, sample)) time and memory."""
    parts: list[str] = []
    size = 0
    for text in texts:
        parts.append(text)
        size += len(text)
        if size > sample:
            break
    words = _WORD.findall(" ".join(parts).lower())
    return pick_language(language_hits(words), len(words)) if words else None


MIN_OTHER_HITS = 1  # words only another language has, for it to count as one of the page's


@cache
def _exclusive(groups: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """{word: the one language it is a stopword of} for words of a single list, languages
    taken together as ``groups`` says (("pt", "es"): a word of both counts for "es")."""
    group = dict(groups)
    out = {}
    for w, langs in stopword_index().items():
        owners = {group.get(lang, lang) for lang in langs}
        if len(owners) == 1:
            out[w] = owners.pop()
    return out


def other_languages(
    texts: Iterable[str], primary: str | None, groups: tuple[tuple[str, str], ...] = ()
) -> tuple[str, ...]:
    """Languages besides ``primary`` that a page also speaks: site chrome is often in the
    site's language whatever the article's ("Par Jeanne Roy", "Répondre" around an English
    article).  A language counts when at least ``MIN_OTHER_HITS`` words that are stopwords of
    it alone occur; shared words ("was" is English, German and Dutch) never count.

    O(L) time for L characters of ``texts``, O(1) memory beyond the word lists."""
    exclusive = _exclusive(groups)
    hits = Counter(filter(None, map(exclusive.get, _WORD.findall(" ".join(texts).lower()))))
    own = dict(groups).get(primary or "", primary)
    return tuple(sorted(lang for lang, n in hits.items() if n >= MIN_OTHER_HITS and lang not in (primary, own)))


def primary_code(tag: str | None) -> str | None:
    """The primary subtag of a declared language ("en-US" -> "en", "pt_BR" -> "pt"), lower case.

    O(len(tag))."""
    if not tag:
        return None
    m = _PRIMARY.match(tag.strip())
    return m.group().lower() if m else None
