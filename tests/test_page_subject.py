"""``not_on_pages_about``: a rule stands down on a page whose subject is what it removes elsewhere.

A probe of unseen pages found the consent rules taking the title and sentences
of cookie policies ("Política de Cookies", "Utilizamos cookies para ..."), and
the contact-line rule taking a privacy policy's required telephone numbers.
"""

from __future__ import annotations

import pytest

import cleaner
from cleaner import Cleaner, RulePackError

NEWS_EN = (
    "The town council met on Tuesday evening and agreed, after a long debate, to build a new footbridge "
    "over the river next spring, with money from the regional and the national government.\n"
)
NEWS_DE = (
    "Der Stadtrat hat am Dienstagabend nach langer Debatte beschlossen, im Frühjahr eine neue Fußgängerbrücke "
    "über den Fluss zu bauen, mit Geld vom Land und vom Bund.\n"
)

# (name, text, lines that must stay)
KEPT = [
    ("pt-cookie-policy",
     "Política de Cookies\n"
     "Esta política explica como utilizamos cookies no nosso website e como pode controlá-los.\n"
     "O que são Cookies\n"
     "Cookies são pequenos ficheiros de texto armazenados no seu dispositivo quando visita websites. "
     "Ajudam-nos a melhorar a sua experiência online.\n"
     "Utilizamos cookies para personalizar conteúdo, analisar tráfego e melhorar a funcionalidade do website.\n",
     ["Política de Cookies", "Utilizamos cookies para personalizar conteúdo, analisar tráfego e melhorar a "
      "funcionalidade do website."]),
    ("nl-cookie-policy",
     "cookiebeleid\n\nWat zijn cookies?\n"
     "Een cookie verzamelt geen persoonlijke gegevens zoals uw naam, adres of leeftijd, maar kan wel uw voorkeuren "
     "en interesses op basis van uw surfgedrag onthouden. Deze voorkeuren worden niet gekoppeld aan uw naam.\n",
     ["cookiebeleid"]),
    ("en-cookie-policy",
     "Cookie Policy\n"
     "This policy explains what cookies are, which cookies this website sets when you visit it, and how you can "
     "refuse or delete them in the settings of your browser.\n"
     "We use cookies to personalise content, analyse traffic and improve the website.\n",
     ["Cookie Policy", "We use cookies to personalise content, analyse traffic and improve the website."]),
    ("de-cookie-policy",
     "Cookie-Richtlinie\n"
     "Diese Richtlinie erklärt, was Cookies sind, welche Cookies diese Website beim Besuch setzt und wie Sie sie "
     "in den Einstellungen Ihres Browsers ablehnen oder löschen können.\n"
     "Wir verwenden Cookies, um Inhalte zu personalisieren und die Zugriffe auf die Website zu analysieren.\n",
     ["Cookie-Richtlinie", "Wir verwenden Cookies, um Inhalte zu personalisieren und die Zugriffe auf die Website "
      "zu analysieren."]),
    ("guide-to-affiliate-disclosures",
     "How to Write an Affiliate Disclosure\n"
     "An affiliate disclosure tells your readers that you may earn money when they buy through your links, and "
     "the law in many countries requires you to show it before the first affiliate link.\n"
     "A short example that many bloggers use:\n"
     "This post contains affiliate links. If you buy through them, I may earn a small commission at no extra "
     "cost to you.\n",
     ["This post contains affiliate links. If you buy through them, I may earn a small commission at no extra "
      "cost to you."]),
    ("de-privacy-policy-contact-box",
     "Der Schutz Ihrer persönlichen Daten hat für das Amt einen sehr hohen Stellenwert. Personenbezogene Daten "
     "werden nur im notwendigen Umfang verarbeitet, wie diese Datenschutzerklärung im Einzelnen erklärt.\n"
     "Personenbezogene Daten sind alle Informationen, die sich auf eine identifizierte oder identifizierbare "
     "natürliche Person beziehen, etwa ihr Name, ihre Anschrift oder ihre Telefonnummer.\n"
     "1. Verantwortlicher und Datenschutzbeauftragter\n"
     "Verantwortlich für die Verarbeitung ist das\nAmt\nSpreeweg 1\n10557 Berlin\n"
     "Telefon: 030 2000-0\nFax: 030 2000-1999\n",
     ["Telefon: 030 2000-0", "Fax: 030 2000-1999"]),
]

