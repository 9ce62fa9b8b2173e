"""The learned line classifier: its features, its numpy tree walker, the shipped model in the pipeline."""

from __future__ import annotations

import numpy as np
import pytest

import cleaner
from cleaner.learn.features import FEATURE_NAMES, N_DENSE, OWN, document_features
from cleaner.learn.model import TreeModel, load_model, read_model
from cleaner.model import Block, Confidence, Document, Kind, Origin
from cleaner.options import Options
from cleaner.pipeline import split
from cleaner.rules.testing import run_rule

ARTICLE = [
    "The harbour commission met on Tuesday to discuss the new ferry timetable, which will add two early "
    "crossings on weekdays from March.",
    "Residents had asked for the change for years, the chair said, and the council agreed to pay for the extra "
    "staff the early boats need.",
    "The first early crossing will leave the north quay at a quarter past six on the third of March.",
]


def _blocks(texts: list[str]) -> list[Block]:
    return [Block(t, Kind.PARAGRAPH, Origin(i + 1, i + 1), group=i) for i, t in enumerate(texts)]


def _tiny_model() -> TreeModel:
    """One tree: feature 'short' <= 0.5 -> +2 (body), else -2; and one hashed bucket tree."""
    short = FEATURE_NAMES.index("short")
    return TreeModel(
        feature=np.array([short, -1, -1], dtype=np.int32),
        threshold=np.array([0.5, 0, 0], dtype=np.float32),
        left=np.array([1, 1, 2], dtype=np.int32),
        right=np.array([2, 1, 2], dtype=np.int32),
        value=np.array([0, 2.0, -2.0], dtype=np.float32),
        roots=np.array([0], dtype=np.int32),
        buckets=np.zeros(0, dtype=np.int32),
        depth=1,
        meta={"threshold": 0.5},
    )


def test_features_describe_shape_position_repetition_and_neighbours() -> None:
    texts = ["Home", "News", "Sport", *ARTICLE, "Home"]
    dense, rows, buckets = document_features(_blocks(texts), "en", "Ferry timetable")
    assert dense.shape == (len(texts), N_DENSE) and dense.dtype == np.float32
    col = {name: i for i, name in enumerate(FEATURE_NAMES)}
    assert dense[0, col["short"]] == 1.0 and dense[3, col["short"]] == 0.0
    assert dense[0, col["short_run"]] == pytest.approx(np.log1p(3))  # a run of three short lines
    assert dense[0, col["repeats"]] == 1.0 and dense[0, col["first_of_repeats"]] == 1.0
    assert dense[6, col["first_of_repeats"]] == 0.0  # the second "Home"
    assert dense[3, col["ends_sentence"]] == 1.0 and dense[3, col["stopword_share"]] > 0.3
    assert dense[6, col["prose_before"]] == pytest.approx(1.0)  # after all the prose
    assert dense[3, col["short@-1"]] == 1.0 and dense[3, col["short@+1"]] == 0.0
    assert dense[0, col["short@-1"]] == 1.0  # beyond the start counts as a short line
    assert len(rows) == len(buckets) and set(rows.tolist()) == set(range(len(texts)))
    assert len(OWN) < N_DENSE


def test_features_are_the_same_in_every_process_and_run() -> None:
    a = document_features(_blocks(ARTICLE), "en", None)
    b = document_features(_blocks(ARTICLE), "en", None)
    for x, y in zip(a, b, strict=True):
        assert np.array_equal(x, y)


def test_the_tree_walker_scores_as_the_tree_says() -> None:
    model = _tiny_model()
    dense, rows, buckets = document_features(_blocks(["Home", ARTICLE[0]]), "en", None)
    p = model.predict(model.matrix(dense, rows, buckets))
    assert p[0] == pytest.approx(1 / (1 + np.exp(2.0))) and p[1] == pytest.approx(1 / (1 + np.exp(-2.0)))
    assert model.predict(np.zeros((0, N_DENSE), dtype=np.float32)).shape == (0,)


