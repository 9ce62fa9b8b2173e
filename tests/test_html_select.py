"""Listings (issue 8, mechanism 3): a page of item cards keeps its cards; an article keeps
its article and leaves its "related" card grid out."""

from __future__ import annotations

from html_helpers import SENTENCES, para, paras

import cleaner

TOPICS = ["Harbour", "Orchard", "Bridge", "Quarry", "Meadow", "Lantern", "Chapel", "Granary"]


def cards(n: int, box: str = "card") -> str:
    """``n`` item cards of one shape: a linked headline, a teaser line, tags, a template link."""
    return "".join(
        f'<div class="{box} item-{i}"><h3><a href="/p/{i}">{TOPICS[i % 8]} story number {i} in the valley</a></h3>'
        f"<p>{SENTENCES[i % 7].split(' that ')[0].rstrip('.')} ({i}).</p>"
        f'<div class="tags"><a href="/t/{i}">{TOPICS[(i + 1) % 8]}</a> <a href="/t/x{i}">Local</a></div>'
        f'<a class="more" href="/p/{i}">Continue</a></div>'
        for i in range(n)
    )


def wrap(body: str) -> str:
    return f"<html><head><title>Stories</title></head><body>{body}</body></html>"


def test_listing_keeps_its_item_cards() -> None:
    html = wrap(
        f'<main><h1>Stories</h1><p>All our stories from the valley.</p><div class="grid">{cards(7)}</div></main>'
    )
    out = cleaner.clean_html(html)
    for i in range(7):
        assert f"story number {i} in the valley" in out
        assert f"({i})." in out
    assert "Continue" not in out  # the card template's repeated link


def test_a_long_run_of_cards_is_kept_beside_a_longer_intro() -> None:
    """24 cards outweigh an intro of two paragraphs twice over, though not four times."""
    intro = "".join(f"<p>{para(i)}</p>" for i in range(2))
    many = "".join(
        f'<li class="tile"><h3><a href="/i/{i}">{TOPICS[i % 8]} {SENTENCES[i % 7].split()[1]} model {i}</a></h3>'
        f"<p>Sold by shop {i}</p></li>"
        for i in range(24)
    )
    html = wrap(f'<main><h1>Lamps</h1><div class="intro">{intro}</div><ul class="tiles">{many}</ul></main>')
    out = cleaner.clean_html(html)
    assert para(0) in out
    assert "Sold by shop 23" in out


def test_article_leaves_its_related_grid_out() -> None:
    body = paras(7, "Article")
    html = wrap(
        f'<main><article><h1>Budget</h1><div class="entry">{body}</div></article>'
        f'<section class="related"><h2>More stories</h2><div class="grid">{cards(6)}</div></section></main>'
    )
    out = cleaner.clean_html(html)
    for i in range(7):
        assert f"Article {i}." in out
    assert "story number 0 in the valley" not in out
    assert "(0)." not in out


def test_short_link_lists_are_no_listing() -> None:
    """A menu of one-line entries repeats a shape too, but holds one block per entry."""
    menu = "".join(f'<li class="entry"><a href="/m/{i}">{TOPICS[i % 8]} section {i}</a></li>' for i in range(40))
    html = wrap(f'<ul class="menu">{menu}</ul><main><p>{para(1)} Only.</p></main>')
    out = cleaner.clean_html(html)
    assert "Only." in out
    assert "section 3" not in out


def test_a_listing_of_many_cards_is_read_in_one_pass() -> None:
    """20,000 cards (a size an all-pairs comparison of cards could not finish): all kept, once each."""
    n = 20000
    grid = "".join(
        f'<div class="card"><h3><a href="/p/{i}">Entry {i} of the archive</a></h3><p>Note {i} on file.</p></div>'
        for i in range(n)
    )
    out = cleaner.clean_html(wrap(f'<main><h1>Archive</h1><div class="grid">{grid}</div></main>'))
    assert out.count(" on file.") == n  # (the templated headlines are dedup's to collapse)
    assert "Note 19999 on file." in out


def _container_of(html: str) -> str:
    """The " class id " key of the container best_container picks on ``html``'s body."""
    from lxml import etree

    from cleaner.extract.html.blocks import walk
    from cleaner.extract.html.classify import classify_page
    from cleaner.extract.html.select import best_container

    body = etree.fromstring(html, etree.HTMLParser()).find("body")
    result = walk(body)
    scored, _ = classify_page(result.blocks, "en")
    best = best_container(scored, result.nodes)
    assert best is not None
    return result.nodes[best].key.strip()


