"""Unrendered shortcodes: ``[caption ...]...[/caption]``, ``[gallery ids="1,2"]``, ``[embed]...``.

Feeds and database dumps carry WordPress (and page-builder) shortcodes as raw text.  Media
shortcodes are cut with what they enclose; the text of a ``[caption]`` is remembered in
``Document.captions`` so the caption rule (which reads ``shortcode``) can remove the same caption where it stands
as a plain line.  Unknown shortcodes are cut only when they carry attributes or a matching
closing tag, so ``[sic]``, ``[1]`` and ``[Editor's note: ...]`` stay.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from ..model import Block, Document
from ..options import Options
from .base import Rule, load_data

NAME = "shortcode"

_TAG = re.compile(r"\[(/?)([A-Za-z][\w-]{0,40})((?:\s+[^\[\]]{0,2000})?)\s*(/?)\]")
_ATTR = re.compile(r"""^\s+[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s\]]+)""")
_IMG = re.compile(r"<img\b[^>]{0,2000}>|<a\b[^>]{0,2000}>|</a>|<br\s*/?>", re.I)
_WS = re.compile(r"\s+")
_CLOSER = re.compile(r"\[/([A-Za-z][\w-]{0,40})\]")


@cache
def _names() -> tuple[frozenset[str], frozenset[str]]:
    data = load_data("shortcodes")
    return frozenset(n.lower() for n in data["media"]), frozenset(n.lower() for n in data["single"])


def _has_attrs(rest: str) -> bool:
    return bool(rest.strip()) and _ATTR.match(rest) is not None


def _caption_text(inner: str) -> str:
    return _WS.sub(" ", _IMG.sub(" ", inner)).strip()


def _cut_block(
    block: Block, media: frozenset[str], single: frozenset[str], captions: list[str], closed_later: set[str]
) -> str | None:
    """Cut the shortcodes of one block; return the media name left open at its end, if any.

    Time O(L + t log t) for a block of L characters holding t tags (closers per name are
    indexed, the next one found by bisection; each name's first opener is recorded once), memory
    O(t).  Nested or stray tags by the hundred thousand are each looked at once.
    """
    text = block.text
    tags = list(_TAG.finditer(text))
    if not tags:
        if "<img" in text.lower():
            for m in _IMG.finditer(text):
                block.cut(m.start(), m.end(), NAME, "raw <img>/<a> markup")
        return None
    closers: dict[str, list[int]] = {}
    first_opener: dict[str, int] = {}
    for i, m in enumerate(tags):
        if m.group(1):
            closers.setdefault(m.group(2).lower(), []).append(i)
        else:
            first_opener.setdefault(m.group(2).lower(), i)
    open_media: str | None = None
    skip_until = -1
    for i, m in enumerate(tags):
        if m.start() < skip_until:
            continue
        closing, name, rest = m.group(1), m.group(2).lower(), m.group(3)
        later_close = _next_after(closers.get(name), i)
        if not closing and name in media:
            if later_close is not None:
                end_m = tags[later_close]
                inner = text[m.end() : end_m.start()]
                if name in ("caption", "wp_caption") and _caption_text(inner):
                    captions.append(_caption_text(inner))
                block.cut(m.start(), end_m.end(), NAME, f"[{name}] shortcode with its content")
                skip_until = end_m.end()
            elif m.group(4) or not rest.strip() or (_has_attrs(rest) and name not in closed_later):
                block.cut(m.start(), m.end(), NAME, f"[{name}] shortcode")
            elif _has_attrs(rest):
                # Opened here and closed in a later block: cut to the end of this one.
                block.cut(m.start(), len(text), NAME, f"[{name}] shortcode, open to the next block")
                open_media = name
                break
        elif (name in single or name in media) and (closing or not rest.strip() or _has_attrs(rest)):
            block.cut(m.start(), m.end(), NAME, f"[{'/' if closing else ''}{name}] shortcode")
        elif closing:
            if first_opener.get(name, i) < i:
                block.cut(m.start(), m.end(), NAME, f"[/{name}] closing tag")
        elif _has_attrs(rest) or later_close is not None:
            block.cut(m.start(), m.end(), NAME, f"[{name}] shortcode tag")
    for m in _IMG.finditer(text):
        block.cut(m.start(), m.end(), NAME, "raw <img>/<a> markup")
    return open_media


def _next_after(indices: list[int] | None, i: int) -> int | None:
    """The first of the ascending ``indices`` after ``i`` (O(log n))."""
    if not indices:
        return None
    k = bisect_right(indices, i)
    return indices[k] if k < len(indices) else None


def _close_open(block: Block, name: str) -> bool:
    """Cut the start of ``block`` up to the closing tag of an open media shortcode."""
    m = re.search(rf"\[/{re.escape(name)}\]", block.text, re.I)
    if m is None:
        return False
    block.cut(0, m.end(), NAME, f"end of a [{name}] shortcode opened in an earlier block")
    return True


def apply(doc: Document, options: Options) -> None:
    """Cut shortcodes, remember caption texts, remove blocks inside a media shortcode left open.

    Cost: O(L + t log t) time for t tags in all (see ``_cut_block``), O(t) memory; a shortcode left
    open swallows at most two following blocks."""
    media, single = _names()
    captions = doc.captions
    open_media: str | None = None
    open_blocks = 0
    closed_later = {m.group(1).lower() for b in doc.blocks if "[/" in b.text for m in _CLOSER.finditer(b.text)}
    for block in doc.blocks:
        if not block.kept:
            continue
        if open_media is not None:
            if _close_open(block, open_media):
                open_media = None
            elif open_blocks < 2:
                block.remove(NAME, f"inside a [{open_media}] shortcode")
                open_blocks += 1
                continue
            else:
                open_media = None
        if "[" in block.text or "<" in block.text:
            left_open = _cut_block(block, media, single, captions, closed_later)
            if left_open is not None:
                open_media, open_blocks = left_open, 0


RULE = Rule(NAME, apply)
