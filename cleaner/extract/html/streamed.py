"""React streaming segments: server-rendered content that arrives hidden and is shown by script.

A React 18+ server (Next.js, Remix...) streams the parts of a page that wait on data as
``<div hidden id="S:0">...</div>`` at the end of the body, each followed by a script call
(``$RC("B:0","S:0")`` or ``$RS("S:0","P:0")``) that moves it into its placeholder and shows
it.  On such pages the whole article can sit in a hidden segment.  A segment is revealed
only when the page's own scripts reveal it, so other hidden text stays hidden (issue 23.9).
"""

from __future__ import annotations

import re

from lxml import etree

# The runtime's calls name the segment: $RC(boundary, segment) and $RS(segment, placeholder).
_CALL = re.compile(r"""\$R[CS]\(\s*["']([BSP]:\w+)["']\s*,\s*["']([BSP]:\w+)["']""")


def reveal_streamed(root: etree._Element) -> int:
    """Drop ``hidden`` from every streamed segment the page's scripts reveal; return how many.
    Run before scripts are stripped.  O(script text + elements)."""
    revealed: set[str] = set()
    for script in root.iter("script"):
        text = script.text
        if text and "$R" in text:
            for a, b in _CALL.findall(text):
                revealed.update(x for x in (a, b) if x.startswith("S:"))
    if not revealed:
        return 0
    count = 0
    for div in root.iter("div"):
        if div.get("hidden") is not None and div.get("id") in revealed:
            del div.attrib["hidden"]
            count += 1
    return count
