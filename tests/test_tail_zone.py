"""The tail zone includes the last substantial line, so a long notice ending a page cannot hide the tail.

A comment form's spam notice or a site's reprint terms can be twenty words or
more, as long as an article paragraph. Standing last on the page, such a line
counted as the article's end: it stayed, and so did the comment form above
it, which was then no longer in the tail.
"""

from cleaner import Cleaner
from cleaner.document import Document
from cleaner.rules.base import Context
from cleaner.settings import Settings

PROSE = "A paragraph of article text that is long enough to count as the substantial body of it. " * 2
ARTICLE = (
    "Le conseil municipal a voté mardi soir le budget de l'année prochaine après un long débat, et ses membres "
    "ont décidé de dépenser davantage pour les écoles, les bus et la réparation des vieux ponts de la vallée.\n"
)
FORM = (
    "Laisser un commentaire\n"
    "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *\n"
    "Commentaire\nNom *\nSite web\n"
    "Ce site utilise Akismet pour réduire les indésirables. En savoir plus sur comment les données de vos "
    "commentaires sont utilisées.\n"
)


def _ctx(lines: list[str]) -> Context:
    return Context(Document.parse("\n".join(lines) + "\n"), Settings())


def test_the_last_of_several_substantial_lines_is_in_the_tail():
    ctx = _ctx(["head", PROSE, "middle", PROSE, "tail"])
    assert ctx.substantial == [1, 3]
    assert ctx.tail_from == 3
    assert [i for i in range(5) if ctx.in_zone(i, "tail")] == [3, 4]
    assert [i for i in range(5) if ctx.in_zone(i, "edges")] == [0, 3, 4]


def test_a_single_substantial_line_stays_out_of_the_tail():
    # With one substantial line that line is the article: no tail rule may judge it.
    ctx = _ctx(["head", PROSE, "tail"])
    assert ctx.tail_from == 2
    assert [i for i in range(3) if ctx.in_zone(i, "tail")] == [2]


def test_a_comment_form_ending_in_a_long_spam_notice_goes_whole():
    text = ARTICLE + ARTICLE + FORM
    result = Cleaner().clean(text)
    assert result.text == ARTICLE + ARTICLE
    assert {r.rule_id for r in result.removals} >= {"fr.comments.leave-a-comment", "fr.comments.form"}
    # Idempotent: the cleaned text is clean.
    assert Cleaner().clean(result.text).removals == ()


def test_a_long_notice_as_the_only_paragraph_is_kept():
    # Short lines around it carry most of the words, so the guard would let it go.
    notice = FORM.splitlines()[-1] + "\n"
    short = "".join(f"Point {n} de la liste des travaux\n" for n in range(12))
    assert Cleaner().clean(short + notice).text == short + notice
