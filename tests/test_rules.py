"""One test per rule: a real example it must remove and a counter-example that must stay.

Examples come from real scraped pages (the seed, WordPress dumps); counter-examples are
article text that looks like the boilerplate.
"""

from __future__ import annotations

import random
import re

import pytest

import cleaner
from cleaner import Document, Options
from cleaner.extract.language import guess_language
from cleaner.pipeline import process
from cleaner.rules import BY_NAME, RULE_NAMES
from cleaner.rules.images import is_file_name
from cleaner.rules.testing import run_rule
from cleaner.textnorm import ends_like_sentence
from cleaner.textshape import PROSE_WORDS, is_prose_text, looks_like_code

BODY = (
    "The current number of North Koreans entering Thailand from Laos is around 2,000 a year "
    "and rising, according to immigration sources."
)
BODY2 = (
    "No wonder that Pyongyang now tries to cut off this escape route in befriended Laos. The "
    "countries established diplomatic ties in 1974."
)


def run(*chunks: str, options: Options | None = None) -> Document:
    """Clean a dump made of the chunks (blank-line separated) around two body paragraphs.

    The page is taken to be in the chunks' language (rules match that language's phrases
    plus English): a German chunk stands for a German page around English filler."""
    raw = "\n\n".join(["A title for the test", BODY, *chunks, BODY2])
    language = guess_language(chunks[:1])
    doc = Document(id="t", raw=raw, kind="text", language=language if language != "en" else None)
    return process(doc, options)


def removed_by(doc: Document) -> dict[str, str]:
    """Removed block text -> rule name."""
    return {b.text: b.removal.rule for b in doc.blocks if b.removal is not None}


def kept(doc: Document) -> list[str]:
    return [b.kept_text for b in doc.kept_blocks]


def assert_removed(chunk: str, rule: str) -> None:
    doc = run(chunk)
    got = removed_by(doc)
    assert got.get(chunk) == rule, f"{chunk!r} should be removed by {rule}, got {got}"
    assert BODY in kept(doc) and BODY2 in kept(doc)


def assert_kept(chunk: str) -> None:
    doc = run(chunk)
    assert chunk in kept(doc), f"{chunk!r} should stay; removed: {removed_by(doc)}"


# --- shortcodes -------------------------------------------------------------------------


def test_shortcode_caption_cut_and_caption_harvested() -> None:
    excerpt = (
        '[caption id="attachment_27858" align="alignleft" width="300"]<img src="x.jpg" /> North Korean '
        "defectors get detained by Chinese soldiers[/caption] A museum opened in Cambodia last December."
    )
    doc = run(excerpt, "North Korean defectors get detained by Chinese soldiers")
    assert "A museum opened in Cambodia last December." in kept(doc)
    assert removed_by(doc)["North Korean defectors get detained by Chinese soldiers"] == "caption"


@pytest.mark.parametrize(
    "text,expected",
    [
        ('[gallery ids="12,13,14"] The market reopened on Monday.', "The market reopened on Monday."),
        ("[embed]https://www.youtube.com/watch?v=abc[/embed] Watch the ceremony.", "Watch the ceremony."),
        ('[contact-form-7 id="12" title="Contact"]', ""),
        ('[video mp4="clip.mp4"][/video] The clip shows the crossing.', "The clip shows the crossing."),
        ('[su_highlight color="#ff0"]Prices rose 4%[/su_highlight] in March.', "Prices rose 4% in March."),
    ],
)
def test_shortcodes_removed(text: str, expected: str) -> None:
    doc = run(text)
    assert (expected in kept(doc)) if expected else all("contact-form" not in k for k in kept(doc))


@pytest.mark.parametrize(
    "text",
    [
        "The minister said the treaty was “fully compliant [sic] with international law.”",
        "Exports fell 12 per cent in the second quarter.[1]",
        "The dam will be finished in 2030 [Editor's note: the date was later moved to 2032] officials said.",
        "He wrote [note to self] on the back of the ticket and kept it for years.",
    ],
)
def test_shortcode_lookalikes_stay(text: str) -> None:
    assert_kept(text)


