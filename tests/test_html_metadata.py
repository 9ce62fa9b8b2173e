"""Metadata: title (og:title, h1, <title> minus site name), canonical URL, author, date, language."""

from __future__ import annotations

import cleaner
from cleaner.extract.html.metadata import iso_date, strip_site_name

PROSE = "".join(
    f"<p>The river rose overnight and the village moved its cars to higher ground, paragraph {i}.</p>" for i in range(4)
)


def run(head: str, body: str = "", url: str | None = "https://example.org/a/b") -> cleaner.Document:
    doc = cleaner.Document(
        id="x", raw=f"<html lang='en-GB'><head>{head}</head><body>{body}{PROSE}</body></html>", kind="html", url=url
    )
    return cleaner.clean_document(doc)


def test_og_title_and_site_name() -> None:
    doc = run(
        '<meta property="og:title" content="Flood in the valley | Daily Post">'
        '<meta property="og:site_name" content="Daily Post"><title>x</title>'
    )
    assert doc.title == "Flood in the valley"
    assert doc.metadata["site_name"] == "Daily Post"


def test_title_element_minus_site_name() -> None:
    doc = run("<title>Flood in the valley - Daily Post</title>")
    assert doc.title == "Flood in the valley"


def test_h1_when_no_og_title() -> None:
    doc = run("", "<h1>Flood in the valley</h1>")
    assert doc.title == "Flood in the valley"


def test_title_is_the_first_output_line() -> None:
    out = cleaner.clean_html(
        f"<html><head><title>Flood news</title></head><body><h1>Flood news</h1>{PROSE}</body></html>"
    )
    assert out.startswith("Flood news\n\n")
    assert out.count("Flood news") == 1


def test_canonical_url_absolute_and_used_when_no_url() -> None:
    doc = run('<link rel="canonical" href="/a/canonical">')
    assert doc.metadata["canonical_url"] == "https://example.org/a/canonical"
    doc = run('<link rel="canonical" href="https://example.org/c">', url=None)
    assert doc.url == "https://example.org/c"


def test_author_date_language_encoding() -> None:
    doc = run(
        '<meta name="author" content="Ann Example"><meta property="article:published_time" content="2023-05-04T10:20:00+02:00">'  # noqa: E501
    )
    md = doc.metadata
    assert md["author"] == "Ann Example"
    assert md["date"] == "2023-05-04T10:20:00+02:00"
    assert md["language"] == "en-GB"
    assert md["encoding"] == "unicode"


def test_json_ld_author_and_date() -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"name": "Bo Writer"}, "datePublished": "2021-02-03"}</script>'  # noqa: E501
    doc = run(ld)
    assert doc.metadata["author"] == "Bo Writer"
    assert doc.metadata["date"] == "2021-02-03"


def test_iso_date_variants() -> None:
    assert iso_date("2020-1-2") == "2020-01-02"
    assert iso_date("03.04.2019") == "2019-04-03"
    assert iso_date("yesterday") is None


def test_strip_site_name_keeps_titles_without_site() -> None:
    assert strip_site_name("A title without site", None) == "A title without site"
    assert strip_site_name("Home | A much longer article title here", "Home") == "A much longer article title here"
