"""The link-list kind on whole documents: what goes under a related heading, and what stays."""

from __future__ import annotations

import pytest

import cleaner
from cleaner import Cleaner

ARTICLE = (
    "Die Stadt hat am Montag den Haushalt für das kommende Jahr beschlossen, mit mehr Geld für Schulen, "
    "Radwege und den Nahverkehr in allen Stadtteilen.\n"
    "Der Stadtrat stritt lange über die Kosten der neuen Straßenbahnlinie, die ab 2027 durch die Innenstadt "
    "fahren soll und deren Bau die Stadt drei Jahre lang beschäftigen wird.\n"
)


@pytest.fixture(scope="module")
def linklists():
    return Cleaner(select=["en.related.heading", "de.related.heading", "fr.related.heading"])


def removed_lines(result, rule_prefix=""):
    return [line for r in result.removals if r.rule_id.startswith(rule_prefix) for line in r.text.splitlines()]


def test_list_at_the_end_goes_with_its_heading(linklists):
    text = ARTICLE + "Auch interessant:\n- 14 Tipps für mehr Follower\n- Die erfolgreichsten Tweets des Jahres\n"
    result = linklists.clean(text)
    assert removed_lines(result, "de.related.heading") == [
        "Auch interessant:", "- 14 Tipps für mehr Follower", "- Die erfolgreichsten Tweets des Jahres",
    ]
    assert result.text == ARTICLE


def test_list_in_the_middle_stops_before_the_next_paragraph(linklists):
    # The last short line before a paragraph may be the article's own next
    # section title; it cannot be told from a headline, so it stays.
    text = (
        ARTICLE.splitlines(keepends=True)[0]
        + "Lesen Sie auch:\nDie Brücke am Markt wird teurer\nNeue Buslinie ab Mai\n"
        + ARTICLE.splitlines(keepends=True)[1]
    )
    result = linklists.clean(text)
    assert removed_lines(result) == ["Lesen Sie auch:", "Die Brücke am Markt wird teurer"]
    assert "Neue Buslinie ab Mai\n" + ARTICLE.splitlines()[1] in result.text


def test_a_section_title_followed_by_prose_is_not_a_listed_link(linklists):
    text = (
        "The ferry company said on Monday that the strike had cost it more than two million pounds in lost "
        "fares and compensation for passengers.\n"
        "Read more\n"
        "5. Beware the ferry timetable\n"
        "It changes twice a year, and the company says most complaints come from passengers who missed the "
        "change in October and waited for a boat that no longer ran.\n"
    )
    result = linklists.clean(text)
    assert removed_lines(result) == ["Read more"]
    assert "5. Beware the ferry timetable" in result.text


def test_a_related_heading_that_titles_the_prose_under_it_stays(linklists):
    # "Weitere Informationen" over paragraphs heads a section of the article (a
    # town's notice, found by a probe of real pages); nothing is listed under it.
    section = ("Weitere Informationen\n"
               "Für den Besuch im Rathaus brauchen Sie keinen Termin, die Bürgerdienste sind montags bis "
               "freitags von acht bis zwölf Uhr geöffnet.\n")
    assert linklists.clean(ARTICLE + section).removals == ()
    # A label that ends in a colon points at a link that is gone, prose or not.
    pointer = section.replace("Weitere Informationen", "Mehr zum Thema:")
    assert removed_lines(linklists.clean(ARTICLE + pointer)) == ["Mehr zum Thema:"]
    # Prose must follow: a Markdown heading with nothing under it still goes.
    assert removed_lines(linklists.clean(ARTICLE + "## Weitere Informationen\n")) == ["## Weitere Informationen"]


def test_an_inline_link_line_is_not_a_heading(linklists):
    text = ARTICLE + "Lesen Sie auch: Die Brücke am Markt wird teurer\nDie Kosten\n"
    assert linklists.clean(text).removals == ()


def test_short_prose_after_a_heading_that_merely_starts_like_one_stays(linklists):
    # "Plus de 200 personnes..." starts with "plus de" but is prose, and no
    # heading list contains such a bare start.
    text = (
        "Le conseil municipal a adopté mardi soir, après un long débat, le budget de l'année prochaine, "
        "avec davantage d'argent pour les écoles.\n"
        "Plus de 200 personnes ont manifesté\n"
        "Les manifestants réclamaient des pistes cyclables plus sûres et la rénovation des vieux ponts.\n"
    )
    assert linklists.clean(text).removals == ()


def test_a_list_of_real_headings_in_a_long_run_is_capped():
    rule = Cleaner(select=["en.related.heading"]).rule("en.related.heading")
    assert rule.max_items == 15
    text = (
        "The regional council met on Tuesday evening to discuss the budget for the coming year, and after a "
        "long debate its members agreed to spend more on schools.\n" * 4
        + "Related stories\n"
        + "".join(f"Headline number {n} about the valley\n" for n in range(1, 21))
        + "The council will vote again next month, when the bus company has published its new timetable for "
        "the valley and the schools.\n"
    )
    result = Cleaner(select=["en.related.heading"]).clean(text)
    gone = removed_lines(result)
    assert gone[0] == "Related stories" and len(gone) == 16
    assert "Headline number 16 about the valley" in result.text


BYLINE_CASE = (
    "# Floods\n\n"
    "The river rose by two metres overnight, and the town council opened the school hall for the families who had "
    "to leave their houses near the old bridge on Sunday.\n\n"
    "## Related posts\n\n- [Faster builds](https://x.dev/a)\n- [Other post](https://x.dev/b)\n\n"
    "Billy Batista\n\nSoftware Engineer at Depot\n"
)


def test_a_list_of_items_ends_where_a_blank_line_leads_to_a_line_that_is_no_item():
    # A probe of Markdown posts found the run going past the list into the byline.
    result = cleaner.clean(BYLINE_CASE)
    assert "- [Other post](https://x.dev/b)" not in result.text
    assert "Billy Batista" in result.text and "Software Engineer at Depot" in result.text


def test_a_line_right_under_an_item_still_belongs_to_the_list():
    text = BYLINE_CASE.replace("- [Other post](https://x.dev/b)\n", "- [Other post](https://x.dev/b)\n12.03.2024\n")
    assert "12.03.2024" not in cleaner.clean(text).text
