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

from rapidfuzz import fuzz

from ..model import Block, Document, Kind
from ..options import Options
from ..textnorm import compare_key, strip_ellipsis

RULE = "duplicate"
_PREFIX_WORDS = 4
_NO_FUZZY = (Kind.CODE, Kind.TABLE_ROW)


def _damage(text: str) -> int:
    """Count signs of a damaged copy: replacement characters, mojibake, stray markup."""
    return (
        text.count("\ufffd") * 3
        + text.count("Ã") + text.count("â€")
        + text.count("[/") + text.count("<")
    )


MORE_COMPLETE_CHARS = 20  # a copy this much longer (and 5% longer) is the more complete one


def _better(new: Block, new_truncated: bool, old: Block, old_truncated: bool) -> bool:
    """Is the later copy better than the kept one?  Complete beats truncated, undamaged beats
    damaged, clearly longer beats shorter; otherwise the first copy stays (a typo can't be told
    from a correction)."""
    if new_truncated != old_truncated:
        return old_truncated
    a, b = new.kept_text, old.kept_text
    da, db = _damage(a), _damage(b)
    if da != db:
        return da < db
    return len(a) - len(b) >= max(MORE_COMPLETE_CHARS, len(b) // 20)


class _Kept:
    __slots__ = ("anchors", "block", "key", "probe", "truncated")

    def __init__(self, block: Block, key: str, truncated: bool, anchors: list[str]) -> None:
        self.block = block
        self.truncated = truncated
        self.set_key(key, anchors)

    def set_key(self, key: str, anchors: list[str]) -> None:
        self.key = key
        self.probe = _probe(key)
        self.anchors = anchors


MAX_FUZZY_CHARS = 600  # longer keys are compared on their opening and closing parts
ANCHORS = 4  # a candidate must share one of the key's longest words
MAX_ANCHOR_SCAN = 80  # words of a key looked at for anchors (its opening)


def _probe(key: str) -> str:
    """What rapidfuzz compares: the key, or its two ends when long (ratio is quadratic)."""
    if len(key) <= MAX_FUZZY_CHARS:
        return key
    half = MAX_FUZZY_CHARS // 2
    return key[:half] + " " + key[-half:]


def _anchors(key: str) -> list[str]:
    """The longest distinct words: near repeats share at least one of them."""
    words = [w for w in dict.fromkeys(key.split(" ", MAX_ANCHOR_SCAN)[:MAX_ANCHOR_SCAN]) if len(w) >= 4]
    if len(words) > ANCHORS:
        words = sorted(words, key=len, reverse=True)[:ANCHORS]  # stable: deterministic ties
    return words or key.split(" ")[:1]


def _prefix_index_key(key: str) -> str:
    return " ".join(key.split(" ", _PREFIX_WORDS)[:_PREFIX_WORDS])


class _Index:
    """The paragraphs kept so far, findable by exact key, anchor word and opening words."""

    def __init__(self) -> None:
        self.exact: dict[str, _Kept] = {}
        self.by_anchor: dict[str, list[_Kept]] = {}
        self.by_prefix: dict[str, list[_Kept]] = {}

    def add(self, entry: _Kept) -> None:
        self.exact.setdefault(entry.key, entry)
        if not entry.anchors:
            return  # too short or not prose: found by its exact key only
        for w in entry.anchors:
            self.by_anchor.setdefault(w, []).append(entry)
        self.by_prefix.setdefault(_prefix_index_key(entry.key), []).append(entry)

    def near(self, key: str, anchors: list[str], cutoff: float) -> tuple[_Kept, float] | None:
        seen: set[int] = set()
        best: tuple[_Kept, float] | None = None
        probe = _probe(key)
        for w in anchors:
            for cand in self.by_anchor.get(w, ()):
                if id(cand) in seen:
                    continue
                seen.add(id(cand))
                score = fuzz.ratio(probe, cand.probe, score_cutoff=cutoff)
                if score and (best is None or score > best[1]):
                    best = (cand, score)
        return best


def collapse_duplicates(doc: Document, options: Options) -> None:
    index = _Index()
    title_key = compare_key(doc.title) if doc.title else None

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

        hit = index.exact.get(key)
        how = "exact repeat"
        fuzzy_ok = block.kind not in _NO_FUZZY and len(key) >= options.min_dedup_chars
        anchors = _anchors(key) if fuzzy_ok else []
        if hit is None and fuzzy_ok:
            near = index.near(key, anchors, options.dedup_ratio)
            if near is not None:
                hit, how = near[0], f"near repeat (ratio {near[1]:.0f})"
        if hit is None and fuzzy_ok and len(key) >= options.min_excerpt_chars:
            hit, how = _excerpt_match(key, truncated, index.by_prefix, options)

        if hit is None:
            index.add(_Kept(block, key, truncated, anchors))
            continue

        if how.startswith("fuller") or _better(block, truncated, hit.block, hit.truncated):
            _swap(hit, block, key, truncated, anchors, index)
            block.remove(RULE, f"{how} of {hit.block.origin.describe()}; this better copy moved there")
        else:
            block.remove(RULE, f"{how} of {hit.block.origin.describe()}")


def _excerpt_match(
    key: str, truncated: bool, by_prefix: dict[str, list[_Kept]], options: Options
) -> tuple[_Kept | None, str]:
    for cand in by_prefix.get(_prefix_index_key(key), ()):
        ck = cand.key
        if len(key) < len(ck):
            # The new block is shorter: an excerpt of a kept paragraph.  Untruncated short
            # blocks must be long enough not to be a sentence that merely opens alike.
            if not truncated and len(key) < 2 * options.min_excerpt_chars:
                continue
            if fuzz.ratio(_probe(key), _probe(ck[: len(key)])) >= options.excerpt_ratio:
                return cand, "excerpt"
        elif len(key) > len(ck) and (cand.truncated or len(ck) >= 2 * options.min_excerpt_chars):
            if fuzz.ratio(_probe(ck), _probe(key[: len(ck)])) >= options.excerpt_ratio:
                return cand, "fuller copy"
    return None, ""


def _swap(hit: _Kept, block: Block, key: str, truncated: bool, anchors: list[str], index: _Index) -> None:
    """Move the better copy's text into the first occurrence's position."""
    target = hit.block
    target.replace_text(block.kept_text)
    if target.kind is Kind.PARAGRAPH and block.kind is not Kind.PARAGRAPH:
        target.kind = block.kind
    hit.truncated = truncated
    hit.set_key(key, anchors)
    index.add(hit)
