"""Command-line behaviour beyond the case table: batches, inputs, options, reports, exit codes."""

from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
import sys

import pytest
from cli_cases.support import cli_env, run_cli

from cleaner.cli import COMMANDS, main
from cleaner.cli.exitcodes import ExitCode

ARTICLE = "We saw it go up and on as he ran to me, so we all sat by a big old red car today.\n"
DIRTY = ARTICLE + "Share this:\nLeave a comment\n\n"
CLEANED = ARTICLE


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_commands_come_from_one_table():
    assert {"clean", "fix", "check", "rules", "explain"} <= set(COMMANDS)
    for module in COMMANDS.values():
        assert callable(module.add_arguments) and callable(module.run) and module.HELP


def test_clean_folder_writes_outputs_and_skips_its_own(work, capsys):
    (work / "in" / "sub").mkdir(parents=True)
    (work / "in" / "a.txt").write_text(DIRTY)
    (work / "in" / "sub" / "b.md").write_text(ARTICLE)
    (work / "in" / "notes.csv").write_text("not an article\n")
    assert main(["clean", "in"]) == ExitCode.CHANGED
    assert (work / "in" / "a.clean.txt").read_text() == CLEANED
    assert "@@ -1,4 +1 @@ en.share.prompt" in (work / "in" / "a.diff").read_text()
    assert (work / "in" / "sub" / "b.clean.txt").read_text() == ARTICLE
    assert (work / "in" / "sub" / "b.diff").read_text() == ""
    assert not (work / "in" / "notes.clean.txt").exists()
    assert (work / "in" / "a.txt").read_text() == DIRTY
    err = capsys.readouterr().err
    assert "2 files: 1 changed, 1 unchanged, 0 refused by the guard, 0 failed" in err
    # A second run does not pick up a.clean.txt or a.diff as inputs.
    assert main(["clean", "in"]) == ExitCode.CHANGED
    assert "2 files:" in capsys.readouterr().err
    assert not (work / "in" / "a.clean.clean.txt").exists()


def test_out_dir_mirrors_the_tree(work):
    (work / "in" / "sub").mkdir(parents=True)
    (work / "in" / "sub" / "a.txt").write_text(DIRTY)
    (work / "b.txt").write_text(DIRTY)
    code = main(["clean", "in", "b.txt", "--out-dir", "out", "-q", "--report", "out/r/report.json"])
    assert code == ExitCode.CHANGED
    assert (work / "out" / "sub" / "a.clean.txt").read_text() == CLEANED
    assert (work / "out" / "sub" / "a.diff").exists()
    assert (work / "out" / "b.clean.txt").read_text() == CLEANED
    assert (work / "out" / "r" / "report.json").exists()
    assert sorted(p.name for p in (work / "in" / "sub").iterdir()) == ["a.txt"]
    # The diff still names the input as it lies, so it applies from the working folder.
    assert (work / "out" / "sub" / "a.diff").read_text().startswith("--- a/in/sub/a.txt\n")


def test_out_dir_collision_is_a_usage_error(work, capsys):
    for folder in ("x", "y"):
        (work / folder).mkdir()
        (work / folder / "a.txt").write_text(DIRTY)
    assert main(["clean", "x/a.txt", "y/a.txt", "--out-dir", "out"]) == ExitCode.USAGE
    assert "would both write out/a.clean.txt" in capsys.readouterr().err
    assert not (work / "out" / "a.clean.txt").exists()


def test_never_overwrites_an_input(work, capsys):
    (work / "a.txt").write_text(DIRTY)
    (work / "a.clean.txt").write_text("precious\n")
    assert main(["clean", "a.txt", "a.clean.txt"]) == ExitCode.USAGE
    assert "never overwrites an input" in capsys.readouterr().err
    assert (work / "a.clean.txt").read_text() == "precious\n"


def test_report_may_not_overwrite_an_input(work, capsys):
    (work / "a.txt").write_text(DIRTY)
    assert main(["check", "a.txt", "--report", "a.txt"]) == ExitCode.USAGE
    assert "never overwrites an input" in capsys.readouterr().err
    assert (work / "a.txt").read_text() == DIRTY


