"""Real builds of notes of other shapes: a 50-entry bullet list, several notebooks,
untrusted text, and the same bytes on every build."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from notes_site.parse import parse, read_notes
from tests.conftest import FIXTURES, NOTES, Build, make_project, mkdocs_build

AWESOME = FIXTURES / "awesome-list.md"
UNTRUSTED = FIXTURES / "formats" / "untrusted.md"
UNSAFE = FIXTURES / "formats" / "unsafe-links.md"


def built(tmp_path: Path, notes: dict[str, str | bytes], options: str = "") -> Build:
    build = mkdocs_build(make_project(tmp_path, notes, options))
    assert build.returncode == 0, build.log
    assert "WARNING" not in build.log, build.log
    return build


def page_text(build: Build, page: str) -> str:
    """The visible text of a built page's article."""
    article = build.html(page).split("<article", 1)[1].split("</article>", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", " ", article))


def test_every_entry_of_a_bullet_list_shows_on_its_topic_page(tmp_path: Path) -> None:
    notebook = parse(read_notes(AWESOME), "awesome.md").notebook
    assert notebook is not None and len(notebook.papers()) == 50
    source = AWESOME.read_text(encoding="utf-8").splitlines()
    build = built(tmp_path, {"docs/notes/awesome.md": "\n".join(source)})
    for topic in notebook.topics:
        page = build.html(f"{topic.slug}/index.html")
        ids = re.findall(r'<h2 id="([^"]+)"', page)
        assert ids == [p.anchor for p in topic.papers]
        text = page_text(build, f"{topic.slug}/index.html")
        words = set(re.findall(r"\w+", text + " ".join(re.findall(r'href="([^"]*)"', page))))
        for paper in topic.papers:
            assert paper.title in text
            lines = source[paper.line - 1 : paper.line + 2]
            entry = lines[0] + "".join("\n" + ln for ln in lines[1:] if ln.startswith("  "))
            assert set(re.findall(r"\w+", entry)) <= words, entry


def test_several_notebooks_get_their_own_sections(tmp_path: Path) -> None:
    notes = {"notes/iclr.md": NOTES.read_text(encoding="utf-8"),
             "notes/awesome.md": AWESOME.read_text(encoding="utf-8")}
    build = built(tmp_path, notes)
    home = build.html("index.html")
    assert "Deep learning reading list" in home and "Iclr" in home
    assert (build.site / "awesome" / "computer-vision" / "index.html").is_file()
    assert (build.site / "iclr" / "transfer-learning" / "index.html").is_file()
    index = json.loads((build.site / "search" / "search_index.json").read_text())
    locations = [d["location"] for d in index["docs"]]
    on_topic_pages = [loc for loc in locations if "#" in loc and loc.split("#")[0].count("/") == 2]
    papers = [loc.split("#")[1] for loc in on_topic_pages]
    assert len(papers) == 21 + 50
    assert len(papers) == len(set(papers))
    nav = re.findall(r'<label class="md-nav__link"[^>]*>\s*(?:<span[^>]*>)?\s*([^<]+?)\s*<',
                     home)
    assert "Deep learning reading list" in nav and "Iclr" in nav


def test_the_same_notes_give_the_same_bytes(tmp_path: Path) -> None:
    notes = {"docs/notes/n.md": NOTES.read_text(encoding="utf-8")}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = built(tmp_path / "a", notes), built(tmp_path / "b", notes)
    pages = sorted(p.relative_to(first.site) for p in first.site.rglob("*.html"))
    assert len(pages) >= 8
    for page in pages + [Path("search/search_index.json")]:
        assert (first.site / page).read_bytes() == (second.site / page).read_bytes(), page


@pytest.fixture(scope="module")
def untrusted(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("untrusted")
    return built(tmp, {"docs/notes/u.md": UNTRUSTED.read_text(encoding="utf-8")})


def test_untrusted_titles_show_as_text_everywhere(untrusted: Build) -> None:
    topic = "untrusted-alert-topic/index.html"
    for page in ("index.html", "papers/index.html", topic):
        source = untrusted.html(page)
        assert "<script>alert" not in source, page
        article = source.split("<article", 1)[1].split("</article>", 1)[0]
        assert not re.search(r'(?<![-\w])href="\s*(javascript|data):', article, re.IGNORECASE), page
    text = page_text(untrusted, topic)
    assert "<script>alert(1)</script> | pipes * stars ticks {#id}" in text
    # A heading's HTML tags are markup, as GitHub shows them: its words stay, as text.
    assert 'Untrusted alert("topic")' in page_text(untrusted, "index.html")
    index = (untrusted.site / "search" / "search_index.json").read_text()
    assert "<script>alert" not in index


def test_raw_html_is_kept_but_its_script_links_are_not(untrusted: Build) -> None:
    source = untrusted.html("untrusted-alert-topic/index.html")
    assert "<a>raw anchor</a>" in source and "javascript:alert(3)" not in source
    assert "<i>html</i>" in source  # the author's allowed raw HTML is kept by default


def test_unsafe_links_never_fail_the_build_and_never_become_links(tmp_path: Path) -> None:
    notes = UNSAFE.read_text(encoding="utf-8")
    build = mkdocs_build(make_project(tmp_path, {"docs/notes/u.md": notes}))
    assert build.returncode == 0, build.log
    # One finding per unsafe link in the fixture: three `](javascript:` or `](data:` targets.
    expected = len(re.findall(r"\]\((?:javascript|data):", notes))
    assert build.log.count("[bad-scheme]") == expected == 3
    article = build.html("unsafe-links/index.html").split("<article", 1)[1]
    assert not re.search(r'(?:href|src)="\s*(javascript|data):', article, re.I)
    text = page_text(build, "unsafe-links/index.html")
    for shown in ("javascript:alert(2)", "data:text/html,hi", "javascript:alert(4)"):
        assert shown in text


def test_escape_html_option_shows_raw_html_as_text(tmp_path: Path) -> None:
    build = built(tmp_path, {"docs/notes/u.md": UNTRUSTED.read_text(encoding="utf-8")},
                  "      escape_html: true\n")
    source = build.html("untrusted-alert-topic/index.html")
    assert "&lt;i&gt;html&lt;/i&gt;" in source and "<i>html</i>" not in source
