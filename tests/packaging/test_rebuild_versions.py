"""The incremental rebuilds of `mkdocs serve` on the lowest and the newest MkDocs and Material
that pyproject.toml allows: the versions `notes_site.rebuilds.TESTED` claims.

`notes_site.rebuilds` reaches into MkDocs, Material and Jinja (its `INTERNALS`), so each end of
the allowed range gets a fresh environment with notes-site's wheel and those versions, and the
rebuild tests (tests/test_rebuilds.py, and the serve test that counts what a save re-renders)
run there. One environment per pin set; the test files run from the working tree's copy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.packaging.conftest import make_venv, run

pytestmark = pytest.mark.packaging

#: pyproject.toml: mkdocs>=1.6,<2; mkdocs-material>=9.5; pymdown-extensions>=10, of which
#: Material 9.5.0 needs ~=10.2.
PINS = {
    "lowest": ["mkdocs==1.6.0", "mkdocs-material==9.5.0", "pymdown-extensions==10.2"],
    "newest": ["mkdocs>=1.6,<2", "mkdocs-material>=9.5", "pymdown-extensions>=10"],
}
#: The rebuild tests: all of tests/test_rebuilds.py but the second placement of the 150-paper
#: rebuild (the first covers the same pages), and the serve test that counts re-renders.
REBUILD_TESTS = ["tests/test_rebuilds.py", "-k", "not middle",
                 "tests/test_serve.py::test_a_rebuild_renders_the_changed_pages_and_reuses_the_others"]
VERSIONS = ("import importlib.metadata as m; print(*(m.version(d) for d in "
            "('mkdocs', 'mkdocs-material', 'pymdown-extensions')))")


@pytest.mark.parametrize("pins", sorted(PINS))
def test_the_rebuild_tests_pass_at_each_end_of_the_allowed_versions(
        pins: str, wheel: Path, source_repo: Path, tmp_path: Path) -> None:
    venv = make_venv(tmp_path / "venv", wheel, *PINS[pins], "pytest>=8")
    mkdocs, material, pymdown = run([venv.bin / "python", "-c", VERSIONS], tmp_path,
                                    venv.env()).stdout.split()
    if pins == "lowest":
        assert (mkdocs, material, pymdown) == ("1.6.0", "9.5.0", "10.2")
    else:
        assert mkdocs.startswith("1.") and int(material.split(".")[0]) >= 9, (mkdocs, material)
    tests = run([venv.bin / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                 *REBUILD_TESTS], source_repo, venv.env())
    summary = tests.stdout.strip().splitlines()[-1]
    assert re.search(r"\b\d+ passed\b", summary), tests.stdout
    assert not re.search(r"skipped|failed|error", summary), (
        f"mkdocs {mkdocs}, mkdocs-material {material}: {tests.stdout}")
