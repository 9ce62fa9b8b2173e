"""Decide, element by element, what never reaches the blocks.

Tags (script, nav, aside...), ARIA roles and hidden elements are dropped outright; class and
id names are matched against the category patterns of ``data/prune.toml``.  Guards keep the
article safe from a wrapper's names: an element that also matches a ``[keep]`` pattern
("content has-sidebar") is not dropped by its class, taxonomy classes that WordPress copies
from the post's tags ("tag-sponsored", "category-ads") are ignored, and an element that holds
most of the page's prose is restored after the fact (Drupal wraps every page in
"dialog-off-canvas-main-canvas", Blogger every post in "widget Blog"): see
:func:`element_reason`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from .patterns import prune_patterns

_CACHE: dict[str, tuple[str | None, bool]] = {}
_CACHE_MAX = 100_000
# Categories trusted even on a big element: a comment thread can outweigh the article.
_STRONG = frozenset({"comments", "cookie"})
GUARDED_TAGS = frozenset({"aside", "nav", "footer", "menu", "dialog"})
_NEVER_BY_CLASS = frozenset({"html", "body", "main", "article"})
_HIDDEN_STYLES = ("display:none", "visibility:hidden", "visibility:collapse", "content-visibility:hidden")
_STYLE_SPACE = re.compile(r"\s+")
# Tokens that do not name the element itself: taxonomy classes WordPress copies from the
# post ("tag-ads", "category-sponsored") and layout modifiers of a wrapper that *contains*
# something ("has-sidebar", "o-section--has-ads", "with-comments").
_TAXONOMY = re.compile(
    r"\s(?:tag|category|categories|format|status|type|topic|section|rubrik|ressort)-"
    r"|(?:\s|[-_])(?:has|with|no|without|contains|enable|allow|show)[-_]"
)


_NO_CATEGORY = 1 << 30
_HEXLIKE = re.compile(r"[0-9a-f]*[0-9][0-9a-f]*")
_DIGIT = re.compile(r"[0-9]")
_TOKENS: dict[str, tuple[int, bool, bool]] = {}
_PLAIN_TOKEN = (_NO_CATEGORY, False, False)


def _token(tok: str) -> tuple[int, bool, bool]:
    """(category index or _NO_CATEGORY, is a keep name, is a caption name) of one class/id token.

    Class names repeat across pages far more than whole class attributes do, so the
    patterns run once per distinct token.
    """
    info = _TOKENS.get(tok)
    if info is not None:
        return info
    shape = _HEXLIKE.sub("0", tok) if _DIGIT.search(tok) else tok  # "post-1234", "el-6da9f"
    if shape != tok:
        info = _TOKENS.get(shape)
        if info is None:
            info = _token(shape)
        _TOKENS[tok] = info
        return info
    pats = prune_patterns()
    probe = f" {tok} "
    hit = pats.index.groups(probe)
    if not hit:
        _TOKENS[tok] = _PLAIN_TOKEN
        return _PLAIN_TOKEN
    cat = _NO_CATEGORY
    n = len(pats.categories)
    if not _TAXONOMY.search(probe):
        for i in sorted(hit):
            if i < n and pats.categories[i][1].search(probe):
                cat = i
                break
    info = (
        cat,
        n in hit and pats.keep.search(probe) is not None,
        n + 1 in hit and pats.caption.search(probe) is not None,
    )
    if len(_TOKENS) > _CACHE_MAX:
        _TOKENS.clear()
    _TOKENS[tok] = info
    return info


def key_info(key: str) -> tuple[str | None, bool]:
    """(boilerplate category or None, names a caption) of a " class id " key (cached).

    A key that also carries a ``[keep]`` name has no category.
    """
    info = _CACHE.get(key)
    if info is not None:
        return info
    best = _NO_CATEGORY
    keep = False
    caption = False
    for tok in key.split():
        cat, is_keep, is_caption = _token(tok)
        keep = keep or is_keep
        caption = caption or is_caption
        best = min(best, cat)
    info = (None if keep or best == _NO_CATEGORY else prune_patterns().categories[best][0], caption)
    if len(_CACHE) > _CACHE_MAX:
        _CACHE.clear()
    _CACHE[key] = info
    return info


def category_of(key: str) -> str | None:
    """The boilerplate category a " class id " key falls in, or None (cached)."""
    return key_info(key)[0] if key else None


def is_caption_key(key: str) -> bool:
    return key_info(key)[1] if key else False


def may_hold_prose(el: etree._Element) -> bool:
    """Whether a provisionally pruned element could be an article wrapper worth walking."""
    for _ in el.iterdescendants("p", "br", "article", "main"):
        return True
    return False


def is_hidden(el: etree._Element) -> bool:
    """Whether a browser hides the element (see :func:`hides`). O(attributes)."""
    return hides(el.tag if isinstance(el.tag, str) else "", el.get)


def hides(tag: str, get: Callable[[str], str | None]) -> bool:
    """Whether an element with this tag and these attributes is hidden from the reader:
    ``hidden`` (any value), ``aria-hidden="true"`` (any case), an inline style that hides it,
    or a ``<dialog>`` that is not ``open``.  Shared by the walk and the regex fallback, so
    hidden text stays out on every path (issue 23.9). O(attributes)."""
    if get("hidden") is not None or (get("aria-hidden") or "").strip().lower() == "true":
        return True
    if tag == "dialog" and get("open") is None:
        return True
    style = get("style")
    return style is not None and style_hides(style)


def style_hides(style: str) -> bool:
    """Whether an inline style hides its element (display:none, visibility:hidden...), in any
    case and spacing. O(len)."""
    style = style.lower()
    if "none" in style or "hidden" in style or "collapse" in style:
        compact = _STYLE_SPACE.sub("", style)
        return any(s in compact for s in _HIDDEN_STYLES)
    return False


def element_reason(
    el: etree._Element, tag: str, in_article: bool, names: list[str] | None = None
) -> tuple[str | None, str, bool]:
    """``(why the element is dropped or None, its " class id " key, hard)``.

    *Hard* reasons (script-like tags, hidden elements) drop the element for good.  *Soft*
    reasons (structural tags like ``aside``, ARIA roles, class/id names) are provisional:
    the walker keeps the element's blocks aside, and :func:`cleaner.extract.html.unprune.unprune`
    restores an element that turns out to hold most of the page's prose (a wrapper with an
    unlucky class name).
    """
    pats = prune_patterns()
    if names is None:
        names = el.keys()
    # Hidden first: a soft verdict (an <aside>, a <header>) may be lifted later, hidden never.
    if (names and ("hidden" in names or "aria-hidden" in names or "style" in names) and is_hidden(el)) or (
        tag == "dialog" and "open" not in names
    ):
        return "hidden", "", True
    if tag in pats.drop_tags:
        return f"<{tag}>", "", tag not in GUARDED_TAGS
    if tag == "form":
        return "<form>", "", False
    if tag == "header" and not in_article:
        return "<header>", "", False
    if not names:
        return None, "", False
    if "role" in names:
        role = (el.get("role") or "").lower()
        if role in pats.drop_roles:
            return f"role={role}", "", False
    cls = el.get("class")
    ident = el.get("id")
    if not cls and not ident:
        return None, "", False
    key = f" {cls or ''} {ident or ''} ".lower().replace("\n", " ").replace("\t", " ")
    if tag in _NEVER_BY_CLASS:
        return None, key, False
    cat = (_CACHE.get(key) or key_info(key))[0]  # (category_of, without two calls per element)
    if cat is None or (cat == "header" and in_article):
        return None, key, False
    return cat, key, False


def is_strong(reason: str) -> bool:
    """Reasons trusted even on an element holding most of the prose (comment threads)."""
    return reason in _STRONG


def is_category(reason: str) -> bool:
    """Whether a reason is a class/id category (not a tag like "<aside>" nor "role=...")."""
    return not reason.startswith("<") and not reason.startswith("role=")


# The text of a heading's permalink (``<a href="#id">¶</a>``): a mark, not page text.
_PERMALINK_MARKS = frozenset(("#", "¶", "§", "🔗", "⚓", "⚓\ufe0f", "🔗\ufe0f"))


def is_permalink(el: etree._Element) -> bool:
    """A link to a fragment of the page whose whole text is a mark (``#``, ``¶``): the
    permalink a documentation or blog theme puts beside each heading."""
    if len(el) or not (el.get("href") or "").startswith("#"):
        return False
    text = el.text
    return text is not None and text.strip() in _PERMALINK_MARKS
