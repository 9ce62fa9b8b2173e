"""Assemble realistic scraped text dumps, each inserted line labelled with its chrome class.

A dump is what copying a WordPress-like article page to text gives: header chrome, the title,
byline lines, one to three copies of the body (wrapped at a width per copy, or not) with image
blocks, interstitials, ad markers and appeals between paragraphs, a feed excerpt cut
mid-sentence, and the page's widgets and footer after the body. The expected clean output is the
title and every body paragraph exactly once, in order. Everything is drawn from a
``random.Random`` seeded by (split, seed, index): the same arguments give the same bytes.
"""

from __future__ import annotations

import random
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from .bodies import Body
from .pools import LANGUAGES, Wording, split_of

CLASSES = (
    "header",
    "byline",
    "image",
    "excerpt",
    "appeal",
    "widget",
    "related",
    "nav",
    "footer_chrome",
    "interstitial",
    "ad",
    "cookie",
    "author_box",
    "comment",
)
ZERO_WIDTH = ("\u200b", "\u00ad", "\u2060", "\ufeff")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]{7,}")

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
}
# Date formats by name, split dev / heldout like every wording (the name is hashed).
_DATE_FORMATS: dict[str, Callable[[int, int, int], str]] = {
    "en-dmy": lambda d, m, y: f"{d} {_month('en', m)} {y}",
    "en-mdy": lambda d, m, y: f"{_month('en', m)} {d}, {y}",
    "en-short": lambda d, m, y: f"{_month('en', m)[:3]} {d}, {y}",
    "iso": lambda d, m, y: f"{y}-{m:02d}-{d:02d}",
    "dotted": lambda d, m, y: f"{d:02d}.{m:02d}.{y}",
    "slashed": lambda d, m, y: f"{d:02d}/{m:02d}/{y}",
    "de": lambda d, m, y: f"{d}. {_month('de', m)} {y}",
    "fr": lambda d, m, y: f"{d} {_month('fr', m)} {y}",
    "es": lambda d, m, y: f"{d} de {_month('es', m)} de {y}",
    "pl": lambda d, m, y: f"{d} {_month('pl', m)} {y}",
    "it": lambda d, m, y: f"{d} {_month('it', m)} {y}",
    "pt": lambda d, m, y: f"{d} de {_month('pt', m)} de {y}",
    "en-upper": lambda d, m, y: f"{_month('en', m).upper()} {d}, {y}",
    "en-time": lambda d, m, y: f"{_month('en', m)} {d}, {y} at {d % 12 + 1}:{m * 4:02d} pm",
}


def _month(lang: str, m: int) -> str:
    """Month ``m`` (1-12) in ``lang``. O(1)."""
    return _MONTHS[lang].split()[m - 1]


@dataclass
class Dump:
    """One generated dump: its text, the expected clean output and every chrome line by class."""

    id: str
    body_id: str
    text: str
    title: str
    paragraphs: list[str]
    chrome: list[tuple[str, str]] = field(default_factory=list)
    features: list[str] = field(default_factory=list)

    @property
    def expected(self) -> str:
        """Title + every body paragraph once, blank-line separated, as the fixtures' expected files.

        O(size of the body)."""
        return "\n\n".join([self.title, *self.paragraphs]) + "\n"


@dataclass
class _Piece:
    text: str
    cls: str  # "title", "body" or a chrome class
    sep: str = "\n\n"  # what goes before it
    record: list[tuple[str, str]] | None = None  # chrome spans to score, if not its lines


