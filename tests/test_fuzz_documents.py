"""Random article-like documents: what every cleaning must respect, whatever the text.

Documents mix article paragraphs with boilerplate lines, in several
languages and scripts, with odd white space (zero-width, non-breaking,
tabs, form feeds), every line ending, a BOM or not, and lines of random
Unicode. The properties are those of the robustness table in README.md: only
whole lines go (or trailing spaces), each with a rule id and a reason; every
other character comes back exactly; a BOM is never removed; the guard's limit
holds; and cleaning twice changes nothing more.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import clean
from cleaner.document import Document
from cleaner.engine import default_cleaner
from cleaner.text import count_words

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Each at least 20 words (settings.substantial_words), so head and tail zones exist.
ARTICLE = [
    "The council approved the harbour budget after a long debate about dredging and port fees in the old "
    "town on Tuesday night.",
    "Engineers said the work must start before the winter storms fill the entrance with sand again, as they "
    "did in 2019 and 2021.",
    "Die Stadt beschloss am Montag den Haushalt mit mehr Geld für Schulen, Radwege und die Sanierung der "
    "alten Brücken im ganzen Tal.",
    "Le conseil municipal a voté le budget après un long débat sur les écoles, les transports et les ponts "
    "anciens de la ville.",
    "قال المجلس البلدي إن الميزانية الجديدة ستخصص المزيد من الأموال للمدارس والحافلات والجسور القديمة في "
    "المدينة بعد نقاش طويل استمر حتى منتصف الليل أمس.",
    "市议会周二通过了新的预算， 为学校、 公交车、 图书馆 和 老桥 提供 更多 资金， 辩论 持续 了 很长 时间， "
    "议员 们 在 深夜 才 投票， 结果 是 十 票 赞成 五 票 反对 两 票 弃权。",
    "Prices at the market rose 👍🏽 for the third month in a row, and traders blamed the cost of diesel 🇩🇪 "
    "and of rent in the centre.",
]
BOILERPLATE = [
    "Leave a comment", "Leave a Reply", "Share this:", "Facebook", "Twitter", "Advertisement", "Related Posts",
    "Read more: the harbour plan", "Sign up for our newsletter", "Affiliate Disclosure:", "0 Comments",
    "Your email address will not be published.", "Tags: news, harbour", "Back to top", "Teilen:", "Partager",
    "Mary Jones says:", "Shop now: free shipping and 20% off all products!", "# Related", "## More stories",
]
SPACE = st.sampled_from(["", " ", "\t", "\u00a0", "\u200b", "\u2009", "\u3000", "\u200d", "\ufeff", " \t "])
WILD = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=80)
LINE = st.one_of(
    st.sampled_from(ARTICLE),
    st.sampled_from(ARTICLE).map(lambda s: s.replace("é", "e\u0301").replace("ü", "u\u0308")),  # NFD
    st.sampled_from(BOILERPLATE),
    st.tuples(SPACE, st.sampled_from(BOILERPLATE), SPACE).map("".join),
    SPACE,
    WILD,
)
ENDING = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def documents(draw) -> str:
    lines = draw(st.lists(st.tuples(LINE, ENDING), max_size=40))
    text = "".join(line + end for line, end in lines)
    if lines and draw(st.booleans()):
        text = text[: -len(lines[-1][1])]  # no line ending at the end
    return ("\ufeff" if draw(st.booleans()) else "") + text


def line_bounds(text: str) -> tuple[set[int], set[int]]:
    doc = Document.parse(text)
    return {line.start for line in doc.lines}, {line.end for line in doc.lines}


@FUZZ
@given(documents())
def test_only_whole_lines_or_trailing_spaces_go_each_with_a_rule_and_reason(text):
    result = clean(text)
    starts, ends = line_bounds(text)
    position = 0
    for removal in result.removals:
        assert removal.rule_id and removal.reason
        assert position <= removal.start < removal.end <= len(text)
        assert text[removal.start : removal.end] == removal.text
        if removal.rule_id == "whitespace.trailing-spaces":
            assert removal.text.strip(" \t") == ""
        else:
            assert removal.start in starts and removal.end in ends, removal
        position = removal.end
    assert result.replay() == result.text


@FUZZ
@given(documents())
def test_the_bom_and_every_kept_line_come_back_exactly(text):
    result = clean(text)
    if text.startswith("\ufeff"):
        assert result.text.startswith("\ufeff")
    kept = iter(Document.parse(text).lines)
    removed = {(r.start, r.end) for r in result.removals}
    out = []
    for line in kept:
        if not any(start <= line.start and line.end <= end for start, end in removed):
            out.append(line)
    # Lines no removal touches appear in the output in order, with their endings, unchanged.
    rebuilt = result.text
    for line in out:
        chunk = text[line.start : line.end]
        trimmed = text[line.start : line.start + len(line.text.rstrip(" \t"))]
        found = rebuilt.find(chunk)
        if found < 0:
            found = rebuilt.find(trimmed)
            chunk = trimmed
        assert found >= 0, (chunk, rebuilt)
        rebuilt = rebuilt[found + len(chunk) :]


@FUZZ
@given(documents())
def test_the_guard_limit_holds_on_any_document(text):
    cleaner = default_cleaner()
    result = cleaner.clean(text)
    total = sum(line.words for line in Document.parse(text).lines)
    if result.refused:
        assert result.text == text and not result.removals
        assert result.refusal.reason
        return
    gone = sum(count_words(r.text) for r in result.removals)
    if total:
        assert gone < total, "every word went and the guard let it"
        assert gone / total <= cleaner.settings.max_removed_share + 1e-9


@FUZZ
@given(documents())
def test_cleaning_the_output_again_removes_nothing(text):
    once = clean(text)
    twice = clean(once.text)
    assert twice.removals == () and twice.text == once.text, twice.removals


def test_cleaning_twice_is_cleaning_once_with_a_repeated_promo_line():
    text = (
        f"{ARTICLE[0]}\nShop now: free shipping and 20% off all products!\nLeave a Reply\n"
        "Shop now: free shipping and 20% off all products!\n"
    )
    once = clean(text).text
    assert clean(once).text == once


def test_cleaning_twice_is_cleaning_once_with_a_zero_width_no_break_space():
    text = "Share this:\n\ufeffFacebook\n" + ARTICLE[0] + "\n"
    once = clean(text).text
    assert clean(once).text == once


def test_cleaning_twice_is_cleaning_once_when_a_removal_moves_the_head():
    text = "Affiliate Disclosure:\n" + ARTICLE[0] + "\nFacebook\n" + ARTICLE[0] + "\n" + ARTICLE[1] + "\n"
    once = clean(text).text
    assert clean(once).text == once
