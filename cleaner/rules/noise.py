"""Blocks with no words: separators ("--", "***"), lone counters ("12") and, in HTML, prices
("$9.99"), stray symbols; and
server error messages printed into a page ("Warning: ... in /www/x.php on line 407").

A dump's signature separator or a like-counter is not text a reader wants; a table cell or
a code line with only digits is left alone (those kinds are skipped).
"""

from __future__ import annotations

import re

from ..model import Document, Kind
from ..options import Options
from ..textshape import is_prose
from .base import Rule

NAME = "no_words"
_HAS_LETTER = re.compile(r"[^\W\d_]")
_SERVER_ERROR = re.compile(
    r"^(?:(?:php )?(?:warning|notice|deprecated|fatal error|parse error|strict standards)\s*:\s.{0,300}"
    r"\bin\s+/\S+\.php\s+on line\s+\d+|(?:traceback \(most recent call last\)|stack trace)\s*:?.{0,300})",
    re.IGNORECASE,
)
_LONE_NUMBER = re.compile(r"^[\d\s.,:/%+#-]{1,8}$")  # a counter, a page number
# In HTML a price alone in its block ("$9.99", "24,90 €": a shop page's price line) is one
# too; in a text dump it may be a table's cell, one per line as some renderers write rows.
_CURRENCY = "$€£¥₹₩₽¢₺₪₫฿₴₦"
_LONE_PRICE = re.compile(rf"^[{_CURRENCY}]?\s?[\d\s.,:/%+#-]{{1,8}}\s?[{_CURRENCY}]?$")


def apply(doc: Document, options: Options) -> None:
    """Remove blocks without words and printed server errors.

    Cost: O(n + L) time (the server-error pattern is anchored and bounded), O(n) memory."""
    blocks = [b for b in doc.blocks if b.text]
    lone = _LONE_PRICE if doc.kind == "html" else _LONE_NUMBER
    body = False  # a prose paragraph came before: the body has started
    for i, block in enumerate(blocks):
        if not block.kept or block.kind in (Kind.CODE, Kind.TABLE_ROW):
            continue
        body = body or is_prose(block)
        text = block.kept_text
        if block.nwords <= 40 and _SERVER_ERROR.match(text):
            block.remove(NAME, "server error message printed into the page")
            continue
        if not text or _HAS_LETTER.search(text):
            continue
        if not any(ch.isdigit() for ch in text):
            # A section break inside the body ("* * *": once the body has started, after a
            # kept block and before more words) is part of the text; after removed chrome it
            # is that chrome's divider.  (After the body's last paragraph, page_end takes it.)
            inside = body and blocks[i - 1].kept and i < len(blocks) - 1 and blocks[i + 1].nwords >= 3
            if not inside:
                block.remove(NAME, "separator or symbols only")
        elif lone.match(text) and block.kind is not Kind.LIST_ITEM:
            block.remove(NAME, "lone number (counter, page number or price)")


RULE = Rule(NAME, apply)
