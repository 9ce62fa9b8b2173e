"""Safe HTML parsing with lxml: no network, no entity expansion, a size cap, a fallback.

lxml's HTML parser never loads external resources (``no_network``), does not expand
custom entities (HTML has none; ``resolve_entities`` is off for DTD-declared ones) and is
kept to a bounded tree (``huge_tree`` off).  We feed it UTF-8 bytes we decoded ourselves, so
a wrong ``<meta charset>`` cannot make it decode the page a second time.  When lxml gives up
(empty tree, deeply broken markup), bs4 with the lxml builder, then a tag-stripping regex,
produce at least a body of paragraphs.
"""

from __future__ import annotations

import html
import re

from lxml import etree

from ...options import Options
from ...sources.decode import decode_bytes
from .limits import BLOCKS_REASON, MAX_BLOCKS, PARSER_DEPTH_REASON, cap_attributes, cap_tags, note
from .prune import hides

_PARSER = etree.HTMLParser(
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    huge_tree=False,
    default_doctype=False,
    compact=True,
    collect_ids=False,  # no id hash table: ~30% faster parse and free
)
_TOO_DEEP = etree.ErrorTypes.ERR_RESOURCE_LIMIT
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_NUL = re.compile(r"[\x00]")


# Removed at C level before the walk (the rarer dropped tags are pruned by the walk: stripping
# them there too measured no cheaper): subtrees that hold no text to read, and void elements
# unwrapped so that their tail stays and the walk never sees them.  The first pass also drops
# <noscript>; the recall pass (.fallback) reads it and unwraps <form>.
STRIP = ("script", "style", "template", "svg", "math")
UNWRAP = ("img", "col", "colgroup", "wbr", "track", "param")


def check_size(raw: str | bytes, options: Options) -> None:
    size = len(raw)
    if size > options.max_bytes:
        raise ValueError(
            f"input too large: {size} bytes (limit {options.max_bytes}; raise Options.max_bytes to parse it)"
        )


def decode(raw: str | bytes, declared: str | None = None) -> tuple[str, str]:
    if isinstance(raw, str):
        return raw, "unicode"
    return decode_bytes(raw, declared, html=True)


def parse(text: str, utf8: bytes | None = None, notes: dict[str, int] | None = None) -> etree._Element:
    """Parse decoded HTML text into an lxml tree whose root is ``<html>`` with a ``<body>``.

    ``utf8`` may carry the original bytes when they are valid UTF-8 already, which saves
    encoding the text again.  Pathological markup is capped first (:mod:`.limits`: attributes
    per tag, tags per page); what was cut is counted in ``notes`` (reason -> count).
    Time O(n) in the page size (libxml2 is linear once attributes are capped), memory O(n).
    """
    if notes is None:
        notes = {}
    if utf8 is not None and b"\x00" not in utf8 and not utf8.lstrip()[:5].lower().startswith(b"<?xml"):
        data = utf8[3:] if utf8.startswith(b"\xef\xbb\xbf") else utf8
    else:
        data = _NUL.sub("", _XML_DECL.sub("", text, count=1)).encode("utf-8", "surrogatepass")
    full = text  # the tag-stripping fallback is linear in anything: it reads the whole page
    cut: dict[str, int] = {}
    capped = cap_tags(cap_attributes(data, cut), cut)
    if capped is not data:
        data = capped
        text = data.decode("utf-8", "surrogatepass")  # bs4 must see the capped page too
    root: etree._Element | None = None
    try:
        root = etree.fromstring(data, _PARSER) if data.strip() else None
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    if root is not None and _PARSER.error_log.filter_types((_TOO_DEEP,)):
        note(notes, PARSER_DEPTH_REASON)
        return _regex_strip(full, notes)  # libxml2 dropped what lies deeper than 256 levels
    if root is None or _body(root) is None:
        root = _fallback(text)
        if root is None:
            return _regex_strip(full, notes)
    for reason, n in cut.items():
        notes[reason] = notes.get(reason, 0) + n
    return root


def _body(root: etree._Element) -> etree._Element | None:
    body = root.find("body")
    if body is None and root.tag == "body":
        return root
    return body


def _fallback(text: str) -> etree._Element | None:
    try:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(text, "lxml")
        data = str(soup).encode("utf-8", "surrogatepass")
        root = etree.fromstring(data, _PARSER)
        if root is not None and _body(root) is not None:
            return root
    except Exception:
        pass
    return None


