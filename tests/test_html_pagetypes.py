"""Page types beyond news (issue 8): no verdict may empty a page, threads are content.

Each mechanism has a case that failed before and a counter-example that must not change.
"""

from __future__ import annotations

from html_helpers import para, paras

import cleaner


def posts(n: int, box: str = "comment") -> str:
    return "".join(
        f'<article class="{box} post"><aside class="author">user{i}</aside>'
        f'<div class="{box}-content"><p>{para(i)} Post {i}.</p></div></article>'
        for i in range(n)
    )


def wrap(body: str, head: str = "") -> str:
    return f"<html><head><title>Topic</title>{head}</head><body>{body}</body></html>"


# -- mechanism 2: a thread's posts in a box classed like comments --------------------------------


def test_thread_in_a_comment_box_is_the_content() -> None:
    html = wrap(f'<main><h1>Kiln stalls</h1><div class="comments topic">{posts(4)}</div></main>')
    out = cleaner.clean_html(html)
    for i in range(4):
        assert f"Post {i}." in out


def test_comments_after_a_short_article_stay_out() -> None:
    article = f'<article><div class="entry-content"><p>{para(5)} Article.</p></div></article>'
    html = wrap(f'<main>{article}<section id="comments" class="comments-area">{posts(5)}</section></main>')
    out = cleaner.clean_html(html)
    assert "Article." in out
    assert "Post 0." not in out and "Post 4." not in out


def test_comments_after_a_long_article_stay_out() -> None:
    article = paras(4, "Article")
    html = wrap(f'<div class="story">{article}</div><div class="comment-list">{posts(6)}</div>')
    out = cleaner.clean_html(html)
    assert "Article 3." in out and "Post 0." not in out


def test_one_paragraph_cookie_notice_is_never_the_content() -> None:
    notice = '<div class="cookie-notice"><p>' + para(2) + " We use cookies.</p></div>"
    out = cleaner.clean_html(wrap(notice + '<p><a href="/">Home</a></p>'))
    assert "We use cookies." not in out


# -- mechanism 1: consent-like component classes, noscript, button parents (hidden stays hidden) ---------


def test_component_classes_named_like_a_consent_box_keep_the_page() -> None:
    sections = "".join(f'<div class="cmp-text"><p>{para(i)} Section {i}.</p></div>' for i in range(3))
    html = wrap(f'<div class="cmp-container"><h1>Service</h1>{sections}</div>')
    out = cleaner.clean_html(html)
    assert "Section 0." in out and "Section 2." in out


def test_a_component_box_beside_the_main_text_is_no_consent_box() -> None:
    # Adobe Experience Manager names every component cmp-*: a product feature box beside the
    # page's main text was pruned as a cookie box.  Counter-example: a consent box named so.
    main = "".join(f"<p>{para(i)} Main {i}.</p>" for i in range(4))
    box = "".join(f'<div class="cmp-text"><p>{para(i + 4)} Feature {i}.</p></div>' for i in range(2))
    consent = f'<div class="cmp-consent-banner"><p>{para(9)} Accept all.</p></div>'
    html = wrap(f'<main><div class="body">{main}</div><section class="cmp-layout">{box}</section></main>{consent}')
    out = cleaner.clean_html(html)
    assert "Feature 0." in out and "Feature 1." in out
    assert "Accept all." not in out


def test_posts_only_in_noscript_are_read() -> None:
    html = wrap(f'<div id="app"></div><noscript><div id="main-outlet">{posts(3, "crawler-post")}</div></noscript>')
    out = cleaner.clean_html(html)
    assert "Post 0." in out and "Post 2." in out


def test_noscript_copy_of_a_present_article_stays_out() -> None:
    article = paras(3)
    html = wrap(f"<article>{article}</article><noscript><p>{para(6)} Noscript copy.</p></noscript>")
    out = cleaner.clean_html(html)
    assert "Paragraph 2." in out and "Noscript copy." not in out


