"""Page metadata from the head and the body: title, canonical URL, author, date, language.

Sources, in order of trust: Open Graph / article meta tags, schema.org JSON-LD, plain meta
tags (also ``itemprop`` on ``<meta>``), then the markup itself (``<h1>``, ``<title>``,
``<time>``).  A byline in the body is not searched for: a whole-tree XPath for
``rel``/``itemprop="author"`` costs as much as a fifth of the parse.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from ...textnorm import normalize_inline

_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—·•»«]|::)\s+")
_SITE_MAX_CHARS = 40
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_DATE_DMY = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author", "parsely-author", "byl")
_DATE_KEYS = (
    "article:published_time", "datepublished", "og:published_time", "published_time", "pubdate",
    "publishdate", "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created", "sailthru.date",
    "parsely-pub-date", "article.published", "publication_date", "article:modified_time", "last-modified",
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
        slots = {"meta": self.metas, "link": self.links, "title": self.titles, "h1": self.h1s,
                 "time": self.times, "script": self.scripts}
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


def strip_site_name(title: str, site_name: str | None, *, guess: bool = True) -> str:
    """``"Article | Site"`` -> ``"Article"``: drop the site name from either end of a title.

    Without a known site name, ``guess`` drops a short end part (at most 40 characters and
    shorter than the rest), which is how ``<title>`` elements usually carry the site.
    """
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site_name:
        low = site_name.strip().lower()
        if low and low in parts[-1].lower():
            return _rejoin(title, parts[:-1])
        if low and low in parts[0].lower():
            return _rejoin(title, parts[1:])
    if not guess:
        return title
    rest_len = len(title) - len(parts[-1])
    if len(parts[-1]) <= _SITE_MAX_CHARS and len(parts[-1]) < rest_len:
        return _rejoin(title, parts[:-1])
    if len(parts[0]) <= _SITE_MAX_CHARS and len(parts[0]) * 2 < len(title) - len(parts[0]):
        return _rejoin(title, parts[1:])
    return title


def _rejoin(title: str, parts: list[str]) -> str:
    if not parts:
        return title
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if 0 <= start < end else title


def extract_metadata(root: etree._Element, url: str | None) -> dict[str, Any]:
    found = _Found(root)
    meta = _meta_map(found)
    ld = _json_ld(found)
    md: dict[str, Any] = {}

    site_name = meta.get("og:site_name") or meta.get("application-name") or meta.get("twitter:site")
    for d in ld:
        pub = d.get("publisher")
        if not site_name and isinstance(pub, dict) and isinstance(pub.get("name"), str):
            site_name = pub["name"]
    if site_name and site_name.startswith("@"):
        site_name = site_name[1:]

    head_title = _text(found.titles[0]) if found.titles else ""
    h1s = found.h1s
    h1 = _text(h1s[0]) if h1s else ""
    og = meta.get("og:title") or meta.get("twitter:title")
    ld_title = next((d["headline"] for d in ld if isinstance(d.get("headline"), str)), None)
    title = None
    for cand in (og, ld_title):
        if cand:
            title = strip_site_name(normalize_inline(cand), site_name, guess=False)
            break
    if not title and h1 and len(h1s) == 1 and len(h1) < 300:
        title = h1
    if not title and head_title:
        title = strip_site_name(head_title, site_name)
    if not title and h1:
        title = h1
    md["title"] = title or None

    canonical = None
    for link in found.links:
        if (link.get("rel") or "").lower().strip() == "canonical" and link.get("href"):
            canonical = link.get("href", "").strip()
            break
    canonical = canonical or meta.get("og:url")
    if canonical and url:
        canonical = urljoin(url, canonical)
    md["canonical_url"] = canonical
    md["url"] = url or canonical

    author = None
    for k in _AUTHOR_KEYS:
        v = meta.get(k)
        if v and not v.startswith("http"):
            author = v
            break
    if not author:
        for d in ld:
            author = _ld_name(d.get("author"))
            if author:
                break
    md["author"] = normalize_inline(author) if author else None

    date = None
    for k in _DATE_KEYS:
        date = iso_date(meta.get(k))
        if date:
            break
    if not date:
        for d in ld:
            date = iso_date(d.get("datePublished") if isinstance(d.get("datePublished"), str) else None)
            if date:
                break
    if not date:
        for t in found.times:
            date = iso_date(t.get("datetime") or _text(t))
            if date:
                break
    md["date"] = date

    lang = root.get("lang") or root.get("xml:lang") or meta.get("content-language") or meta.get("og:locale")
    if not lang:
        for d in ld:
            if isinstance(d.get("inLanguage"), str):
                lang = d["inLanguage"]
                break
    md["language"] = lang.strip().replace("_", "-") if lang else None
    md["site_name"] = normalize_inline(site_name) if site_name else None
    return md
