"""What a rule is: a named function that marks blocks or spans of a Document as removed."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

try:  # the regex parser, to find literal openings of patterns
    import re._constants as _c
    import re._parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

from ..dedup.paragraphs import RULE as DEDUP_RULE
from ..memo import text_memo
from ..model import Block, Document
from ..options import Options
from ..steps import Step

# A text rule is a step (cleaner.steps) of the rules stage, the default; the same class.
Rule = Step


@cache
def load_data(name: str) -> dict[str, Any]:
    """Load ``cleaner/rules/data/NAME.toml`` (rule tables live in data files, not code)."""
    with resources.files("cleaner.rules").joinpath("data", f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


# Dedup (cleaner.dedup) is not a Rule but records its removals under its own name (defined
# there, once), which rules read and ``disabled_rules`` takes: disabling it skips dedup.
DUPLICATE = DEDUP_RULE

Langs = tuple[str, ...]  # phrase files (stems of data/phrases/*.toml) a page is matched against


@cache
def _phrase_files() -> dict[str, dict[str, dict[str, list[str]]]]:
    """{file stem: {category: {key: [regex...]}}} for every ``data/phrases/*.toml``."""
    out: dict[str, dict[str, dict[str, list[str]]]] = {}
    folder = resources.files("cleaner.rules").joinpath("data", "phrases")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        with entry.open("rb") as fh:
            table = tomllib.load(fh)
        out[entry.name[:-5]] = {c: dict(keys) for c, keys in table.items() if isinstance(keys, dict)}
    return out


ALL_LANGS: Langs = ()  # the empty tuple stands for "every phrase file" (language unknown)


@cache
def phrase_langs(language: str | None, others: tuple[str, ...] = ()) -> Langs:
    """The phrase files for a page in ``language`` (also speaking ``others``): English plus
    each language's own file (``data/languages.toml`` maps languages sharing a file, e.g.
    pt -> es); every file when the language is unknown.  O(1) after the first call."""
    if not language:
        return ALL_LANGS
    files = _phrase_files()
    table = load_data("languages")["phrase_file"]
    out = ["en"]
    for lang in (language, *others):
        own = table.get(lang, lang)
        if own in files and own not in out:
            out.append(own)
    return tuple(out)


@cache
def language_groups() -> tuple[tuple[str, str], ...]:
    """(language, phrase file) for languages that share a file (pt -> es, nl -> it): their
    stopwords count together when the page's other languages are sought."""
    return tuple(sorted(load_data("languages")["phrase_file"].items()))


def langs_of(doc: Document) -> Langs:
    """The phrase files for ``doc``'s languages (see :func:`phrase_langs`).  O(1)."""
    return phrase_langs(doc.language, doc.other_languages)


@cache
def load_phrases(langs: Langs = ALL_LANGS) -> dict[str, dict[str, list[str]]]:
    """Merge the phrase files ``langs`` (all when empty) into {category: {key: [regex...]}}."""
    merged: dict[str, dict[str, list[str]]] = {}
    for stem, table in _phrase_files().items():
        if langs and stem not in langs:
            continue
        for category, keys in table.items():
            slot = merged.setdefault(category, {})
            for key, values in keys.items():
                slot.setdefault(key, []).extend(values)
    return merged


@cache
def _check(category: str, key: str) -> None:
    """An unknown phrase list is a bug, not "no match": KeyError (checked once per list)."""
    phrases(category, key)


def phrases(category: str, key: str, langs: Langs = ALL_LANGS) -> list[str]:
    """The ``category.key`` list for ``langs``; a key no phrase file has is a bug (KeyError)."""
    every = load_phrases()
    if key not in every.get(category, {}):
        raise KeyError(f"no phrase list {category}.{key} in cleaner/rules/data/phrases")
    return load_phrases(langs).get(category, {}).get(key, [])


@cache
def by_words(*extra: tuple[str, str]) -> str:
    """The words that credit a person before the name in every language (``byline.by`` of
    each phrase file: "by", "von", "par"...) with the ``(category, key)`` lists ``extra``, as
    one regex alternation (longest first).  Loaded once."""
    words = set(phrases("byline", "by"))
    for category, key in extra:
        words.update(phrases(category, key))
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


_LEAD = re.compile(r"^[\s«‹←<|*•·▪►▶✓✔#\-–—]+")
_TRAIL_CHARS = frozenset(":;.,!?…»›→>|*•·▪-–—")
_QUOTE_OPENS = re.compile('[“"„«‘]')  # one C scan, not a generator over five marks per block
_QUOTED = re.compile(r"“[^”]{0,2000}”|\"[^\"]{0,2000}\"|„[^“”]{0,2000}[“”]|«[^»]{0,2000}»|‘[^’]{0,2000}’(?!\w)")


@text_memo()
def block_form(text: str) -> str:
    """The form whole-block phrases are matched against: trimmed of bullets, arrows and
    trailing punctuation, whitespace collapsed (case is handled by the regex flags).

    O(len(text)).  The tail is trimmed by a scan from the end: a ``[...]+$`` pattern is tried
    by ``re`` from every position of a long run of dots, quadratic in its length."""
    text = _LEAD.sub("", text)
    end = len(text)
    while end and (text[end - 1] in _TRAIL_CHARS or text[end - 1].isspace()):
        end -= 1
    return " ".join(text[:end].split())


def outside_quotes(text: str) -> str:
    """Drop quoted speech, so that a quote mentioning "subscribe" or "donate" is not an appeal."""
    return _QUOTED.sub(" ", text) if _QUOTE_OPENS.search(text) else text


@cache
def phrase_regex(category: str, key: str, langs: Langs = ALL_LANGS) -> re.Pattern[str] | None:
    """The ``langs`` patterns for ``category.key`` as one case-insensitive regex."""
    patterns = phrases(category, key, langs)
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Verdicts on a text are pure functions of it: boilerplate lines repeat across the pages of
# a site, so a memo per process, bounded in characters (cleaner.memo), saves most of the work.


@cache
def word_regex(category: str, key: str, langs: Langs = ALL_LANGS) -> re.Pattern[str]:
    """Any of the ``category.key`` words of the ``langs`` files, as whole words."""
    words = sorted(set(phrases(category, key, langs)), key=lambda w: (-len(w), w))
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


def _file_pattern(category: str, key: str, stem: str) -> str | None:
    """One phrase file's ``category.key`` patterns as one regex source, None if it has none."""
    patterns = _phrase_files()[stem].get(category, {}).get(key, [])
    return "|".join(f"(?:{p})" for p in patterns) if patterns else None


@cache
def _file_regex(category: str, key: str, stem: str) -> re.Pattern[str] | None:
    """One phrase file's ``category.key`` patterns as one regex (compiled once per file, not
    once per combination of languages a page may have, and only when a text matches the
    list: :func:`_all_files_regex` answers the common case, no match)."""
    pattern = _file_pattern(category, key, stem)
    return re.compile(pattern, re.IGNORECASE) if pattern is not None else None


def full_match(category: str, key: str, text: str, langs: Langs = ALL_LANGS) -> bool:
    """Is ``text`` (in its :func:`block_form`) as a whole one of the ``category.key`` phrases
    of ``langs``?  O(len(text)) per file, memoised per text whatever the languages."""
    verdicts = _whole_verdicts(text)
    slot = _LIST_SLOTS.get((category, key))
    if slot is None:
        slot = _LIST_SLOTS.setdefault((category, key), len(_LIST_SLOTS))
    got = verdicts.files
    files = got[slot] if slot < len(got) else None
    if files is None:
        files = _full_files(category, key, verdicts.form)
        if slot >= len(got):
            got.extend([None] * (slot + 1 - len(got)))
        got[slot] = files
    return bool(files) and (not langs or not files.isdisjoint(langs))


_NO_FILES: frozenset[str] = frozenset()
# The whole-block lists asked so far (each rule its own: share.block, related.head...), numbered
# in the order first asked: a text's verdicts are a short list by that number, not a dict.
_LIST_SLOTS: dict[tuple[str, str], int] = {}
# Charged to the memo as this many copies of the text, for the form and the verdicts it gathers.
_VERDICTS_FACTOR = 4


@dataclass(slots=True)
class _Verdicts:
    """A text's :func:`block_form` and, per whole-block list asked so far (by its number in
    ``_LIST_SLOTS``; None: not asked yet), the phrase files with a phrase the text is as a whole."""

    form: str
    files: list[frozenset[str] | None]


@text_memo(factor=_VERDICTS_FACTOR)
def _whole_verdicts(text: str) -> _Verdicts:
    """One memo entry per text for every whole-block list the rules ask it of (a dozen rules
    ask each short block; an entry per list and text cost a memo miss each): the lists are
    matched when first asked and their verdicts kept with the text."""
    return _Verdicts(block_form(text), [])


def _full_files(category: str, key: str, form: str) -> frozenset[str]:
    """The phrase files with a ``category.key`` phrase that ``form`` is as a whole.  The
    list's opening gate first (:func:`_gate`), then one regex for the common case, no match;
    each file's only when there is one."""
    if _gate(category, key).match(form) is None or _all_files_regex(category, key).fullmatch(form) is None:
        return _NO_FILES
    return frozenset(
        stem
        for stem in _phrase_files()
        if (rx := _file_regex(category, key, stem)) is not None and rx.fullmatch(form) is not None
    )


GATE_CHARS = 2  # characters of each phrase's literal opening the gate of a whole-block list tests


@cache
def _gate(category: str, key: str) -> re.Pattern[str]:
    """What a text must open with to be, as a whole, one of the ``category.key`` phrases of
    any file: the first :data:`GATE_CHARS` characters of a literal opening of one of them, or
    a match of a phrase whose opening is unknown; case-insensitive, as the phrases are.

    A list's regex tries its few hundred alternatives one after another at the text's start;
    the gate's short alternatives turn four texts in five away for a third of that.  A text
    the list matches always passes: each phrase's openings are what its match must start
    with (:func:`_openings`), compared under the same IGNORECASE rules.  An unknown list is
    a bug, not "no match": KeyError."""
    phrases(category, key)
    known: set[str] = set()
    unknown: list[str] = []
    for stem in _phrase_files():
        for pattern in _phrase_files()[stem].get(category, {}).get(key, []):
            found = _raw_openings(pattern)
            if not found:
                unknown.append(f"(?:{pattern})")
            else:
                known.update(o[:GATE_CHARS] for o in found)
    alternatives = [re.escape(o) for o in sorted(known)] + unknown
    return re.compile("|".join(alternatives) or r"(?!)", re.IGNORECASE)


@cache
def _all_files_regex(category: str, key: str) -> re.Pattern[str]:
    """Every file's ``category.key`` patterns in one regex, a named group per file (its stem),
    so that the common case, no match, costs one regex whatever the page's languages.
    An unknown list is a bug, not "no match": KeyError."""
    phrases(category, key)
    groups = []
    for stem in _phrase_files():
        pattern = _file_pattern(category, key, stem)
        if pattern is not None:
            groups.append(f"(?P<{stem}>{pattern})")
    return re.compile("|".join(groups) or r"(?!)", re.IGNORECASE)


_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Searcher:
    """Every category's patterns for one key ("strong"), indexed by what must occur in a text
    for them to match.

    A big alternation searched at every position is slow in ``re``; instead each pattern is
    tried only when the text holds the rarest complete word of one of its literal openings
    and the opening itself (a set lookup, then a substring test), or, for openings that end
    inside a word, the opening.  One pass serves all categories: the four appeal-like rules
    ask about the same paragraphs.
    """

    patterns: tuple[tuple[str, str, str], ...]  # (phrase file, category, pattern source)
    by_word: dict[str, tuple[tuple[str, int], ...]]
    by_substring: tuple[tuple[str, int], ...]
    always: tuple[int, ...]
    # Patterns compiled so far, by number: each on the first text that makes it a candidate
    # (most never are on a page; compiling them all cost a process a tenth of a second).
    compiled: dict[int, re.Pattern[str]]

    def regex(self, i: int) -> re.Pattern[str]:
        """Pattern ``i``, compiled (case-insensitive) on first use.  O(1) after that."""
        rx = self.compiled.get(i)
        if rx is None:
            rx = self.compiled[i] = re.compile(self.patterns[i][2], re.IGNORECASE)
        return rx


@cache
def _searcher(key: str) -> _Searcher:
    sources = [
        (stem, cat, p)
        for stem, table in _phrase_files().items()
        for cat, keys in table.items()
        for p in keys.get(key, [])
    ]
    by_word: dict[str, list[tuple[str, int]]] = {}
    subs: list[tuple[str, int]] = []
    always: list[int] = []
    for i, (_, _, p) in enumerate(sources):
        openings = literal_openings(p)
        if openings is None:
            always.append(i)
            continue
        for o in sorted(openings):
            word = _index_word(o)
            if word is not None:
                by_word.setdefault(word, []).append((o, i))
            else:
                subs.append((o, i))
    return _Searcher(
        tuple(sources),
        {w: tuple(ix) for w, ix in by_word.items()},
        tuple(subs),
        tuple(always),
        {},
    )


def _index_word(opening: str) -> str | None:
    """The longest complete word of an opening (rare words make few candidates), if any.

    A word is complete when a non-word character follows it inside the opening; the last
    word may be cut ("donat" of ``donat(e|ing)``) and is then only usable as a substring.
    """
    best = None
    for m in _WORD.finditer(opening):
        if m.end() < len(opening) and (best is None or len(m.group()) > len(best)):
            best = m.group()
    return best


@text_memo(factor=3)
def _features(text: str) -> tuple[str, frozenset[str]]:
    """Lower-cased text and its word set, shared by every phrase list searched in it."""
    lower = text.lower()
    return lower, frozenset(_WORD.findall(lower))


@text_memo(per_document=True)
def _hits(key: str, text: str) -> frozenset[tuple[str, str]]:
    """(phrase file, category) of the ``key`` patterns occurring in ``text``, whatever the
    page's languages (so that the memo serves every page).

    Several rules ask this of every block, so its memo keeps one entry per block of the
    document being cleaned, however many blocks it has (see ``memo.document_scope``)."""
    s = _searcher(key)
    lower, tokens = _features(text)
    candidates = set(s.always)
    for word in tokens & s.by_word.keys():
        for opening, i in s.by_word[word]:
            if i not in candidates and opening in lower:
                candidates.add(i)
    for opening, i in s.by_substring:
        if i not in candidates and opening in lower:
            candidates.add(i)
    hits: set[tuple[str, str]] = set()
    for i in sorted(candidates):
        stem, category, _ = s.patterns[i]
        if (stem, category) not in hits and s.regex(i).search(text) is not None:
            hits.add((stem, category))
    return frozenset(hits)


def contains(category: str, key: str, text: str, langs: Langs = ALL_LANGS) -> bool:
    """Does any ``category.key`` pattern of ``langs`` occur in ``text``?  (Indexed, see
    :class:`_Searcher`.)"""
    _check(category, key)
    hits = _hits(key, text)
    return bool(hits) and any(c == category and (not langs or stem in langs) for stem, c in hits)


def block_contains(category: str, key: str, block: Block, langs: Langs = ALL_LANGS, *, unquoted: bool = False) -> bool:
    """:func:`contains` on what is kept of a block, or on its words outside quoted speech."""
    text = block.kept_text
    return contains(category, key, outside_quotes(text) if unquoted else text, langs)


def literal_openings(pattern: str) -> frozenset[str] | None:
    """The literal strings a match of ``pattern`` must start with (lower case, each of at
    least MIN_OPENING characters), or None if unknown."""
    found = _raw_openings(pattern)
    if not found or any(len(o) < MIN_OPENING for o in found):
        return None
    return frozenset(o.lower() for o in found)


def _raw_openings(pattern: str) -> set[str] | None:
    """The literal strings, as written, one of which a match of ``pattern`` starts with; None
    if unknown (an opening class, a look-around, a pattern ``re`` rejects)."""
    try:
        tree = _sre_parse.parse(pattern)
    except re.error:
        return None
    return _openings(list(tree))[0]


_MAX_OPENINGS = 64
MIN_OPENING = 3  # shorter openings ("do") occur in every text and rule nothing out


def _openings(items: list) -> tuple[set[str] | None, bool]:  # type: ignore[type-arg]
    """(possible literal openings, whether the whole sequence was literal)."""
    prefixes = {""}
    for pos, (op, av) in enumerate(items):
        if op is _c.LITERAL:
            prefixes = {p + chr(av) for p in prefixes}
            continue
        if op is _c.AT:
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            # An optional part: the openings with it and without it.
            rest = items[pos + 1 :]
            with_it, _ = _openings(list(av[2]) + rest)
            without, _ = _openings(rest)
            if with_it is None or without is None:
                return _non_empty(prefixes), False
            return _non_empty({p + o for p in prefixes for o in with_it | without}), False
        if op is _c.IN and len(av) <= 4 and all(o is _c.LITERAL for o, _ in av):
            inner: set[str] | None = {chr(v) for _, v in av}
            complete = True
        elif op is _c.SUBPATTERN:
            inner, complete = _openings(list(av[-1]))
        elif op is _c.BRANCH:
            inner, complete = set(), True
            for branch in av[1]:
                got, whole = _openings(list(branch))
                if got is None:
                    inner = None
                    break
                inner |= got
                complete = complete and whole
        else:
            inner, complete = None, False
        if inner is None or len(prefixes) * len(inner) > _MAX_OPENINGS:
            return _non_empty(prefixes), False
        prefixes = {p + i for p in prefixes for i in inner}
        if not complete:
            return _non_empty(prefixes), False
    return _non_empty(prefixes), True


def _non_empty(prefixes: set[str]) -> set[str] | None:
    return None if "" in prefixes else prefixes


def word_count(text: str) -> int:
    return len(text.split())


_WS_RUN = re.compile(r"\s\s")


def squeeze_spaces(text: str) -> str:
    """``text`` with every whitespace run made one space (O(len(text))), for patterns with
    ``\\s+`` on both sides of something, which are quadratic in the length of a run."""
    return " ".join(text.split()) if _WS_RUN.search(text) else text


def phrase_rule(name: str, category: str, reason: str, max_words: int) -> Rule:
    """A rule that removes short blocks that are, as a whole, one of the category's phrases."""

    def apply(doc: Document, options: Options) -> None:
        """Cost: O(L) time (one whole-block match per block of at most ``max_words`` words), O(1) memory."""
        langs = langs_of(doc)
        for block in doc.blocks:
            if block.kept and block.nwords <= max_words and full_match(category, "block", block.text, langs):
                block.remove(name, reason)

    return Rule(name, apply)
