"""Notes kept as a folder (issue 18): an index of papers plus one notes file per paper, and a
file that is one paper's notes. The expected values are read from the fixtures by eye (each
test says where), or counted from the files with other tools than the parser."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from notes_site.folder import OTHER_NOTES, parse_folder
from notes_site.model import Notebook
from notes_site.parse import ParseResult, parse, read_notes
from notes_site.render import render
from tests.conftest import FIXTURES, ROOT, Build, make_project, mkdocs_build
from tests.test_nothing_lost import _WORD, page_text, source_words

FOLDERS = FIXTURES / "folders"
CORPUS_FOLDER = ROOT.parent / "shared" / "corpus" / "folders" / "vlgiitr__papers_we_read"
CORPUS_REPO = "https://github.com/vlgiitr/papers_we_read"
ABSOLUTE_REPO = "https://github.com/example/paper-notes"


def read_folder(root: Path, repo_url: str = "") -> ParseResult:
    """A fixture folder parsed as the plugin's edge gives it: Markdown files as text."""
    files = {p.relative_to(root).as_posix(): read_notes(p) for p in root.rglob("*.md")}
    files |= {p.name: "" for p in root.iterdir() if p.name.startswith("LICENSE")}
    return parse_folder(files, root.as_posix(), repo_url=repo_url)


def notebook(result: ParseResult) -> Notebook:
    assert result.notebook is not None, result.diagnostics
    return result.notebook


def codes(result: ParseResult) -> list[tuple[str, str]]:
    return [(Path(d.path).name, d.code) for d in result.diagnostics
            if d.code in ("front-matter-key", "not-notes", "note-not-listed")]


# --- 1. one paper's notes -----------------------------------------------------------------


def test_a_file_of_one_papers_notes_is_one_paper_with_the_whole_note() -> None:
    text = read_notes(FOLDERS / "one-paper.md")
    result = parse(text, "one-paper.md")
    nb = notebook(result)
    (paper,) = nb.papers()
    assert paper.notes is not None
    assert paper.title == "Adam: A Method for Stochastic Optimization"  # front matter title
    assert paper.url == "https://arxiv.org/abs/1412.6980"  # front matter `arxiv: 1412.6980`
    assert paper.venue == "ICLR 2015"
    headings = re.findall(r"^## (.+)$", paper.notes.markdown, re.MULTILINE)
    assert headings == ["Key ideas", "Questions", "Bibliography"]  # in file order
    assert "layout" not in paper.notes.markdown and "permalink" not in paper.notes.markdown
    # lines 5 and 6 of the fixture are `layout:` and `permalink:`
    found = {(d.line, d.col, d.code) for d in result.diagnostics}
    assert {(5, 1, "front-matter-key"), (6, 1, "front-matter-key")} <= found


def test_a_list_with_a_title_stays_a_list() -> None:
    text = "# My list\n\n## Vision\n\n1. [ResNet](https://arxiv.org/abs/1512.03385)\n"
    nb = notebook(parse(text, "list.md"))
    assert [p.notes for p in nb.papers()] == [None]
    assert [t.title for t in nb.topics] == ["Vision"]


def test_a_one_paper_file_renders_its_own_page_with_every_section() -> None:
    nb = notebook(parse(read_notes(FOLDERS / "one-paper.md"), "one-paper.md"))
    site = render([nb])
    (page,) = [p for p in site.pages if "/" in p]
    text = site.pages[page]
    assert text.index("## Key ideas") < text.index("## Questions") < text.index("## Bibliography")
    assert "paper ↗" in text and "https://arxiv.org/abs/1412.6980" in text


# --- 2. a folder as notes -----------------------------------------------------------------


def test_an_index_links_each_note_to_its_entry() -> None:
    result = read_folder(FOLDERS / "index-relative")
    nb = notebook(result)
    # README.md: the first entry links its note by `[Review]`, the third by its title link
    noted = {p.title: Path(p.notes.path).name for p in nb.papers() if p.notes}
    assert noted == {"Attention Is All You Need": "attention.md",
                     "Deep Residual Learning for Image Recognition": "resnet.md",
                     "Batch Normalization": "orphan.md"}
    # the paper's link is the entry's other link to a paper, or the one its note names; never
    # the note, nor the `[code]` link of the Vision entry
    urls = {p.title: p.url for p in nb.papers()}
    assert urls["Attention Is All You Need"] == "https://arxiv.org/abs/1706.03762"
    assert urls["Deep Residual Learning for Image Recognition"] \
        == "https://arxiv.org/abs/1512.03385"
    assert [t.title for t in nb.topics] == ["Sequence models", "Vision", OTHER_NOTES]
    assert codes(result) == [("LICENSE", "not-notes"), ("attention.md", "front-matter-key"),
                             ("attention.md", "front-matter-key"),
                             ("orphan.md", "note-not-listed")]


