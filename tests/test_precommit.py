"""The pre-commit hooks, run for real by pre-commit from a copy of this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "We saw it go up and on as he ran to me, so we all sat by a big old red car today.\n"
DIRTY = ARTICLE + "Share this:\nLeave a comment\n\n"

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "cleaner tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "cleaner tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
}


def _git(*args: str, cwd: Path, env: dict) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout.strip()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    environment.update(GIT_IDENTITY, PRE_COMMIT_HOME=str(home), HOME=str(home))
    return environment


def test_hook_manifest_declares_both_hooks():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"cleaner-fix", "cleaner-check"}
    assert hooks["cleaner-fix"]["entry"] == "cleaner fix"
    assert hooks["cleaner-check"]["entry"] == "cleaner check"
    assert all(h["language"] == "python" for h in hooks.values())


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, env):
    """This checkout as pre-commit needs it: a git repository with the working tree committed."""
    repo = tmp_path_factory.mktemp("hook-repo") / "cleaner"
    _git("clone", "-q", "--no-hardlinks", str(ROOT), str(repo), cwd=ROOT, env=env)
    # The working tree may hold changes not yet committed: copy every file git
    # would see (tracked or not, ignored ones left out) over the clone.
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT, env=env)
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    _git("add", "-A", cwd=repo, env=env)
    _git("commit", "-q", "--allow-empty", "-m", "working tree under test", cwd=repo, env=env)
    return repo, _git("rev-parse", "HEAD", cwd=repo, env=env)


def _project(tmp_path: Path, hook_repo, hook_id: str, env: dict) -> Path:
    repo, rev = hook_repo
    project = tmp_path / "project"
    project.mkdir()
    _git("init", "-q", cwd=project, env=env)
    config = {"repos": [{"repo": str(repo), "rev": rev, "hooks": [{"id": hook_id}]}]}
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    (project / "article.txt").write_text(DIRTY)
    (project / "clean.md").write_text(ARTICLE)
    (project / "data.csv").write_text("Share this:\n")  # not an article: the hook must not touch it
    _git("add", "-A", cwd=project, env=env)
    _git("commit", "-q", "-m", "articles", cwd=project, env=env)
    return project


def _pre_commit(project: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_fix_hook_fails_and_fixes_then_passes(tmp_path, hook_repo, env):
    project = _project(tmp_path, hook_repo, "cleaner-fix", env)
    first = _pre_commit(project, env)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "Fixing article.txt" in first.stdout
    assert "files were modified by this hook" in first.stdout
    assert (project / "article.txt").read_text() == ARTICLE
    assert (project / "clean.md").read_text() == ARTICLE
    assert (project / "data.csv").read_text() == "Share this:\n"
    second = _pre_commit(project, env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout


@pytest.mark.slow
def test_check_hook_fails_with_the_diff_and_changes_nothing(tmp_path, hook_repo, env):
    project = _project(tmp_path, hook_repo, "cleaner-check", env)
    run = _pre_commit(project, env)
    assert run.returncode == 1
    assert "@@ -1,4 +1 @@ en.share.prompt" in run.stdout
    assert (project / "article.txt").read_text() == DIRTY
