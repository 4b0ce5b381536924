"""Derived files never stop a build (issue 21, part B): a metadata file or link cache left
with git conflict markers, cut short or not UTF-8 is a finding at the `line:col` where it
breaks; the build goes on without it, `check` fails on it, and `notes-site metadata` writes it
again from both sides of the conflict.

The conflicted files are made by a real `git merge` of two branches that each changed the
file, so the markers are laid out as git lays them out; the expected lines are counted in
those files, and the expected metadata is what the fake APIs answer (tests/links/conftest.py).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from notes_site.cli import main
from notes_site.derived import CONFLICT, conflict_sides
from notes_site.metadata import PaperMeta, load, to_json
from notes_site.parse import parse
from tests.conftest import mkdocs_build
from tests.links.conftest import Servers
from tests.links.test_metadata import metadata, project

OURS_ONLY = PaperMeta(("Ours Only",), 2018, "A venue only our branch wrote", "article", "")
THEIRS_ONLY = PaperMeta(("Theirs Only",), 2020, "ICLR 2020", "inproceedings", "")
BASE = PaperMeta(("Base Author",), 2017)


def git_conflict(folder: Path, base: dict[str, PaperMeta], ours: dict[str, PaperMeta],
                 theirs: dict[str, PaperMeta]) -> str:
    """The metadata file as `git merge` leaves it when two branches changed it."""
    folder.mkdir()

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c",
                        "init.defaultBranch=main", *args], cwd=folder, check=False,
                       capture_output=True)

    file = folder / "papers.meta.json"

    def commit(meta: dict[str, PaperMeta], message: str) -> None:
        file.write_text(to_json(meta), encoding="utf-8")
        git("add", ".")
        git("commit", "-q", "-m", message)

    git("init", "-q")
    commit(base, "base")
    git("checkout", "-q", "-b", "theirs")
    commit(theirs, "theirs")
    git("checkout", "-q", "main")
    commit(ours, "ours")
    git("merge", "-q", "theirs")
    text = file.read_text(encoding="utf-8")
    assert "<<<<<<<" in text and ">>>>>>>" in text, "git left a conflict"
    return text


SIDES = ({"arxiv:1706.03762": BASE, "arxiv:1805.08651": OURS_ONLY},
         {"arxiv:1706.03762": BASE, "openreview:HJenn6VFvB": THEIRS_ONLY})


@pytest.fixture
def conflicted(tmp_path: Path) -> str:
    """Two branches that each added a paper next to the same one."""
    ours, theirs = SIDES
    return git_conflict(tmp_path / "repo", {"arxiv:1706.03762": BASE}, ours, theirs)


def first_marker(text: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("<<<<<<<"))


def test_the_sides_of_a_conflict_are_each_branch_s_file(conflicted: str) -> None:
    ours, theirs = conflict_sides(conflicted)
    assert (ours, theirs) == (to_json(SIDES[0]), to_json(SIDES[1]))


def test_a_diff3_conflict_leaves_the_merge_base_out() -> None:
    text = "a\n<<<<<<< ours\nb\n||||||| base\nc\n=======\nd\n>>>>>>> theirs\ne\n"
    assert conflict_sides(text) == ("a\nb\ne\n", "a\nd\ne\n")


def test_a_notes_file_and_a_derived_file_have_the_same_conflict_markers() -> None:
    """The lines the parser flags as conflict markers in notes are the lines `conflict_sides`
    takes out of a derived file, the diff3 merge base's marker included."""
    text = ("## Topic\n<<<<<<< ours\n1. [A](https://a.org)\n||||||| base\n1. [B](https://b.org)"
            "\n=======\n1. [C](https://c.org)\n>>>>>>> theirs\n")
    flagged = [d.line for d in parse(text, "notes.md").errors if d.code == CONFLICT]
    ours, theirs = conflict_sides(text)
    dropped = [n for n, line in enumerate(text.splitlines(), 1)
               if line not in ours.splitlines() + theirs.splitlines()
               and not line.startswith("1. [B]")]
    assert flagged == dropped == [2, 4, 6, 8]


