"""Markdown markup that no rule may remove: front matter, fenced code, comments, definitions.

People who keep articles in a repository keep them as Markdown, often as the
posts of a static site. Some of a post's lines are markup, neither article
prose nor residue, and several look like residue to a rule written for prose:

- the YAML (``---``) or TOML (``+++``) front matter that opens a Jekyll or
  Hugo post: "tags: [bridges, council]" reads like a "Tags:" line;
- fenced code blocks (CommonMark's ``` and ~~~ fences): code is never
  residue, yet a template in a tutorial holds "Share this:" and "Print";
- HTML comment lines: ``<!--more-->``, the excerpt marker of Jekyll and
  Hugo, folds to "more";
- link reference and footnote definitions (``[docs]: https://...``,
  ``[^1]: ...``): without them the links and notes that cite them break;
- shortcode and template-tag lines (``{{< newsletter-subscribe >}}``,
  ``{% include share.html %}``): the generator renders a form or a box from
  them, and their inner words read like residue.

The engine protects these lines as it protects the lines of ``keep``
patterns. Only the forms the generators themselves read count: front matter
opens the file, with a key first and a closing fence within
:data:`MAX_LINES` lines, so a share box between two horizontal rules at the
top of an extracted text ("---", "Share this:", "Facebook", "---") is cleaned
as usual. Extracted text rarely holds any of these forms (none of the dev
texts does); a text without the few characters they need is not read line by
line at all.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from cleaner.document import Document

# A front-matter block or a multi-line comment longer than this is not looked for.
MAX_LINES = 1000

# Opening front-matter fence -> (closing fences, what a key line looks like).
_FRONT_FENCES = {
    "---": (("---", "..."), re.compile(r"(?:\w[\w.-]*|\"[^\"]*\"|'[^']*')\s*:(?:\s|$)")),
    "+++": (("+++",), re.compile(r"(?:[\w.-]+|\"[^\"]*\")\s*=|\[\[?[\w.-]+\]\]?\s*$")),
}
# CommonMark: a code fence is three or more backticks or tildes, indented at most three
# spaces; a backtick fence's info string holds no backtick.
_CODE_FENCE = re.compile(r" {0,3}(`{3,}(?=[^`]*$)|~{3,})")
_COMMENT_LINE = re.compile(r"\s*<!--.*-->\s*$")
_COMMENT_OPEN = re.compile(r"\s*<!--")
_DEFINITION = re.compile(r" {0,3}\[[^\]]+\]:\s*\S")
# A line that is wholly a Hugo shortcode ({{< x >}}, {{% x %}}), a Liquid or Jinja tag
# ({% x %}) or a template expression ({{ x }}); a shortcode may also open on one line and
# close (">}}", "%}}") on a later one, as "{{< figure" with its parameters does.
_TEMPLATE_LINE = re.compile(r"\s*(?:\{\{[<%].*[>%]\}\}|\{%.*%\}|\{\{.*\}\})\s*$")
_TEMPLATE_OPEN = re.compile(r"\s*\{\{[<%]")
# What closes a shortcode and a comment that run over several lines.
_SHORTCODE_ENDS = (">}}", "%}}")
_COMMENT_ENDS = ("-->",)
# The first character (after indentation) of every line that can open a form of markup.
_OPENERS = frozenset("`~<[{")
# How a text that opens with front matter starts (after a byte-order mark).
_FENCE_STARTS = ("---", "+++")
# Every form above holds one of these marks; a text with none of them has no markup. Each
# is looked for only when its rarest character is in the text: a search for one character
# runs several times faster than one for a string, and most texts have none of them.
_MARKS = (("`", "```"), ("~", "~~~"), ("<", "<!--"), ("]", "]:"), ("{", "{{"), ("{", "{%"))


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
    fence = _FRONT_FENCES.get(lines[0].text.rstrip())
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


def markup_lines(doc: Document) -> frozenset[int]:
    """Indexes of the lines of ``doc`` that are Markdown markup (see the module docstring).

    >>> text = "Intro text.\\n<!--more-->\\n```\\nShare this:\\n```\\n[docs]: https://example.org\\n"
    >>> sorted(markup_lines(Document.parse(text)))
    [1, 2, 3, 4, 5]
    """
    text = doc.text
    found = set(range(front_matter_lines(doc))) if text.startswith(_FENCE_STARTS, len(doc.bom)) else set()
    for char, mark in _MARKS:
        if char in text and mark in text:
            break
    else:
        return frozenset(found)
    lines = doc.lines
    size = len(lines)
    # Closing marks -> the lines holding one, found once, when a block first needs them:
    # many unclosed openings then cost linear time.
    ends_of: dict[tuple[str, ...], list[int]] = {}
    i = len(found)
    while i < size:
        content = lines[i].text
        if content.lstrip(" \t")[:1] not in _OPENERS:
            i += 1  # every form starts (after indentation) with one of these characters
            continue
        fence = _CODE_FENCE.match(content)
        if fence:
            # The block runs to a closing fence of the same character, at least as
            # long, with nothing after it; without one, to the end (as in CommonMark).
            mark = fence.group(1)
            closing = re.compile(rf" {{0,3}}{re.escape(mark[0])}{{{len(mark)},}}\s*$")
            end = next((k for k in range(i + 1, size) if closing.match(lines[k].text)), size - 1)
            found.update(range(i, end + 1))
            i = end + 1
            continue
        if _COMMENT_LINE.match(content) or _DEFINITION.match(content) or _TEMPLATE_LINE.match(content):
            found.add(i)
        else:
            # A shortcode or a comment over several lines, when it closes within MAX_LINES.
            marks = (_SHORTCODE_ENDS if _TEMPLATE_OPEN.match(content)
                     else _COMMENT_ENDS if _COMMENT_OPEN.match(content) and "-->" not in content else None)
            if marks is not None:
                if marks not in ends_of:
                    ends_of[marks] = [k for k in range(size) if any(m in lines[k].text for m in marks)]
                ends = ends_of[marks]
                at = bisect_right(ends, i)
                if at < len(ends) and ends[at] < i + MAX_LINES:
                    found.update(range(i, ends[at] + 1))
                    i = ends[at] + 1
                    continue
        i += 1
    return frozenset(found)
