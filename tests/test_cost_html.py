"""Hostile HTML markup (issue 7): formerly quadratic or unbounded inputs end with a sensible
result, and every cut made by the caps of ``cleaner.extract.html.limits`` is recorded.

The pages are generated here at the sizes that used to take minutes; the tests assert the
output and the recorded reasons, not the time.
"""

from __future__ import annotations

import pytest
from html_helpers import para

import cleaner
from cleaner.extract.html import extract_html
from cleaner.extract.html import limits as L
from cleaner.extract.html.blocks import walk
from cleaner.extract.html.parse import body_of, parse
from cleaner.model import Document, Kind
from cleaner.options import Options


def _extract(html: str | bytes) -> Document:
    doc = Document(id="x", raw=html, kind="html")
    extract_html(doc, Options())
    return doc


def _page(body: str) -> str:
    return f"<html><head><title>Hostile page</title></head><body>{body}</body></html>"


ARTICLE = "".join(f"<p>{para(i)}</p>" for i in range(4))


# --- <br> lines -------------------------------------------------------------------------


def test_many_br_lines_in_one_paragraph_are_joined_in_linear_time() -> None:
    # 200,000 lines: gluing them one by one onto the growing block took minutes at 80,000.
    n = 200_000
    doc = _extract(_page("<p>" + "<br>".join(f"ledger {i}" for i in range(n)) + "</p>"))
    texts = [b.text for b in doc.blocks]
    assert len(texts) == 1
    assert texts[0].startswith("ledger 0 ledger 1 ") and texts[0].endswith(f"ledger {n - 1}")


def test_br_still_splits_sentences_and_joins_continuations() -> None:
    doc = _extract(_page("<p>The first line ends here.<br>Second line starts anew<br>and goes on</p>" + ARTICLE))
    texts = [b.text for b in doc.blocks]
    assert "The first line ends here." in texts
    assert "Second line starts anew and goes on" in texts


# --- attributes -------------------------------------------------------------------------


def test_tag_with_500k_attributes_is_capped_and_recorded() -> None:
    attrs = " ".join(f'data-a{i}="{i}"' for i in range(500_000))
    doc = _extract(_page(f'<div class="story" {attrs}>{ARTICLE}</div>'))
    assert doc.context[L.TRUNCATED] == {L.ATTRIBUTES_REASON: 1}
    assert para(0) in [b.text for b in doc.blocks if b.kept]
    assert f"[html_limits] pathological markup cut: {L.ATTRIBUTES_REASON} 1" in cleaner.explain(doc)


def test_attribute_cap_keeps_the_first_attributes() -> None:
    # The class comes first, so the capped tag is still pruned as a sidebar.
    attrs = " ".join(f"x{i}" for i in range(1000))
    doc = _extract(_page(f'<div class="sidebar" {attrs}><p>Sidebar words here.</p></div><article>{ARTICLE}</article>'))
    assert L.ATTRIBUTES_REASON in doc.context[L.TRUNCATED]
    kept = " ".join(b.text for b in doc.blocks if b.kept)
    assert "Sidebar words" not in kept and para(1) in kept


@pytest.mark.parametrize(
    "tag",
    [
        b'<div a="1"b="2" "c d e">',
        b"<div title='a > b' data-x=\"<p>\" hidden>",
        b"<img src=x alt = 'y' / class=z>",
        b"<p " + b" ".join(b"a%d" % i for i in range(L.MAX_ATTRIBUTES)) + b">",
    ],
)
def test_tags_within_the_cap_are_untouched(tag: bytes) -> None:
    data = b"<body>" + tag + b"text</body>"
    notes: dict[str, int] = {}
    assert L.cap_attributes(data, notes) is data and notes == {}


def test_attribute_cap_counts_like_the_html5_tokenizer() -> None:
    # No whitespace between quoted attributes, quotes and "<" inside names and values: libxml2
    # (HTML5 tokenizer) sees one attribute per item, and so does the cap.
    n = L.MAX_ATTRIBUTES + 50
    for sep in (b"", b" "):
        items = sep.join(b'a%d="<v>"' % i for i in range(n))
        notes: dict[str, int] = {}
        out = L.cap_attributes(b"<div " + items + b">text</div>", notes)
        assert notes == {L.ATTRIBUTES_REASON: 1}
        from lxml import etree

        div = etree.fromstring(out, etree.HTMLParser()).find(".//div")
        assert len(div.attrib) == L.MAX_ATTRIBUTES and div.text == "text"