# --- images -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "chunk",
    [
        "North Korean defectors Thailand1\nNorth Korean defectors get detained by Chinese soldiers",
        "North_Korean_defector_routes_map\nEscape routes: Thailand is a hub for North Korean defectors",
        "IMG_2041.JPG\nThe ferry at Huay Xai at dawn",
        "mekong-crossing-1024x683.jpg\nCrossing the Mekong near Chiang Khong",
    ],
)
def test_alt_text_and_caption_removed(chunk: str) -> None:
    doc = run(chunk)
    label, caption = chunk.split("\n")
    # A file-name line is alt text on its own; a bare label is known by the pair it forms.
    assert removed_by(doc).get(label) == ("alt_text" if is_file_name(label) else "image_pair")
    assert removed_by(doc).get(caption) == "image_pair"


def test_subheading_with_paragraph_is_not_a_caption_pair() -> None:
    doc = run("The route through Laos\nRefugees cross into Laos from Yunnan and travel south by bus.")
    assert "The route through Laos" in kept(doc)


def test_keep_captions_option() -> None:
    doc = run("IMG_2041.JPG\nThe ferry at Huay Xai at dawn", options=Options(keep_captions=True))
    assert "The ferry at Huay Xai at dawn" in kept(doc)


# --- appeals ----------------------------------------------------------------------------

APPEAL = [
    "Support ASEAN news",
    "Investvine has been a consistent voice in ASEAN news for more than a decade. From breaking news to "
    "exclusive interviews, we have brought you factual and engaging reports, free of charge.",
    "Support us now with a donation of your choosing. Your contribution will help us shine a light on "
    "important ASEAN stories.",
]


def test_appeal_box_with_heading_removed() -> None:
    doc = run(*APPEAL)
    got = removed_by(doc)
    assert all(got.get(p) == "appeal" for p in APPEAL), got


@pytest.mark.parametrize(
    "text",
    [
        "Donations to the Red Cross rose 20 per cent last year, and the charity said it would support "
        "flood victims in the north with the money.",
        "“Please donate whatever you can,” the organisers told the crowd, adding that every donation "
        "would go to the families.",
        "Support for the bill grew after the floods.",
    ],
)
def test_article_about_donations_stays(text: str) -> None:
    assert_kept(text)


def test_patreon_appeal_removed() -> None:
    assert_removed("Become a patron on Patreon and help us keep this site free for everyone.", "appeal")


# --- buttons, share, newsletter, tags ------------------------------------------------------


@pytest.mark.parametrize("text", ["Donate now", "Read More", "Continue reading →", "Advertisement"])
def test_buttons_removed(text: str) -> None:
    assert_removed(text, "button")


@pytest.mark.parametrize(
    "text",
    [
        "Sponsored by Harbour Bank",
        "Article continues below",
        "Scroll down to keep reading",
        "Ads",
    ],
)
def test_ad_labels_and_interstitials_by_their_vocabulary(text: str) -> None:
    assert_removed(text, "button")


@pytest.mark.parametrize(("text", "language"), [("Werbung", "de"), ("Publicité", "fr"), ("Reklama", "pl")])
def test_ad_labels_in_the_pages_language(text: str, language: str) -> None:
    doc = run_rule("button", f"{BODY}\n\n{text}\n\n{BODY2}", language=language)
    assert removed_by(doc) == {text: "button"}


@pytest.mark.parametrize("text", ["Paid leave", "The story so far", "Scroll down to see the map of the route"])
def test_headings_with_words_of_their_own_are_no_ad_labels(text: str) -> None:
    assert_kept(text)


def test_syndication_note_is_promo_but_a_sentence_about_a_first_publication_stays() -> None:
    assert_removed("This article was originally published on Harbour Post.", "promo")
    assert_kept("The study was first published in Nature in 2019, the authors said on Monday.")


def test_read_more_tail_cut_but_sentence_kept() -> None:
    doc = run("The river has changed since the dams were built upstream... Read More")
    assert "The river has changed since the dams were built upstream..." in kept(doc)
    assert_kept("After the trip he said he wanted to read more about the history of the region.")


@pytest.mark.parametrize(
    "text", ["Share this:", "Click to share on Twitter (Opens in new window)", "Facebook Twitter LinkedIn WhatsApp"]
)
def test_share_removed(text: str) -> None:
    assert_removed(text, "share")


