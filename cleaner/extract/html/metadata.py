"""Page metadata from the head and the body: title, canonical URL, author, date, language.

Sources, in order of trust: Open Graph / article meta tags, schema.org JSON-LD, plain meta
tags (also ``itemprop`` on ``<meta>``), then the markup itself (``<h1>``, ``<title>``,
``<time>``).  A byline in the body is not searched for: a whole-tree XPath for
``rel``/``itemprop="author"`` costs as much as a fifth of the parse.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from ...textnorm import compare_key, is_main_part, normalize_inline
from .prune import is_permalink

_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—·•»«]|::)\s+")
# " / " also joins words inside titles ("Input / Output"): it separates only in a path of
# three or more parts ("Topic / Board / Site").
_PATH_SEPARATOR = re.compile(r"\s+/\s+")
_SITE_MAX_CHARS = 40
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_DATE_DMY = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author", "parsely-author", "byl")
_DATE_KEYS = (
    "article:published_time",
    "datepublished",
    "og:published_time",
    "published_time",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "publication_date",
    "article:modified_time",
    "last-modified",
)


class _Found:
    """The elements metadata can come from, collected in one pass over the tree."""

    __slots__ = ("h1s", "links", "metas", "scripts", "times", "titles")

    def __init__(self, root: etree._Element) -> None:
        self.metas: list[etree._Element] = []
        self.links: list[etree._Element] = []
        self.titles: list[etree._Element] = []
        self.h1s: list[etree._Element] = []
        self.times: list[etree._Element] = []
        self.scripts: list[etree._Element] = []
        slots = {
            "meta": self.metas,
            "link": self.links,
            "title": self.titles,
            "h1": self.h1s,
            "time": self.times,
            "script": self.scripts,
        }
        for el in root.iter("meta", "link", "title", "h1", "time", "script"):
            if el.tag == "script" and (el.get("type") or "").lower() != "application/ld+json":
                continue
            slots[el.tag].append(el)


def _meta_map(found: _Found) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in found.metas:
        key = m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv")
        content = m.get("content")
        if key and content and content.strip():
            out.setdefault(key.strip().lower(), content.strip())
    return out


def _json_ld(found: _Found) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for s in found.scripts:
        if not s.text:
            continue
        try:
            data = json.loads(s.text)
        except ValueError:
            continue
        stack = [data]
        while stack and len(items) < 50:
            d = stack.pop()
            if isinstance(d, list):
                stack.extend(d)
            elif isinstance(d, dict):
                items.append(d)
                graph = d.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return items


def _ld_name(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value) if n]
        return ", ".join(names) if names else None
    return None


def iso_date(value: str | None) -> str | None:
    """ISO 8601 date (or datetime when a time is given) from common date spellings."""
    if not value:
        return None
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return dt.isoformat() if (dt.hour or dt.minute or dt.tzinfo) else dt.date().isoformat()
    except ValueError:
        pass
    m = _DATE.search(value)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            return datetime(y, mo, d).date().isoformat()
        except ValueError:
            return None
    m = _DATE_DMY.search(value)
    if m:
        try:
            return datetime(int(m.group(3)), int(m.group(2)), int(m.group(1))).date().isoformat()
        except ValueError:
            return None
    return None


def _text(el: etree._Element | None) -> str:
    if el is None:
        return ""
    return normalize_inline(etree.tostring(el, method="text", encoding="unicode", with_tail=False))


def _heading_text(el: etree._Element) -> str:
    """A heading's text without its permalink mark (``read_rows¶``).  O(size of the heading)."""
    if not any(is_permalink(a) for a in el.iter("a")):
        return _text(el)
    heading = copy.deepcopy(el)
    for a in [a for a in heading.iter("a") if is_permalink(a)]:
        a.text = None  # the tail stays
    return _text(heading)


def strip_site_name(
    title: str, site_name: str | None, *, guess: bool = True, host: str | None = None, h1: str | None = None
) -> str:
    """``"Article | Site"`` -> ``"Article"``: drop the site name from either end of a title.

    A ``<title>`` or ``og:title`` often carries the site after (or before) a separator; the
    article's own title may contain the same separators (``"Tools - Caterer Spreadsheet"``), so
    an end part goes only on evidence that it names the site: it contains ``site_name``
    (og:site_name), it spells the domain ``host``, or the page's ``h1`` holds another part of
    the title but not that one.  Without evidence, ``guess`` drops a short end part (at most 40
    characters and shorter than the rest), which is how ``<title>`` elements usually carry the
    site.  At most two parts go (``"Degree | College | University"``).

    Time and memory O(len(title) + len(h1)).
    """
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        parts = _PATH_SEPARATOR.split(title)
        if len(parts) < 3:
            return title
    evidence = _SiteEvidence(site_name, host, h1)
    kept = parts
    for _ in range(2):
        if len(kept) >= 2 and evidence.names_site(kept[-1], kept[:-1]):
            kept = kept[:-1]
        elif len(kept) >= 2 and evidence.names_site(kept[0], kept[1:]):
            kept = kept[1:]
        else:
            break
    if len(kept) < len(parts):
        return _rejoin(title, kept)
    if not guess:
        return title
    rest_len = len(title) - len(parts[-1])
    if len(parts[-1]) <= _SITE_MAX_CHARS and len(parts[-1]) < rest_len:
        return _rejoin(title, parts[:-1])
    if len(parts[0]) <= _SITE_MAX_CHARS and len(parts[0]) * 2 < len(title) - len(parts[0]):
        return _rejoin(title, parts[1:])
    return title


