"""The wheel works alone: installed in a fresh environment, away from the checkout, it makes a
site with `notes-site new` that `mkdocs build --strict` builds (package data included), whose
notes pass the pre-commit hooks and whose workflows are valid."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.packaging.conftest import Hooks, Venv, git_repo, make_venv, run
from tests.test_new import EXAMPLE_PAPERS, headings

pytestmark = pytest.mark.packaging


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Venv:
    """A fresh environment with the wheel and its dependencies from PyPI, nothing else."""
    return make_venv(tmp_path_factory.mktemp("wheel-env") / "venv", wheel)


def test_the_installed_package_is_the_wheels_not_the_checkouts(installed: Venv,
                                                               tmp_path: Path) -> None:
    where = run([installed.bin / "python", "-c", "import notes_site; print(notes_site.__file__)"],
                tmp_path, installed.env()).stdout.strip()
    assert Path(where).is_relative_to(installed.path), where
    assert not Path(where).is_relative_to(ROOT), where


def test_a_new_site_from_the_wheel_builds_strictly(installed: Venv, tmp_path: Path) -> None:
    run([installed.bin / "notes-site", "new", "my-notes"], tmp_path, installed.env())
    site = tmp_path / "my-notes"
    build = run([installed.bin / "mkdocs", "build", "--strict"], site, installed.env())
    assert "WARNING" not in build.stderr, build.stderr
    for page, titles in EXAMPLE_PAPERS.items():
        shown = headings((site / "site" / page / "index.html").read_text(encoding="utf-8"))
        assert all(title in shown for title in titles), (page, shown)
    for asset in ("javascripts/notes-site.js", "stylesheets/notes-site.css"):
        source = ROOT / "notes_site" / "assets" / asset.split("/")[1]
        assert (site / "site" / asset).read_bytes() == source.read_bytes(), asset


def test_a_new_site_passes_its_hooks_and_its_workflows_validate(installed: Venv, hooks: Hooks,
                                                                 tmp_path: Path) -> None:
    run([installed.bin / "notes-site", "new", "my-notes"], tmp_path, installed.env())
    site = tmp_path / "my-notes"
    run([installed.bin / "mkdocs", "build", "--strict"], site, installed.env())
    config = hooks.config("notes-site-fmt", "notes-site-check",
                          args={"notes-site-fmt": ["--check"]})
    (site / ".pre-commit-config.yaml").write_text(config)
    proc = hooks.run(git_repo(site))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [line.split(".")[0] for line in proc.stdout.splitlines()] == [
        "notes-site fmt", "notes-site check --offline"]
    assert all(line.endswith("Passed") for line in proc.stdout.splitlines())
    workflows = sorted((site / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["ci.yml", "links.yml", "pages.yml"]
    run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         *workflows], site)
