"""Image alt-text, file names and captions that scrapers leave between paragraphs.

Evidence, from strongest to weakest:

* a line that *is* a file name (``IMG_2041.JPG``, ``mekong-crossing-1024x683.jpg``,
  ``North_Korean_defector_routes_map``) or a photo credit (``Photo: AFP``);
* a caption text already known from a ``[caption]`` shortcode in the same document;
* in a text dump, a two-line chunk (no blank line between) whose first line is a short label
  without sentence punctuation and whose second line is a caption-like line without a final
  period: ``North Korean defectors Thailand1`` / ``North Koreans crossing the Mekong...``.

A short subheading followed by its paragraph is not a caption pair: the paragraph ends like
a sentence.  With ``keep_captions`` the rule does nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from ..model import Block, Document, Kind
from ..options import Options
from ..textnorm import UPPER, compare_key, ends_clause
from ..textshape import is_prose, looks_like_code, runs_on
from .base import ALL_LANGS, Langs, Rule, by_words, langs_of, load_data, phrases
from .bylines import closing_date
from .imagelabels import (
    MIN_FRAGMENT_WORDS,
    alternation,
    headline_words,
    is_credit_line,
    is_image_control,
    is_screenshot_name,
    title_fragment,
)
from .shortcodes import NAME as SHORTCODE

ALT = "alt_text"
CAPTION = "caption"
PAIR = "image_pair"

_EXT = r"(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif|heic|jfif)"
_FILE_NAME = re.compile(
    rf"""^(?:
        \S{{1,200}}\.{_EXT}(?:\?\S*)?                      # anything.jpg
      | (?:IMG|DSC|DSCN|DSCF|PXL|MVIMG|P|GOPR|DJI|SAM|WP)[_-]?\d{{3,}}[\w-]*   # camera names
      | [^\W_]+(?:_[^\W_]+){{2,}}                          # Words_Joined_By_Underscores
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# A size suffix (-1024x683) in a word of letters, digits and dashes; as one pattern
# ([\w-]*\d{2,4}x\d{2,4}[\w-]*) it is quadratic on "12x12x12...", so it is two linear tests.
_SIZE = re.compile(r"\d\dx\d\d", re.IGNORECASE)
_WORDISH = re.compile(r"[\w-]+$")
_GLUED_DIGIT = re.compile(r"[A-Za-z]{3,}\d{1,3}$")
_GLUED_TAIL = 6  # a match covers 3 letters + at most 3 digits at the end: search only there
MAX_CREDITED_CAPTION_WORDS = 40
MAX_HEADLINES = 8
MAX_LABEL_CHARS = 80
_CREDIT_TAIL = 160  # a credit closes the caption: only its last characters are searched


@cache
def _credit_end(langs: Langs) -> re.Pattern[str]:
    """A photo credit closing a caption in the words of ``langs``: "(Photo: AFP)", "... river.
    Foto: dpa" (the ``caption.credit`` phrases); the credits no language names are
    :func:`_credit_end_any`'s, compiled once rather than once per language set (their capital
    letters are a class of thousands).  O(1) after the first call per language set."""
    credit = alternation(phrases("caption", "credit", langs))
    short = alternation(phrases("caption", "credit_short", langs))
    by = by_words(("caption", "credit_by"))
    return re.compile(
        rf"[(\[](?:{credit})s?\s*(?::|{by}|©|courtesy of|\.)\s*[^()\[\]]{{1,80}}[)\]]\s*\.?$"
        rf"|[.!?]\s+(?:{short})\s*(?::|©)\s*[\w.&/ -]{{2,40}}$",
        re.IGNORECASE,
    )


@cache
def _credit_end_any() -> re.Pattern[str]:
    """A credit closing a caption in any language: "(Jane Roe/Getty)" (the stock agencies of
    ``data/credits.toml``), or a name set off after the caption's last sentence by a bar or a
    slash ("... in Porto. | Jane Roe", "... the garden. / Getty Images")."""
    agencies = alternation(load_data("credits")["stock_agencies"])
    return re.compile(
        rf"\([^()]{{1,60}}/\s*(?:{agencies})[\w. -]{{0,20}}\)\s*$"
        rf"|[.!?)]\s*[|/]\s*(?-i:[{UPPER}][\w&.'’-]*(?:\s+[{UPPER}][\w&.'’-]*){{0,2}})\s*$",
        re.IGNORECASE,
    )


@cache
def _figure_label(langs: Langs) -> re.Pattern[str]:
    """ "Figure 3: ...", "Abb. 2 – ...": a numbered figure label (``caption.figure`` words)."""
    words = alternation(phrases("caption", "figure", langs))
    return re.compile(rf"^(?:{words})\s*\d{{1,3}}[a-z]?\s*[:.–-]\s+\S", re.IGNORECASE)


@cache
def _position(langs: Langs) -> re.Pattern[str]:
    """ "(left)", "(z lewej)", "(v. l.)": a person's place in the photo (``caption.position``)."""
    words = alternation(phrases("caption", "position", langs))
    return re.compile(rf"\((?:{words})\)", re.IGNORECASE)


MAX_MARKED_CAPTION_WORDS = 25


def _marked_caption(text: str, position: re.Pattern[str]) -> bool:
    """One short sentence marked as a caption: a person's place in the photo ("Jane Roe (left)
    with ..."), or a place and a date closing it after a comma ("Traders in Porto, 2 May
    2019."), as captions are dated.  O(len(text))."""
    if runs_on(text):
        return False
    return position.search(text) is not None or closing_date().search(text) is not None


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){2,}$")


