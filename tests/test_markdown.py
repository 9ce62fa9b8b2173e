"""Markdown output (``--format markdown``, ``Options(format="markdown")``, issue 20.3).

The same kept blocks as the plain text, with their structure marked up; stripping the markup
gives back the plain text, word for word.  Pages are built here from small HTML strings.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from html_helpers import para
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.cli import main
from cleaner.model import Document
from cleaner.pipeline import process
from cleaner.sinks.base import Cleaned
from cleaner.sinks.markdown import escape_line
from cleaner.sinks.schema import record

MD = cleaner.Options(format="markdown")


ROOT = Path(__file__).resolve().parent.parent


def article(body: str, title: str = "Budget talks") -> str:
    """A page whose article holds ``body`` between two paragraphs of prose."""
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav><article>"
        f"<h1>{title}</h1><p>{para(0)}</p>{body}<p>{para(2)}</p></article><footer>Copyright</footer></body></html>"
    )


# ---------------------------------------------------------------- the benchmark's stripper
# benchmarks/devset.py scores Markdown output with its markup stripped: the property tests
# below check that stripping gives back the plain text's words, so that score is the text's.


def _load_devset_bench() -> Any:
    spec = importlib.util.spec_from_file_location("devset_bench", ROOT / "benchmarks" / "devset.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("devset_bench", mod)  # dataclasses need the module registered
    spec.loader.exec_module(mod)
    return mod


strip_markdown = _load_devset_bench().strip_markdown


def words(text: str) -> list[str]:
    return text.split()


# ---------------------------------------------------------------- golden pages

GOLDEN = article(
    f"""<h2>What the council said</h2><p>{para(1)}</p>
<h3>The details of the plan</h3>
<p># Budget is the word that opens this paragraph, and it is no heading at all.</p>
<ul>
<li>The first point of the plan is to repair the school buildings.</li>
<li>The second point has parts of its own, listed below in order.
<ol><li>Fix the roofs of the north school before the autumn rain.</li>
<li>Paint the halls during the summer holidays.</li></ol>
</li>
<li>The third point is the new bus line to the hospital.</li>
</ul>
<h4>Steps in order</h4>
<ol start="3"><li>Collect the offers from three builders in the town.</li>
<li>Choose the cheapest offer that meets the rules.</li></ol>
<table><thead><tr><th>Item</th><th>Cost | euro</th></tr></thead>
<tbody><tr><td>Roofs</td><td>120000</td></tr><tr><td>Paint</td><td>30000</td></tr></tbody></table>
<pre>print("a fence ``` inside")
x = 1</pre>
<blockquote>We will not raise taxes this year, the mayor told the members of the council.</blockquote>"""
)

GOLDEN_MD = f"""\
# Budget talks

{para(0)}

## What the council said

{para(1)}

### The details of the plan

\\# Budget is the word that opens this paragraph, and it is no heading at all.

- The first point of the plan is to repair the school buildings.
- The second point has parts of its own, listed below in order.
  1. Fix the roofs of the north school before the autumn rain.
  2. Paint the halls during the summer holidays.
- The third point is the new bus line to the hospital.

#### Steps in order

3. Collect the offers from three builders in the town.
4. Choose the cheapest offer that meets the rules.

| Item | Cost \\| euro |
| --- | --- |
| Roofs | 120000 |
| Paint | 30000 |

````
print("a fence ``` inside")
x = 1
````

> We will not raise taxes this year, the mayor told the members of the council.

