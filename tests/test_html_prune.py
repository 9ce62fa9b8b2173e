"""Pruning patterns: each with an example that is dropped and a counter-example that stays."""

from __future__ import annotations

import pytest
from html_helpers import para, paras

import cleaner
from cleaner.options import Options

OTHER = "Someone else wrote at length about the weather, the late trains and what happened at the market on Friday. "


def page(extra: str, *, body: str | None = None) -> str:
    article = body if body is not None else paras(5)
    return f"<html><head><title>Budget</title></head><body><article>{article}{extra}</article></body></html>"


BOILERPLATE = [
    (
        '<div class="sharedaddy sd-sharing-enabled"><p>Share this story with your friends on the networks</p></div>',
        "Share this story",
    ),
    ('<div id="comments" class="comments-area"><p>' + OTHER + "Great post, thanks!</p></div>", "Great post"),
    ('<div class="jp-relatedposts"><p>' + OTHER + "Related story.</p></div>", "Related story"),
    ('<div class="newsletter-signup"><p>Get our newsletter every morning in your inbox</p></div>', "newsletter every"),
    ('<div class="cookie-banner"><p>We use cookies to improve your experience on the site</p></div>', "We use cookies"),
    ("<aside><p>" + OTHER + "Sidebar text.</p></aside>", "Sidebar text"),
    ('<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News desk</a></li></ul></nav>', "News desk"),
    ('<div class="ad-container"><p>Advertisement content goes here</p></div>', "Advertisement content"),
    ("<p hidden>Hidden paragraph text</p>", "Hidden paragraph"),
    ('<p style="display: none">Invisible by style</p>', "Invisible by style"),
    ('<p aria-hidden="true">Aria hidden text</p>', "Aria hidden"),
    ("<form><p>Leave a Reply: your email address will not be published</p></form>", "Leave a Reply"),
    ('<div class="donation-box"><p>Support our journalism with a monthly gift today</p></div>', "Support our"),
    ("<noscript><p>" + OTHER + "Noscript copy.</p></noscript>", "Noscript copy"),
    ('<blockquote class="twitter-tweet"><p>Tweet text embedded here</p></blockquote>', "Tweet text"),
]


@pytest.mark.parametrize("extra,needle", BOILERPLATE)
def test_boilerplate_is_dropped(extra: str, needle: str) -> None:
    out = cleaner.clean_html(page(extra))
    assert "Paragraph 4." in out
    assert needle not in out


def test_wrapper_named_like_boilerplate_keeps_the_article() -> None:
    # Drupal and Blogger wrap whole pages in such classes.
    html = page("", body="")
    inner = paras(5)
    html = f'<html><body><div class="dialog-off-canvas-main-canvas"><div class="widget Blog">{inner}</div></div><div class="sidebar"><p>Side links</p></div></body></html>'  # noqa: E501
    out = cleaner.clean_html(html)
    assert "Paragraph 0." in out and "Paragraph 4." in out


def test_sections_named_like_the_wrapper_come_back_with_it() -> None:
    # Page builders name every cell alike ("widget-span"): once the wrapper holding most of
    # the prose is restored, its cells of the same name are the article's sections.
    cells = "".join(
        f'<div class="widget-span cell"><h3>Tip {i}</h3><p>{para(i)} {para(i + 1)} Section {i}.</p></div>'
        for i in range(4)
    )
    side = '<div class="sidebar"><p>Side</p></div>'
    html = f'<html><body><div class="widget-span row">{cells}</div>{side}</body></html>'
    out = cleaner.clean_html(html)
    assert "Section 0." in out and "Section 3." in out


def test_small_widget_inside_a_restored_wrapper_stays_out() -> None:
    inner = paras(6)
    widget = f'<div class="sidebar author-widget"><p>{OTHER}Author widget.</p></div>'
    html = f'<html><body><div class="for_sidebar section"><div class="text">{inner}</div>{widget}</div></body></html>'
    out = cleaner.clean_html(html)
    assert "Paragraph 5." in out and "Author widget." not in out


def test_class_spread_over_most_of_the_prose_is_a_naming_scheme() -> None:
    # Animation frameworks mark every widget "invisible" until a script reveals it.
    cells = "".join(f'<div class="widget-text anim invisible"><p>{para(i)} Part {i}.</p></div>' for i in range(5))
    html = f'<html><body><div class="page">{cells}</div></body></html>'
    out = cleaner.clean_html(html)
    assert "Part 0." in out and "Part 4." in out


def test_few_boxes_of_a_hiding_class_stay_out() -> None:
    inner = paras(6)
    hidden = f'<div class="sr-only"><p>{OTHER}Screen reader note.</p></div>'
    out = cleaner.clean_html(f"<html><body><article>{inner}{hidden}</article></body></html>")
    assert "Paragraph 5." in out and "Screen reader note." not in out


def test_taxonomy_classes_do_not_prune_the_post() -> None:
    inner = paras(5)
    html = f'<html><body><div class="post tag-advertising category-sponsored">{inner}</div></body></html>'
    assert "Paragraph 3." in cleaner.clean_html(html)


def test_content_class_overrides_sidebar_class() -> None:
    inner = paras(5)
    html = f'<html><body><div id="content" class="content has-sidebar">{inner}</div></body></html>'
    assert "Paragraph 2." in cleaner.clean_html(html)