# (name, text, lines that must go): the notice is not the page's subject.
REMOVED = [
    ("banner-after-news", NEWS_EN + "We use cookies to personalise content, analyse traffic and improve the website.\n",
     ["We use cookies to personalise content, analyse traffic and improve the website."]),
    ("banner-title-alone-is-not-the-subject",
     "Cookie-Einstellungen\n" + NEWS_DE + NEWS_DE.replace("Frühjahr", "Herbst")
     + "Wir verwenden Cookies, um Inhalte zu personalisieren und die Zugriffe auf die Website zu analysieren.\n",
     ["Wir verwenden Cookies, um Inhalte zu personalisieren und die Zugriffe auf die Website zu analysieren."]),
    # A consent dialog under an article: its lines about cookie categories stay
    # (no rule knows them), but the page does not open with cookies.
    ("dialog-under-a-glossary-entry",
     "Der Versionswechsel bezeichnet den formalen Übergang von einer Software-Revision zu einer nachfolgenden, "
     "oft mit Änderungen an Funktionen, Schnittstellen und der Sicherheit der Software.\n"
     "Wir verwenden Cookies, um Inhalte und Marketing zu personalisieren und unseren Traffic zu analysieren.\n"
     "Analyse-Cookies helfen uns zu verstehen, wie Besucher mit unserer Website interagieren, wodurch die "
     "Benutzererfahrung und die Leistung der Website verbessert werden.\n"
     "Personalisierungs-Cookies ermöglichen es uns, die Inhalte und Funktionen unserer Seite basierend auf Ihren "
     "Interaktionen anzupassen, um ein maßgeschneidertes Erlebnis zu bieten.\n",
     ["Wir verwenden Cookies, um Inhalte und Marketing zu personalisieren und unseren Traffic zu analysieren."]),
    ("disclosure-under-a-news-article",
     NEWS_EN + "This post contains affiliate links. If you buy through them, I may earn a small commission.\n",
     ["This post contains affiliate links. If you buy through them, I may earn a small commission."]),
    ("press-contact-box",
     NEWS_DE + "Pressekontakt:\nStadt Beispielstadt\nTelefon: 030 2000-0\nFax: 030 2000-1999\n",
     ["Telefon: 030 2000-0", "Fax: 030 2000-1999"]),
]


def _removed_lines(result) -> set[str]:
    return {line for r in result.removals for line in r.text.splitlines()}


@pytest.mark.parametrize(("name", "text", "kept"), KEPT, ids=[c[0] for c in KEPT])
def test_a_rule_stands_down_on_a_page_about_what_it_removes(name, text, kept):
    gone = _removed_lines(cleaner.clean(text))
    assert not gone & set(kept)


@pytest.mark.parametrize(("name", "text", "expected"), REMOVED, ids=[c[0] for c in REMOVED])
def test_on_other_pages_the_rule_still_fires(name, text, expected):
    assert set(expected) <= _removed_lines(cleaner.clean(text))


def test_without_the_parameter_the_policy_pages_lose_their_text(tmp_path):
    """The false removals the parameter exists for: the same rules, the subjects taken away."""
    base = Cleaner()
    rules = ["en.consent.cookies", "de.consent.cookies", "es.consent.cookies", "nl.consent.cookies",
             "heuristics.contact-line", "en.affiliate.disclosure"]
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: [default]\noverride:\n" + "".join(
        f"  {rule_id}:\n    not_on_pages_about: [zzzz]\n" for rule_id in rules), encoding="utf-8")
    without = Cleaner(str(pack))
    for name, text, kept in KEPT:
        assert not _removed_lines(base.clean(text)) & set(kept), name
        assert _removed_lines(without.clean(text)) & set(kept), name


def test_a_users_own_rule_can_stand_down_on_pages_about_its_subject(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "extends: []\nrules:\n"
        "  - id: site.newsletter.pitch\n    kind: phrases\n    match: start\n"
        "    reason: The site's newsletter pitch\n    phrases: [sign up for our newsletter]\n"
        "    not_on_pages_about: [newsletter]\n"
        "    examples:\n      remove: ['Sign up for our newsletter!']\n"
        "      keep: ['Our newsletter explained: what it is and how to read it.']\n",
        encoding="utf-8")
    rules = Cleaner(str(pack))
    pitch = "Sign up for our newsletter to get the week's stories."
    assert rules.clean(NEWS_EN + pitch + "\n").text == NEWS_EN
    about = (
        "How our newsletter works\n"
        "Every Friday our newsletter collects the week's stories about the town, the council and the new bridge, "
        "and sends them to the readers who asked for it.\n" + pitch + "\n"
        "Readers can leave the newsletter at any time with the link at the bottom of each issue, and nobody else "
        "receives their address.\n"
    )
    assert rules.clean(about).text == about


def test_a_subject_list_that_is_not_a_list_names_the_rule_and_key(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "rules:\n  - id: site.x\n    kind: phrases\n    reason: r\n    phrases: [x y]\n"
        "    not_on_pages_about: 12\n    examples: {remove: ['x y'], keep: ['x y z and more']}\n",
        encoding="utf-8")
    with pytest.raises(RulePackError, match=r"site\.x.*not_on_pages_about"):
        Cleaner(str(pack))


def test_a_subject_of_punctuation_alone_names_nothing(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "extends: []\nrules:\n  - id: site.share\n    kind: phrases\n    reason: r\n    phrases: [share this]\n"
        "    not_on_pages_about: ['--', '!']\n"
        "    examples: {remove: ['Share this'], keep: ['Share this with a friend.']}\n",
        encoding="utf-8")
    rules = Cleaner(str(pack))
    assert rules.rule("site.share").subjects is None
    assert rules.clean(NEWS_EN + "Share this\n").text == NEWS_EN