{para(2)}
"""


def test_golden_page_as_markdown() -> None:
    assert cleaner.clean_html(GOLDEN, options=MD) == GOLDEN_MD


def test_plain_text_is_unchanged_by_the_markdown_work() -> None:
    """The default output is the plain text as before: no markup, same blocks, the title line
    first, the paragraph that starts with "# " as written."""
    text = cleaner.clean_html(GOLDEN)
    assert text == cleaner.clean_html(GOLDEN, options=cleaner.Options(format="text"))
    assert text.startswith("Budget talks\n\n") and "\n\n# Budget is the word" in text
    assert "Item | Cost | euro\n\nRoofs | 120000" in text
    assert not re.search(r"^(?:#{1,6} |- |\d+\. |> |\| |```)", text.replace("# Budget is", ""), re.M)
    assert words(strip_markdown(GOLDEN_MD)) == words(text)


def test_markdown_parses_as_the_structure_it_means() -> None:
    """A CommonMark parser (with GitHub tables) reads the headings, lists, table, code and
    quote, and the escaped paragraph as a paragraph."""
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(GOLDEN_MD)
    opened = [(t.type, t.tag, t.attrGet("start")) for t in tokens if t.type.endswith("_open") or t.type == "fence"]
    kinds = [(t, tag) for t, tag, _ in opened if t != "paragraph_open" and not t.startswith(("t", "list_item"))]
    assert kinds == [
        ("heading_open", "h1"),
        ("heading_open", "h2"),
        ("heading_open", "h3"),
        ("bullet_list_open", "ul"),
        ("ordered_list_open", "ol"),
        ("heading_open", "h4"),
        ("ordered_list_open", "ol"),
        ("fence", "code"),
        ("blockquote_open", "blockquote"),
    ]
    assert ("ordered_list_open", "ol", 3) in opened
    assert sum(t.type == "th_open" for t in tokens) == 2 and sum(t.type == "tr_open" for t in tokens) == 3
    inline = [t.content for t in tokens if t.type == "inline"]
    assert "# Budget is the word that opens this paragraph, and it is no heading at all." in [
        "".join(c.content for c in t.children or []) for t in tokens if t.type == "inline"
    ]
    assert "Cost | euro" in inline  # one cell, the pipe in it escaped
    fence = next(t for t in tokens if t.type == "fence")
    assert fence.content == 'print("a fence ``` inside")\nx = 1\n'


@pytest.mark.parametrize(
    ("start", "escaped"),
    [
        ("# not a heading", "\\# not a heading"),
        ("###### six", "\\###### six"),
        ("- not an item", "\\- not an item"),
        ("+ plus", "\\+ plus"),
        ("* star", "\\* star"),
        ("1. not a number", "1\\. not a number"),
        ("12) neither", "12\\) neither"),
        ("> not a quote", "\\> not a quote"),
        (">no space either", "\\>no space either"),
        ("```fence", "\\```fence"),
        ("***", "\\***"),
        ("_ _ _", "\\_ _ _"),
        ("<div> tag", "\\<div> tag"),
        ("[ref]: /url", "\\[ref]: /url"),
        ("\\# already escaped", "\\\\# already escaped"),
    ],
)
def test_line_starts_that_would_change_meaning_are_escaped(start: str, escaped: str) -> None:
    assert escape_line(start) == escaped
    assert strip_markdown(escaped) == start


@pytest.mark.parametrize(
    "plain",
    ["#hashtag opens it", "-5 degrees at night", "1.5 million people", "2024 was a year", "a > b", "*emphasis*"],
)
def test_line_starts_that_mean_nothing_are_left_alone(plain: str) -> None:
    assert escape_line(plain) == plain


def test_paragraph_starting_with_markup_is_escaped_in_the_page() -> None:
    page = article(
        "<p>- minus five degrees were measured at the station during the night, a record.</p>"
        "<p>1. This paragraph opens with a number and a dot, as some pages write them.</p>"
        "<p>&gt; this one opens with a sign that would make it a quote in Markdown output.</p>"
    )
    md = cleaner.clean_html(page, options=MD)
    assert "\n\n\\- minus five degrees" in md
    assert "\n\n1\\. This paragraph opens" in md
    assert "\n\n\\> this one opens" in md
    assert words(strip_markdown(md)) == words(cleaner.clean_html(page))


def test_heading_levels_and_a_title_ending_in_hashes() -> None:
    page = article(
        "".join(f"<h{n}>Heading of level {n} here</h{n}><p>{para(n)}</p>" for n in range(2, 7)),
        title="Learning C #",
    )
    md = cleaner.clean_html(page, options=MD)
    assert md.startswith("# Learning C \\#\n\n")
    for n in range(2, 7):
        assert f"\n\n{'#' * n} Heading of level {n} here\n\n" in md
    assert words(strip_markdown(md)) == words(cleaner.clean_html(page))


def test_nested_lists_indent_under_their_item_and_ordered_lists_keep_their_numbers() -> None:
    page = article(
        "<ol><li>Open the box that came with the post this morning.<ul>"
        "<li>Check the seal on the side of the box first.<ol start='7'>"
        "<li>Write down the number printed on the seal.</li></ol></li></ul></li>"
        "<li value='10'>Take the parts out and lay them on the table.</li>"
        "<li><p>Read the manual before you start the work.</p><p>It has pictures of every step.</p></li></ol>"
    )
    md = cleaner.clean_html(page, options=MD)
    assert (
        "1. Open the box that came with the post this morning.\n"
        "   - Check the seal on the side of the box first.\n\n"  # a list starting at 7 needs a blank line
        "     7. Write down the number printed on the seal.\n"
        "10. Take the parts out and lay them on the table.\n"
        "11. Read the manual before you start the work.\n\n"
        "    It has pictures of every step.\n\n"
    ) in md


def test_items_whose_parent_items_a_rule_removed_are_not_indented_past_them() -> None:
    """Indenting them as deep as the HTML nests them, with nothing above, would make Markdown
    read them as an indented code block."""
    page = article(
        "<ul><li>The outer item that a rule will remove below.<ul><li>The middle item, removed as well.<ul>"
        "<li>A deep item that stays in the text of the page.</li><li>A second deep item that stays too.</li>"
        "</ul></li></ul></li></ul>"
    )
    doc = process(Document(id="t", raw=page, kind="html"), MD)
    for b in doc.blocks:
        if b.text.startswith(("The outer", "The middle")):
            b.remove("test", "a rule removed it")
    md = cleaner.render_text(doc, MD)
    assert "\n\n- A deep item that stays in the text of the page.\n- A second deep item that stays too.\n\n" in md


def test_code_fence_is_longer_than_any_backtick_run_inside() -> None:
    code = "a = '````'\nb = '`'\n\n    indented line"
    md = cleaner.clean_html(article(f"<pre>{html.escape(code)}</pre>"), options=MD)
    assert f"\n\n`````\n{code}\n`````\n\n" in md


def test_table_rows_whose_text_a_rule_changed_stay_whole() -> None:
    """A row whose kept text no longer matches its cells (a cut, a swapped copy) is written as
    one cell: the words kept, never the cells of a text that is gone."""
    doc = process(
        Document(
            id="t",
            raw=article("<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>42</td></tr></table>"),
            kind="html",
        ),
        MD,
    )
    row = next(b for b in doc.blocks if b.kept and b.text == "Ann | 42")
    assert row.markup is not None and row.markup.cells == ("Ann", "42")
    row.replace_text("Ann (42)")
    md = cleaner.render_text(doc, MD)
    assert "| Name | Age |\n| --- | --- |\n| Ann (42) |  |" in md


def test_text_dump_renders_by_kind() -> None:
    dump = (
        "Budget talks\n\n"
        f"{para(0)}\n\n"
        "- the first point of the plan\n- the second point of the plan\n"
        "1. a numbered line\n2. another numbered line\n\n"
        "What the council said\n\n"
        f"# {para(1)}\n"
    )
    md = cleaner.clean_text(dump, options=MD)
    assert md.startswith("# Budget talks\n\n")
    assert "- the first point of the plan\n- the second point of the plan\n\n1. a numbered line\n2. another" in md
    assert "\n\n## What the council said\n\n\\# " in md
    plain = cleaner.clean_text(dump)  # its list items' markers are Markdown's now
    assert words(strip_markdown(md)) == words(re.sub(r"(?m)^(?:- |\d\. )", "", plain))


def test_no_title_and_nothing_kept() -> None:
    md = cleaner.clean_html(GOLDEN, options=cleaner.Options(format="markdown", title=False))
    assert md.startswith(para(0))
    assert cleaner.clean_html("<html><body><nav><a href='/'>Home</a></nav></body></html>", options=MD) == ""


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        cleaner.Options(format="html")


# ---------------------------------------------------------------- property: same words

_TOKENS = st.sampled_from(
    "word alpha beta gamma the of and # ## ###### - + * 1. 2) 10. > >> | || ` ``` ```` ~~~ --- *** _ <b <div> "
    "[x]: \\# \\ \\- = === 3.14 -1 #tag".split()
)
_TEXT = st.lists(_TOKENS, min_size=1, max_size=8).map(" ".join)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


@st.composite
def _list(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(["ul", "ol"]))
    items = []
    for _ in range(draw(st.integers(1, 3))):
        inner = draw(_list(depth + 1)) if depth < 2 and draw(st.booleans()) else ""
        items.append(f"<li>{_esc(draw(_TEXT))}{inner}</li>")
    start = f" start='{draw(st.integers(0, 12))}'" if tag == "ol" and draw(st.booleans()) else ""
    return f"<{tag}{start}>{''.join(items)}</{tag}>"


@st.composite
def _table(draw: st.DrawFn) -> str:
    rows = []
    for r in range(draw(st.integers(1, 3))):
        cell = "th" if r == 0 and draw(st.booleans()) else "td"
        cells = draw(st.lists(st.one_of(st.just(""), _TEXT), min_size=1, max_size=3))
        rows.append("<tr>" + "".join(f"<{cell}>{_esc(c)}</{cell}>" for c in cells) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


_CODE = st.lists(st.one_of(_TEXT, st.just("")), min_size=1, max_size=4).map("\n".join)
_ELEMENT = st.one_of(
    st.builds(lambda n, t: f"<h{n}>{_esc(t)}</h{n}>", st.integers(1, 6), _TEXT),
    _TEXT.map(lambda t: f"<p>{_esc(t)}</p>"),
    _TEXT.map(lambda t: f"<blockquote>{_esc(t)}</blockquote>"),
    _CODE.map(lambda t: f"<pre>{_esc(t)}</pre>"),
    _list(),
    _table(),
)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ELEMENT, min_size=1, max_size=6), _TEXT)
def test_stripped_markdown_has_the_plain_texts_words(elements: list[str], title: str) -> None:
    page = article("".join(elements), title=_esc(title))
    doc = process(Document(id="p", raw=page, kind="html"), MD)
    plain = cleaner.render_text(doc)
    md = cleaner.render_text(doc, MD)
    assert words(strip_markdown(md)) == words(plain)


# ---------------------------------------------------------------- records and the command line


def test_jsonl_record_says_which_format_the_text_holds(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "html": GOLDEN}) + "\n", encoding="utf-8")
    for fmt in ("text", "markdown"):
        out = tmp_path / f"{fmt}.jsonl"
        result = CliRunner().invoke(main, ["clean", str(src), "-o", str(out), "--format", fmt, "-q"])
        assert result.exit_code == 0, result.output
        rec = json.loads(out.read_text(encoding="utf-8"))
        assert rec["metadata"]["cleaner"]["format"] == fmt
        assert rec["text"] == cleaner.clean_html(GOLDEN, options=cleaner.Options(format=fmt))
    rec = record(Cleaned("x", "text"), "2024-01-01")  # a writer given no format: plain text
    assert rec["metadata"]["cleaner"]["format"] == "text"


def test_cli_folder_output_writes_md_files(tmp_path: Path) -> None:
    src = tmp_path / "pages"
    (src / "sub").mkdir(parents=True)
    (src / "a.html").write_text(GOLDEN, encoding="utf-8")
    (src / "sub" / "b.htm").write_text(article(f"<p>{para(3)}</p>"), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(src), "-o", str(out), "--format", "markdown", "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["a.md", "sub/b.md"]
    assert (out / "a.md").read_text(encoding="utf-8") == GOLDEN_MD
    plain = tmp_path / "plain"
    assert CliRunner().invoke(main, ["clean", str(src), "-o", str(plain), "-q"]).exit_code == 0
    assert sorted(p.name for p in plain.rglob("*") if p.is_file()) == ["a.txt", "b.txt"]


def test_cli_stdout_markdown_and_a_bad_format(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(GOLDEN, encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", str(page), "--format", "markdown"])
    assert result.exit_code == 0 and result.stdout == GOLDEN_MD
    bad = CliRunner().invoke(main, ["clean", str(page), "--format", "rst"])
    assert bad.exit_code == 2 and "rst" in bad.output
