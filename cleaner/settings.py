"""Engine settings that are not rules: the guard, zones, layout and vocabulary.

Settings are immutable; packs change them through their ``settings:`` table,
which is validated against :data:`SETTINGS_PARAMS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from cleaner.document import LayoutOptions

# Why 0.5: extractor residue is a minority of a page's words. On the 805 dev
# texts the share the default packs remove has median 0, 99th percentile 13%
# and maximum 33%; a run of decisions that would take more than half of the words is far
# more likely a rule misfiring on an unusual article (a list article, a page
# of short lines) than a page that is mostly residue, and losing an article is
# worse than keeping boilerplate. Pages that really are mostly residue are
# kept whole and reported, so a person can look.
DEFAULT_MAX_REMOVED_SHARE = 0.5


@dataclass(frozen=True)
class Vocabulary:
    """How content words are found for the vocabulary heuristics.

    Attributes:
        stopwords: folded function words of every supported language.
        stem_length: words are cut to this many characters before comparing,
            a crude, language-neutral stand-in for stemming.
        min_word_length: shorter words are ignored.
    """

    stopwords: frozenset[str] = frozenset()
    stem_length: int = 6
    min_word_length: int = 3


@dataclass(frozen=True)
class Settings:
    """Everything the engine needs besides rules.

    Attributes:
        max_removed_share: the guard refuses a document when the removals
            would take more than this share of its words.
        substantial_words: a paragraph with at least this many words is article
            content; the head lies before the first one, the tail after the last.
        layout: how plain-text headings are recognised.
        vocabulary: content-word extraction for the heuristics.
        protect_markup: no rule may remove a line of Markdown markup: front
            matter, fenced code, HTML comment lines, link reference and
            footnote definitions, shortcode and template-tag lines (see
            :mod:`cleaner.markup`).
    """

    max_removed_share: float = DEFAULT_MAX_REMOVED_SHARE
    substantial_words: int = 20
    layout: LayoutOptions = field(default_factory=LayoutOptions)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    protect_markup: bool = True

    def merged(self, table: dict[str, Any]) -> Settings:
        """Return a copy with the (validated) values of a pack's ``settings:`` table."""
        values: dict[str, Any] = {}
        for key in ("max_removed_share", "substantial_words", "protect_markup"):
            if key in table:
                values[key] = table[key]
        layout = {k: table[k] for k in ("heading_max_words", "heading_max_chars") if k in table}
        if layout:
            values["layout"] = replace(self.layout, **layout)
        vocab: dict[str, Any] = {}
        if "stopwords" in table:
            vocab["stopwords"] = self.vocabulary.stopwords | frozenset(table["stopwords"])
        for key in ("stem_length", "min_word_length"):
            if key in table:
                vocab[key] = table[key]
        if vocab:
            values["vocabulary"] = replace(self.vocabulary, **vocab)
        return replace(self, **values)
