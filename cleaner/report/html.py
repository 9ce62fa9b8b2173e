"""Render an :class:`~cleaner.report.collect.Audit` as one self-contained HTML file.

Everything is inline (CSS, SVG charts, a small script) and a Content-Security-Policy forbids
any fetch, so the report opens offline and cannot leak what it shows.  The output depends only
on the audit (no clock, no paths of the machine beyond the inputs named), so the same run
gives the same bytes.
"""

from __future__ import annotations

from html import escape
from importlib import resources

from .. import __version__
from ..names import safe_str
from .collect import LENGTH_BINS, Audit, DocSample
from .segments import BlockView


def _asset(name: str) -> str:
    """``cleaner/report/data/NAME``: the report's stylesheet and script live in data files."""
    return resources.files("cleaner.report").joinpath("data", name).read_text(encoding="utf-8")


_CSS = _asset("report.css")

_JS = _asset("report.js")

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def _e(text: object) -> str:
    return escape(safe_str(str(text)), quote=True)


def _n(value: int) -> str:
    return f"{value:,}"


def _bar_chart(rows: list[tuple[str, int]], label: str, unit: str) -> str:
    """Horizontal bars, one per row, scaled to the largest.  O(rows)."""
    if not rows:
        return f'<p class="muted">No {unit}.</p>'
    width, left, row_h = 560, 150, 22
    span = width - left - 60
    top = max(v for _, v in rows) or 1
    parts = [f'<svg role="img" aria-label="{_e(label)}" viewBox="0 0 {width} {row_h * len(rows) + 4}" width="100%">']
    for i, (name, value) in enumerate(rows):
        y = i * row_h + 2
        w = max(1.0, span * value / top)
        parts.append(
            f'<g class="bar-row" data-name="{_e(name)}"><title>{_e(name)}: {_n(value)} {_e(unit)}</title>'
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{_e(name)}</text>'
            f'<rect class="bar" x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" rx="2"/>'
            f'<text x="{left + w + 5:.1f}" y="{y + 15}">{_n(value)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _bin_labels() -> list[str]:
    labels = [f"≤{_short(edge)}" if edge else "0" for edge in LENGTH_BINS]
    labels.append(f">{_short(LENGTH_BINS[-1])}")
    return labels


def _short(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def _histogram(bins: list[int]) -> str:
    """Vertical bars of documents by kept length.  O(bins)."""
    labels = _bin_labels()
    width, height, bottom = 560, 200, 34
    col = width / len(bins)
    top = max(bins) or 1
    parts = [f'<svg role="img" aria-label="documents by kept length" viewBox="0 0 {width} {height}" width="100%">']
    for i, (label, value) in enumerate(zip(labels, bins, strict=True)):
        h = (height - bottom - 18) * value / top
        x = i * col
        y = height - bottom - h
        parts.append(
            f'<g class="bin"><title>{_e(label)} characters: {_n(value)} documents</title>'
            f'<rect class="bar" x="{x + 4:.1f}" y="{y:.1f}" width="{col - 8:.1f}" height="{h:.1f}" rx="2"/>'
            f'<text x="{x + col / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{_n(value)}</text>'
            f'<text x="{x + col / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">{_e(label)}</text></g>'
        )
    parts.append(
        f'<text x="{width / 2:.0f}" y="{height - 4}" text-anchor="middle" class="muted">characters kept</text></svg>'
    )
    return "".join(parts)


def _block(view: BlockView) -> str:
    """One row: kept text on the left, removed pieces (struck through, labelled) on the right."""
    kept = " ".join(_e(p.text.strip()) for p in view.pieces if p.rule is None)
    removed = "".join(
        f'<span class="piece" data-rule="{_e(p.rule)}" title="{_e(p.reason)}"><del>{_e(p.text.strip())}</del>'
        f'<span class="rule">{_e(p.rule)}</span></span> '
        for p in view.pieces
        if p.rule is not None
    )
    return (
        f'<div class="row" data-kind="{_e(view.kind)}"><div class="kept">{kept}</div>'
        f'<div class="removed">{removed.rstrip()}<span class="where"> {_e(view.where)}</span></div></div>'
    )


def _document(i: int, d: DocSample) -> str:
    where = " ".join(x for x in (d.source, d.position) if x)
    share = f"{100 * d.chars_out / d.chars_in:.0f}%" if d.chars_in else "–"
    head = (
        f'<article class="doc" id="doc-{i}" data-rules="{_e(" ".join(d.rules))}">'
        f'<h3>{_e(d.id)}</h3><p class="muted">{_e(where)} · kept {_n(d.chars_out)} of {_n(d.chars_in)}'
        f" characters ({share}) · removed by: {_e(', '.join(d.rules) or 'nothing')}</p>"
    )
    notes = "".join(f'<p class="note">{_e(n)}</p>' for n in d.notes)
    rows = "".join(_block(v) for v in d.blocks)
    tail = '<p class="note">(the rest of this document is not shown: it is long)</p>' if d.truncated else ""
    return f'{head}{notes}<div class="cols"><div>kept</div><div>removed</div></div>{rows}{tail}</article>'


def render_html(audit: Audit) -> str:
    """The report as one HTML string.  O(size of the shown documents + rules)."""
    rules = sorted(audit.rules.items(), key=lambda kv: (-kv[1].removals, kv[0]))
    removals = sum(t.removals for _, t in rules)
    kept_share = f"{100 * audit.chars_out / audit.chars_in:.1f}%" if audit.chars_in else "–"
    totals = [
        ("documents", _n(audit.documents)),
        ("characters in", _n(audit.chars_in)),
        ("characters out", _n(audit.chars_out)),
        ("kept", kept_share),
        ("removals", _n(removals)),
        ("duplicates collapsed", _n(audit.duplicates_collapsed)),
        ("empty after cleaning", _n(audit.empty)),
        ("failed records", _n(sum(audit.failed.values()))),
        ("not documents", _n(sum(audit.dropped.values()))),
    ]
    totals_html = "".join(f'<div data-total="{_e(k)}"><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>' for k, v in totals)
    rule_rows = "".join(
        f'<tr data-rule="{_e(name)}"><td><a href="#rule={_e(name)}">{_e(name)}</a></td>'
        f'<td class="n">{_n(t.removals)}</td><td class="n">{_n(t.documents)}</td><td class="n">{_n(t.chars)}</td></tr>'
        for name, t in rules
    )
    options = "".join(f'<option value="{_e(name)}">{_e(name)} ({_n(t.removals)})</option>' for name, t in rules)
    shown = len(audit.samples)
    if audit.shown_all:
        sample_note = f"All {_n(shown)} documents are shown."
    else:
        sample_note = (
            f"Showing the first {_n(shown)} of {_n(audit.documents)} documents (at most {_n(audit.max_docs)}:"
            " --max-docs); the totals and charts above count every document."
        )
    problems = ""
    if audit.failed or audit.dropped:
        items = [f"failed ({k}): {_n(v)}" for k, v in sorted(audit.failed.items())]
        items += [f"not a document ({k}): {_n(v)}" for k, v in sorted(audit.dropped.items())]
        problems = f'<p class="note" id="problems">{_e("; ".join(items))}</p>'
    docs = "".join(_document(i, d) for i, d in enumerate(audit.samples))
    inputs = ", ".join(audit.inputs)
    rule_chart = _bar_chart([(n, t.removals) for n, t in rules], "removals by rule", "removals")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="cleaner {_e(__version__)}">
<title>cleaner audit report</title><style>{_CSS}</style></head>
<body>
<header><h1>What the cleaner removed, and why</h1>
<p class="muted">Inputs: {_e(inputs)} · cleaner {_e(__version__)}</p></header>
<main>
<section id="totals"><h2>Totals</h2><dl class="totals">{totals_html}</dl>{problems}</section>
<section id="charts"><h2>Charts</h2><div class="charts">
<figure id="chart-rules"><figcaption>Removals by rule</figcaption>{rule_chart}</figure>
<figure id="chart-lengths"><figcaption>Documents by kept length</figcaption>{_histogram(audit.length_bins)}</figure>
</div></section>
<section id="rules"><h2>Rules</h2>
<table id="rule-table"><thead><tr><th>rule</th><th class="n">removals</th><th class="n">documents</th>
<th class="n">characters removed</th></tr></thead>
<tbody>{rule_rows}</tbody></table></section>
<section id="documents"><h2>Documents</h2>
<p class="note" id="sample-note">{_e(sample_note)}</p>
<div class="filter"><label>Show documents with removals by
<select id="rule-filter"><option value="">any rule (all documents)</option>{options}</select></label>
<span id="shown-count" class="muted"></span></div>
{docs}
</section></main>
<script>{_JS}</script>
</body></html>
"""
