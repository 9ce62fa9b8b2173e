"""Text normalisation shared by every source and rule.

Two levels: :func:`normalize_text` is applied to what we output (it only removes invisible
or broken characters and unifies whitespace), :func:`compare_key` is a lossy key used to
compare paragraphs (dedup, caption matching) and is never output.
"""

from __future__ import annotations

import html
import re
import unicodedata

from .memo import text_memo

# Characters that are invisible in a browser and only get in the way: zero-width spaces and
# joiners, word joiner, BOM, soft hyphen, bidi marks, embeddings, overrides and isolates.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2061\u2062\u2063\u2064"
        "\u061c\u2066\u2067\u2068\u2069",
    ),
    None,
)
# Every other kind of space becomes a plain space.
_SPACES = dict.fromkeys(
    map(
        ord,
        "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\x0b\x0c",
    ),
    " ",
)
_TABLE = {**_INVISIBLE, **_SPACES}
# C0/C1 controls other than newline (tab is mapped to space above).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# A zero-width joiner between two pictographs builds one emoji (👩‍🔬): that one is text.
_PICTO = "\U0001f000-\U0001faff\u2600-\u27bf"
_INVISIBLE_RX = re.compile(
    "[" + re.escape("".join(chr(c) for c in _INVISIBLE if c != 0x200D)) + "]"
    f"|(?<![{_PICTO}\ufe0f])\u200d|\u200d(?![{_PICTO}])"
)
_INVISIBLE_ANY = re.compile("[" + re.escape("".join(map(chr, _INVISIBLE))) + "]")
_SPACES_RX = re.compile("[" + re.escape("".join(map(chr, _SPACES))) + "]")
_SPECIAL = re.compile("[" + re.escape("".join(map(chr, _TABLE))) + r"\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HSPACE = re.compile(r" {2,}")


def unescape_entities(text: str) -> str:
    """Expand HTML character references (``&amp;``, ``&#8217;``) left in scraped text.

    Only well-formed references are touched, so a bare ``&`` in ``AT&T`` stays.
    """
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def normalize_text(text: str) -> str:
    """Unify line endings and spaces, drop invisible and control characters, NFC.

    Keeps newlines (the splitter needs them); strips trailing and leading spaces per line.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unescape_entities(text)
    if _SPECIAL.search(text):
        # Regex substitution: str.translate with a dict table is ~50x slower on long texts.
        text = _INVISIBLE_RX.sub("", text)
        text = _SPACES_RX.sub(" ", text)
        text = _CONTROLS.sub("", text)
        if _SURROGATES.search(text):
            text = _SURROGATES.sub("\ufffd", text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "  " in text:
        text = _HSPACE.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = "\n".join(line.strip() for line in text.split("\n"))
    return text.strip(" ")


def drop_invisible(text: str) -> str:
    """``text`` without the characters a browser does not show (zero-width spaces and joiners,
    soft hyphens, bidi marks: :data:`_INVISIBLE`); a zero-width joiner inside an emoji stays.
    For text that needs no other normalisation (an HTML page's, whose spaces the walk
    collapses).  O(len(text))."""
    if text.isascii() or _INVISIBLE_ANY.search(text) is None:  # the common case, one scan
        return text
    return _INVISIBLE_RX.sub("", text)


def normalize_inline(text: str) -> str:
    """Like :func:`normalize_text` but for a single line: every whitespace run is one space."""
    return " ".join(normalize_text(text).split())


_WORD_RUN = re.compile(r"\w+")


@text_memo()
def compare_key(text: str) -> str:
    """A lossy comparison key: the case-folded word runs, so quotes, dashes and other
    punctuation (curly or straight) never make two copies differ.

    O(len(text)) time and memory; memoised for short texts only (see :mod:`cleaner.memo`)."""
    return " ".join(_WORD_RUN.findall(text.casefold()))


_ELLIPSIS_TAIL = 24
_ELLIPSIS_END = re.compile(r"\s*(?:\[\s*(?:\.\.\.|…)\s*\]|\(\s*(?:\.\.\.|…)\s*\)|\.{3,}|…)\s*$")


def strip_ellipsis(text: str) -> tuple[str, bool]:
    """Remove a trailing truncation mark (``...``, ``…``, ``[…]``); say whether there was one."""
    # Only the tail can hold the mark; searching a long paragraph from its start with a
    # pattern that opens with \s* is quadratic.
    m = _ELLIPSIS_END.search(text, max(0, len(text) - _ELLIPSIS_TAIL))
    if m is None:
        return text, False
    return text[: m.start()].rstrip(), True


# What ends a sentence: final punctuation and the closing quotes of many languages: „…“ (German,
# Polish), »…« and ›…‹ (Danish), 「…」, and the full stops of CJK, Arabic and Devanagari scripts.
SENTENCE_END = frozenset('.!?"”“»«›‹)’。！？」』؟।')
# What ends a clause: a sentence end, or a colon, semicolon, ellipsis or closing bracket.  A
# line ending so is not continued by the next one (a soft wrap, a <br>), and a short text
# ending so is punctuated like prose, not a label or an image name.
CLAUSE_END = SENTENCE_END | frozenset(";:…]")
_TRUNCATED = ("…", "...", "[…]", "[...]", "…)", "...)")


def ends_like_sentence(text: str) -> bool:
    """Ends like a sentence, not cut short with an ellipsis (an excerpt).  O(1) amortised."""
    text = text.rstrip()
    return text[-1:] in SENTENCE_END and not text.endswith(_TRUNCATED)


def ends_clause(text: str) -> bool:
    """The last character closes a clause (:data:`CLAUSE_END`), in any script.  O(1)."""
    return text[-1:] in CLAUSE_END


def _char_class(hits: list[int]) -> str:
    """Code points as the body of a regex character class (ranges of the characters
    themselves, escaped where the class syntax needs it: a third of the parsing time of
    ``\\U`` escapes, paid by every pattern the class is part of)."""
    spans: list[list[int]] = []
    for cp in hits:
        if spans and cp == spans[-1][1] + 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])

    def char(cp: int) -> str:
        return re.escape(chr(cp))

    return "".join(char(a) if a == b else f"{char(a)}-{char(b)}" for a, b in spans)


# Capitals and small letters of every script that has case (Latin with every diacritic, Greek,
# Cyrillic, Armenian, Georgian, Cherokee...), as regex class bodies: a name is "Łukasz",
# "Ørsted", "Ἀθῆναι" or "Иван", not only what A-Z and Latin-1 hold.  The first two planes hold
# every cased letter; building both takes ~30 ms once, at import.
_PLANES = "".join(map(chr, range(0x20000)))
UPPER = _char_class([i for i, c in enumerate(_PLANES) if c.isupper() or c.istitle()])
LOWER = _char_class([i for i, c in enumerate(_PLANES) if c.islower()])
del _PLANES
# A capitalised word of a name: one capital, then small letters, apostrophes or hyphens.
NAME_WORD = rf"[{UPPER}][{LOWER}'’-]+"


def is_main_part(part: str, whole: str) -> bool:
    """``part`` is inside ``whole`` and at least half of it (both comparison keys): a heading
    that is the main part of a title with a site or board name around it.  O(len(whole))."""
    return bool(part) and part in whole and 2 * len(part) >= len(whole)


def words_at_most(text: str, n: int) -> bool:
    """``word_count(text) <= n``, splitting off at most ``n + 1`` words: rules ask it of every
    block, and a paragraph's other words need not become strings.  O(len(text))."""
    return len(text.split(None, n)) <= n
