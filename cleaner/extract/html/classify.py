"""Block classification: each block of the page on its own, in the manner of jusText.

Link-dense text is *bad*, very short text is *short*, longer text with a high stopword
density (or, for languages without a stopword list, sentence punctuation) is *good*, and in
between is *near*; prose in a small link-heavy box under a linked headline is a *teaser*.
The page's language is guessed in the same pass.  :mod:`.select` weighs containers by these
classes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ...model import Kind
from ..language import LANG_MIN_SHARE, language_hits, pick_language
from .blocks import RawBlock
from .patterns import density_factors, literal_anchor

GOOD, NEAR, SHORT, BAD, TEASER = "good", "near", "short", "bad", "teaser"

MAX_LINK_DENSITY = 0.5
SHORT_CHARS = 50
GOOD_CHARS = 100
STOPWORDS_HIGH = 0.26
STOPWORDS_LOW = 0.16
PUNCT_PER_WORD = 0.06  # sentence punctuation per word for prose without a stopword list
CJK_PUNCT = 0.015
LANG_SAMPLE_CHARS = 12000
TEASER_BOX_LINK_DENSITY = 0.3
TEASER_HEADLINE_BOX_DENSITY = 0.17
TEASER_MAX_CHARS = 400
TEASER_BOX_BLOCKS = 3
TEASER_HEADLINE_CHARS = 15
COPYRIGHT_MAX_CHARS = 200

_CODE, _TABLE_ROW, _HEADING = Kind.CODE, Kind.TABLE_ROW, Kind.HEADING  # (bound once: see .blocks)
_WORD = re.compile(r"\w+", re.UNICODE)
_PUNCT = re.compile(r"[.,;:!?]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_COPYRIGHT = re.compile(
    r"\bcopyright\b|\(c\) \d{4}|all rights reserved|alle rechte vorbehalten|tous droits réservés", re.I
)
_CJK_PUNCT = re.compile(r"[。，、！？；：]")
# Literal runs every copyright match contains, one per alternative ("copyright", "(c) "...):
# a substring test on the lower-cased text rules most blocks out before the case-insensitive
# regex, which cost 15 µs per short block (a third of classifying 100,000 short paragraphs).
_COPYRIGHT_ANCHORS = tuple(literal_anchor(alt) for alt in _COPYRIGHT.pattern.split("|"))


def is_copyright(text: str) -> bool:
    """A copyright line: O(len(text)), the regex only when an anchor occurs."""
    if "©" in text:
        return True
    low = text.lower()
    for a in _COPYRIGHT_ANCHORS:
        if a in low:
            break
    else:
        return False
    return _COPYRIGHT.search(text) is not None


@dataclass(slots=True)
class Scored:
    block: RawBlock
    cls: str
    length: int
    link_density: float


def _sample(blocks: list[RawBlock]) -> tuple[list[str], int]:
    """Texts of the prose-like blocks the language is guessed on, and the index after the last."""
    parts: list[str] = []
    size = 0
    end = 0
    for i, b in enumerate(blocks):
        n = len(b.text)
        if n < SHORT_CHARS or b.link_chars * 2 > n:
            continue
        parts.append(b.text)
        end = i + 1
        size += n
        if size > LANG_SAMPLE_CHARS:
            break
    return parts, end


def _is_cjk(sample: str) -> bool:
    return _CJK.search(sample) is not None and len(_CJK.findall(sample)) > 0.3 * len(sample)


def classify_page(blocks: list[RawBlock], declared: str | None) -> tuple[list[Scored], str | None]:
    """:func:`classify` the blocks and guess the page's language in the same pass.

    The language ("cjk", a stopword-list code or None) is guessed on the first
    ``LANG_SAMPLE_CHARS`` of prose-like blocks; with a declared language only the CJK
    test runs, since the guess would serve nothing else.
    """
    parts, end = _sample(blocks)
    if not parts:
        return classify(blocks, None), None
    if _is_cjk(" ".join(parts)):
        return classify(blocks, "cjk"), "cjk"
    if declared:
        return classify(blocks, None), None
    sample = _LangSample(end)
    scored = classify(blocks, None, sample)
    return scored, pick_language(sample.groups, sample.words)


@dataclass(slots=True)
class _LangSample:
    end: int
    groups: Counter[tuple[str, ...]] = field(default_factory=Counter)
    words: int = 0

    def add(self, words: list[str], groups: Counter[tuple[str, ...]] | None = None) -> None:
        self.words += len(words)
        self.groups.update(groups if groups is not None else language_hits(words))


def _density(groups: Counter[tuple[str, ...]], n: int) -> float:
    if not groups:
        return -1.0
    hits: dict[str, int] = {}
    for langs, c in groups.items():
        for lang in langs:
            hits[lang] = hits.get(lang, 0) + c
    factors = density_factors()
    best = max(hits.values())
    if best < LANG_MIN_SHARE * n:
        return -1.0
    return max(c / factors.get(lang, 1.0) for lang, c in hits.items()) / n


def classify(blocks: list[RawBlock], lang: str | None, sample: _LangSample | None = None) -> list[Scored]:
    out: list[Scored] = []
    cjk = lang == "cjk"
    end = sample.end if sample is not None else 0
    for i, b in enumerate(blocks):
        text = b.text
        length = len(text)
        ld = b.link_chars / length if length else 0.0
        sd = 0.0
        sampled = i < end and length >= SHORT_CHARS and b.link_chars * 2 <= length
        if b.kind is _CODE or b.kind is _TABLE_ROW:
            cls = NEAR if ld < MAX_LINK_DENSITY else BAD
        elif length < COPYRIGHT_MAX_CHARS and is_copyright(text):
            cls = BAD  # a copyright line
        elif ld > MAX_LINK_DENSITY:
            cls = BAD
        elif length < SHORT_CHARS:
            cls = BAD if ld > 0.3 else SHORT
        elif cjk:
            punct = len(_CJK_PUNCT.findall(text)) / length
            cls = GOOD if punct >= CJK_PUNCT and length >= GOOD_CHARS // 2 else NEAR
        else:
            words = _WORD.findall(text.lower())
            groups = language_hits(words)
            sd = _density(groups, len(words)) if words else -1.0
            if sampled and sample is not None:
                sample.add(words, groups)
                sampled = False
            if sd >= 0:
                if sd >= STOPWORDS_HIGH and length >= GOOD_CHARS:
                    cls = GOOD
                elif sd >= STOPWORDS_LOW:
                    cls = NEAR
                else:
                    cls = BAD if ld > 0.2 else SHORT
            else:  # no stopword list fits: sentence punctuation tells prose
                punct = len(_PUNCT.findall(text)) / (len(words) or 1)
                cls = GOOD if punct >= PUNCT_PER_WORD and length >= GOOD_CHARS else NEAR
        if sampled and sample is not None:
            sample.add(_WORD.findall(text.lower()))
        if cls is GOOD and ld > 0.25:
            cls = NEAR
        out.append(Scored(b, cls, length, ld))
    return out


def mark_teasers(scored: list[Scored]) -> None:
    """Prose in a small link-heavy box with a linked headline is a teaser (headline + excerpt).

    Article paragraphs share a box with other paragraphs and few links; a "related posts"
    card holds a linked headline and a short excerpt, so its box's link density is high.
    """
    chars: dict[int, int] = {}
    links: dict[int, int] = {}
    count: dict[int, int] = {}
    headlines: dict[int, int] = {}
    for s in scored:
        chain = s.block.chain
        if len(chain) >= 2:
            box = chain[-2]
            chars[box] = chars.get(box, 0) + s.length
            links[box] = links.get(box, 0) + s.block.link_chars
            count[box] = count.get(box, 0) + 1
            if s.length >= TEASER_HEADLINE_CHARS and s.link_density > MAX_LINK_DENSITY:
                headlines[box] = headlines.get(box, 0) + 1
    for s in scored:
        if (s.cls is not GOOD and s.cls is not NEAR) or s.block.kind is _HEADING:
            continue
        chain = s.block.chain
        if len(chain) >= 2 and s.length < TEASER_MAX_CHARS:
            box = chain[-2]
            density = links[box] / chars[box] if chars[box] else 0.0
            if count[box] <= TEASER_BOX_BLOCKS and (
                density > TEASER_BOX_LINK_DENSITY
                or (headlines.get(box, 0) > 0 and density > TEASER_HEADLINE_BOX_DENSITY)
            ):
                s.cls = TEASER