def is_file_name(text: str) -> bool:
    """A line that is a file name or camera/CMS image name (O(len(text))).  An upper-case
    identifier joined by underscores (``REQUESTS_CA_BUNDLE``) is a constant or an environment
    variable in documentation, not an image."""
    if " " in text or ("_" in text and "." not in text and text.isupper()):
        return False
    if _FILE_NAME.match(text) is not None:
        return True
    return _SIZE.search(text) is not None and _WORDISH.match(text) is not None


def _label_like(text: str) -> bool:
    """A short line with no sentence punctuation: what alt-text looks like."""
    words = text.split()
    return 0 < len(words) <= 10 and not ends_clause(text) and not text.endswith(",")


def _caption_like(text: str) -> bool:
    words = text.split()
    if not 3 <= len(words) <= 45 or text.endswith((".", "!", "?", ",", ":", ";")):
        return False
    first = text[0]
    return first.isupper() or first in '("“' or (not first.isalpha() and not first.isdigit())


def _alt_evidence(text: str) -> bool:
    """Stronger than _label_like: the label carries a sign of a file name or image label.

    O(len(text)); the glued-digit pattern is searched in the last characters only (from every
    position of a long run of letters it would be quadratic)."""
    return is_file_name(text) or bool(_GLUED_DIGIT.search(text[-_GLUED_TAIL:])) or bool(_SLUG.match(text))


def _headlines(doc: Document) -> list[list[str]]:
    """The case-folded words of the page's headlines: its title and the heading-shaped lines
    above the first prose paragraph (at most ``MAX_HEADLINES``), which an alt text may copy.
    O(n + L) time over the blocks before the body."""
    out = [headline_words(doc.title)] if doc.title else []
    for block in doc.blocks:
        if len(out) >= MAX_HEADLINES or (block.kept and is_prose(block)):
            break
        words = headline_words(block.text)
        if len(words) > MIN_FRAGMENT_WORDS and not ends_clause(block.text):
            out.append(words)
    return out


def apply_alt(doc: Document, options: Options) -> None:
    """Remove lines that are an image's file name, screenshot name, control or stock label, or a
    fragment of the headline an alt text copies.  Cost: O(L) time (linear patterns; each short
    line is compared with at most ``MAX_HEADLINES`` headlines), O(1) memory besides them."""
    if options.keep_captions:
        return
    headlines = _headlines(doc)
    for block in doc.blocks:
        if not block.kept or block.kind is Kind.CODE or not block.kept_text:
            continue
        text = block.kept_text
        if looks_like_code(text):
            continue  # a code line rendered as text: identifiers, not file names
        if is_file_name(text):
            block.remove(ALT, "image file name")
        elif is_screenshot_name(text):
            block.remove(ALT, "screenshot file name")
        elif len(text) <= MAX_LABEL_CHARS:
            if is_image_control(text, ALL_LANGS):  # image words name nothing else: any language's
                block.remove(ALT, "image control or label")
            elif headlines and title_fragment(text, headlines):
                block.remove(ALT, "alt text copying words of the headline")


