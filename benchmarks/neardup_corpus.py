"""A corpus with planted near-copies and hard negatives, for ``benchmarks/neardup.py``.

Words are synthetic (syllable strings with a Zipf-like frequency, per-topic vocabularies on
top of a shared common-word list), so nothing here shares phrasing with the rules or with
any real page.  Every document is generated from ``(seed, index)`` alone, so the corpus can
be regenerated and streamed twice without being held (the 1M-document benchmark does).

Planted copies (each copy applies 1-2 of these at random):
  * word substitutions, a rate drawn uniformly up to 8% of the words;
  * one paragraph dropped;
  * a boilerplate block (30-80 words) added at the top or the bottom;
  * the tail cut (the last 10-25% of the words);
  * quote and spacing changes (straight/curly quotes, doubled spaces, re-wrapped lines).
Hard negatives (never duplicates of each other):
  * families of documents sharing one long identical boilerplate block (120-200 words,
    one of 30 blocks, so each recurs across the corpus like a site's template) around
    different articles of 5-9 paragraphs;
  * pairs of documents on the same topic sharing two identical sentences.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

_SYL = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "ta",
    "si",
    "po",
    "de",
    "va",
    "zu",
    "be",
    "gor",
    "tin",
    "mar",
    "ost",
    "el",
    "an",
    "ur",
    "quen",
    "dra",
    "pli",
    "sho",
    "wex",
    "fy",
    "ja",
    "hul",
    "bri",
    "cet",
    "nok",
]


def _vocab(rng: random.Random, size: int, syllables: tuple[int, int]) -> list[str]:
    out: set[str] = set()
    while len(out) < size:
        out.add("".join(rng.choice(_SYL) for _ in range(rng.randint(*syllables))))
    words = sorted(out)
    rng.shuffle(words)
    return words


@dataclass
class Doc:
    id: str
    text: str
    group: int  # planted group (original and its copies share it); -1: no planted copies


class Generator:
    """Deterministic documents: ``docs(n)`` streams n of them with their planted groups."""

    def __init__(self, seed: int = 7, topics: int = 200) -> None:
        rng = random.Random(seed)
        self.seed = seed
        self.common = _vocab(rng, 150, (1, 2))
        self.topic_words = [_vocab(rng, 400, (2, 4)) for _ in range(topics)]
        self.boiler = [self._words(rng, rng.randrange(topics), rng.randint(120, 200)) for _ in range(30)]
        self.topics = topics

    # -- text -----------------------------------------------------------------------------
    def _word(self, rng: random.Random, topic: int) -> str:
        words = self.common if rng.random() < 0.45 else self.topic_words[topic]
        return words[int(math.exp(rng.random() * math.log(len(words) + 1))) - 1]  # P(rank) ~ 1/rank

    def _words(self, rng: random.Random, topic: int, n: int) -> list[str]:
        return [self._word(rng, topic) for _ in range(n)]

    def _sentence(self, rng: random.Random, topic: int) -> str:
        w = self._words(rng, topic, rng.randint(8, 24))
        return w[0].capitalize() + " " + " ".join(w[1:]) + rng.choice([".", ".", ".", "?", "!"])

    def _article(self, rng: random.Random, topic: int, least: int = 3) -> list[list[str]]:
        """Paragraphs of sentences: ``least``-9 paragraphs of 2-6 sentences."""
        return [[self._sentence(rng, topic) for _ in range(rng.randint(2, 6))] for _ in range(rng.randint(least, 9))]

    @staticmethod
    def _render(paras: list[list[str]]) -> str:
        return "\n\n".join(" ".join(p) for p in paras)

    # -- copies ---------------------------------------------------------------------------
    def _copy(self, rng: random.Random, paras: list[list[str]], topic: int) -> str:
        paras = [list(p) for p in paras]
        ops = rng.sample(["subst", "drop", "boiler", "tail", "quotes"], rng.randint(1, 2))
        if "drop" in ops and len(paras) > 2:
            del paras[rng.randrange(len(paras))]
        text = self._render(paras)
        if "subst" in ops:
            rate = rng.uniform(0.0, 0.08)
            tokens = text.split(" ")
            for i in range(len(tokens)):
                if rng.random() < rate:
                    tokens[i] = self._word(rng, topic)
            text = " ".join(tokens)
        if "tail" in ops:
            tokens = text.split(" ")
            text = " ".join(tokens[: int(len(tokens) * (1 - rng.uniform(0.1, 0.25)))])
        if "boiler" in ops:
            block = " ".join(self._words(rng, rng.randrange(self.topics), rng.randint(30, 80))).capitalize() + "."
            text = block + "\n\n" + text if rng.random() < 0.5 else text + "\n\n" + block
        if "quotes" in ops:
            tokens = text.split(" ")
            for i in range(0, len(tokens), rng.randint(5, 15)):
                tokens[i] = rng.choice(['"{}"', "“{}”", "'{}'", "«{}»"]).format(tokens[i])
            text = rng.choice(["  ", " ", "\n"]).join(tokens)
        return text

    # -- corpus ---------------------------------------------------------------------------
    def docs(self, n: int, copy_share: float = 0.3, negative_share: float = 0.2) -> Iterator[Doc]:
        """n documents: groups of an original with 1-3 copies, hard-negative families and
        pairs, singletons; in a shuffled-looking but fixed order.  O(n) time, O(1) memory
        per document beyond the group being emitted."""
        emitted = 0
        block = 0
        while emitted < n:
            rng = random.Random(f"{self.seed}:{block}")
            topic = rng.randrange(self.topics)
            roll = rng.random()
            out: list[Doc] = []
            if roll < copy_share:
                paras = self._article(rng, topic)
                out.append(Doc(f"d{block}-0", self._render(paras), block))
                for c in range(rng.randint(1, 3)):
                    out.append(Doc(f"d{block}-{c + 1}", self._copy(rng, paras, topic), block))
            elif roll < copy_share + negative_share / 2:
                boiler = " ".join(rng.choice(self.boiler)).capitalize() + "."
                for c in range(rng.randint(2, 4)):
                    body = self._render(self._article(rng, topic, 5))
                    out.append(Doc(f"d{block}-{c}", body + "\n\n" + boiler if c % 2 else boiler + "\n\n" + body, -1))
            elif roll < copy_share + negative_share:
                shared = [self._sentence(rng, topic) for _ in range(2)]
                for c in range(2):
                    paras = self._article(rng, topic)
                    paras[rng.randrange(len(paras))].extend(shared)
                    out.append(Doc(f"d{block}-{c}", self._render(paras), -1))
            else:
                out.append(Doc(f"d{block}-0", self._render(self._article(rng, topic)), -1))
            yield from out[: n - emitted]
            emitted += len(out[: n - emitted])
            block += 1