class _SiteEvidence:
    """What tells that one end part of a title is the site's name, not the article's."""

    __slots__ = ("h1", "host", "site")

    def __init__(self, site_name: str | None, host: str | None, h1: str | None) -> None:
        self.site = compare_key(site_name) if site_name else ""
        self.host = _compact(_host_label(host)) if host else ""
        self.h1 = compare_key(h1) if h1 else ""

    def names_site(self, part: str, rest: list[str]) -> bool:
        """O(len(part) + len(rest) + len(h1))."""
        key = compare_key(part)
        if not key:
            return False
        if self.site and (self.site in key or (len(key) >= 4 and key in self.site)):
            return True
        compact = _compact(key)
        if len(self.host) >= 4 and len(compact) >= 4 and len(compact) <= 2 * len(self.host):
            if self.host in compact or compact in self.host:
                return True  # mostly the domain's name: "The Daily Planet", "Arch Linux Forums"
        if not self.h1 or key in self.h1:
            return False
        return any(k and k in self.h1 for k in map(compare_key, rest))


def _drop_site_word(title: str, site_name: str | None, url: str | None) -> str:
    """``"example.com Vibe Coding"`` -> ``"Vibe Coding"``: a spelled-out domain (or the whole
    og:site_name) as the first or last word, without a separator.  A bare name label is a word
    of the title ("Why I left Medium" on medium.com).  O(len(title))."""
    words = title.split()

    def site_word(word: str) -> bool:
        if site_name and word.casefold() == site_name.casefold():
            return True
        return "." in word.strip(".") and is_site_name(word, site_name, url)

    if len(words) > 2 and site_word(words[0]):
        return " ".join(words[1:])
    if len(words) > 2 and site_word(words[-1]):
        return " ".join(words[:-1])
    return title


def is_site_name(text: str, site_name: str | None, url: str | None) -> bool:
    """The whole text is the site's name: og:site_name, the domain, or its name label
    (``davidbau.com``, ``Daily Planet`` on dailyplanet.example).  A header ``<h1>`` holding the
    site's name is not the article's title.  O(len(text) + len(site_name) + len(url))."""
    key = _compact(text)
    if not key:
        return False
    names = {_compact(site_name or "")}
    if url:
        host = urlsplit(url).hostname or ""
        names |= {_compact(host.removeprefix("www.")), _compact(_host_label(url))}
    return key in names - {""}


def _host_label(url: str) -> str:
    """``https://www.daily-planet.co.uk/x`` -> ``daily-planet``: the registered name's label."""
    host = urlsplit(url).hostname or ""
    labels = [x for x in host.split(".")[:-1] if x and x != "www"]  # not the top-level domain
    return max(labels, key=len) if labels else ""


def _compact(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def title_matches(h1: str, title: str) -> bool:
    """The h1 is the title's main part (equal, or one holds the other and is at least half of it).

    O(len(h1) + len(title))."""
    a, b = compare_key(h1), compare_key(title)
    return is_main_part(a, b) if len(a) <= len(b) else is_main_part(b, a)


def _rejoin(title: str, parts: list[str]) -> str:
    if not parts:
        return title
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if 0 <= start < end else title


def _title(
    found: _Found, meta: dict[str, str], ld: list[dict[str, Any]], site_name: str | None, url: str | None
) -> str | None:
    """One title, without the site name: the h1 when it is the head title's main part, else
    og:title / JSON-LD headline, a lone h1, then ``<title>``.  O(total length of the candidates)."""
    head_title = _text(found.titles[0]) if found.titles else ""
    h1s = found.h1s
    h1 = _heading_text(h1s[0]) if h1s else ""
    host = url or meta.get("og:url")
    if len(h1) >= 300 or is_site_name(h1, site_name, host):
        h1 = ""  # a header's site name, not the article's title
    og = meta.get("og:title") or meta.get("twitter:title")
    ld_title = next((d["headline"] for d in ld if isinstance(d.get("headline"), str)), None)
    declared = [
        strip_site_name(normalize_inline(c), site_name, guess=False, host=host, h1=h1) for c in (og, ld_title) if c
    ]
    head = _drop_site_word(strip_site_name(head_title, site_name, host=host, h1=h1), site_name, host)
    if h1 and any(title_matches(h1, c) for c in [*declared, head] if c):
        return h1
    if declared:
        return declared[0]
    if h1 and len(h1s) == 1:
        return h1
    return head or h1 or None


@dataclass(frozen=True, slots=True)
class Declared:
    """What the page says it is in its structured data (schema.org JSON-LD, og:type): the
    number of distinct products it describes, and whether it calls itself an article (then
    its products are what the article is about)."""

    products: int = 0
    article: bool = False


_PRODUCT_TYPES = frozenset({"product", "productgroup", "individualproduct", "productmodel"})
_ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "blogposting", "report", "techarticle", "scholarlyarticle",
        "liveblogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "reviewnewsarticle", "socialmediaposting", "discussionforumposting",
    }
)  # fmt: skip


