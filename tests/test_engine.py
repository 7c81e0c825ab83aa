"""The engine end to end: guard, keep-nothing-else, rule failures, threads, HTML."""

from __future__ import annotations

import textwrap
from concurrent.futures import ThreadPoolExecutor

import pytest

import cleaner
from cleaner import Cleaner, clean
from cleaner.html import NoMainTextError

ARTICLE = (
    "The regional council met on Tuesday evening to discuss the budget for the coming year, and "
    "after a long debate its members agreed to spend more on schools and bridges.\n"
)


def test_clean_returns_text_removals_and_changed():
    result = clean(ARTICLE + "\n\n")
    assert result.text == ARTICLE
    assert result.changed and not result.refused
    (removal,) = result.removals
    assert (removal.rule_id, removal.first_line, removal.last_line, removal.text) == (
        "whitespace.trailing-blank-lines", 2, 3, "\n\n")
    assert result.replay() == result.text


def test_unchanged_text_is_returned_as_is():
    result = clean(ARTICLE)
    assert result.text is ARTICLE or result.text == ARTICLE
    assert not result.changed and result.removals == ()


GREEDY = """
    extends: []
    rules:
      - id: test.greedy
        kind: pattern
        match: search
        reason: A rule that matches every line with a vowel
        pattern: '[aeiou]'
"""


def test_guard_refuses_to_empty_a_document(tmp_path):
    pack = tmp_path / "greedy.yaml"
    pack.write_text(textwrap.dedent(GREEDY) + "settings: {max_removed_share: 1.0}\n", encoding="utf-8")
    text = ARTICLE * 2
    result = Cleaner(pack).clean(text)
    assert result.text == text and result.refused and not result.changed
    # Every word would go: refused even with the share limit off, and the
    # refusal carries what the rules proposed.
    assert result.refusal.rule_id == "guard.empty-output"
    assert {r.rule_id for r in result.refusal.proposed} == {"test.greedy"}


def test_guard_refuses_more_than_half_the_words(tmp_path):
    pack = tmp_path / "greedy.yaml"
    pack.write_text(textwrap.dedent(GREEDY), encoding="utf-8")
    text = ARTICLE * 3 + "zzz 123\n"
    result = Cleaner(pack).clean(text)
    assert result.text == text and result.refused
    assert result.refusal.rule_id == "guard.max-removed-share"
    assert "more than the limit of 50%" in result.refusal.reason


def test_guard_lets_a_modest_removal_through(tmp_path):
    pack = tmp_path / "greedy.yaml"
    pack.write_text(textwrap.dedent(GREEDY), encoding="utf-8")
    text = "zzz " * 40 + "\nremove me\n"
    result = Cleaner(pack).clean(text)
    assert not result.refused and result.text == "zzz " * 40 + "\n"


def test_a_catastrophic_pattern_times_out_and_the_rest_still_runs(tmp_path):
    pack = tmp_path / "slow.yaml"
    pack.write_text(textwrap.dedent("""
        rules:
          - id: test.backtracking
            kind: pattern
            match: search
            timeout: 0.05
            reason: A pattern that backtracks without end
            pattern: '(a+)+$'
    """), encoding="utf-8")
    text = ARTICLE + "a" * 5000 + "!\n" + "Leave a comment\n"
    result = Cleaner(pack).clean(text)
    assert [f.rule_id for f in result.failures] == ["test.backtracking"]
    assert "timed out" in result.failures[0].message and "line 2" in result.failures[0].message
    assert "Leave a comment" not in result.text  # the other rules still ran
    assert result.replay() == result.text



def test_a_pattern_rule_never_runs_outside_its_zone(tmp_path):
    # The same catastrophic pattern, allowed only in the tail: on a line in the
    # middle it is never tried, so it cannot time out there; in the tail it runs.
    pack = tmp_path / "slow-tail.yaml"
    pack.write_text(textwrap.dedent("""
        rules:
          - id: test.backtracking-tail
            kind: pattern
            match: search
            where: tail
            timeout: 0.05
            reason: A pattern that backtracks without end
            pattern: '(a+)+$|^the end$'
    """), encoding="utf-8")
    middle = ARTICLE + "a" * 5000 + "!\n" + ARTICLE + "The end\n"
    result = Cleaner(pack).clean(middle)
    assert result.failures == ()
    assert [r.rule_id for r in result.removals] == ["test.backtracking-tail"]
    assert result.text == ARTICLE + "a" * 5000 + "!\n" + ARTICLE
    tail = ARTICLE + "a" * 5000 + "!\n"
    assert [f.rule_id for f in Cleaner(pack).clean(tail).failures] == ["test.backtracking-tail"]

def test_clean_rejects_bytes_with_a_clear_message():
    with pytest.raises(TypeError, match="decode bytes first"):
        clean(b"bytes")


def test_one_cleaner_serves_many_threads():
    shared = Cleaner()
    texts = [ARTICLE * (n % 3 + 1) + "Leave a comment\n" + "\n" * (n % 4) for n in range(64)]
    expected = [Cleaner().clean(t) for t in texts[:4]] + [None] * 60
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(shared.clean, texts))
    for text, result in zip(texts, results, strict=True):
        assert result == shared.clean(text)
        assert "Leave a comment" not in result.text
    assert results[:4] == expected[:4]


PAGE = (
    "<html><head><title>Council budget</title></head><body><nav>Home News Sport</nav><article>"
    "<h1>Council agrees budget</h1>"
    + "".join(f"<p>{ARTICLE.strip()} Paragraph {n}.</p>" for n in range(4))
    + "<p>Leave a comment</p></article><footer>Copyright</footer></body></html>"
)


@pytest.mark.parametrize("page", [PAGE, PAGE.encode("utf-8")], ids=["str", "bytes"])
def test_clean_html_extracts_then_cleans(page):
    result = cleaner.clean_html(page)
    assert "Paragraph 3." in result.text
    assert "Leave a comment" not in result.text
    assert "en.comments.leave-a-comment" in {r.rule_id for r in result.removals}
    assert result.replay() == result.text


@pytest.mark.parametrize("page", ["", "<html><body></body></html>", b"\x00\x01"])
def test_clean_html_without_main_text_says_so(page):
    with pytest.raises(NoMainTextError, match="no main text"):
        cleaner.clean_html(page)


def test_importing_cleaner_does_not_import_trafilatura():
    import subprocess
    import sys

    code = "import sys, cleaner; cleaner.clean('x'); print('trafilatura' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"



def test_a_promo_line_whose_price_pattern_times_out_stays_and_says_so(tmp_path):
    pack = tmp_path / "slow.yaml"
    pack.write_text(textwrap.dedent("""
        rules:
          - id: test.slow-price
            kind: promo-line
            reason: A price pattern that backtracks without end
            cues: [shop, buy]
            price_pattern: '(a|aa)+$'
    """), encoding="utf-8")
    # One cue ("shop"): the price pattern would decide, and cannot in time.
    text = ARTICLE * 4 + "Shop " + "a" * 300 + "!\n"
    result = Cleaner(pack, select=["test.slow-price"]).clean(text)
    assert result.text == text
    assert [f.rule_id for f in result.failures] == ["test.slow-price"]
    assert "timed out" in result.failures[0].message and "line 5" in result.failures[0].message
