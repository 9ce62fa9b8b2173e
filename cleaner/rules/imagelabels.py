"""What an image leaves in a dump besides file names: the evidence the image rules anchor on.

Each test is a pure function of a line (and, for title fragments, of the page's headlines),
so it holds on any site:

* a *control or label* line made of image words only ("View gallery", "cover photo",
  "Photo 3/12", "Bild vergrößern"): the words are data per language (``caption.label_core``,
  ``caption.label_words``, see :mod:`.labels`), agency names may stand among them;
* a *screenshot name*: a date and a clock time in a few words ("Screen Shot 2021-03-14 at
  09.12.55", in any language);
* a *credit line*: a credit word then a name ("Photography by Jane Roe", "Foto: dpa"), an
  agency and a person joined by a slash ("ANP/Jane Roe", "Jane Roe/Getty Images"), or a
  ``©`` and a name;
* a *title fragment*: a run of the headline's own words that an alt text copies, marked as
  a fragment (lower case where the headline is not, a digit glued to the last word, a year
  after it): ``mekong bridge opens 2019``, ``Mekong Bridge Opens2``.

Every test is O(len(line)) (patterns anchored, no nested repeats); the title test is
O(len(line) + len(headline)) per headline.
"""

from __future__ import annotations

import re
from functools import cache

from ..textnorm import NAME_WORD, UPPER
from ..textshape import runs_on
from .base import Langs, by_words, load_data, phrases
from .labels import is_label

MAX_LABEL_WORDS = 7  # image words of a control or label line (numbers not counted)
MAX_CREDIT_WORDS = 7
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_DATE = re.compile(r"(?<!\d)(?:19|20)\d\d[-_.](?:0?[1-9]|1[0-2])[-_.](?:0?[1-9]|[12]\d|3[01])(?!\d)")
_CLOCK = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3])[.:_](?:[0-5]\d)[.:_](?:[0-5]\d)(?!\d)")
MAX_SCREENSHOT_WORDS = 8


