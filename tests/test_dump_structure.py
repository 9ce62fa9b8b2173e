"""Text dumps cleaned by their structure (issue 9): the dump's own repetition, then position
and shape.  Each mechanism has an example it removes and a counter-example that stays;
wordings are written for these tests."""

from __future__ import annotations

import cleaner

P1 = "The ferry will run again from May, the port authority said on Monday after a winter of repairs."
P2 = "Tickets go on sale in April and will cost the same as last year for every crossing."
P3 = "A new timetable adds an evening crossing at weekends from the first of June onwards."
P4 = "The harbour master expects the new cranes to halve the time ships spend waiting at the quay."


def paras(text: str) -> list[str]:
    return cleaner.clean_text(text).strip().split("\n\n")


def test_insertion_in_one_copy_only_goes_and_the_body_stays_once() -> None:
    first = ["Ferry returns in May", P1, "The quay at dusk, seen from the breakwater", P2, P3]
    dump = "\n\n".join([*first, "Printed from the archive", P1, P2, P3])
    out = paras(dump)
    assert out == ["Ferry returns in May", P1, P2, P3]


def test_a_paragraph_one_copy_lacks_stays_when_it_is_prose() -> None:
    extra = "The operator said it had hired six new crew members and repainted both of its vessels."
    dump = "\n\n".join(["Ferry returns in May", P1, extra, P2, P3, P1, P2, P3])
    assert paras(dump) == ["Ferry returns in May", P1, extra, P2, P3]


def test_title_is_the_headline_before_the_body_not_the_menu() -> None:
    dump = "\n\n".join(["Skip to content", "Harbour Gazette", "Ferry service resumes in May after repairs", P1, P2])
    assert paras(dump)[0] == "Ferry service resumes in May after repairs"


def test_breadcrumb_tail_confirms_the_title() -> None:
    dump = "\n\n".join(
        [
            "Home » Local » Ferry service resumes…",
            "Ferry service resumes in May",
            "A longer tagline for the whole site here",
            P1,
        ]
    )
    assert paras(dump)[0] == "Ferry service resumes in May"


def test_chrome_after_the_body_goes_but_closing_sentences_stay() -> None:
    dump = "\n\n".join(
        [
            "Ferry returns in May",
            P1,
            P2,
            "Ticket office opens at nine.",
            "« Older post",
            "Harbour Gazette, Quay Street 4",
        ]
    )
    assert paras(dump) == ["Ferry returns in May", P1, P2, "Ticket office opens at nine."]


def test_separator_inside_the_body_stays() -> None:
    dump = "\n\n".join(["Ferry returns in May", P1, "* * *", P2])
    assert "* * *" in paras(dump)


def test_zero_width_joiner_inside_an_emoji_survives_and_others_go() -> None:
    text = (
        "Ferry returns\n\nThe crew put a 👩\u200d🔬 sticker on every life\u200bjacket checked this spring, twice over."
    )
    out = cleaner.clean_text(text)
    assert "👩\u200d🔬" in out and "lifejacket" in out


def test_look_alikes_differing_in_a_number_are_both_kept() -> None:
    a = "Buy the harbour map at the kiosk for $24.99 at the pier"
    b = "Buy the harbour map at the kiosk for $29.99 at the pier"
    dump = "\n\n".join(["Ferry returns in May", P1, a, P2, b, P3])
    out = paras(dump)
    assert a in out and b in out


def test_feed_excerpt_never_replaces_the_first_paragraph() -> None:
    excerpt = P1 + " " + P2[:40]  # paragraphs 1-2 joined and cut mid-sentence
    dump = "\n\n".join(["Ferry returns in May", excerpt, P1, P2, P3])
    out = paras(dump)
    assert out[1] == P1 and excerpt not in out and out.count(P2) == 1


def test_label_under_every_image_goes_but_a_subheading_stays() -> None:
    dump = "\n\n".join(
        ["Ferry returns in May", P1, "Open the viewer", P2, "Timetable", P3, "Open the viewer", P1 + " Also."]
    )
    out = paras(dump)
    assert "Open the viewer" not in out and "Timetable" in out


