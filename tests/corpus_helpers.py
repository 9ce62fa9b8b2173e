"""Synthetic articles for the corpus-dedup tests: words drawn from a seeded generator, so the
tests share no phrasing with the rules and need no data files."""

from __future__ import annotations

import random

_SYL = ["ka", "lo", "mi", "ne", "ru", "ta", "si", "po", "de", "va", "zu", "be", "gor", "tin", "mar", "ost"]


def vocabulary(seed: int, size: int = 3000) -> list[str]:
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYL) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def paragraphs(seed: int, count: int = 6, words: int = 60) -> list[str]:
    """``count`` paragraphs of ``words`` words, different for every seed."""
    rng = random.Random(seed)
    vocab = vocabulary(1)
    out = []
    for _ in range(count):
        w = [rng.choice(vocab) for _ in range(words)]
        out.append(w[0].capitalize() + " " + " ".join(w[1:]) + ".")
    return out


def article(seed: int, count: int = 6, words: int = 60) -> str:
    return "\n\n".join(paragraphs(seed, count, words))


def substitute(text: str, rate: float, seed: int) -> str:
    """Replace about ``rate`` of the words with other words."""
    rng = random.Random(seed)
    vocab = vocabulary(2)
    tokens = text.split(" ")
    step = max(1, round(1 / rate))
    for i in range(rng.randrange(step), len(tokens), step):
        tokens[i] = rng.choice(vocab)
    return " ".join(tokens)
