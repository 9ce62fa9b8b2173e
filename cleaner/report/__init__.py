"""``cleaner report``: a self-contained HTML audit of what the cleaner removed and why.

:mod:`.collect` runs the pipeline over raw pages and keeps totals plus a bounded sample of
documents; :mod:`.html` renders them as one HTML file with inline CSS, SVG and script (no
network, no external assets); :mod:`.segments` is the per-block view it shares with
``cleaner explain``.
"""

from __future__ import annotations

from .collect import DEFAULT_MAX_DOCS, Audit, DocSample, collect
from .html import render_html

__all__ = ["DEFAULT_MAX_DOCS", "Audit", "DocSample", "collect", "render_html"]
