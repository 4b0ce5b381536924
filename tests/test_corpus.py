"""Real paper lists from GitHub (`../shared/corpus`, read in place, never copied), measured
against the titles written by reading each file (`../shared/corpus/truth/`, not by this
parser): each builds strictly with nothing lost; at least 90% of each file's titles and 97% of
all are a paper heading exactly; no heading holds Markdown or names a housekeeping section; no
page holds most of a file's papers; "Mentioned, not yet noted" names papers, not labels; and
the site shows the links notes-site read, no more and no fewer. `pytest -s -k whole_corpus`
prints the per-file table.

Without `../shared/corpus` these tests skip with the reason; with `NOTES_SITE_REQUIRE_CORPUS=1`
(set by `.ci/run`) a missing corpus fails them, as a missing browser does.
"""

from __future__ import annotations

import html
import json
import os
import re
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from notes_site.links.extract import extract
from notes_site.parse import ParseResult, parse, read_notes
from tests.conftest import ROOT, Build, check_golden, make_project, mkdocs_build
from tests.test_nothing_lost import missing_words

CORPUS = ROOT.parent / "shared" / "corpus"
TRUTH = CORPUS / "truth"
#: The first five files, whose summaries are golden.
GOLDEN = [
    "Hannibal046__Awesome-LLM__README.md",
    "bentrevett__paper-notes__README.md",
    "eugeneyan__applied-ml__README.md",
    "heejkoo__Awesome-Diffusion-Models__README.md",
    "mli__paper-reading__README.md",
]
#: Every corpus file with truth titles (`truth/<file>.titles.txt`), written by reading it.
FILES = sorted(p.name.removesuffix(".titles.txt") for p in TRUTH.glob("*.titles.txt")) \
    or GOLDEN
EXACT_OVERALL = 0.97
EXACT_EACH = 0.90
MOST = 0.75


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        if os.environ.get("NOTES_SITE_REQUIRE_CORPUS") == "1":
            pytest.fail(f"{path} is missing and NOTES_SITE_REQUIRE_CORPUS=1")
        pytest.skip(f"{path} is not beside this checkout (../shared/corpus)")
    return path


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


# --- what the site shows, read from its HTML -----------------------------------------------


class _Page(HTMLParser):
    """A built page's headings by id (their text, permalink sign left out) and the targets of
    the links inside its article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: dict[str, str] = {}
        self.links: list[str] = []
        self._heading: str | None = None
        self._article = 0
        self._permalink = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        got = dict(attrs)
        if tag == "article":
            self._article += 1
        elif re.fullmatch(r"h[1-6]", tag) and got.get("id"):
            self._heading = str(got["id"])
            self.headings[self._heading] = ""
        elif tag == "a":
            self._permalink = "headerlink" in (got.get("class") or "")
            if self._article and got.get("href"):
                self.links.append(str(got["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article -= 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = None
        elif tag == "a":
            self._permalink = False

    def handle_data(self, data: str) -> None:
        if self._heading is not None and not self._permalink:
            self.headings[self._heading] += data


def built_pages(site: Path) -> dict[str, _Page]:
    """Every generated page of a built site, by its path relative to the site."""
    pages = {}
    for html_file in site.rglob("*.html"):
        if html_file.name == "404.html":
            continue
        page = _Page()
        page.feed(html_file.read_text(encoding="utf-8"))
        pages[html_file.relative_to(site).as_posix()] = page
    return pages


def shown_papers(build: Build) -> list[tuple[str, str]]:
    """(page, heading text) of every paper of papers.json, as its page shows it."""
    records = json.loads((build.site / "papers.json").read_text(encoding="utf-8"))["papers"]
    pages = built_pages(build.site)
    out = []
    for record in records:
        where = record["page"].split("#")[0].rstrip("/")
        page = f"{where}/index.html" if where else "index.html"
        out.append((page, pages[page].headings[record["anchor"]].strip()))
    return out


def normal(title: str) -> str:
    """A title as the truth files are compared: white space, case and a final period aside."""
    title = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", title)).strip().casefold()
    return title[:-1].rstrip() if title.endswith(".") and not title.endswith("...") else title


def truth(name: str) -> list[str]:
    return [t for t in (TRUTH / f"{name}.titles.txt").read_text(encoding="utf-8").splitlines()
            if t.strip()]


def exact(name: str, titles: list[str]) -> tuple[int, list[str]]:
    """How many truth titles of `name` are among `titles` (each used once), and the misses."""
    left = Counter(normal(t) for t in titles)
    hits, misses = 0, []
    for title in truth(name):
        if left[normal(title)]:
            left[normal(title)] -= 1
            hits += 1
        else:
            misses.append(title)
    return hits, misses


def test_paper_headings_are_the_titles_the_file_lists(corpus: tuple[str, Path, Build]) -> None:
    """At least 90% of the file's truth titles are a paper heading on the site, exactly."""
    name, _, build = corpus
    hits, misses = exact(name, [title for _, title in shown_papers(build)])
    share = hits / len(truth(name))
    assert share >= EXACT_EACH, (name, f"{share:.1%}", misses[:10])


