"""Collapse repeated paragraphs inside one document with rapidfuzz.

Scraped pages repeat their body: a second or third copy (re-wrapped, quotes changed, a typo,
a paragraph dropped), a feed excerpt that repeats the opening and ends in ``...``, a teaser
repeated further down.  We walk the kept blocks in reading order and compare each one with
the paragraphs already kept:

* same comparison key, or ``fuzz.ratio >= dedup_ratio``: the same paragraph;
* shorter and ``fuzz.ratio`` against the same-length opening of a kept paragraph
  ``>= excerpt_ratio`` (and either truncated with an ellipsis or long enough to be a real
  repeat): an excerpt of it;
* a kept paragraph that is an excerpt of the new one: the new one is the fuller copy.

One copy of each paragraph stays, at the position of its first occurrence; when a later copy
is better (complete rather than truncated, no broken characters, longer), its text moves into
that position and the replacement is recorded on the block.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import islice, pairwise
from typing import NamedTuple

from rapidfuzz import fuzz

from ..model import Block, Confidence, Document, Kind
from ..options import Options
from ..textnorm import compare_key, ends_like_sentence, strip_ellipsis
from ..textshape import looks_like_code, verse_lines
from . import DUPLICATE

RULE = DUPLICATE
_NO_FUZZY = (Kind.CODE, Kind.TABLE_ROW)
BODY_WORDS = 15  # a repeated sentence this long is a copy of the body, not a refrain or a label


ChromeJudge = Callable[[], bool | None]
"""Does the text carry chrome (True), none (False), or is there no verdict (None)?  The
dedup step passes the line model's (:func:`cleaner.rules.linemodel.has_chrome`)."""


# A line a program wrote: a log's timestamp (a date or a clock time) or a comment marker
# opening it, or a traceback's exception name ("RuntimeError: ...").
_MACHINE_LINE = re.compile(
    r"\s*(?:\[?\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b|\[?\d{1,2}:\d{2}\b|//|/\*|#\s|[A-Z][a-z]+(?:[A-Z][a-z]+)+:\s)"
)


def _machine_line(text: str) -> bool:
    """A line of code, a log or a traceback (:func:`cleaner.textshape.looks_like_code`, or
    :data:`_MACHINE_LINE`): programs repeat such lines, a copy of the body repeats prose.
    O(len(text))."""
    return _MACHINE_LINE.match(text) is not None or looks_like_code(text)


def copy_confidence(block: Block) -> Confidence | None:
    """SURE when the (still kept) repeated ``block`` is body prose: BODY_WORDS words or more
    ending like a sentence or cut short with an ellipsis (a feed excerpt), and no line of
    code or log (:func:`_machine_line`), which no refrain, portion size, table cell, label or
    repeated log line is; else None, the step's declared guess.  Call it before removing the
    block.  O(len(text))."""
    text = block.kept_text
    if block.nwords >= BODY_WORDS and (ends_like_sentence(text) or strip_ellipsis(text)[1]):
        return None if _machine_line(text) else Confidence.SURE
    return None


def _damage(text: str) -> int:
    """Count signs of a damaged copy: replacement characters, mojibake, stray markup."""
    return text.count("\ufffd") * 3 + text.count("Ã") + text.count("â€") + text.count("[/") + text.count("<")


MORE_COMPLETE_CHARS = 20  # a copy this much longer (and 5% longer) is the more complete one


def _digits(key: str) -> str:
    """The digits of a text in order (separators ignored: "2,000" and "2000" agree).  O(len)."""
    return "".join(ch for ch in key if ch.isdigit()) if any(ch.isdigit() for ch in key) else ""


