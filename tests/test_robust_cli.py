"""Bad input through the command line: a named error, the batch goes on, nothing mangled is written.

Inputs are the small fixtures in tests/cases/robust/ (one odd input each),
copied to a temporary folder; big ones are made here. Each test is one row of
the robustness table in README.md.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cleaner.cli import main
from cleaner.cli.exitcodes import ExitCode
from cleaner.decisions import Removal, apply_removals

FIXTURES = Path(__file__).parent / "cases" / "robust"
ARTICLE = (
    "The council met on Tuesday and agreed a budget with more money for schools, buses, "
    "libraries and the old bridges.\n"
)


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A temporary working folder holding a copy of every fixture."""
    monkeypatch.chdir(tmp_path)
    for path in FIXTURES.iterdir():
        if path.name != "README.md":
            shutil.copyfile(path, tmp_path / path.name)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def removals_of(report: dict, name: str) -> list[Removal]:
    entry = next(f for f in report["files"] if f["file"] == name)
    return [Removal(**{k: r[k] for k in Removal.__slots__}) for r in entry["removals"]]


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("invalid-utf8.txt", "invalid-utf8.txt: line 2: not valid utf-8 (byte e9 at offset 117)"),
        ("latin-1.txt", "latin-1.txt: line 1: not valid utf-8 (byte e9 at offset 3)"),
        ("binary.txt", "binary.txt: line 1: not valid utf-8 (byte 89 at offset 0)"),
    ],
)
def test_undecodable_file_is_named_and_nothing_is_written(work, capsys, name, says):
    before = snapshot(work)
    code = main(["clean", name])
    err = capsys.readouterr().err
    assert code == ExitCode.CHANGED  # 1: a file could not be processed
    assert says in err and "--encoding" in err
    assert snapshot(work) == before  # no output, no mojibake, no temporary file


def test_undecodable_file_does_not_stop_the_batch(work, capsys):
    (work / "good.txt").write_text(ARTICLE + "Leave a comment\n", encoding="utf-8")
    code = main(["clean", "invalid-utf8.txt", "good.txt", "latin-1.txt"])
    err = capsys.readouterr().err
    assert code == ExitCode.CHANGED
    assert (work / "good.clean.txt").read_text(encoding="utf-8") == ARTICLE
    assert "2 failed" in err
    assert not (work / "invalid-utf8.clean.txt").exists() and not (work / "latin-1.clean.txt").exists()


def test_latin_1_with_encoding_is_written_back_in_latin_1(work):
    original = (work / "latin-1.txt").read_bytes()
    assert main(["clean", "--encoding", "latin-1", "latin-1.txt"]) == ExitCode.CHANGED
    out = (work / "latin-1.clean.txt").read_bytes()
    assert out == original.replace(b"Leave a comment\n", b"")
    assert "Café crème".encode("latin-1") in out


def test_utf_16_with_encoding_round_trips_byte_for_byte(work):
    original = (work / "utf-16.txt").read_bytes()
    assert main(["fix", "--encoding", "utf-16", "utf-16.txt"]) == ExitCode.CHANGED
    fixed = (work / "utf-16.txt").read_bytes()
    assert fixed == original.replace("Leave a comment\r\n".encode("utf-16-le"), b"")
    assert fixed.startswith(b"\xff\xfe")  # the BOM is kept


def test_utf_16_with_a_bom_is_detected_without_encoding(work):
    original = (work / "utf-16.txt").read_bytes()
    assert main(["clean", "utf-16.txt"]) == ExitCode.CHANGED
    assert (work / "utf-16.clean.txt").read_bytes() == original.replace(
        "Leave a comment\r\n".encode("utf-16-le"), b""
    )


def test_wrong_encoding_gives_a_named_error_or_the_same_bytes_back(work, capsys):
    # The output is encoded with the codec the input was decoded with, so a
    # wrong --encoding can never turn into mojibake on disk: either the bytes
    # do not decode (a named error) or every kept byte comes back unchanged.
    text = "Café crème and naïve façades: " + ARTICLE + "Leave a comment\n"
    (work / "odd.txt").write_bytes(text.encode("utf-8") + b"!")  # odd length: not UTF-16
    (work / "utf8.txt").write_text(text, encoding="utf-8")
    assert main(["clean", "--encoding", "utf-16", "odd.txt"]) == ExitCode.CHANGED
    assert "odd.txt: line" in capsys.readouterr().err
    assert not (work / "odd.clean.txt").exists()
    assert main(["clean", "--encoding", "latin-1", "utf8.txt"]) == ExitCode.CHANGED
    assert (work / "utf8.clean.txt").read_bytes() == text.replace("Leave a comment\n", "").encode("utf-8")


