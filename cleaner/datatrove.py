"""A datatrove pipeline step (extra ``cleaner[datatrove]``): clean each document's text.

:class:`CleanerStep` slots into a datatrove pipeline between a reader and a
writer. It replaces ``document.text`` with the cleaned text, puts the compact
removal summary in ``document.metadata`` and counts, in datatrove's stats,
documents changed and refused and the lines each rule removed
(``rule/<rule id>``), so a run's stats say what the cleaner did to it.

Only datatrove's core is needed (its ``processing`` extra pins an old
trafilatura, which this project does not use through datatrove).
"""

from __future__ import annotations

from pathlib import Path

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from cleaner.engine import Cleaner
from cleaner.packs.loader import RuleSet
from cleaner.repeated import RepeatedLines, site_of_url
from cleaner.stream import clean_text, summarize


class CleanerStep(PipelineStep):
    """Clean the text of every document that passes through.

    Args:
        rules: a :class:`~cleaner.engine.Cleaner`, a rule set, a pack path (or
            list of paths), or None for the built-in packs. A Cleaner pickles as
            its rule set, so the step travels to datatrove's worker processes.
        summary_key: the metadata key for each document's removal summary
            (None: no summary).
        repeated: a :class:`~cleaner.repeated.RepeatedLines` plan; a document's
            site is the host of ``metadata[url_key]``.
        url_key: the metadata key holding the document's URL.
    """

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        rules: Cleaner | RuleSet | str | Path | list | None = None,
        *,
        summary_key: str | None = "cleaner",
        repeated: RepeatedLines | None = None,
        url_key: str = "url",
    ):
        super().__init__()
        self.cleaner = rules if isinstance(rules, Cleaner) else Cleaner(rules)
        self.summary_key = summary_key
        self.repeated = repeated
        self.url_key = url_key

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Yield the documents of ``data`` with their text cleaned."""
        if data is None:
            return
        for document in data:
            self.stat_update("documents")
            site = site_of_url(document.metadata.get(self.url_key)) if self.repeated else None
            try:
                with self.track_time():
                    result = clean_text(self.cleaner, document.text, repeated=self.repeated, site=site)
            except Exception as err:  # noqa: BLE001 - one document must not stop a pipeline
                self.stat_update("errors")
                if self.summary_key is not None:
                    document.metadata[self.summary_key] = {"error": f"{type(err).__name__}: {err}"}
                yield document
                continue
            if result.changed:
                self.stat_update("changed")
                self.stat_update("chars_removed", value=len(result.original) - len(result.text))
            if result.refused:
                self.stat_update("refused")
            for rule_id, lines in result.rule_counts().items():
                self.stat_update(f"rule/{rule_id}", value=lines)
            document.text = result.text
            if self.summary_key is not None:
                document.metadata[self.summary_key] = summarize(result)
            self.update_doc_stats(document)
            yield document


__all__ = ["CleanerStep"]
