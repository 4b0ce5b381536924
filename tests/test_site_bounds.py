"""What keeps a build linear in a notes file with thousands of topics or headings (issue 21):
shelves in the navigation, a bounded table of contents, one copy of the emoji index. Each
is checked on a real `mkdocs build`, by what a reader and the search index get."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
from pymdownx import emoji

from notes_site.emoji_index import share_index
from notes_site.plugin import TOC_MOST
from notes_site.render import NAV_MOST, nav_title, shelve
from tests.conftest import make_project, markdown_extensions, mkdocs_build

NAV_LINK = re.compile(r'<a href="([^"]*)" class="md-nav__link')


def topics(n: int) -> str:
    return "".join(f"## Topic {i}\n\n1. [Paper {i}](https://example.org/{i}): words\n\n"
                   for i in range(n))


def primary_nav(page: str) -> str:
    """The site navigation of a page (Material's primary nav), without the page's own table
    of contents."""
    start = page.index('<nav class="md-nav md-nav--primary"')
    return page[start:page.index('<div class="md-sidebar md-sidebar--secondary"', start)]


def contents(page: str) -> str:
    """A page's table of contents (Material's secondary sidebar)."""
    start = page.index('<div class="md-sidebar md-sidebar--secondary"')
    return page[start:page.index('<div class="md-content"', start)]


def test_a_few_topics_stay_one_level() -> None:
    entries = [{f"Topic {i}": f"topic-{i}.md"} for i in range(NAV_MOST)]
    assert shelve(entries) is entries


def test_many_topics_go_on_shelves_in_order_and_none_is_lost() -> None:
    entries = [{f"Topic {i}": f"topic-{i}.md"} for i in range(1000)]
    shelves = shelve(entries)
    assert len(shelves) == 32
    assert next(iter(shelves[0])) == "Topic 0 – Topic 31"
    assert [item for shelf in shelves for item in next(iter(shelf.values()))] == entries


def test_a_shelf_name_is_short_and_escaped_once() -> None:
    entries = [{nav_title("RL & human feedback from many annotators" if i == 0 else f"T {i}"):
                f"t{i}.md"} for i in range(150)]
    first = next(iter(shelve(entries)[0]))
    assert first == "RL &amp; human feedback fro… – T 12"


def test_a_site_of_many_topics_writes_only_the_open_shelf_into_each_page(
        tmp_path: Path) -> None:
    n, size = 150, 13  # shelves of ceil(sqrt(150)) topics
    build = mkdocs_build(make_project(tmp_path, {"docs/notes/iclr2020.md": topics(n)}))
    assert build.returncode == 0, build.log
    for i in (0, 77, n - 1):
        links = NAV_LINK.findall(primary_nav(build.html(f"topic-{i}/index.html")))
        start = i // size * size
        mine = {f"../topic-{j}/" for j in range(start, min(start + size, n)) if j != i}
        assert mine <= set(links), (i, links)
        # a closed shelf shows only its name and first topic, which opens it
        others = {f"../topic-{j}/" for j in range(n) if j // size != i // size}
        assert set(links) & others == {f"../topic-{j}/" for j in range(0, n, size)
                                       if j // size != i // size}
        assert len(links) < 2 * size + 8, len(links)
    assert "Topic 0 – Topic 12" in primary_nav(build.html("index.html"))
    # every topic is still a page of its own
    assert all((build.site / f"topic-{i}" / "index.html").is_file() for i in range(n))


def test_a_site_of_a_hundred_topics_keeps_its_flat_navigation(tmp_path: Path) -> None:
    build = mkdocs_build(make_project(tmp_path, {"docs/notes/iclr2020.md": topics(NAV_MOST)}))
    assert build.returncode == 0, build.log
    links = NAV_LINK.findall(primary_nav(build.html("topic-5/index.html")))
    assert all(f"../topic-{i}/" in links for i in range(NAV_MOST) if i != 5)
    assert "md-nav__item--pruned" not in build.html("topic-5/index.html")


def sections(n: int) -> str:
    parts = ["## Topic", "", "1. [A paper](https://example.org/topic): its own", ""]
    for i in range(n):
        parts += [f"### Section {i}", "", f"1. [Paper {i}](https://example.org/{i}): words", ""]
    parts += ["## Another topic", "", "1. [B paper](https://example.org/b): words", ""]
    return "\n".join(parts)


def test_a_page_of_more_headings_than_a_contents_lists_keeps_them_all_searchable(
        tmp_path: Path) -> None:
    n = TOC_MOST  # a section and a paper heading each: twice the bound
    build = mkdocs_build(make_project(tmp_path, {"docs/notes/iclr2020.md": sections(n)}))
    assert build.returncode == 0, build.log
    assert f"topic.md has {2 * n + 2:,} headings" in build.log
    page = build.html("topic/index.html")
    secondary = contents(page)
    assert 'href="#section-0"' not in secondary
    for i in (0, n // 2, n - 1):
        assert f'<h2 id="section-{i}">' in page and f'<h3 id="paper-{i}">' in page
    index = json.loads((build.site / "search" / "search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    assert {f"topic/#section-{i}" for i in range(n)} <= locations
    assert {f"topic/#paper-{i}" for i in range(n)} <= locations


def test_a_page_within_the_bound_lists_every_heading(tmp_path: Path) -> None:
    build = mkdocs_build(make_project(tmp_path, {"docs/notes/iclr2020.md": sections(20)}))
    assert build.returncode == 0, build.log
    page = build.html("topic/index.html")
    secondary = contents(page)
    assert all(f'href="#section-{i}"' in secondary and f'href="#paper-{i}"' in secondary
               for i in range(20))
    assert "headings; its table of contents" not in build.log


def test_the_emoji_index_is_read_once_and_shows_the_same() -> None:
    names, configs = markdown_extensions()
    before = markdown.Markdown(extensions=names, extension_configs=configs)
    share_index(configs)
    assert configs["pymdownx.emoji"]["emoji_index"] is not emoji.gemoji
    first, second = (markdown.Markdown(extensions=names, extension_configs=configs)
                     for _ in range(2))
    text = "A :star: paper :fire: and :+1: with $x$"
    assert first.convert(text) == before.convert(text)
    assert "⭐" in first.convert(text)
    assert first.inlinePatterns["emoji"].emoji_index is second.inlinePatterns["emoji"].emoji_index


def test_an_index_of_the_users_own_is_left_alone() -> None:
    def own(options: object, md: object) -> dict[str, object]:
        return {"name": "own", "emoji": {}, "aliases": {}}
    configs = {"pymdownx.emoji": {"emoji_index": own}}
    share_index(configs)
    assert configs["pymdownx.emoji"]["emoji_index"] is own
    share_index({})  # no emoji extension: nothing to do
