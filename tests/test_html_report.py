"""The HTML review page: escaped, self-contained, and working in a real headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cleaner import load_ruleset
from cleaner.cli import main
from cleaner.report.html_page import rule_colours

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "We saw it go up and on as he ran to me, so we all sat by a big old red car today.\n"
FILES = {
    "a.txt": ARTICLE + "Share this:\nLeave a comment\n\n",
    "b.md": "<b>Bold</b> & " + ARTICLE + '<script>alert("x")</script>\nLeave a comment\n',
    "c.txt": ARTICLE,
}


@pytest.fixture
def page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, text in FILES.items():
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_text(text)
    assert main(["check", "in", "-q", "--html-report", "review.html"]) == 1
    return tmp_path / "review.html"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_page_is_escaped_and_self_contained(page):
    html = page.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert tags.count("script") == 1  # ours; the article's <script> is text
    assert "b" not in tags
    assert '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; We saw" in html
    # Nothing to fetch: no external scripts, styles, images or fonts.
    assert not any(a.get("src") or (t == "link") for t, a in parser.tags)
    assert not re.search(r"https?://|url\(", html)
    cuts = [a for t, a in parser.tags if t == "del"]
    assert {c["data-rule"] for c in cuts} == {
        "en.share.prompt", "en.comments.leave-a-comment", "whitespace.trailing-blank-lines",
    }
    assert all(c["title"].startswith(c["data-rule"] + ": ") for c in cuts)
    colours = rule_colours(c["data-rule"] for c in cuts)
    assert len(set(colours.values())) == 3
    assert f'--c: {colours["en.share.prompt"]}' in html


def _chromium() -> str:
    found = shutil.which("chromium")
    if not found:
        # Nothing may rely on the browser being there already: install it.
        subprocess.run(["bash", str(ROOT / ".ci" / "install-system-deps")], check=True, timeout=900)
        found = shutil.which("chromium")
    assert found, "chromium is required for this test (.ci/install-system-deps installs it)"
    return found


def _run_chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    profile.mkdir()
    command = [
        _chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", *args,
    ]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _sections(dom: str) -> dict[str, str]:
    return {m.group(2): m.group(0) for m in re.finditer(
        r'<section class="file"[^>]*>\s*<h2>([^<]*/)?([^<]+)<.*?</section>', dom, re.S)}


@pytest.mark.browser
def test_page_in_headless_chromium(page, tmp_path):
    dom = _run_chromium(tmp_path, "--dump-dom", page.as_uri())
    assert 'data-ready="yes"' in dom  # the script ran
    assert "Showing 3 of 3 files; 4 highlighted cuts." in dom
    struck = re.findall(r'<del class="cut" data-rule="([^"]+)" title="([^"]+)"[^>]*>(.*?)</del>', dom)
    reason = load_ruleset().rules["en.share.prompt"]["reason"]
    assert ("en.share.prompt", f"en.share.prompt: {reason}", "Share this:") in [
        (rule, unescape(title), text) for rule, title, text in struck
    ]
    assert any(rule == "en.comments.leave-a-comment" and text == "Leave a comment" for rule, _, text in struck)
    assert "&lt;script&gt;alert" in dom and "<b>Bold</b>" not in dom
    assert re.search(r'<table id="rules">.*en\.share\.prompt.*</table>', dom, re.S)

    # The filter, set from the address: only files with the rule, other rules greyed out.
    filtered = _run_chromium(tmp_path, "--dump-dom", page.as_uri() + "#rule=en.share.prompt")
    assert 'data-filter="en.share.prompt"' in filtered
    assert "Showing 1 of 3 files; 1 highlighted cut by en.share.prompt." in filtered
    sections = _sections(filtered)
    assert set(sections) == {"a.txt", "b.md", "c.txt"}
    assert " hidden" not in sections["a.txt"].split(">")[0]
    assert " hidden" in sections["b.md"].split(">")[0] and " hidden" in sections["c.txt"].split(">")[0]
    assert 'class="cut dim" data-rule="en.comments.leave-a-comment"' in sections["a.txt"]

    shot = tmp_path / "review.png"
    _run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1400", "--hide-scrollbars",
                  page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
