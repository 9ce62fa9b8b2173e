"""Menus and breadcrumbs flattened into a line: "Home | News | Asia | Contact", "Home » World".

A block of at least ``MIN_ITEMS`` short items joined by menu separators; prose uses
separators sparingly and its items are long.
"""

from __future__ import annotations

import re

from ..model import Document, Kind
from ..options import Options
from .base import Rule, full_match

NAME = "navigation"
MIN_ITEMS = 3
MAX_ITEM_WORDS = 4
_SEP = re.compile(r"\s+(?:\||»|›|>|/|·|•|::|→)\s+")


def is_menu(text: str) -> bool:
    items = [i for i in _SEP.split(text) if i.strip()]
    if len(items) < MIN_ITEMS:
        return False
    return all(len(i.split()) <= MAX_ITEM_WORDS and not i.rstrip().endswith(".") for i in items)


def apply(doc: Document, options: Options) -> None:
    for block in doc.blocks:
        if not block.kept or block.nwords > 40 or block.kind in (Kind.CODE, Kind.TABLE_ROW):
            continue
        if is_menu(block.text):
            block.remove(NAME, "menu or breadcrumb line")
        elif full_match("navigation", "block", block.text):
            block.remove(NAME, "navigation link")


RULE = Rule(NAME, apply)