def test_bio_opening_with_the_bylines_name_goes_but_a_later_mention_stays() -> None:
    bio = "Ilse Varga is a harbour reporter who has covered the ferries since 2015 for the paper."
    mention = "The operator thanked Ilse Varga for the photographs used in the report on the repairs."
    dump = "\n\n".join(["Ferry returns in May", "By Ilse Varga", P1, P2, mention, bio])
    out = paras(dump)
    assert bio not in out and mention in out


def test_related_list_with_periods_goes_but_sentences_after_it_stay() -> None:
    items = ["Harbour fees rise again.", "New crane arrives at the north quay."]
    closing = "The operator said it will publish the winter timetable in October. It will run daily."
    dump = "\n\n".join(["Ferry returns in May", P1, P2, "Related Posts", *items, closing])
    out = paras(dump)
    assert not any(i in out for i in items) and closing in out


def test_block_gluing_a_subheading_and_its_paragraph_goes_when_both_stand_alone() -> None:
    glued = "Tickets and prices " + P2[:50]  # a feed excerpt: subheading and paragraph, cut
    dump = "\n\n".join(["Ferry returns in May", P1, glued, "Tickets and prices", P2, P3])
    out = paras(dump)
    assert glued not in out and "Tickets and prices" in out and P2 in out


def test_a_paragraph_whose_words_open_another_block_stays() -> None:
    other = "Tickets go on sale in April, the operator said, but prices are not yet known."
    dump = "\n\n".join(["Ferry returns in May", P1, P2, other, P3])
    assert paras(dump) == ["Ferry returns in May", P1, P2, other, P3]


_TYPO = P1.replace("authority", "authorty")


def test_a_typo_in_the_first_copy_loses_to_the_spelling_two_copies_agree_on() -> None:
    # Three copies vote: the first has a typo, the two later ones agree.
    dump = "\n\n".join(["Ferry returns in May", _TYPO, P2, P3, P1, P2, P3, P1, P2, P3])
    assert paras(dump) == ["Ferry returns in May", P1, P2, P3]


def test_with_two_copies_and_no_other_evidence_the_first_stays() -> None:
    # Counter-example: one spelling against another, nothing else in the page to go by.
    dump = "\n\n".join(["Ferry returns in May", _TYPO, P2, P3, P1, P2, P3])
    assert paras(dump) == ["Ferry returns in May", _TYPO, P2, P3]


def test_an_added_common_word_does_not_make_a_copy_better() -> None:
    # Counter-example: a later copy with one more word (used elsewhere) is no correction.
    longer = P1.replace("said on Monday", "said again on Monday")
    dump = "\n\n".join(["Ferry returns in May", P1, P2, "Again the port was full.", P3, longer, P2, P3])
    assert paras(dump)[1] == P1


def test_an_excerpt_running_past_a_paragraph_never_stands_in_for_it() -> None:
    # A feed excerpt without an ellipsis: paragraph 1 and the opening of paragraph 2, cut off.
    excerpt = P1 + " " + P2[:40].rsplit(" ", 1)[0]
    dump = "\n\n".join(["Ferry returns in May", P1, P2, P3, excerpt])
    assert paras(dump) == ["Ferry returns in May", P1, P2, P3]


def test_a_complete_fuller_copy_still_replaces_a_cut_one() -> None:
    # Counter-example: a first copy cut off with an ellipsis gives way to the complete one.
    cut = P1[:60].rsplit(" ", 1)[0] + " …"
    dump = "\n\n".join(["Ferry returns in May", cut, P2, P3, P1, P2, P3])
    assert paras(dump) == ["Ferry returns in May", P1, P2, P3]


def test_an_excerpt_with_a_few_words_glued_after_its_cut_still_repeats_the_body() -> None:
    # A subheading glued to its paragraph's opening, cut, and a "more" link in any language.
    excerpt = "How the crossing works " + P1[:70].rsplit(" ", 1)[0] + " lire la suite"
    dump = "\n\n".join(["Ferry returns in May", excerpt, "How the crossing works", P1, P2, P3])
    assert paras(dump) == ["Ferry returns in May", "How the crossing works", P1, P2, P3]