_RAW_TEXT = ("script", "style", "noscript", "template")
_DROP_OPEN = re.compile(rf"<({'|'.join(_RAW_TEXT)})\b", re.IGNORECASE)
_DROP_CLOSE = {t: re.compile(rf"</{t}[^>]*+(?:>|\Z)", re.IGNORECASE) for t in _RAW_TEXT}
# A tag runs to its ">" or, unclosed, to the end of the page (as in a browser): each character
# is scanned once, where "[^>]*>" rescanned the rest of the page from every "<" without a ">".
_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|section|article|blockquote|pre)\b[^>]*+(?:>|\Z)", re.IGNORECASE)
_TAG = re.compile(r"<[A-Za-z/!?][^>]*+(?:>|\Z)")


def _drop_raw_text(text: str) -> str:
    """``text`` without script/style/noscript/template elements; an unclosed one runs to the end.

    Time O(n): one pass over the openers, and each closer is searched for once from where the
    previous element ended (``.*?`` from every opener rescanned the page when closers were
    missing).
    """
    pieces: list[str] = []
    pos = 0
    while (m := _DROP_OPEN.search(text, pos)) is not None:
        pieces.append(text[pos : m.start()])
        close = _DROP_CLOSE[m.group(1).lower()].search(text, m.end())
        if close is None:
            return "".join(pieces)
        pos = close.end()
        pieces.append(" ")
    pieces.append(text[pos:])
    return "".join(pieces)


# A start tag as the tokenizer reads it: a quoted value may hold ">" (``title="a > b"``).  An
# unquoted stretch stops at "<", so a failed match never rescans the page from every "<".
_START_TAG = re.compile(r"""<([A-Za-z][^\t\n\f\r />]*+)((?:[^>"'<]++|"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z))*+)(?:>|\Z)""")
_ANY_TAG = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*+)[^>]*+(?:>|\Z)")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")
_HIDING_WORDS = re.compile(r"hidden|none|collapse|<dialog", re.IGNORECASE)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def _attributes(text: str) -> dict[str, str]:
    """The attributes of a start tag's attribute text, names lower-cased (first one wins)."""
    out: dict[str, str] = {}
    for m in _ATTRIBUTE.finditer(text):
        name = m.group(1).lower()
        if name not in out:
            value = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
            out[name] = html.unescape(value or "")
    return out


def _drop_hidden(text: str) -> str:
    """``text`` without the elements a browser hides (see :func:`.prune.hides`), for the regex
    fallback, which has no tree for the walk to prune: hidden is hidden on every path.

    A hidden element runs to the end tag that closes it (same-name tags counted); unclosed, it
    runs to the end of the page (safe: hidden text never leaks).  Time O(n): only tags near a
    hiding word ("hidden", "none", "collapse", "<dialog") are read as tags, and every tag
    inside a dropped element is scanned once.
    """
    pieces: list[str] = []
    pos = 0  # start of the text not yet copied
    seen = 0  # every "<" before this was read as a tag or lies in a tag read or dropped
    for hit in _HIDING_WORDS.finditer(text):
        at = hit.start()
        if at < pos:
            continue
        lt = at if hit.group(0)[0] == "<" else text.rfind("<", max(pos, seen), at)
        seen = at + 1
        if lt < 0:
            continue  # inside the tag read last, or in text
        m = _START_TAG.match(text, lt)
        if m is None or m.end() <= at:
            continue
        tag = m.group(1).lower()
        attrs = _attributes(m.group(2))
        if not hides(tag, attrs.get):
            continue
        end = m.end() if tag in _VOID else _close(text, m.end(), tag)
        pieces.append(text[pos:lt])
        pieces.append(" ")
        pos = end
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)


def _close(text: str, start: int, tag: str) -> int:
    """The end of the tag that closes an element named ``tag`` opened before ``start``, or the
    end of the text.  O(length scanned)."""
    depth = 1
    for m in _ANY_TAG.finditer(text, start):
        if m.group(2).lower() != tag:
            continue
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return len(text)


def _regex_strip(text: str, notes: dict[str, int]) -> etree._Element:
    """Last resort: strip tags, keep block boundaries as paragraphs (at most MAX_BLOCKS).

    Time and memory O(n).
    """
    text = _drop_hidden(_drop_raw_text(text))
    text = _BLOCK.sub("\n\n", text)
    text = html.unescape(_TAG.sub("", text))
    root = etree.Element("html")
    body = etree.SubElement(root, "body")
    count = 0
    for chunk in re.split(r"\n\s*\n", text):
        chunk = " ".join(chunk.split())
        if chunk:
            if count == MAX_BLOCKS:
                note(notes, BLOCKS_REASON)
                break
            count += 1
            p = etree.SubElement(body, "p")
            p.text = chunk
    return root


def body_of(root: etree._Element) -> etree._Element:
    body = _body(root)
    return body if body is not None else root
