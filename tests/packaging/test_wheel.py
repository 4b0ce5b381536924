"""The wheel works alone: installed in a fresh environment, away from the checkout, it makes a
site with `notes-site new` that `mkdocs build --strict` builds (package data included)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.packaging.conftest import Venv, make_venv, run
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