def test_page_hidden_until_a_script_runs_stays_hidden() -> None:
    # Hidden is hidden on every path, the recall pass too (issue 23.9): a page whose content
    # only a script reveals comes out empty rather than let hidden text in.
    body = paras(3, "Feature")
    html = wrap(f'<div class="product" style="display:none"><h1>Flask</h1>{body}</div>')
    out = cleaner.clean_html(html)
    assert "Feature 0." not in out and "Feature 2." not in out


def test_hidden_copy_beside_a_visible_article_stays_out() -> None:
    article = paras(3)
    html = wrap(f"<article>{article}</article><div hidden><p>{para(6)} Hidden copy.</p></div>")
    out = cleaner.clean_html(html)
    assert "Paragraph 2." in out and "Hidden copy." not in out


def test_page_nested_in_a_button_by_broken_markup_is_read() -> None:
    body = paras(3)
    out = cleaner.clean_html(wrap(f"<button><div>{body}</div></button>"))
    assert "Paragraph 0." in out and "Paragraph 2." in out


def test_prose_no_container_wins_still_comes_out() -> None:
    # Prose scattered in small boxes among link lists: the baseline keeps the prose.
    links = "".join(f'<li><a href="/{i}">Category link number {i}</a></li>' for i in range(40))
    html = wrap(f'<div class="x"><ul>{links}</ul><section class="sidebar"><p>{para(1)} Lone.</p></section></div>')
    out = cleaner.clean_html(html)
    assert "Lone." in out


def _job_rows(n: int) -> str:
    titles = ("Kiln works", "Harbour Robotics", "Fennel Labs", "Quarry Data", "Moss & Lime", "Tidewater")
    rows = "".join(
        f'<tr class="row"><td>{i + 1}.</td><td><a href="/j/{i}">{titles[i % 6]} is hiring a '
        f"{('backend', 'design', 'support')[i % 3]} engineer in "
        f"{('Leeds', 'Porto', 'Gdansk')[i % 3]} ({i})</a></td></tr>"
        f'<tr><td></td><td class="age">{i + 2} hours ago</td></tr>'
        for i in range(n)
    )
    return f"<table class='items'>{rows}</table>"


def test_page_that_is_only_a_table_of_links_keeps_its_rows() -> None:
    # A job board or a chart: no prose anywhere, the list of linked items is the content.
    out = cleaner.clean_html(wrap(f"<div><a href='/'>Home</a> | <a href='/new'>new</a></div>{_job_rows(12)}"))
    assert "Kiln works is hiring a backend engineer in Leeds (0)" in out
    assert "Tidewater is hiring" in out and "13 hours ago" in out


def test_list_inside_a_form_is_read_when_nothing_else_is() -> None:
    # Some sites wrap their result table in a <form> (sortable, selectable rows).
    out = cleaner.clean_html(wrap(f"<form action='/sort'>{_job_rows(12)}</form>"))
    assert "Harbour Robotics is hiring" in out


def test_short_run_of_links_is_not_made_content() -> None:
    # Counter-example: a login wall with a handful of links has nothing to say.
    links = "".join(f'<li><a href="/{i}">Link {i}</a></li>' for i in range(6))
    out = cleaner.clean_html(wrap(f"<form><label>Email</label><input></form><ul>{links}</ul>"))
    assert "Link 3" not in out


def test_table_of_links_beside_an_article_stays_out() -> None:
    # Counter-example: with prose on the page, a table of links is no listing to keep.
    html = wrap(f"<article><h1>Harbour news</h1>{paras(4)}</article><aside>{_job_rows(12)}</aside>")
    out = cleaner.clean_html(html)
    assert "Paragraph 3." in out and "is hiring" not in out


def test_recall_pass_is_deterministic() -> None:
    html = wrap(f'<div id="app"></div><noscript>{posts(3, "crawler-post")}</noscript>')
    assert cleaner.clean_html(html) == cleaner.clean_html(html)


