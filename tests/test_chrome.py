"""Issue 8, mechanism 8 (structural part): the frame repeated around each post of a thread.

The rule is tested on the blocks an HTML thread yields (user box, vote count, post, action
label, in reading order), with counter-examples that must stay.
"""

from __future__ import annotations

from cleaner import Document, Kind, Options, explain
from cleaner.model import Block
from cleaner.rules import RULE_NAMES
from cleaner.rules.postchrome import NAME, apply_post_chrome

_POSTS = (
    (
        "harbourlight",
        "Mar 3, 2019",
        "23,243",
        "8,583",
        "I replaced the thermostat last winter and the boiler still "
        "cycles every ten minutes. Has anyone traced this to the pump rather than the valve?",
    ),
    (
        "quietfern",
        "Jan 12, 2021",
        "1,077",
        "412",
        "Mine did the same until I bled the radiators upstairs. Air in the "
        "loop makes the return run cold and the controller thinks the house is warm enough.",
    ),
    (
        "otter_lane",
        "Aug 30, 2016",
        "9,310",
        "2,245",
        "Check the bypass valve too. If it is stuck open the flow "
        "temperature never settles, and the burner keeps firing in short bursts all day.",
    ),
    (
        "mapleyard",
        "Nov 9, 2022",
        "58",
        "12",
        "Thanks all, it was the bypass valve. A plumber freed it this "
        "morning and the boiler has run in long calm cycles since then, no more clicking.",
    ),
)


def _doc(texts: list[str | tuple[str, Kind]], **hints: object) -> Document:
    blocks = []
    for t in texts:
        text, kind = t if isinstance(t, tuple) else (t, Kind.PARAGRAPH)
        blocks.append(Block(text=text, kind=kind, hints=dict(hints)))
    doc = Document(id="t", raw="", kind="html")
    doc.blocks = blocks
    return doc


def _thread() -> Document:
    texts: list[str | tuple[str, Kind]] = [("Boiler short cycling after new thermostat", Kind.HEADING)]
    for i, (name, joined, msgs, score, body) in enumerate(_POSTS):
        texts += [name, "Joined", joined, "Messages", msgs, "Reaction score", score, body, str(i * 3 + 1), "Reply"]
    return _doc(texts)


def _kept(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if b.kept]


def test_thread_frame_lines_go_and_posts_stay() -> None:
    doc = _thread()
    apply_post_chrome(doc, Options())
    kept = _kept(doc)
    for name, joined, msgs, score, body in _POSTS:
        assert body in kept and name in kept  # the posts and who wrote them stay
        assert joined not in kept and msgs not in kept and score not in kept
    for label in ("Joined", "Messages", "Reaction score", "Reply", "1", "4", "7", "10"):
        assert label not in kept
    assert "Boiler short cycling after new thermostat" in kept


def test_label_value_frame_lines_go_on_a_thread() -> None:
    texts: list[str | tuple[str, Kind]] = []
    for i, (_, joined, msgs, _, body) in enumerate(_POSTS):
        texts += [f"Posts: {msgs}", f"Joined: {joined}", body, f"{i + 1:02d}-12-2024, 0{i}:50 PM #{i + 1}"]
    doc = _doc(texts)
    apply_post_chrome(doc, Options())
    assert _kept(doc) == [p[4] for p in _POSTS]


def test_label_value_lines_without_headings_are_a_frame() -> None:
    texts: list[str | tuple[str, Kind]] = []
    for name, _, msgs, _, body in _POSTS:
        texts += [name, f"Posts: {msgs}", body]
    doc = _doc(texts)
    apply_post_chrome(doc, Options())
    assert _kept(doc) == [x for p in _POSTS for x in (p[0], p[4])]


def test_the_rule_is_named_and_explained() -> None:
    assert NAME in RULE_NAMES
    doc = _thread()
    apply_post_chrome(doc, Options())
    assert f"[{NAME}]" in explain(doc)


_PROSE = (
    "The path climbs through beech woods for an hour before the first view of the reservoir opens up.",
    "After the dam the track narrows, and walkers share it with cyclists coming down from the pass.",
    "The last stretch follows the old drovers' road along the ridge, with the village below to the west.",
    "Back in town, the bakery by the bridge sells the best rye bread in the whole valley, they say.",
)


def test_sentences_percentages_and_prices_that_repeat_numbers_stay() -> None:
    # counter-example: a real sentence, a figure and a price recur with other numbers: content
    texts: list[str | tuple[str, Kind]] = []
    for i, p in enumerate(_PROSE, 1):
        texts += [f"On day {i} we walked {5 + i} km.", p, f"{70 + i}%", f"${10 + i}.99"]
    doc = _doc(texts)
    apply_post_chrome(doc, Options())
    assert len(_kept(doc)) == len(texts)


def test_label_value_facts_of_a_listicle_stay() -> None:
    # counter-example: item cards repeat "label: value" facts and short labels, but there is no
    # bare-number frame between the items
    texts: list[str | tuple[str, Kind]] = []
    for i, p in enumerate(_PROSE, 1):
        texts += [(f"Franchise {i}", Kind.HEADING), f"Founded: {1990 + i}", f"Locations: {i * 37}", p, "Pros"]
    doc = _doc(texts)
    apply_post_chrome(doc, Options())
    assert len(_kept(doc)) == len(texts)


def test_numbers_in_a_table_or_in_one_run_stay() -> None:
    # counter-example: table cells, and a run of figures with no prose between them
    cells = _doc([_PROSE[0], *(f"{i * 1234:,}" for i in range(1, 7)), _PROSE[1]], in_table=True)
    apply_post_chrome(cells, Options())
    assert all(b.kept for b in cells.blocks)
    run = _doc([_PROSE[0], *(f"{i * 1234:,}" for i in range(1, 7)), _PROSE[1], _PROSE[2]])
    apply_post_chrome(run, Options())
    assert all(b.kept for b in run.blocks)


def test_the_rule_reads_html_structure_only() -> None:
    from cleaner.rules.postchrome import RULE

    assert RULE.html_only  # table and heading hints exist only for HTML blocks


def test_a_ranked_list_keeps_its_numbers_and_labels() -> None:
    # Counter-example: one repeated numeric form ("1.", "2.", ...) with a label under each item
    # is a ranked list, not a post frame.
    texts: list[str | tuple[str, Kind]] = []
    for i, (*_, body) in enumerate(_POSTS):
        texts += [f"{i + 1}.", body, "Pros", f"It is the {i + 1}th quietest model we tried on the bench."]
    doc = _doc(texts)
    apply_post_chrome(doc, Options())
    assert _kept(doc) == [t if isinstance(t, str) else t[0] for t in texts]