def test_a_repositorys_own_address_is_a_link_to_its_file() -> None:
    result = read_folder(FOLDERS / "index-absolute", ABSOLUTE_REPO)
    noted = {p.title: Path(p.notes.path).name for p in notebook(result).papers() if p.notes}
    # README.md: two entries link this repository's blob/<branch>/summaries/…; the third
    # links another repository's file
    assert noted == {"Deep Sets": "Deep Sets.md",
                     "Mixup: Beyond Empirical Risk Minimization": "mixup.md"}
    without = notebook(read_folder(FOLDERS / "index-absolute"))
    assert [t.title for t in without.topics] == ["2017", OTHER_NOTES]


def test_without_an_index_sub_folders_are_topics() -> None:
    nb = notebook(read_folder(FOLDERS / "no-index"))
    topics = {t.title: sorted(p.title for p in t.papers) for t in nb.topics}
    assert topics == {
        "Language": ["BERT: Pre-training of Deep Bidirectional Transformers",  # front matter
                     "Gpt notes"],  # no title: its file name, gpt-notes.md
        "Vision": ["Deep Residual Learning for Image Recognition"],  # its `#` heading
    }
    bert = next(p for p in nb.papers() if p.title.startswith("BERT"))
    assert bert.url == "https://arxiv.org/abs/1810.04805"  # `arxiv: "1810.04805"`


def test_without_sub_folders_tags_are_topics() -> None:
    nb = notebook(read_folder(FOLDERS / "tags"))
    topics = {t.title: len(t.papers) for t in nb.topics}
    assert topics == {"graphs": 2, OTHER_NOTES: 1}  # gcn `tags:`, gat `categories:`, word2vec


# --- 4. nothing lost ------------------------------------------------------------------------


def left_out_values(text: str, result: ParseResult) -> set[str]:
    """The words of front matter values the parser reported as left out (`layout: post`)."""
    if not text.startswith("---\n"):
        return set()
    meta = yaml.safe_load(text[4:].partition("\n---\n")[0]) or {}
    keys = {m[1] for d in result.diagnostics if d.code == "front-matter-key"
            and (m := re.search(r"`([^`]+)`", d.message))}
    return {w for key in keys for w in _WORD.findall(str(meta.get(key, "")))}


_NOTE_LINK = re.compile(r"\]\(([^()\s]+\.md)\)")


def folder_missing_words(root: Path, repo_url: str = "") -> dict[str, set[str]]:
    """By file of the folder, the words of it that no page shows."""
    result = read_folder(root, repo_url)
    shown = page_text(render([notebook(result)], repo_url=repo_url).pages)
    words = set(_WORD.findall(shown))
    missing = {}
    for path in sorted(root.rglob("*.md")):
        text = read_notes(path)
        # `_64*64_` is emphasis: its words are `64`, as the page shows them
        written = {w.strip("_") for w in source_words(text)} - {""}
        lost = {w for w in written - words if w not in shown}
        lost -= left_out_values(text, result)
        # a link to a notes file becomes a link to the note's page: its path is not shown
        lost -= {w for target in _NOTE_LINK.findall(text) for w in _WORD.findall(target)}
        if lost:
            missing[path.name] = lost
    return missing


@pytest.mark.parametrize("name", ["index-relative", "index-absolute", "no-index", "tags"])
def test_every_word_of_every_fixture_folder_reaches_a_page(name: str) -> None:
    assert folder_missing_words(FOLDERS / name, ABSOLUTE_REPO) == {}


def test_every_word_of_the_one_paper_file_reaches_a_page() -> None:
    text = read_notes(FOLDERS / "one-paper.md")
    result = parse(text, "one-paper.md")
    shown = page_text(render([notebook(result)]).pages)
    lost = {w for w in source_words(text) - set(_WORD.findall(shown)) if w not in shown}
    # `layout: post` and `permalink: /adam/` are left out; "adam" is in the title too
    assert left_out_values(text, result) == {"post", "adam"} and lost == {"post"}


