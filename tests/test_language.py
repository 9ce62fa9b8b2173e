"""Language is an input of the rules: a page is matched against its language's phrases plus
English, never every language's (issue 9, "the rules themselves")."""

from __future__ import annotations

import cleaner
from cleaner import Document
from cleaner.extract.language import guess_language, primary_code
from cleaner.pipeline import process
from cleaner.rules.base import phrase_langs

BODY = (
    "The river rose by two metres overnight and the lower town was evacuated before dawn, "
    "with the fire brigade carrying the last residents out by boat."
)
DONATION = "The mayor asked residents to make a donation to the flood fund, and the response was overwhelming."


def test_english_sentence_with_a_polish_address_word_is_not_an_appeal() -> None:
    # "was" is a Polish reader-address word ("you"); on an English page it is a verb.
    doc = process(Document(id="t", raw=f"Flood in the lower town\n\n{BODY}\n\n{DONATION}", kind="text"))
    assert doc.language == "en"
    assert DONATION in cleaner.render_text(doc)


def test_a_real_appeal_is_still_removed_on_an_english_page() -> None:
    appeal = "If you value our reporting, please consider becoming a member today."
    doc = process(Document(id="t", raw=f"Flood in the lower town\n\n{BODY}\n\n{appeal}", kind="text"))
    assert appeal not in cleaner.render_text(doc)
    assert doc.rule_counts().get("appeal") == 1


def test_a_german_page_uses_german_phrases() -> None:
    body = (
        "Der Fluss ist in der Nacht um zwei Meter gestiegen, und die Unterstadt wurde noch vor "
        "dem Morgengrauen geräumt, weil die Feuerwehr mit Booten die letzten Bewohner holte."
    )
    doc = process(Document(id="t", raw=f"Hochwasser in der Unterstadt\n\n{body}\n\nLesen Sie auch", kind="text"))
    assert doc.language == "de"
    assert doc.rule_counts().get("related") == 1


def test_guess_and_declared_codes() -> None:
    assert guess_language([BODY]) == "en"
    assert guess_language(["Der Fluss ist in der Nacht gestiegen und die Stadt wurde geräumt."]) == "de"
    assert guess_language(["12 34 56"]) is None
    assert primary_code("en-US") == "en" and primary_code("pt_BR") == "pt" and primary_code("") is None


def test_phrase_files_for_a_language() -> None:
    assert phrase_langs("en") == ("en",)
    assert phrase_langs("de") == ("en", "de")
    assert phrase_langs("pt") == ("en", "es")  # es.toml holds Spanish and Portuguese
    assert phrase_langs("ru") == ("en",)  # no file of its own: English only
    assert phrase_langs(None) == ()  # unknown: every file