def test_fix_keeps_permissions(work):
    path = work / "a.txt"
    path.write_text(DIRTY)
    os.chmod(path, 0o640)
    assert main(["fix", "a.txt", "-q"]) == ExitCode.CHANGED
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text() == CLEANED


def test_new_outputs_get_umask_permissions(work):
    (work / "a.txt").write_text(DIRTY)
    old = os.umask(0o022)
    try:
        main(["clean", "a.txt", "-q"])
    finally:
        os.umask(old)
    assert stat.S_IMODE((work / "a.clean.txt").stat().st_mode) == 0o644


def test_undecodable_file_is_named_and_the_batch_goes_on(work, capsys):
    (work / "bad.txt").write_bytes(b"fine line\n\xff\xfe broken\n")
    (work / "good.txt").write_text(DIRTY)
    code = main(["fix", "bad.txt", "good.txt"])
    err = capsys.readouterr().err
    assert code == ExitCode.CHANGED
    assert "bad.txt: line 2: not valid utf-8" in err and "--encoding" in err
    assert (work / "bad.txt").read_bytes() == b"fine line\n\xff\xfe broken\n"
    assert (work / "good.txt").read_text() == CLEANED
    assert "1 failed" in err


def test_a_failure_alone_exits_1(work, capsys):
    (work / "bad.txt").write_bytes(b"\xff")
    assert main(["check", "bad.txt"]) == ExitCode.CHANGED
    assert "1 failed" in capsys.readouterr().err


def test_unknown_encoding_is_a_usage_error(work, capsys):
    (work / "a.txt").write_text(DIRTY)
    assert main(["check", "a.txt", "--encoding", "klingon"]) == ExitCode.USAGE
    assert "unknown encoding 'klingon'" in capsys.readouterr().err


def test_utf16_round_trips_with_its_bom(work):
    data = DIRTY.encode("utf-16-be")
    (work / "a.txt").write_bytes(b"\xfe\xff" + data)
    assert main(["fix", "a.txt", "--encoding", "utf-16", "-q"]) == ExitCode.CHANGED
    assert (work / "a.txt").read_bytes() == b"\xfe\xff" + CLEANED.encode("utf-16-be")


def test_missing_path_is_a_usage_error(work, capsys):
    assert main(["check", "nowhere.txt"]) == ExitCode.USAGE
    assert "nowhere.txt: no such file or folder" in capsys.readouterr().err


def test_bad_option_is_a_usage_error(work, capsys):
    assert main(["check", "--no-such-option", "x"]) == ExitCode.USAGE
    assert main([]) == ExitCode.USAGE


