"""Context.keys: the default keys folded() has made, which loops over many lines read directly.

The section, link-list and promo rules read a line's key from that list and
call folded() only where it holds None; these tests pin that a key found
there is the key folded() gives, after every rule of the default packs ran.
"""

from conftest import dev_texts, seed_and_example_texts

from cleaner import Cleaner
from cleaner.document import Document
from cleaner.rules.base import Context
from cleaner.text import FOLD_LIMIT, fold


def test_a_key_in_the_list_is_the_key_folded_gives():
    cleaner = Cleaner()
    checked = 0
    for text in seed_and_example_texts(cleaner.rules) + dev_texts(100, files=2):
        doc = Document.parse(text, cleaner.layout)
        ctx = Context(doc, cleaner.settings)
        assert ctx.keys == [None] * len(doc.lines)
        for phase in cleaner._phases:
            for rule in phase:
                rule.decide(ctx)
        for index, key in enumerate(ctx.keys):
            if key is not None:
                assert key == fold(doc.lines[index].text[:FOLD_LIMIT]) == ctx.folded(index)
                checked += 1
    assert checked > 1000
