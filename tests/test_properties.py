"""What must hold on any input: no crash, idempotence, subsequence, exact replay."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import clean
from cleaner.document import Document

PROSE = [
    "The council approved the harbour budget after a long debate about dredging and port fees.",
    "Engineers said the work must start before winter storms fill the entrance with sand again.",
    "Prices at the market rose for the third month, and traders blamed the cost of diesel.",
    "Die Stadt beschloss am Montag den Haushalt mit mehr Geld für Schulen und Radwege im Viertel.",
    "Le conseil municipal a voté le budget après un long débat sur les écoles et les transports.",
]
RESIDUE = [
    "Leave a comment", "Leave a Reply", "Your email address will not be published.", "0 Comments",
    "Share this:", "Facebook", "Print", "Advertisement", "Related Articles", "Read more: the harbour plan",
    "Tags: news, harbour", "Sign up for our newsletter", "Affiliate Disclosure:",
    "This post contains affiliate links.", "Shop now: free shipping and 20% off all products!",
    "Back to top", "Conclusion", "Background", "Kommentar schreiben", "Laisser un commentaire",
]
ODD = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=60
)
LINE = st.one_of(
    st.sampled_from(PROSE), st.sampled_from(RESIDUE), st.just(""), st.just("   "), st.just("\t"),
    ODD, st.sampled_from(["\u200b", "\u00a0", "مرحبا بالعالم", "👍🏽 emoji line", "e\u0301te\u0301"]),
)


@st.composite
def documents(draw):
    lines = draw(st.lists(LINE, max_size=30))
    endings = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines), max_size=len(lines)))
    body = "".join(line + end for line, end in zip(lines, endings, strict=True))
    if lines and draw(st.booleans()):
        body = body[: -len(endings[-1])]  # no newline at the end
    return ("\ufeff" if draw(st.booleans()) else "") + body


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def line_texts(text: str) -> list[str]:
    return [line.text for line in Document.parse(text).lines]


@PROPERTY
@given(documents())
def test_replay_reproduces_the_output(text):
    result = clean(text)
    assert result.replay() == result.text
    assert result.original == text


@PROPERTY
@given(documents())
def test_output_lines_are_a_subsequence_of_input_lines(text):
    out = iter(line_texts(text))
    assert all(any(line == candidate for candidate in out) for line in line_texts(clean(text).text))


@PROPERTY
@given(documents())
def test_bom_and_line_endings_survive(text):
    result = clean(text).text
    assert result.startswith("\ufeff") == text.startswith("\ufeff")
    kept = {line.ending for line in Document.parse(result).lines} - {""}
    assert kept <= {line.ending for line in Document.parse(text).lines}


@PROPERTY
@given(documents())
def test_cleaning_is_idempotent(text):
    once = clean(text).text
    assert clean(once).text == once


@PROPERTY
@given(st.text(max_size=300))
def test_any_text_at_all(text):
    result = clean(text)
    assert result.replay() == result.text
