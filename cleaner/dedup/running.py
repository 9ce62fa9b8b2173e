"""Blocks that are nothing but a stretch of the body's running text: a feed excerpt or a
copy whose paragraphs were glued into one block ("Subheading Paragraph text...").

Paragraph dedup compares blocks one with one; a block that joins the end of one paragraph's
heading to the next paragraph, or paragraphs 1 and 2 cut mid-sentence, matches none of them
whole.  Here a block is compared with the running text of consecutive kept blocks starting
at one that opens it: when the block is a prefix of that running text, it repeats them and
goes as ``duplicate``, linked to the block it opens with.
"""

from __future__ import annotations

from ..model import Block, Document, Kind
from ..textnorm import compare_key, ends_like_sentence, strip_ellipsis
from .paragraphs import RULE, copy_confidence  # one name for both kinds of copy: they are one verdict

OPENING = 24  # key characters a block is indexed by (shorter keys: the whole key)
MIN_KEY = 40  # a block this short is no glued copy
MAX_PARTS = 4  # consecutive blocks whose running text a block may repeat
MAX_CANDIDATES = 8
MAX_INSERTED_WORDS = 3  # a short label between the parts that the excerpt does not have


def collapse_running_text(doc: Document) -> None:
    """Remove kept blocks that are a prefix of the running text of other consecutive kept
    blocks (at least two of them).

    Cost: O(L) time (each block looked up under at most OPENING word-boundary prefixes of its
    key, at most MAX_CANDIDATES candidates, each compared on at most MAX_PARTS blocks' keys
    of the block's length), O(n + L) memory for the keys."""
    kept = [b for b in doc.blocks if b.kept and b.kept_text and b.kind not in (Kind.TITLE, Kind.CODE)]
    keys = [compare_key(strip_ellipsis(b.kept_text)[0]) for b in kept]
    index: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        if k:
            slot = index.setdefault(k[:OPENING], [])
            if len(slot) < MAX_CANDIDATES:
                slot.append(i)
    for x, key in enumerate(keys):
        if len(key) < MIN_KEY or not kept[x].kept:
            continue
        for a in _openers(key, index):
            if a == x or not kept[a].kept:
                continue
            parts = _covers(key, keys, kept, a, x)
            if not parts:
                continue
            text = kept[x].kept_text.rstrip()
            complete = ends_like_sentence(text) or text.endswith(":")
            if complete and (_fragment(kept[a]) or x < a):
                # The parts are the lines of a wrapped copy split apart, or a later copy of a
                # complete block in pieces: they repeat the block.
                for j in parts:
                    kept[j].copy_of = kept[x]
                    sure = copy_confidence(kept[j])
                    kept[j].remove(RULE, f"a line of a split copy of {kept[x].origin.describe()}", sure)
            else:
                kept[x].copy_of = kept[a]
                sure = copy_confidence(kept[x])
                kept[x].remove(RULE, f"repeats the running text from {kept[a].origin.describe()} on", sure)
            break


FRAGMENT_CHARS = 40


def _fragment(block: Block) -> bool:
    """A line cut from a wrapped paragraph: long, not ending like a sentence or a heading
    (no final punctuation and lower-case continuation is what a cut line looks like)."""
    text = block.kept_text.rstrip()
    return len(text) >= FRAGMENT_CHARS and not ends_like_sentence(text) and not text.endswith(":")


def _openers(key: str, index: dict[str, list[int]]) -> list[int]:
    """Blocks whose key opens ``key``: looked up under ``key``'s prefixes that end at a word
    boundary (up to OPENING characters) and under its first OPENING characters.  O(OPENING)."""
    out: list[int] = []
    for end in range(1, min(len(key), OPENING) + 1):
        if end == OPENING or (end < len(key) and key[end] == " "):
            out.extend(index.get(key[:end], ()))
    return out


def _covers(key: str, keys: list[str], kept: list[Block], a: int, x: int) -> list[int]:
    """The blocks kept[a], kept[a+1], ... (two at least, none of them x) whose running text
    ``key`` is a prefix of, the last one possibly cut, passing over one short label that the
    copy has and ``key`` lacks; [] if it is not.  O(len(key))."""
    pos = 0
    parts: list[int] = []
    skipped = False
    for j in range(a, min(len(keys), a + MAX_PARTS + 1)):
        if j == x or not kept[j].kept:
            return []
        k = keys[j]
        rest = key[pos:].lstrip()
        pos = len(key) - len(rest)
        if not rest:
            return parts if len(parts) >= 2 else []
        if rest.startswith(k):
            pos += len(k)
            parts.append(j)
            continue
        if parts and not skipped and kept[j].nwords <= MAX_INSERTED_WORDS and not ends_like_sentence(kept[j].kept_text):
            skipped = True  # a label inserted in this copy only ("Promoted", "Advertisement")
            continue
        # The block ends inside this part: cut (an excerpt) or the part's own opening, maybe
        # with a few words of its own glued on ("... and chosen leggi tutto").
        return [*parts, j] if parts and (k.startswith(rest) or _prefix_but_tail(k, rest)) else []
    return parts if len(parts) >= 2 and not key[pos:].strip() else []


MAX_TAIL_WORDS = 3  # words glued after an excerpt's cut ("read more", "» more", "leggi tutto")
MIN_HEAD = 20  # key characters of the part an excerpt must repeat before such a tail


def _prefix_but_tail(k: str, rest: str) -> bool:
    """``rest`` less its last one to MAX_TAIL_WORDS words opens ``k``.  O(len(rest))."""
    head = rest
    for _ in range(MAX_TAIL_WORDS):
        cut = head.rfind(" ")
        if cut < MIN_HEAD:
            return False
        head = head[:cut]
        if k.startswith(head):
            return True
    return False
