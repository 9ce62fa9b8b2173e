"""Decide, element by element, what never reaches the blocks.

Tags (script, nav, aside...), ARIA roles and hidden elements are dropped outright; class and
id names are matched against the category patterns of ``data/prune.toml``.  Guards keep the
article safe from a wrapper's names: an element that also matches a ``[keep]`` pattern
("content has-sidebar") is not dropped by its class, taxonomy classes that WordPress copies
from the post's tags ("tag-sponsored", "category-ads") are ignored, and an element that holds
most of the page's text is never dropped for its class or structural tag (Drupal wraps every
page in "dialog-off-canvas-main-canvas", Blogger every post in "widget Blog").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .patterns import prune_patterns

_CACHE: dict[str, str | None] = {}
_CACHE_MAX = 100_000
# Categories trusted even on a big element: a comment thread can outweigh the article.
_STRONG = frozenset({"comments", "cookie"})
_GUARDED_TAGS = frozenset({"aside", "nav", "footer", "menu", "dialog"})
_NEVER_BY_CLASS = frozenset({"html", "body", "main", "article"})
_HIDDEN_STYLES = ("display:none", "visibility:hidden")
_TAXONOMY = re.compile(r"\s(?:tag|category|categories|format|status|type|topic|section|rubrik|ressort)-\S*")
MOST_TEXT_SHARE = 0.5
MIN_PARAGRAPHS = 3


@dataclass(slots=True)
class PageStats:
    """Totals of the page body, for the "holds most of the text" guard."""

    paragraphs: int
    text_chars: int

    @classmethod
    def of(cls, body: etree._Element) -> PageStats:
        paragraphs = sum(1 for _ in body.iter("p"))
        return cls(paragraphs, _text_len(body))


def _text_len(el: etree._Element) -> int:
    return len(etree.tostring(el, method="text", encoding="unicode", with_tail=False).split())


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
    probe = _TAXONOMY.sub(" ", key) + " "
    if pats.any_category.search(probe) and not pats.keep.search(probe):
        for name, rx in pats.categories:
            if rx.search(probe):
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


def holds_most_text(el: etree._Element, stats: PageStats) -> bool:
    """True when ``el`` holds half of the page's ``<p>`` or half of its words."""
    if stats.paragraphs >= MIN_PARAGRAPHS:
        count = 0
        for _ in el.iter("p"):
            count += 1
        if count >= MIN_PARAGRAPHS and count >= MOST_TEXT_SHARE * stats.paragraphs:
            return True
    return stats.text_chars > 0 and _text_len(el) >= MOST_TEXT_SHARE * stats.text_chars


def element_reason(el: etree._Element, tag: str, in_article: bool, stats: PageStats) -> tuple[str | None, str]:
    """``(why the element is dropped or None, its " class id " key)``.

    Tags, then ARIA roles and visibility, then class/id names.
    """
    pats = prune_patterns()
    if tag in pats.drop_tags:
        if tag in _GUARDED_TAGS and holds_most_text(el, stats):
            return None, class_key(el)
        return f"<{tag}>", ""
    if tag == "form" and not holds_most_text(el, stats):
        return "<form>", ""
    if tag == "header" and not in_article and not holds_most_text(el, stats):
        return "<header>", ""
    names = el.keys()
    if not names:
        return None, ""
    if "role" in names:
        role = (el.get("role") or "").lower()
        if role in pats.drop_roles and not holds_most_text(el, stats):
            return f"role={role}", ""
    if ("hidden" in names or "aria-hidden" in names or "style" in names) and is_hidden(el):
        return "hidden", ""
    if "class" not in names and "id" not in names:
        return None, ""
    key = class_key(el)
    if tag in _NEVER_BY_CLASS:
        return None, key
    cat = category_of(key)
    if cat is None:
        return None, key
    if cat == "header" and in_article:
        return None, key
    if cat not in _STRONG and holds_most_text(el, stats):
        return None, key
    return cat, key