def test_unknown_encoding_is_a_usage_error(work, capsys):
    assert main(["clean", "--encoding", "klingon", "crlf.txt"]) == ExitCode.USAGE
    assert "unknown encoding 'klingon'" in capsys.readouterr().err
    assert not (work / "crlf.clean.txt").exists()


def test_nul_bytes_in_utf_8_text_are_kept_byte_for_byte(work):
    # Policy: NUL is a valid UTF-8 character, so such a file is text; only the
    # removed line goes, and the NULs come back exactly.
    original = (work / "nul-bytes.txt").read_bytes()
    assert main(["clean", "nul-bytes.txt"]) == ExitCode.CHANGED
    assert (work / "nul-bytes.clean.txt").read_bytes() == original.replace(b"Leave a comment\n", b"")


@pytest.mark.parametrize("name", ["crlf.txt", "cr.txt", "mixed-endings.txt", "bom.txt", "no-final-newline.txt"])
def test_text_files_keep_every_byte_outside_removed_lines(work, name):
    original = (work / name).read_bytes()
    assert main(["clean", "--report", "r.json", name]) == ExitCode.CHANGED
    report = json.loads((work / "r.json").read_text(encoding="utf-8"))
    removals = removals_of(report, name)
    assert removals
    out = (work / name.replace(".txt", ".clean.txt")).read_bytes()
    assert out == apply_removals(original.decode("utf-8"), removals).encode("utf-8")
    for removal in removals:
        assert removal.text.strip() in ("", "Leave a comment", "Share this:")


@pytest.mark.parametrize("name", ["empty.txt", "whitespace-only.txt"])
def test_empty_and_blank_files_are_handled_and_reported(work, capsys, name):
    main(["clean", "--report", "r.json", name])
    report = json.loads((work / "r.json").read_text(encoding="utf-8"))
    out = (work / name.replace(".txt", ".clean.txt")).read_bytes()
    original = (work / name).read_bytes()
    # Only white space may go, and every removed character is in the report.
    assert not out.strip() and not original.strip()
    removed = "".join(r.text for r in removals_of(report, name))
    assert len(out) + len(removed.encode("utf-8")) == len(original)


# --- HTML -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["blank-page.html", "head-only.html", "script-only.html", "binary.html"])
def test_page_without_main_text_is_reported_and_nothing_written(work, capsys, name):
    pages = {
        "head-only.html": b"<html><head><title>Menu</title></head><body></body></html>",
        "script-only.html": b"<html><body><script>var a = 1;</script></body></html>",
        "binary.html": bytes(range(256)) * 4,
    }
    if name in pages:
        (work / name).write_bytes(pages[name])
    code = main(["clean", name])
    err = capsys.readouterr().err
    assert code == ExitCode.CHANGED
    assert f"{name}: no main text found" in err
    assert not (work / name.replace(".html", ".clean.txt")).exists()


def test_page_with_only_navigation_is_reported_as_no_main_text(work, capsys):
    code = main(["clean", "no-article.html"])
    assert "no main text found" in capsys.readouterr().err
    assert code == ExitCode.CHANGED
    assert not (work / "no-article.clean.txt").exists()


def test_malformed_html_still_gives_its_text(work):
    assert main(["clean", "malformed.html"]) in (ExitCode.OK, ExitCode.CHANGED)
    text = (work / "malformed.clean.txt").read_text(encoding="utf-8")
    assert "Engineers said the work on the harbour" in text


