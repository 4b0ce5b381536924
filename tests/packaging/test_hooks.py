"""The pre-commit hooks of `.pre-commit-hooks.yaml`, run by pre-commit itself on a temporary
git repository: pre-commit installs notes-site from a git repository of the working tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from notes_site import scaffold
from tests.conftest import FIXTURES, NOTES
from tests.packaging.conftest import Hooks, git_repo

pytestmark = pytest.mark.packaging

HOOKS = ("notes-site-fmt", "notes-site-check")


def site_with(notes: Path, folder: Path, hooks: Hooks) -> Path:
    """A site made by `new` for a copy of `notes`, with the hooks configured, under git."""
    files = scaffold.site_files(scaffold.NewSite(notes_name=notes.name, notes=notes.read_bytes()))
    scaffold.write(files, folder)
    (folder / ".pre-commit-config.yaml").write_text(hooks.config(*HOOKS))
    return git_repo(folder)


def test_fmt_hook_rewrites_the_notes_and_fails_the_commit(tmp_path: Path, hooks: Hooks) -> None:
    site = site_with(NOTES, tmp_path, hooks)
    proc = hooks.run(site)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "notes-site fmt" in proc.stdout and "Failed" in proc.stdout
    assert "files were modified by this hook" in proc.stdout
    notes = site / "docs" / "notes" / NOTES.name
    assert notes.read_bytes() != NOTES.read_bytes()
    # The seed's http:// links are the only finding besides numbering: the check passes.
    assert "notes-site check --offline" in proc.stdout
    assert hooks.run(git_repo(site)).returncode == 0


def test_check_hook_fails_on_an_unsafe_link(tmp_path: Path, hooks: Hooks) -> None:
    source = FIXTURES / "formats" / "unsafe-links.md"
    site = site_with(source, tmp_path, hooks)
    proc = hooks.run(site)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"docs/notes/{source.name}:" in proc.stdout
    assert "javascript:" in proc.stdout