def test_a_paragraph_that_goes_on_differently_is_not_an_excerpt() -> None:
    # Counter-example: the same opening, then five words of its own: a paragraph of its own.
    own = "How the crossing works " + P1[:70].rsplit(" ", 1)[0] + " until the storm closed the quay"
    dump = "\n\n".join(["Ferry returns in May", own, "How the crossing works", P1, P2, P3])
    assert own in paras(dump)


def test_an_excerpt_is_found_across_a_label_the_body_copy_has_inserted() -> None:
    # The body copy has a label between the subheading and the paragraph; the excerpt
    # that glued them (cut) lacks it.
    excerpt = "How the crossing works " + P1[:70].rsplit(" ", 1)[0]
    dump = "\n\n".join(["Ferry returns in May", excerpt, "How the crossing works", "Harbour desk", P1, P2, P3])
    out = paras(dump)
    assert excerpt not in out and out[-3:] == [P1, P2, P3]


def test_a_flattened_menu_is_never_the_title() -> None:
    # A row of short items on separators, longer than the headline: a menu, not a title.
    menu = "Videos - Search - Sport - World - Login - Business - Politics"
    dump = "\n\n".join([menu, "Ferry returns in May", P1, P2, P3])
    assert paras(dump) == ["Ferry returns in May", P1, P2, P3]


def test_a_headline_with_separators_stays_the_title() -> None:
    # Counter-example: a headline in three parts with long items is a headline.
    title = "Ferry review - Part two of our series - The new evening crossing"
    assert paras("\n\n".join([title, P1, P2, P3]))[0] == title


def test_dash_menus_need_one_item_more_than_other_separators() -> None:
    from cleaner.rules.navigation import is_menu

    assert is_menu("Videos - Search - Sport - World")
    assert is_menu("Home | News | Asia")
    # Counter-examples: dashes as punctuation in prose, a route of three places.
    assert not is_menu("The vote - a close one - surprised")
    assert not is_menu("Paris - Lyon - Marseille")


def test_a_section_break_every_copy_holds_stays_once() -> None:
    body = [P1, "~ ~ ~", P2, P3]
    dump = "\n\n".join(["Ferry returns in May", *body, *body])
    assert paras(dump) == ["Ferry returns in May", *body]


# --- images as one unit (mechanism 1): anchors that hold on any site, and the chunk they head


def test_image_controls_screenshots_and_credits_are_anchors() -> None:
    chrome = [
        "Open image in full screen",
        "Photo 4/11",
        "Screen Shot 2019-11-04 at 14.22.09",
        "Photography by Lena Marsh",
        "Reuters/Tomas Bell",
        "Tomas Bell/Getty Images",
    ]
    dump = "\n\n".join(["Ferry returns in May", P1, *chrome, P2, P3])
    assert paras(dump) == ["Ferry returns in May", P1, P2, P3]


def test_lines_that_look_like_credits_or_controls_but_are_text_stay() -> None:
    text = [
        "Image processing",
        "Client/Server Design",
        "TCP/IP Networking",
        "The photo of the quay was taken on 2019-11-04 at 14.22.09 by a passenger, the police said.",
    ]
    dump = "\n\n".join(["Ferry returns in May", P1, *text, P2])
    assert paras(dump) == ["Ferry returns in May", P1, *text, P2]


def test_alt_text_copying_the_headline_goes_but_a_subheading_from_it_stays() -> None:
    title = "Harbour Cranes Double the Port's Daily Loads"
    dump = "\n\n".join([title, P1, "harbour cranes double", P2, "Harbour Cranes Double4", P3, "Harbour Cranes", P4])
    out = paras(dump)
    assert "harbour cranes double" not in out and "Harbour Cranes Double4" not in out
    assert out[0] == title and "Harbour Cranes" in out


def test_a_heading_orphaned_at_the_end_by_a_repeat_goes_as_the_output_would_again() -> None:
    """After the last kept paragraph a heading whose paragraph was a repeat is page end: the
    repeat is not in the output, so cleaning the output again would drop it (idempotence)."""
    dump = "\n\n".join(["Ferry returns in May", P1, P2, "Harbour Cranes", P1])
    out = paras(dump)
    assert out == ["Ferry returns in May", P1, P2]
    assert paras("\n\n".join(out)) == out


