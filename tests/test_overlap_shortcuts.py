"""Context.overlap_above, the promo rule's shortcut, against the document-wide overlap it stands for."""

from __future__ import annotations

import random
import time

from conftest import dev_texts

from cleaner import Cleaner
from cleaner.document import Document
from cleaner.rules import Context

CLEANER = Cleaner()
LIMITS = (0.0, 0.2, 0.5, 0.99, 1.0)


def _texts() -> list[str]:
    own = [
        "",
        "One line only, with a few words about harbours.\n",
        "Harbour fees rise.\n\nHarbour fees fall.\nGardening corner: tulips and bulbs.\n",
        "x\n" * 5 + "Tulip bulbs want a sunny bed\n" + "harbour budget debate\n" * 300 + "tulip bulbs sunny\n",
    ]
    return own + dev_texts(60)


def test_overlap_above_agrees_with_overlap_with_rest():
    rng = random.Random(7)
    for text in _texts():
        doc = Document.parse(text, CLEANER.layout)
        size = len(doc.lines)
        removed_sets = [frozenset(), frozenset(i for i in range(size) if rng.random() < 0.3)]
        for removed in removed_sets:
            ctx = Context(doc, CLEANER.settings)
            for index in range(size):
                share, _ = ctx.overlap_with_rest([index], removed)
                for limit in LIMITS:
                    assert ctx.overlap_above(index, limit, removed) == (share > limit), (index, limit)


def test_overlap_above_stays_linear_when_shared_words_are_far_away():
    # Each line's words occur again only at the far end, so every call would
    # read the whole document without the limit on the lines read near it.
    def context(n: int) -> Context:
        pairs = [(_word(2 * k), _word(2 * k + 1)) for k in range(n)]
        text = "".join(f"{a} {b}\n" for a, b in pairs) + " ".join(a for a, _ in pairs) + "\n"
        return Context(Document.parse(text, CLEANER.layout), CLEANER.settings)

    def run(ctx: Context) -> None:
        for index in range(len(ctx.doc.lines)):
            ctx.overlap_above(index, 0.6)

    small, big = context(300), context(300 * 40)
    run(small)  # stems, which are linear to compute, outside the timing
    run(big)
    small_time = min(_timed(run, small) for _ in range(5))
    big_time = _timed(run, big)
    assert big_time < 3 * 40 * small_time + 0.5, (small_time, big_time)


def _word(k: int) -> str:
    """A word of six letters, different for each ``k`` (stems are six characters)."""
    letters = ""
    for _ in range(6):
        k, r = divmod(k, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[r]
    return letters


def _timed(func, arg) -> float:
    start = time.perf_counter()
    func(arg)
    return time.perf_counter() - start
