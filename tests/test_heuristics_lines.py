"""Line heuristics on whole documents: promo lines, date lines and copyright lines."""

from __future__ import annotations

import pytest

from cleaner import Cleaner

BODY = (
    "The regional parliament voted on Thursday to extend the rail line to the airport, ending a decade of "
    "arguments about the cost and the route of the new tracks.\n"
)


def removed(result):
    return [line for r in result.removals for line in r.text.splitlines()]


@pytest.fixture(scope="module")
def lines():
    return Cleaner(select=["heuristics.promo-line", "heuristics.date-line", "heuristics.copyright-line"])


@pytest.mark.parametrize(
    "line",
    [
        "Sunny Valley Teas – Shop our organic blends today! Free shipping on every order, guaranteed fresh.",
        "© 2020 ®/TM Example Mills All Rights Reserved",
        "Copyright © 2015, Example, Inc.",
        "Last updated: 13 July 2020",
        "Aktualisiert am 19.02.2020",
        "- Publicado: Jueves, 21 Abril 2022 04:45",
    ],
)
def test_residue_in_the_tail_goes(lines, line):
    assert removed(lines.clean(BODY + line + "\n")) == [line]


@pytest.mark.parametrize(
    "line",
    [
        "Copyright law changed in 2019, and authors now keep their rights longer.",
        "The tickets cost $40, the rail company said, and go on sale in May.",
        "24 July 2015: the parliament votes on the route.",
        "Shoppers in the airport shop will pay the same prices as in town, the minister promised.",
    ],
)
def test_article_sentences_stay(lines, line):
    assert lines.clean(BODY + line + "\n").removals == ()


def test_a_date_heading_inside_the_article_stays(lines):
    text = BODY + "3 August 2015\n" + BODY.replace("Thursday", "Friday")
    assert lines.clean(text).removals == ()


def test_promo_line_that_shares_the_articles_words_stays(lines):
    text = (
        "The farm shop opened a second store in town this spring, and its owners say sales of local cheese "
        "have doubled since the opening.\n"
        "Shop our local cheese today: free shipping and a discount on every order of farm cheese!\n"
    )
    assert lines.clean(text).removals == ()


@pytest.fixture(scope="module")
def credits():
    return Cleaner(select=["heuristics.picture-credit", "heuristics.caption-credit"])


@pytest.mark.parametrize(
    "line",
    [
        "(Bild: Anna Berger)",
        "Foto: picture alliance/dpa",
        "Photo by Anna Berger on Unsplash",
        "(All photos: Example staff)",
        "The minister arrives for the vote on Thursday. Photo: Anna Berger/AP",
        "Der Minister vor der Abstimmung im Landtag. © AFP / ANNA BERGER",
        "El ministro llega a la votación (Foto: Anna Berger/Pool via REUTERS).",
    ],
)
def test_picture_credits_go(credits, line):
    assert removed(credits.clean(BODY + line + "\n")) == [line]


@pytest.mark.parametrize(
    "line",
    [
        "Photo: the new platform at night, seen from the bridge.",
        "The photo of the minister was taken by Anna Berger for the local paper.",
        "Bild: der Landtag stimmt über die Strecke ab",
        "The exhibition opens on Monday. Photos: visitors may take them without a flash.",
        "Credit: the bank lent the rail company 40 million euros at a low rate.",
    ],
)
def test_sentences_about_pictures_stay(credits, line):
    assert credits.clean(BODY + line + "\n").removals == ()


def test_latin_words_spelt_with_cyrillic_look_alikes_still_match():
    cleaner = Cleaner(select=["en.ads.self-promotion"])
    spoofed = "\u0410dv\u0435rt\u0456\u0455\u0435 w\u0456th us: our rates are in the media kit."
    assert removed(cleaner.clean(BODY + spoofed + "\n")) == [spoofed]


def test_russian_text_keeps_its_letters():
    from cleaner.text import fold

    assert fold("Реклама на странице") == "реклама на странице"
    assert fold("Москва Moscow") == "москва moscow"
