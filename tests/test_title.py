"""Issue 8, mechanism 7: one title line, without the site name, and a way to get the body alone."""

from __future__ import annotations

import json

from cleaner import Options, clean_html
from cleaner.extract.html.metadata import strip_site_name, title_matches

_SENTENCES = (
    "The river rose over the week and the town kept its bridges open while the water climbed.",
    "Farmers on the east bank moved their herds to the hills before the second storm arrived.",
    "At the school gym, volunteers sorted blankets, tinned food and dry clothes for the evacuees.",
    "Engineers said the old levee had held better than anyone expected after decades of repairs.",
    "By Friday the mayor asked residents to boil their water until the pumping station was tested.",
    "Shops on the high street reopened on Sunday, though many cellars were still full of mud.",
)
_BODY = "".join(f"<p>Paragraph {i}. {s}</p>" for i, s in enumerate(_SENTENCES))


def _page(head: str, h1: str | None) -> str:
    heading = f"<h1>{h1}</h1>" if h1 else ""
    return f"<html><head>{head}</head><body><article>{heading}{_BODY}</article></body></html>"


def test_h1_and_suffixed_title_give_one_title_line() -> None:
    html = _page("<title>River rises over the week | The Daily Planet</title>", "River rises over the week")
    text = clean_html(html, url="https://www.dailyplanet.example/news/river")
    lines = [x for x in text.split("\n") if x]
    assert lines[0] == "River rises over the week"
    assert sum("River rises over the week" in x for x in lines) == 1
    assert "Daily Planet" not in text


def test_og_title_differing_from_h1_prints_the_h1_once() -> None:
    head = '<meta property="og:title" content="Why the river rose: a short guide">'
    text = clean_html(_page(head, "How the river rose this week"), url="https://example.org/a")
    lines = [x for x in text.split("\n") if x]
    assert lines[0] == "How the river rose this week"
    assert not any("short guide" in x for x in lines)


def test_site_suffix_dropped_on_og_site_name_or_domain() -> None:
    assert strip_site_name("Storm hits coast | The Daily Planet", "The Daily Planet", guess=False) == "Storm hits coast"
    assert (
        strip_site_name("Storm hits coast — The Daily Planet", None, guess=False, host="https://dailyplanet.example/x")
        == "Storm hits coast"
    )
    host = "https://www.dailyplanet.example/"
    assert strip_site_name("Daily Planet · Storm hits coast", None, guess=False, host=host) == "Storm hits coast"


def test_a_title_part_that_merely_contains_the_domain_name_stays() -> None:
    # counter-example: the domain's word inside the article's own title is not the site name
    title = "Best apple pie recipe for a cold evening | Bakery"
    got = strip_site_name(title, None, guess=False, host="https://apple.example/pie")
    assert got == title


def test_site_suffix_dropped_when_the_h1_holds_the_rest() -> None:
    title = "Master of Accounting Degree | Walton School | University of Somewhere"
    assert strip_site_name(title, None, guess=False, h1="Master of Accounting Degree") == "Master of Accounting Degree"


def test_title_with_a_dash_of_its_own_is_kept_whole() -> None:
    # counter-example: " - " is part of the article's title, not a site separator
    title = "Wedding Planning Tools - Caterer Comparison Spreadsheet"
    assert strip_site_name(title, "Happily Wed", guess=False, host="https://happilywed.example/") == title
    assert strip_site_name(title + " - Happily Wed", "Happily Wed", guess=False) == title
    html = _page(f'<meta property="og:title" content="{title}">', None)
    assert clean_html(html, url="https://happilywed.example/tools").startswith(title + "\n")


def test_h1_matches_title_main_part_only() -> None:
    assert title_matches("Storm hits coast", "Storm hits coast tonight")
    assert not title_matches("Storm", "Storm hits the coast again tonight")  # too small a part
    assert not title_matches("Weather", "Storm hits coast")


def test_no_title_option_gives_the_body_alone() -> None:
    html = _page("<title>River rises over the week | The Daily Planet</title>", "River rises over the week")
    text = clean_html(html, options=Options(title=False))
    assert text.startswith("Paragraph 0. The river")
    assert "River rises over the week" not in text
    assert text == clean_html(html).split("\n\n", 1)[1]


