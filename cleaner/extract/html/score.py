"""Main-content selection: classify raw blocks, weigh containers, keep the best one.

Each block is classified on its own, in the manner of jusText: link-dense text is *bad*,
very short text is *short*, longer text with a high stopword density (or, for languages
without a stopword list, sentence punctuation) is *good*, and in between is *near*.  Each
block-level container scores the sum of its blocks' weights (good text counts for, bad text
against, short text slightly against), so the best container is the smallest one holding the
article without the link lists around it.  Inside it, short blocks survive only between
content blocks or as a heading of content, as jusText's context pass does.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ...model import Kind
from .blocks import Node, RawBlock
from .patterns import density_factors, literal_anchor, prune_patterns, stopword_index, stopwords
from .prune import is_category, is_strong
from .regions import with_listing

GOOD, NEAR, SHORT, BAD, TEASER = "good", "near", "short", "bad", "teaser"

MAX_LINK_DENSITY = 0.5
SHORT_CHARS = 50
GOOD_CHARS = 100
STOPWORDS_HIGH = 0.26
STOPWORDS_LOW = 0.16
PUNCT_PER_WORD = 0.06  # sentence punctuation per word for prose without a stopword list
CJK_PUNCT = 0.015
LANG_MIN_SHARE = 0.08
LANG_SAMPLE_CHARS = 12000
SHORT_WEIGHT = 0.1
EXTEND_LEVELS = 2
TRAILING_SHORT = 2
TEASER_BOX_LINK_DENSITY = 0.3
TEASER_HEADLINE_BOX_DENSITY = 0.17
TEASER_MAX_CHARS = 400
TEASER_BOX_BLOCKS = 3
TEASER_HEADLINE_CHARS = 15
TAIL_SCOPE_PARENT = True
TAIL_MIN_GOOD = 2
TRIM_TAIL = True
TAIL_SINGLE = False
TAIL_LONE_CHARS = 300
TEASER_WEIGHT = 0.5
UNPRUNE_SHARE = 0.5
QUOTE_LEVELS = 3  # an embedded post this many levels below the article's paragraph box
_EMBED_REASONS = frozenset({"embeds", "share"})
SCHEME_MIN_BOXES = 3  # a naming scheme names at least this many separate boxes of prose
NESTED_SHARE = 0.1  # a box inside a restored one of the same name comes back from this share
THREAD_OUTSIDE_CHARS = 400  # less prose than this beside a strong box: no article, a thread
STRONG_MIN_BOXES = 2  # a strong box restored as the content holds prose in this many boxes
COPYRIGHT_MAX_CHARS = 200
CORE_DEPTH = 2  # a short line up to this many levels below the body box belongs to it
EXTEND_BEFORE = True
EXTEND_AFTER = False
NEAR_WEIGHT = 0.6
KEEP_BONUS = 0.5  # containers named like article bodies get this share of their score on top

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


def _is_copyright(text: str) -> bool:
    """A copyright line: O(len(text)), the regex only when an anchor occurs."""
    if "©" in text:
        return True
    low = text.lower()
    if all(a and a not in low for a in _COPYRIGHT_ANCHORS):
        return False
    return _COPYRIGHT.search(text) is not None


@dataclass(slots=True)
class Scored:
    block: RawBlock
    cls: str
    length: int
    link_density: float
    stopword_density: float


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


def _pick_language(groups: Counter[tuple[str, ...]], words: int, declared: str | None) -> str | None:
    hits: Counter[str] = Counter()
    for langs, c in groups.items():
        for lang in langs:
            hits[lang] += c
    if not hits:
        return None
    lang, n = max(sorted(hits.items()), key=lambda kv: kv[1])
    if declared:  # the declared language wins a near tie (related languages share words)
        code = declared.split("-")[0].split("_")[0].lower()
        if code in stopwords() and hits[code] >= 0.9 * n:
            lang, n = code, hits[code]
    return lang if n >= LANG_MIN_SHARE * words else None


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
    return scored, _pick_language(sample.groups, sample.words, None)


@dataclass(slots=True)
class _LangSample:
    end: int
    groups: Counter[tuple[str, ...]] = field(default_factory=Counter)
    words: int = 0

    def add(self, words: list[str], groups: Counter[tuple[str, ...]] | None = None) -> None:
        self.words += len(words)
        self.groups.update(groups if groups is not None else _language_hits(words))


def _language_hits(words: list[str]) -> Counter[tuple[str, ...]]:
    """{languages a word is a stopword of: count} over ``words`` (counted at C level)."""
    return Counter(filter(None, map(stopword_index().get, words)))


def stopword_density(words: list[str]) -> float:
    """Share of stopwords in ``words`` for the best-fitting language, scaled per list.

    Computed per block, so a page mixing languages (an English post on a German blog)
    is judged block by block; below ``LANG_MIN_SHARE`` no list fits and -1 is returned.
    """
    return _density(_language_hits(words), len(words))


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
        if b.kind is Kind.CODE or b.kind is Kind.TABLE_ROW:
            cls = NEAR if ld < MAX_LINK_DENSITY else BAD
        elif length < COPYRIGHT_MAX_CHARS and _is_copyright(text):
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
            groups = _language_hits(words)
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
        out.append(Scored(b, cls, length, ld, sd))
    return out


def _weight(s: Scored) -> float:
    if s.cls is GOOD:
        return s.length
    if s.cls is NEAR:
        return NEAR_WEIGHT * s.length
    if s.cls is SHORT:
        return -SHORT_WEIGHT * s.length
    if s.cls is TEASER:
        return -TEASER_WEIGHT * s.length
    return -float(s.length)


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
        if (s.cls is not GOOD and s.cls is not NEAR) or s.block.kind is Kind.HEADING:
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


def unprune(
    scored: list[Scored], soft: dict[int, str], nodes: list[Node] | None = None, recall: bool = False
) -> list[Scored]:
    """Drop blocks under provisionally pruned elements, unless an element holds most prose.

    An element keeps its blocks when it holds at least ``UNPRUNE_SHARE`` of the page's good
    and near text.  A strong reason (a comment thread, a cookie box) keeps an article's
    comments out even when they outweigh it, so such an element is restored only when the
    page has no article beside it (:func:`_no_article`) and its prose sits in at least
    ``STRONG_MIN_BOXES`` boxes (it is no one-paragraph notice): the "comments" are then the
    posts of a forum thread, or a "consent"-like class names a page component.  With
    ``recall`` (the second pass of :mod:`.fallback`) every class/id box is restored whatever
    it holds, unless it sits in an element pruned by its tag or role (an ``<aside>`` says what
    it is), and so is a strong one that passes the same tests.  The boxes of a class category
    that together hold most of the prose are all restored (a naming scheme, see below).
    O(n * depth) time, O(n) memory.
    """
    if not soft:
        return scored
    total = 0
    outside: list[Scored] = []  # prose under no strong box
    held: dict[int, int] = {}
    by_name: dict[str, int] = {}  # class/id category -> prose under any box pruned for it
    scheme_boxes: dict[str, set[int]] = {}  # class/id category -> its outermost boxes holding prose
    in_tagged: set[int] = set()  # category boxes inside an element pruned by its tag or role
    boxes: dict[int, set[int]] = {}  # strong element -> the boxes (paragraph parents) of its prose
    for s in scored:
        if s.cls is GOOD or s.cls is NEAR:
            total += s.length
            strong = False
            names: dict[str, int] = {}  # category -> its outermost box above this block
            tagged = False  # under an element whose tag or role says what it is (<aside>)
            for n in s.block.pruned:
                held[n] = held.get(n, 0) + s.length
                reason = soft[n]
                if is_strong(reason):
                    strong = True
                    boxes.setdefault(n, set()).add(s.block.chain[-2] if len(s.block.chain) >= 2 else -1)
                elif is_category(reason):
                    names.setdefault(reason, n)
                    if tagged:
                        in_tagged.add(n)
                else:
                    tagged = True
            if not tagged:
                for reason, n in names.items():
                    by_name[reason] = by_name.get(reason, 0) + s.length
                    scheme_boxes.setdefault(reason, set()).add(n)
            if not strong:
                outside.append(s)
    lift = {n for n in held if is_category(soft[n]) and n not in in_tagged} if recall else set()
    restored = {
        n
        for n, chars in held.items()
        if not is_strong(soft[n]) and (chars >= UNPRUNE_SHARE * total or n in lift)
    }
    # A class category that, spread over many boxes (not inside an <aside>, a <nav>...) none
    # of which holds most of the prose alone, holds most of it together is the page's naming
    # scheme ("elementor-invisible" widgets a script reveals, "hidden lg:block" cells), not
    # boilerplate: its boxes come back.
    # (A single wrapper holding most is restored above, and its insides by _restored.)
    wrapped = {soft[n] for n in restored}
    scheme = {
        r
        for r, chars in by_name.items()
        if chars >= UNPRUNE_SHARE * total and r not in wrapped and len(scheme_boxes[r]) >= SCHEME_MIN_BOXES
    }
    if scheme:
        restored.update(n for n in held if soft[n] in scheme)
    share = 0.0 if recall else UNPRUNE_SHARE
    candidates = [n for n in boxes if held[n] >= share * total and len(boxes[n]) >= STRONG_MIN_BOXES]
    if candidates and _no_article(outside, candidates, nodes):
        restored.update(candidates)
    if nodes is not None:
        restored.update(_quoted_posts(scored, soft, nodes, held))
    # Boxes that may be restored by a restored ancestor of the same reason: the posts of a
    # thread, and boxes holding a fair share of the prose (not a small widget of the same name).
    nested = {n for n, chars in held.items() if is_strong(soft[n]) or chars >= NESTED_SHARE * total}
    return [s for s in scored if not s.block.pruned or _restored(s.block.pruned, restored, nested, soft)]


def _quoted_posts(scored: list[Scored], soft: dict[int, str], nodes: list[Node], held: dict[int, int]) -> set[int]:
    """Embedded social posts among the article's paragraphs: quoted content, not a widget.

    A box pruned as an embed or share widget whose name says it is an embedded post (a
    tweet's ``twitter-tweet``, a ``wp-block-embed-twitter`` figure), holding prose, and
    within ``QUOTE_LEVELS`` levels below a box that holds the page's own good paragraphs.
    A share bar holds no prose; a post in a sidebar is under no paragraph box (and the
    sidebar stays pruned); a box with a heading is a card or a placeholder asking consent to
    load the post, not the post.  O(n + pruned boxes * QUOTE_LEVELS) time.
    """
    candidates = [n for n in held if soft[n] in _EMBED_REASONS and nodes[n].key]
    if not candidates:
        return set()
    named = prune_patterns().embedded_post
    titled = {n for s in scored if s.block.kind is Kind.HEADING for n in s.block.pruned}
    prose_boxes = {
        s.block.chain[-2] for s in scored if s.cls is GOOD and not s.block.pruned and len(s.block.chain) >= 2
    }
    out: set[int] = set()
    for n in candidates:
        if n in titled or not named.search(nodes[n].key):
            continue  # a titled box is a card or a consent placeholder ("External content")
        up = nodes[n].parent
        for _ in range(QUOTE_LEVELS):
            if up < 0:
                break
            if up in prose_boxes:
                out.add(n)
                break
            up = nodes[up].parent
    return out


def _no_article(outside: list[Scored], boxes: list[int], nodes: list[Node] | None) -> bool:
    """Whether the prose outside the strong ``boxes`` is no article: less than
    ``THREAD_OUTSIDE_CHARS`` of it, and none in an element marked as an article (``<article>``,
    ``<main>``, a ``[keep]`` class) that is not also around the boxes.  A thread's first post
    is one of its posts; an article, however short, stands beside its comments.
    O((prose blocks outside + boxes) * depth) time.
    """
    if sum(s.length for s in outside) >= THREAD_OUTSIDE_CHARS:
        return False
    if nodes is None:
        return True
    around: set[int] = set()
    for n in boxes:
        while n >= 0 and n not in around:
            around.add(n)
            n = nodes[n].parent
    keep = prune_patterns().keep
    for s in outside:
        for n in s.block.chain:
            node = nodes[n]
            if n not in around and (node.tag in ("article", "main") or (node.key and keep.search(node.key))):
                return False
    return True


def _restored(pruned: tuple[int, ...], restored: set[int], nested: set[int], soft: dict[int, str]) -> bool:
    """Whether every pruned ancestor (outermost first) is restored.  Inside a restored box, a
    ``nested`` box pruned for the same reason counts as restored: the unlucky name is the
    page's naming scheme ("widget-span" cells of a "widget" page, "comment" posts of a
    "comments" thread), the same mistake again.  O(len(pruned)).
    """
    within: set[str] = set()
    for n in pruned:
        if n in restored:
            within.add(soft[n])
        elif soft[n] not in within or n not in nested:
            return False
    return True


def best_container(scored: list[Scored], nodes: list[Node]) -> int | None:
    totals: dict[int, float] = {}
    good_boxes = {s.block.chain[-2] for s in scored if s.cls is GOOD and len(s.block.chain) >= 2}
    for s in scored:
        w = _weight(s)
        if s.cls is SHORT and len(s.block.chain) >= 2 and s.block.chain[-2] in good_boxes:
            w = 0.0  # a short line among the article's paragraphs (a list entry, a signature)
        for n in s.block.chain:
            totals[n] = totals.get(n, 0.0) + w
    if not totals:
        return None
    keep = prune_patterns().keep
    best, best_score = None, float("-inf")
    for n, total in totals.items():
        node = nodes[n]
        if total > 0 and (node.tag in ("article", "main") or (node.key and keep.search(node.key))):
            total *= 1 + KEEP_BONUS
        if total > best_score:
            best, best_score = n, total
    return best


def _ancestor(nodes: list[Node], n: int, levels: int) -> int:
    for _ in range(levels):
        parent = nodes[n].parent
        if parent < 0:
            break
        n = parent
    return n


def select(scored: list[Scored], nodes: list[Node]) -> list[Scored]:
    """The blocks of the main content, in reading order: the best container's
    (:func:`_select_container`), plus a listing's item cards (:func:`.regions.with_listing`).
    """
    return with_listing(scored, _select_container(scored, nodes), nodes)


def is_copyright(text: str) -> bool:
    """A copyright line (public name of :func:`_is_copyright`)."""
    return _is_copyright(text)


def _select_container(scored: list[Scored], nodes: list[Node]) -> list[Scored]:
    """The blocks of the best container, in reading order."""
    root = best_container(scored, nodes)
    if root is None:
        return []
    # Content blocks just outside the container (an intro paragraph in a sibling of the
    # body text) come along when they are good prose and precede the container.
    outer = _ancestor(nodes, root, EXTEND_LEVELS)
    inside: list[Scored] = []
    seen_root = False
    for s in scored:
        chain = s.block.chain
        if root in chain:
            seen_root = True
            inside.append(s)
        elif EXTEND_BEFORE and not seen_root and s.cls is GOOD and outer in chain:
            inside.append(s)
        elif EXTEND_AFTER and seen_root and s.cls is GOOD and outer in chain:
            inside.append(s)
    inside = _trim_tail(inside, nodes) if TRIM_TAIL else inside
    keep: list[Scored] = []
    content = [s.cls in (GOOD, NEAR) for s in inside]
    first = next((i for i, c in enumerate(content) if c), None)
    last = next((i for i in range(len(content) - 1, -1, -1) if content[i]), None)
    if first is None or last is None:
        return [s for s in inside if s.cls is not BAD]
    core = _core_box(inside)
    first_parent = nodes[inside[first].block.owner].parent
    last_parent = nodes[inside[last].block.owner].parent
    for i, s in enumerate(inside):
        if s.cls is BAD or s.cls is TEASER:
            continue
        if s.cls is SHORT and s.block.kind is not Kind.CAPTION:
            # Short lines outside the run of content survive only as its siblings (a
            # signature, an address, a closing line), not from a neighbouring box.
            parent = nodes[s.block.owner].parent
            in_core = core is not None and core in s.block.chain[-CORE_DEPTH:]
            if i > last and not (in_core and s.link_density == 0) and (
                parent != last_parent or s.link_density > 0 or i > last + TRAILING_SHORT
            ):
                continue
            if i < first and s.block.kind is not Kind.HEADING and (parent != first_parent or s.link_density > 0):
                continue
        keep.append(s)
    return _drop_orphan_headings(keep)


def _core_box(inside: list[Scored]) -> int | None:
    """The box (paragraph parent) holding the most good text: the article body proper."""
    mass: dict[int, int] = {}
    for s in inside:
        if (s.cls is GOOD or s.cls is NEAR) and len(s.block.chain) >= 2:
            box = s.block.chain[-2]
            mass[box] = mass.get(box, 0) + s.length
    return max(mass, key=mass.__getitem__) if mass else None


def _trim_tail(inside: list[Scored], nodes: list[Node]) -> list[Scored]:
    """Drop what follows the article body in other boxes, unless it is a run of prose.

    Headings like "Read also" / "Weitere Artikel" and the teasers under them sit after
    the body, outside the body's own box; a continuation of the article (a second text
    box after an image) holds several good paragraphs in one box.
    """
    core = _core_box(inside)
    if core is None:
        return inside
    scope = nodes[core].parent if TAIL_SCOPE_PARENT else core
    last = max(i for i, s in enumerate(inside) if core in s.block.chain)
    good_in_box: dict[int, int] = {}
    for s in inside[last + 1 :]:
        if (s.cls is GOOD or s.cls is NEAR) and len(s.block.chain) >= 2:
            box = s.block.chain[-2]
            good_in_box[box] = good_in_box.get(box, 0) + 1
    out = inside[: last + 1]
    for s in inside[last + 1 :]:
        chain = s.block.chain
        if scope in chain:
            out.append(s)
        elif s.block.kind is Kind.HEADING or s.cls is SHORT:
            continue
        elif (
            TAIL_SINGLE
            and len(chain) >= 2
            and good_in_box.get(chain[-2], 0) < TAIL_MIN_GOOD
            and s.length < TAIL_LONE_CHARS
        ):
            continue  # a lone paragraph in a box of its own after the article: a teaser
        else:
            out.append(s)
    return out


def _drop_orphan_headings(kept: list[Scored]) -> list[Scored]:
    """A heading followed by another heading or by nothing titles removed boilerplate."""
    out: list[Scored] = []
    for i, s in enumerate(kept):
        if s.block.kind is Kind.HEADING:
            nxt = kept[i + 1] if i + 1 < len(kept) else None
            if nxt is None or (nxt.block.kind is Kind.HEADING and _level(nxt) <= _level(s)):
                continue
        out.append(s)
    return out


def _level(s: Scored) -> int:
    tag = s.block.tag
    return int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit() else 7
