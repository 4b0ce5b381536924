"""The workflows, this repository's and those `notes-site new` writes, are valid GitHub Actions
workflows: checked against the workflow schema that check-jsonschema ships (SchemaStore's
github-workflow.json, vendored in the package: no download). actionlint is not used: its PyPI
package is an sdist that downloads the binary from GitHub while it builds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from notes_site import scaffold
from tests.conftest import ROOT


def validate(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         *map(str, files)], capture_output=True, text=True, timeout=120)


def test_this_repositorys_workflows_are_valid() -> None:
    files = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert [f.name for f in files] == ["ci.yml", "links.yml", "pages.yml"]
    proc = validate(*files)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_workflows_of_a_new_site_are_valid(tmp_path: Path) -> None:
    files = scaffold.site_files(scaffold.NewSite())
    workflows = sorted(name for name in files if name.startswith(".github/workflows/"))
    assert workflows == [f".github/workflows/{n}.yml" for n in ("ci", "links", "pages")]
    scaffold.write({name: files[name] for name in workflows}, tmp_path)
    proc = validate(*(tmp_path / name for name in workflows))
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("job", [
    "    steps:\n      - run: make site\n",  # no runs-on
    "    runs-on: ubuntu-latest\n    steps:\n      - run: a\n        uses: actions/checkout@v4\n",
    "    runs-on: ubuntu-latest\n    step:\n      - run: make site\n",  # misspelt key
])
def test_the_schema_rejects_a_broken_workflow(tmp_path: Path, job: str) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(f"on: push\njobs:\n  build:\n{job}", encoding="utf-8")
    proc = validate(broken)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "broken.yml" in proc.stdout


def test_the_pre_commit_hooks_manifest_is_valid() -> None:
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest",
                           str(ROOT / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
