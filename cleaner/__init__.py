"""cleaner: strip boilerplate and ad residue from extracted article text.

>>> import cleaner
>>> result = cleaner.clean("Article text that is long enough to be a paragraph.\\n\\n\\n")
>>> result.text
'Article text that is long enough to be a paragraph.\\n'
"""

from cleaner.decisions import Removal, apply_removals
from cleaner.engine import Cleaner, clean
from cleaner.errors import CleanerError, RulePackError
from cleaner.packs import RuleSet, load_ruleset
from cleaner.result import CleanResult, Refusal, RuleFailure
from cleaner.stream import clean_batch

__version__ = "0.1.0"


def clean_html(html, *, rules=None, **options):
    """Extract a page's main text with trafilatura, then clean it (see :mod:`cleaner.html`)."""
    from cleaner.html import clean_html as _clean_html

    return _clean_html(html, rules=rules, **options)


__all__ = [
    "CleanResult",
    "Cleaner",
    "CleanerError",
    "Refusal",
    "Removal",
    "RuleFailure",
    "RulePackError",
    "RuleSet",
    "apply_removals",
    "clean",
    "clean_batch",
    "clean_html",
    "load_ruleset",
]
