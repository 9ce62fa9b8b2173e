"""Stress cases for the rules, dedup and the text splitter (issue 7, item 3 and 5).

Each case is a zero-argument function returning ``(file name, content bytes)``; the stress
runner writes it to a temporary folder and times ``cleaner clean FILE -o OUT -j 1``.  Content
is built from a fixed-seed pseudo-random vocabulary of neutral words (none from the rules'
phrase lists), so every run produces the same bytes.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable

# Neutral vocabulary: nouns, verbs and adjectives of ordinary reporting prose.
_COMMON = (
    "the a of in and to on for with at from by as was were is are had has that this which "
    "after before during while when where because although since until over under into "
    "river valley farmers harvest bridge council village market winter summer morning evening "
    "teachers students hospital doctors engineers workers families neighbours children elders "
    "road railway station harbour factory orchard vineyard forest meadow coast island mountain "
    "built repaired measured counted planted carried opened closed moved painted studied "
    "described recorded visited crossed gathered watched noticed explained arrived travelled "
    "old new small large quiet busy narrow wide early late northern southern eastern western "
    "wooden stone copper silver golden green yellow bright heavy gentle sudden careful local "
    "water bread salt grain cattle sheep horses boats nets tools stones bricks beams roofs walls "
    "year month week day season decade century hour spring autumn rainfall drought flood frost"
).split()
_SYLLABLES = (
    "ka lo mi ra ten vus dor pel sin gra tho lem var quin bro fel dun mar zel cor hal ves tri "
    "nor pan sul ber gon lis ach ond"
).split()


def _rare_words(rng: random.Random, n: int) -> list[str]:
    """Long invented words: what makes paragraphs distinct (names, places, terms)."""
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 5))))
    return sorted(out)


def _sentence(rng: random.Random, rare: list[str], words: int) -> str:
    picked = [rng.choice(_COMMON) if rng.random() < 0.8 else rng.choice(rare) for _ in range(words)]
    return " ".join(picked).capitalize() + "."


def _paragraph(rng: random.Random, rare: list[str], sentences: int = 4) -> str:
    return " ".join(_sentence(rng, rare, rng.randint(9, 18)) for _ in range(sentences))


def _dump(paragraphs: list[str], title: str = "Notes from the valley") -> bytes:
    return (title + "\n\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8")


def stray_closers(n: int = 10_000) -> tuple[str, bytes]:
    """``n`` stray ``[/foo]`` closers (no opener) inside the prose of one paragraph."""
    rng = random.Random(1)
    rare = _rare_words(rng, 500)
    words = [rng.choice(_COMMON) if rng.random() < 0.8 else rng.choice(rare) for _ in range(3 * n)]
    for i in range(n):
        words.insert(4 * i + 2, "[/foo]")
    return "stray-closers.txt", _dump([_paragraph(rng, rare), " ".join(words) + ".", _paragraph(rng, rare)])


def stray_closers_lines(n: int = 10_000) -> tuple[str, bytes]:
    """``n`` stray ``[/foo]`` closers, one per line between short prose lines."""
    rng = random.Random(2)
    rare = _rare_words(rng, 500)
    lines = [f"{_sentence(rng, rare, 6)} [/foo]" for _ in range(n)]
    return "stray-closers-lines.txt", _dump(["\n".join(lines)])


def nested_shortcodes(n: int = 100_000) -> tuple[str, bytes]:
    """``[a][a]...text...[/a][/a]``: ``n`` nested unknown shortcodes round one paragraph."""
    rng = random.Random(3)
    rare = _rare_words(rng, 200)
    body = "[a]" * n + _paragraph(rng, rare) + "[/a]" * n
    return "nested-shortcodes.txt", _dump([_paragraph(rng, rare), body, _paragraph(rng, rare)])


def nested_media_shortcodes(n: int = 100_000) -> tuple[str, bytes]:
    """``n`` nested ``[caption]`` (a media shortcode, cut with its content) and ``[gallery]``."""
    rng = random.Random(4)
    rare = _rare_words(rng, 200)
    body = '[caption id="x"][gallery ids="1,2"]' * (n // 2) + _paragraph(rng, rare) + "[/caption]" * (n // 2)
    return "nested-media-shortcodes.txt", _dump([_paragraph(rng, rare), body, _paragraph(rng, rare)])


def shared_longest_words(n: int = 5_000) -> tuple[str, bytes]:
    """``n`` different paragraphs that all carry the same four longest words."""
    rng = random.Random(5)
    rare = _rare_words(rng, 3000)
    shared = ["thornquistvale", "marrowdunhelm", "quintelbrosk", "velmarcorith"]
    paras = []
    for _ in range(n):
        words = _paragraph(rng, [w for w in rare if len(w) < 12], 3).split()
        for w in shared:
            words.insert(rng.randrange(len(words)), w)
        paras.append(" ".join(words))
    return "shared-longest-words.txt", _dump(paras)


def same_opening(n: int = 5_000) -> tuple[str, bytes]:
    """``n`` different paragraphs of varied length that open with the same six words."""
    rng = random.Random(6)
    rare = _rare_words(rng, 3000)
    opening = "In the northern valley the farmers"
    paras = [opening + " " + _paragraph(rng, rare, rng.randint(1, 6)) for _ in range(n)]
    return "same-opening.txt", _dump(paras)


def paragraphs(n: int) -> tuple[str, bytes]:
    """A text dump of ``n`` varied paragraphs, with some repeats and excerpts as real dumps have."""
    rng = random.Random(7)
    rare = _rare_words(rng, 20_000)
    paras: list[str] = []
    for _ in range(n):
        r = rng.random()
        if paras and r < 0.05:
            paras.append(rng.choice(paras))  # a repeated paragraph
        elif paras and r < 0.08:
            src = rng.choice(paras)
            paras.append(src[: len(src) // 2].rsplit(" ", 1)[0] + " ...")  # an excerpt
        else:
            paras.append(_paragraph(rng, rare, rng.randint(1, 3)))
    return f"paragraphs-{n // 1000}k.txt", _dump(paras)


def memory_records(n: int = 5_000) -> tuple[str, bytes]:
    """A JSONL of ``n`` text records, each with two paragraphs of 10-50 KB (cache sizing)."""
    rng = random.Random(8)
    rare = _rare_words(rng, 5000)
    lines = []
    for i in range(n):
        paras = [_paragraph(rng, rare, 2)]
        for _ in range(2):
            size = rng.randint(10_000, 50_000)
            chunk: list[str] = []
            length = 0
            while length < size:
                s = _sentence(rng, rare, rng.randint(9, 18))
                chunk.append(s)
                length += len(s) + 1
            paras.append(" ".join(chunk))
        lines.append(json.dumps({"id": f"rec-{i}", "text": "\n\n".join(paras)}))
    return "memory-5000-records.jsonl", ("\n".join(lines) + "\n").encode("utf-8")


CASES: dict[str, Callable[[], tuple[str, bytes]]] = {
    "stray-closers-10k": lambda: stray_closers(10_000),
    "stray-closers-16k": lambda: stray_closers(16_000),
    "stray-closers-lines-10k": lambda: stray_closers_lines(10_000),
    "nested-shortcodes-100k": lambda: nested_shortcodes(100_000),
    "nested-media-shortcodes-100k": lambda: nested_media_shortcodes(100_000),
    "shared-longest-words-5k": lambda: shared_longest_words(5_000),
    "shared-longest-words-20k": lambda: shared_longest_words(20_000),
    "same-opening-5k": lambda: same_opening(5_000),
    "paragraphs-10k": lambda: paragraphs(10_000),
    "paragraphs-50k": lambda: paragraphs(50_000),
    "memory-5000-records": lambda: memory_records(5_000),
}
