"""Decide, element by element, what never reaches the blocks.

Tags (script, nav, aside...), ARIA roles and hidden elements are dropped outright; class and
id names are matched against the category patterns of ``data/prune.toml``.  Two guards keep
the article safe from a wrapper's class names: an element that also matches a ``[keep]``
pattern ("content has-sidebar") is not dropped, and neither is an element that holds most of
the page's paragraphs (see :func:`holds_most_text`).
"""

from __future__ import annotations

from lxml import etree

from .patterns import prune_patterns

_CACHE: dict[str, str | None] = {}
_CACHE_MAX = 100_000
# Categories that may sit on a wrapper of the article (and are then not to be trusted).
_STRONG = frozenset({"comments", "cookie", "popup", "hidden"})
_HEADER_TAGS = frozenset({"header"})
_NEVER_BY_CLASS = frozenset({"html", "body", "main", "article"})
_HIDDEN_STYLES = ("display:none", "visibility:hidden")


def class_key(el: etree._Element) -> str:
    cls = el.get("class")
    ident = el.get("id")
    if not cls and not ident:
        return ""
    return f" {cls or ''} {ident or ''} ".lower().replace("\n", " ").replace("\t", " ")


def category_of(key: str) -> str | None:
    """The boilerplate category a " class id " key falls in, or None (cached)."""
    if not key:
        return None
    hit = _CACHE.get(key, "")
    if hit != "":
        return hit
    pats = prune_patterns()
    result: str | None = None
    if pats.any_category.search(key) and not pats.keep.search(key):
        for name, rx in pats.categories:
            if rx.search(key):
                result = name
                break
    if len(_CACHE) > _CACHE_MAX:
        _CACHE.clear()
    _CACHE[key] = result
    return result


def is_caption_key(key: str) -> bool:
    return bool(key) and prune_patterns().caption.search(key) is not None


def is_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    if style and ("none" in style or "hidden" in style):
        compact = style.replace(" ", "").lower()
        return any(s in compact for s in _HIDDEN_STYLES)
    return False


def holds_most_text(el: etree._Element, total_paragraphs: int) -> bool:
    """True when ``el`` contains at least half of the page's ``<p>`` (and at least 3)."""
    if total_paragraphs < 3:
        return False
    count = 0
    for _ in el.iter("p"):
        count += 1
    return count >= 3 and count * 2 >= total_paragraphs


def tag_reason(tag: str, el: etree._Element, in_article: bool, total_paragraphs: int) -> str | None:
    """Why an element is dropped for its tag, role or visibility, or None."""
    pats = prune_patterns()
    if tag in pats.drop_tags:
        return f"<{tag}>"
    if tag == "form" and not holds_most_text(el, total_paragraphs):
        return "<form>"
    if tag in _HEADER_TAGS and not in_article and not holds_most_text(el, total_paragraphs):
        return "<header>"
    role = el.get("role")
    if role and role.lower() in pats.drop_roles and not holds_most_text(el, total_paragraphs):
        return f"role={role}"
    if is_hidden(el):
        return "hidden"
    return None


def class_reason(tag: str, key: str, el: etree._Element, in_article: bool, total_paragraphs: int) -> str | None:
    """Why an element is dropped for its class/id names, or None."""
    if tag in _NEVER_BY_CLASS:
        return None
    cat = category_of(key)
    if cat is None:
        return None
    if cat == "header" and in_article:
        return None
    if cat not in _STRONG and holds_most_text(el, total_paragraphs):
        return None
    return cat
