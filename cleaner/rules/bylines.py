"""Bylines ("By Jane Doe", "Posted by admin") and date lines ("March 3, 2021").

A byline is a short block that starts with a byline word and then names someone: the words
after it are capitalised (or a single user name), so "By the end of the year, ..." stays.
A date line holds a date and nothing but date words ("Posted on", "at 5:12 pm"): a one-line
paragraph that mentions a date inside a sentence stays.
"""

from __future__ import annotations

import re
from functools import cache

from ..model import Document, Kind
from ..options import Options
from ..textnorm import words_at_most
from ..textshape import is_prose_text
from .authors import MAX_LINE_WORDS as MAX_AUTHOR_LINE_WORDS
from .authors import author_names, credits_person, opens_with
from .base import (
    ALL_LANGS,
    Langs,
    Rule,
    block_form,
    full_match,
    langs_of,
    load_data,
    phrases,
    squeeze_spaces,
    word_count,
)
from .navigation import is_menu

NAME = "byline"
AUTHOR_BOX = "author_box"
MAX_BYLINE_WORDS = 16
AUTHOR_BIO_BLOCKS = 2
MAX_BIO_WORDS = 70
_CONNECTORS = frozenset("and & und et y e van von der de la da di du le el".split())


@cache
def _byline_prefix(langs: Langs) -> re.Pattern[str]:
    """The byline words of ``langs`` ("By", "Von", "Par"...) followed by a name.  O(1) after the first call."""
    words = sorted(set(phrases("byline", "prefix", langs)), key=lambda w: (-len(w), w))
    return re.compile(r"^(?:" + "|".join(words) + r")\s*:?\s+", re.IGNORECASE)


@cache
def _date_regex() -> tuple[re.Pattern[str], frozenset[str]]:
    data = load_data("dates")
    months = "|".join(sorted((re.escape(m) for m in data["months"]), key=len, reverse=True))
    day = r"\d{1,2}(?:st|nd|rd|th|\.|º)?"
    date = (
        rf"(?:(?:{months})\.?\s+{day},?\s+\d{{4}}"
        rf"|{day}\s+(?:de\s+)?(?:{months})\.?,?\s+(?:de\s+)?\d{{4}}"
        rf"|(?:{months})\.?\s+\d{{4}}"
        r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"
        r"|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    )
    fillers = frozenset(data["fillers"]) | frozenset(w.lower() for w in data["weekdays"])
    return re.compile(date, re.IGNORECASE), fillers


@cache
def closing_date() -> re.Pattern[str]:
    """A date closing a line after a comma ("..., in Porto, 2 May 2019."): how a photo caption
    dates itself; prose says "on 2 May 2019".  O(1) after the first call."""
    rx, _ = _date_regex()
    return re.compile(rf",\s*(?:(?:on|am|le|el|il|em|w|dnia)\s+)?(?:{rx.pattern})\.?\s*$", re.IGNORECASE)


_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# "aja/PAP", "(dpa)", "jw/AFP/Reuters": initials and news agencies closing a wire story.
_AGENCY_SIGNATURE = re.compile(
    r"^\(?(?:[a-ząćęłńóśźż]{1,4}/)*(?:pap|dpa|afp|ap|reuters|efe|ansa|kna|epd|apa|sda|ria|tass|xinhua|ips|dpa-afx)"
    r"(?:/[a-ząćęłńóśźż]{1,4}|/(?:pap|dpa|afp|ap|reuters|efe|ansa|kna|epd|apa))*\)?\.?$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[^\W\d_]+")
_NUMERIC_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}")


@cache
def _month_words() -> frozenset[str]:
    return frozenset(m.lower() for m in load_data("dates")["months"])


_TOKEN = re.compile(r"[^\s,|·•/–—-]+")


def is_date_line(text: str) -> bool:
    """A short block made of a date plus date words only."""
    if word_count(text) > 14 or _DIGIT.search(text) is None:
        return False
    if _NUMERIC_DATE.search(text) is None and _month_words().isdisjoint(_WORDS.findall(text.lower())):
        return False
    rx, fillers = _date_regex()
    rest, n = rx.subn(" ", text)
    if n == 0:
        return False
    rest = _TIME.sub(" ", rest)
    others = 0
    for tok in _TOKEN.findall(rest):
        t = tok.lower().strip(".:()[]")
        if t and t not in fillers and not t.isdigit():
            others += 1
    # One other word may stand beside a short date: a section label ("Energie 12.12.2022").
    return others == 0 or (others == 1 and word_count(text) <= 5)


def is_byline(text: str, langs: Langs = ALL_LANGS) -> bool:
    if word_count(text) > MAX_BYLINE_WORDS or (
        text.rstrip().endswith((".", "!", "?")) and not text.rstrip().endswith(("Jr.", "Sr."))
    ):
        return False
    m = _byline_prefix(langs).match(block_form(text))
    if m is None:
        return False
    rest = block_form(text)[m.end() :]
    name = re.split(r"\s*[,|·•/–—]\s*|\s+-\s+|\s+(?:at|on|am|le|el|em)\s+(?=\S*\d)", rest, maxsplit=1)
    words = name[0].split()
    if not words or len(words) > 5:
        return False
    if len(words) == 1 and (words[0][:1].isupper() or (words[0].islower() and words[0].isalnum())):
        if len(name) == 1 or _TIME.fullmatch(name[1].strip()) is not None:
            return True
        return is_date_line(name[1]) or word_count(name[1]) <= 6
    if not all(w[:1].isupper() or w.lower() in _CONNECTORS for w in words):
        return False
    return len(name) == 1 or is_date_line(name[1]) or word_count(name[1]) <= 8


