"""The learned line classifier of text dumps: chrome no phrase names, and a second opinion.

Menus, link lists, consent text, sign-up prompts, legal footers, price and cart lines: real
chrome has no fixed wording, so a model trained on real pages (``benchmarks/train_lines.py``,
:mod:`cleaner.learn`) gives each block of a dump a probability of being body from its shape,
its place, its neighbours and its hashed words.  Two uses, one name:

* a kept block the model finds unlikely body (P below the model's threshold, chosen by
  cross-validation) is removed, with its probability in the reason;
* a block that a rule removed only by guessing from structure (the rules in :data:`GUESSES`),
  or as a repeat of a block another rule removed since,
  is kept when the model finds it at least as likely body as not (P at least ``veto``, 0.5):
  such rules took forum replies, listing items and specification rows for chrome.  The rules
  that are sure of what they remove (shortcodes, captions, appeals, repeated bodies...) keep
  precedence.

The first scores are computed from every block as split, removed or not, so they do not depend
on which rules ran; the step runs last (finalize stage).  Cost: O(L) features for L characters
per pass (a block's own features are computed once per document), then one vectorised model
call (:meth:`cleaner.learn.model.TreeModel.predict`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..dedup import DUPLICATE
from ..learn.features import Memo, document_features, set_kind
from ..learn.model import load_model
from ..model import Block, Confidence, Document, Kind
from ..options import Options
from ..steps import Stage, confidence_of
from ..textshape import is_list_item, is_prose, is_prose_text, is_sentence, verse_lines
from .base import Rule

NAME = "line_model"
SETTLE_PASSES = 3  # re-scoring what is kept, so that cleaning the output again changes nothing
# The model learned whole pages: on a short text (a snippet, a clean article of a few
# paragraphs) its position and neighbour features say little, and it stays out.
MIN_BLOCKS = 15
# A block that ends like a sentence (a paragraph, or a short closing line: "He never went
# back.") goes only when the model is this sure: clean prose must stay whole (issue 21), and
# sentence-shaped chrome has named rules (cookies, appeals, comments, page end...).
SENTENCE_CUTOFF = 0.1
# Rules whose removals rest on repetition and position alone and took the most body on real
# dumps (a quarter to a third of what insertion, repeated_label and image_pair removed, a
# seventh of comments', benchmarks/textbench.py).  duplicate is not one of them: while the
# first copy stays, the repeat goes whatever the model says (overruling its short repeats put
# a second copy of subheadings in 12% of the generated dumps, benchmarks/dumpbench.py).
GUESSES = frozenset({"insertion", "repeated_label", "image_pair", "comments"})
# Does the document hold chrome at all?  A clean text (an article, a song, a price list) has
# at most one block the model doubts around its body (above its first prose paragraph, the
# first line aside, or after its last); a page has its menu above the body and its footer
# below.  On the wcxb-dev main texts (dev half) 60% of the texts the model reads show no chrome
# so, against 2 generated dumps in 119 (benchmarks/dumpbench.py) and no rendered page in 120
# (benchmarks/textbench.py).  In a text with no chrome the model's doubtful blocks are the
# text's own subheadings and list items: nothing goes (issue 21).  (Also asking for a quarter
# of all blocks doubted spared more clean texts, but kept short footers of long articles.)
CHROME_AROUND = 2


@dataclass(frozen=True, slots=True)
class Params:
    """shift: added to the model's threshold (``--favor precision`` raises it: more goes);
    veto: P(body) from which a guessing rule's removal is undone."""

    shift: float
    veto: float


def _memo(doc: Document) -> Memo:
    """The document's block features for its language and title: each block's own features
    are computed once per document, whichever of page_end and the line model asks first."""
    return doc.line_features.setdefault((doc.language, doc.title), {})


@dataclass(slots=True)
class Scored:
    """The first scores of a document's blocks and what they were computed from: each scored
    block with its text, group and origin, the language, title and model (``inputs``), the
    kinds, the model's input matrix and the probabilities.  Kept on the document
    (``Document.line_scores``)."""

    inputs: tuple[object, ...]
    kinds: list[Kind]
    x: np.ndarray
    probs: list[float]
    # The last document verdict (:func:`_chrome_verdict`) and what it was computed from.
    verdict: tuple[tuple[object, ...], bool] | None = None


