"""Front matter: the metadata block that opens a Markdown file of a static site.

Jekyll, Hugo, Eleventy and most other site generators read a post's title,
date, tags and categories from a block at the very top of the file: YAML
between two ``---`` lines (closed by ``---`` or ``...``), or TOML between two
``+++`` lines. Its lines are neither article text nor residue, and several
look like residue to a rule ("tags: [bridges, council]" reads like a "Tags:"
line), so the engine protects the block: no rule may remove a line of it.

Only a block the generators themselves would read counts: its opening fence is
the document's first line, it closes within :data:`MAX_LINES` lines, and its
first non-blank line is a key (``title: ...``, ``title = ...``). A share box
between two horizontal rules at the top of an extracted text ("---",
"Share this:", "Facebook", "---") is not front matter and is cleaned as usual.
"""

from __future__ import annotations

import re

from cleaner.document import Document

# A front-matter block longer than this is not looked for (the search stays bounded).
MAX_LINES = 1000

# Opening fence -> (closing fences, what a key line looks like).
_FENCES = {
    "---": (("---", "..."), re.compile(r"(?:[\w][\w.-]*|\"[^\"]*\"|'[^']*')\s*:(?:\s|$)")),
    "+++": (("+++",), re.compile(r"(?:[\w.-]+|\"[^\"]*\")\s*=|\[\[?[\w.-]+\]\]?\s*$")),
}


def front_matter_lines(doc: Document) -> int:
    """How many lines at the start of ``doc`` are a front-matter block, fences included (0 if none).

    >>> front_matter_lines(Document.parse("---\\ntitle: Bridges\\ntags: [council]\\n---\\nText.\\n"))
    4
    >>> front_matter_lines(Document.parse("---\\nShare this:\\nFacebook\\n---\\nText.\\n"))
    0
    """
    lines = doc.lines
    if not lines:
        return 0
    fence = _FENCES.get(lines[0].text.rstrip())
    if fence is None:
        return 0
    closers, key = fence
    opened = False
    for line in lines[1:MAX_LINES]:
        text = line.text.rstrip()
        if text in closers:
            return line.index + 1 if opened else 0
        if not opened and text:
            if not key.match(text):
                return 0
            opened = True
    return 0
