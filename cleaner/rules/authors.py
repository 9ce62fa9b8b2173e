"""The page's author, found by repetition: a name a dump prints around the article and never
inside it.

A byline that no byline word opens ("Jane Roe, AP", "Filed by Jane Roe in Porto") and the bio
at the end ("Jane Roe is a reporter based in ...") share one thing whatever their wording:
the author's name.  A name of two or three capitalised words on a short byline-shaped line
above the first paragraph, met again on a second such line or after the body has started
(in a short line, or opening a bio-length block; at most ``MAX_MENTIONS`` times), and in no
other paragraph of the body in any case, is the author's.  A person the article is about is
named in its paragraphs, a topic in capitals on its headings is written in lower case in its
prose: neither is an author here.
"""

from __future__ import annotations

import re

from ..model import Block, Document, Kind
from ..textnorm import NAME_WORD, UPPER
from ..textshape import is_prose_text
from .base import by_words

MAX_HEAD_LINE_WORDS = 8  # a byline-shaped line between the title and the body
MAX_LINE_WORDS = 12  # a short line naming the author after the body started
MAX_BIO_WORDS = 70
NAME_START_WORDS = 8  # a bio opens with its author's name (after a label)
MAX_CANDIDATES = 4
MAX_MENTIONS = 3  # lines naming the author after the body started; a name on more is a topic
_WORD = re.compile(NAME_WORD)
# A maximal run of capitalised words (any capital, then word characters).
_RUN_WORDS = re.compile(rf"(?<![\w’'-])[{UPPER}][\w’'-]*")
_RUN = re.compile(rf"(?<![\w’'-])[{UPPER}][\w’'-]*(?:\s+[{UPPER}][\w’'-]*)*")
_LABEL = re.compile(r"^[^:]{1,40}:\s*")
# What a byline holds besides the name: a date or a year, a "by" word, or an agency after a
# comma or a dash ("Jane Roe, AP", "Jane Roe — 3 May 2021", "Filed by Jane Roe").
_BYLINE_SHAPE = re.compile(rf"\d|(?<!\w)(?:{by_words()})\s+[{UPPER}]|[,—–|·]\s*[{UPPER}]{{2,6}}\b")


def opens_with(name: str, text: str) -> bool:
    """``text`` opens with ``name`` (after a label such as "About the author:").
    O(NAME_START_WORDS)."""
    return " ".join(_LABEL.sub("", text, count=1).split()[:NAME_START_WORDS]).startswith(name)


def _headline(block: Block) -> bool:
    """The title, or a line too long for a byline with four capitalised words or more."""
    if block.kind is Kind.TITLE:
        return True
    return len(block.text.split()) > MAX_HEAD_LINE_WORDS and len(_RUN_WORDS.findall(block.text)) >= 4


def _candidates(blocks: list[Block], body: int, title_words: set[str]) -> dict[str, list[str]]:
    """{name: the lines it stands on} for the short byline-shaped lines above the body (a date,
    a "by" word or an agency beside the name): maximal runs of two or three capitalised words
    (a longer run is a headline's), none sharing a word with the headlines, at most
    ``MAX_CANDIDATES`` names.  O(L of the header)."""
    out: dict[str, list[str]] = {}
    for b in blocks[:body]:
        if b.kind is Kind.TITLE or len(b.text.split()) > MAX_HEAD_LINE_WORDS or not _BYLINE_SHAPE.search(b.text):
            continue
        for m in _RUN.finditer(b.text):
            words = m.group().split()
            name = " ".join(words)
            if 2 <= len(words) <= 3 and all(_WORD.fullmatch(w) for w in words) and not set(words) & title_words:
                if name in out or len(out) < MAX_CANDIDATES:
                    out.setdefault(name, []).append(b.text)
    return out


def author_names(doc: Document) -> list[str]:
    """The names that pass the test of the module docstring, for a text dump.

    Cost: O(n + MAX_CANDIDATES * L) time (each candidate looked for in every block twice),
    O(n) memory."""
    if doc.kind != "text":
        return []
    blocks = [b for b in doc.blocks if b.text]
    body = next((i for i, b in enumerate(blocks) if is_prose_text(b.text)), None)
    if not body:
        return []
    # Words of the headlines above the body (the title, whatever line it is on): a menu or
    # breadcrumb item repeating them is no name.
    title_words = {w for b in blocks[:body] if _headline(b) for w in _RUN_WORDS.findall(b.text)}
    names = []
    for name, lines in _candidates(blocks, body, title_words).items():
        folded = name.casefold()
        # A bio stands after the article's last paragraph that does not name the author.
        last = max(
            (i for i, b in enumerate(blocks) if is_prose_text(b.text) and folded not in b.text.casefold()), default=0
        )
        again = 0
        for i, b in enumerate(blocks[body:], body):
            if folded not in b.text.casefold() or b.text in lines:  # a header line repeated with its copy
                continue
            words = len(b.text.split())
            bio = i > last and words <= MAX_BIO_WORDS and opens_with(name, b.text)
            if name in b.text and (words <= MAX_LINE_WORDS or bio):
                again += 1
            elif is_prose_text(b.text):
                break  # named inside the article (a person it is about, a topic in lower case)
        else:
            if 0 < again + len(set(lines)) - 1 and again <= MAX_MENTIONS:
                names.append(name)
    return names


_CREDIT = re.compile(rf"(?<!\w)(?i:{by_words()})\s+{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}}(?!\w)")
# What follows a credited name on a byline: a place or paper ("in Porto", "for the Post"), or
# a separator and more ("— 3 May", ", AP").  A headline ending "... by Harbour Pilots" has none.
_CREDIT_TAIL = re.compile(
    rf"\s*[,—–·|]\s*\S|\s+-\s+\S|\s+(?i:in|for|at|from|en|à|em|für|aus|w|z|da|di|de)\s+(?:the\s+)?[{UPPER}]"
)
MAX_CREDIT_LINE_WORDS = 8


def credits_person(text: str, *, placed: bool = False) -> bool:
    """A short line crediting a person by name ("Filed by Jane Roe", a byline no byline word
    opens: never the title); with ``placed``, the name is followed by a place, paper or
    separator, as on a byline ("Filed by Jane Roe in Porto") and not on a headline ("Rescued
    by Harbour Pilots").  O(len(text))."""
    if len(text.split()) > MAX_CREDIT_LINE_WORDS:
        return False
    m = _CREDIT.search(text)
    return m is not None and (not placed or _CREDIT_TAIL.match(text, m.end()) is not None)
