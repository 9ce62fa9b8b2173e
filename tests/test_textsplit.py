"""The text-dump splitter: paragraphs, hard wraps, titles, list items, normalisation."""

from __future__ import annotations

import textwrap

import pytest

from cleaner import Document, Kind
from cleaner.extract.textsplit import split_text
from cleaner.textnorm import compare_key, ends_clause, ends_like_sentence, normalize_text, strip_ellipsis

PARA1 = (
    "It is a well-known fact that refugees from North Korea, after crossing secretly into China, manage to "
    "travel to China's southeastern province of Yunnan and from there move into Laos and further on to Thailand."
)
PARA2 = (
    "There, they can apply for asylum which they normally are granted. Under the constitution of South Korea, "
    "North Korean citizens are recognised as South Korean nationals, unless they have a criminal record."
)


def blocks(raw: str) -> list[str]:
    doc = Document(id="t", raw=raw)
    split_text(doc)
    return [b.text for b in doc.blocks]


def test_blank_lines_separate_paragraphs() -> None:
    assert blocks(f"{PARA1}\n\n{PARA2}\n") == [PARA1, PARA2]


def test_single_newlines_separate_paragraphs_when_not_wrapped() -> None:
    assert blocks(f"{PARA1}\n{PARA2}\n") == [PARA1, PARA2]


def test_hard_wrapped_paragraphs_are_rejoined() -> None:
    wrapped = "\n".join(textwrap.wrap(PARA1, 75)) + "\n\n" + "\n".join(textwrap.wrap(PARA2, 75))
    assert blocks(wrapped) == [PARA1, PARA2]


def test_hard_wrapped_paragraphs_without_blank_lines_split_at_short_lines() -> None:
    short = "He never went back."
    wrapped = "\n".join(textwrap.wrap(PARA1, 72)) + "\n" + short + "\n" + "\n".join(textwrap.wrap(PARA2, 72))
    assert blocks(wrapped) == [PARA1, short, PARA2]


def test_title_detected_only_when_it_looks_like_one() -> None:
    doc = Document(id="t", raw=f"North Korea’s reach into Southeast Asia\n\n{PARA1}")
    split_text(doc)
    assert doc.title == "North Korea’s reach into Southeast Asia"
    assert doc.blocks[0].kind is Kind.TITLE
    doc = Document(id="t", raw=f"{PARA1}\n\n{PARA2}")
    split_text(doc)
    assert doc.title is None


def test_list_items_are_their_own_blocks() -> None:
    raw = "Ingredients\n- 200 g butter\n- 100 g sugar\n1. Cream the butter"
    assert blocks(raw) == ["Ingredients", "- 200 g butter", "- 100 g sugar", "1. Cream the butter"]


def test_origin_line_spans() -> None:
    doc = Document(id="t", raw="Title line\n\n" + "\n".join(textwrap.wrap(PARA1, 75)))
    split_text(doc)
    assert doc.blocks[0].origin.describe() == "line 1"
    assert doc.blocks[1].origin.line_start == 3 and doc.blocks[1].origin.line_end > 3


def test_normalisation() -> None:
    raw = "\ufeffA\u00a0b\u200b c &amp; d &#8217; AT&T\r\n\t x  \x00y"
    assert normalize_text(raw) == "A b c & d ’ AT&T\nx y"


def test_compare_key_and_ellipsis() -> None:
    assert compare_key("“Curly” quotes — and DASHES") == compare_key('"curly" quotes - and dashes')
    assert strip_ellipsis("to reach the...") == ("to reach the", True)
    assert strip_ellipsis("to reach the […]") == ("to reach the", True)
    assert strip_ellipsis("to reach the end.") == ("to reach the end.", False)


def test_wrap_width_holds_per_region() -> None:
    # A second copy wrapped at 60 columns gives the dump a wrap width; above the unwrapped
    # first copy, a title over its date line is two lines, not one wrapped line.  A short
    # wrapped paragraph inside the wrapped copy is still rejoined.
    title, date = "How Much Should a Harbour Ferry Ticket Cost This Summer?", "Updated: 3 May 2021"
    short = "The operator said the fares would stay the same for every crossing next year."
    copy2 = "\n\n".join("\n".join(textwrap.wrap(p, 60)) for p in (PARA1, short, PARA2))
    raw = f"{title}\n{date}\n\n{PARA1}\n\n{short}\n\n{PARA2}\n\n{copy2}\n"
    got = blocks(raw)
    assert got[:2] == [title, date]
    assert got[-3:] == [PARA1, short, PARA2]


def test_a_list_of_headlines_is_no_wrapped_paragraph() -> None:
    # The wrapped copy gives the dump a width near 60; a chunk of headlines whose every line
    # opens with a capital stays one line each, even where the next word would not have fitted.
    items = [
        "How Much Should a Harbour Ferry Ticket Cost This Summer?",
        "The Ten Best Island Crossings for Families in 2026",
        "Why the Old Quay Closed and What Comes Next for It",
        "Timetables Explained",
    ]
    copy2 = "\n\n".join("\n".join(textwrap.wrap(p, 60)) for p in (PARA1, PARA2))
    raw = "\n".join(items) + f"\n\n{copy2}\n"
    assert blocks(raw)[:4] == items


CLAUSE_ENDS = [".", "!", "?", ":", ";", "…", '"', "”", "“", "’", "»", ")", "]", "。", "！", "？", "」", "؟", "।"]


@pytest.mark.parametrize("end", CLAUSE_ENDS)
def test_a_line_ending_a_clause_in_any_script_is_not_a_soft_wrap(end: str) -> None:
    """One definition of a clause end (cleaner.textnorm.CLAUSE_END) for the splitter, the HTML
    <br> joiner and the rules: the text splitter missed “ and the full stops of other scripts."""
    line = "The committee published its findings on the harbour" + end
    assert blocks(line + "\nand the council will vote on them in June.") == [
        line,
        "and the council will vote on them in June.",
    ]
    assert blocks(line[:-1] + "\nand the council") == [line[:-1] + " and the council"]


@pytest.mark.parametrize("end", CLAUSE_ENDS)
def test_clause_and_sentence_ends(end: str) -> None:
    assert ends_clause("word" + end)
    assert ends_like_sentence("word" + end) is (end not in ":;…]")
    assert not ends_clause("word") and not ends_clause("") and not ends_clause("word,")