def test_a_conflicted_metadata_file_does_not_stop_a_strict_build(tmp_path: Path,
                                                                 conflicted: str) -> None:
    root = project(tmp_path / "site")
    meta = root / "docs" / "notes" / "papers.meta.json"
    meta.write_text(conflicted, encoding="utf-8")
    build = mkdocs_build(root)
    assert build.returncode == 0, build.log
    assert (build.site / "checked" / "index.html").is_file()
    line = first_marker(conflicted)
    assert f"{meta}:{line}:1: git conflict marker: resolve the merge" in build.log
    assert "ns-authors" not in build.html("checked/index.html"), "built without the file"


@pytest.mark.parametrize(("content", "why"), [
    ('{"version": 1, "papers": {"arxiv:1706.03762": {"authors": ["A', "Unterminated string"),
    (b'{"version": 1,\n "papers": {"\xff"}}', "not UTF-8"),
    ('{"version": 1,\n "papers": []\n}', "not a notes-site metadata file"),
])
def test_a_cut_short_or_foreign_metadata_file_is_a_finding(tmp_path: Path, content: str | bytes,
                                                           why: str) -> None:
    path = tmp_path / "papers.meta.json"
    raw = content if isinstance(content, bytes) else content.encode()
    path.write_bytes(raw)
    loaded = load(path)
    assert loaded.metadata == {} and loaded.finding is not None
    assert why in loaded.finding.message
    try:  # Where the bytes stop being UTF-8, else where Python's decoder stops
        json.loads(raw.decode())
        place = (1, 1)
    except json.JSONDecodeError as error:
        place = (error.lineno, error.colno)
    except UnicodeDecodeError:
        place = (2, 14)
    assert (loaded.finding.line, loaded.finding.col) == place


def test_a_folder_in_place_of_the_file_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "papers.meta.json").mkdir()
    finding = load(tmp_path / "papers.meta.json").finding
    assert finding is not None and "cannot read" in finding.message


def test_check_fails_on_a_conflicted_metadata_file(tmp_path: Path, conflicted: str) -> None:
    root = project(tmp_path / "site")
    meta = root / "docs" / "notes" / "papers.meta.json"
    meta.write_text(conflicted, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--offline", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 1, result.output
    line = first_marker(conflicted)
    assert f"{meta}:{line}:1: error: git conflict marker" in result.stdout


def papers(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8"))["papers"])


def test_metadata_merges_both_sides_of_a_conflict(servers: Servers, tmp_path: Path) -> None:
    root = project(tmp_path / "site")
    meta = root / "docs" / "notes" / "papers.meta.json"
    ours, theirs = SIDES
    # 1706.03762 differs between the sides: it is asked again, as are the papers neither has.
    ours = {**ours, "arxiv:1706.03762": OURS_ONLY}
    meta.write_text(git_conflict(tmp_path / "repo", {"arxiv:1706.03762": BASE}, ours, theirs),
                    encoding="utf-8")
    servers.state.queries.clear()
    result = metadata(servers, root)
    assert result.exit_code == 0, result.output
    assert "kept 3 papers from 2 side(s) of the conflict; 1 on which they differ" in (
        result.stderr)
    written = papers(meta)
    assert written["arxiv:1805.08651"]["venue"] == OURS_ONLY.venue, "ours kept, not asked"
    assert written["openreview:HJenn6VFvB"]["authors"] == ["Theirs Only"], "theirs kept"
    assert written["arxiv:1706.03762"]["authors"] == ["Ashish Vaswani", "Noam Shazeer"]
    assert written["openreview:Skey4eBYPS"]["authors"] == ["Jonathan Gordon"]
    arxiv = [q for q in servers.state.queries if q.startswith("/arxiv/")]
    assert arxiv and all("1805.08651" not in q for q in arxiv)
    assert load(meta).finding is None


def test_metadata_rewrites_an_unreadable_file_from_scratch(servers: Servers,
                                                           tmp_path: Path) -> None:
    root = project(tmp_path / "site")
    meta = root / "docs" / "notes" / "papers.meta.json"
    meta.write_text('{"version": 1, "papers": {"arxiv:18', encoding="utf-8")
    result = metadata(servers, root)
    assert result.exit_code == 0, result.output
    assert "written again from what the APIs answer" in result.stderr
    assert sorted(papers(meta)) == ["arxiv:1706.03762", "arxiv:1805.08651",
                                    "openreview:HJenn6VFvB", "openreview:NEWv2paper",
                                    "openreview:Skey4eBYPS"]
