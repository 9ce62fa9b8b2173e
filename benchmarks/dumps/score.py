"""Score cleaned dumps against their expected output and their labelled chrome lines.

Comparisons are on normalised text: zero-width spaces, soft hyphens, word joiners and BOMs
removed (a zero-width *joiner* is kept: it is part of emoji), every run of whitespace (no-break
spaces included) collapsed to one space. Paragraphs are blank-line separated blocks.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .generate import CLASSES, Dump

_DROP = dict.fromkeys(map(ord, "\u200b\u00ad\u2060\ufeff"))
_SPACE = re.compile(r"\s+")
_BLANK = re.compile(r"\n[ \t\u00a0]*\n")
_TOKEN = re.compile(r"\w+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
SHORT_WORDS = 3  # chrome lines shorter than this count only when a whole line/paragraph


def norm(text: str) -> str:
    """``text`` without invisible characters, whitespace collapsed. O(len(text))."""
    return _SPACE.sub(" ", text.translate(_DROP)).strip()


def paragraphs(text: str) -> list[str]:
    """Normalised non-empty blank-line separated blocks of ``text``. O(len(text))."""
    return [p for p in (norm(b) for b in _BLANK.split(text.replace("\r\n", "\n"))) if p]


def lines(text: str) -> list[str]:
    """Normalised non-empty lines of ``text``. O(len(text))."""
    return [x for x in (norm(line) for line in text.split("\n")) if x]


@dataclass
class DumpScore:
    """Figures for one dump."""

    id: str
    precision: float
    recall: float
    f1: float
    title_right: bool
    paragraphs: int
    paragraphs_found: int
    residue: dict[str, list[str]] = field(default_factory=dict)  # class -> chrome lines left
    repeated: list[str] = field(default_factory=list)  # body paragraphs output too often
    repeated_text: list[str] = field(default_factory=list)  # body sentences output too often
    missing: list[str] = field(default_factory=list)  # body paragraphs not output as such
    classes: list[str] = field(default_factory=list)  # chrome classes the dump has
    body: list[str] = field(default_factory=list)  # expected body paragraphs, normalised
    features: list[str] = field(default_factory=list)


def _count_in(needle: str, blocks: list[str]) -> int:
    """How many of ``blocks`` contain ``needle``. O(total size of blocks)."""
    return sum(needle in b for b in blocks)


def score_dump(dump: Dump, output: str) -> DumpScore:
    """Score one output. Time O(C * P * L): chrome lines x output paragraphs x their length,
    a few ms per dump; memory O(len(output) + len(dump.text)).

    - body F1: bag of word tokens (``\\w+``, case kept) of the whole output against the whole
      expected output (title included), as multisets;
    - residue: a chrome line of >= 3 words is left if it occurs more often in the output than
      in the expected output (paragraphs joined by newlines, so a feed excerpt spanning two
      expected paragraphs is not found there); a shorter one if more output lines (or
      paragraphs) equal it;
    - repeated paragraph: a body paragraph contained in more output paragraphs than expected
      paragraphs (so an excerpt-made "fuller copy" counts only via its whole paragraphs);
    - repeated text: a body sentence of >= 6 words found more often in the output;
    - paragraph recall: expected body paragraphs equal to an output paragraph (multiset).
    """
    exp_paras = [norm(dump.title), *(norm(p) for p in dump.paragraphs)]
    exp_paras = [p for p in exp_paras if p]
    out_paras = paragraphs(output)
    out_lines = lines(output)
    exp_lines = exp_paras  # the expected output has one line per paragraph

    out_tokens = Counter(_TOKEN.findall(" ".join(out_paras)))
    exp_tokens = Counter(_TOKEN.findall(" ".join(exp_paras)))
    shared = sum((out_tokens & exp_tokens).values())
    precision = shared / sum(out_tokens.values()) if out_tokens else 0.0
    recall = shared / sum(exp_tokens.values()) if exp_tokens else 0.0
    f1 = 2 * precision * recall / (precision + recall) if shared else 0.0

    out_joined, exp_joined = "\n".join(out_paras), "\n".join(exp_paras)
    residue: dict[str, list[str]] = {}
    for cls, line in dump.chrome:
        c = norm(line)
        if not c:
            continue
        if len(c.split()) >= SHORT_WORDS:
            left = out_joined.count(c) > exp_joined.count(c)
        else:
            left = max(out_lines.count(c), out_paras.count(c)) > exp_lines.count(c)
        if left and c not in residue.get(cls, []):
            residue.setdefault(cls, []).append(c)

    repeated = []
    body = exp_paras[1:]
    for p in dict.fromkeys(body):
        if len(p.split()) >= 4:
            too_many = _count_in(p, out_paras) > _count_in(p, exp_paras)
        else:
            too_many = out_paras.count(p) > exp_paras.count(p)
        if too_many:
            repeated.append(p)
    repeated_text = []
    for p in dict.fromkeys(body):
        for s in _SENTENCE.split(p):
            if len(s.split()) >= 6 and out_joined.count(s) > exp_joined.count(s):
                repeated_text.append(s)

    out_counts = Counter(out_paras)
    found = 0
    missing = []
    for p in body:
        if out_counts[p] > 0:
            out_counts[p] -= 1
            found += 1
        else:
            missing.append(p)
    first = out_lines[0] if out_lines else ""
    return DumpScore(
        id=dump.id,
        precision=precision,
        recall=recall,
        f1=f1,
        title_right=first == norm(dump.title),
        paragraphs=len(body),
        paragraphs_found=found,
        residue=residue,
        repeated=repeated,
        repeated_text=list(dict.fromkeys(repeated_text)),
        missing=missing,
        classes=sorted({cls for cls, _ in dump.chrome}),
        body=body,
        features=list(dump.features),
    )


def summarise(scores: list[DumpScore]) -> dict[str, object]:
    """Aggregate figures over dumps (the issue's targets first). O(number of dumps)."""
    n = len(scores) or 1
    per_class: dict[str, dict[str, float]] = {}
    for cls in CLASSES:
        having = [s for s in scores if cls in s.classes]
        left = [s for s in having if cls in s.residue]
        per_class[cls] = {
            "dumps_with_class": len(having),
            "residue_share_of_those": round(len(left) / len(having), 4) if having else 0.0,
            "residue_share_of_all": round(len(left) / n, 4),
        }
    total_paras = sum(s.paragraphs for s in scores) or 1
    features = sorted({f for s in scores for f in s.features})
    per_feature = {}
    for f in features:
        sub = [s for s in scores if f in s.features]
        per_feature[f] = {
            "dumps": len(sub),
            "body_f1": round(sum(s.f1 for s in sub) / len(sub), 4),
            "paragraph_recall": round(sum(s.paragraphs_found for s in sub) / (sum(s.paragraphs for s in sub) or 1), 4),
            "repeated_paragraph": round(sum(bool(s.repeated) for s in sub) / len(sub), 4),
            "any_residue": round(sum(bool(s.residue) for s in sub) / len(sub), 4),
        }
    return {
        "dumps": len(scores),
        "body_f1": round(sum(s.f1 for s in scores) / n, 4),
        "body_precision": round(sum(s.precision for s in scores) / n, 4),
        "body_recall": round(sum(s.recall for s in scores) / n, 4),
        "any_residue": round(sum(bool(s.residue) for s in scores) / n, 4),
        "repeated_paragraph": round(sum(bool(s.repeated) for s in scores) / n, 4),
        "repeated_text": round(sum(bool(s.repeated_text) for s in scores) / n, 4),
        "paragraph_recall": round(sum(s.paragraphs_found for s in scores) / total_paras, 4),
        "paragraph_recall_short": _recall(scores, short=True),
        "paragraph_recall_long": _recall(scores, short=False),
        "title_right": round(sum(s.title_right for s in scores) / n, 4),
        "per_class": per_class,
        "per_feature": per_feature,
    }


SHORT_PARAGRAPH = 8  # words: headings, list items, one-line quotes


def _recall(scores: list[DumpScore], *, short: bool) -> float:
    """Paragraph recall over the short (< 8 words) or the long paragraphs only. O(paragraphs)."""
    total = sum(1 for s in scores for p in s.body if (len(p.split()) < SHORT_PARAGRAPH) == short)
    missed = sum(1 for s in scores for p in s.missing if (len(p.split()) < SHORT_PARAGRAPH) == short)
    return round(1 - missed / total, 4) if total else 1.0


TARGETS = {
    "body_f1": (">=", 0.98),
    "repeated_paragraph": ("<=", 0.0),
    "any_residue": ("<=", 0.05),
    "paragraph_recall": (">=", 0.985),
    "title_right": (">=", 0.99),
}


def meets(name: str, value: float) -> bool:
    """Whether ``value`` meets the issue's target for ``name``. O(1)."""
    op, target = TARGETS[name]
    return value >= target if op == ">=" else value <= target
