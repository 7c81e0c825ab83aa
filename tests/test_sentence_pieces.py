"""A short line that is a piece of a sentence split across lines is not a bare label.

Documentation pages put a button's name on a line of its own ("Click" /
"Share." or "Select" / "Close" / "."), and extractors keep the break. A probe
of unseen pages found the share and navigation rules taking those names, which
left the instructions without their objects.
"""

from __future__ import annotations

import pytest

import cleaner

INTRO = (
    "You may want to change the people you share a folder with, change the level of access they have, "
    "or stop sharing it altogether.\n"
)
INTRO_DE = (
    "Sie können die Personen ändern, mit denen Sie einen Ordner teilen, ihnen andere Rechte geben oder "
    "das Teilen ganz beenden.\n"
)

# (name, text, the lines that must stay)
KEPT = [
    ("select-close-full-stop", INTRO + "  1. Select the folder you want to change.\n  2. Select\n    Close\n    .\n",
     ["Close"]),
    ("click-share-full-stop", INTRO + "Enter the address of the person you invite.\nClick\nShare.\nResult\n",
     ["Share."]),
    ("click-print-mid-text", INTRO + "Click\nPrint.\n" + INTRO, ["Print."]),
    ("tap-menu-comma", INTRO + "Tap\nMenu\n, then choose Settings.\n", ["Menu"]),
    ("klicken-drucken-de", INTRO_DE + "Klicken Sie auf\nDrucken\n.\n", ["Drucken"]),
    ("blank-line-between-pieces", INTRO + "Select\n\nClose\n\n.\n", ["Close"]),
]

# (name, text, the lines that must go)
REMOVED = [
    ("share-bar-after-the-article", INTRO + "Share this:\nFacebook\nTwitter\nPrint\n",
     ["Share this:", "Facebook", "Twitter", "Print"]),
    ("label-after-a-closed-sentence", INTRO + "Share.\n", ["Share."]),
    ("after-a-closed-german-quotation",
     INTRO_DE + "Er sagt: „Ein Dreiklang ist der Klassiker des Comedy-Schreibens!“\nMerken.\n" + INTRO_DE,
     ["Merken."]),
    # A whole paragraph that ends without a stop is no piece of a sentence.
    ("after-a-paragraph-ending-in-a-dash",
     INTRO_DE.rstrip("\n") + " Ein grandioser Irrtum, wie die jüngste Krise gezeigt hat. —\n"
     "Bloggen auf WordPress.com.\n",
     ["Bloggen auf WordPress.com."]),
    ("ad-marker-inside-a-sentence",
     INTRO_DE + "Die Stadt hat ihr seit Jahren bestehendes Kompetenzzentrum\nAnzeige\num eine Forschungsgruppe "
     "erweitert, die sich mit Brücken befasst.\n", ["Anzeige"]),
]


def _removed(result) -> set[str]:
    return {line.strip() for r in result.removals for line in r.text.splitlines()}


@pytest.mark.parametrize(("name", "text", "kept"), KEPT, ids=[c[0] for c in KEPT])
def test_a_piece_of_a_split_sentence_stays(name, text, kept):
    result = cleaner.clean(text)
    assert not _removed(result) & set(kept)
    assert cleaner.clean(result.text).text == result.text


@pytest.mark.parametrize(("name", "text", "gone"), REMOVED, ids=[c[0] for c in REMOVED])
def test_a_label_that_closes_nothing_still_goes(name, text, gone):
    assert set(gone) <= _removed(cleaner.clean(text))


def test_a_piece_spared_for_a_neighbour_that_goes_is_judged_again_in_the_same_run():
    # "Print." follows "Share this", which does not close a sentence, so it is
    # spared at first; once "Share this" goes, it follows the article's closed
    # last sentence, and a second run would take it: the same run must.
    text = INTRO + "Share this\nPrint.\n"
    once = cleaner.clean(text)
    assert {"Share this", "Print."} <= _removed(once)
    assert cleaner.clean(once.text).text == once.text