class _Words:
    """How often each word occurs in the whole document (removed copies included), counted
    on first use: a near repeat's variant words are judged by the rest of the document.
    O(L) time and memory, once per document that has a near repeat."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._counts: Counter[str] | None = None

    def count(self, word: str) -> int:
        if self._counts is None:
            self._counts = Counter(w for b in self._doc.blocks for w in _WORD.findall(b.text.lower()))
        return self._counts[word]

    def substitution(self, a: str, b: str) -> tuple[int, int] | None:
        """For two variants where words were replaced (each has words the other lacks): how
        often the document uses each one's own words.  None for a pure insertion or deletion
        (an added word is no evidence of a correction).  O(len(a) + len(b))."""
        wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
        only_a, only_b = wa - wb, wb - wa
        if not only_a or not only_b:
            return None
        return sum(self.count(w) for w in only_a), sum(self.count(w) for w in only_b)


_WORD = re.compile(r"\w+")


def _better(new: Block, new_truncated: bool, old: Block, old_truncated: bool, words: _Words | None = None) -> bool:
    """Is the later copy better than the kept one?  Complete beats truncated (also cut
    mid-sentence, as feed excerpts are: "... and (more…)"), undamaged beats damaged; then, where
    words were replaced, the variant whose own words the document uses more (a third copy
    votes, a word spelled right elsewhere outweighs a typo); then clearly longer beats shorter; otherwise the
    first copy stays (with nothing else to go by, a typo can't be told from a correction)."""
    if new_truncated != old_truncated:
        return old_truncated
    a, b = new.kept_text, old.kept_text
    if ends_like_sentence(a) != ends_like_sentence(b):
        return ends_like_sentence(a)
    da, db = _damage(a), _damage(b)
    if da != db:
        return da < db
    support = words.substitution(a, b) if words is not None else None
    if support is not None and support[0] != support[1]:
        return support[0] > support[1]
    return len(a) - len(b) >= max(MORE_COMPLETE_CHARS, len(b) // 20)


class _Kept:
    """A kept paragraph and its place in the index.

    The entry is posted under the first ``want`` of its key's candidate anchors (see
    :func:`_candidates`) that are still keys (``active`` counts those postings); ``next`` is
    where the search for a replacement resumes when one of them stops being a key.  The
    candidates are not stored (they would double the index's memory): they are derived from
    the key again when needed.
    """

    __slots__ = ("active", "block", "key", "level", "next", "primary", "probe", "truncated", "want")

    def __init__(self, block: Block, key: str, truncated: bool, anchors: Anchors) -> None:
        self.block = block
        self.truncated = truncated
        self.active = 0
        self.want = 0
        self.level = 0
        self.set_key(key, anchors)

    def set_key(self, key: str, anchors: Anchors) -> None:
        self.key = key
        self.probe = _probe(key)
        self.primary = anchors[1]
        self.next = 0


MAX_FUZZY_CHARS = 600  # longer keys are compared on their opening and closing parts
ANCHORS = 4  # a candidate must share one of the key's longest words
MAX_ANCHOR_SCAN = 80  # words of a key looked at for anchors (its opening)
MAX_POSTING = 16  # a word or opening shared by more kept paragraphs stops being a key
OPENING_WORDS = (4, 8, 16)  # excerpt keys: the opening, longer when a shorter one is too common


def _probe(key: str) -> str:
    """What rapidfuzz compares: the key, or its two ends when long (ratio is quadratic)."""
    if len(key) <= MAX_FUZZY_CHARS:
        return key
    half = MAX_FUZZY_CHARS // 2
    return key[:half] + " " + key[-half:]


Anchors = tuple[list[str], int]  # the primary anchor words, their number


def _anchor_words(key: str) -> Anchors:
    """The key's primary anchors: the distinct words (4+ letters) of its opening, longest
    first when there are more than ANCHORS (near repeats share their longest words), or its
    first word.  O(len(key)) time (only the first ``MAX_ANCHOR_SCAN`` words are split)."""
    opening = key.split(" ", MAX_ANCHOR_SCAN)[:MAX_ANCHOR_SCAN]
    words = [w for w in dict.fromkeys(opening) if len(w) >= 4]
    if len(words) > ANCHORS:
        words.sort(key=len, reverse=True)  # stable: deterministic ties
    primary = words or opening[:1]
    return primary, len(primary)


def _candidates(key: str, primary: list[str] | None = None) -> Iterator[str]:
    """The primary anchors, then, as stand-ins for words shared by too many paragraphs, the
    distinct pairs of adjacent words of the opening in order; lazily, so that the pairs are
    only built when the primary words run out.  O(len(key))."""
    yield from _anchor_words(key)[0] if primary is None else primary
    opening = key.split(" ", MAX_ANCHOR_SCAN)[:MAX_ANCHOR_SCAN]
    seen: set[str] = set()
    for a, b in pairwise(opening):
        pair = a + " " + b
        if pair not in seen:
            seen.add(pair)
            yield pair


def _opening(key: str, level: int) -> str | None:
    """The first ``OPENING_WORDS[level]`` words of ``key`` (the whole key at level 0), or None
    when the key is too short for that level."""
    n = OPENING_WORDS[level]
    words = key.split(" ", n)[:n]
    if level > 0 and len(words) < n:
        return None
    return " ".join(words)


class _Index:
    """The paragraphs kept so far, findable by exact key, anchor word and opening words.

    Posting lists are capped: when more than ``MAX_POSTING`` kept paragraphs share a word it
    stops being an anchor (every entry under it moves on to its next longest word), and when
    they share an opening, the longer opening (``OPENING_WORDS``) becomes their excerpt key.
    A lookup therefore compares at most ``ANCHORS * MAX_POSTING`` (near) or ``MAX_POSTING``
    (excerpt) candidates.  Each entry is posted under at most 2 * ``MAX_ANCHOR_SCAN`` anchors
    (words, then pairs) and ``len(OPENING_WORDS)`` openings, re-deriving its candidates from
    its key (O(MAX_ANCHOR_SCAN)) each time one of its anchors stops being a key: a constant
    per entry, so O(n) time and postings for n kept paragraphs.
    """

    def __init__(self) -> None:
        self.exact: dict[str, _Kept] = {}
        self.by_anchor: dict[str, list[_Kept]] = {}
        self.common_words: set[str] = set()
        self.by_opening: dict[tuple[int, str], list[_Kept]] = {}
        self.common_openings: set[tuple[int, str]] = set()

    def add(self, entry: _Kept, anchors: Anchors) -> None:
        """Index a new entry, or one whose key changed (its old postings stay), with its
        primary ``anchors``.  Amortised O(1) postings beyond reading its key."""
        self.exact.setdefault(entry.key, entry)
        if not entry.primary:
            return  # too short or not prose: found by its exact key only
        entry.want = entry.active + min(ANCHORS, entry.primary)
        self._fill(entry, anchors[0])
        entry.level = 0
        self._post_opening(entry)

    def _fill(self, entry: _Kept, primary: list[str]) -> None:
        work: list[tuple[_Kept, list[str] | None]] = [(entry, primary)]
        while work:
            e, known = work.pop()
            if e.active >= e.want:
                continue
            for w in islice(_candidates(e.key, known), e.next, None):
                if e.active >= e.want:
                    break
                e.next += 1
                if w in self.common_words:
                    continue
                posting = self.by_anchor.setdefault(w, [])
                if e in posting:  # (identity: _Kept has no __eq__; a C-level scan)
                    continue  # already there under its previous key
                posting.append(e)
                e.active += 1
                if len(posting) > MAX_POSTING:
                    self.common_words.add(w)
                    for other in self.by_anchor.pop(w):
                        other.active -= 1
                        work.append((other, None))

    def _post_opening(self, entry: _Kept) -> None:
        work = [entry]
        while work:
            e = work.pop()
            while e.level < len(OPENING_WORDS):
                opening = _opening(e.key, e.level)
                if opening is None:
                    break
                slot = (e.level, opening)
                if slot in self.common_openings:
                    e.level += 1
                    continue
                posting = self.by_opening.setdefault(slot, [])
                if e in posting:
                    break
                posting.append(e)
                if len(posting) > MAX_POSTING:
                    self.common_openings.add(slot)
                    for other in self.by_opening.pop(slot):
                        other.level += 1
                        work.append(other)
                break

    def near(self, key: str, anchors: Anchors, cutoff: float) -> tuple[_Kept, float] | None:
        """The kept paragraph most like ``key`` (``fuzz.ratio >= cutoff``) among those sharing
        one of its first ``ANCHORS`` anchor words: at most ANCHORS * MAX_POSTING ratios of
        strings of at most MAX_FUZZY_CHARS, so O(1) per lookup."""
        seen: set[int] = set()
        best: tuple[_Kept, float] | None = None
        probe = _probe(key)
        limit = min(ANCHORS, anchors[1])
        used = 0
        for w in _candidates(key, anchors[0]):
            if used == limit:
                break
            if w in self.common_words:
                continue
            used += 1
            for cand in self.by_anchor.get(w, ()):
                if id(cand) in seen:
                    continue
                seen.add(id(cand))
                score = fuzz.ratio(probe, cand.probe, score_cutoff=cutoff)
                if score and _digits(key) != _digits(cand.key):
                    continue  # "$24.99" vs "$29.99", "Week 3" vs "Week 4": look-alikes, not copies
                if score and (best is None or score > best[1]):
                    best = (cand, score)
        return best

    def same_opening(self, key: str) -> list[_Kept]:
        """Kept paragraphs opening like ``key``, on the shortest opening that is still a key
        (at most MAX_POSTING of them)."""
        for level in range(len(OPENING_WORDS)):
            opening = _opening(key, level)
            if opening is None:
                return []
            if (level, opening) not in self.common_openings:
                return self.by_opening.get((level, opening), [])
        return []


def _no_verdict() -> None:
    return None


def collapse_duplicates(doc: Document, options: Options, chrome: ChromeJudge = _no_verdict) -> None:
    """Remove repeats, near repeats and excerpts of kept paragraphs, keeping the better copy.

    In HTML the structure tells a second copy of the body from a section that repeats a line:
    a copy repeats a run of blocks, a distinct section repeats one (a menu's repeated
    heading, a definition restated under its own heading, the same question asked twice).
    So in HTML an exact or near repeat goes only when a neighbouring block is a repeat too,
    or when it is a quote (a forum reply quoting a post); an isolated one stays unless it is a
    body paragraph (an ad repeated down a page, see :func:`_settle`); and the next
    entry of a templated list is no repeat at all (:func:`_next_entry`).  In a text
    dump, repeats in a row are decided together when the run ends (:func:`_settle`): short
    items repeated inside the body stay, whether alone or in a run.

    Cost, for n blocks of L characters in all: O(L) time (one key per block, then at most
    ANCHORS * MAX_POSTING near and MAX_POSTING excerpt ratios on at most MAX_FUZZY_CHARS
    characters each, see :class:`_Index`) and O(L) memory (the keys of kept paragraphs).
    """
    index = _Index()
    words = _Words(doc)
    title_key = compare_key(doc.title) if doc.title else None
    by_structure = doc.kind == "html"
    run: list[_Repeat] = []  # the repeats in a row so far, decided when the run ends
    previous: Block | None = None  # the previous block compared
    where = _body(doc)
    quiet = _NoChrome(doc, chrome)

    for block in doc.blocks:
        if not block.kept:
            continue
        text = block.kept_text
        if not text:
            continue
        body, truncated = strip_ellipsis(text)
        key = compare_key(body)
        if not key:
            continue
        if title_key is not None and block.kind is not Kind.TITLE and key == title_key:
            block.remove(RULE, "repeats the title")
            continue
        before, previous = previous, block

        hit = index.exact.get(key)
        if hit is not None and by_structure and _next_entry(block, hit.block, exact=True):
            hit = None
        how = "exact repeat"
        fuzzy_ok = block.kind not in _NO_FUZZY and len(key) >= options.min_dedup_chars
        anchors: Anchors = _anchor_words(key) if fuzzy_ok else ([], 0)
        if hit is None and fuzzy_ok:
            near = index.near(key, anchors, options.dedup_ratio)
            if near is not None and not (by_structure and _next_entry(block, near[0].block, exact=False)):
                hit, how = near[0], f"near repeat (ratio {near[1]:.0f})"
        if hit is None and fuzzy_ok and len(key) >= options.min_excerpt_chars:
            hit, how = _excerpt_match(key, truncated, index.same_opening(key), options, text)

        if hit is None:
            _settle(run, by_structure, where, index, words, quiet)
            run = []
            index.add(_Kept(block, key, truncated, anchors), anchors)
            continue
        run.append(_Repeat(block, key, truncated, anchors, hit, how, before))
    _settle(run, by_structure, where, index, words, quiet)


def _next_entry(block: Block, other: Block, exact: bool) -> bool:
    """Is ``block``, in HTML, the next entry of the templated list ``other`` is in rather than
    a copy of it?  It sits at the same element path: a near repeat there (an API reference's
    "Return True if the path is a directory" / "... a block device"), or an exact one that
    is a list item (two parameters sharing a description).  A copy sits elsewhere (an excerpt
    above the article, a teaser card, a second rendering), and a paragraph repeated down an
    article is no list item.  O(len(path))."""
    path = block.origin.path
    return bool(path) and path == other.origin.path and (not exact or block.kind is Kind.LIST_ITEM)


class _Body(NamedTuple):
    """Where a text dump's body lies, as ids of kept blocks: ``above``, before its first
    sentence or stanza (or its first line, in a text with none); ``inside``, between its first
    and its last paragraph (a sentence of LABEL_WORDS words or more, or a stanza), or after
    its first line in a text of short lines only (a list); ``verse``, the lines of its
    stanzas (:func:`cleaner.textshape.verse_lines`); ``poem``, whether they are half its blocks or
    more (a poem or a song, whose refrain may be a line long enough to read as a paragraph)."""

    above: set[int]
    inside: set[int]
    verse: set[int]
    poem: bool


def _body(doc: Document) -> _Body:
    """See :class:`_Body`.  O(n + L)."""
    kept = [b for b in doc.blocks if b.kept and b.kept_text]
    verse = verse_lines(kept) if doc.kind == "text" else set()
    first = next((i for i, b in enumerate(kept) if ends_like_sentence(b.kept_text) or id(b) in verse), 1)
    prose = [
        i for i, b in enumerate(kept) if (b.nwords >= LABEL_WORDS and ends_like_sentence(b.kept_text)) or id(b) in verse
    ]
    span = kept[prose[0] + 1 : prose[-1]] if prose else kept[1:]
    return _Body({id(b) for b in kept[:first]}, {id(b) for b in span}, verse, 2 * len(verse) >= len(kept) > 0)


class _NoChrome:
    """Does the judge find no chrome in the text (its verdict not True; ``judged``: and it
    gave one)?  Asked at most once per document, on first need.  O(L) then O(1).  Also how
    many kept blocks have a comparison key (:meth:`times`), counted on first need."""

    def __init__(self, doc: Document, judge: ChromeJudge) -> None:
        self._doc, self._judge = doc, judge
        self._asked = False
        self._verdict: bool | None = None
        self._keys: Counter[str] | None = None

    def times(self, key: str) -> int:
        """Kept blocks of the document with comparison key ``key``.  O(L) once, then O(1)."""
        if self._keys is None:
            blocks = (b for b in self._doc.blocks if b.kept and b.kept_text)
            self._keys = Counter(compare_key(strip_ellipsis(b.kept_text)[0]) for b in blocks)
        return self._keys[key]

    def __call__(self, judged: bool = False) -> bool:
        if not self._asked:
            self._verdict, self._asked = self._judge(), True
        return self._verdict is False if judged else self._verdict is not True


def _refrain(run: list[_Repeat], body: _Body, quiet: _NoChrome) -> bool:
    """Is this run of repeats a refrain: stanza lines repeating stanza lines (or, in a poem,
    any block repeating one), the first copies below the body's start, in a text in which the
    line model finds no chrome (:func:`..rules.linemodel.has_chrome`)?  A song repeats its
    chorus, a poem its opening lines; a second copy of a page's body comes with the page's
    chrome around it.  O(len(run)), plus the model's O(L) once per document."""

    def stanza(r: _Repeat) -> bool:
        pair = {id(r.block), id(r.hit.block)}
        return pair <= body.verse or body.poem

    inside = all(stanza(r) and id(r.hit.block) not in body.above and r.hit.block is not r.before for r in run)
    return inside and quiet()


def _settle(
    run: list[_Repeat], by_structure: bool, body: _Body, index: _Index, words: _Words, quiet: _NoChrome
) -> None:
    """Decide a run of repeats in a row, now that it has ended.

    One repeat on its own stays when the structure says it is a section repeating a line (in
    HTML), or when it is a label (a contents entry and its heading, a "Yes" cell, a refrain),
    unless it stutters right under itself or repeats a line first met above the body (the
    headline, the menu).  In a text dump, a run of repeated items (labels, list items) that
    stands, with its first copies, between the body's first and last paragraphs is content
    too: a list or a table repeated under each section of a price list, a refrain of several
    lines; so is a run of stanza lines repeating stanza lines in a text with no chrome
    (:func:`_refrain`), and there a whole repeat standing alone that does not stutter and is
    no body paragraph met only twice, and a run of short lines each met three times or more
    (:func:`_template_line`).  A
    copy of the body repeats its prose, a menu repeated in the footer stands after the body
    or first stood above it: those runs go, as does any run holding a sentence or an
    excerpt.  O(len(run))."""
    if not run:
        return
    whole = not any(r.truncated or r.hit.truncated or not r.how.startswith(("exact", "near")) for r in run)
    if whole and not by_structure and _refrain(run, body, quiet):
        return
    if len(run) == 1:
        r = run[0]
        alone = _item(r) and id(r.hit.block) not in body.above
        if not alone and not by_structure and r.hit.block is not r.before and whole:
            # In a text with no chrome a repeat standing alone is the text's own when it is no
            # body paragraph (a question heading each section, a note, a term of the prose on
            # a line of its own) or recurs as a template does, three times or more (the terms
            # under each offer, a line under each record).  A body paragraph met twice is a
            # copy, and a menu has a page around it.
            template = copy_confidence(r.block) is None or quiet.times(r.key) >= TEMPLATE_TIMES
            alone = template and quiet(judged=True)
        # In HTML a section may repeat a line, not a paragraph: a repeated body paragraph goes
        # even on its own (an ad or a promo repeated down a page, a lede restated).
        structural = by_structure and copy_confidence(r.block) is None
        if whole and r.block.kind is not Kind.QUOTE and (structural or alone):
            return
    elif whole and not by_structure and all(_item(r) and {id(r.block), id(r.hit.block)} <= body.inside for r in run):
        return
    elif whole and not by_structure and all(_template_line(r, quiet) for r in run) and quiet(judged=True):
        return  # the lines under each record of a text with no chrome (a duration and a note)
    for r in run:
        _drop(r, index, words)


def _template_line(r: _Repeat, quiet: _NoChrome) -> bool:
    """A short line (no body paragraph) met TEMPLATE_TIMES times or more, not stuttering: in
    a run of such repeats, the lines a text repeats under each of its records.  O(1) after
    the key count."""
    return r.hit.block is not r.before and copy_confidence(r.block) is None and quiet.times(r.key) >= TEMPLATE_TIMES


def _item(r: _Repeat) -> bool:
    """Could this repeat be the text's own item rather than a copy?  A short item (a label, or
    a list item) whose first copy is not right above it (a stutter of the dump).  O(len(text))."""
    item = _label(r.block.kept_text) or (r.block.kind is Kind.LIST_ITEM and r.block.nwords < BODY_WORDS)
    return item and r.hit.block is not r.before


TEMPLATE_TIMES = 3  # a body paragraph met this often, each time on its own, is a record's template line
LABEL_WORDS = 12  # a text dump's line shorter than this, not ending like a sentence, is a label


def _label(text: str) -> bool:
    """A short line that does not end like a sentence: a heading, a list item, a table cell.
    In a text dump such a line repeated on its own (a contents entry and its heading, a "Yes"
    cell, a refrain) is content; a copied body or menu repeats a run of lines.  O(len)."""
    return not ends_like_sentence(text) and len(text.split(None, LABEL_WORDS)) < LABEL_WORDS


class _Repeat(NamedTuple):
    """A block found to repeat a kept one (``hit``), and how."""

    block: Block
    key: str
    truncated: bool
    anchors: Anchors
    hit: _Kept
    how: str
    before: Block | None  # the block compared just before this one


def _drop(r: _Repeat, index: _Index, words: _Words) -> None:
    """Remove the repeat, moving its text into the first occurrence when it is the better copy;
    the removed block remembers the block it repeats (``copy_of``)."""
    r.block.copy_of = r.hit.block
    where = r.hit.block.origin.describe()
    sure = copy_confidence(r.block)
    cut_short = not ends_like_sentence(r.block.kept_text)
    if r.how.startswith("fuller") and cut_short and ends_like_sentence(r.hit.block.kept_text):
        # Longer but cut mid-sentence: a feed excerpt running past a complete paragraph into
        # the next one.  It never stands in for the paragraph (the next one would follow twice).
        r.block.remove(RULE, f"excerpt running past the end of {where} (cut mid-sentence)", sure)
        return
    near = words if r.how.startswith("near") else None  # an exact repeat has the same words
    if r.how.startswith("fuller") or _better(r.block, r.truncated, r.hit.block, r.hit.truncated, near):
        _swap(r.hit, r.block, r.key, r.truncated, r.anchors, index)
        r.block.remove(RULE, f"{r.how} of {where}; this better copy moved there", sure)
    else:
        r.block.remove(RULE, f"{r.how} of {where}", sure)


def _excerpt_match(
    key: str, truncated: bool, candidates: list[_Kept], options: Options, text: str
) -> tuple[_Kept | None, str]:
    """The first candidate that ``key`` is an excerpt of, or a fuller copy of: at most
    MAX_POSTING ratios of strings of at most MAX_FUZZY_CHARS (O(1) per block).

    A feed excerpt joins the first paragraphs and is cut mid-sentence: a complete paragraph
    that opens a kept block cut short is that block's better copy, though shorter (the
    excerpt's text must never stand in for the paragraph)."""
    for cand in candidates:
        ck = cand.key
        if len(key) < len(ck):
            # The new block is shorter: an excerpt of a kept paragraph.  Untruncated short
            # blocks must be long enough not to be a sentence that merely opens alike.
            if not truncated and len(key) < 2 * options.min_excerpt_chars:
                continue
            if fuzz.ratio(_probe(key), _probe(ck[: len(key)])) >= options.excerpt_ratio:
                if ends_like_sentence(text) and not ends_like_sentence(cand.block.kept_text):
                    return cand, "fuller copy (a complete paragraph opening a cut excerpt)"
                return cand, "excerpt"
        elif len(key) > len(ck) and (cand.truncated or len(ck) >= 2 * options.min_excerpt_chars):
            if fuzz.ratio(_probe(ck), _probe(key[: len(ck)])) >= options.excerpt_ratio:
                return cand, "fuller copy"
    return None, ""


def _swap(hit: _Kept, block: Block, key: str, truncated: bool, anchors: Anchors, index: _Index) -> None:
    """Move the better copy's text into the first occurrence's position."""
    target = hit.block
    target.replace_text(block.kept_text)
    if target.kind is Kind.PARAGRAPH and block.kind is not Kind.PARAGRAPH:
        target.kind = block.kind
    hit.truncated = truncated
    hit.set_key(key, anchors)
    index.add(hit, anchors)
