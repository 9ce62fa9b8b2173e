"""A datatrove pipeline step: clean each document's HTML or text and keep what the cleaner knows.

datatrove's own extractors receive text only and return text only, so the title, the
language and what was removed are lost.  ``CleanerStep`` replaces ``doc.text`` with the
clean text and adds to ``doc.metadata``: ``title``, ``language`` (lower-case primary tag),
``author``/``site_name``/``canonical_url`` when found, ``created`` (the page's own date; the
reader's ``date`` is the crawl's and stays), and ``cleaner`` (version, chars in/out,
``removed``: a JSON list of ``{rule, count}``, as in the record).  Documents with nothing left are dropped and
counted in the step's stats (``dropped_empty``, ``dropped_too_short``, ``failed_<kind>``)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerStep

    LocalPipelineExecutor(
        pipeline=[WarcReader("crawl/"), CleanerStep(), JsonlWriter("clean/")], tasks=1
    ).run()
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

try:
    from datatrove.data import DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
    from datatrove.utils.logging import logger
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "cleaner.integrations.datatrove needs datatrove: pip install 'webpage-cleaner[integrations]'"
    ) from exc

from ..options import Options
from . import clean_content, record_metadata

_KEEP = ("title", "language", "author", "site_name", "canonical_url")


class CleanerStep(PipelineStep):  # type: ignore[misc]
    """Clean ``doc.text`` (HTML or a text dump: ``kind`` "auto" sniffs each document).

    ``options``: :class:`cleaner.Options` (rules, dedup, ``min_chars``...).  The page URL is
    read from ``doc.metadata["url"]`` (set by datatrove's readers).  O(size of each document).
    """

    name = "🧹 cleaner"
    type = "🛢 - EXTRAC"

    def __init__(self, options: Options | None = None, kind: str = "auto") -> None:
        super().__init__()
        self.options = options or Options()
        self.kind = kind

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        """Yield the documents that keep some text, cleaned and annotated."""
        for doc in data:
            self.stat_update("total")
            url = doc.metadata.get("url")
            with self.track_time():
                o = clean_content(
                    doc.text,
                    kind=self.kind,
                    doc_id=str(doc.id),
                    url=url if isinstance(url, str) else None,
                    options=self.options,
                )
            if o.status != "written" or o.doc is None:
                self.stat_update(f"{o.status}_{o.reason}")
                if o.status == "failed":  # a drop is the data's doing, a failure may be ours: say so
                    logger.warning(f"cleaner: document {doc.id!r} failed ({o.reason}): {o.message}")
                continue
            meta = record_metadata(o)
            doc.text = o.doc.text
            for key in _KEEP:
                if meta.get(key):
                    doc.metadata[key] = meta[key]
            if meta.get("date"):  # the page's own date; the reader's "date" is the crawl's
                doc.metadata["created"] = meta["date"]
            doc.metadata["cleaner"] = meta["cleaner"]
            self.stat_update("forwarded")
            self.update_doc_stats(doc)
            yield doc