def apply(doc: Document, options: Options) -> None:
    """Remove known captions, caption markup and credited captions; cut captions glued before
    a paragraph.

    Cost: O(L + C) time for C known captions (patterns linear or searched in a bounded tail; glued
    captions looked up by opening, at most MAX_GLUED_CANDIDATES per paragraph), O(C) memory."""
    # A dict, not a set: iteration order must not depend on string hashing (determinism).
    known = {k: None for k in (compare_key(c) for c in doc.captions) if k}
    if options.keep_captions:
        # Kept, but known for what they are (a caption is no headline for the title).
        for block in doc.blocks:
            if known and block.kept and block.kind is Kind.PARAGRAPH and compare_key(block.kept_text) in known:
                block.kind = Kind.CAPTION
        return
    openings = _caption_openings(known)
    longest = max((len(c) for caps in openings.values() for c in caps), default=0)
    langs = langs_of(doc)
    credit_end, figure_label, position = _credit_end(langs), _figure_label(langs), _position(ALL_LANGS)
    credit_any = _credit_end_any()
    for block in doc.blocks:
        if not block.kept or block.kind is Kind.CODE:
            continue
        text = block.kept_text
        if not text:
            continue
        if known and compare_key(text) in known:
            block.remove(CAPTION, "caption text also found in a [caption] shortcode")
        elif block.kind is Kind.CAPTION:
            block.remove(CAPTION, "caption markup")
        elif is_credit_line(text, ALL_LANGS):
            block.remove(CAPTION, "photo credit line")
        elif block.nwords <= MAX_CREDITED_CAPTION_WORDS and (
            credit_end.search(text, tail := max(0, len(text) - _CREDIT_TAIL))
            or credit_any.search(text, tail)
            or figure_label.match(text)
        ):
            block.remove(CAPTION, "caption: numbered figure label or photo credit")
        elif block.nwords <= MAX_MARKED_CAPTION_WORDS and _marked_caption(text, position):
            block.remove(CAPTION, "caption: a person's place in the photo, or a place and date after a comma")
        elif known:
            _cut_leading_caption(block, openings, longest)


def apply_pairs(doc: Document, options: Options) -> None:
    """Alt-text + caption line pairs, and the lines around an image's label or credit: judged
    by their neighbours, so re-run while settling.

    Cost: O(n + L) time (each block compared with its neighbours in its group and the next
    chunk's), O(n) memory."""
    if options.keep_captions or doc.kind != "text":
        return
    groups: dict[int, list[Block]] = defaultdict(list)
    header = True  # before the first body paragraph: a bare pair there is a headline and its dek or byline
    header_groups: set[int] = set()
    for block in doc.blocks:
        header = header and not (block.kept and is_prose(block))
        if block.group is not None:
            groups[block.group].append(block)
            if header:
                header_groups.add(block.group)
    for group, members in groups.items():
        _pairs(members, bare_ok=group not in header_groups)
    _around_anchors(doc)


MIN_GLUED_CAPTION = 15  # shorter known captions are not looked for at the start of paragraphs
MAX_GLUED_CANDIDATES = 32  # known captions with one opening tried per paragraph
_HEAD = 200  # characters of a paragraph where a glued caption's first word must stand


def _caption_openings(known: dict[str, None]) -> dict[str, list[str]]:
    """Known captions long enough to be cut from a paragraph's start, by their first
    ``MIN_GLUED_CAPTION`` key characters, in document order, at most ``MAX_GLUED_CANDIDATES``
    per opening.  O(number of captions)."""
    out: dict[str, list[str]] = {}
    for cap in known:
        if len(cap) >= MIN_GLUED_CAPTION:
            slot = out.setdefault(cap[:MIN_GLUED_CAPTION], [])
            if len(slot) < MAX_GLUED_CANDIDATES:
                slot.append(cap)
    return out


def _key_opening(text: str, longest: int) -> str:
    """The first ``MIN_GLUED_CAPTION`` characters of the comparison key of ``text``'s opening.

    The key of a prefix of a text is a prefix of the key of a longer prefix, so any known
    caption the paragraph's key starts with shares these characters.  O(min(len(text),
    longest)): ``_HEAD`` characters are enough unless they are mostly punctuation."""
    key = compare_key(text[:_HEAD])
    if len(key) < MIN_GLUED_CAPTION and len(text) > _HEAD:
        key = compare_key(text[: longest + 10])
    return key[:MIN_GLUED_CAPTION]


