"""decode_bytes: BOMs, declared and meta charsets, wrong labels, UTF-16, no charset at all."""

from __future__ import annotations

import codecs

import pytest

from cleaner.sources.decode import decode_bytes, normalize_encoding

TEXT = "Grüße aus Köln – “Zitat” €"


def test_utf8_bom_wins_over_declared_charset() -> None:
    text, enc = decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "iso-8859-1")
    assert (text, enc) == (TEXT, "utf-8")


@pytest.mark.parametrize("enc,bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_utf16_with_bom(enc: str, bom: bytes) -> None:
    assert decode_bytes(bom + TEXT.encode(enc)) == (TEXT, enc)


def test_utf16_without_bom_is_recognised_by_nul_pattern() -> None:
    html = "<html><body><p>" + TEXT + "</p></body></html>"
    text, enc = decode_bytes(html.encode("utf-16-le"))
    assert enc == "utf-16-le" and TEXT in text


def test_declared_http_charset_is_used_when_valid() -> None:
    data = "Привет, мир".encode("koi8-r")
    text, enc = decode_bytes(data, "koi8-r")
    assert text == "Привет, мир" and codecs.lookup(enc).name == "koi8-r"


def test_meta_charset_is_used() -> None:
    data = '<html><head><meta charset="windows-1252"></head><body>Caf\xe9 “ok”</body></html>'.encode("cp1252")
    text, enc = decode_bytes(data)
    assert enc == "cp1252" and "Café “ok”" in text


def test_http_equiv_content_type() -> None:
    data = b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2"><p>\xb1\xe6</p>'
    text, enc = decode_bytes(data)
    assert enc == "iso8859-2" and "ąć" in text


def test_utf8_declared_as_latin1_is_utf8() -> None:
    data = ('<meta charset="iso-8859-1"><p>' + TEXT + "</p>").encode("utf-8")
    text, enc = decode_bytes(data)
    assert enc == "utf-8" and TEXT in text


def test_wrong_declared_utf8_falls_back() -> None:
    data = ("<p>" + "Straße und Größe, schöne Grüße. " * 20 + "</p>").encode("cp1252")
    text, enc = decode_bytes(data, "utf-8")
    assert "Straße" in text and enc != "utf-8"


def test_no_charset_at_all_latin1() -> None:
    data = ("<p>" + "Le café était très agréable à côté de la forêt. " * 10 + "</p>").encode("cp1252")
    text, _ = decode_bytes(data)
    assert "café était très agréable" in text


def test_unknown_label_and_garbage_never_raise() -> None:
    text, enc = decode_bytes(b"\xff\xfe\xfd\x80abc\x81", "no-such-charset")
    assert isinstance(text, str) and enc


def test_ascii_only() -> None:
    assert decode_bytes(b"plain text", html=False) == ("plain text", "utf-8")


def test_text_dump_ignores_meta_like_content() -> None:
    data = 'a note: <meta charset="koi8-r"> is how you write it — ok'.encode()
    text, enc = decode_bytes(data, html=False)
    assert enc == "utf-8" and "—" in text


def test_normalize_encoding_aliases() -> None:
    assert normalize_encoding("ISO-8859-1") == "cp1252"
    assert normalize_encoding("UTF8") == "utf-8"
    assert normalize_encoding("bogus") is None
