"""HTML main-content extraction: bytes in, ordered blocks out.

Pipeline of small steps, each in its own module:

* :mod:`.parse` decodes (``cleaner.sources.decode``) and parses safely with lxml;
* :mod:`.metadata` reads title, canonical URL, author, date, language, site name;
* :mod:`.blocks` walks the body once, pruning boilerplate elements (:mod:`.prune`, patterns
  in ``cleaner/extract/data/prune.toml``) and cutting text into raw blocks;
* :mod:`.classify` classifies blocks, :mod:`.unprune` revisits provisional prune verdicts and
  :mod:`.select` picks the main-content container (and a listing's item cards, :mod:`.regions`).

The kept blocks become :class:`cleaner.model.Block` objects with an element path and hints
(``tag``, ``link_density``, ``classes``, ``context``, ``class``) that text rules may use.
Captions are emitted as ``Kind.CAPTION`` blocks, marked removed unless
``options.keep_captions``.
"""

from __future__ import annotations

from lxml import etree

from ...model import Block, Document, Kind, Origin, Removal
from ...options import Options
from ...timing import Lap, Timer
from ..steps import PRUNE, SELECTION
from .blocks import Node, RawBlock, walk
from .classify import classify_page, mark_teasers
from .fallback import kept_chars, recall_pass, too_little
from .limits import TRUNCATED
from .metadata import Declared, extract_metadata
from .parse import STRIP, UNWRAP, body_of, check_size, decode, parse
from .revealed import reveal
from .select import fill_span, select
from .unprune import unprune

__all__ = ["extract_html"]

CAPTION_RULE = "caption"
PRUNED_SUBTREES = "html_pruned_subtrees"  # doc.context: reason -> subtrees dropped unread
_PATH_DEPTH = 4
_CAPTION = Kind.CAPTION  # (bound once: an enum class lookup per block otherwise)


def _path(nodes: list[Node], chain: tuple[int, ...], labels: dict[int, str]) -> str:
    """The last _PATH_DEPTH containers of ``chain`` as "tag.class" steps; ``labels`` keeps each
    node's step, which the blocks of a page share (a paragraph's path ends in its own node)."""
    parts = []
    for n in chain[-_PATH_DEPTH:]:
        label = labels.get(n)
        if label is None:
            node = nodes[n]
            label = node.tag
            key = node.key.split()
            if key:
                label += "." + key[0]
            labels[n] = label
        parts.append(label)
    prefix = "…/" if len(chain) > _PATH_DEPTH else "/"
    return prefix + "/".join(parts)


def _context(nodes: list[Node], chain: tuple[int, ...]) -> str:
    return " ".join(nodes[n].key.strip() for n in chain[-4:-1] if nodes[n].key).strip()


