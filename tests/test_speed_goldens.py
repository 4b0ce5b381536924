"""What a reader sees stays as it was before the build speed work of issue 13.

Two sites are built with `mkdocs build --strict`: the embedded notes (docs/notes/iclr2020.md)
and a generated notebook of 2,000 papers (benchmarks/make_notes.py, the benchmarks' seed). For
every page, the browser-visible text of its `<article>` (whitespace-normalised), the ids in it
(the anchors) and the links it holds; and every entry of the site's search index (location,
title, text). The goldens were written from builds of the code before any speed change
(`UPDATE_GOLDEN=1`), so a faster build that changes a word, an anchor, a link or a search
entry fails here. The generated notebook's golden is a SHA-256 per page and of each page's
search entries (in index order), plus the full record of its home page to read.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

from benchmarks.make_notes import make_notes
from tests.conftest import ROOT, check_golden, make_project, mkdocs_build

PAPERS = 2_000
SEED = 1
"""The generated notebook: the size and seed the build benchmarks use (benchmarks/projects.py)."""
SAMPLE = ("index.html",)
"""Pages of the generated notebook whose whole record the golden keeps readable."""
_HIDDEN = {"script", "style", "template"}


class ArticleReader(HTMLParser):
    """The text, ids and link targets inside a page's `<article>`, as a browser would show it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.hidden = 0
        self.text: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag in _HIDDEN:
            self.hidden += 1
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and found.get("href") is not None:
            self.links.append(str(found["href"]))

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag in _HIDDEN:
            self.hidden -= 1
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.hidden:
            self.text.append(data)


def page_record(html: str) -> dict[str, object]:
    """A page as a reader meets it: visible article text, its anchors and its links."""
    reader = ArticleReader()
    reader.feed(html)
    return {"text": " ".join(" ".join(reader.text).split()), "ids": reader.ids,
            "links": reader.links}


def site_record(site: Path) -> dict[str, object]:
    """Every page's record (404 aside) and every search entry of a built site."""
    pages = {path.relative_to(site).as_posix(): page_record(path.read_text(encoding="utf-8"))
             for path in sorted(site.rglob("*.html")) if path.name != "404.html"}
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    search = [{"location": doc["location"], "title": doc["title"], "text": doc["text"]}
              for doc in index["docs"]]
    return {"pages": pages, "search": search}


def _digest(value: object) -> str:
    data = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def hashed(record: dict[str, object]) -> dict[str, object]:
    """A large site's record: a hash per page and per page's search entries, a page in full."""
    pages = record["pages"]
    search = record["search"]
    assert isinstance(pages, dict) and isinstance(search, list)
    by_page: dict[str, list[object]] = {}
    for doc in search:
        by_page.setdefault(doc["location"].split("#", 1)[0], []).append(doc)
    return {"pages": {name: _digest(page) for name, page in pages.items()},
            "search entries": {name: f"{len(docs)} {_digest(docs)}"
                               for name, docs in by_page.items()},
            "sample": {name: pages[name] for name in SAMPLE}}


def _dump(value: object) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


def test_embedded_notes_read_as_before(tmp_path: Path) -> None:
    """The repo's own site: every page's text, anchors, links and search entries unchanged."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    build = mkdocs_build(tmp_path)
    assert build.returncode == 0, build.log
    check_golden("speed/embedded.json", _dump(site_record(build.site)))


def test_generated_notebook_reads_as_before(tmp_path: Path) -> None:
    """2,000 generated papers: each page and search entry hashes as before the speed work."""
    project = make_project(tmp_path, {"docs/notes/notes.md": make_notes(PAPERS, SEED)})
    build = mkdocs_build(project)
    assert build.returncode == 0, build.log
    record = site_record(build.site)
    pages = record["pages"]
    assert isinstance(pages, dict) and len(pages) > 40  # ~90 topics (make_notes.topic_count)
    check_golden("speed/generated-2000.json", _dump(hashed(record)))