def test_equal_containers_go_to_the_first_in_reading_order() -> None:
    """Ties between containers go to the first in document order, whichever of them holds the
    deeper or the more numerous blocks (the sums are kept by node index: issue 22.3)."""
    one = f'<div class="first"><p>{SENTENCES[0]}</p></div>'
    two = f'<div class="second"><div class="inner"><p>{SENTENCES[0]}</p></div></div>'
    links = '<div class="links">' + " ".join(f'<a href="/{i}">Section {i} of the site</a>' for i in range(8)) + "</div>"
    assert _container_of(f"<html><body>{one}{links}{two}</body></html>") == "first"
    assert _container_of(f"<html><body>{two}{links}{one}</body></html>") == "second"


# -- the tail after the article body (issue 20.2) ----------------------------------------

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


def test_a_second_box_shaped_like_the_body_after_it_is_the_body_continued() -> None:
    # A CMS splits an article into several rich-text boxes, one per section (the second in a
    # wrapper of its own): the box holding most prose is the body, and the next one's heading,
    # short lines and list items were trimmed as a tail. A box of the body's own tag and class
    # is the body continued; counter-example: a heading over short lines in another box goes.
    second = (
        "<section id='part-two'><div class='body'><h2>Designing the menu</h2>"
        "<p>Guests arrive with their own needs.</p><p>Plan for each of them:</p>"
        "<ul><li>Stations for each diet</li><li>Clear labels on the dishes</li></ul>"
        f"<p>{Q}{R}</p></div></section>"
        "<section><div class='extras'><h2>Our newsletter</h2><p>Weekly, short.</p><p>No spam.</p></div></section>"
    )
    texts = kept(second)
    for line in ("Designing the menu", "Guests arrive with their own needs.", "Plan for each of them:"):
        assert line in texts
    assert "Stations for each diet" in texts and "Clear labels on the dishes" in texts
    assert "Our newsletter" not in texts and "No spam." not in texts


def _product_page(declare: str) -> str:
    intro = f"<div class='summary'><h1>Trail pack 30</h1><p>{P}{Q}</p></div>"
    rows = [("Volume", "30 litres"), ("Weight", "1.2 kg"), ("Fabric", "Recycled nylon"), ("Frame", "Aluminium")]
    rows += [("Colour", "Slate"), ("Pockets", "Seven"), ("Warranty", "Five years"), ("Origin", "Portugal")]
    specs = (
        "<div class='specs'><h2>Specifications</h2><dl>"
        + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
        + "</dl></div>"
    )
    description = "<div class='description'>" + "".join(f"<p>{para(i)}</p>" for i in range(4)) + "</div>"
    related = (
        "<div class='more-products'><h2>You may also like</h2><ul>"
        + "".join(f"<li><a href='/p/{i}'>Day pack {i} in {c}</a></li>" for i, c in enumerate(TOPICS * 3))
        + "</ul></div>"
    )
    return f"<html><head>{declare}</head><body><main>{intro}{specs}{description}{related}</main></body></html>"


def test_a_product_page_keeps_the_boxes_between_its_description_parts() -> None:
    # A product's content is several regions: its summary, a spec box, its description;
    # selection keeps one container and the spec lines between two kept parts were dropped.
    # On a page that declares one product (schema.org Product in JSON-LD or microdata,
    # og:type product) the blocks between the first and the last kept one stay (but
    # link-dense ones). Counter-examples: the same page declaring no product keeps its gap,
    # and the "You may also like" box after the description goes either way.
    declared = '<script type="application/ld+json">{"@type": "Product", "name": "Trail pack 30"}</script>'
    for declare, product in ((declared, True), ("<meta property='og:type' content='product'>", True), ("", False)):
        doc = cleaner.clean_document(cleaner.Document(id="x", raw=_product_page(declare), kind="html"))
        texts = [b.text for b in doc.blocks if b.kept]
        assert ("30 litres" in texts and "Volume" in texts) is product
        assert not any("Day pack" in t or "also like" in t for t in texts)
        assert any(t.startswith(P.strip()) for t in texts)
    # Microdata: one element typed as a product (a category page's many cards: none is "the" product).
    for cards, product in ((1, True), (3, False)):
        typed = "<span itemscope itemtype='https://schema.org/Product'></span>" * cards
        html = _product_page("").replace("<main>", f"<main>{typed}")
        doc = cleaner.clean_document(cleaner.Document(id="x", raw=html, kind="html"))
        assert ("30 litres" in [b.text for b in doc.blocks if b.kept]) is product
