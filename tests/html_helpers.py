"""Shared prose for the HTML tests: distinct paragraphs that read like an article."""

from __future__ import annotations

SENTENCES = [
    "The council met on Tuesday to discuss the new budget for the coming year and its many open questions.",
    "Members agreed that the school buildings in the north of the town need repairs before the winter comes.",
    "A local bakery has been asked to supply bread for the festival, which returns after a break of three years.",
    "Residents complained about the noise from the construction site near the river during the night shifts.",
    "The mayor said that the new bus line would connect the hospital with the railway station by next spring.",
    "Farmers in the valley expect a good harvest after a wet summer, although prices have fallen since March.",
    "The library will open on Sundays from next month, staffed by volunteers who signed up at the town hall.",
]


def para(i: int) -> str:
    """Distinct prose for paragraph ``i`` (dedup would collapse repeated paragraphs)."""
    return f"{SENTENCES[i % 7]} {SENTENCES[(i + 3) % 7]}"


def paras(stop: int, label: str = "Paragraph", start: int = 0) -> str:
    """``<p>`` elements ``start..stop-1`` of distinct prose, each ending "<label> <i>."."""
    return "".join(f"<p>{para(i)} {label} {i}.</p>" for i in range(start, stop))