def test_article_header_is_kept_page_header_is_not() -> None:
    html = (
        "<html><body><header><p>Site slogan for every page of the site</p></header><article>"
        f"<header><h1>Budget</h1><p>{OTHER}Lead paragraph.</p></header>" + paras(4) + "</article></body></html>"
    )
    out = cleaner.clean_html(html)
    assert "Lead paragraph." in out and "Site slogan" not in out


def test_captions_removed_by_default_kept_on_request() -> None:
    fig = '<figure class="wp-caption"><img src="a.jpg"><figcaption class="wp-caption-text">A heron at dawn</figcaption></figure>'  # noqa: E501
    html = page(fig)
    assert "A heron at dawn" not in cleaner.clean_html(html)
    assert "A heron at dawn" in cleaner.clean_html(html, options=Options(keep_captions=True))


def test_caption_in_plain_div_is_marked_caption() -> None:
    doc = cleaner.Document(id="x", raw=page('<div class="image-credit">Photo: Jane Doe</div>'), kind="html")
    cleaner.clean_document(doc)
    blocks = [b for b in doc.blocks if "Jane Doe" in b.text]
    assert blocks and blocks[0].kind is cleaner.Kind.CAPTION and not blocks[0].kept


def test_table_in_gutenberg_figure_is_kept() -> None:
    table = '<figure class="wp-block-table"><table><tr><td>Year</td><td>Budget</td></tr><tr><td>2024</td><td>1.2m</td></tr></table></figure>'  # noqa: E501
    out = cleaner.clean_html(page(table))
    assert "2024 | 1.2m" in out


def test_name_index_finds_the_groups_a_name_may_match() -> None:
    from cleaner.extract.html.patterns import NameIndex

    index = NameIndex.of([[r"\sshare-?(?:bar|buttons)\s", r"\sads?\s"], [r"entry-content"]])
    assert index.groups(" share-buttons ") == {0}
    assert index.groups(" entry-content ") == {1}
    assert 0 in index.groups(" ad ")
    # counter-examples: names holding no anchor are never searched
    assert index.groups(" post-title ") == set()
    assert index.groups(" sharp ") == set()


def test_name_index_agrees_with_the_regexes() -> None:
    from cleaner.extract.html.prune import _token, category_of

    assert category_of(" sharedaddy sd-sharing-enabled ") is not None
    assert category_of(" entry-content ") is None
    assert _token("wp-caption-text")[2]
    assert not _token("article-body")[2]


def test_the_caption_of_a_code_listing_or_table_is_text_not_an_image_caption() -> None:
    # A book's "Listing 4-1: ..." under its code (mdBook's <figure class="listing">) and a
    # table's title in a <figure> describe text the reader reads; counter-examples: the
    # caption of a photo and a credit line in a caption-named box of an image still go.
    listing = (
        "<figure class='listing'><pre><code>let s = String::from(\"hello\");</code></pre>"
        "<figcaption>Listing 4-1: A variable and the scope in which it is valid</figcaption></figure>"
    )
    table = (
        "<figure><table><tr><td>Year</td><td>Budget</td></tr><tr><td>2024</td><td>1.2m</td></tr></table>"
        "<figcaption>Table 2: The budget by year</figcaption></figure>"
    )
    spans = "".join(f"<span class='n'>v{i}</span> = {i}\n" for i in range(500))
    sphinx = (
        "<div class='literal-block-wrapper'><div class='code-block-caption'>Listing 2: Every setting</div>"
        f"<div class='highlight-python'><div class='highlight'><pre>{spans}</pre></div></div></div>"
    )
    photo = "<figure><img src='a.jpg'><figcaption>A heron at dawn on the river bank</figcaption></figure>"
    credit = "<div class='image-block'><img src='b.jpg'><div class='image-caption'>Photo: Jane Doe</div></div>"
    out = cleaner.clean_html(
        page(
            "",
            body=paras(3)
            + listing
            + paras(5, start=3)
            + table
            + paras(7, start=5)
            + sphinx
            + photo
            + credit
            + paras(10, start=7),
        )
    )
    assert "Listing 4-1: A variable and the scope in which it is valid" in out
    assert "Table 2: The budget by year" in out and "Listing 2: Every setting" in out
    assert "heron" not in out and "Jane Doe" not in out


def test_the_parts_of_a_restored_box_named_block__element_come_back_with_it() -> None:
    # BEM naming: every part of a "product-details-modal" box is "product-details-modal__..."
    # and matched the box's category again; a part that holds no paragraph of its own (a <p>,
    # an <h2>) was dropped for good, so restoring the box brought back an empty shell.
    # Counter-example: a small popup of the same naming on an article page stays out.
    parts = "".join(f"<p class='pd-modal__paragraph'>{para(i)} Detail {i}.</p>" for i in range(5))
    details = (
        "<div class='pd-modal'><h2 class='pd-modal__title'>Product details</h2>"
        f"<div class='pd-modal__body'>{parts}</div></div>"
    )
    html = f"<html><body><main><h1>Shelf unit</h1><p>In stock.</p>{details}</main></body></html>"
    out = cleaner.clean_html(html)
    assert "Detail 0." in out and "Detail 4." in out and "Product details" in out
    popup = (
        "<div class='nl-popup'><p class='nl-popup__text'>"
        "Get ten percent off your first order when you join us today.</p></div>"
    )
    out = cleaner.clean_html(page(popup))
    assert "Paragraph 4." in out and "ten percent" not in out
