"""Provisional prune verdicts revisited once the page's prose is weighed.

The walk keeps the blocks of elements pruned by a class/id pattern aside (:mod:`.prune`);
here an element comes back when it holds most of the page's prose, when its name is the
page's naming scheme, when it is a forum thread's posts rather than an article's comments,
or when it is a social post quoted inside the article.
"""

from __future__ import annotations

from ...model import Kind
from .blocks import Node
from .classify import GOOD, NEAR, Scored
from .patterns import prune_patterns
from .prune import is_category, is_strong

QUOTE_LEVELS = 3  # an embedded post this many levels below the article's paragraph box
_EMBED_REASONS = frozenset({"embeds", "share"})
SCHEME_MIN_BOXES = 3  # a naming scheme names at least this many separate boxes of prose
NESTED_SHARE = 0.1  # a box inside a restored one of the same name comes back from this share
THREAD_OUTSIDE_CHARS = 400  # less prose than this beside a strong box: no article, a thread
STRONG_MIN_BOXES = 2  # a strong box restored as the content holds prose in this many boxes


def unprune(
    scored: list[Scored], soft: dict[int, str], nodes: list[Node], share: float, recall: bool = False
) -> list[Scored]:
    """Drop blocks under provisionally pruned elements, unless an element holds most prose.

    An element keeps its blocks when it holds at least ``share`` of the page's good
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
    restored = {n for n, chars in held.items() if not is_strong(soft[n]) and (chars >= share * total or n in lift)}
    # A class category that, spread over many boxes (not inside an <aside>, a <nav>...) none
    # of which holds most of the prose alone, holds most of it together is the page's naming
    # scheme ("elementor-invisible" widgets a script reveals, "hidden lg:block" cells), not
    # boilerplate: its boxes come back.
    # (A single wrapper holding most is restored above, and its insides by _restored.)
    wrapped = {soft[n] for n in restored}
    scheme = {
        r
        for r, chars in by_name.items()
        if chars >= share * total and r not in wrapped and len(scheme_boxes[r]) >= SCHEME_MIN_BOXES
    }
    if scheme:
        restored.update(n for n in held if soft[n] in scheme)
    strong_share = 0.0 if recall else share
    candidates = [n for n in boxes if held[n] >= strong_share * total and len(boxes[n]) >= STRONG_MIN_BOXES]
    if candidates and _no_article(outside, candidates, nodes):
        restored.update(candidates)
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


def _no_article(outside: list[Scored], boxes: list[int], nodes: list[Node]) -> bool:
    """Whether the prose outside the strong ``boxes`` is no article: less than
    ``THREAD_OUTSIDE_CHARS`` of it, and none in an element marked as an article (``<article>``,
    ``<main>``, a ``[keep]`` class) that is not also around the boxes.  A thread's first post
    is one of its posts; an article, however short, stands beside its comments.
    O((prose blocks outside + boxes) * depth) time.
    """
    if sum(s.length for s in outside) >= THREAD_OUTSIDE_CHARS:
        return False
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