def test_share_counter_example() -> None:
    assert_kept("Facebook and Twitter were fined by the regulator for failing to remove the posts.")


@pytest.mark.parametrize(
    "text",
    [
        "Sign up for our newsletter",
        "Get the latest news delivered to your inbox every morning.",
        "Enter your email address",
    ],
)
def test_newsletter_removed(text: str) -> None:
    assert_removed(text, "newsletter")


@pytest.mark.parametrize(
    "text",
    [
        "“Like and subscribe,” he joked, before the stream cut out and did not come back.",
        "Publishers have turned to email newsletters because readers who sign up are more loyal than "
        "those who arrive from search engines, a study by the institute found last year.",
    ],
)
def test_newsletter_counter_examples(text: str) -> None:
    assert_kept(text)


def test_tags_removed_and_sentence_kept() -> None:
    assert_removed("Tags: Laos, Thailand, refugees", "tags")
    assert_kept("Posted in the middle of the river, the hut is the last one on this stretch of the Mekong.")


# --- comments, related, cookies, bylines, navigation, noise --------------------------------


@pytest.mark.parametrize("text", ["NO COMMENTS", "Leave a Reply", "3 Comments", "Comments are closed."])
def test_comment_widgets_removed(text: str) -> None:
    assert_removed(text, "comments")


def test_comment_counter_example() -> None:
    assert_kept("No comments were made by the ministry when asked about the new rules.")


def test_comment_thread_removed_to_the_end() -> None:
    raw = "\n\n".join(["Title line here", BODY, "2 Comments", "Jane says:", "Great article, thanks!", "Bob says:"])
    doc = process(Document(id="t", raw=raw, kind="text"))
    assert kept(doc) == ["Title line here", BODY]


def test_related_posts_removed() -> None:
    doc = run("Related Posts", "Laos opens new railway link to China", "Thai court jails activist for 50 years")
    got = removed_by(doc)
    assert got.get("Related Posts") == "related"
    assert got.get("Laos opens new railway link to China") == "related"


@pytest.mark.parametrize(
    "text",
    [
        "Older post: Ferry Returns to the Harbour in May",
        "‹ Previous storyWhy the Ferry Stopped Running",
        "Next7 Things to Know Before You Cross",
        "Następny wpis: Prom wraca w maju",
    ],
)
def test_a_link_label_before_a_headline_goes(text: str) -> None:
    assert_removed(text, "related")


@pytest.mark.parametrize(
    "text",
    ["Next: we tested the battery for a week.", "Next Steps", "Previous studies: Most Were Small. Then came this."],
)
def test_a_label_word_opening_text_stays(text: str) -> None:
    assert_kept(text)


def test_related_heading_word_in_sentence_stays() -> None:
    assert_kept("Related research suggests that the route through Laos has become more dangerous.")


def test_cookie_notice_removed_and_baking_kept() -> None:
    assert_removed("This website uses cookies to improve your experience. By continuing you accept our use.", "cookies")
    assert_kept("Most bakers accept that cookies keep better in a tin than in the fridge.")


@pytest.mark.parametrize("text", ["By Jane Doe", "Posted by admin", "March 3, 2021", "Posted on 12 May 2020"])
def test_bylines_and_dates_removed(text: str) -> None:
    assert_removed(text, "byline")


@pytest.mark.parametrize(
    "text", ["By the end of the year, the company had doubled its sales.", "He never went back.", "Updated guidelines"]
)
def test_byline_counter_examples(text: str) -> None:
    assert_kept(text)


def test_navigation_removed_and_prose_kept() -> None:
    assert_removed("Home | News | Asia | Contact", "navigation")
    assert_kept("Prices rose 4% in Laos, 3% in Thailand and 2% in Vietnam / Cambodia over the year.")


def test_a_table_of_pipe_rows_stays_and_a_menu_line_above_it_goes() -> None:
    """Rows of a table rendered as text ("Pool | Adults | Children | Open") share their number
    of cells, three rows or more: a grid, not a menu, which is a line of its own (issue 21).
    The menu and breadcrumb above the table (counter-examples) still go."""
    rows = [
        "Pool | Adults | Children | Open",
        "Stadium pool | 4.50 | 2.50 | 7 to 20",
        "Forest pool | 4.00 | 2.00 | 9 to 19",
        "River pool | 3.50 | 1.50 | 10 to 19",
    ]
    doc = run_rule("navigation", "Home | Pools | Prices | Contact\n\nHome » Leisure » Pools\n\n" + "\n".join(rows))
    kept = [b.text for b in doc.blocks if b.kept]
    assert kept == rows