def test_a_headline_ending_in_a_year_is_no_alt_text() -> None:
    title = "The Best Ferry Routes in 2025"
    dump = "\n\n".join([title, P1, "Ferry Routes in 2025", P2])
    assert "Ferry Routes in 2025" in paras(dump)


def test_caption_tails_in_brackets_or_after_a_bar_are_credits() -> None:
    captions = [
        "Dockers unload timber at the north quay. | Lena Marsh",
        "The old ferry in its last winter. [Photo: Tomas Bell]",
        "Cranes over the harbour (Photo courtesy of the port authority)",
    ]
    dump = "\n\n".join(["Ferry returns in May", P1, *captions, P2])
    assert paras(dump) == ["Ferry returns in May", P1, P2]
    kept = "Prices rose 4% in Laos / Cambodia"
    assert kept in paras("\n\n".join(["Ferry returns in May", P1, kept, P2]))


def test_the_chunk_of_an_image_anchor_goes_with_it() -> None:
    chunk = "View the gallery\nWorkers on the quay at dawn, a week before the opening.\nLena Marsh/AFP"
    dump = "\n\n".join(["Ferry returns in May", P1, chunk, P2])
    assert paras(dump) == ["Ferry returns in May", P1, P2]


def test_an_anchor_takes_nothing_from_a_long_chunk_or_across_a_blank_line() -> None:
    # A dump with no blank lines has one chunk: there a control takes no neighbour.  A caption
    # a blank line away looks like a one-sentence paragraph: it stays.
    lines = ["Ferry returns in May", P1, "View the gallery", "The first boat left at six.", P2, P3]
    assert "The first boat left at six." in cleaner.clean_text("\n".join(lines))
    dump = "\n\n".join(["Ferry returns in May", P1, "View the gallery", "The first boat left at six.", P2])
    assert "The first boat left at six." in paras(dump)


# --- appeal boxes by what they talk about (mechanism 5)


def test_an_appeal_box_no_phrase_names_goes_by_its_vocabulary() -> None:
    box = [
        "Keep the lights on",
        "Our reporters answer to readers, not to advertisers, and that is how we want it.",
        "A few euros a month from you pays for the next long read.",
    ]
    dump = "\n\n".join(["Ferry returns in May", P1, P2, *box, P3])
    assert paras(dump) == ["Ferry returns in May", P1, P2, P3]


def test_money_talk_without_a_cause_or_a_reader_stays() -> None:
    finance = [
        "Your contributions to a pension fund are taken out before tax, so you pay less today.",
        "If you leave your employer, you can move the money to a new fund without a fee.",
        "The council said donations to the flood fund reached a record, and members of the board"
        " thanked readers of the local paper.",
    ]
    dump = "\n\n".join(["Saving for later", P1, *finance, P2])
    assert paras(dump) == ["Saving for later", P1, *finance, P2]


# --- the author by repetition (bylines and bios no byline word opens)


def test_a_name_printed_around_the_article_and_never_in_it_is_the_authors() -> None:
    dump = "\n\n".join(
        [
            "Ferry returns in May",
            "Lena Marsh, NTB",
            P1,
            P2,
            P3,
            "Lena Marsh covers shipping and the coast for the paper and lives in Porto with her family.",
            "Reported by Lena Marsh in Porto",
        ]
    )
    assert paras(dump) == ["Ferry returns in May", P1, P2, P3]


def test_a_person_the_article_is_about_is_no_author() -> None:
    about = "Maria Lind, who has skippered the ferry since 2009, said the new timetable suits the islanders."
    dump = "\n\n".join(["Ferry returns in May", "Maria Lind, 54, at the quay", P1, about, P2, "Maria Lind, 54"])
    out = paras(dump)
    assert about in out and "Maria Lind, 54, at the quay" in out


def test_a_topic_in_capitals_on_headings_is_no_author() -> None:
    prose = "Timetable planning starts a year ahead, and timetable planning never really stops, the operator says."
    dump = "\n\n".join(
        ["Ferry returns in May", "Timetable Planning, 2025 edition", P1, prose, "Timetable Planning", P2]
    )
    out = paras(dump)
    assert "Timetable Planning" in out and prose in out


