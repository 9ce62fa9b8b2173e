"""Block structure and inline whitespace of HTML pages."""

from __future__ import annotations

import pytest
from html_helpers import paras

import cleaner
from cleaner import Kind

P = "This is a sentence of the article that is long enough to count as real prose for us. "
Q = "Another sentence with different words follows here, so that no two paragraphs look alike. "


def blocks(body: str) -> list[cleaner.Block]:
    html = f"<html><body><article>{body}" + paras(3, "Filler") + "</article></body></html>"
    doc = cleaner.Document(id="x", raw=html, kind="html")
    return [b for b in cleaner.clean_document(doc).blocks if b.kept]


def find(bs: list[cleaner.Block], needle: str) -> cleaner.Block:
    return next(b for b in bs if needle in b.text)


def test_kinds_in_reading_order() -> None:
    bs = blocks(
        f"<h2>Section heading</h2><p>{P}First.</p><ul><li>Apples from the garden</li><li>Pears, plums and cherries</li></ul>"  # noqa: E501
        f"<blockquote><p>{Q}Quoted.</p></blockquote><pre>x = 1\n  y = 2</pre>"
        "<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>31</td></tr></table>"
    )
    kinds = [(b.kind, b.text[:12]) for b in bs]
    assert kinds[:8] == [
        (Kind.HEADING, "Section head"),
        (Kind.PARAGRAPH, P[:12]),
        (Kind.LIST_ITEM, "Apples from "),
        (Kind.LIST_ITEM, "Pears, plums"),
        (Kind.QUOTE, Q[:12]),
        (Kind.CODE, "x = 1\n  y = "),
        (Kind.TABLE_ROW, "Name | Age"),
        (Kind.TABLE_ROW, "Ann | 31"),
    ]


def test_inline_tags_do_not_glue_or_split_words() -> None:
    bs = blocks(f"<p>A <b>bold</b>word, an <i>ital</i>ic and a <a href='#'>link</a>.\n  Next   line {P}</p>")
    b = find(bs, "bold")
    assert b.text.startswith("A boldword, an italic and a link. Next line This")


def test_touching_item_elements_are_separate_words() -> None:
    # A product page's label/value pair and a review card's title/author/text: spans laid
    # out apart by CSS, touching in the markup (wcxb-dev product and listing pages).
    bs = blocks(
        f"<p>{P}</p><div><span class='label'>Article Number</span><span class='value'>802.758.87</span></div>"
        f"<div><span>Sturdy shelf</span><span>Dorothy</span><span>I love it. {Q}</span></div>"
    )
    assert find(bs, "Article Number").text == "Article Number 802.758.87"
    assert find(bs, "Sturdy shelf").text.startswith("Sturdy shelf Dorothy I love it.")


def test_formatting_inside_a_word_and_punctuation_stay_glued() -> None:
    # Counter-examples: formatting tags split words, and a touching item that starts with
    # punctuation gets no space before it.
    bs = blocks(f"<p>Re<b>mark</b><i>able</i> <span>price</span><span>: 5 EUR</span> {P}</p>")
    assert find(bs, "able").text.startswith("Remarkable price: 5 EUR This")


def test_br_inside_a_sentence_is_a_space_between_sentences_a_break() -> None:
    bs = blocks(f"<p>{P}and the line<br>continues here.<br>New line starts. {Q}</p>")
    assert any("the line continues here." in b.text for b in bs)
    assert any(b.text.startswith("New line starts.") for b in bs)


def test_block_elements_separate_words() -> None:
    bs = blocks(f"<div>{P}Alpha<div>Beta {Q}</div></div>")
    texts = [b.text for b in bs]
    assert any(t.endswith("Alpha") for t in texts) and any(t.startswith("Beta") for t in texts)


def test_layout_table_is_walked_like_divs() -> None:
    bs = blocks(f"<table><tr><td><p>{P}Cell paragraph.</p><p>{Q}Second.</p></td></tr></table>")
    b = find(bs, "Cell paragraph")
    assert b.kind is Kind.PARAGRAPH


def test_hints_and_origin() -> None:
    bs = blocks(f'<p class="intro">{P}<a href="#">{"link " * 3}</a></p>')
    b = find(bs, "link link")
    assert b.hints["tag"] == "p"
    assert b.hints["classes"] == "intro"
    assert 0 < b.hints["link_density"] < 0.5
    assert b.origin.path and b.origin.path.endswith("p.intro")


def test_link_list_outside_article_is_dropped() -> None:
    html = (
        "<html><body><div class='x'>" + "".join(f"<a href='/{i}'>Topic number {i}</a> " for i in range(15)) + "</div>"
        "<div class='y'>" + paras(4, "Body") + "</div></body></html>"
    )
    out = cleaner.clean_html(html)
    assert "Body 3." in out and "Topic number" not in out


