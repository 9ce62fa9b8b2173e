"""Main-content selection: what the tail after the article body keeps (issue 20.2)."""

from __future__ import annotations

import cleaner

P = "This is a sentence of the article that is long enough to count as real prose for us. "
Q = "Another sentence with different words follows here, so that no two paragraphs look alike. "
R = "A third sentence tells of the river, the mill and the people who worked there for years. "


def kept(tail: str) -> list[str]:
    body = "".join(f"<p>{s * 3}</p>" for s in (P, Q, R, P + Q))
    html = f"<html><body><main><section><div class='body'>{body}</div></section>{tail}</main></body></html>"
    doc = cleaner.clean_document(cleaner.Document(id="x", raw=html, kind="html"))
    return [b.text for b in doc.blocks if b.kept]


def test_a_heading_and_label_that_introduce_code_or_prose_after_the_body_stay() -> None:
    texts = kept(
        "<section><h2>Example</h2><pre>import tidewater\nrows = tidewater.read_rows('a.tw')</pre>"
        f"<div><p>Note</p><p>{Q}{R}</p></div></section>"
    )
    assert "Example" in texts and "Note" in texts


def test_a_label_in_a_box_with_more_than_its_prose_after_the_body_goes() -> None:
    # Counter-example: a box title over several kinds of text (a contact or consent box).
    texts = kept(f"<section><div><p>Press contact</p><p>{Q}{R}</p><p>Phone 555 0100</p></div></section>")
    assert "Press contact" not in texts


def test_a_heading_over_short_links_after_the_body_goes() -> None:
    # Counter-example: "Read also" and its links introduce no prose.
    texts = kept(
        "<section><h2>Read also</h2><ul><li><a href='/a'>The mill reopens</a></li>"
        "<li><a href='/b'>River levels fall</a></li><li><a href='/c'>A new bridge</a></li></ul></section>"
    )
    assert not any(t in texts for t in ("Read also", "The mill reopens", "A new bridge"))


def test_a_middling_line_alone_among_short_lines_after_the_body_goes() -> None:
    # A reviews widget: a one-sentence review between its stars and title lines.
    texts = kept(
        "<section><h2>Customer reviews</h2><div><p>★★★★★</p><p>Best pack I have owned</p>"
        "<p>Carried it through the Dolomites for a week, no sweaty back.</p><p>★★★★☆</p>"
        "<p>Great, but small pockets</p></div></section>"
    )
    assert not any("Dolomites" in t for t in texts)


def test_a_middling_line_beside_prose_after_the_body_stays() -> None:
    # Counter-example: a short continuation paragraph next to a long one.
    line = "The mill closed for good in the spring of 1962, after the flood."
    texts = kept(f"<section><p>{Q}{R}{P}</p><p>{line}</p></section>")
    assert line in texts