def test_a_model_file_round_trips_without_pickle(tmp_path) -> None:
    model = _tiny_model()
    model.save(tmp_path / "m.npz")
    again = read_model(tmp_path / "m.npz")
    assert again.cutoff == 0.5 and np.array_equal(again.feature, model.feature)
    # A file whose arrays hold pickled objects is refused, never unpickled.
    arrays = {k: getattr(model, k) for k in ("threshold", "left", "right", "value", "roots", "buckets")}
    feature = np.array(model.feature.tolist(), dtype=object)  # would load fine if pickles were allowed
    meta = np.array('{"threshold": 0.5}')
    np.savez(tmp_path / "evil.npz", **arrays, feature=feature, depth=np.int32(1), meta=meta)
    with pytest.raises(ValueError):
        read_model(tmp_path / "evil.npz")


def test_the_shipped_model_loads_once_and_knows_its_features() -> None:
    model = load_model()
    assert model is load_model()
    assert model.meta["features"] == list(FEATURE_NAMES)
    assert 0.0 < model.cutoff < 1.0 and model.depth <= 8 and len(model.roots) > 0


MENU = ["Skip to content", "Home", "World", "Business", "Sport", "Login", "Subscribe"]
FOOTER = [
    "© 2024 Harbour Gazette Media Ltd. All rights reserved.",
    "Privacy Policy",
    "Terms of Use",
    "Cookie Settings",
    "Contact us",
]


def test_the_line_model_alone_removes_a_menu_and_a_footer_and_keeps_the_article() -> None:
    dump = "\n".join(MENU) + "\n\nFerry timetable adds early crossings\n\n" + "\n\n".join(ARTICLE)
    dump += "\n\n" + "\n".join(FOOTER) + "\n"
    doc = run_rule("line_model", dump)
    kept = [b.text for b in doc.blocks if b.kept]
    for para in ARTICLE:
        assert para in kept
    gone = {b.text for b in doc.blocks if b.removal is not None and b.removal.rule == "line_model"}
    assert {"Business", "Sport", "Terms of Use", "Privacy Policy"} <= gone
    assert all("P=" in b.removal.reason for b in doc.blocks if b.removal is not None)


def test_in_the_pipeline_the_named_rules_go_first_and_the_result_is_whole() -> None:
    dump = "\n".join(MENU) + "\n\nFerry timetable adds early crossings\n\n" + "\n\n".join(ARTICLE)
    dump += "\n\n" + "\n".join(FOOTER) + "\n"
    out = cleaner.clean_text(dump)
    assert out == "Ferry timetable adds early crossings\n\n" + "\n\n".join(ARTICLE) + "\n"
    assert cleaner.clean_text(out) == out


def test_a_blocks_own_features_are_computed_once_per_document(monkeypatch) -> None:
    """page_end's chrome check scores the blocks first; the line model's passes then re-read
    the same texts: each (text, kind) is computed once per document, whoever asks first."""
    from cleaner.learn import features

    computed: list[tuple[str, Kind]] = []
    real = features._own_batch

    def counting(keys, stops, title_words):  # type: ignore[no-untyped-def]
        computed.extend(keys)
        return real(keys, stops, title_words)

    monkeypatch.setattr(features, "_own_batch", counting)
    dump = "\n".join(MENU) + "\n\nFerry timetable adds early crossings\n\n" + "\n\n".join(ARTICLE)
    dump += "\n\n" + "\n".join(FOOTER) + "\n"
    doc = cleaner.clean_document(cleaner.Document(id="t", raw=dump, kind="text"))
    assert computed and len(computed) == len(set(computed))
    assert not doc.line_features  # dropped with the run: a kept document does not carry them


def test_scores_asked_again_are_reused_and_follow_a_retyped_block(monkeypatch) -> None:
    """Dedup's chrome check and page_end's ask for the same scores: computed once, and when a
    step retyped a block in between (the page header's title line) or swapped a block's text,
    the scores are those of a fresh computation, to the bit."""
    from cleaner.rules import linemodel

    dump = "\n".join(MENU) + "\n\nFerry timetable adds early crossings\n\n" + "\n\n".join(ARTICLE)
    dump += "\n\n" + "\n".join(FOOTER) + "\n"
    options = Options()

    def fresh(doc: Document) -> list[float | None]:
        other = Document(id="f", kind="text", language=doc.language, title=doc.title, blocks=doc.blocks)
        linemodel.score(other, options)
        return [b.body_score for b in doc.blocks]

    doc = Document(id="t", raw=dump, kind="text")
    split(doc, options)
    calls: list[int] = []
    real = linemodel.document_features

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(linemodel, "document_features", counting)
    linemodel.score(doc, options)
    first = [b.body_score for b in doc.blocks]
    linemodel.score(doc, options)
    assert [b.body_score for b in doc.blocks] == first and len(calls) == 1
    for b in doc.blocks[::2]:
        b.kind = Kind.TITLE if b.kind is not Kind.TITLE else Kind.HEADING
    linemodel.score(doc, options)
    assert len(calls) == 1  # only the retyped rows predicted again
    retyped = [b.body_score for b in doc.blocks]
    assert retyped != first and retyped == fresh(doc)
    doc.blocks[5].replace_text(doc.blocks[5].text + " Extra words here.")
    linemodel.score(doc, options)
    assert len(calls) == 3  # a text changed: computed again (the fresh score above was the 2nd)
    assert [b.body_score for b in doc.blocks] == fresh(doc)