def test_noise_removed() -> None:
    # A separator under chrome that goes, goes with it; between two body paragraphs, or under
    # a heading the body keeps, it is a section break of the text and stays (issue 9,
    # mechanism 8).
    doc = run("Share on Facebook", "--")
    assert removed_by(doc).get("Share on Facebook") == "share"
    assert removed_by(doc).get("--") == "no_words"
    assert_kept("--")
    assert_kept("* * *")
    doc = run("What the survey found", "• • •")
    assert "• • •" in kept(doc)
    assert_removed("12", "no_words")
    assert_kept("2,000 a year.")


def test_a_lone_price_in_html_is_removed() -> None:
    # A shop page's price line ("$9.99", "24,90 €") is a counter like "12"; counter-examples:
    # a sentence that gives a price, a price in a table row, and in a text dump a price on
    # its own line (a table's cell, as some renderers write a row one cell per line) stay.
    prose = "A sentence of the text that is long enough to be prose here. " * 3
    for price in ("$9.99", "24,90 €", "£120.00", "¥ 3,200"):
        doc = cleaner.clean_document(Document(id="x", raw=f"<p>{prose}</p><p>{price}</p><p>{prose}.</p>", kind="html"))
        assert removed_by(doc).get(price) == "no_words"
    assert_kept("The ticket costs $9.99 at the door.")
    doc = run("Ticket 24 heures\n5 €\nOui\nNon", prose)
    assert "5 €" in kept(doc)
    prose = "A sentence of the text that is long enough to be prose here. " * 3
    table = "<table><tr><th>Size</th><th>Price</th></tr><tr><td>Small</td><td>$9.99</td></tr></table>"
    doc = cleaner.clean_document(Document(id="x", raw=f"{table}<p>{prose}</p>", kind="html"))
    assert any("$9.99" in b.text for b in doc.blocks if b.kept)


# --- the registry -----------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::cleaner.options.StepWarning")
def test_every_rule_can_be_disabled() -> None:
    for name in RULE_NAMES:
        if not BY_NAME[name].can_disable:  # html_limits: tests/test_steps.py
            continue
        doc = run("Share this:", options=Options(disabled_rules=frozenset({name})))
        assert isinstance(cleaner.render_text(doc), str)
    doc = run("Share this:", options=Options(disabled_rules=frozenset({"share"})))
    assert "Share this:" in kept(doc)


# --- rules that matter most on HTML pages -------------------------------------------------


@pytest.mark.parametrize(
    "text", ["22 мая 2024, 14:30", "12 lutego 2024, 08:15", "Oct. 1, 2024 3:20 p.m. Updated Oct. 2, 2024"]
)
def test_date_lines_in_other_languages(text: str) -> None:
    assert_removed(text, "byline")


@pytest.mark.parametrize("text", ["Redacción · 15/07/2024 - 11:20", "Staff reporter · 06:52"])
def test_credit_and_date_lines(text: str) -> None:
    assert_removed(text, "byline")


def test_credit_and_date_counter_example() -> None:
    assert_kept("The plant closed in 2020 · and never reopened, officials said on Monday.")


def test_caption_with_photo_credit() -> None:
    assert_removed("Una lontra fotografata da una fototrappola sul Sangro (foto: Parco Nazionale)", "caption")
    assert_kept("The otter was photographed by a camera trap on the Sangro, the park said.")


def test_section_label_above_headline() -> None:
    from cleaner.model import Block, Kind
    from cleaner.rules import navigation

    def blocks() -> list[Block]:
        return [Block("Environment"), Block("Wind farm approved after long fight", Kind.HEADING), Block(BODY)]

    doc = Document(id="t", kind="html", title="Wind farm approved after long fight", blocks=blocks())
    navigation.apply_context(doc, Options())
    assert removed_by(doc) == {"Environment": "section_label"}
    # Below the headline the same word is a subheading, and without a title there is no anchor.
    doc = Document(id="t", kind="html", title="Wind farm approved after long fight", blocks=blocks()[::-1])
    navigation.apply_context(doc, Options())
    doc2 = Document(id="t", kind="html", blocks=blocks())
    navigation.apply_context(doc2, Options())
    assert removed_by(doc) == {} and removed_by(doc2) == {}


