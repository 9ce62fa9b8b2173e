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


@pytest.mark.parametrize("label", ["unicode_escape", "utf-7", "undefined", "punycode", "rot13", "base64", "idna"])
@pytest.mark.parametrize("where", ["meta", "http"])
def test_labels_no_browser_honours_are_ignored(label: str, where: str) -> None:
    """Issue 23.11: unicode_escape made markup from escapes, utf-7 was decoded, undefined/punycode raised."""
    body = b"<p>caf\\xe9 \\x3cb\\x3ebold\\x3c/b\\x3e \\N{BEL} +ADw-i+AD4- done</p>"
    data = (b'<meta charset="' + label.encode() + b'">' if where == "meta" else b"") + body
    text, enc = decode_bytes(data, label if where == "http" else None)
    assert text.endswith(body.decode("ascii")) and "\a" not in text and enc == "utf-8"


@pytest.mark.parametrize(
    "label,codec",
    [
        ("latin1", "cp1252"),
        ("ascii", "cp1252"),
        ("ISO-8859-1", "cp1252"),
        (" iso_8859-1:1987 ", "cp1252"),
        ("x-sjis", "cp932"),
        ("gb2312", "gb18030"),
        ("ks_c_5601-1987", "cp949"),
        ("iso-8859-8-i", "iso8859-8"),
        ("x-mac-cyrillic", "mac-cyrillic"),
        ("unicode-1-1-utf-8", "utf-8"),
        ("utf-7", None),
        ("utf-32", None),
        ("cp437", None),
        ("latin-1", None),
        ("hz-gb-2312", None),
        ("x-user-defined", None),
    ],
)
def test_labels_follow_the_whatwg_encoding_standard(label: str, codec: str | None) -> None:
    assert normalize_encoding(label) == codec


def test_a_detected_encoding_no_browser_supports_is_not_used() -> None:
    data = b"<p>Hi +ADw-script+AD4-alert(1)+ADw-/script+AD4- \xe9t\xe9</p>"
    text, enc = decode_bytes(data)
    assert "<script>" not in text and enc != "utf-7"