class _Gen:
    """State for building one dump: the random source, the pools and the page's fillers."""

    def __init__(
        self, rng: random.Random, split: str, pools: dict[str, list[Wording]], body: Body, others: list[Body]
    ) -> None:
        """Draw the page's language, site, section, author and date format. O(size of the pools)."""
        self.rng = rng
        # The page's chrome language: English, or another one with English mixed in.
        self.lang = "en" if rng.random() < 0.65 else rng.choice(LANGUAGES[1:])
        self.pools = {name: self._language_pool(words) for name, words in pools.items()}
        self.body = body
        self.others = others
        self.site = rng.choice(self.pools["site"])
        self.section = rng.choice(self.pools["section"])
        self.author = rng.choice(self.pools["author"])
        own = sorted((name, f) for name, f in _DATE_FORMATS.items() if split_of(name) == split)
        fitting = [f for name, f in own if name.split("-")[0] == self.lang or name.split("-")[0] not in LANGUAGES]
        self.date_format = rng.choice(fitting or [f for _, f in own])
        self.domain = re.sub(r"[^a-z]+", "", self.site.lower())[:18] + rng.choice(
            [".com", ".org", ".net", ".de", ".fr"]
        )

    def _language_pool(self, words: list[Wording]) -> list[str]:
        """The wordings of a pool this page uses: its language's, else English. O(len(words))."""
        own = [w.text for w in words if w.lang == self.lang]
        english = [w.text for w in words if w.lang == "en"]
        if self.lang != "en" and own and (not english or self.rng.random() < 0.75):
            return own
        return english or own or [w.text for w in words]

    # -- fillers ---------------------------------------------------------------------------
    def date(self) -> str:
        """A date in this page's format. O(1)."""
        rng = self.rng
        return self.date_format(rng.randint(1, 28), rng.randint(1, 12), rng.randint(2014, 2025))

    def other_title(self) -> str:
        """Another article's title (related lists, next/previous links). O(1)."""
        return self.rng.choice(self.others).title if self.others else "Another story"

    def slug(self) -> str:
        """A file-name slug made of title words. O(len(title))."""
        words = re.findall(r"\w+", self.body.title.lower())
        k = self.rng.randint(1, max(1, min(5, len(words))))
        return "-".join(words[:k]) or "image"

    def fill(self, template: str, *, same: bool = False) -> str:
        """``template`` with each placeholder drawn afresh, or (``same``) once per name, as the
        two halves of a look-alike pair need. O(len(template))."""
        rng = self.rng
        drawn: dict[str, str] = {}

        def one(m: re.Match[str]) -> str:
            """The value of one placeholder. O(1)."""
            key = m.group(1)
            if same and key in drawn:
                return drawn[key]
            table: dict[str, Callable[[], str]] = {
                "site": lambda: self.site,
                "title": lambda: self.body.title,
                "section": lambda: self.section,
                "author": lambda: self.author,
                "person": lambda: rng.choice(self.pools["author"]),
                "agency": lambda: rng.choice(self.pools["agency"]),
                "place": lambda: rng.choice(self.pools["place"]),
                "date": self.date,
                "year": lambda: str(rng.randint(2015, 2026)),
                "y": lambda: str(rng.randint(2016, 2025)),
                "n": lambda: str(rng.randint(2, 48)),
                "n4": lambda: f"{rng.randint(0, 9999):04d}",
                "n9": lambda: str(rng.randint(10**8, 10**9 - 1)),
                "mm": lambda: f"{rng.randint(1, 12):02d}",
                "dd": lambda: f"{rng.randint(1, 28):02d}",
                "hh": lambda: f"{rng.randint(0, 23):02d}",
                "h": lambda: str(rng.randint(1, 12)),
                "mi": lambda: f"{rng.randint(0, 59):02d}",
                "ss": lambda: f"{rng.randint(0, 59):02d}",
                "w": lambda: str(rng.choice([300, 640, 768, 1024, 1200])),
                "hpx": lambda: str(rng.choice([200, 427, 480, 683, 800])),
                "p1": lambda: drawn.setdefault("_price", str(rng.randint(12, 98))),
                # a price one digit away from {p1}: $29.99 vs $24.99
                "p2": lambda: str(
                    int(drawn.setdefault("_price", str(rng.randint(12, 98)))) + rng.choice([-3, -1, 1, 5])
                ),
                "other": self.other_title,
                "domain": lambda: self.domain,
                "theme": lambda: rng.choice(self.pools["theme"]),
                "slug": self.slug,
            }
            if key not in table:
                raise KeyError(f"unknown placeholder {{{key}}} in {template!r}")
            drawn[key] = table[key]()
            return drawn[key]

        return _PLACEHOLDER.sub(one, template)

    def pick(self, pool: str) -> str:
        """One wording of ``pool``, filled. O(len(wording))."""
        return self.fill(self.rng.choice(self.pools[pool]))

    def chance(self, p: float) -> bool:
        """True with probability ``p``. O(1)."""
        return self.rng.random() < p

    # -- chrome blocks -----------------------------------------------------------------------
    def header(self) -> list[_Piece]:
        """Skip links, site name, menus, breadcrumbs, a lone section word: lines before the title.

        O(size of the menu pool)."""
        rng, out = self.rng, []
        if not self.chance(0.7):
            return out
        if self.chance(0.35):
            out.append(_Piece(self.pick("skip"), "header"))
        if self.chance(0.5):
            out.append(_Piece(self.site if self.chance(0.5) else self.pick("tagline"), "header"))
        if self.chance(0.45):
            items = rng.sample(self.pools["menu_item"], min(len(self.pools["menu_item"]), rng.randint(4, 9)))
            if self.chance(0.3):
                out.extend(_Piece(item, "header", "\n") for item in items)
            else:
                out.append(_Piece(rng.choice(self.pools["menu_sep"]).join(items), "header"))
        if self.chance(0.25):
            out.append(_Piece(self.pick("header_misc"), "header"))
        if self.chance(0.4):
            words = self.body.title.split()
            prefix = " ".join(words[: rng.randint(2, 6)])
            if len(prefix) < len(self.body.title) and self.chance(0.5):
                prefix += rng.choice(["…", "...", " ..."])
            sep = rng.choice(self.pools["crumb_sep"])
            crumbs = [rng.choice(self.pools["home"]), self.section, prefix]
            if self.chance(0.3):
                crumbs.insert(2, rng.choice(self.pools["section"]))
            out.append(_Piece(sep.join(crumbs), "header"))
        if self.chance(0.3):
            out.append(_Piece(self.section, "header"))
        if len(out) > 2 and self.chance(0.3):
            rng.shuffle(out)
        return out

    def bylines(self) -> list[_Piece]:
        """0-3 byline / date lines. O(1)."""
        n = self.rng.choice([0, 0, 1, 1, 1, 2, 2, 3])
        return [_Piece(self.pick("byline"), "byline", self.rng.choice(["\n", "\n\n"])) for _ in range(n)]

    def borrowed_sentence(self) -> str:
        """A 5-16 word sentence of another article: a caption no phrase list can name. O(article)."""
        for _ in range(8):
            other = self.rng.choice(self.others) if self.others else self.body
            para = self.rng.choice(other.paragraphs)
            sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", para)]
            fits = [
                s.rstrip(".!?")
                for s in sentences
                if 5 <= len(s.split()) <= 16 and s[-1] in ".!?" and (s[0].isalnum() or s[0] in "\"“‘'")
            ]
            if fits:
                return self.rng.choice(fits)
        return "A general view of the site"

    def alt_label(self) -> tuple[str, str]:
        """An image's alt text in one of the shapes dumps show, with the shape's name. O(len(title))."""
        rng, title = self.rng, self.body.title
        words = re.findall(r"[\w’']+", title)
        kind = rng.choice(["filename", "screenshot", "alt", "lower", "glued", "underscore", "title_words"])
        if kind == "filename":
            return self.pick("filename"), kind
        if kind == "screenshot":
            return self.pick("screenshot"), kind
        if kind == "alt":
            return rng.choice(self.pools["image_alt"]), kind
        k = rng.randint(2, max(2, min(6, len(words))))
        start = rng.randint(0, max(0, len(words) - k))
        chosen = words[start : start + k] or ["image"]
        if kind == "lower":
            text = " ".join(chosen).lower()
            return (text + f" {rng.randint(2012, 2025)}" if self.chance(0.4) else text), kind
        if kind == "glued":
            return " ".join(chosen) + str(rng.randint(1, 9)), kind
        if kind == "underscore":
            tail = rng.choice(["", "_map", "_photo", "_1", "_final", "_web"])
            return "_".join(w.lower() if self.chance(0.5) else w for w in chosen) + tail, kind
        return " ".join(chosen), kind

    def caption(self) -> str:
        """A caption: a template or a borrowed sentence, with or without a final period.

        O(size of a borrowed paragraph)."""
        text = self.pick("caption") if self.chance(0.5) else self.borrowed_sentence()
        text = text.rstrip(".")
        if self.chance(0.55):
            text += "."
        return text

    def image_block(self) -> list[_Piece]:
        """One image as a dump shows it: an anchor, an alt label, a caption, a credit, sometimes a
        gallery control (1-4 lines). O(size of a borrowed paragraph)."""
        rng = self.rng
        form = rng.choice(["pair", "pair", "caption", "anchor", "credit", "tail", "triple"])
        lines: list[str] = []
        if form in ("pair", "triple"):
            lines.append(self.alt_label()[0])
            lines.append(self.caption())
            if form == "triple":
                lines.append(self.pick("credit"))
        elif form == "caption":
            lines.append(self.caption())
            if self.chance(0.4):
                lines.append(self.pick("credit"))
        elif form == "anchor":
            lines.append(self.alt_label()[0])
        elif form == "credit":
            lines.append(self.pick("credit"))
        else:
            lines.append(self.caption().rstrip(".") + "." + self.pick("credit_tail"))
        if self.chance(0.25):
            ui = self.pick("image_ui")
            lines.insert(0, ui) if self.chance(0.5) else lines.append(ui)
        tight = self.chance(0.6)
        return [_Piece(line, "image", "\n" if (i and tight) else "\n\n") for i, line in enumerate(lines)]

    def appeal_box(self) -> list[_Piece]:
        """A heading and 1-3 reader-addressed lines. O(1)."""
        out = [_Piece(self.pick("appeal_head"), "appeal")]
        for _ in range(self.rng.randint(1, 3)):
            out.append(_Piece(self.pick("appeal_long" if self.chance(0.4) else "appeal_line"), "appeal"))
        return out

    def share(self) -> list[_Piece]:
        """A share label, sometimes with network names (one per line or on one line). O(1)."""
        out = [_Piece(self.pick("share"), "widget")]
        if self.chance(0.6):
            nets = self.rng.sample(self.pools["share_net"], min(len(self.pools["share_net"]), self.rng.randint(2, 5)))
            if self.chance(0.5):
                out.extend(_Piece(n, "widget", "\n") for n in nets)
            else:
                out.append(_Piece(self.rng.choice([" ", " · ", " | ", "  "]).join(nets), "widget"))
        return out

    def picks(self, pool: str, lo: int, hi: int) -> list[str]:
        """``lo``-``hi`` distinct wordings of ``pool``, filled, in random order. O(len(pool))."""
        words = self.pools[pool]
        return [self.fill(w) for w in self.rng.sample(words, min(len(words), self.rng.randint(lo, hi)))]

    def newsletter(self) -> list[_Piece]:
        """1-3 distinct newsletter sign-up lines. O(size of the pool)."""
        return [_Piece(w, "widget") for w in self.picks("newsletter", 1, 3)]

    def comments(self) -> list[_Piece]:
        """A comment form's lines, sometimes with 1-3 readers' comments (name, date, text, reply).

        O(size of the pools)."""
        out = [_Piece(w, "widget") for w in self.picks("comments", 1, 4)]
        if self.chance(0.5):
            for _ in range(self.rng.randint(1, 3)):
                for i, meta in enumerate(self.picks("comment_meta", 1, 2)):
                    out.append(_Piece(meta, "comment", "\n" if i else "\n\n"))
                out.append(_Piece(self.pick("comment_text"), "comment"))
                if self.chance(0.5):
                    out.append(_Piece(self.pick("comment_meta"), "comment"))
        return out

    def cookie(self) -> list[_Piece]:
        """1-3 lines of a cookie banner. O(size of the pool)."""
        return [_Piece(w, "cookie", "\n") for w in self.picks("cookie", 1, 3)]

    def author_box(self) -> list[_Piece]:
        """An author's bio and/or a link to their posts. O(size of the pool)."""
        return [_Piece(w, "author_box") for w in self.picks("author_bio", 1, 2)]

    def nav(self) -> list[_Piece]:
        """Previous / next links, the other headline glued, on the next line or after a colon. O(1)."""
        out = []
        for pool in ("nav_prev", "nav_next"):
            if not self.chance(0.8):
                continue
            label, other = self.pick(pool), self.other_title()
            style = self.rng.choice(["glued", "line", "colon", "alone"])
            if style == "glued":
                out.append(_Piece(label + other, "nav"))
            elif style == "line":
                out += [_Piece(label, "nav"), _Piece(other, "nav", "\n")]
            elif style == "colon":
                out.append(_Piece(f"{label}: {other}", "nav"))
            else:
                out.append(_Piece(label, "nav"))
        return out

    def related(self) -> list[_Piece]:
        """A related list: a heading and 3-5 other headlines, items ending in a period sometimes.

        O(size of the borrowed paragraphs)."""
        out = [_Piece(self.pick("related_head"), "related")] if self.chance(0.85) else []
        period = self.chance(0.4)
        tight = self.chance(0.5)
        for i in range(self.rng.randint(3, 5)):
            item = self.other_title() if not (period and self.chance(0.5)) else self.borrowed_sentence()
            if period:
                item = item.rstrip(".") + "."
            if self.chance(0.2):
                item += f" — {self.date()}"
            out.append(_Piece(item, "related", "\n" if (tight and (i or not out)) else "\n\n"))
        return out

    def footer(self) -> list[_Piece]:
        """1-3 footer lines, sometimes a footer menu. O(size of the pools)."""
        out = [_Piece(w, "footer_chrome") for w in self.picks("footer", 1, 3)]
        if self.chance(0.2):
            items = self.rng.sample(self.pools["menu_item"], min(len(self.pools["menu_item"]), self.rng.randint(3, 6)))
            out.insert(
                self.rng.randint(0, len(out)),
                _Piece(self.rng.choice(self.pools["menu_sep"]).join(items), "footer_chrome"),
            )
        return out


