"""The page header of a text dump: the title is the heading just before the body, and the
short lines above it are chrome.

A dump's first line is often a menu, a site name or a "Skip to content" link, and taking it
as the title makes rules keyed on the title misfire.  By position: the body starts at the
first paragraph that reads as prose (see :mod:`.shape`); the title is a heading-shaped line
before it, preferably one the page itself confirms (a breadcrumb trail ending in its opening
words, or a copy of the body that repeats it), else the longest one.  What is
kept above the title goes as ``header``.
"""

from __future__ import annotations

import re

from ..dedup import DUPLICATE
from ..extract.textsplit import looks_like_heading
from ..model import Block, Document, Kind
from ..options import Options
from ..steps import Stage
from ..textnorm import compare_key
from ..textshape import is_prose, is_prose_text, is_sentence, runs_on, verse_lines
from .authors import credits_person
from .base import Rule
from .bylines import NAME as BYLINE

NAME = "header"
TITLE_MAX_WORDS = 25
MAX_NAME_WORDS = 5
_SITE_SEP = re.compile(r"\s[—|·•]\s")
MIN_CRUMB_CHARS = 8
MIN_CRUMB_ITEMS = 3
MIN_HEADLINE_WORDS = 4  # a breadcrumb tail this long confirms the headline it opens
_CRUMB_SEP = re.compile(r"\s(?:\||»|›|>|/|·|•|::|→)\s")
_CUT = re.compile(r"\s*(?:…|\.\.\.)\s*$")


def _crumb_tails(doc: Document, end: Block) -> list[str]:
    """Comparison keys of the last items of the breadcrumb-shaped lines above ``end`` (three
    items or more joined by menu separators), whatever became of them.  O(L)."""
    tails = []
    for b in doc.blocks:
        if b is end:
            break
        parts = _CRUMB_SEP.split(b.text)
        if len(parts) >= MIN_CRUMB_ITEMS:
            key = compare_key(_CUT.sub("", parts[-1]))
            if len(key) >= MIN_CRUMB_CHARS:
                tails.append(key)
    return tails


def _site_line(text: str) -> bool:
    """A site's name with a tagline or section ("Daily — since 2009", "News | Example"): set off
    by a separator, with fewer than ``MIN_HEADLINE_WORDS`` words before it.  A headline with
    the site's name after it ("Ferry returns in May | Example News") is a headline.  O(len(text))."""
    m = _SITE_SEP.search(text)
    return m is not None and len(text[: m.start()].split()) < MIN_HEADLINE_WORDS


def _headline_question(text: str) -> bool:
    """A long headline that ends like a sentence ("Tours or a Car in Iceland: Which One Should
    You Choose?"): one sentence, not ending in a period, in headline case.  Prose is not.
    O(len(text))."""
    text = text.strip()
    return (
        not text.endswith(".") and len(text.split()) <= TITLE_MAX_WORDS and not runs_on(text) and _headline_shape(text)
    )


def _headline_shape(text: str) -> bool:
    """Most of the longer words capitalised, as headlines are (a caption or a cut paragraph is
    in sentence case).  O(len(text))."""
    words = [w for w in text.split() if len(w) >= 4]
    return bool(words) and sum(w[0].isupper() or w[0].isdigit() for w in words) * 2 >= len(words)


_WORDS = re.compile(r"[^\W\d_]{4,}")
# A metadata line: a label and a short figure ("Reading time: 28 minutes", "Updated: 4 May 2021").
_META = re.compile(r"^[^:]{1,30}:\s*\d\S*(?:\s+\S+){0,3}$")