def test_the_document_verdict_is_given_again_only_while_what_it_reads_is_unchanged() -> None:
    """Dedup, the line model and page_end in every settle pass ask whether the document has
    chrome; the verdict is computed once, and again as soon as a score, a kind or a text of
    a block changed, always equal to a fresh computation."""
    from cleaner.rules import linemodel

    dump = "\n".join(MENU) + "\n\nFerry timetable adds early crossings\n\n" + "\n\n".join(ARTICLE)
    dump += "\n\n" + "\n".join(FOOTER) + "\n"
    doc = Document(id="t", raw=dump, kind="text")
    split(doc, Options())
    linemodel.score(doc, Options())
    cutoff = load_model().cutoff
    assert linemodel._chrome_verdict(doc, cutoff) is linemodel._has_chrome(doc, cutoff) is True
    for b in doc.blocks:
        b.body_score = 0.99  # the model doubts nothing: no chrome
    assert linemodel._chrome_verdict(doc, cutoff) is linemodel._has_chrome(doc, cutoff) is False
    for b in doc.blocks:
        b.body_score = 0.0
    assert linemodel._chrome_verdict(doc, cutoff) is linemodel._has_chrome(doc, cutoff) is True


def test_a_short_text_is_left_to_the_rules() -> None:
    """The model learned whole pages: on a few blocks it says nothing (MIN_BLOCKS)."""
    dump = "\n".join(MENU[:3]) + "\n\n" + "\n\n".join(ARTICLE) + "\n"
    doc = run_rule("line_model", dump)
    assert all(b.kept for b in doc.blocks)


def test_clean_prose_stays_whole() -> None:
    """Counter-example: an article with no chrome loses nothing to the line model."""
    dump = "Ferry timetable adds early crossings\n\n" + "\n\n".join(ARTICLE) + "\n"
    doc = cleaner.clean_document(Document(id="x", raw=dump, kind="text"))
    assert not [r for _, r in doc.removed() if r.rule == "line_model"]


APPS_ARTICLE = [
    "What changes",
    "Commuters who work in the shipyard welcomed the plan, though some asked for a later return crossing as well.",
    "The operator will publish the full timetable in February, along with the fares for the new crossings.",
    "Meanwhile the commission also looked at the apps that help passengers plan their trips across the bay.",
    "Apps for the crossing",
    "These are the ones the commission tried and found useful for planning a crossing:",
    "- Tidewatch",
    "- Quayside",
    "- Ferry Friend",
    "- Bay Hopper",
    "- Crossings",
    "Fares stay the same for children under twelve, the operator said.",
]


def test_a_text_with_no_chrome_around_its_body_keeps_its_doubtful_lines() -> None:
    """A clean article long enough for the model, whose subheadings, announced list and short
    closing line the model doubts: with no doubtful run above its first paragraph or after its
    last, the text has no chrome, and nothing goes.  The same article inside a page's menu and
    footer (counter-example): the chrome goes."""
    text = "\n\n".join(["Ferry timetable adds early crossings", *ARTICLE, *APPS_ARTICLE]) + "\n"
    doc = cleaner.clean_document(Document(id="x", raw=text, kind="text"))
    assert sum(1 for b in doc.blocks if b.text) >= 15
    assert not [b.text for b, r in doc.removed() if r.rule == "line_model"]
    page = "\n".join(MENU) + "\n\n" + text + "\n" + "\n".join(FOOTER) + "\n"
    out = cleaner.clean_text(page)
    assert "Business" not in out and "Terms of Use" not in out and all(p in out for p in ARTICLE)