def test_a_headline_with_the_site_name_after_a_bar_is_the_title_a_tagline_is_not() -> None:
    headline = "Ferry Returns in May After a Winter of Repairs | Harbour Post"
    dump = "\n\n".join(["Harbour Post — since 1990", "Harbour Post", headline, P1, P2])
    out = paras(dump)
    assert out[0] == headline and "Harbour Post — since 1990" not in out


def test_a_name_on_two_byline_lines_is_the_authors_and_no_title() -> None:
    dump = "\n\n".join(["Ferry returns", "Written up by Lena Marsh in Porto", "Lena Marsh — 3 May 2021", P1, P2])
    assert paras(dump) == ["Ferry returns", P1, P2]


def test_a_long_headline_question_is_the_title_not_the_bodys_start() -> None:
    title = "Renting a Car or Joining a Tour in Iceland: Which One Should You Choose This Summer?"
    dump = "\n\n".join(["Dark mode", title, P1, P2])
    assert paras(dump)[0] == title


def test_captions_marked_by_a_place_in_the_photo_or_a_closing_date() -> None:
    captions = [
        "Lena Marsh (left) with the ferry's crew on the quay.",
        "Passengers queue for the first crossing in Porto, 2 May 2019.",
        "Expand",
        "Powiększ zdjęcie",
    ]
    dump = "\n\n".join(["Ferry returns in May", P1, *captions, P2])
    assert paras(dump) == ["Ferry returns in May", P1, P2]


def test_dated_sentences_of_the_article_stay() -> None:
    text = ["The new timetable takes effect on 1 June 2026.", "The left lane of the quay is closed until then."]
    dump = "\n\n".join(["Ferry returns in May", P1, *text, P2])
    assert paras(dump) == ["Ferry returns in May", P1, *text, P2]


def test_after_the_body_a_line_naming_its_title_or_the_sites_credit_goes() -> None:
    title = "Ferry Returns to the Harbour in May"
    tail = [
        f"The post {title} was first shared on Harbour Post.",
        "Theme: Quay by Example Studio.",
        "Proudly powered by Ghost.",
    ]
    dump = "\n\n".join([title, P1, P2, *tail])
    assert paras(dump) == [title, P1, P2]


def test_closing_lines_of_the_article_stay() -> None:
    title = "Ferry Returns to the Harbour in May"
    closing = ["The operator said more details would follow.", "The study was first published in Nature in 2019."]
    dump = "\n\n".join([title, P1, P2, *closing])
    assert paras(dump) == [title, P1, P2, *closing]


def test_a_sign_up_box_goes_as_a_whole_whatever_its_wording() -> None:
    box = ["Sign up for the Friday briefing", "We never send spam, and you can unsubscribe with one click."]
    dump = "\n\n".join(["Ferry returns in May", P1, *box, P2])
    assert paras(dump) == ["Ferry returns in May", P1, P2]


def test_one_line_about_email_in_an_article_stays() -> None:
    line = "Unsubscribe links must be easy to find."
    dump = "\n\n".join(["Ferry returns in May", P1, line, P2])
    assert paras(dump) == ["Ferry returns in May", P1, line, P2]


def test_an_appeal_box_with_a_heading_inside_and_a_line_naming_ask_and_cause() -> None:
    box = [
        "Why we ask",
        "Every euro you give goes to the reporting on this page.",
        "Still with us?",
        "Reader donations keep the newsroom independent.",
    ]
    dump = "\n\n".join(["Ferry returns in May", P1, P2, *box, P3])
    assert paras(dump) == ["Ferry returns in May", P1, P2, P3]


def test_a_heading_after_an_appeal_box_heads_the_text_below_it() -> None:
    box = ["Why we ask", "Every euro you give goes to the reporting on this page.", "Reader donations keep us going."]
    dump = "\n\n".join(["Ferry returns in May", P1, *box, "The new timetable", P2])
    assert paras(dump) == ["Ferry returns in May", P1, "The new timetable", P2]


def test_a_menu_laid_out_in_columns_goes_and_is_no_title() -> None:
    menu = "World   Login   Subscribe   Politics   News   Sport   Search"
    dump = "\n\n".join(["Ferry Returns in May", menu, P1, P2])
    assert paras(dump) == ["Ferry Returns in May", P1, P2]