def extract_html(doc: Document, options: Options, timer: Timer | None = None) -> None:
    """Fill ``doc.blocks``, ``doc.title``, ``doc.url`` and ``doc.metadata`` from ``doc.raw``;
    ``timer`` (see :mod:`cleaner.timing`) is told the time of each stage.

    Time O(n + e + b * d) and memory O(n + e + b * d) for n bytes, e elements, b blocks and
    a block nesting depth d; e, b and d are capped (:mod:`.limits`), and what the caps cut is
    counted per reason in ``doc.context[TRUNCATED]``.
    """
    lap = Lap(timer) if timer else None
    raw = doc.raw
    check_size(raw, options)
    declared = _charset_of(doc.metadata.get("http_content_type"))
    text, encoding = decode(raw, declared)
    if lap:
        lap("html.decode")
    truncated: dict[str, int] = {}
    root = parse(text, raw if isinstance(raw, bytes) and encoding == "utf-8" else None, truncated)
    if lap:
        lap("html.parse")

    md, says = extract_metadata(root, doc.url)
    md["encoding"] = doc.metadata.get("encoding") or encoding if encoding == "unicode" else encoding  # (a reader's)
    reveal(root, text)
    body = body_of(root)
    etree.strip_elements(body, *STRIP, "noscript", with_tail=False)
    etree.strip_tags(body, *UNWRAP)
    if lap:
        lap("html.metadata")
    result = walk(body)
    if lap:
        lap("html.walk")
    scored, lang = classify_page(result.blocks, md.get("language"))
    if not md.get("language") and lang and lang != "cjk":
        md["language"] = lang
    mark_teasers(scored)
    if lap:
        lap("html.classify")
    # Disabling html_prune keeps every provisionally pruned box (hidden and script-like
    # subtrees are no page text and stay out); disabling html_selection keeps every block
    # pruning left, and so needs no second pass.
    pruning = PRUNE not in options.disabled_rules
    selecting = SELECTION not in options.disabled_rules
    prune_params = options.step_params(PRUNE)
    select_params = options.step_params(SELECTION)
    unpruned = unprune(scored, result.soft, result.nodes, prune_params.unprune_share) if pruning else scored
    chosen = select(unpruned, result.nodes) if selecting else unpruned
    if selecting and too_little(chosen, select_params.fallback_min_chars):  # (issue 8) see .fallback
        body.clear()  # free the first tree before the second parse
        utf8 = raw if isinstance(raw, bytes) and encoding == "utf-8" else None
        second = recall_pass(text, utf8, kept_chars(chosen), select_params.fallback_gain, prune_params.unprune_share)
        if second is not None:
            result, scored, unpruned, chosen = second.walk, second.scored, second.unpruned, second.chosen
            if not pruning:
                unpruned = scored
    if selecting and select_params.product_span and _one_product(says, result.products):
        chosen = fill_span(unpruned, chosen)
    if lap:
        lap("html.select")
    kept_ids = {id(s) for s in chosen}
    unpruned_ids = {id(s) for s in unpruned}

    # Every block of the page goes into the document, in reading order; those outside the
    # main content are marked removed with the reason, so --explain and the statistics show
    # what extraction dropped, not only what the text rules did.
    blocks: list[Block] = []
    labels: dict[int, str] = {}
    captions = not options.keep_captions and CAPTION_RULE not in options.disabled_rules
    for s in scored:
        rb = s.block
        origin = Origin(path=_path(result.nodes, rb.chain, labels))
        if id(s) not in unpruned_ids:
            box = next((result.soft[n] for n in rb.pruned if n in result.soft), "boilerplate")
            blocks.append(_dropped(rb, origin, PRUNE, f"inside a {box} box (class/id/role pattern)"))
            continue
        if id(s) not in kept_ids:
            blocks.append(_dropped(rb, origin, SELECTION, "outside the main-content container"))
            continue
        node = result.nodes[rb.owner]
        hints: dict[str, object] = {
            "tag": rb.tag,
            "link_density": round(s.link_density, 3),
            "classes": node.key.strip(),
            "context": _context(result.nodes, rb.chain),
            "class": s.cls,
        }
        if rb.in_table:
            hints["in_table"] = True
        block = Block(text=rb.text, kind=rb.kind, origin=origin, hints=hints, markup=rb.markup)
        if captions and rb.kind is _CAPTION:
            block.remove(CAPTION_RULE, "figure caption in the HTML markup")
        blocks.append(block)
    for reason, n in result.truncated.items():
        truncated[reason] = truncated.get(reason, 0) + n
    if truncated:
        # Pathological markup cut by the caps of .limits: reason -> how often, for --explain.
        doc.context[TRUNCATED] = dict(sorted(truncated.items()))
    if result.pruned:
        # Subtrees dropped whole during the walk (never turned into blocks): counted per reason.
        doc.context[PRUNED_SUBTREES] = dict(sorted(result.pruned.items()))

    doc.blocks = blocks
    for key, value in md.items():
        if value is not None or key not in doc.metadata:
            doc.metadata[key] = value
    if md.get("title") and not doc.title:
        doc.title = md["title"]
    if not doc.url and md.get("canonical_url"):
        doc.url = md["canonical_url"]
    doc.metadata["url"] = doc.url
    doc.raw = ""  # the blocks carry the text now; free the page
    if lap:
        lap("html.blocks")


def _one_product(declared: Declared, microdata: int) -> bool:
    """The page declares one product and is no article about it: one schema.org product in its
    JSON-LD (or og:type product), or, with none there, one element of a product's microdata
    type (a shop's category page declares many)."""
    if declared.article:
        return False
    return declared.products == 1 or (declared.products == 0 and microdata == 1)


def _dropped(rb: RawBlock, origin: Origin, rule: str, reason: str) -> Block:
    """A block extraction left out: kept in the document, marked removed, for --explain."""
    return Block(text=rb.text, kind=rb.kind, origin=origin, removal=Removal(rule, reason))


def _charset_of(content_type: object) -> str | None:
    if not isinstance(content_type, str) or "charset=" not in content_type.lower():
        return None
    value = content_type.lower().split("charset=", 1)[1]
    return value.split(";")[0].strip().strip("\"'") or None
