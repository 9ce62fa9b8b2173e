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
_CONTROLS = "//*[@aria-controls][@aria-expanded or @aria-selected or @role='tab']"
_HIDING = ("hidden", "aria-hidden", "style")


def reveal(root: etree._Element) -> int:
    """Show the streamed segments and controlled panels of the page (see the module); return
    how many.  Run before scripts are stripped.  O(script text + elements), the element
    searches in XPath."""
    shown = [el for el in root.xpath("//*[@role='tabpanel']") if isinstance(el.tag, str)]
    ids: set[str] = set()
    for el in root.xpath(_CONTROLS):
        ids.update(el.get("aria-controls", "").split())
    for script in root.iter("script"):
        text = script.text
        if text and "$R" in text:
            for a, b in _CALL.findall(text):
                ids.update(x for x in (a, b) if x.startswith("S:"))
    if ids:
        shown.extend(el for el in root.xpath("//*[@id]") if el.get("id") in ids)
    for el in shown:
        for name in _HIDING:
            if name in el.attrib:
                del el.attrib[name]
    return len(shown)