def test_scripts_and_comments_are_not_read_as_tags() -> None:
    # "i<n; ..." in a script or a commented-out tag is text to the tokenizer, not a tag.
    words = " ".join(f"w{i}" for i in range(300))
    for text in (b"<script>for (i=0; i<n; i++) { %s }</script>", b"<!-- <div %s> -->", b"<TITLE>a <b %s</title>"):
        data = b"<body>" + text % words.encode() + b"<p>after</p></body>"
        assert L.cap_attributes(data, {}) is data
    many = " ".join(f"a{i}" for i in range(500)).encode()
    data = b"<script " + many + b">x</script><!-- c --><div " + many + b">y</div>"
    notes: dict[str, int] = {}
    out = L.cap_attributes(data, notes)
    assert notes == {L.ATTRIBUTES_REASON: 2}
    assert out.count(b" a127") == 2 and b" a128" not in out and out.endswith(b">y</div>")


def test_attribute_scan_of_many_open_brackets_ends() -> None:
    notes: dict[str, int] = {}
    out = L.cap_attributes(b"<a " * 300_000 + b"tail", notes)  # one tag with 300k "<a" attributes
    assert notes == {L.ATTRIBUTES_REASON: 1} and len(out) < 2_000
    data = (b"<x " + b"a " * 15 + b">") * 50_000  # tags just under the scan threshold
    assert L.cap_attributes(data, {}) is data


# --- element count, depth, blocks -------------------------------------------------------


def test_tag_cap_cuts_the_page_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(L, "MAX_TAGS", 10)
    notes: dict[str, int] = {}
    data = b"".join(b"<p>line %d" % i for i in range(100))
    out = L.cap_tags(data, notes)
    assert out == b"".join(b"<p>line %d" % i for i in range(10)) and notes == {L.TAGS_REASON: 1}
    assert L.cap_tags(out, {}) is out


def test_a_million_br_is_cut_at_the_tag_cap() -> None:
    doc = _extract(_page("<p>" + "<br>".join(f"row {i}" for i in range(1_000_000)) + "</p>"))
    assert doc.context[L.TRUNCATED] == {L.TAGS_REASON: 1}
    (block,) = doc.blocks
    assert block.text.startswith("row 0 row 1 ") and "row 400000" in block.text and "row 999999" not in block.text


def test_nesting_deeper_than_the_block_cap_is_flattened() -> None:
    depth = 150  # below libxml2's limit (256), above MAX_BLOCK_DEPTH
    html = _page("<div>" * depth + ARTICLE + "</div>" * depth).encode()
    body = body_of(parse(html.decode(), html))
    result = walk(body)
    assert max(len(b.chain) for b in result.blocks) == L.MAX_BLOCK_DEPTH
    assert result.truncated == {L.DEPTH_REASON: depth + 5 - L.MAX_BLOCK_DEPTH}  # body + 150 divs + 4 p
    assert [b.text for b in result.blocks] == [para(i) for i in range(4)]


def test_rows_under_deep_nesting_cost_no_stack_scan_each() -> None:
    # Finding the enclosing table scanned the element stack for every <tr> (depth x rows).
    n = 50_000
    doc = _extract(_page("<div>" * 250 + "".join(f"<tr><td>row {i}</td></tr>" for i in range(n))))
    assert [b.text for b in doc.blocks] == [f"row {i}" for i in range(n)]
    html = _page("<div>" * 50 + "<table>" + "<tr><td>a</td><td>b</td></tr>" * 3 + "</table>" + ARTICLE)
    assert [b.kind.value for b in _extract(html).blocks][:3] == ["table_row"] * 3


@pytest.mark.parametrize("opener,closer,n", [("<div>", "</div>", 100_000), ("<b>", "</b>", 1_000_000)])
def test_deep_nesting_ends_with_the_text_and_a_named_reason(opener: str, closer: str, n: int) -> None:
    doc = _extract(_page("<p>" + opener * n + para(0) + closer * n + "</p>"))
    assert para(0) in [b.text for b in doc.blocks]
    assert doc.context[L.TRUNCATED] == {L.PARSER_DEPTH_REASON: 1}