def test_appeal_box_whose_heading_is_itself_an_appeal() -> None:
    chunks = [
        "Support our journalism",
        "The Valley Voice is a non-profit newsroom. Stories like this one take weeks to report.",
        "We rely on readers like you. If you can, please give what you can afford. Donate now",
    ]
    got = removed_by(run(*chunks))
    assert all(got.get(c) == "appeal" for c in chunks), got


def test_counted_comments_heading_late_in_page_starts_thread() -> None:
    raw = "\n\n".join(["Title line here", BODY, BODY2, "Kommentare (23)", "Nordlicht_62", "Endlich mal gut!"])
    doc = process(Document(id="t", raw=raw, kind="text", language="de"))  # a German page's phrases
    assert kept(doc) == ["Title line here", BODY, BODY2]
    raw = "\n\n".join(["Title line here", "3 Comments", BODY, BODY2])
    doc = process(Document(id="t", raw=raw, kind="text"))
    assert kept(doc) == ["Title line here", BODY, BODY2]


# --- the site promoting itself, server errors, figure labels, agency signatures -----------------


@pytest.mark.parametrize(
    "text",
    [
        "Follow The Gleaner on Twitter and Instagram @JamaicaGleaner and on Facebook @GleanerJamaica.",
        "For the latest stories download the Nationnews apps for iOS and Android.",
        "Get the latest news straight to your phone with the VI Consortium app.",
        "To view the full story, please subscribe to The Haitian Times.",
        "This post contains references to products from one or more of our advertisers.",
        "*Werbung. Dieser Beitrag enthält Werbung für MYMARINI.",
        "¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.",
    ],
)
def test_promo_removed(text: str) -> None:
    assert_removed(text, "promo")


@pytest.mark.parametrize(
    "text",
    [
        "The ministry said more than two million people had downloaded its tracing app since March.",
        "“Follow us on Twitter,” the campaign urged, but few of the villagers had phones.",
        "Critics said the advertising rules for apps on iOS and Android were unfair to small developers.",
    ],
)
def test_promo_counter_examples(text: str) -> None:
    assert_kept(text)


def test_server_error_removed_and_prose_kept() -> None:
    warning = "Warning: Creating default object from empty value in /www/htdocs/wp-includes/classes.php on line 407"
    assert_removed(warning, "no_words")
    assert_kept("A warning was issued in the morning after the river rose by two metres on Friday.")


def test_numbered_figure_label_is_a_caption() -> None:
    assert_removed("Abbildung 4: klassische Schwachschicht unter der Schneedecke", "caption")
    assert_kept("Figure skating returned to the programme in 1908, before the Winter Games existed.")


def test_agency_signature() -> None:
    assert_removed("aja/PAP", "byline")
    assert_kept("PAP and Reuters both reported the vote on Thursday.")


@pytest.mark.parametrize(
    "text",
    [
        "Dieser Beitrag gibt die Meinung des Autors wieder, nicht notwendigerweise die der Redaktion.",
        "Dieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE.",
        "Die aktuelle Ausgabe jetzt an jedem Bahnhofskiosk, im Abo, als e-Paper und bei Readly erhältlich.",
        "Siguenos en Telegram, Instagram, Facebook y Twitter para recibir en directo todas nuestras noticias",
    ],
)
def test_more_promo_lines(text: str) -> None:
    assert_removed(text, "promo")


def test_disclaimer_counter_example() -> None:
    assert_kept("The court said the views of the experts did not change its reading of the law.")


def test_related_heading_alone_is_removed() -> None:
    doc = run("Lesen Sie auch", BODY2 + " More text follows here.")
    assert removed_by(doc).get("Lesen Sie auch") == "related"
    assert BODY2 + " More text follows here." in kept(doc)


@pytest.mark.parametrize("text", ["Energie 12.12.2022, 08:30 Uhr", "Asked 8 years, 2 months ago"])
def test_labelled_date_lines(text: str) -> None:
    assert_removed(text, "byline")


