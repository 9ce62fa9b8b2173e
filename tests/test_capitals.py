"""One definition of a capitalised name word in every script with case, and of the words that
credit a person ("by", "von", "par"...), shared by the author, button and image rules (issue 18.5)."""

from __future__ import annotations

import re

import pytest

from cleaner.rules.authors import credits_person
from cleaner.rules.base import ALL_LANGS, _phrase_files, phrases
from cleaner.rules.buttons import is_ad_label
from cleaner.rules.imagelabels import is_credit_line
from cleaner.textnorm import LOWER, NAME_WORD, UPPER

NAMES = ["Łukasz Nowak", "Anders Ørsted", "Ἀθῆναι Παππᾶ", "Иван Петров", "Jane Roe"]
LOWER_CASE = ["łukasz nowak", "anders ørsted", "ἀθῆναι παππᾶ", "иван петров", "jane roe"]


@pytest.mark.parametrize("word", ["Łukasz", "Ørsted", "Ἀθῆναι", "Иван", "Jane", "O’neil"])
def test_a_capitalised_word_of_any_script_is_a_name_word(word: str) -> None:
    assert re.fullmatch(NAME_WORD, word)


@pytest.mark.parametrize("word", ["łukasz", "ørsted", "ἀθῆναι", "иван", "jane", "ŁUKASZ", "Ł", "北京"])
def test_lower_case_capitals_only_and_caseless_words_are_not(word: str) -> None:
    assert not re.fullmatch(NAME_WORD, word)


def test_capitals_cover_every_cased_script() -> None:
    capital = re.compile(f"[{UPPER}]")
    assert all(capital.match(c) for c in "AÉŁØΑἈИԱႠᎠ𐐀ǅ")
    assert not any(capital.match(c) for c in "aéłøαиա1_北")


@pytest.mark.parametrize("name", NAMES)
def test_the_rules_take_a_name_in_any_script(name: str) -> None:
    """authors.py accepted "Łukasz" and imagelabels.py and buttons.py rejected it: one class now."""
    assert credits_person(f"Filed by {name}")
    assert is_credit_line(f"AFP/{name}", ALL_LANGS)
    assert is_ad_label(f"Sponsored by {name}", ALL_LANGS)


@pytest.mark.parametrize("name", LOWER_CASE)
def test_a_lower_case_name_is_no_name(name: str) -> None:
    assert not credits_person(f"Filed by {name}")
    assert not is_credit_line(f"AFP/{name}", ALL_LANGS)
    assert not is_ad_label(f"Sponsored by {name}", ALL_LANGS)


def test_an_all_capitals_agency_of_any_script() -> None:
    assert is_credit_line("ТАСС/Иван Петров", ALL_LANGS)


def test_every_phrase_file_says_how_it_credits_a_person() -> None:
    """The "by" words are data, one list per language file: a new language must give its own."""
    for stem, table in _phrase_files().items():
        assert table.get("byline", {}).get("by"), f"data/phrases/{stem}.toml has no byline.by"


@pytest.mark.parametrize("word", sorted(set(phrases("byline", "by"))))
def test_each_languages_by_word_credits_a_person(word: str) -> None:
    assert credits_person(f"Reportage {word} Anna Weber")
    assert credits_person(f"Reportage {word.capitalize()} Łukasz Nowak")
    assert not credits_person(f"Reportage {word} anna weber")


def test_the_capital_and_small_letter_classes_hold_exactly_the_cased_letters() -> None:
    """UPPER and LOWER are written as character ranges (escaped where the class syntax needs
    it): as regex classes they hold exactly the capitals (and title-case letters) and the
    small letters of the first two planes, nothing else."""
    upper, lower = re.compile(f"[{UPPER}]"), re.compile(f"[{LOWER}]")
    for cp in range(0x20000):
        c = chr(cp)
        assert (upper.fullmatch(c) is not None) == (c.isupper() or c.istitle()), hex(cp)
        assert (lower.fullmatch(c) is not None) == c.islower(), hex(cp)