# -- mechanism 5: an embedded social post inside the body is quoted content ---------------------

TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en">Stood on the slipway at ten to six with thirty other people '
    "and no boat came, nobody told us anything.</p>— Morag (@morag) "
    '<a href="https://x.example/morag/status/1">March 2, 2026</a></blockquote>'
)


def test_embedded_post_among_the_paragraphs_is_kept() -> None:
    before = paras(3)
    after = paras(5, start=3)
    wrapper = f'<div class="wp-block-embed__wrapper">{TWEET}</div>'
    figure = f'<figure class="wp-block-embed wp-block-embed-twitter">{wrapper}</figure>'
    html = wrap(f'<article><div class="entry-content">{before}{figure}{after}</div></article>')
    out = cleaner.clean_html(html)
    assert "Stood on the slipway" in out and "Paragraph 4." in out


def test_video_embed_placeholder_among_the_paragraphs_stays_out() -> None:
    # Counter-example: an embed that is not a post (a video's consent placeholder, no heading).
    note = "<p>Click here to load the video; the provider may set cookies when it plays.</p>"
    figure = f'<figure class="wp-block-embed wp-block-embed-youtube"><div class="oembed">{note}</div></figure>'
    html = wrap(f'<article><div class="entry-content">{paras(3)}{figure}{paras(5, start=3)}</div></article>')
    out = cleaner.clean_html(html)
    assert "Paragraph 4." in out and "load the video" not in out


def test_embedded_post_in_a_sidebar_stays_out() -> None:
    body = paras(5)
    html = wrap(f'<article>{body}</article><aside class="sidebar"><div class="social-feed">{TWEET}</div></aside>')
    out = cleaner.clean_html(html)
    assert "Paragraph 4." in out and "Stood on the slipway" not in out


def test_share_bar_among_the_paragraphs_stays_out() -> None:
    body = paras(5)
    share = '<div class="social-share"><a href="/fb">Share on Facebook</a> <a href="/x">Post to X</a></div>'
    out = cleaner.clean_html(wrap(f"<article>{body[:300]}{share}{body[300:]}</article>"))
    assert "Share on Facebook" not in out


def test_consent_placeholder_for_an_embed_stays_out() -> None:
    body = paras(5)
    holder = (
        '<div class="social-embed"><h3>Recommended external content</h3><p>At this point you will find external '
        "content from a social network that complements the article; you can show it with one click.</p></div>"
    )
    out = cleaner.clean_html(wrap(f"<article>{body[:300]}{holder}{body[300:]}</article>"))
    assert "Paragraph 4." in out and "external content" not in out


def test_short_article_does_not_take_in_the_sidebar_widgets() -> None:
    # A short post (one paragraph and a list) beside an <aside> of text widgets: the second
    # pass must not lift the widgets' class verdicts inside the element that says it is aside.
    items = "".join(f"<li>Setting {i}: value {i}</li>" for i in range(8))
    post = f'<article><div class="entry-content"><p>{para(2)}</p><ul>{items}</ul></div></article>'
    widgets = "".join(f'<div class="widget widget_text"><p>{para(i)} Widget {i}.</p></div>' for i in range(3))
    out = cleaner.clean_html(wrap(f"<main>{post}</main><aside>{widgets}</aside>"))
    assert para(2) in out and "Widget 0." not in out


# -- mechanism 6: a line repeated by a distinct section stays, a second copy goes -----------------

_Q = "What did the flood change for the ferry crossing?"


def test_a_question_asked_again_in_another_section_stays() -> None:
    body = f"<h2>Monday</h2><p>{_Q}</p>{paras(2)}<h2>Friday</h2><p>{_Q}</p><p>{para(5)} Answer.</p>"
    out = cleaner.clean_html(wrap(f"<article><h1>Interview</h1>{body}</article>"))
    assert out.count(_Q) == 2


