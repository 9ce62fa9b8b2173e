"""Per-process memos are bounded in characters, not entries (issue 7, item 5)."""

from __future__ import annotations

import random
import re

from cleaner.memo import ENTRY_OVERHEAD, TextMemo, text_memo
from cleaner.model import Block
from cleaner.rules import appeals, base
from cleaner.textnorm import compare_key


def test_long_texts_are_not_memoised() -> None:
    compare_key.cache_clear()
    big = [f"word{i} " * 5_000 for i in range(200)]  # 200 texts of ~40 KB
    for text in big:
        assert compare_key(text) == " ".join(text.split())
    assert len(compare_key.memo) == 0 and compare_key.memo.used == 0


def test_budget_evicts_least_recently_used() -> None:
    calls: list[str] = []

    @text_memo(max_chars=50, budget=10 * (ENTRY_OVERHEAD + 20))
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    for i in range(1_000):
        assert upper(f"text number {i:05d}") == f"TEXT NUMBER {i:05d}"
    assert upper.memo.used <= upper.memo.budget and 0 < len(upper.memo) <= 10
    calls.clear()
    assert upper("text number 00999") == "TEXT NUMBER 00999"  # recent: a hit
    assert calls == []
    upper("text number 00000")  # evicted long ago: computed again
    assert calls == ["text number 00000"]


def test_every_text_memo_stays_within_its_budget() -> None:
    memos = [compare_key, base.block_form, base._whole_verdicts, base._features, base._hits, appeals._asks]
    assert all(isinstance(m.memo, TextMemo) for m in memos)
    for i in range(20_000):
        text = f"Support our reporting number {i} with a donation of your choosing today"
        appeals.is_appeal(Block(text=text))
        base.full_match("buttons", "block", text)
        compare_key(text)
    for m in memos:
        assert isinstance(m.memo, TextMemo) and m.memo.used <= m.memo.budget


def test_a_text_asked_of_many_whole_block_lists_is_one_memo_entry() -> None:
    """Every rule asks its own list of each short block: the verdicts gather under one entry
    per text, and each is what that list's files' own regexes say of the text's block form."""
    asked = [("share", "block"), ("related", "head"), ("buttons", "block"), ("navigation", "block")]
    texts = ["Share this article", "Related posts", "Subscribe", "Home", "Teilen", "A sentence of prose here."]
    base._whole_verdicts.cache_clear()
    for text in texts:
        for category, key in asked:
            for langs in (base.ALL_LANGS, ("en",), ("en", "de")):
                form = base.block_form(text)
                expected = any(
                    (rx := base._file_regex(category, key, stem)) is not None and rx.fullmatch(form) is not None
                    for stem in (langs or base._phrase_files())
                )
                assert base.full_match(category, key, text, langs) is expected, (text, category, key, langs)
    assert len(base._whole_verdicts.memo) == len(texts)
    assert any(base.full_match(c, k, t) for t in texts for c, k in asked)  # the lists do match something


def test_kept_text_follows_new_cuts() -> None:
    block = Block(text="one two three four")
    assert block.kept_text == "one two three four"
    block.cut(0, 4, "r", "why")
    assert block.kept_text == "two three four"
    block.cut(4, 8, "r", "why")
    assert block.kept_text == "three four"
    block.replace_text("five six")
    assert block.kept_text == "five six"
    block.remove("r", "why")
    assert block.kept_text == ""


def _examples(pattern: str, rng: random.Random, tries: int = 6) -> list[str]:
    """Texts that ``pattern`` matches as a whole (case-insensitively), generated from its
    parse tree with random choices and random letter case; the ones it does not are dropped
    (a look-around, a back-reference)."""
    from re import _constants as c
    from re import _parser

    def gen(items) -> str:  # type: ignore[no-untyped-def]
        out = []
        for op, av in items:
            if op is c.LITERAL:
                out.append(chr(av))
            elif op is c.IN:
                members = [chr(v) for o, v in av if o is c.LITERAL]
                members += [chr(lo) for o, (lo, _) in ((o, v) for o, v in av if o is c.RANGE)]
                out.append(rng.choice(members) if members else "a")
            elif op is c.BRANCH:
                out.append(gen(rng.choice(av[1])))
            elif op is c.SUBPATTERN:
                out.append(gen(av[-1]))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                low, high = av[0], min(av[1], av[0] + 2)
                out.append("".join(gen(av[2]) for _ in range(rng.randint(low, high))))
            elif op is c.ANY:
                out.append("x")
            elif op is c.CATEGORY:
                out.append({c.CATEGORY_DIGIT: "7", c.CATEGORY_SPACE: " "}.get(av, "w"))
        return "".join(out)

    tree = list(_parser.parse(pattern))
    texts = []
    for _ in range(tries):
        text = "".join(ch.swapcase() if rng.random() < 0.3 else ch for ch in gen(tree))
        if re.fullmatch(pattern, text, re.IGNORECASE):
            texts.append(text)
    return texts


def test_the_opening_gate_of_a_whole_block_list_passes_every_text_the_list_matches() -> None:
    """The gate (first characters of the phrases' openings) turns texts away before a list's
    regex is tried: it must never turn away one the list matches, in any letter case, and it
    must turn away most others (what it is for)."""
    rng = random.Random(22)
    lists = {(cat, key) for table in base._phrase_files().values() for cat, keys in table.items() for key in keys}
    checked = 0
    for category, key in sorted(lists):
        gate = base._gate(category, key)
        for table in base._phrase_files().values():
            for pattern in table.get(category, {}).get(key, []):
                for text in _examples(pattern, rng):
                    assert gate.match(text) is not None, (category, key, pattern, text)
                    checked += 1
    assert checked > 1000
    prose = "Zebras graze quietly near the river while the herd rests in the afternoon sun."
    assert base._gate("navigation", "block").match(prose) is None