def test_cjk_page_is_extracted() -> None:
    zh = "今天天气很好，我们去公园散步。公园里有很多人，大家都很开心。" * 4
    html = f"<html><body><nav><a href='/'>首页</a></nav><div><p>{zh}</p><p>{zh}</p></div></body></html>"
    out = cleaner.clean_html(html)
    assert "今天天气很好" in out and "首页" not in out


@pytest.mark.parametrize("end", ["。", "؟", "’", "]", ":"])
def test_br_after_a_clause_end_of_any_script_is_a_break(end: str) -> None:
    """The <br> joiner and the text splitter share cleaner.textnorm.CLAUSE_END: the joiner
    glued a lower-case line to one ending in ’, ] or another script's full stop."""
    bs = blocks(f"<p>{P}and the line ends{end}<br>continues here. {Q}</p>")
    assert any(b.text.endswith(f"and the line ends{end}") for b in bs)
    assert any(b.text.startswith("continues here.") for b in bs)


def test_a_dotted_qualifier_and_the_name_after_it_are_one_name() -> None:
    # A Sphinx signature: <span>pkg.</span><span>fn</span> shows as pkg.fn; counter-examples:
    # an abbreviation before a capitalised item and a sentence before one stay apart.
    bs = blocks(
        f"<p>{P}</p><dl><dt><span>tidewater.</span><span>read_rows</span>(path)</dt><dd>{Q}</dd></dl>"
        f"<div><span>Made in the U.S.</span><span>Ships in 2 days</span></div>"
    )
    assert find(bs, "read_rows").text == "tidewater.read_rows(path)"
    assert find(bs, "Made in").text == "Made in the U.S. Ships in 2 days"


def test_a_heading_permalink_is_no_text() -> None:
    # Documentation and blog themes put <a href="#id">#</a> or ¶ beside each heading;
    # counter-examples: a heading about C# and a hashtag link to another page stay whole.
    html = (
        "<html><head><meta property='og:title' content='read_rows'></head><body><article>"
        "<h1>read_rows<a class='headerlink' href='#read-rows'>#</a></h1>"
        f"<p>{P}</p><h2>Learning C#<a href='#learning'>¶</a></h2><p>{Q} <a href='/tag/csharp'>#</a> tag</p>"
        + paras(3, "Filler")
        + "</article></body></html>"
    )
    doc = cleaner.clean_document(cleaner.Document(id="x", raw=html, kind="html"))
    texts = [b.text for b in doc.blocks if b.kept]
    assert doc.title == "read_rows"
    assert "Learning C#" in texts and not any(t.endswith("¶") for t in texts)
    assert any(t.endswith("# tag") for t in texts)


def test_characters_a_browser_does_not_show_are_no_text() -> None:
    # A zero-width space after a heading (a forum theme's), a soft hyphen inside a word;
    # counter-example: the zero-width joiner that builds one emoji stays.
    bs = blocks(f"<h2>Former employees\u200b</h2><p>{P}Zusammen\u00adarbeit, 👩\u200d🔬 here.</p>")
    assert find(bs, "Former").text == "Former employees"
    assert "Zusammenarbeit, 👩\u200d🔬 here." in find(bs, "Zusammen").text


def test_a_heading_that_links_to_itself_is_a_heading_not_a_link() -> None:
    # mdBook, MDN and many documentation themes wrap each heading's whole text in a link to
    # its own fragment (<h2 id="x"><a href="#x">Title</a></h2>): the heading is not a link
    # to elsewhere. Counter-examples: the page's table of contents (links to the same
    # fragments) and a teaser heading linking to another page still count as links.
    sections = "".join(
        f"<h2 id='s{i}'><a class='header' href='#s{i}'>Section title {i}</a></h2>" + paras(i + 2, "Body", i)
        for i in range(3)
    )
    toc = "".join(f"<li><a href='#s{i}'>Section title {i}</a></li>" for i in range(3))
    html = (
        f"<html><body><div class='page'><main>{sections}</main>"
        f"<div class='toc'><ul>{toc}</ul></div>"
        "<div class='more'><h3><a href='/other-story'>Another story worth reading elsewhere</a></h3></div>"
        "</div></body></html>"
    )
    doc = cleaner.clean_document(cleaner.Document(id="x", raw=html, kind="html"))
    kept = [b for b in doc.blocks if b.kept]
    headings = [b.text for b in kept if b.kind is Kind.HEADING]
    assert headings == ["Section title 0", "Section title 1", "Section title 2"]
    assert not any("Another story" in b.text for b in kept)
    assert not any(b.kind is Kind.LIST_ITEM for b in kept)