def test_the_line_model_can_be_disabled_and_scores_every_block() -> None:
    dump = "\n".join(MENU) + "\n\n" + "\n\n".join(ARTICLE) + "\n\n" + "\n".join(FOOTER) + "\n"
    doc = Document(id="x", raw=dump, kind="text")
    split(doc, Options())
    off = cleaner.clean_document(Document(id="y", raw=dump, kind="text"), Options(disabled_rules={"line_model"}))
    assert not [r for _, r in off.removed() if r.rule == "line_model"]
    on = cleaner.clean_document(Document(id="z", raw=dump, kind="text"))
    assert all(b.body_score is not None for b in on.blocks if b.text)


def test_a_guessing_rule_gives_way_to_a_sure_model_and_a_sure_rule_does_not() -> None:
    """The veto: a structural rule's removal of a block the model finds body (P >= veto) is
    undone; a named rule's (an appeal) stands, whatever the model says; a low score removes."""
    from cleaner.rules import linemodel

    body = [f"{ARTICLE[i % 3][:-1]}, as the {i}th report said." for i in range(14)]
    blocks = _blocks([ARTICLE[0], ARTICLE[2], ARTICLE[1], "Please donate to keep us going", "Home", *body, *FOOTER])
    doc = Document(id="x", kind="text", language="en", blocks=blocks)
    scores = [0.95, 0.97, 0.9, 0.99, 0.01] + [0.95] * len(body) + [0.01] * len(FOOTER)
    for b, p in zip(blocks, scores, strict=True):
        b.body_score = p
    blocks[1].remove("insertion", "between two copies of the body")
    blocks[3].remove("appeal", "a donation request")
    linemodel.apply(doc, Options())
    assert blocks[1].kept  # the guess gave way
    assert blocks[3].removal is not None and blocks[3].removal.rule == "appeal"
    assert blocks[4].removal is not None and blocks[4].removal.rule == "line_model"
    precise = Options(favor="recall")
    assert linemodel.RULE.params_of(precise).veto < linemodel.RULE.params_of(Options()).veto


def test_a_doubtful_line_inside_the_body_stays_and_one_after_it_goes() -> None:
    """Between the first and the last paragraph stand subheadings, list items and breaks: there
    the model removes only what it is sure of (as for a sentence); around the body its own
    threshold holds.  Both lines get the same doubtful score."""
    from cleaner.rules import linemodel

    body = [f"{ARTICLE[i % 3][:-1]}, as the {i}th report said." for i in range(14)]
    texts = [*MENU, *body[:7], "Background", *body[7:], "Privacy Policy"]
    blocks = _blocks(texts)
    doc = Document(id="x", kind="text", language="en", blocks=blocks)
    for b in blocks:
        b.body_score = 0.3 if b.text in ("Background", "Privacy Policy") else 0.01 if b.text in MENU else 0.95
    linemodel.apply(doc, Options())
    kept = [b.text for b in blocks if b.kept]
    assert "Background" in kept
    assert "Privacy Policy" not in kept and blocks[-1].removal is not None
    assert blocks[-1].removal.rule == "line_model"


def test_a_repeat_whose_first_copy_another_rule_removed_comes_back_and_leaves_a_trace() -> None:
    """One copy of each paragraph must stay: dedup removed the body's copy of a heading, then
    the header rule took the first copy (in a contents list).  The model finds the body's copy
    body, so it comes back, and ``--explain`` says which removal was overruled and why.  A sure
    repeat whose first copy is kept stays removed (counter-example)."""
    from cleaner.rules import linemodel
    from cleaner.sinks.text import explain_records

    body = [f"{ARTICLE[i % 3][:-1]}, as the {i}th report said." for i in range(14)]
    blocks = _blocks(["Ferry timetable", *body[:7], "Ferry timetable", *body[7:], body[0]])
    doc = Document(id="x", kind="text", language="en", blocks=blocks)
    for b in blocks:
        b.body_score = 0.9
    blocks[0].remove("header", "above the title")
    heading, repeat = blocks[8], blocks[-1]
    heading.copy_of, repeat.copy_of = blocks[0], blocks[1]
    heading.remove("duplicate", "exact repeat of line 1", Confidence.SURE)
    repeat.remove("duplicate", "exact repeat of line 2", Confidence.SURE)
    linemodel.apply(doc, Options())
    assert heading.kept and not repeat.kept
    traced = [r for r in explain_records(doc) if r.get("kept")]
    assert [(r["rule"], r["text"]) for r in traced] == [("duplicate", "Ferry timetable")]
    assert "overruled" in str(traced[0]["reason"]) and "P=0.90" in str(traced[0]["reason"])


