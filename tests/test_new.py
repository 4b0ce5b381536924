"""`notes-site new`: a ready site that builds with --strict at once, never overwriting."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from notes_site.cli import main
from tests.conftest import FIXTURES, NOTES, mkdocs_build

#: The papers of the example notes (notes_site/templates/notes.md), by topic page, as written.
EXAMPLE_PAPERS = {
    "optimization": [
        "Adam: A Method for Stochastic Optimization",
        "Batch Normalization: Accelerating Deep Network Training by Reducing Internal "
        "Covariate Shift",
        "Dropout: A Simple Way to Prevent Neural Networks from Overfitting",
        "Neural Tangent Kernel: Convergence and Generalization in Neural Networks",
        "The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks",
    ],
    "generative-models": [
        "Auto-Encoding Variational Bayes",
        "Denoising Diffusion Probabilistic Models",
    ],
}

SITE_FILES = {
    "mkdocs.yml", "README.md", ".gitignore", "requirements.txt", "docs/notes/notes.md",
    ".github/workflows/ci.yml", ".github/workflows/pages.yml", ".github/workflows/links.yml",
}


def new(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", *args])
    return result.exit_code, result.output


def files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h[23] id=[^>]*>(.*?)<", html)]


def test_new_makes_a_site_that_builds_strictly_with_every_example_paper(tmp_path: Path) -> None:
    site = tmp_path / "site-src"
    code, output = new(str(site))
    assert code == 0, output
    assert files(site) == SITE_FILES
    build = mkdocs_build(site)
    assert build.returncode == 0 and "WARNING" not in build.log, build.log
    for page, titles in EXAMPLE_PAPERS.items():
        shown = headings(build.html(f"{page}/index.html"))
        assert all(title in shown for title in titles), (page, shown)


def test_new_copies_the_given_notes_unchanged_with_the_given_title(tmp_path: Path) -> None:
    code, output = new(str(tmp_path), "--notes", str(NOTES), "--title", "ICLR: 2020 # notes")
    assert code == 0, output
    assert (tmp_path / "docs/notes/iclr2020.md").read_bytes() == NOTES.read_bytes()
    assert "- docs/notes/iclr2020.md" in (tmp_path / "mkdocs.yml").read_text()
    build = mkdocs_build(tmp_path)
    assert build.returncode == 0 and "WARNING" not in build.log, build.log
    assert "<title>ICLR: 2020 # notes - ICLR: 2020 # notes</title>" in build.html("index.html")


def test_new_names_the_site_after_the_notes_own_title(tmp_path: Path) -> None:
    code, output = new(str(tmp_path), "--notes", str(FIXTURES / "formats" / "front-matter.md"))
    assert code == 0, output
    # The fixture's front matter says `title: NeurIPS 2019 highlights`.
    assert 'site_name: "NeurIPS 2019 highlights"' in (tmp_path / "mkdocs.yml").read_text()


def test_new_refuses_to_overwrite_and_names_the_files(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n")
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / ".github/workflows/ci.yml").write_text("name: mine\n")
    code, output = new(str(tmp_path))
    assert code == 1
    named = {line.strip() for line in output.splitlines()[1:]}
    assert named == {"mkdocs.yml", ".github/workflows/ci.yml"}
    assert files(tmp_path) == {"mkdocs.yml", ".github/workflows/ci.yml"}
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: mine\n"
    code, output = new(str(tmp_path), "--force")
    assert code == 0, output
    assert files(tmp_path) == SITE_FILES
    assert (tmp_path / "mkdocs.yml").read_text() != "site_name: mine\n"


def test_new_with_notes_that_cannot_be_built_writes_nothing(tmp_path: Path) -> None:
    notes = FIXTURES / "formats" / "empty.md"
    code, output = new(str(tmp_path / "out"), "--notes", str(notes))
    assert code == 2
    assert re.match(r"\S*tests/fixtures/formats/empty\.md:1:1: .*empty", output), output
    assert not (tmp_path / "out").exists()