def test_rows_of_figures_and_sentences_with_wide_gaps_stay() -> None:
    figures = "Porto   45   12 euros"
    sentence = "The ferry leaves at six.   It returns at nine in the evening, the operator says."
    dump = "\n\n".join(["Ferry Returns in May After a Winter of Repairs", P1, figures, sentence, P2])
    out = paras(dump)
    assert "Porto 45 12 euros" in out and sentence.replace("   ", " ") in out


def test_a_line_crediting_a_person_is_no_title() -> None:
    dump = "\n\n".join(["Ferry returns", "Reported by Lena Marsh in Porto", P1, P2])
    assert paras(dump)[0] == "Ferry returns"


def test_a_headline_with_by_and_one_capital_word_stays_the_title() -> None:
    dump = "\n\n".join(["Stand by Me: The Ferry That Waited for Everyone", "Harbour", P1, P2])
    assert paras(dump)[0] == "Stand by Me: The Ferry That Waited for Everyone"


def test_a_credit_line_above_the_body_is_a_byline() -> None:
    title = "Ferry Returns to the Harbour After a Winter of Repairs"
    for credit in ("Words by Lena Marsh", "Filed by Lena Marsh in Porto"):
        dump = "\n\n".join([title, credit, P1, P2])
        assert paras(dump) == [title, P1, P2]


def test_a_headline_crediting_a_noun_phrase_stays() -> None:
    for first in ("World | Local | Sport | Harbour", "Harbour Post"):
        dump = "\n\n".join([first, "Rescued by Harbour Pilots", P1, P2])
        assert "Rescued by Harbour Pilots" in paras(dump)


def test_a_question_in_sentence_case_opening_the_body_stays_body() -> None:
    question = "Why does the ferry stop every winter, and who decides when it runs again in the spring?"
    dump = "\n\n".join(["Ferry Returns in May", question, P1, P2])
    assert paras(dump) == ["Ferry Returns in May", question, P1, P2]


def test_a_menu_repeated_in_the_footer_is_no_copy_of_the_body_so_the_table_between_stays() -> None:
    """A run of repeated short lines (a menu at the top and again at the bottom) repeats no
    paragraph: what lies between its copies is the page, rate rows included.  A copy that
    repeats paragraphs still makes the lines between the copies chrome (test above)."""
    menu = ["Timetables", "Fares", "Routes", "Groups"]
    rows = ["Adult single 4.50", "Child single 2.20", "Bicycle 1.00"]
    dump = "\n\n".join(["Ferry fares for 2025", *menu, P1, *rows, P2, *menu])
    out = paras(dump)
    assert all(r in out for r in rows)
    assert out.count("Fares") == 1


def test_a_short_line_repeated_on_its_own_is_content_and_a_repeated_run_is_not() -> None:
    """A contents entry and its heading, a portion size, a "Yes" cell: a short line a text
    repeats on its own stays.  A sentence repeated, or a run of repeats, goes."""
    dump = "\n\n".join(["Ferry guide", P1, "Contents", "Fares", "Timetables", P2, "Fares", P3, P2])
    out = paras(dump)
    assert out.count("Fares") == 2 and out.count(P2) == 1


def test_a_run_of_short_items_repeated_inside_the_body_is_content_and_a_body_copy_is_not() -> None:
    """A price list repeating what each package includes, a chorus sung again: the first copies
    stand inside the body and every repeat is a short item, so the run stays.  A copy of the
    body repeats its prose, and a run first met above the body (a menu) repeats chrome: both go."""
    includes = ["- Two fittings at the harbour workshop", "- A spare set of oars", "- Winter storage"]
    dump = "\n\n".join(
        ["Boat packages", P1, "Dinghy package", *includes, P2, "Skiff package", *includes, "- Trailer hire", P3]
    )
    out = paras(dump)
    assert all(out.count(item) == 2 for item in includes)
    chorus = ["Chorus", "Row me over, row me home,", "past the light and the harbour stone"]
    song = "\n\n".join(
        ["Harbour song", "Verse one", "The nets are dry", *chorus, "Verse two", "The tide is in", *chorus]
    )
    assert paras(song).count("Row me over, row me home,") == 2
    menu = ["Timetables", "Fares", "Routes"]
    copied = "\n\n".join(
        [
            "Ferry returns in May",
            *menu,
            P1,
            "Fare table",
            P2,
            P3,
            "Printed from the archive",
            "Fare table",
            P2,
            P3,
            *menu,
        ]
    )
    out = paras(copied)
    assert out.count(P2) == 1 and out.count("Fare table") == 1 and out.count("Fares") <= 1