def test_a_repeat_whose_first_copy_stays_is_not_overruled() -> None:
    """While the first copy stays, a repeat goes whatever the model says (a body subheading
    in a second copy of the body would otherwise come back), guessed or sure."""
    from cleaner.rules import linemodel

    body = [f"{ARTICLE[i % 3][:-1]}, as the {i}th report said." for i in range(14)]
    blocks = _blocks([*body, "Portion: one cup", "Serves two", body[3]])
    doc = Document(id="x", kind="text", language="en", blocks=blocks)
    for b in blocks:
        b.body_score = 0.9
        b.copy_of = blocks[0] if b is not blocks[0] else None
    blocks[-3].remove("duplicate", "exact repeat")
    blocks[-2].remove("duplicate", "exact repeat")
    blocks[-1].remove("duplicate", "exact repeat", Confidence.SURE)
    linemodel.apply(doc, Options())
    assert all(b.removal is not None and b.removal.rule == "duplicate" for b in blocks[-3:])
    assert all(b.overruled is None for b in blocks)


def _listing(n: int) -> list[str]:
    films = ["Harbour Lights", "The Long Quay", "North Pier", "Salt and Tar", "Low Tide", "Ferry Nights"]
    out = []
    for i in range(n):
        out += [f"#{i + 1}", f"{films[i % 6]} {i}", f"20{10 + i} 1h {30 + i}m", f"{5 + i % 4}.{i % 10} ({i + 2}K) Rate"]
    return out


def test_the_items_of_a_listing_stay_however_unlike_prose_the_model_finds_them() -> None:
    """A chart of films: rank, title, year, rating, over and over.  No line reads like prose and
    the model scores them all low, but a shape recurring at a fixed step, item after item, over
    much of the page is a listing: its items are the content.  A guess (no_words on "#3") inside
    it is undone; the menu above it (shapes one after another) still goes."""
    from cleaner.rules import linemodel

    menu = ["Home", "Charts", "Trailers", "Awards", "Sign up"]
    blocks = _blocks([*menu, *_listing(10), "Privacy Policy"])
    doc = Document(id="x", kind="text", language="en", blocks=blocks)
    for b in blocks:
        b.body_score = 0.1
    blocks[len(menu) + 8].remove("no_words", "a lone counter")
    linemodel.apply(doc, Options())
    kept = [b.text for b in blocks if b.kept]
    assert kept == _listing(10)
    assert blocks[len(menu) + 8].overruled is not None


def test_a_short_list_of_records_in_a_long_article_is_no_listing() -> None:
    """Eight related headlines with their dates under a long article cover a small part of the
    page: the model judges them as any other line (counter-example)."""
    from cleaner.rules import linemodel

    body = [f"{ARTICLE[0][:-1]}, as the {i}th report said." for i in range(60)]
    related = [line for i in range(8) for line in (f"Harbour news {i}", f"March {i + 1}, 2025")]
    blocks = _blocks([*body, *related])
    doc = Document(id="x", kind="text", language="en", blocks=blocks)
    for b in blocks:
        b.body_score = 0.95 if b.text in body else 0.1
    linemodel.apply(doc, Options())
    assert not any(b.kept for b in blocks[len(body) :])


def test_the_sort_based_distinct_values_are_numpys() -> None:
    """The features' own unique (a sort, cheaper than numpy's hashing one on a page's word
    buckets) gives what ``np.unique`` gives: values, first indices and inverse, every size."""
    from cleaner.learn.features import _distinct, _distinct_inverse

    rng = np.random.default_rng(7)
    for n in (0, 1, 2, 5, 300):
        for high in (1, 4, 10**9):
            values = rng.integers(0, high, n).astype(np.int64)
            assert np.array_equal(_distinct(values), np.unique(values))
            got = _distinct_inverse(values)
            want = np.unique(values, return_index=True, return_inverse=True)
            assert all(np.array_equal(g, w.ravel()) for g, w in zip(got, want, strict=True))
