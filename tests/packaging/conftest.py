"""Fixtures for the packaging tests: the working tree as a git repository, the built wheel,
fresh virtual environments that see neither the checkout nor the test environment.

These tests install from PyPI into new environments: slow, so marked `packaging`, left out of
a plain `pytest` and run by `.ci/run` (`pytest -m packaging`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: A commit needs an author; CI's root account has none configured.
GIT_ENV = {"GIT_AUTHOR_NAME": "notes-site tests", "GIT_AUTHOR_EMAIL": "tests@localhost",
           "GIT_COMMITTER_NAME": "notes-site tests", "GIT_COMMITTER_EMAIL": "tests@localhost"}


def run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """Run a command, failing the test with its output when it fails."""
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert proc.returncode == 0, f"{args} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"
    return proc


def working_tree(dest: Path) -> Path:
    """The working tree (tracked and new files, not ignored ones) as a one-commit git repo.

    What a user would clone, including changes not committed yet, so a test checks the code
    under test rather than the last commit.
    """
    listed = run(["git", "ls-files", "-co", "--exclude-standard", "-z"], ROOT).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    env = {**os.environ, **GIT_ENV}
    run(["git", "init", "-q", "-b", "main"], dest, env)
    run(["git", "add", "-A"], dest, env)
    run(["git", "commit", "-q", "-m", "working tree"], dest, env)
    return dest


@dataclass(frozen=True)
class Venv:
    """A fresh virtual environment, and the environment variables to run its commands with."""

    path: Path

    @property
    def bin(self) -> Path:
        return self.path / "bin"

    def env(self) -> dict[str, str]:
        """No PYTHONPATH, no outer virtual environment: only what was installed here."""
        keep = {k: v for k, v in os.environ.items()
                if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
        return {**keep, "PATH": f"{self.bin}{os.pathsep}{keep.get('PATH', '')}",
                "NO_MKDOCS_2_WARNING": "1"}

    def install(self, *requirements: str | Path) -> None:
        run([self.bin / "python", "-m", "pip", "install", "-q", *requirements], self.path,
            self.env())


def make_venv(path: Path, *requirements: str | Path) -> Venv:
    """A new virtual environment at `path` with `requirements` installed from PyPI."""
    run([sys.executable, "-m", "venv", path], path.parent)
    venv = Venv(path)
    if requirements:
        venv.install(*requirements)
    return venv


@pytest.fixture(scope="session")
def source_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working tree as a git repository in a temporary folder."""
    return working_tree(tmp_path_factory.mktemp("notes-site-src"))


@pytest.fixture(scope="session")
def wheel(source_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `python -m build` makes (from the sdist it builds first)."""
    dist = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", dist, source_repo], source_repo)
    sdists = list(dist.glob("notes_site-*.tar.gz"))
    wheels = list(dist.glob("notes_site-*-py3-none-any.whl"))
    assert len(sdists) == 1 and len(wheels) == 1, sorted(p.name for p in dist.iterdir())
    return wheels[0]


@dataclass(frozen=True)
class Hooks:
    """This repository's pre-commit hooks, run by pre-commit from a git repository of it."""

    repo: Path
    home: Path
    """PRE_COMMIT_HOME: the hooks' environment is built once per test session."""

    def config(self, *hooks: str, args: dict[str, list[str]] | None = None) -> str:
        """A .pre-commit-config.yaml using `hooks` from this repository at its commit."""
        rev = run(["git", "rev-parse", "HEAD"], self.repo).stdout.strip()
        lines = ["repos:", f"  - repo: {self.repo}", f"    rev: {rev}", "    hooks:"]
        for hook in hooks:
            lines.append(f"      - id: {hook}")
            if args and hook in args:
                lines.append(f"        args: {args[hook]}")
        return "\n".join(lines) + "\n"

    def run(self, site: Path) -> subprocess.CompletedProcess[str]:
        """`pre-commit run --all-files` in `site` (a git repository), whatever its outcome."""
        env = {**os.environ, "PRE_COMMIT_HOME": str(self.home), "NO_MKDOCS_2_WARNING": "1"}
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files",
                               "--color", "never"], cwd=site, env=env, capture_output=True,
                              text=True, timeout=900)


@pytest.fixture(scope="session")
def hooks(source_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Hooks:
    return Hooks(source_repo, tmp_path_factory.mktemp("pre-commit-home"))


def git_repo(folder: Path) -> Path:
    """`folder` as a git repository with every file added (pre-commit reads the index)."""
    env = {**os.environ, **GIT_ENV}
    run(["git", "init", "-q", "-b", "main"], folder, env)
    run(["git", "add", "-A"], folder, env)
    return folder