# --- builds -------------------------------------------------------------------------------


def folder_project(tmp: Path, folder: Path, repo_url: str = "") -> Path:
    """A project whose `notes:` names `folder` (read in place), built as a user would; its
    MathJax from `NOTES_SITE_MATHJAX_URL` when set, as the repository's mkdocs.yml says."""
    mathjax = re.search(r"(?m)^ +mathjax_url: .*\n", (ROOT / "mkdocs.yml").read_text("utf-8"))
    project = make_project(tmp, {}, mathjax[0] if mathjax else "")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("      notes:\n", f"      notes:\n        - {folder}\n", 1)
    config = re.sub(r"(?m)^repo_url:.*\n", "", config)
    if repo_url:
        config += f"\nrepo_url: {repo_url}\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def relative_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = mkdocs_build(folder_project(tmp_path_factory.mktemp("folder"),
                                        FOLDERS / "index-relative"))
    assert build.returncode == 0, build.log
    return build


def test_a_folder_builds_strictly_without_a_warning(relative_build: Build) -> None:
    assert "WARNING" not in relative_build.log and "ERROR" not in relative_build.log


def test_each_noted_paper_has_its_page_with_the_whole_note(relative_build: Build) -> None:
    page = relative_build.html("sequence-models/attention-is-all-you-need/index.html")
    for words in ("Key ideas", "Zanzibarquokka", "scaled dot products", "28.4",
                  "Ashish Vaswani"):
        assert words in page
    assert 'href="https://arxiv.org/abs/1706.03762"' in page  # the paper ↗ badge
    assert 'href="../"' in page  # back to its topic
    # the image, copied into the site and linked from where the note is shown
    assert 'src="../../notes-files/images/diagram.png"' in page
    assert (relative_build.site / "notes-files/images/diagram.png").read_bytes() \
        == (FOLDERS / "index-relative/images/diagram.png").read_bytes()
    # notes/resnet.md writes its image as raw HTML: its `src` is resolved too
    resnet = relative_build.html("vision/deep-residual-learning-for-image-recognition/index.html")
    assert '<img alt="A residual block, as raw HTML" src="../../notes-files/images/diagram.png"' \
        in resnet or 'src="../../notes-files/images/diagram.png" alt="A residual block' in resnet
    topic = relative_build.html("sequence-models/index.html")
    assert 'href="attention-is-all-you-need/"' in topic  # notes → and the Review link
    assert "Zanzibarquokka" not in topic  # the note is on its own page only


@pytest.mark.parametrize("name,repo", [("index-absolute", ABSOLUTE_REPO), ("no-index", ""),
                                       ("tags", "")])
def test_each_fixture_folder_builds_strictly(tmp_path: Path, name: str, repo: str) -> None:
    build = mkdocs_build(folder_project(tmp_path, FOLDERS / name, repo))
    assert build.returncode == 0, build.log
    assert "WARNING" not in build.log, build.log
    notes = list((FOLDERS / name).rglob("*.md"))
    pages = [p for p in build.site.glob("*/*/index.html")]
    assert len([p for p in notes if p.name != "README.md"]) == len(pages)


def test_a_one_paper_file_builds_strictly(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"notes/adam.md": read_notes(FOLDERS / "one-paper.md")})
    build = mkdocs_build(project)
    assert build.returncode == 0 and "WARNING" not in build.log, build.log
    (page,) = build.site.glob("*/*/index.html")
    assert "Per-parameter step sizes" in page.read_text(encoding="utf-8")