def test_a_text_opening_with_its_own_headline_has_no_header_but_a_site_line_is_one() -> None:
    """A clean text: its headline on line 1, then a longer subheading before the first
    paragraph.  Only a headline in the text's own words stands above: no header, nothing goes
    and line 1 stays the title.  A site's name or a metadata line above the headline is a
    header (counter-examples): it goes and the headline is the title."""
    sub = "How the Harbour Ferry Timetable Changes for Commuters and Visitors This Spring"
    text = "\n\n".join(["Ferry Timetable Changes for Spring", sub, P1, P2, P3])
    assert paras(text)[:2] == ["Ferry Timetable Changes for Spring", sub]
    for top in ("Home of the Harbour Gazette", "Reading time: 6 minutes"):
        out = paras("\n\n".join([top, "Ferry Timetable Changes for Spring", P1, P2, P3]))
        assert out[0] == "Ferry Timetable Changes for Spring" and top not in out


NOTES = [
    "Fixed: exporting a ledger with more than ten thousand rows no longer stops halfway through the file.",
    "Fixed: the totals row now rounds each currency the way its central bank does, not to two places.",
    "New: the ledger can be locked for a month once the accounts for that month have been closed.",
    "New: receipts can be attached to an entry by dropping a photo or a scan onto the entry's row.",
    "Changed: the weekly summary is sent on Monday morning rather than on Sunday night, as asked for.",
    "Changed: the settings page groups its options by what they change rather than by when they came in.",
    "Removed: the old printing dialog, which the new print preview has replaced since the last release.",
    "Removed: support for the file format of version one, which no supported version writes any more.",
    "Known issue: on some screens the calendar opens one month too late; a fix is on its way.",
    "Upgrading: back up your ledger first, then install the new version over the old one as usual.",
]
MENU_LINES = ["Skip to content", "Home", "Download", "Documentation", "Forum", "Blog", "Donate"]
FOOTER_LINES = ["© 2025 Ledgerly project", "Privacy", "Imprint", "Code of conduct", "Mastodon", "RSS"]


def test_the_end_of_a_text_with_no_chrome_is_its_own_and_a_footer_goes() -> None:
    """Release notes ending with their contributors, announced by a colon, then a sign-off: a
    clean text, long enough for the line model to judge that it holds no chrome, so what
    follows its last paragraph is its own.  The same notes inside a page's menu and footer
    (counter-example): the footer goes."""
    names = ["Anja Becker", "Jonas Weber", "Mehmet Yilmaz", "Petra Schulze", "Ulrike Hoffmann"]
    thanks = "Thanks to everyone who sent patches, reviews and bug reports for this release of the ledger:"
    text = "\n\n".join(["Ledgerly 3.0 release notes", *NOTES, P1, P2, P3, thanks, *names])
    assert all(n in paras(text) for n in names)
    signed = "\n\n".join(["Ledgerly 3.0 release notes", *NOTES, P1, P2, P3, "Until the next release…"])
    assert paras(signed)[-1] == "Until the next release…"
    page = "\n\n".join([*MENU_LINES, "Ledgerly 3.0 release notes", *NOTES, P1, P2, P3, *FOOTER_LINES])
    out = paras(page)
    assert NOTES[0] in out and P3 in out
    assert not any(f in out for f in FOOTER_LINES)
    # A long text with a short footer and nothing else around it: still a page's end.
    footer = ["Back to all posts", "Privacy and terms"]
    out = paras("\n\n".join(["Ledgerly 3.0 release notes", *NOTES, P1, P2, P3, *footer]))
    assert P3 in out and not any(f in out for f in footer)