def test_many_blocks_stop_at_the_block_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaner.extract.html.blocks as blocks_mod

    monkeypatch.setattr(blocks_mod, "MAX_BLOCKS", 50)
    doc = _extract(_page("".join(f"<p>Entry {i}</p>" for i in range(200))))
    assert [b.text for b in doc.blocks] == [f"Entry {i}" for i in range(50)]
    assert doc.context[L.TRUNCATED] == {L.BLOCKS_REASON: 1}


def test_100k_sibling_paragraphs_are_all_extracted() -> None:
    n = 100_000
    doc = _extract(_page("".join(f"<p>Entry {i} of the ledger.</p>" for i in range(n))))
    assert [b.text for b in doc.blocks] == [f"Entry {i} of the ledger." for i in range(n)]
    assert L.TRUNCATED not in doc.context


# --- the tag-stripping fallback ---------------------------------------------------------


@pytest.mark.parametrize("junk", ["<script>" * 100_000, "<" * 1_000_000, "<p " * 300_000, "<style>x" * 100_000])
def test_fallback_for_too_deep_pages_is_linear_on_unclosed_markup(junk: str) -> None:
    # Deeper than libxml2 allows, so the page goes to the tag-stripping fallback.
    out = cleaner.clean_html("<div>" * 300 + ARTICLE + junk)
    assert para(0) in out


def test_normal_pages_record_nothing() -> None:
    doc = _extract(_page(f"<article><h1>Title</h1>{ARTICLE}</article>"))
    assert L.TRUNCATED not in doc.context


# --- hidden elements in the regex fallback (issue 23.9) ---------------------------------


@pytest.mark.parametrize(
    ("page", "kept"),
    [
        ("<p>" + "none hidden " * 500_000 + "</p>", "none hidden none"),  # hiding words in text: one tag read
        ("<p hidden>x</p>y" * 200_000 + "<p>end</p>", "end"),  # many hidden siblings, each tail kept
        ('<p hidden title="' + "<b>x</b>" * 200_000 + "<p>end</p>", None),  # unclosed quote
        ("<span hidden>" * 200_000 + "x", None),  # unclosed hidden nesting: to the end
        ("<dialog><dialog>" * 100_000 + "</dialog>" * 200_000 + "<p>end</p>", "end"),
    ],
    ids=["words", "siblings", "open-quote", "open-nesting", "nested-dialogs"],
)
def test_hidden_markup_in_the_regex_fallback_is_dropped_in_linear_time(page: str, kept: str | None) -> None:
    from cleaner.extract.html.parse import _drop_hidden

    out = _drop_hidden(page)
    assert "x" not in out
    if kept is not None:
        assert kept in out
    if page.startswith("<p hidden>"):
        assert out.count("y") == 200_000


def test_parts_named_after_many_nested_pruned_boxes_cost_a_bounded_check_each() -> None:
    # A part of a pruned box named after it (BEM: modal__text in modal) follows the box's
    # verdict; the check compares names, so boxes nested 60 deep with a thousand names each
    # and thousands of thousand-name parts were a billion comparisons: only the first names
    # of an element and of its three innermost boxes are compared.
    names = " ".join(f"n{i}" for i in range(1000))
    boxes = "".join(f"<div class='modal{i} {names}'>" for i in range(60))
    parts = "".join(f"<p class='{names} modal59__text'>Part {i} of a dialog.</p>" for i in range(3000))
    doc = _extract(_page(ARTICLE + boxes + "<p>x</p>" + parts + "</div>" * 60))
    kept = [b.text for b in doc.blocks if b.kept]
    assert all(para(i) in kept for i in range(4)) and not any(t.startswith("Part ") for t in kept)


def test_many_captions_in_one_box_cost_a_bounded_look_each() -> None:
    # Whether a caption is a code listing's looks at what its parent holds: 30,000 captions
    # in one box were each a scan of all their siblings (900 million looks); now at most
    # 300 elements each, and every one is still an image's caption.
    n = 30_000
    wide = "<div>" + "<img src='a.jpg'><div class='caption'>Photo credit line here</div>" * n + "</div>"
    doc = _extract(_page(ARTICLE + wide))
    credits = [b for b in doc.blocks if b.text == "Photo credit line here"]
    assert len(credits) == n and all(b.kind is Kind.CAPTION for b in credits)