def _ld_types(item: dict[str, Any]) -> set[str]:
    kinds = item.get("@type")
    return {k.lower() for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)}


def is_product_type(itemtype: str) -> bool:
    """Does a microdata ``itemtype`` (``https://schema.org/Product``, several URLs allowed)
    name a product type?  The same types as the JSON-LD's.  O(len(itemtype))."""
    return any(url.rsplit("/", 1)[-1].lower() in _PRODUCT_TYPES for url in itemtype.split())


def _declared(meta: dict[str, str], ld: list[dict[str, Any]]) -> Declared:
    """Products (by name) and articles the JSON-LD declares; ``og:type`` product counts as
    one when the JSON-LD names none.  O(items)."""
    names = {str(d.get("name")) for d in ld if _ld_types(d) & _PRODUCT_TYPES}
    og = meta.get("og:type", "").lower().removeprefix("og:")
    products = len(names) or int(og.startswith("product"))
    return Declared(products, any(_ld_types(d) & _ARTICLE_TYPES for d in ld))


def extract_metadata(root: etree._Element, url: str | None) -> tuple[dict[str, Any], Declared]:
    """Title, canonical URL, author, date, language, site name: one function per field, each
    reading meta tags, JSON-LD and the markup in its own order of trust; and what the page
    declares itself (:class:`Declared`).  O(e) for e elements."""
    found = _Found(root)
    meta = _meta_map(found)
    ld = _json_ld(found)
    site_name = _site_name(meta, ld)
    canonical = _canonical(found, meta, url)
    author = _author(meta, ld)
    fields = {
        "title": _title(found, meta, ld, site_name, url),
        "canonical_url": canonical,
        "url": url or canonical,
        "author": normalize_inline(author) if author else None,
        "date": _date(found, meta, ld),
        "language": _language(root, meta, ld),
        "site_name": normalize_inline(site_name) if site_name else None,
    }
    return fields, _declared(meta, ld)


def _site_name(meta: dict[str, str], ld: list[dict[str, Any]]) -> str | None:
    """og:site_name, application-name, twitter:site (without its "@"), JSON-LD publisher."""
    site_name = meta.get("og:site_name") or meta.get("application-name") or meta.get("twitter:site")
    if not site_name:
        publishers = (d["publisher"] for d in ld if isinstance(d.get("publisher"), dict))
        site_name = next((name for p in publishers if (name := _ld_name(p))), None)
    if site_name and site_name.startswith("@"):
        site_name = site_name[1:]
    return site_name or None


def _canonical(found: _Found, meta: dict[str, str], url: str | None) -> str | None:
    """<link rel=canonical>, else og:url, resolved against the page's URL."""
    canonical = next(
        (
            link.get("href", "").strip()
            for link in found.links
            if (link.get("rel") or "").lower().strip() == "canonical" and link.get("href")
        ),
        None,
    )
    canonical = canonical or meta.get("og:url")
    if canonical and url:
        canonical = urljoin(url, canonical)
    return canonical


def _author(meta: dict[str, str], ld: list[dict[str, Any]]) -> str | None:
    """The first author meta tag that is a name (not a profile URL), else JSON-LD's author."""
    for k in _AUTHOR_KEYS:
        v = meta.get(k)
        if v and not v.startswith("http"):
            return v
    return next((name for d in ld if (name := _ld_name(d.get("author")))), None)


def _date(found: _Found, meta: dict[str, str], ld: list[dict[str, Any]]) -> str | None:
    """The publication date (ISO): date meta tags, JSON-LD datePublished, then <time>."""
    for k in _DATE_KEYS:
        if date := iso_date(meta.get(k)):
            return date
    for d in ld:
        published = d.get("datePublished")
        if isinstance(published, str) and (date := iso_date(published)):
            return date
    for t in found.times:
        if date := iso_date(t.get("datetime") or _text(t)):
            return date
    return None


def _language(root: etree._Element, meta: dict[str, str], ld: list[dict[str, Any]]) -> str | None:
    """The declared language: <html lang>, content-language, og:locale, JSON-LD inLanguage."""
    lang = root.get("lang") or root.get("xml:lang") or meta.get("content-language") or meta.get("og:locale")
    if not lang:
        lang = next((d["inLanguage"] for d in ld if isinstance(d.get("inLanguage"), str)), None)
    return lang.strip().replace("_", "-") if lang else None