def test_titles_over_the_whole_corpus() -> None:
    """At least 97% of all truth titles are read exactly; prints the per-file table."""
    rows, total, found = [], 0, 0
    for name in FILES:
        result = parse(read_notes(corpus_file(name)), name)
        assert result.notebook is not None
        notebook = result.notebook
        hits, misses = exact(name, [p.title for p in notebook.papers()])
        counts = [len(t.all_papers()) for t in notebook.topics]
        share = max(counts) / max(sum(counts), 1)
        rows.append(f"| {name} | {len(truth(name))} | {hits} ({hits / len(truth(name)):.1%}) | "
                    f"{len(notebook.topics)} | {share:.0%} | {'; '.join(misses[:2])} |")
        total, found = total + len(truth(name)), found + hits
    print("\n| file | truth titles | exact | pages | biggest page | not exact (first two) |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"| all | {total} | {found} ({found / total:.1%}) | | | |")
    assert found / total >= EXACT_OVERALL


_MARKDOWN = re.compile(r"\]\(|\[[^\]]*\]\(|\*\*|__|`|(?<![\w*])\*(?=\w)[^*]*\w\*(?!\w)")
#: Sections about a list itself, named here for the test (not taken from the parser's list).
_HOUSEKEEPING = {"contributing", "contribution", "contributions", "license", "licenses",
                 "acknowledgement", "acknowledgements", "contents", "table of contents",
                 "citation", "star history", "contact", "contributors", "how to contribute"}


def test_paper_headings_hold_no_markdown_and_no_housekeeping(corpus: tuple[str, Path, Build]
                                                             ) -> None:
    name, _, build = corpus
    shown = [title for _, title in shown_papers(build)]
    assert [t for t in shown if _MARKDOWN.search(t)] == [], name
    plain = {re.sub(r"[^\w ]+", "", t).strip().casefold() for t in shown}
    assert plain & _HOUSEKEEPING == set(), name


def _headings_with_papers(name: str, text: str) -> int:
    """How many headings the file puts its truth titles under, read without the parser: the
    heading before the line where each title is first written (after the one before it)."""
    lines = text.replace("\r\n", "\n").split("\n")
    heading_at = [n for n, line in enumerate(lines) if re.match(r"^ {0,3}(#{1,6} |<h[1-6])", line)]
    owners, at = set(), 0
    for title in truth(name):
        found = next((n for n in range(at, len(lines)) if title in lines[n]), None)
        if found is None:
            continue
        at = found
        owners.add(max((n for n in heading_at if n < found), default=-1))
    return len(owners - {-1})


def test_no_page_holds_most_papers(corpus: tuple[str, Path, Build]) -> None:
    """Where the file spreads its papers under three or more headings, no page holds more than
    three quarters of them."""
    name, path, build = corpus
    pages = Counter(page for page, _ in shown_papers(build))
    if _headings_with_papers(name, read_notes(path)) < 3 or not pages:
        pytest.skip(f"{name} lists its papers under fewer than three headings")
    page, most = pages.most_common(1)[0]
    assert most / sum(pages.values()) <= MOST, (name, page, most, sum(pages.values()))


_LABELS = {"code", "article", "arxiv", "[repo]", "[project]", "pdf", "paper", "github",
           "project", "website", "link", "video", "slides", "blog", "[code]", "[pdf]"}


def test_mentioned_not_yet_noted_names_papers_not_labels(corpus: tuple[str, Path, Build]
                                                         ) -> None:
    name, _, build = corpus
    mentioned = build.site / "mentioned-not-yet-noted" / "index.html"
    if not mentioned.exists():
        pytest.skip(f"{name}: no paper is mentioned twice and not noted")
    page = _Page()
    page.feed(mentioned.read_text(encoding="utf-8"))
    names = {text.strip().casefold() for key, text in page.headings.items()
             if key != "mentioned-not-yet-noted"}
    assert names & _LABELS == set(), name


class _RawAnchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and (href := dict(attrs).get("href")):
            self.hrefs.append(href)


def test_the_site_shows_the_links_notes_site_read(corpus: tuple[str, Path, Build]) -> None:
    """One reading: every web link the pages show is one that notes-site's reader (the one
    `notes-site check` uses) found in the file, and every web link it found is shown. Raw HTML
    `<a href>`s are read with the standard library's parser."""
    name, path, build = corpus
    text = read_notes(path)
    raw = _RawAnchors()
    raw.feed(text)
    read = {link.url for link in extract(text).links} | set(raw.hrefs)
    shown: set[str] = set()
    for page_path, page in built_pages(build.site).items():
        for href in page.links:
            if href.startswith("#") or _internal(build.site, page_path, href):
                continue
            shown.add(href)
    web = {u for u in read if u.startswith(("http://", "https://"))}
    assert sorted(shown - read) == [], name
    assert sorted(u for u in web if html.unescape(u) not in shown and u not in shown) == [], name


def _internal(site: Path, page: str, href: str) -> bool:
    """A link to a page or file of the built site itself."""
    if "://" in href or href.startswith(("mailto:", "javascript:", "data:")):
        return False
    target = (site / page).parent / unquote(href.split("#")[0])
    return target.exists() or (target / "index.html").exists()


@pytest.mark.parametrize("name", FILES)
def test_the_build_and_check_place_each_link_alike(name: str) -> None:
    """Every link the model holds (what the build's lint reports) is at the `line:col` where
    `notes-site check`'s own reading of the file finds the same URL."""
    text = read_notes(corpus_file(name))
    result = parse(text, name)
    assert result.notebook is not None
    checked = {(link.url, link.line, link.col) for link in extract(text).links}
    held = [link for paper in result.notebook.papers()
            for link in (*paper.related, *([paper.link] if paper.link else []))]
    assert held and [k for k in held if (k.url, k.line, k.col) not in checked] == [], name


def test_every_word_reaches_a_page(corpus: tuple[str, Path, Build]) -> None:
    name, path, _ = corpus
    assert missing_words(read_notes(path), name) == set()


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_summary(name: str) -> None:
    result: ParseResult = parse(read_notes(corpus_file(name)), name)
    notebook = result.notebook
    assert notebook is not None
    papers = notebook.papers()
    summary = {
        "title": notebook.title,
        "topics": [f"{t.group} / {t.title}" if t.group else t.title for t in notebook.topics],
        "papers": len(papers),
        "truth titles": len(truth(name)),
        "read exactly": exact(name, [p.title for p in papers])[0],
        "sample": [p.title for p in papers[:3]] + [papers[len(papers) // 2].title,
                                                   papers[-1].title],
        "errors": sorted({d.code for d in result.errors}),
    }
    check_golden(f"corpus/{name}.json", json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
