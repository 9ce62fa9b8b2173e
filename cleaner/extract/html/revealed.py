"""Hidden content that the page itself reveals: streamed segments and collapsed panels.

Hidden is hidden (issue 23.9), except where the page carries its own means of showing it:

* a React 18+ server (Next.js, Remix) streams the parts of a page that wait on data as
  ``<div hidden id="S:0">`` at the end of the body, each shown by a script call
  (``$RC("B:0","S:0")``, ``$RS("S:0","P:0")``): only segments such a call names are shown;
* a tab panel (``role="tabpanel"``) or the panel a tab or disclosure button controls
  (``aria-controls`` on an element with ``aria-expanded``, ``aria-selected`` or
  ``role="tab"``): a product's description and specs, an accordion's answers, which a reader
  opens with one click.

Anything else hidden (an ``aria-hidden`` copy, a ``display:none`` box, a hidden paragraph
with no control) stays out.
"""

from __future__ import annotations

import re

from lxml import etree

# The runtime's calls name the segment: $RC(boundary, segment) and $RS(segment, placeholder).
_CALL = re.compile(r"""\$R[CS]\(\s*["']([BSP]:\w+)["']\s*,\s*["']([BSP]:\w+)["']""")
_SHOWN = "//*[@role='tabpanel' or (@aria-controls and (@aria-expanded or @aria-selected or @role='tab'))]"
_HIDING = ("hidden", "aria-hidden", "style")


def reveal(root: etree._Element, text: str) -> int:
    """Show the streamed segments and controlled panels of the page (see the module); return
    how many.  ``text`` is the page's source: the tree is searched only for what it mentions.
    Run before scripts are stripped.  O(n) for a page of n characters: string searches, then
    at most two XPath passes over the elements (in C) and one over the scripts."""
    panels = "tabpanel" in text or "aria-controls" in text
    streamed = "$RC(" in text or "$RS(" in text
    if not panels and not streamed:
        return 0
    shown: list[etree._Element] = []
    ids: set[str] = set()
    if panels:
        for el in root.xpath(_SHOWN):
            if el.get("role") == "tabpanel":
                shown.append(el)
            elif el.get("aria-controls"):
                ids.update(el.get("aria-controls", "").split())
    if streamed:
        for script in root.iter("script"):
            code = script.text
            if code and "$R" in code:
                for a, b in _CALL.findall(code):
                    ids.update(x for x in (a, b) if x.startswith("S:"))
    if ids:
        shown.extend(el for el in root.xpath("//*[@id]") if el.get("id") in ids)
    for el in shown:
        for name in _HIDING:
            if name in el.attrib:
                del el.attrib[name]
    return len(shown)