def _cut_leading_caption(block: Block, openings: dict[str, list[str]], longest: int) -> None:
    """A caption glued before a paragraph (``Caption text North Korea has ...``).

    Only the known captions whose key opens like the paragraph's are tried (at most
    ``MAX_GLUED_CANDIDATES``), not every caption of the page: O(len(text)) per block.
    """
    if block.cuts or not openings:
        return
    candidates = openings.get(_key_opening(block.text, longest))
    if not candidates:
        return
    head = block.text[:_HEAD].casefold()
    for cap in candidates:
        n = len(cap)
        if cap.split(" ", 1)[0] in head and compare_key(block.text[: n + 10]).startswith(cap):
            words = len(cap.split())
            m = re.match(rf"\s*(?:\S+\s+){{{words}}}", block.text)
            if m is not None and m.end() < len(block.text):
                block.cut(0, m.end(), CAPTION, "caption text known from a [caption] shortcode")
            return


def _pairs(members: list[Block], bare_ok: bool = True) -> None:
    """Alt-text line + caption line inside one blank-line separated chunk of a dump."""
    chunk = [b for b in members if b.text and b.kind is not Kind.TITLE]
    for i, block in enumerate(chunk):
        if not block.kept or not block.kept_text:
            continue
        text = block.kept_text
        prev = chunk[i - 1] if i > 0 else None
        if prev is not None and prev.removal is not None and prev.removal.rule in (ALT, PAIR) and _caption_like(text):
            block.remove(PAIR, "caption line under an image label")
            continue
        if not _label_like(text) or block.kind is Kind.LIST_ITEM:
            continue
        nxt = chunk[i + 1] if i + 1 < len(chunk) else None
        strong = _alt_evidence(text)
        if nxt is not None and nxt.removal is not None and nxt.removal.rule == CAPTION:
            block.remove(PAIR, "image alt-text line above a known caption")
        elif nxt is not None and nxt.kept and _caption_like(nxt.kept_text) and nxt.kind is not Kind.LIST_ITEM:
            # A bare pair (the whole chunk is label + caption) or a label with file-name evidence.
            if strong or (bare_ok and len(chunk) == 2):
                block.remove(PAIR, "image alt-text line")
                nxt.remove(PAIR, "caption line under an image label")


MAX_CHUNK_CAPTION_WORDS = 30  # a line sharing a chunk with an image's label or credit
MAX_IMAGE_CHUNK = 4  # lines of one image's chunk: label, caption, credit, control


def _is_anchor(block: Block) -> bool:
    return block.removal is not None and block.removal.rule in (ALT, CAPTION)


def _chunk_caption(block: Block) -> bool:
    """Short enough to be a caption or credit line of the image its chunk holds.  O(len(text))."""
    return block.kind is Kind.PARAGRAPH and block.nwords <= MAX_CHUNK_CAPTION_WORDS


def _around_anchors(doc: Document) -> None:
    """An image as one unit: from a line some image rule removed (label, control, credit) after
    the body has started, the short lines of its chunk (no blank line between) go.  A chunk of
    more than ``MAX_IMAGE_CHUNK`` lines is no image's chunk (a dump with no blank lines).  A
    caption a blank line away stays: a one-sentence body paragraph looks the same.

    O(n + L) time: each anchor looks at its own chunk only, O(n) memory."""
    blocks = [b for b in doc.blocks if b.text and b.kind is not Kind.TITLE]
    sizes: dict[int, int] = defaultdict(int)
    for b in blocks:
        if b.group is not None:
            sizes[b.group] += 1
    started = False
    for i, block in enumerate(blocks):
        started = started or (block.kept and is_prose(block))
        if not started or not _is_anchor(block) or block.group is None or sizes[block.group] > MAX_IMAGE_CHUNK:
            continue
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(blocks) and blocks[j].group == block.group:
                if blocks[j].kept and _chunk_caption(blocks[j]):
                    blocks[j].remove(PAIR, "line in the chunk of an image's label or credit")
                j += step


ALT_RULE = Rule(ALT, apply_alt)
RULE = Rule(CAPTION, apply, reads=(SHORTCODE,))
PAIRS_RULE = Rule(PAIR, apply_pairs, reads=(ALT, CAPTION), text_only=True, contextual=True)