_PARTS = re.compile(r"\s+[·•|–—-]\s+|\s*[·•|]\s*")


def is_name_and_date(text: str) -> bool:
    """ "Redacción · 15/07/2024 - 11:20", "Staff reporter · 06:52": a short credit, then when."""
    if word_count(text) > 10:
        return False
    parts = [p for p in _PARTS.split(squeeze_spaces(text)) if p.strip()]
    if len(parts) < 2:
        return False
    dated = [p for p in parts if is_date_line(p) or _TIME.fullmatch(p.strip())]
    if not dated:
        return False
    others = [p for p in parts if p not in dated]
    return all(word_count(p) <= 4 and not p.rstrip().endswith(".") for p in others)


def apply(doc: Document, options: Options) -> None:
    """Remove bylines, date lines, agency signatures, credit lines and, in a dump, short lines
    naming the page's author (:mod:`.authors`).

    Cost: O(n + L) time (blocks of at most 20 words; every pattern is anchored or linear; the
    author's names are found in O(n + L)), O(n) memory."""
    langs = langs_of(doc)
    authors = author_names(doc)
    header = doc.kind == "text"  # before a dump's first prose paragraph
    headline = 0  # words of the longest line above this one in the header (a headline's)
    for block in doc.blocks:
        header = header and not is_prose_text(block.text)
        if not block.kept or block.nwords > 20 or block.kind in (Kind.CODE, Kind.TABLE_ROW):
            continue
        if block.kind is Kind.TITLE:
            headline = max(headline, 0 if is_menu(block.text) else block.nwords)
            continue
        text = block.text
        dated = _DIGIT.search(text) is not None
        if dated and is_date_line(text):
            block.remove(NAME, "date line")
        elif block.nwords <= 2 and _AGENCY_SIGNATURE.match(text):
            block.remove(NAME, "agency signature")
        elif dated and is_name_and_date(text):
            block.remove(NAME, "credit and date line")
        elif is_byline(text, langs):
            block.remove(NAME, "byline")
        elif words_at_most(text, 20) and full_match("byline", "block", text, langs) and _credit_or_meta(text, langs):
            block.remove(NAME, "photo credit or post metadata line")
        elif authors and block.nwords <= MAX_AUTHOR_LINE_WORDS and any(n in text for n in authors):
            block.remove(NAME, "short line naming the page's author")
        elif header and credits_person(text, placed=block.nwords >= headline):
            # Under a longer headline, or with a place after the name ("... in Porto"): a
            # headline "Rescued by Harbour Pilots" has neither.
            block.remove(NAME, "a line above the body crediting a person by name")
        if header and not is_menu(text):
            headline = max(headline, block.nwords)


def _credit_or_meta(text: str, langs: Langs) -> bool:
    """The data-file byline patterns that are safe without a name check: credits, dates, ©."""
    head = block_form(text).lower()
    return not _byline_prefix(langs).match(head) and not head.endswith(".")


def _author_boxes(doc: Document) -> None:
    """ "About the author" + the short bio under it."""
    langs = langs_of(doc)
    blocks = [b for b in doc.blocks if b.kept]
    for i, block in enumerate(blocks):
        if block.nwords <= 6 and full_match("byline", "author_head", block.text, langs):
            block.remove(AUTHOR_BOX, "author box heading")
            for b in blocks[i + 1 : i + 1 + AUTHOR_BIO_BLOCKS]:
                if b.nwords > MAX_BIO_WORDS:
                    break
                b.remove(AUTHOR_BOX, "author bio under an author box heading")


MAX_NAMES = 16


def _byline_names(doc: Document) -> list[str]:
    """The names in the bylines removed from ``doc``: runs of capitalised words, and their
    endings of two words or more ("By Jane Roe" gives "Jane Roe").  O(L)."""
    names: list[str] = []
    for b in doc.blocks:
        if b.removal is None or b.removal.rule != NAME:
            continue
        run: list[str] = []
        for w in [*_WORDS.findall(b.text), ""]:
            if w[:1].isupper():
                run.append(w)
                continue
            for k in range(len(run) - 1):
                name = " ".join(run[k:])
                if len(run) - k <= 4 and name not in names and len(names) < MAX_NAMES:
                    names.append(name)
            run = []
    return names


def _author_bios(doc: Document) -> None:
    """In a dump, a short paragraph that opens with the name of the page's byline or author
    (:mod:`.authors`) ("Jane Roe is a reporter based in ...", "About the author: Jane Roe
    has ..."): the author's bio, which a page prints beside every article.  A sentence that
    only mentions a name later stays."""
    names = _byline_names(doc)
    authors = [n for n in author_names(doc) if n not in names]
    if not names and not authors:
        return
    for b in doc.blocks:
        if not b.kept or b.kind is Kind.TITLE or b.nwords > MAX_BIO_WORDS:
            continue
        if any(opens_with(n, b.text) for n in names):
            b.remove(AUTHOR_BOX, "author bio: opens with the byline's name")
        elif authors and is_prose_text(b.text) and any(opens_with(n, b.text) for n in authors):
            b.remove(AUTHOR_BOX, "author bio: opens with the name the page prints around the article")


def apply_context(doc: Document, options: Options) -> None:
    """Author boxes; in text dumps also bios that open with the byline's name.

    Cost: O(n + L) time (at most AUTHOR_BIO_BLOCKS blocks after each heading, MAX_NAMES names
    tried on each block's opening), O(n) memory."""
    _author_boxes(doc)
    if doc.kind == "text":
        _author_bios(doc)


RULE = Rule(NAME, apply)
CONTEXT_RULE = Rule(AUTHOR_BOX, apply_context, contextual=True)