# --- the command line ---------------------------------------------------------------------


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "notes_site.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_new_takes_a_folder_and_its_site_builds(tmp_path: Path) -> None:
    made = run_cli("new", "site", "--notes", str(FOLDERS / "index-relative"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    notes = tmp_path / "site/docs/notes/index-relative"
    assert (notes / "images/diagram.png").is_file() and (notes / "notes/attention.md").is_file()
    with (tmp_path / "site/mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nrepo_url: https://github.com/example/reading-group\n")
    build = mkdocs_build(tmp_path / "site")
    assert build.returncode == 0 and "WARNING" not in build.log, build.log
    page = (build.site / "sequence-models/attention-is-all-you-need/index.html").read_text()
    # its edit button opens the note, where `new` copied it
    assert ('href="https://github.com/example/reading-group/edit/master/docs/notes/'
            'index-relative/notes/attention.md"') in page
    assert "Zanzibarquokka" in page and "notes/index-relative/images/diagram.png" in page
    assert not (build.site / "notes/index-relative/notes/attention").exists()


def test_check_takes_a_folder(tmp_path: Path) -> None:
    checked = run_cli("check", "--offline", str(FOLDERS / "index-relative"), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "relative link './notes/attention.md'" not in checked.stdout


# --- the real folder ------------------------------------------------------------------------


def corpus_folder() -> Path:
    if not CORPUS_FOLDER.exists():
        if os.environ.get("NOTES_SITE_REQUIRE_CORPUS") == "1":
            pytest.fail(f"{CORPUS_FOLDER} is missing and NOTES_SITE_REQUIRE_CORPUS=1")
        pytest.skip(f"{CORPUS_FOLDER} is not beside this checkout (../shared/corpus)")
    return CORPUS_FOLDER


def test_the_corpus_folder_links_every_note_and_loses_no_word() -> None:
    folder = corpus_folder()
    result = read_folder(folder, CORPUS_REPO)
    notes = sorted(p.name for p in (folder / "summaries").glob("*.md"))
    linked = sorted(Path(p.notes.path).name for t in notebook(result).topics
                    if t.title != OTHER_NOTES for p in t.all_papers() if p.notes)
    # README.md links each of the 39 summaries by `[Review](./summaries/…)`
    assert linked == notes and len(notes) == 39
    assert folder_missing_words(folder, CORPUS_REPO) == {}


def test_the_corpus_folder_builds_strictly(tmp_path: Path) -> None:
    folder = corpus_folder()
    build = mkdocs_build(folder_project(tmp_path, folder, CORPUS_REPO))
    assert build.returncode == 0, build.log
    assert "WARNING" not in build.log and "ERROR" not in build.log, build.log
    assert len(list(build.site.glob("*/*/index.html"))) == 39


def test_export_of_a_folder_in_docs_writes_no_page_of_its_notes_files(tmp_path: Path) -> None:
    assert run_cli("new", "site", "--notes", str(FOLDERS / "index-relative"),
                   cwd=tmp_path).returncode == 0
    exported = run_cli("export", "out", cwd=tmp_path / "site")
    assert exported.returncode == 0, exported.stderr
    docs = tmp_path / "site/out/docs"
    assert (docs / "sequence-models/attention-is-all-you-need.md").is_file()
    assert not list((docs / "notes").rglob("*.md"))  # the sources, not pages
    build = mkdocs_build(tmp_path / "site/out")
    assert build.returncode == 0 and "WARNING" not in build.log, build.log


# --- serving ------------------------------------------------------------------------------


def test_a_note_changed_while_serving_renders_only_its_page_again(tmp_path: Path) -> None:
    """As `mkdocs serve` rebuilds (tests/test_rebuilds.py): a word added to one note renders
    that paper's page anew, and reuses every other page; the site is a fresh build's."""
    import shutil

    from tests.test_rebuilds import REBUILDS, _run, _site

    sources = {}
    for name in ("served", "fresh"):
        shutil.copytree(FOLDERS / "index-relative", tmp_path / name / "notes")
        sources[name] = folder_project(tmp_path / name, tmp_path / name / "notes")
    note = "notes/notes/resnet.md"
    changed = read_notes(FOLDERS / "index-relative" / "notes/resnet.md") + "\nQuixotically.\n"
    (tmp_path / "fresh" / note).write_text(changed, encoding="utf-8")
    out = _run(["-c", REBUILDS, str(tmp_path / "served/mkdocs.yml"),
                str(tmp_path / "served/site"), str(tmp_path / "served" / note),
                str(tmp_path / "fresh" / note)], cwd=ROOT)
    _run(["-m", "mkdocs", "build", "--strict"], cwd=tmp_path / "fresh")
    first, same, rebuilt = json.loads(out.splitlines()[-1])
    page = "vision/deep-residual-learning-for-image-recognition.md"
    assert page in first["rendered"] and same["rendered"] == []
    assert rebuilt["rendered"] == [page]
    built, expected = _site(tmp_path / "served/site"), _site(tmp_path / "fresh/site")
    assert [name for name in expected if built.get(name) != expected[name]] == []
    assert b"Quixotically" in built[page.removesuffix(".md") + "/index.html"]