def test_labelled_date_counter_example() -> None:
    assert_kept("The bridge reopened on 12.12.2022 after two years of repairs.")


def test_stock_photo_credit_caption() -> None:
    assert_removed("Das Hermelin ist im Winter mit seinem weißen Fell gut getarnt. (mlharing / iStock.com)", "caption")


def test_appeal_in_polish_addresses_the_reader() -> None:
    # "nas" (us) comes from the Polish phrase file's address words, not from code.
    assert_removed("Wesprzyj nas darowizną, a pomożesz nam pisać dalej o regionie.", "appeal")
    assert_kept("Fundacja zebrała w zeszłym roku ponad milion złotych darowizn od mieszkańców regionu.")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("send_failed_event=send_failed_event,", "alt_text"),
        ("deep_work_mode()", "alt_text"),
        ("project_final_v2_actually_final.py", "alt_text"),
        ('"order_date": "2025-12-18T17:02:12+08:00",', "alt_text"),
        ("zoom: 0.8;", "alt_text"),
        ("continue;", "button"),
    ],
)
def test_a_code_line_rendered_as_text_is_no_image_name_and_no_ad_label(text: str, rule: str) -> None:
    """Documentation pages rendered to text hold code lines: identifiers with underscores, calls,
    statements.  They are no image file names, screenshot names, image controls or ad labels;
    the file names and labels of the tests above still go (counter-examples)."""
    doc = run_rule(rule, f"{BODY}\n\n{text}\n\n{BODY2}")
    assert text in kept(doc)


@pytest.mark.parametrize("text", ["2024-08-03 10:59:47", "REQUESTS_CA_BUNDLE", "CERTIFICATE_VERIFY_FAILED"])
def test_a_bare_time_stamp_and_an_upper_case_constant_are_no_image_names(text: str) -> None:
    """A forum post's time stamp and a documented environment variable stay; a screenshot's
    name ("Screen Shot 2021-03-14 at 09.12.55") and an image's (Old_Town_Square_Map) go."""
    doc = run_rule("alt_text", f"{BODY}\n\n{text}\n\n{BODY2}")
    assert text in kept(doc)
    for name in ("Screen Shot 2021-03-14 at 09.12.55", "Old_Town_Square_Map"):
        assert name not in kept(run_rule("alt_text", f"{BODY}\n\n{name}\n\n{BODY2}"))


def test_code_signs_are_the_one_pattern_they_define() -> None:
    """looks_like_code searches its signs one by one (fast): it answers exactly what the one
    alternation defining them answers, on lines built from those signs, letters, quotes and
    whitespace of every kind (a trailing newline, a no-break space)."""
    definition = re.compile(r"[;{}=<>]|[\w\]\)]\(|[,;{}]\s*$|^\s*[\"'].*[\"']\s*:")
    alphabet = [*"ab_é1 ,;:{}=<>()[]\"'\n\t", "\u00a0", "\u2003"]
    rng = random.Random(22)
    lines = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))) for _ in range(20_000)]
    lines += ["x = 1", "f(x)", "a,\n", '"key": 1', "Photo by Jane (left)", "word, \u00a0", "a,\nb"]
    differ = [t for t in lines if looks_like_code(t) != (definition.search(t) is not None)]
    assert differ == []
    assert any(looks_like_code(t) for t in lines) and not all(looks_like_code(t) for t in lines)


def test_prose_counts_its_words_only_up_to_what_it_needs() -> None:
    """is_prose_text stops counting at PROSE_WORDS words: the same verdict as counting them all,
    whatever the whitespace between, before or after them."""
    rng = random.Random(12)
    alphabet = ["w", "w", " ", "\n", "\u00a0", "\u2003", "\t", ".", ":"]
    lines = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(20_000)]
    lines += [" ".join(["word"] * n) + end for n in (10, 11, 12, 13) for end in (".", ". ", ":", "")]

    def counted(t: str) -> bool:
        return len(t.split()) >= PROSE_WORDS and (ends_like_sentence(t) or t.rstrip().endswith(":"))

    assert [t for t in lines if is_prose_text(t) != counted(t)] == []
    assert any(map(counted, lines)) and not all(map(counted, lines))
