"""Safe parsing: size cap, no network or entity expansion, fallback for broken markup."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.extract.html.parse import parse
from cleaner.options import Options

ARTICLE = "<p>" + "This paragraph is part of the article and has enough words to count as prose. " * 3 + "</p>"


def test_size_cap_raises_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match="too large"):
        cleaner.clean_html(b"<p>x</p>" * 100, options=Options(max_bytes=100))


def test_external_entities_are_not_loaded() -> None:
    html = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<html><body><p>before &xxe; after</p>" + ARTICLE + "</body></html>"
    )
    out = cleaner.clean_html(html)
    assert "root:" not in out


def test_entity_expansion_bomb_is_not_expanded() -> None:
    lol = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    out = cleaner.clean_html(lol + "<html><body><p>&b;&b;&b;</p>" + ARTICLE + "</body></html>")
    assert "aaaaaaaaaa" not in out


def test_str_with_xml_declaration_parses() -> None:
    root = parse('<?xml version="1.0" encoding="utf-8"?><html><body><p>é</p></body></html>')
    assert root.find("body/p").text == "é"


def test_empty_and_garbage_input() -> None:
    assert cleaner.clean_html(b"") == ""
    assert cleaner.clean_html(b"\x00\x00\x00") == ""
    assert isinstance(cleaner.clean_html("<<<>>><p<<"), str)


def test_fragment_without_html_or_body() -> None:
    out = cleaner.clean_html(ARTICLE)
    assert "part of the article" in out


def test_standard_entities_are_decoded() -> None:
    out = cleaner.clean_html(
        "<p>Fish &amp; chips &mdash; &#8220;good&#8221; " + "and more words of prose here. " * 5 + "</p>"
    )
    assert "Fish & chips — “good”" in out


def test_markup_deeper_than_libxml2_allows_falls_back() -> None:
    deep = "<div>" * 5000 + "<p>Deep text of the article, with enough words to be prose.</p>" + "</div>" * 5000
    assert "Deep text of the article" in cleaner.clean_html(deep)