def test_deeply_nested_page_is_reported_never_written_empty(work, capsys):
    # libxml2 stops at its nesting limit, so the extractor sees no text; that
    # must be a named failure, not an empty .clean.txt.
    depth = 5000
    (work / "deep.html").write_text(
        "<html><body>" + "<div>" * depth + f"<p>{ARTICLE * 3}</p>" + "</div>" * depth + "</body></html>",
        encoding="utf-8",
    )
    code = main(["clean", "deep.html"])
    err = capsys.readouterr().err
    out = work / "deep.clean.txt"
    assert code in (ExitCode.OK, ExitCode.CHANGED)
    assert ("deep.html: no main text found" in err and not out.exists()) or "The council met" in out.read_text(
        encoding="utf-8")


def test_huge_page_is_cleaned_whole(work):
    paragraphs = "".join(f"<p>Paragraph {i}. {ARTICLE.strip()} {ARTICLE.strip()}</p>\n" for i in range(6000))
    (work / "huge.html").write_text(
        f"<html><body><article>{paragraphs}<p>Leave a comment</p></article></body></html>", encoding="utf-8"
    )
    assert (work / "huge.html").stat().st_size > 1_500_000
    assert main(["clean", "huge.html"]) == ExitCode.CHANGED
    text = (work / "huge.clean.txt").read_text(encoding="utf-8")
    assert text.count("Paragraph ") == 6000
    assert "Leave a comment" not in text


def test_a_page_that_would_be_emptied_is_kept_whole(work, capsys):
    (work / "all-boilerplate.html").write_text(
        "<html><body><article><p>Leave a comment</p><p>Share this:</p></article></body></html>", encoding="utf-8"
    )
    main(["clean", "all-boilerplate.html"])
    err = capsys.readouterr().err
    out = work / "all-boilerplate.clean.txt"
    # Either no main text (reported) or the guard kept it whole: never an empty file.
    assert ("no main text found" in err and not out.exists()) or out.read_text(encoding="utf-8").strip()


# --- JSONL ------------------------------------------------------------------------------------


def test_jsonl_bad_lines_are_named_and_the_rest_is_cleaned(work, capsys):
    original = (work / "records.jsonl").read_bytes().splitlines(keepends=True)
    code = main(["clean", "records.jsonl"])
    err = capsys.readouterr().err
    assert code == ExitCode.CHANGED
    assert "records.jsonl:2: invalid JSON" in err
    assert "records.jsonl:3: no 'text' field" in err
    assert "records.jsonl:4: the 'text' field is int, not a string" in err
    assert "records.jsonl:5: a record is a JSON object, not list" in err
    assert "4 bad JSONL records" in err
    out = (work / "records.clean.jsonl").read_bytes().splitlines(keepends=True)
    assert len(out) == len(original)
    assert out[1:5] == original[1:5]  # bad lines are copied as they were
    assert json.loads(out[0]) == {"id": 1, "text": ARTICLE}
    assert json.loads(out[5])["text"].startswith("Engineers said")


def test_jsonl_invalid_utf8_line_is_one_bad_record(work, capsys):
    (work / "mixed.jsonl").write_bytes(
        json.dumps({"text": ARTICLE + "Share this:\n"}).encode() + b"\n" + b'{"text": "caf\xe9"}\n'
    )
    assert main(["clean", "mixed.jsonl"]) == ExitCode.CHANGED
    assert "mixed.jsonl:2: not UTF-8" in capsys.readouterr().err
    lines = (work / "mixed.clean.jsonl").read_bytes().splitlines()
    assert json.loads(lines[0])["text"] == ARTICLE and lines[1] == b'{"text": "caf\xe9"}'


def test_jsonl_stream_api_reports_line_numbers_and_goes_on(default_cleaner):
    from cleaner.io.jsonl import read_jsonl_numbered
    from cleaner.stream import clean_numbered

    errors = []
    source = str(FIXTURES / "records.jsonl")
    numbered = read_jsonl_numbered(source, on_error=errors.append)
    out = list(clean_numbered(default_cleaner, numbered, on_error=errors.append, source=source))
    # Line 2 (not JSON) and 5 (not an object) cannot be records; 3 and 4 pass through, marked.
    assert sorted((e.position, e.message.split(" ")[0]) for e in errors) == [
        (2, "invalid"), (3, "no"), (4, "the"), (5, "a")]
    assert all(e.source == source for e in errors)
    assert [r.get("id") for r in out] == [1, 3, 4, 6]
    assert out[0]["text"] == ARTICLE and out[0]["cleaner"]["rules"]
    assert out[1] == {"id": 3, "cleaner": {"error": "no 'text' field"}}
    assert out[2]["text"] == 42 and "error" in out[2]["cleaner"]