def test_no_title_keeps_a_page_that_is_only_a_title_empty() -> None:
    html = "<html><head><title>Only a title</title></head><body><h1>Only a title</h1></body></html>"
    assert clean_html(html) == ""
    assert clean_html(html, options=Options(title=False)) == ""


def test_h1_deep_in_the_content_is_not_moved_to_the_top() -> None:
    # counter-example: an <h1> used for a late section stays where it is
    body = _BODY + "<h1>Later section</h1><p>A closing word on what the town learned from the flood.</p>"
    head = '<meta property="og:title" content="River story">'
    html = f"<html><head>{head}</head><body><article>{body}</article></body></html>"
    lines = [x for x in clean_html(html).split("\n") if x]
    assert lines[0] == "River story"
    assert lines.index("Later section") == 7


def test_cli_no_title_jsonl_keeps_the_title_field(tmp_path) -> None:
    from click.testing import CliRunner

    from cleaner.cli import main

    page = tmp_path / "page.html"
    page.write_text(_page("<title>River rises over the week | The Daily Planet</title>", "River rises over the week"))
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["clean", str(page), "-o", str(out), "--no-title", "-j", "1"])
    assert result.exit_code == 0, result.output
    rec = json.loads(out.read_text().splitlines()[0])
    assert rec["title"] == "River rises over the week"
    assert rec["text"].startswith("Paragraph 0")


def test_header_h1_with_the_site_name_is_not_the_title() -> None:
    # a blog header's <h1> is the domain; the article's title is an <h3> and the <title>
    head = "<title>riverlog.example Flood notes</title>"
    body = f'<h1><a href="/">riverlog.example</a></h1><article><h3>Flood notes</h3>{_BODY}</article>'
    text = clean_html(f"<html><head>{head}</head><body>{body}</body></html>", url="https://riverlog.example/a")
    lines = [x for x in text.split("\n") if x]
    assert lines[0] == "Flood notes"
    assert "riverlog.example" not in lines[:2]
    assert lines.count("Flood notes") == 1


def test_a_word_that_is_only_the_domain_label_stays_in_the_title() -> None:
    # Counter-examples: the site's bare name is a word of these titles, not a prefix.
    for title, host in (("Why I left Medium", "medium"), ("Apple pie recipe for beginners", "apple")):
        head = f"<title>{title}</title>"
        body = f"<article><h1>{title}</h1>{_BODY}</article>"
        text = clean_html(f"<html><head>{head}</head><body>{body}</body></html>", url=f"https://{host}.example/a")
        assert text.split("\n")[0] == title


def test_a_slash_inside_a_title_is_not_a_separator() -> None:
    assert strip_site_name("Input / Output in Rust", None) == "Input / Output in Rust"
    assert strip_site_name("Review: AC / DC", None) == "Review: AC / DC"
    # ... but a path of three parts is one
    assert strip_site_name("Why did it fail? / Help / Riverlog Forums", "Riverlog Forums") == "Why did it fail? / Help"


def test_forum_title_path_gives_the_topic_heading_once() -> None:
    head = "<title>Which pump for an old boiler? / Heating Talk / Riverside Forums</title>"
    body = f'<h1><a href="/">Riverside</a></h1><main><h3>Which pump for an old boiler?</h3>{_BODY}</main>'
    text = clean_html(
        f"<html><head>{head}</head><body>{body}</body></html>", url="https://forums.riverside.example/t/1"
    )
    lines = [x for x in text.split("\n") if x]
    assert lines[0] == "Which pump for an old boiler?"
    assert sum("Which pump" in x for x in lines) == 1


def test_a_section_heading_at_the_top_is_not_taken_for_the_title() -> None:
    # Counter-example to the h2/h3 promotion: a heading that is not the main part of the
    # page title stays a body heading, under the title line.
    head = "<title>Pump repairs in winter / Heating Talk / Riverside Forums</title>"
    body = f"<main><h2>Before you start</h2>{_BODY}</main>"
    text = clean_html(f"<html><head>{head}</head><body>{body}</body></html>")
    lines = [x for x in text.split("\n") if x]
    assert lines[0] == "Pump repairs in winter / Heating Talk"
    assert lines[1] == "Before you start"