def test_a_second_copy_of_the_body_goes() -> None:
    # Counter-example: two blocks in a row that repeat the body are a copy of it.
    body = paras(4)
    out = cleaner.clean_html(wrap(f"<article><h1>Flood</h1>{body}<div class='print'>{paras(2)}</div></article>"))
    assert out.count("Paragraph 0.") == 1 and out.count("Paragraph 1.") == 1


def test_a_reply_quoting_a_post_loses_the_quote() -> None:
    # Counter-example: a quote repeating an earlier post is a repeat even alone.
    first = f"<div class='post'><p>{para(3)} Original.</p></div>"
    reply = f"<div class='post'><blockquote><p>{para(3)} Original.</p></blockquote><p>{para(5)} Reply.</p></div>"
    out = cleaner.clean_html(wrap(f"<main><h1>Thread</h1>{first}{reply}</main>"))
    assert out.count("Original.") == 1 and "Reply." in out


def test_a_paragraph_repeated_on_its_own_goes_but_a_question_stays() -> None:
    """An ad or a promo paragraph repeated down a page is a repeated body paragraph (15 words
    or more ending like a sentence) even on its own; a short line a section repeats stays
    (the question above)."""
    promo = (
        "Stop overpaying for your ferry pass: our deals desk finds the cheapest crossings every "
        "week and sends them to you before anyone else."
    )
    body = f"<p>{promo}</p>{paras(2)}<h2>More</h2><p>{promo}</p><p>{para(5)} Closing.</p>"
    out = cleaner.clean_html(wrap(f"<article><h1>Ferry deals</h1>{body}</article>"))
    assert out.count("Stop overpaying") == 1 and "Closing." in out


def test_templated_items_of_one_list_are_no_near_repeats() -> None:
    # An API reference: entries that differ in one word are items, not copies of each other.
    kinds = ("directory", "regular file", "symbolic link", "block device", "character device")
    entries = "".join(
        f"<dt>is_{k.replace(' ', '_')}()</dt><dd><p>Return True if the path points to a {k} (or a symbolic "
        f"link pointing to a {k}), False if it points to another kind of file.</p></dd>"
        for k in kinds
    )
    out = cleaner.clean_html(wrap(f"<main><h1>Paths</h1><p>{para(1)}</p><dl>{entries}</dl></main>"))
    assert all(f"points to a {k} (or" in out for k in kinds)


def test_a_near_copy_elsewhere_on_the_page_still_goes() -> None:
    # Counter-example: the same paragraph, lightly edited, in an excerpt box above the article.
    lead = para(2) + " The council will vote on the plan in March."
    excerpt = para(2) + " The council will vote on the plan in April."
    html = wrap(f"<div class='excerpt'><p>{excerpt}</p></div><article><h1>Plan</h1><p>{lead}</p>{paras(3)}</article>")
    assert cleaner.clean_html(html).count(para(2)) == 1


def test_two_entries_of_one_list_may_say_the_same() -> None:
    # An API reference: two parameters with the same description are two entries, not a copy.
    desc = "Set of key-value pairs that you can attach to an object, useful for storing extra data."
    items = "".join(
        f"<li><h4>{name}</h4><p>{para(i)}</p></li><li>{desc}</li>" for i, name in enumerate(("metadata", "tags"))
    )
    out = cleaner.clean_html(wrap(f"<main><h1>Charges</h1><p>{para(5)}</p><ul class='params'>{items}</ul></main>"))
    assert out.count(desc) == 2


def test_a_list_printed_again_elsewhere_goes() -> None:
    # Counter-example: the same run of entries printed a second time in another box.
    entries = "".join(f"<li>{para(i)} Entry {i}.</li>" for i in range(3))
    html = wrap(f"<main><h1>Guide</h1><ul>{entries}</ul><div class='again'><ol>{entries}</ol></div></main>")
    assert cleaner.clean_html(html).count("Entry 1.") == 1
