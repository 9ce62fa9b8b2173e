"""Whole-page text renderers: what crawls' text exports and scrapers hand over instead of HTML.

Each renderer turns a page's bytes into its whole visible text (menus, cookie bars, footers all
in), each with its own layout: html-text's one line per block, inscriptis' indented tables and
bullets, BeautifulSoup's one line per text node, resiliparse's wrapped blocks, lxml's block
newlines.  A text-path method measured on one renderer only learns that renderer's layout.

``RENDERERS`` maps a name to a factory returning ``render(html_bytes) -> str``; a factory raises
ImportError when its library is missing (``pip install html-text inscriptis resiliparse``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import decode_simple

Render = Callable[[bytes], str]

# Elements after which lxml's renderer starts a new line (the HTML block and table elements).
_BLOCKS = frozenset(
    "address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
_INVISIBLE = ("script", "style", "noscript", "template", "head")


def _html_text() -> Render:
    import html_text

    return lambda raw: html_text.extract_text(decode_simple(raw), guess_layout=True)


def _inscriptis() -> Render:
    from inscriptis import get_text

    return lambda raw: get_text(decode_simple(raw))


def _bs4() -> Render:
    from bs4 import BeautifulSoup

    def render(raw: bytes) -> str:
        soup = BeautifulSoup(decode_simple(raw), "lxml")
        for tag in soup(list(_INVISIBLE)):
            tag.decompose()
        return soup.get_text("\n")

    return render


def _resiliparse() -> Render:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import detect_encoding
    from resiliparse.parse.html import HTMLTree

    return lambda raw: extract_plain_text(HTMLTree.parse_from_bytes(raw, detect_encoding(raw)), main_content=False)


def _lxml() -> Render:
    import lxml.html

    parser = lxml.html.HTMLParser(recover=True, no_network=True, remove_comments=True)

    def render(raw: bytes) -> str:
        text = decode_simple(raw)
        if not text.strip():
            return ""
        try:
            root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
        except Exception:  # an unparsable page renders to nothing, as a scraper's would
            return ""
        for el in root.iter(*_INVISIBLE):
            el.drop_tree()
        for el in root.iter():
            if isinstance(el.tag, str) and el.tag in _BLOCKS:
                el.tail = "\n" + (el.tail or "")
                if el.tag in ("br", "hr"):
                    continue
                el.text = "\n" + (el.text or "")
        return root.text_content()

    return render


RENDERERS: dict[str, Callable[[], Render]] = {
    "html_text": _html_text,
    "inscriptis": _inscriptis,
    "bs4": _bs4,
    "resiliparse": _resiliparse,
    "lxml": _lxml,
}
