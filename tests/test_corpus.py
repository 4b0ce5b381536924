"""Real paper lists from GitHub (`../shared/corpus`, read in place, never copied): each builds
strictly with nothing lost, and at least 95% of the papers it lists are their own heading and
search entry, counted from the file's own lines independently of the parser.

Without `../shared/corpus` these tests skip with the reason; with `NOTES_SITE_REQUIRE_CORPUS=1`
(set by `.ci/run`) a missing corpus fails them, as a missing browser does.
"""

from __future__ import annotations

import html
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from notes_site.parse import ParseResult, parse, read_notes
from tests.conftest import ROOT, Build, check_golden, make_project, mkdocs_build
from tests.test_nothing_lost import missing_words

CORPUS = ROOT.parent / "shared" / "corpus"
FILES = [
    "Hannibal046__Awesome-LLM__README.md",
    "bentrevett__paper-notes__README.md",
    "eugeneyan__applied-ml__README.md",
    "heejkoo__Awesome-Diffusion-Models__README.md",
    "mli__paper-reading__README.md",
]


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        if os.environ.get("NOTES_SITE_REQUIRE_CORPUS") == "1":
            pytest.fail(f"{path} is missing and NOTES_SITE_REQUIRE_CORPUS=1")
        pytest.skip(f"{path} is not beside this checkout (../shared/corpus)")
    return path


# --- what the file lists, read without the parser -----------------------------------------

_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]*)")
_BADGE = re.compile(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITEM = re.compile(r"^ {0,3}(?:\d{1,9}[.)]|[-*+])\s")
_DELIMITER = re.compile(r"^\|?[\s:|-]+$")


@dataclass(frozen=True)
class Listed:
    """A paper the file lists: a list item, table row or bold paragraph with a link."""

    line: int
    title: str
    """The words the paper is named by: the bold text of a paragraph, else the first link's."""


def listed(text: str) -> list[Listed]:
    """Every line that names a paper by a link (not a badge, not a heading anchor), outside
    code fences and comments: what a reader of the file would count as its papers."""
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[Listed] = []
    fence = comment = False
    blank_before = True
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
        if fence or stripped.startswith(("```", "~~~")):
            continue
        comment = comment or ("<!--" in line and "-->" not in line)
        if comment:
            comment = "-->" not in line
            continue
        paragraph = blank_before and line.startswith("**")
        row = line.startswith("|") and not _DELIMITER.match(line)
        blank_before = not stripped or stripped.startswith("#")
        if not (_ITEM.match(line) or row or paragraph):
            continue
        block = "\n".join([line, *_following(lines, number)]) if paragraph else line
        links = [(t, u) for t, u in _LINK.findall(_BADGE.sub("", block))
                 if u and not u.startswith("#")]
        if links:
            bold = _BOLD.search(line) if paragraph else None
            out.append(Listed(number, bold[1] if bold else links[0][0]))
    return out


def _following(lines: list[str], number: int) -> list[str]:
    """The lines of the paragraph after line `number` (1-based)."""
    rest: list[str] = []
    for line in lines[number:]:
        if not line.strip():
            break
        rest.append(line)
    return rest


def words(text: str) -> str:
    """Letters and digits only, case folded: how a title is compared across Markdown, HTML
    and the search index."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    text = re.sub(r"[*_`\\]|\$[^$]*\$", "", unicodedata.normalize("NFKC", text))
    return "".join(ch for ch in text.casefold() if ch.isalnum())


# --- the builds -----------------------------------------------------------------------------


@pytest.fixture(scope="module", params=FILES)
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[str, Path, Build]:
    name = request.param
    path = corpus_file(name)
    project = make_project(tmp_path_factory.mktemp("corpus"),
                           {f"notes/{name}": path.read_bytes()})
    return name, path, mkdocs_build(project)


def test_builds_strictly_without_a_warning(corpus: tuple[str, Path, Build]) -> None:
    name, _, build = corpus
    assert build.returncode == 0, build.log
    assert "WARNING" not in build.log and "ERROR" not in build.log, build.log


def test_papers_are_their_own_heading_and_search_entry(corpus: tuple[str, Path, Build]
                                                       ) -> None:
    name, path, build = corpus
    papers = listed(read_notes(path))
    index = json.loads((build.site / "search/search_index.json").read_text(encoding="utf-8"))
    entries = {words(doc["title"]) for doc in index["docs"] if "#" in doc["location"]}
    found = [paper for paper in papers if any(words(paper.title) in entry for entry in entries)]
    share = len(found) / len(papers)
    missed = [paper for paper in papers if paper not in found][:10]
    assert share >= 0.95, (name, f"{share:.1%}", missed)


def test_every_word_reaches_a_page(corpus: tuple[str, Path, Build]) -> None:
    name, path, _ = corpus
    assert missing_words(read_notes(path), name) == set()


@pytest.mark.parametrize("name", FILES)
def test_golden_summary(name: str) -> None:
    result: ParseResult = parse(read_notes(corpus_file(name)), name)
    notebook = result.notebook
    assert notebook is not None
    papers = notebook.papers()
    summary = {
        "title": notebook.title,
        "topics": [f"{t.group} / {t.title}" if t.group else t.title for t in notebook.topics],
        "papers": len(papers),
        "listed": len(listed(read_notes(corpus_file(name)))),
        "sample": [p.title for p in papers[:3]] + [papers[len(papers) // 2].title,
                                                   papers[-1].title],
        "errors": sorted({d.code for d in result.errors}),
    }
    check_golden(f"corpus/{name}.json", json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
