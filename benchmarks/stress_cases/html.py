"""Hostile and large HTML pages for the stress benchmark (issue 7, HTML part).

Each case is a zero-argument function returning ``(file name, page bytes)``; sizes are the
ones named in the issue.  Content is generated from a seeded random generator, so every run
builds byte-identical pages.
"""

from __future__ import annotations

import random
from collections.abc import Callable

_SUBJECTS = (
    "The harbour authority",
    "A team of geologists",
    "The regional orchestra",
    "Volunteers from the valley",
    "The night-shift nurses",
    "A cooperative of beekeepers",
    "The old ferry company",
    "Students of the academy",
    "The municipal archive",
    "A small publishing house",
    "The cycling federation",
    "Residents of the east bank",
)
_VERBS = (
    "measured",
    "restored",
    "catalogued",
    "negotiated",
    "rebuilt",
    "surveyed",
    "documented",
    "rehearsed",
    "inspected",
    "planted",
    "translated",
    "repaired",
)
_OBJECTS = (
    "the granite quay",
    "seventeen medieval charters",
    "a forgotten tram depot",
    "the drainage tunnels",
    "an orchard of pear trees",
    "the lighthouse lens",
    "a collection of folk songs",
    "the stone bridge",
    "the wetland boardwalk",
    "a fleet of cargo bikes",
    "the observatory dome",
    "the weaving looms",
)
_TAILS = (
    "before the autumn storms arrived",
    "with money raised at a spring fair",
    "after a decade of neglect",
    "while the river was unusually low",
    "using methods borrowed from shipbuilders",
    "in cooperation with two neighbouring towns",
    "despite a shortage of skilled carpenters",
    "so that schoolchildren could visit it again",
    "under the supervision of a retired engineer",
    "as part of a study on coastal erosion",
    "to the surprise of the local historians",
    "in less time than anyone had predicted",
)
_WORDS = (
    "copper",
    "lantern",
    "meadow",
    "quarry",
    "tidal",
    "granary",
    "signal",
    "mosaic",
    "thistle",
    "foundry",
    "glacier",
    "parish",
    "canal",
    "willow",
    "tannery",
    "beacon",
    "orchard",
    "cistern",
    "furnace",
    "terrace",
)


_SYLLABLES = (
    "ka",
    "lor",
    "ven",
    "mi",
    "sto",
    "ral",
    "dun",
    "bel",
    "ior",
    "tes",
    "gra",
    "no",
    "vik",
    "sel",
    "mar",
    "tho",
    "quin",
    "ard",
    "ley",
    "pol",
    "rus",
    "ena",
    "hal",
    "dor",
    "fen",
    "wick",
    "ost",
    "lan",
    "ber",
    "ux",
)


def _name(rng: random.Random) -> str:
    """A made-up proper name (about 800,000 possible): real pages name many distinct things."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _sentence(rng: random.Random) -> str:
    n = rng.randrange(1000)
    return (
        f"{rng.choice(_SUBJECTS)} of {_name(rng)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} near {_name(rng)} "
        f"{rng.choice(_TAILS)}, according to record {n} kept by {_name(rng)} {_name(rng)}."
    )


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))


def _section(rng: random.Random, i: int) -> str:
    parts = [f"<h2>Section {i}: the {rng.choice(_WORDS)} and the {rng.choice(_WORDS)}</h2>"]
    for _ in range(rng.randint(2, 6)):
        text = _paragraph(rng)
        if rng.random() < 0.4:
            cut = text.find(" ", len(text) // 2)
            text = f'{text[:cut]} <a href="/notes/{rng.randrange(10**6)}">{rng.choice(_WORDS)} notes</a>{text[cut:]}'
        if rng.random() < 0.3:
            text = text.replace(" the ", " the <em>", 1).replace(" register", "</em> register", 1)
        parts.append(f"<p>{text}</p>")
    if rng.random() < 0.3:
        items = "".join(f"<li>{_sentence(rng)}</li>" for _ in range(rng.randint(3, 7)))
        parts.append(f"<ul>{items}</ul>")
    if rng.random() < 0.15:
        parts.append(f"<blockquote><p>{_paragraph(rng)}</p></blockquote>")
    return f'<section class="chapter">{"".join(parts)}</section>\n'


def _page(size: int, seed: int) -> bytes:
    """A long article of exactly ``size`` bytes with navigation, sections, lists and a footer."""
    rng = random.Random(seed)
    head = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Field notes, volume {seed}</title></head><body>"
        '<nav class="site-nav"><ul>'
        + "".join(f'<li><a href="/{w}">{w.title()}</a></li>' for w in _WORDS[:8])
        + "</ul></nav><main><article><h1>Field notes from the estuary towns</h1>\n"
    )
    tail = '</article></main><footer class="site-footer"><p>Estuary Field Notes</p></footer></body></html>'
    parts = [head]
    total = len(head) + len(tail)
    i = 0
    while True:
        s = _section(rng, i)
        if total + len(s.encode()) > size:
            break
        parts.append(s)
        total += len(s.encode())
        i += 1
    parts.append("\n" * (size - total))
    parts.append(tail)
    return "".join(parts).encode("utf-8")


def _wrap(body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>Stress page</title></head><body>{body}</body></html>".encode()


def _br_lines(n: int) -> bytes:
    rng = random.Random(n)
    lines = "<br>".join(f"{rng.choice(_WORDS)} {i}" for i in range(n))
    return _wrap(f"<p>{lines}</p>")


def html_br_80k() -> tuple[str, bytes]:
    return "br-80k.html", _br_lines(80_000)


def html_br_1m() -> tuple[str, bytes]:
    return "br-1m.html", _br_lines(1_000_000)


def html_attrs_500k() -> tuple[str, bytes]:
    attrs = " ".join(f'data-a{i}="{i}"' for i in range(500_000))
    rng = random.Random(7)
    prose = "".join(f"<p>{_paragraph(rng)}</p>" for _ in range(5))
    return "attrs-500k.html", _wrap(f"<div {attrs}>{prose}</div>")


def html_siblings_100k() -> tuple[str, bytes]:
    rng = random.Random(100_000)
    # Short distinct lines: the case is about the number of siblings, not the amount of prose.
    lines = (f"<p>{i}: {_name(rng)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}.</p>" for i in range(100_000))
    return "siblings-100k.html", _wrap("".join(lines))


def html_deep_100k() -> tuple[str, bytes]:
    n = 100_000
    return "deep-100k.html", _wrap("<div>" * n + "<p>" + _paragraph(random.Random(n)) + "</p>" + "</div>" * n)


def html_deep_b_1m() -> tuple[str, bytes]:
    n = 1_000_000
    return "deep-b-1m.html", _wrap("<p>" + "<b>" * n + _paragraph(random.Random(n)) + "</b>" * n + "</p>")


def html_5mb() -> tuple[str, bytes]:
    return "page-5mb.html", _page(5_000_000, 5)


def html_20mb() -> tuple[str, bytes]:
    # Exactly the default --max-bytes (20,000,000), so the page is cleaned, not refused.
    return "page-20mb.html", _page(20_000_000, 20)


CASES: dict[str, Callable[[], tuple[str, bytes]]] = {
    "html-br-80k": html_br_80k,
    "html-br-1m": html_br_1m,
    "html-attrs-500k": html_attrs_500k,
    "html-siblings-100k": html_siblings_100k,
    "html-deep-100k": html_deep_100k,
    "html-deep-b-1m": html_deep_b_1m,
    "html-5mb": html_5mb,
    "html-20mb": html_20mb,
}
