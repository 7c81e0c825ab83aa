"""HTML input: the main text is extracted with trafilatura, then cleaned.

trafilatura is imported here, on first use, because importing it costs
about half a second that text-only users should not pay.
"""

from __future__ import annotations

from cleaner.engine import Cleaner, default_cleaner
from cleaner.errors import CleanerError
from cleaner.result import CleanResult
from cleaner.text import count_words

# The options the project measures with (and the dev data was made with).
EXTRACT_OPTIONS = {"include_comments": False, "include_tables": True}


class NoMainTextError(CleanerError):
    """trafilatura found no main text in the page."""


def extract_text(html: str | bytes, **options) -> str:
    """Return the main text of a page, as trafilatura extracts it.

    Raises:
        NoMainTextError: when the page has no main text to extract.
    """
    import trafilatura

    if isinstance(html, (bytes, bytearray)):
        html = bytes(html)
    if not html or (isinstance(html, str) and not html.strip()):
        raise NoMainTextError("no main text found: the page is empty")
    text = trafilatura.extract(html, **{**EXTRACT_OPTIONS, **options})
    if not text or not text.strip():
        raise NoMainTextError("no main text found in the page")
    if not _reads_as_text(text):
        # trafilatura falls back to whatever it finds: on a page with no
        # article that is the menu ("Home About"), which is not an article.
        raise NoMainTextError(f"no main text found in the page (only {text.strip()[:60]!r})")
    return text if text.endswith("\n") else text + "\n"


# Fewer words than this, and no sentence among them: navigation, not text.
MIN_MAIN_WORDS = 5


def _reads_as_text(text: str) -> bool:
    if count_words(text) >= MIN_MAIN_WORDS:
        return True
    return any(line.rstrip().endswith((".", "!", "?", "。", "！", "？")) for line in text.splitlines())


def clean_html(html: str | bytes, *, rules: Cleaner | None = None, **options) -> CleanResult:
    """Extract a page's main text with trafilatura, then clean it.

    Args:
        html: the page, as text or bytes (bytes are decoded by trafilatura,
            which reads the page's declared encoding).
        rules: a :class:`Cleaner` to use instead of the default packs.
        **options: passed to ``trafilatura.extract``.

    Raises:
        NoMainTextError: when trafilatura finds no main text.

    >>> page = "<html><body><article><p>" + "Real article text goes here. " * 8 + "</p>"
    >>> page += "<p>Leave a comment</p></article></body></html>"
    >>> result = clean_html(page)
    >>> result.text.startswith("Real article text"), "Leave a comment" in result.text
    (True, False)
    """
    text = extract_text(html, **options)
    return (rules or default_cleaner()).clean(text)
