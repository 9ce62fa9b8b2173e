"""Poems and songs are clean prose (issue 21): their stanzas are the body's paragraphs, a
refrain repeated inside the body is content, and the page rules (header, page end, line
model, dedup) leave them alone in a text with no chrome, while a poem's page keeps losing
its menu, its footer and a second copy of its body."""

from __future__ import annotations

import cleaner
from cleaner import Document, Options
from cleaner.pipeline import process
from cleaner.textshape import is_prose_text, verse_lines

REFRAIN = "The ferry leaves at six, the ferry leaves at six,\nAnd nobody on the island is ever late for it."
VERSES = [
    "My mother kept the lamp lit in the window,\nthe kettle warm, the radio turned low,\n"
    "and told us that the sea was only water\nand that the wind had nowhere else to go.",
    "The boy who plays the cello takes the bench,\nhis case beside him like a sleeping dog,\n"
    "the woman with the eggs counts out her change\nand looks out past the harbour at the fog.",
    "In winter all the windows run with rain,\nwe sit in rows like children at a test,\n"
    "we read the notices about the jackets\nand no one reads them twice, and no one rests.",
    "The man who holds the rope has grey in his beard,\nhe nods to every one of us by name,\n"
    "he never looks at any watch or clock\nbecause the road will tell him all the same.",
]
POEM_TITLE = "The Ferry at Six"
# Title, then each verse followed by the refrain: 1 + 4 x (4 + 2) = 25 lines, enough for the
# line model to judge the document.
POEM = POEM_TITLE + "\n\n" + "\n\n".join(f"{v}\n\n{REFRAIN}" for v in VERSES) + "\n"
# Every line opening with a capital, as most poems print them.
POEM = "\n".join(line[:1].upper() + line[1:] for line in POEM.split("\n"))

MENU = "Home\n\nPoems\n\nAuthors\n\nSubmit\n\nContact us"
FOOTER = (
    "About us\nPrivacy policy\nTerms of use\nFollow us on Instagram\n\n© 2024 Harbour Verse Ltd. All rights reserved."
)


def _words(text: str) -> list[str]:
    return text.split()


def test_stanzas_are_verse_and_menus_footers_headline_lists_are_not() -> None:
    doc = process(Document(id="p", raw=POEM, kind="text"), Options())
    verse = verse_lines(doc.blocks)
    lines = [b for b in doc.blocks if b.text and b.text != POEM_TITLE]
    # Lines the splitter did not join as a soft wrap are stanza lines; the rest are paragraphs.
    assert all(id(b) in verse or is_prose_text(b.text) for b in lines)
    assert sum(id(b) in verse for b in lines) >= 6
    for chrome in (
        "Home\nPoems\nAuthors\nSubmit\nContact us",
        FOOTER,
        "Related posts\nHow we cut our costs by half\nWhy the euro fell again today\n"
        "Subscribe to get more of these every week.",
    ):
        blocks = process(Document(id="c", raw="Title\n\n" + chrome + "\n", kind="text"), Options()).blocks
        assert not verse_lines([b for b in blocks if b.group and b.group > 0]), chrome


def test_a_poem_with_a_refrain_stays_whole() -> None:
    """Before: the refrain's repeats went as duplicates, the title and first lines as a page
    header, and lines as unlikely body (a poem has no sentence-shaped paragraph)."""
    out = cleaner.clean_text(POEM)
    assert _words(out) == _words(POEM)
    assert "the window,\nThe kettle warm" in out  # a stanza's lines stay lines
    assert cleaner.clean_text(out) == out


def test_a_poem_page_still_loses_its_chrome_and_its_second_copy() -> None:
    """The same poem on a page: menu above, footer below, the body copied twice.  The menu,
    the footer and the second copy of the stanzas go (one refrain stays per stanza)."""
    page = f"{MENU}\n\n{POEM}\n{POEM}\n{FOOTER}\n"
    out = cleaner.clean_text(page)
    assert "Privacy policy" not in out and "Contact us" not in out
    for verse in VERSES:
        first_line = verse.split("\n")[0]
        assert out.count(first_line) == 1
