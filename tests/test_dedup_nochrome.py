"""Repeats in a text with no chrome (issue 21): a line standing alone under each record or
section is the text's own, a body paragraph met twice is still a copy."""

from __future__ import annotations

import cleaner
from cleaner.check import document_findings

PROGRAMS = [
    ("Project Management Essentials", "Plan, schedule and close projects of any size with a team you did not choose."),
    (
        "Digital Marketing Strategy",
        "Build campaigns across search, social and email, and learn to read what they return.",
    ),
    (
        "Human Resources Fundamentals",
        "Recruit, onboard and keep good people, and handle the law that governs each step.",
    ),
    ("Supply Chain Management", "Follow goods from the supplier to the shelf and learn where the money leaks out."),
    (
        "Data Analytics for Managers",
        "Ask better questions of your numbers and present the answers to a sceptical board.",
    ),
]
NOTE = "This certificate program is also available in Spanish."
INTRO = (
    "Our continuing education certificates are taught online by working professionals, and each one "
    "can be finished in a single semester at your own pace."
)
CLOSE = "Enrolment opens on the first of every month, and financial aid is available for every program listed here."


def _listing(*notes: str) -> str:
    blocks = ["Professional Certificate Programs", INTRO]
    for name, blurb in PROGRAMS:
        blocks += [name, blurb, *notes]
    blocks.append(CLOSE)
    return "\n\n".join(blocks) + "\n"


def test_a_note_under_each_record_stays() -> None:
    """Before: the note went as a repeat under every record but the first."""
    text = _listing("Duration: 12 weeks", NOTE)
    out = cleaner.clean_text(text)
    assert out.count(NOTE) == len(PROGRAMS)
    assert [f for f in document_findings(text, "list.txt") if f.rule == "duplicate"] == []


def test_a_template_paragraph_under_each_offer_stays() -> None:
    """Terms of fifteen words or more under every offer: three copies or more, each alone."""
    terms = "Offer valid on new bookings only, for travel completed by the end of March, and not with other offers."
    out = cleaner.clean_text(_listing(terms))
    assert out.count(terms) == len(PROGRAMS)


def test_a_body_paragraph_met_twice_is_still_a_copy() -> None:
    """The counter-example: the body's first paragraph repeated once at its end, in the same
    text with no chrome, goes (and check is sure of it)."""
    text = _listing("Duration: 12 weeks", NOTE) + "\n" + INTRO + "\n"
    assert cleaner.clean_text(text).count(INTRO) == 1
    found = [f for f in document_findings(text, "list.txt") if f.rule == "duplicate"]
    assert [f.confidence.value for f in found] == ["sure"]