def alternation(words: list[str]) -> str:
    """``words`` as regex alternatives, longest first (so a longer word wins at one place)."""
    return "|".join(sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def _agency() -> re.Pattern[str]:
    """A photo agency or stock library name, as a whole side of a credit ("Getty Images")."""
    agencies = alternation(load_data("credits")["stock_agencies"])
    return re.compile(rf"(?:{agencies})(?:\.com)?(?:\s+(?:images|photos?|pictures|stock))?", re.IGNORECASE)


def is_image_control(text: str, langs: Langs) -> bool:
    """A short line of image words only, with at least one image noun: a gallery control,
    an image's position label or a stock alt text.  Numbers ("Photo 3/12", "Screenshot (44)")
    and agency names ("Photo d'archives dpa") may stand among the words.  O(len(text))."""
    if runs_on(text):
        return False
    return is_label(text, "caption", langs, MAX_LABEL_WORDS, also=_is_agency)


def _is_agency(word: str) -> bool:
    return _agency().fullmatch(word) is not None


_LETTERS = re.compile(r"[^\W\d_]{3,}")  # "Screenshot", "Zrzut": a screenshot's name has a word


def is_screenshot_name(text: str) -> bool:
    """A date and a clock time in a few words: the name a screenshot tool gives its file
    ("Screen Shot 2021-03-14 at 09.12.55", "Zrzut ekranu 2020-06-06 o 21.31.24").  O(len(text))."""
    if len(text) > 80 or len(text.split()) > MAX_SCREENSHOT_WORDS or not _LETTERS.search(text):
        return False  # a bare date and time is a post's time stamp, not a file name
    date = _DATE.search(text)
    return date is not None and _CLOCK.search(text, date.end()) is not None


@cache
def _credit_line(langs: Langs) -> re.Pattern[str]:
    """A credit word then a name: "Photography by Jane Roe", "Foto: dpa", "Credit: AP".
    The credit words are ``caption.credit`` of ``langs`` (optionally two, "Credit foto:")."""
    credit = alternation(phrases("caption", "credit", langs) + phrases("caption", "credit_short", langs))
    by = by_words(("caption", "credit_by"))
    return re.compile(
        rf"^(?:{credit})(?:s|y)?(?:\s+(?:{credit}))?"
        rf"(?:\s*[:©.]\s*\S|\s+(?:{by})\s+(?-i:[{UPPER}]))[^.!?]{{0,70}}$",
        re.IGNORECASE,
    )


_NAME_WORD = re.compile(rf"^{NAME_WORD}$")
_CAPS_WORD = re.compile(rf"^[{UPPER}]{{2,6}}$")


def _person(side: str) -> bool:
    """Two or three capitalised words, not all capitals: a photographer's name.  O(len(side))."""
    words = side.split()
    return 2 <= len(words) <= 3 and all(_NAME_WORD.match(w) for w in words)


def _agency_side(side: str) -> bool:
    """An agency name, known or written as one capitalised token ("ANP", "dpa").  O(len(side))."""
    return bool(_agency().fullmatch(side)) or (len(side.split()) == 1 and bool(_CAPS_WORD.match(side)))


def is_credit_line(text: str, langs: Langs) -> bool:
    """A photo credit on its own line (see the module docstring).  O(len(text))."""
    text = text.strip()
    if not text or len(text.split()) > MAX_CREDIT_WORDS or len(text) > 100:
        return False
    if _credit_line(langs).match(text):
        return True
    if text.startswith("©"):
        rest = text[1:].strip()
        return bool(rest) and not any(c.isdigit() for c in rest) and "/" in rest
    left, slash, right = text.partition("/")
    if not slash or "/" in right:
        return False
    left, right = left.strip(), right.strip()
    return (_agency_side(left) and (_person(right) or _agency_side(right))) or (_person(left) and _agency_side(right))


_GLUED = re.compile(r"(?<=[^\W\d_])\d{1,2}$")
_YEAR = re.compile(r"\s(?:19|20)\d\d$")
MIN_FRAGMENT_WORDS = 2


def title_fragment(text: str, headlines: list[list[str]]) -> bool:
    """``text`` copies a run of one headline's words (at least two, not the whole headline)
    and is marked as a fragment the headline is not: in lower case where the headline's run
    is not, a digit glued to its last word, or a year after it.  ``headlines`` are word lists
    as :func:`headline_words` gives them.  O(len(text) + total headline length)."""
    line = text.strip()
    if not line or line[-1] in ".!?:":
        return False
    glued = _GLUED.search(line)
    year = None if glued else _YEAR.search(line)
    core = line[: glued.start()] if glued else line[: year.start()] if year else line
    lower = core[:1].islower()
    if not (glued or year or lower) or runs_on(line):
        return False
    words = _TOKEN.findall(core)
    if len(words) < MIN_FRAGMENT_WORDS:
        return False
    folded = [w.casefold() for w in words]
    whole = _TOKEN.findall(line.casefold())
    for headline in headlines:
        if len(folded) >= len(headline):
            continue
        head = [w.casefold() for w in headline]
        at = _find_run(folded, head)
        if at < 0:
            continue
        if glued or year:
            # A headline ending in that year or number, copied with it, is no alt text.
            if _find_run(whole, head) < 0:
                return True
        elif lower and any(w[:1].isupper() for w in headline[at : at + len(folded)]):
            return True
    return False


def _find_run(words: list[str], within: list[str]) -> int:
    """Where ``words`` stand together in ``within`` (-1 if nowhere).  O(len(within) * len(words)),
    both short (a label and a headline)."""
    n = len(words)
    for i in range(len(within) - n + 1):
        if within[i : i + n] == words:
            return i
    return -1


def headline_words(text: str) -> list[str]:
    """The words of a headline, as :func:`title_fragment` compares them.  O(len(text))."""
    return _TOKEN.findall(text)