def _no_header(doc: Document, title: Block, candidates: set[int]) -> bool:
    """Does the text open with its own title, with no page header above the chosen one?  A
    header holds short lines (a site name, a menu, "Skip to content", a date), kept or taken
    by another rule; a clean text opens with a headline (and perhaps a subtitle) in the words
    of the text below it.  So: every line above ``title`` is a kept title candidate of
    :data:`MIN_HEADLINE_WORDS` words or more, no site line, credit or metadata line, at least half of whose
    longer words the text below uses.  O(L)."""
    i = next(i for i, b in enumerate(doc.blocks) if b is title)
    lines = [b for b in doc.blocks[:i] if b.text]
    words = {w.casefold() for b in doc.blocks[i:] if b.kept for w in _WORDS.findall(b.kept_text)}
    for b in lines:
        text = b.kept_text
        own = {w.casefold() for w in _WORDS.findall(text)}
        if not (b.kept and id(b) in candidates and b.nwords >= MIN_HEADLINE_WORDS):
            return False
        if _site_line(text) or credits_person(text) or _META.match(text) or len(own & words) * 2 < len(own):
            return False
    return True


def apply(doc: Document, options: Options) -> None:
    """Choose the title line by position and evidence (it becomes ``Kind.TITLE``: the title
    step, :mod:`.title`, makes it ``doc.title``); remove what is kept above it.

    Cost: O(n + L) time (one pass to find the body, one over the header region and the
    breadcrumbs), O(n) memory."""
    # The body starts at the first prose paragraph or stanza (:func:`.shape.verse_lines`),
    # kept or a removed copy of one (a feed excerpt may stand where the body's first copy starts).
    verse = verse_lines([b for b in doc.blocks if b.kept])
    start = next(
        (
            b
            for b in doc.blocks
            if (
                (b.kept and (is_prose(b) or id(b) in verse))
                or (b.removal is not None and b.removal.rule == DUPLICATE and is_prose_text(b.text))
            )
            and (id(b) in verse or not _headline_question(b.text))  # a stanza's line is no headline
        ),
        None,
    )
    if start is None:
        return
    kept = [b for b in doc.blocks if (b.kept and b.kept_text) or b is start]
    body = kept.index(start)
    if not body:
        return
    candidates = [
        b
        for b in kept[:body]
        if b.kind is not Kind.LIST_ITEM
        and b.kind is not Kind.CAPTION
        and not b.cuts  # what a rule left of a line (a kept [caption]'s text) is no headline
        and looks_like_heading(b.kept_text, TITLE_MAX_WORDS)
        and not b.kept_text.endswith(":")
    ]
    if not candidates:
        return
    # Evidence first: a breadcrumb trail ending in the headline's opening words (the last
    # such line); else shape: site names and taglines (set off by separators: "Daily — since
    # 2009") last, names and labels (under MIN_HEADLINE_WORDS) next, then lines in headline
    # case before others, then the longest, of equals the last.
    # (Lines the body's copies repeat are no evidence: image labels and subheadings repeat.)
    tails = _crumb_tails(doc, kept[body])
    crumbed = [b for b in candidates if any(compare_key(b.kept_text).startswith(t) for t in tails)]
    if crumbed:
        title = crumbed[-1]
    else:
        title = max(
            reversed(candidates),
            key=lambda b: (
                not _site_line(b.kept_text) and not credits_person(b.kept_text),
                b.nwords >= MIN_HEADLINE_WORDS,
                _headline_shape(b.kept_text),
                b.nwords,
            ),
        )
    above = kept[: kept.index(title)]
    if above and _no_header(doc, title, {id(c) for c in candidates}):
        title, above = above[0], []
    for b in above:
        if not is_prose_text(b.kept_text):  # a long paragraph above the title is never chrome
            b.remove(NAME, "page header above the title")
    title.kind = Kind.TITLE  # the title step (.title) makes it the title line
    # Between the title and the body: a name on the line of a byline or date ("Jane Roe" over
    # "Oct 14, 2024" in one chunk) is the byline's.
    dated = {b.group for b in doc.blocks if b.removal is not None and b.removal.rule == BYLINE and b.group is not None}
    for b in kept[kept.index(title) + 1 : body]:
        if b.kept and b.group in dated and b.nwords <= MAX_NAME_WORDS and not is_sentence(b.kept_text):
            b.remove(NAME, "name on the byline or date lines under the title")


RULE = Rule(NAME, apply, stage=Stage.FINALIZE, reads=(BYLINE, DUPLICATE), text_only=True, contextual=True)