# --- rule packs through the command line --------------------------------------------------------

EVIL_PACK = """\
extends: []
rules:
  - id: test.evil
    kind: pattern
    match: search
    timeout: 0.05
    reason: Backtracks catastrophically on long runs of a
    pattern: '(a+)+$'
    examples: {remove: [aaa], keep: [aaa!]}
  - id: test.share
    kind: phrases
    reason: Share prompt
    phrases: [share this]
    examples: {remove: [Share this], keep: [We share this view with the council.]}
"""


@pytest.fixture
def evil_batch(work):
    (work / "evil.yaml").write_text(EVIL_PACK, encoding="utf-8")
    (work / "batch").mkdir()
    for n in range(3):
        (work / "batch" / f"ok{n}.txt").write_text(ARTICLE + "Share this\n", encoding="utf-8")
    (work / "batch" / "evil.txt").write_text(ARTICLE + "a" * 20_000 + "!\nShare this\n", encoding="utf-8")
    return work


def test_catastrophic_pattern_is_stopped_and_the_batch_goes_on(evil_batch, capsys):
    import time

    start = time.monotonic()
    code = main(["clean", "--rules", "evil.yaml", "--report", "r.json", "batch"])
    assert time.monotonic() - start < 60  # without the time-out the pattern backtracks for minutes
    assert code == ExitCode.CHANGED
    for n in range(3):
        assert (evil_batch / "batch" / f"ok{n}.clean.txt").read_text(encoding="utf-8") == ARTICLE
    # The other rules still ran on the document the pattern timed out on.
    assert (evil_batch / "batch" / "evil.clean.txt").read_text(encoding="utf-8") == ARTICLE + "a" * 20_000 + "!\n"


def test_catastrophic_pattern_is_reported_with_the_rule_id(evil_batch, capsys):
    main(["clean", "--rules", "evil.yaml", "--report", "r.json", "batch"])
    err = capsys.readouterr().err
    assert "test.evil" in err and "evil.txt" in err
    report = (evil_batch / "r.json").read_text(encoding="utf-8")
    assert "test.evil" in report


def test_pack_that_removes_everything_is_refused_and_counted(work, capsys):
    (work / "greedy.yaml").write_text(
        "extends: []\nrules:\n  - id: test.everything\n    kind: pattern\n    reason: Takes every line\n"
        "    pattern: '.+'\n    examples: {remove: [anything], keep: []}\n",
        encoding="utf-8",
    )
    (work / "a.txt").write_text(ARTICLE * 3, encoding="utf-8")
    code = main(["clean", "--rules", "greedy.yaml", "--report", "r.json", "a.txt"])
    err = capsys.readouterr().err
    assert code == ExitCode.OK
    assert (work / "a.clean.txt").read_text(encoding="utf-8") == ARTICLE * 3
    assert "1 refused by the guard" in err
    assert "kept whole by the guard" in err and "every word" in err
    report = json.loads((work / "r.json").read_text(encoding="utf-8"))
    assert report["summary"]["refused"] == 1


@pytest.mark.parametrize(
    ("files", "says"),
    [
        ({"a.yaml": "extends: [b.yaml]\n", "b.yaml": "extends: [a.yaml]\n"}, "loops back"),
        ({"a.yaml": "extends: [../outside.yaml]\n"}, "points outside"),
        ({"a.yaml": "rules:\n  - !!python/object/apply:os.system ['touch MARKER']\n"}, "refused"),
    ],
    ids=["extends-loop", "extends-outside", "python-tag"],
)
def test_hostile_pack_is_a_usage_error_naming_the_file(work, capsys, files, says):
    (work / "packs").mkdir()
    (work / "outside.yaml").write_text("extends: []\n", encoding="utf-8")
    for name, text in files.items():
        (work / "packs" / name).write_text(text, encoding="utf-8")
    before = snapshot(work)
    code = main(["clean", "--rules", "packs/a.yaml", "crlf.txt"])
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE
    assert says in err and "a.yaml" in err
    assert snapshot(work) == before and not (work / "MARKER").exists()