def test_rule_pack_error_is_printed_as_is(work, capsys):
    (work / "pack.yaml").write_text("rules:\n  - id: my.rule\n    kind: phrases\n    reason: x\n"
                                   "    phrases: [a]\n    colour: red\n")
    (work / "a.txt").write_text(DIRTY)
    assert main(["check", "a.txt", "--rules", "pack.yaml"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "pack.yaml:" in err and "my.rule" in err and "colour" in err


def test_unknown_select_is_a_usage_error(work, capsys):
    (work / "a.txt").write_text(DIRTY)
    assert main(["check", "a.txt", "--select", "en.nothing-like-this"]) == ExitCode.USAGE
    assert "en.nothing-like-this" in capsys.readouterr().err


def test_config_is_discovered_from_the_working_folder(work, capsys):
    (work / ".cleaner.yaml").write_text("disable: [en.share.prompt]\n")
    (work / "a.txt").write_text(DIRTY)
    assert main(["fix", "a.txt", "-q"]) == ExitCode.CHANGED
    assert (work / "a.txt").read_text() == ARTICLE + "Share this:\n"
    assert main(["rules"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "en.comments.leave-a-comment" in out and "en.share.prompt" not in out


def test_pyproject_config_and_rules_flag_wins(work, capsys):
    (work / "pyproject.toml").write_text('[tool.cleaner]\ndisable = ["en.comments.leave-a-comment"]\n')
    (work / "other.yaml").write_text("disable: [en.share.prompt]\n")
    main(["rules", "--format", "json"])
    ids = {r["id"] for r in json.loads(capsys.readouterr().out)}
    assert "en.comments.leave-a-comment" not in ids and "en.share.prompt" in ids
    main(["rules", "--format", "json", "--rules", "other.yaml"])
    ids = {r["id"] for r in json.loads(capsys.readouterr().out)}
    assert "en.comments.leave-a-comment" in ids and "en.share.prompt" not in ids


def test_rules_lists_id_kind_language_reason(work, capsys):
    assert main(["rules", "--select", "en.share"]) == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.startswith("en.share.") for line in lines)
    first = lines[0].split()
    assert first[1] in ("phrases", "pattern") and first[2] == "en"


def test_explain_shows_examples(work, capsys):
    assert main(["explain", "en.share.prompt"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert out.startswith("en.share.prompt\n")
    assert "removes:" in out and "- Share this:" in out and "keeps:" in out


def test_explain_unknown_rule_suggests(work, capsys):
    assert main(["explain", "en.share.promt"]) == ExitCode.USAGE
    assert "did you mean 'en.share.prompt'" in capsys.readouterr().err


def test_json_format_and_report(work, capsys):
    (work / "a.txt").write_text(DIRTY)
    assert main(["check", "a.txt", "--format", "json", "--report", "r.json"]) == ExitCode.CHANGED
    printed = json.loads(capsys.readouterr().out)
    saved = json.loads((work / "r.json").read_text())
    assert printed == saved
    (entry,) = saved["files"]
    assert entry["file"] == "a.txt" and entry["status"] == "changed"
    rules = [(r["rule_id"], r["first_line"], r["last_line"]) for r in entry["removals"]]
    assert rules == [("en.share.prompt", 2, 2), ("en.comments.leave-a-comment", 3, 3),
                     ("whitespace.trailing-blank-lines", 4, 4)]
    assert entry["removals"][0]["text"] == "Share this:\n" and entry["removals"][0]["reason"]
    assert saved["summary"]["changed"] == 1 and saved["summary"]["lines_removed"]["en.share.prompt"] == 1


def test_guard_refusal_is_reported_not_changed(work, capsys):
    mostly_residue = "Share this:\nTweet this\nPin it\nShare on Facebook\nA short line of text.\n"
    (work / "a.txt").write_text(mostly_residue)
    code = main(["fix", "a.txt"])
    err = capsys.readouterr().err
    assert code == ExitCode.OK
    assert "kept whole by the guard" in err and "1 refused by the guard" in err
    assert (work / "a.txt").read_text() == mostly_residue


def test_html_page_input(work, capsys):
    para = "<p>" + "Real article text goes here in a sentence of some length. " * 6 + "</p>"
    (work / "page.html").write_text(f"<html><body><article>{para}<p>Share this:</p></article></body></html>")
    (work / "empty.html").write_text("<html><body></body></html>")
    assert main(["clean", "."]) == ExitCode.CHANGED
    text = (work / "page.clean.txt").read_text()
    assert text.startswith("Real article text") and "Share this" not in text
    assert not (work / "page.diff").exists()
    assert not (work / "empty.clean.txt").exists()
    assert "empty.html: no main text found" in capsys.readouterr().err


def test_jsonl_records_cleaned_and_bad_lines_reported(work, capsys):
    lines = [
        json.dumps({"id": 1, "text": DIRTY, "meta": {"k": [1, 2]}}),
        "{not json",
        json.dumps({"id": 3, "text": ARTICLE}),
        json.dumps({"id": 4, "body": "no text field"}),
    ]
    (work / "c.jsonl").write_text("\n".join(lines) + "\n")
    code = main(["clean", "c.jsonl"])
    err = capsys.readouterr().err
    assert code == ExitCode.CHANGED
    assert "c.jsonl:2: invalid JSON" in err and "c.jsonl:4: no 'text' field" in err
    out = (work / "c.clean.jsonl").read_text().splitlines()
    assert json.loads(out[0]) == {"id": 1, "text": CLEANED, "meta": {"k": [1, 2]}}
    assert out[1:] == lines[1:]  # unchanged and bad lines pass through byte for byte


def test_jsonl_gz_and_text_field(work):
    with gzip.open(work / "c.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"body": DIRTY, "n": 1}) + "\n")
    assert main(["clean", "c.jsonl.gz", "--text-field", "body", "-q"]) == ExitCode.CHANGED
    with gzip.open(work / "c.clean.jsonl.gz", "rt", encoding="utf-8") as handle:
        assert json.loads(handle.readline()) == {"body": CLEANED, "n": 1}


def test_jsonl_fix_and_check(work, capsys):
    (work / "c.jsonl").write_text(json.dumps({"text": DIRTY}) + "\n")
    assert main(["check", "c.jsonl"]) == ExitCode.CHANGED
    out = capsys.readouterr().out
    assert "c.jsonl:1: text line 2: en.share.prompt: -Share this:" in out
    before = (work / "c.jsonl").read_bytes()
    assert main(["fix", "c.jsonl", "-q"]) == ExitCode.CHANGED
    assert json.loads((work / "c.jsonl").read_text()) == {"text": CLEANED}
    assert before != (work / "c.jsonl").read_bytes()
    assert main(["fix", "c.jsonl", "-q"]) == ExitCode.OK


def test_fix_refuses_html(work, capsys):
    (work / "p.html").write_text("<html><body><p>x</p></body></html>")
    assert main(["fix", "p.html"]) == ExitCode.CHANGED
    assert "use `cleaner clean`" in capsys.readouterr().err


def test_parallel_jobs_give_the_same_outputs(work, capsys):
    for i in range(6):
        (work / "a" / f"f{i}.txt").parent.mkdir(exist_ok=True)
        (work / "a" / f"f{i}.txt").write_text(DIRTY if i % 2 else ARTICLE)
    assert main(["check", "a", "-j", "1"]) == ExitCode.CHANGED
    serial = capsys.readouterr()
    assert main(["check", "a", "-j", "2"]) == ExitCode.CHANGED
    parallel = capsys.readouterr()
    assert parallel.out == serial.out and parallel.out.count("+++ b/a/f") == 3
    assert parallel.err == serial.err


def test_progress_bar_degrades_without_tqdm(work, monkeypatch, capsys):
    for i in range(3):
        (work / f"f{i}.txt").write_text(DIRTY)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setitem(sys.modules, "tqdm", None)  # makes `import tqdm` fail
    assert main(["check", "."]) == ExitCode.CHANGED
    assert "3 files: 3 would change" in capsys.readouterr().err


def test_progress_bar_with_tqdm_on_a_terminal(work, monkeypatch, capsys):
    for i in range(3):
        (work / f"f{i}.txt").write_text(DIRTY)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert main(["check", "."]) == ExitCode.CHANGED
    err = capsys.readouterr().err
    assert "0/3 [" in err and "file/s" in err  # the bar was drawn (tqdm redraws at its own pace)


def test_stdin_to_stdout(tmp_path):
    proc = run_cli(["clean", "-"], cwd=tmp_path, stdin=DIRTY.replace("\n", "\r\n").encode())
    assert proc.returncode == 1
    assert proc.stdout == CLEANED.replace("\n", "\r\n").encode()
    proc = run_cli(["check", "-"], cwd=tmp_path, stdin=DIRTY.encode())
    assert proc.returncode == 1 and b"@@ -1,4 +1 @@ en.share.prompt" in proc.stdout
    proc = run_cli(["check", "-"], cwd=tmp_path, stdin=ARTICLE.encode())
    assert proc.returncode == 0 and proc.stdout == b""


def test_internal_error_exits_123(work, monkeypatch, capsys):
    (work / "a.txt").write_text(DIRTY)

    def broken(self, text):
        raise RuntimeError("boom")

    monkeypatch.setattr("cleaner.engine.Cleaner.clean", broken)
    assert main(["check", "a.txt"]) == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert "a.txt: internal error" in err and "RuntimeError: boom" in err


def test_help_documents_exit_codes(capsys):
    assert main(["fix", "--help"]) == 0
    out = capsys.readouterr().out
    assert "123" in out and "could not be processed" in out


def test_python_m_and_console_script_agree(tmp_path):
    proc = run_cli(["--version"], cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith(b"cleaner ")


def test_closed_output_pipe_is_quiet(tmp_path):
    for i in range(200):
        (tmp_path / f"f{i:03}.txt").write_text(DIRTY)
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "check", "."], cwd=tmp_path, env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # the reader goes away, as `| head -1` does
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert first == b"--- a/f000.txt\n"
    assert proc.returncode == ExitCode.CHANGED
    assert "Traceback" not in err and "Exception ignored" not in err
