"""Caps on pathological markup, applied to the raw bytes before lxml sees them.

libxml2's HTML parser checks every new attribute of a tag against all earlier ones, so a tag
with n attributes costs O(n²) (500,000 attributes: minutes), and every element costs memory
and a step of the Python walk (20 MB of ``<br>`` is 5 million elements, 660 MB).  The caps
sit far above what real pages use (990 pages of the dev set: at most 38 attributes on a tag,
10,112 elements on a page) and every cut is counted under a named reason, which
:func:`cleaner.extract.html.extract_html` records in ``doc.context[TRUNCATED]``.
"""

from __future__ import annotations

import re

TRUNCATED = "html_truncated"  # doc.context: reason -> how many times markup was cut

MAX_ATTRIBUTES = 128  # per tag; libxml2's duplicate check is quadratic in this
MAX_TAGS = 500_000  # start tags read per page
MAX_BLOCK_DEPTH = 64  # nested block-level elements kept as containers (dev set: at most 40)
MAX_BLOCKS = 150_000  # raw blocks cut from one page

ATTRIBUTES_REASON = f"attributes beyond {MAX_ATTRIBUTES} on a tag dropped"
TAGS_REASON = f"page cut after {MAX_TAGS:,} start tags"
DEPTH_REASON = f"block elements nested deeper than {MAX_BLOCK_DEPTH} levels flattened"
BLOCKS_REASON = f"page cut after {MAX_BLOCKS:,} blocks"
PARSER_DEPTH_REASON = "nesting deeper than the parser allows: page read as plain paragraphs"

# One attribute as the HTML5 tokenizer reads it (libxml2 >= 2.14 follows it): separators
# (whitespace, stray "/"), a name running to whitespace, "/", ">" or "=", then an optional
# "=" and a value, quoted (an unclosed quote runs to the end, as in a browser) or not.  The
# group is atomic and its quantifiers possessive, so a failed match never backtracks into it:
# each attempt is linear in what it scans.
_SEP = rb"[\t\n\f\r /]*+"
_NAME = rb"[^\t\n\f\r />][^\t\n\f\r />=]*+"
_VALUE = rb"(?:\"[^\"]*+\"?|'[^']*+'?|[^\t\n\f\r >]*+)"
_ATTR = rb"(?>" + _SEP + _NAME + rb"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+" + _VALUE + rb")?)"
# Tags with few attributes fail after at most _MIN_SCAN of them and the search moves on; only
# tags with more are looked at from Python.  A start inside a failed tag (a "<" in a value)
# rescans at most _MIN_SCAN attributes, so the whole scan is O(n * _MIN_SCAN).
_MIN_SCAN = 16
_MANY_ATTRS = rb"[A-Za-z][^\t\n\f\r />]*+%s{%d,%d}" % (_ATTR, _MIN_SCAN, MAX_ATTRIBUTES)
# Text the tokenizer does not read as markup (a "<" in a script is not a tag): comments and
# the raw-text elements of libxml2 2.14 / HTML5 (checked against the parser).
_RAW_TEXT = (b"script", b"style", b"textarea", b"title", b"xmp", b"iframe", b"noembed", b"noframes", b"plaintext")
# One pattern starting with the literal "<", so the engine skips to each "<" at C speed (an
# alternation of three patterns each starting with "<" scanned five times slower).
_NEXT = re.compile(rb"<(?:(!--)|(?i:(%s))(?=[\t\n\f\r />])|%s)" % (b"|".join(_RAW_TEXT), _MANY_ATTRS))
_COMMENT_END = re.compile(rb"--!?>")
_RAW_END = {t: re.compile(rb"</%s[\t\n\f\r />]" % t, re.IGNORECASE) for t in _RAW_TEXT if t != b"plaintext"}
_MANY = re.compile(b"<" + _MANY_ATTRS)
_ONE_ATTR = re.compile(_ATTR)
_ALL_ATTRS = re.compile(_ATTR + rb"*+")
_START_TAG = re.compile(rb"<[A-Za-z]")


def cap_attributes(data: bytes, notes: dict[str, int]) -> bytes:
    """``data`` with the attributes of each start tag beyond ``MAX_ATTRIBUTES`` removed.

    Comments and raw-text elements (script, style...) are skipped as the tokenizer skips
    them.  Time O(n) in the page size (regex scans at C level, each byte scanned a bounded
    number of times, see ``_MIN_SCAN``), memory O(n) only when something is cut.
    """
    pieces: list[bytes] = []
    pos = last = 0
    while (m := _NEXT.search(data, pos)) is not None:
        if m.group(1) is not None:  # a comment: "<!-->" and "<!--->" close at once
            closing = _COMMENT_END.search(data, m.start() + 2)
            if closing is None:
                break
            pos = closing.end()
            continue
        raw = m.group(2)
        big = _MANY.match(data, m.start()) if raw is not None else m
        end = big.end() if big is not None else m.end()
        tag_end = end
        if big is not None and _ONE_ATTR.match(data, end) is not None:
            rest = _ALL_ATTRS.match(data, end)
            tag_end = rest.end() if rest is not None else end
            pieces.append(data[last:end])
            last = tag_end
            note(notes, ATTRIBUTES_REASON)
        elif raw is not None:
            rest = _ALL_ATTRS.match(data, end)
            tag_end = rest.end() if rest is not None else end
        pos = tag_end
        if raw is not None:
            name = raw.lower()
            if name == b"plaintext":
                break
            close = _RAW_END[name].search(data, pos)
            if close is None:
                break
            pos = close.start() + 1
    if not pieces:
        return data
    pieces.append(data[last:])
    return b"".join(pieces)


def cap_tags(data: bytes, notes: dict[str, int]) -> bytes:
    """``data`` cut before its ``MAX_TAGS + 1``-th start tag (the parser closes what is open).

    Each start tag makes at most one element, so this bounds the tree (time and memory of the
    parse and the walk).  Time O(n): a ``bytes.count`` of "<" at C level, and only when that
    exceeds the cap, one regex pass over the start tags; memory O(n) only when the page is cut.
    """
    if data.count(b"<") <= MAX_TAGS:
        return data
    for i, m in enumerate(_START_TAG.finditer(data)):
        if i == MAX_TAGS:
            note(notes, TAGS_REASON)
            return data[: m.start()]
    return data


def note(notes: dict[str, int], reason: str) -> None:
    notes[reason] = notes.get(reason, 0) + 1