def _typo(rng: random.Random, para: str) -> str | None:
    """``para`` with one long word missing a letter (``goverment``), or None. O(len(para))."""
    words = list(_WORD.finditer(para))
    if not words:
        return None
    m = rng.choice(words)
    w = m.group()
    i = rng.randint(2, len(w) - 3)
    return para[: m.start()] + w[:i] + w[i + 1 :] + para[m.end() :]


def _sprinkle(rng: random.Random, para: str) -> str:
    """``para`` with 1-3 zero-width or soft-hyphen characters inside words. O(len(para))."""
    chars = list(para)
    spots = [i for i in range(1, len(chars) - 1) if chars[i - 1].isalpha() and chars[i].isalpha()]
    for i in sorted(rng.sample(spots, min(len(spots), rng.randint(1, 3))), reverse=True):
        chars.insert(i, rng.choice(ZERO_WIDTH))
    return "".join(chars)


def _excerpt(rng: random.Random, paras: list[str]) -> str | None:
    """The first 1-3 paragraphs joined and cut mid-sentence at a word boundary, or None when
    they are too short to cut. O(len(paras))."""
    k = rng.randint(1, min(3, len(paras) - 1))
    if k == 1 and len(paras[0]) < 80:
        k = 2
    joined = " ".join(paras[:k])
    lo = min(len(joined) - 2, max(60, len(paras[0]) // 2 if k == 1 else len(paras[0]) + 10))
    target = rng.randint(lo, max(lo, len(joined) - 2))
    cut = joined.rfind(" ", 0, target)
    while cut > 20 and joined[cut - 1] in '.!?:;"”»)':
        cut = joined.rfind(" ", 0, cut - 1)
    if cut <= 20:
        cut = joined.find(" ", 20)
    excerpt = joined[:cut].rstrip(" ,")
    return excerpt if len(excerpt) >= 40 and len(excerpt.split()) >= 6 else None


def _body_slice(rng: random.Random, body: Body) -> list[str]:
    """The first 4-14 paragraphs of the body, ending on a sentence-like paragraph. O(n)."""
    n = min(len(body.paragraphs), rng.randint(4, 14) if rng.random() < 0.9 else rng.randint(15, 40))
    paras = list(body.paragraphs[:n])
    while len(paras) > 3 and (len(paras[-1].split()) < 8 or paras[-1][-1] not in '.!?"”)»'):
        paras.pop()
    return paras


# Must-keep lines inserted once into the body: (chance, pool, feature name).
_SINGLE_KEEPS = [
    (0.15, "keep_separator", "separator"),
    (0.12, "keep_emoji", "zwj_emoji"),
    (0.12, "keep_credit", "quoted_credit"),
    (0.12, "keep_readalso", "read_also"),
    (0.15, "keep_chromelike", "chromelike_body"),
]


def _with_keeps(g: _Gen, paras: list[str], features: list[str]) -> list[str]:
    """Insert the must-keep hard cases into the body (they are body: expected keeps them).

    Time O(n^2) in the paragraph count n (list inserts, n <= ~50); memory O(n).
    """
    rng, out = g.rng, list(paras)

    def insert(text: str, lo: int = 1) -> int:
        """Insert ``text`` before a random paragraph from ``lo`` on; its index. O(n)."""
        at = rng.randint(min(lo, len(out) - 1), len(out) - 1)
        out.insert(at, text)
        return at

    for chance, pool, feature in _SINGLE_KEEPS:
        if g.chance(chance):
            insert(rng.choice(g.pools[pool]))
            features.append(feature)
    q = None
    if g.chance(0.1) and len(out) >= 4:
        q = rng.choice(g.pools["keep_question"])
        at = insert(q)
        out.insert(rng.randint(min(at + 2, len(out)), len(out)), q)
        features.append("repeated_question")
    if g.chance(0.12):
        a, b = g.fill(rng.choice(g.pools["keep_lookalike"]), same=True).split("|")
        at = insert(a)
        out.insert(rng.randint(at + 1, len(out)), b)
        features.append("lookalike")
    # Legit repeats aside, keep body paragraphs unique (the generator's own inserts may collide).
    seen: set[str] = set()
    uniq = []
    for p in out:
        if p in seen and p != q:
            continue
        seen.add(p)
        uniq.append(p)
    return uniq


_ENTITIES = {
    "’": "&#8217;",
    "‘": "&#8216;",
    "“": "&#8220;",
    "”": "&#8221;",
    " & ": " &amp; ",
    "–": "&#8211;",
    "—": "&mdash;",
}


def _entities(text: str) -> str:
    """``text`` with typographic characters as HTML entities, as feeds carry them. O(len(text))."""
    for char, entity in _ENTITIES.items():
        text = text.replace(char, entity)
    return text


def _wrap(text: str, width: int | None) -> str:
    """``text`` hard-wrapped at ``width`` (None: one line). O(len(text))."""
    if width is None or len(text) <= width:
        return text
    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)


def make_dump(split: str, seed: int, index: int, bodies: list[Body], pools: dict[str, list[Wording]]) -> Dump:
    """Dump number ``index`` of ``split`` for ``seed``: deterministic from those three.

    Time and memory O(size of the chosen body + chrome), about a few kB per dump.
    """
    rng = random.Random(f"{split}:{seed}:{index}")
    order = sorted(range(len(bodies)), key=lambda i: random.Random(f"{split}:{seed}:order:{i}").random())
    body = bodies[order[index % len(bodies)]]
    others = [b for b in bodies if b.id != body.id]
    g = _Gen(rng, split, pools, body, others)
    features: list[str] = []
    paras = _with_keeps(g, _body_slice(rng, body), features)

    copies = rng.choices([1, 2, 3], weights=[35, 45, 20])[0]
    features.append(f"copies={copies}")
    widths: list[int | None] = []
    for _ in range(copies):
        if rng.random() < 0.35:
            w = rng.randint(60, 100) if not widths or widths[-1] is None or rng.random() < 0.5 else widths[-1]
            widths.append(w)
        else:
            widths.append(None)
    if any(widths):
        features.append("wrapped")
    single_newline = [w is None and rng.random() < 0.08 for w in widths]
    if any(single_newline):
        features.append("single_newline")
    entity_copy = rng.randrange(copies) if rng.random() < 0.1 else None

    # Insertions between paragraphs, keyed by the paragraph index they precede.
    images: dict[int, list[_Piece]] = {}
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
        images[rng.randint(0, len(paras) - 1)] = g.image_block()
    image_every_copy = rng.random() < 0.7
    inter_at = [rng.randint(1, len(paras) - 1) for _ in range(rng.choice([0, 0, 1, 2]))]
    ads_at = [rng.randint(1, len(paras) - 1) for _ in range(rng.choice([0, 0, 1, 2, 3]))]
    appeal_in_body = rng.randint(2, len(paras) - 1) if rng.random() < 0.1 and len(paras) > 3 else None

    typo_para = typo_text = None
    typo_copy = 0 if copies == 2 or rng.random() < 0.5 else 1  # with three copies: vote
    if copies >= 2 and rng.random() < 0.3:
        typo_para = rng.randrange(len(paras))
        typo_text = _typo(rng, paras[typo_para])
        if typo_text:
            features.append("typo_first_copy" if typo_copy == 0 else "typo_middle_copy")
    sprinkle = rng.random() < 0.2
    if sprinkle:
        features.append("zero_width")

    excerpt_text = _excerpt(rng, paras) if rng.random() < 0.55 else None
    excerpt_where = rng.choice(["before_copy2", "after_byline", "end"]) if excerpt_text else None
    if excerpt_where == "before_copy2" and copies < 2:
        excerpt_where = "after_byline"
    appeal_after = g.appeal_box() if rng.random() < 0.35 else None
    appeal_each_copy = rng.random() < 0.5

    def excerpt_pieces() -> list[_Piece]:
        """The feed excerpt line, sometimes led by a [caption] shortcode. O(len(excerpt))."""
        assert excerpt_text is not None
        tail = rng.choice(["", *g.pools["excerpt_tail"]])
        line = excerpt_text + tail
        extra: list[_Piece] = []
        if rng.random() < 0.4:
            first = images[min(images)] if images else []
            cap = max((p.text for p in first), key=len) if first else g.caption()
            n = rng.randint(1000, 99999)
            align = rng.choice(["alignleft", "alignright", "aligncenter", "alignnone"])
            width = rng.choice([300, 480, 640, 1024])
            img = ""
            if rng.random() < 0.6:
                img = (
                    f'<img class="size-medium wp-image-{n}" src="https://{g.domain}/wp-content/uploads/'
                    f'{rng.randint(2016, 2025)}/{rng.randint(1, 12):02d}/{g.slug()}-300x200.jpg" alt="" '
                    f'width="300" height="200" />'
                )
            line = f'[caption id="attachment_{n}" align="{align}" width="{width}"]{img} {cap}[/caption] {line}'
            if len(cap.split()) >= 3:  # shorter spans inside a line cannot be told from words
                extra.append(_Piece(cap, "image"))
            features.append("caption_shortcode")
        features.append("excerpt")
        return [_Piece(line, "excerpt", record=[("excerpt", excerpt_text), *[(e.cls, e.text) for e in extra]])]

    pieces: list[_Piece] = []
    cookie_where = rng.choice(["top", "end"]) if rng.random() < 0.15 else None
    if cookie_where == "top":
        pieces += g.cookie()
    pieces += g.header()
    bylines = g.bylines()
    if bylines and rng.random() < 0.1:
        pieces += bylines
        bylines = []
    pieces.append(_Piece(body.title, "title"))
    if rng.random() < 0.08:  # the page title and the heading, one after the other
        pieces.append(_Piece(body.title, "header", rng.choice(["\n", "\n\n"])))
        features.append("title_twice")
    pieces += bylines
    if excerpt_where == "after_byline":
        pieces += excerpt_pieces()

    for c in range(copies):
        if c > 0:
            if excerpt_where == "before_copy2" and c == 1:
                pieces += excerpt_pieces()
            if rng.random() < 0.25:
                pieces.append(_Piece(body.title, "header"))
        copy_start = len(pieces)
        for i, para in enumerate(paras):
            if i in images and (c == 0 or image_every_copy):
                pieces += images[i]
            if c == 0 and i in inter_at:
                pieces.append(_Piece(g.pick("interstitial"), "interstitial"))
            if i in ads_at and (c == 0 or rng.random() < 0.5):
                pieces.append(_Piece(g.pick("ad"), "ad"))
            if c == 0 and i == appeal_in_body:
                pieces += g.appeal_box()
            text = typo_text if (c == typo_copy and i == typo_para and typo_text) else para
            if sprinkle and rng.random() < 0.12:
                text = _sprinkle(rng, text)
            if c == entity_copy:
                text = _entities(text)
            pieces.append(_Piece(_wrap(text, widths[c]), "body"))
        if single_newline[c]:  # fresh pieces: image blocks are shared between copies
            pieces[copy_start + 1 :] = [_Piece(p.text, p.cls, "\n", p.record) for p in pieces[copy_start + 1 :]]
        if appeal_after and (appeal_each_copy or c == copies - 1):
            pieces += [_Piece(p.text, p.cls, p.sep) for p in appeal_after]
            if rng.random() < 0.5:
                pieces.append(_Piece(rng.choice(["\u00a0", " ", "\u00a0\n\n\u00a0"]), "blank"))

    if rng.random() < 0.15:  # "Posted by ... on ..." under the article
        pieces.append(_Piece(g.pick("byline"), "byline"))
    if entity_copy is not None and "&" in "".join(p.text for p in pieces if p.cls == "body"):
        features.append("entities")
    tail_blocks: list[list[_Piece]] = []
    for p, make in (
        (0.15, g.author_box),
        (0.35, g.share),
        (0.3, g.newsletter),
        (0.35, g.nav),
        (0.35, g.related),
        (0.35, g.comments),
    ):
        if rng.random() < p:
            tail_blocks.append(make())
    rng.shuffle(tail_blocks)
    for block in tail_blocks:
        pieces += block
    if excerpt_where == "end":
        pieces += excerpt_pieces()
    if rng.random() < 0.6:
        pieces += g.footer()
    if cookie_where == "end":
        pieces += g.cookie()

    text_parts: list[str] = []
    chrome: list[tuple[str, str]] = []
    for i, p in enumerate(pieces):
        text_parts.append(p.text if i == 0 else p.sep + p.text)
        if p.record is not None:
            chrome.extend(p.record)
        elif p.cls not in ("title", "body", "blank"):
            chrome.extend((p.cls, line) for line in p.text.split("\n") if line.strip())
    text = "".join(text_parts) + rng.choice(["\n", "\n\n", "\n \n", ""])
    if rng.random() < 0.04:
        text = text.replace("\n", "\r\n")
        features.append("crlf")
    return Dump(
        id=f"{split}-{seed}-{index:04d}",
        body_id=body.id,
        text=text,
        title=body.title,
        paragraphs=paras,
        chrome=chrome,
        features=features,
    )


def make_dumps(split: str, seed: int, count: int, bodies: list[Body], pools: dict[str, list[Wording]]) -> list[Dump]:
    """``count`` dumps of ``split``; every body is used before any is used twice. O(total size)."""
    if not bodies:
        raise ValueError(f"no bodies for split {split!r}")
    return [make_dump(split, seed, i, bodies, pools) for i in range(count)]