def _scores(doc: Document, blocks: list[Block], options: Options) -> list[float]:
    """P(body) of ``blocks`` (the document's blocks with text).  Dedup's chrome check and
    page_end's ask for the scores of the same blocks; in between a step may retype a block
    (the page header's title line) or dedup swap in a better copy's text.  The scores of the
    last ask are given again when nothing changed, only the retyped rows are predicted again
    when only kinds changed (a kind is read by its own row's kind columns alone), and all are
    computed again otherwise.  O(L), O(n) when the previous scores serve."""
    model = load_model(options.line_model)
    inputs = (id(model), doc.language, doc.title, *((id(b), b.text, b.group, b.origin) for b in blocks))
    kinds = [b.kind for b in blocks]
    got: Scored | None = doc.line_scores
    if got is not None and got.inputs == inputs:
        changed = [i for i, (a, b) in enumerate(zip(got.kinds, kinds, strict=True)) if a is not b]
        if changed:
            for i in changed:
                set_kind(got.x, i, kinds[i])
            for i, p in zip(changed, model.predict(got.x[changed]).tolist(), strict=True):
                got.probs[i] = p
            got.kinds = kinds
        return got.probs
    dense, rows, buckets = document_features(blocks, doc.language, doc.title, _memo(doc))
    x = model.matrix(dense, rows, buckets)
    doc.line_scores = Scored(inputs, kinds, x, model.predict(x).tolist())
    return doc.line_scores.probs


def score(doc: Document, options: Options) -> None:
    """Give every block of a text dump its P(body) (``Block.body_score``).  O(L)."""
    blocks = [b for b in doc.blocks if b.text]
    if not blocks:
        return
    for b, p in zip(blocks, _scores(doc, blocks, options), strict=True):
        b.body_score = p


def _vetoable(block: Block, in_records: bool) -> bool:
    """Was ``block`` removed by a guess of a rule that judges from repetition and position
    alone (:data:`GUESSES`; any guess but a repeat's inside a listing's records), or as a
    repeat of a block that another rule has since removed (one copy of each must stay)?  O(1)."""
    r = block.removal
    if r is None or r.rule == NAME:
        return False
    if confidence_of(r) is Confidence.GUESS and (r.rule in GUESSES or (in_records and r.rule != DUPLICATE)):
        return True
    return block.copy_of is not None and not block.copy_of.kept


MIN_RECORDS = 8  # records of the same shape in a row that make a listing
MAX_RECORD_LINES = 12  # blocks per record (title, date, rating, price, "Add to cart"...)
MIN_RECORD_SHARE = 0.25  # of the page's blocks the records cover: the listing is the page
_SHAPE_RUN = re.compile(r"(\d+)|([^\W\d_]+)|\s+")


def _shape(text: str) -> str:
    """A line's shape: digits as 0, words as a or A (capitalised), spaces dropped, punctuation
    kept, the first 16 signs ("#12" -> "#0", "5.9 (22K) Rate" -> "0.0(0A)A").  O(len)."""
    out = _SHAPE_RUN.sub(
        lambda m: "0" if m[1] else ("A" if m[2] and m[2][0].isupper() else "a" if m[2] else ""), text[:80]
    )
    return out[:16]


def _records(blocks: list[Block]) -> set[int]:
    """ids of the blocks of a listing: where one line shape recurs at a fixed step (2 to
    MAX_RECORD_LINES blocks) at least MIN_RECORDS times in a row, over at least
    MIN_RECORD_SHARE of the page (a rank "#12", a "Add to cart" or a rating under every item).
    The items of a listing are the page's content, however short and unlike prose each line
    is; a menu repeats its items one after another (step 1), a related list is a small part
    of an article.  O(n) for n blocks."""
    texts = [b for b in blocks if b.text]
    where: dict[str, list[int]] = {}
    for i, b in enumerate(texts):
        where.setdefault(_shape(b.text), []).append(i)
    covered: set[int] = set()

    def close(pos: list[int], first: int, last: int) -> None:
        step = pos[first + 1] - pos[first]
        if last - first + 1 >= MIN_RECORDS and 2 <= step <= MAX_RECORD_LINES:
            covered.update(range(pos[first], pos[last] + 1))

    for pos in where.values():
        if len(pos) < MIN_RECORDS:
            continue
        first = 0
        for k in range(2, len(pos)):
            if pos[k] - pos[k - 1] != pos[first + 1] - pos[first]:  # the step changes at k
                close(pos, first, k - 1)
                first = k - 1
        close(pos, first, len(pos) - 1)
    if len(covered) < MIN_RECORD_SHARE * len(texts):
        return set()
    return {id(texts[i]) for i in covered}


def _cutoff(block: Block, cutoff: float, inside: bool) -> float:
    """The probability under which ``block`` goes: lower for a block ending like a sentence,
    or standing inside the body (between its first and last paragraphs: subheadings, list
    items and section breaks live there; chrome mostly lies around the body)."""
    return min(cutoff, SENTENCE_CUTOFF) if inside or is_sentence(block.kept_text) else cutoff


def _inside(blocks: list[Block]) -> set[int]:
    """ids of the blocks strictly between the first and the last kept paragraph, and of the
    lines of stanzas (:func:`.shape.verse_lines`: a poem's paragraphs, whose lines the model
    takes for short chrome lines).  O(n + L)."""
    verse = verse_lines([b for b in blocks if b.kept])
    prose = [i for i, b in enumerate(blocks) if b.kept and (is_prose(b) or id(b) in verse)]
    if len(prose) < 2:
        return verse
    return verse | {id(b) for b in blocks[prose[0] + 1 : prose[-1]]}


