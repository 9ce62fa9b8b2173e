"""Per-process memos are bounded in characters, not entries (issue 7, item 5)."""

from __future__ import annotations

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
