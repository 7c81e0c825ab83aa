"""Time linear in the size of the input, on the document shapes that stress one code path.

Each test cleans a document of n lines and one of 40n lines side by side and
checks that the larger one takes less than 120 times as long (linear code takes
about 40 times; quadratic code about 1,600 times). Both runs are repeated and
their best times kept, so that one slow moment on a shared machine can make
neither look fast nor slow (a single run of the larger one, under a load of
three jobs on two cores, once took more than the bound). Rules are selected so that the code path under test dominates.
"""

from __future__ import annotations

import time

from cleaner import Cleaner
from cleaner.document import Document
from cleaner.rules import Context

ARTICLE = (
    "The council approved the harbour budget after a long debate about dredging and port fees "
    "in the old town on Tuesday night.\n"
)
FACTOR = 40


def best_time(func, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(build, run, n: int) -> None:
    small, big = build(n), build(n * FACTOR)
    small_time = best_time(lambda: run(small), repeats=5)
    big_time = best_time(lambda: run(big), repeats=3)
    assert big_time < 3 * FACTOR * small_time + 0.5, f"{n} lines: {small_time:.4f}s, {n * FACTOR}: {big_time:.4f}s"


def test_plain_paragraphs_scale_linearly():
    cleaner = Cleaner()
    assert_linear(lambda n: ARTICLE * n, cleaner.clean, 100)


def test_many_markdown_headings_parse_in_linear_time():
    assert_linear(lambda n: "# Heading\n" * n, Document.parse, 1_000)


def test_a_take_rest_rule_matching_many_lines_scales_linearly():
    cleaner = Cleaner(select=["en.comments.leave-a-reply"])
    assert_linear(lambda n: ARTICLE * 5 + "Leave a reply\n" * n, cleaner.clean, 100)


def test_many_section_headings_scale_linearly():
    cleaner = Cleaner(select=["en.related.heading"])
    rule = cleaner.rule("en.related.heading")

    def context(n):
        ctx = Context(Document.parse(ARTICLE + "Related Posts\n" * n, cleaner.layout),
                      cleaner.settings)
        list(rule.matches(ctx))  # fill the folding cache, which is linear, outside the timing
        return ctx

    # The rule alone, on parsed documents: parsing is linear and would hide the square.
    assert_linear(context, rule.decide, 500)


def test_a_long_word_mixing_latin_and_cyrillic_folds_in_linear_time():
    from cleaner.text import fold

    assert_linear(lambda n: "\u0430a" * (25 * n), fold, 400)


def test_offtopic_shortcut_stays_linear_when_shared_words_are_far_away():
    # Every section's words occur again only in the last paragraph, so the
    # shortcut that looks for them around each section, nearest lines first,
    # would read the whole document once per section without its limit.
    cleaner = Cleaner(select=["heuristics.offtopic-section"])
    rule = cleaner.rule("heuristics.offtopic-section")

    def word(k: int) -> str:
        letters = ""
        for _ in range(6):  # six letters: distinct stems (stems are 6 characters)
            k, r = divmod(k, 26)
            letters += "abcdefghijklmnopqrstuvwxyz"[r]
        return letters

    def context(n):
        sections, every = [], []
        for s in range(n):
            words = [word(s * 12 + j) for j in range(12)]
            every += words
            sections.append(f"Heading {word(10**6 + s)}\n{' '.join(words).capitalize()}.\n")
        text = ARTICLE * 3 + "".join(sections) + " ".join(every).capitalize() + ".\n"
        ctx = Context(Document.parse(text, cleaner.layout), cleaner.settings)
        assert len(ctx.line_terms) == len(ctx.doc.lines)  # stems are linear to compute; outside the timing
        return ctx

    assert_linear(context, rule.decide, 50)