def _has_chrome(doc: Document, cutoff: float) -> bool:
    """Does the model doubt (P below ``cutoff``) :data:`CHROME_AROUND` or more blocks around
    the body (the first line, and the list the last paragraph announces with a colon, aside)?
    The body's paragraphs are its prose and its stanzas (:func:`.shape.verse_lines`: a poem
    or a song has no other).  Every block counts, removed or not: the scores do not depend on
    what the rules did.  O(n + L)."""
    blocks = [b for b in doc.blocks if b.text]
    scores = [b.body_score for b in blocks]
    low = [i for i, p in enumerate(scores) if p is not None and p < cutoff]
    verse = verse_lines(blocks)
    prose = [i for i, b in enumerate(blocks) if is_prose_text(b.text) or id(b) in verse]
    if not prose:
        return True
    end = prose[-1]
    if blocks[end].text.rstrip().endswith(":"):  # the list it announces is the body's
        while end + 1 < len(blocks) and is_list_item(blocks[end + 1]):
            end += 1
    return sum(1 for i in low if 0 < i < prose[0] or i > end) >= CHROME_AROUND


def _chrome_verdict(doc: Document, cutoff: float) -> bool:
    """:func:`_has_chrome`, given again while nothing it reads changed (each block's text,
    kind, group and score, the cutoff): dedup, the line model and page_end in every settle
    pass ask it.  O(n) then, O(n + L) else."""
    got: Scored | None = doc.line_scores
    if got is None:
        return _has_chrome(doc, cutoff)
    inputs = (cutoff, *((id(b), b.text, b.kind, b.group, b.body_score) for b in doc.blocks if b.text))
    if got.verdict is None or got.verdict[0] != inputs:
        got.verdict = (inputs, _has_chrome(doc, cutoff))
    return got.verdict[1]


def has_chrome(doc: Document, options: Options, keep: bool = True) -> bool | None:
    """The model's document-level verdict (:func:`_has_chrome`) for the rules that need
    evidence of chrome before they fire (:mod:`.trailer`, dedup); None when it has none to
    give (a text under :data:`MIN_BLOCKS` blocks, or the line model disabled).  ``keep``
    False: scores computed here are not kept for the line model (a step before the title
    step asks, and the model scores with the final title).  O(L)."""
    if NAME in options.disabled_rules or sum(1 for b in doc.blocks if b.text) < MIN_BLOCKS:
        return None
    fresh = all(b.body_score is None for b in doc.blocks)
    if fresh:
        score(doc, options)  # the scores the line model starts from: computed once
    verdict = _chrome_verdict(doc, load_model(options.line_model).cutoff + RULE.params_of(options).shift)
    if fresh and not keep:
        for b in doc.blocks:
            b.body_score = None
    return verdict


def apply(doc: Document, options: Options) -> None:
    """Undo guessing rules' removals of likely body; remove kept blocks unlikely to be body.

    The kept blocks are then scored again as a document of their own (their neighbours are
    now other kept blocks), at most :data:`SETTLE_PASSES` times until nothing more goes: the
    output is what the model keeps when it reads the output.  O(L) per pass."""
    p_: Params = RULE.params_of(options)
    model = load_model(options.line_model)
    cutoff = model.cutoff + p_.shift
    if sum(1 for b in doc.blocks if b.text) < MIN_BLOCKS:
        return
    if all(b.body_score is None for b in doc.blocks):
        score(doc, options)
    records = _records(doc.blocks)
    for b in doc.blocks:
        p = b.body_score
        if p is not None and (p >= p_.veto or id(b) in records) and _vetoable(b, id(b) in records):
            b.overruled, b.removal = b.removal, None
    if not _chrome_verdict(doc, cutoff):
        return
    inside = _inside(doc.blocks)
    for b in doc.blocks:
        p = b.body_score
        if p is None or b.kind is Kind.TITLE or b.removal is not None or id(b) in records:
            continue
        limit = _cutoff(b, cutoff, id(b) in inside)
        if b.text and p < limit:
            b.remove(NAME, f"the line model finds it unlikely body (P={p:.2f} < {limit:.2f})")
    for _ in range(SETTLE_PASSES):
        kept = [b for b in doc.blocks if b.kept and b.kept_text]
        if not kept:
            return
        views = [Block(b.kept_text, b.kind, b.origin, b.group) for b in kept]
        inside = _inside(kept)
        dense, rows, buckets = document_features(views, doc.language, doc.title, _memo(doc))
        probs = model.predict(model.matrix(dense, rows, buckets))
        gone = [
            (b, float(p), limit)
            for b, p in zip(kept, probs, strict=True)
            if b.kind is not Kind.TITLE and id(b) not in records and p < (limit := _cutoff(b, cutoff, id(b) in inside))
        ]
        for b, p, limit in gone:
            b.remove(NAME, f"the line model finds it unlikely body among what is kept (P={p:.2f} < {limit:.2f})")
        if not gone:
            return


RULE = Rule(NAME, apply, stage=Stage.FINALIZE, text_only=True, params=Params)
