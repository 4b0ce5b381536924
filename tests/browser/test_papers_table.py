"""The All papers table in Chromium: sorted by a column's head, filtered by words, topic and
years, a filtered view opened from its shared URL, and the plain table without JavaScript; and
the overview's charts in light and dark mode.

The site is built from `tests/fixtures/table/notes.md` (eight papers in two topics) and its
metadata file; the expected years, topics and counts below are read from that file's lines.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from benchmarks.make_notes import make_notes
from tests.browser.conftest import Site, build_served, serve
from tests.conftest import FIXTURES, make_project

if TYPE_CHECKING:
    from benchmarks.make_notes import make_notes
from tests.browser.conftest import Reader

pytestmark = pytest.mark.browser

TABLE = FIXTURES / "table"
#: Each paper's year, in the notes' order, as its link says (CVF path `content_cvpr_2016`,
#: arXiv ids 2010.…, 2111.…, 2304.…, 1706.…, ACL Anthology `N19-…`, NeurIPS `paper/2020/`).
YEARS = [2016, 2020, 2021, 2023, 2017, 2019, 2020, None]
TOPICS = ["Vision"] * 4 + ["Language"] * 4
#: Papers in the long site; the table holds PAGE rows at a time (as papers-table.js says).
LONG = 150
PAGE = 100


@pytest.fixture(scope="module")
def table_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The fixture notes built with `mkdocs build --strict`, served on a loopback port."""
    with serve(tmp_path_factory.mktemp("table-www")) as site:
        build_into(tmp_path_factory.mktemp("table-project"), site)
        yield site


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A site of 150 generated papers: more than the table shows at once."""
    with serve(tmp_path_factory.mktemp("long-www")) as site:
        build_into(tmp_path_factory.mktemp("long-project"), site, make_notes(LONG, 1))
        yield site


def build_into(project: Path, site: Site, notes: str | None = None) -> None:
    make_project(project, {"notes.md": notes or (TABLE / "notes.md").read_text(encoding="utf-8")},
                 f"      mathjax_url: {site.mathjax_url}\n")
    if notes is None:
        shutil.copy(TABLE / "papers.meta.json", project / "papers.meta.json")
    build_served(project, site)


@pytest.fixture
def table_reader(new_reader: Callable[..., Reader], table_site: Site) -> Reader:
    return new_reader(table_site.url)


def column(reader: Reader, index: int) -> list[str]:
    """The text of one column over the rows shown, top to bottom."""
    cells = reader.page.locator(f".md-typeset table tbody tr:not([hidden]) td:nth-child({index})")
    return [text.strip() for text in cells.all_inner_texts()]


def count(reader: Reader) -> str:
    return reader.page.locator(".ns-papers-controls .ns-count").inner_text()


def test_sorting_by_year_puts_the_newest_first_then_the_oldest(table_reader: Reader) -> None:
    table_reader.open("papers/")
    assert column(table_reader, 4) == [str(y or "") for y in YEARS]  # the notes' order
    head = table_reader.page.locator("th", has_text="Year")
    head.get_by_role("button").click()
    expect(head).to_have_attribute("aria-sort", "descending")
    newest = sorted((y for y in YEARS if y), reverse=True)
    assert column(table_reader, 4) == [*map(str, newest), ""]  # no year: last
    head.get_by_role("button").click()
    expect(head).to_have_attribute("aria-sort", "ascending")
    assert column(table_reader, 4) == [*map(str, sorted(newest)), ""]
    assert "sort=year" in table_reader.page.url and "order=asc" in table_reader.page.url


def test_filtering_by_topic_and_by_words(table_reader: Reader) -> None:
    table_reader.open("papers/")
    expect(table_reader.page.locator(".ns-count")).to_have_text(f"{len(YEARS)} papers")
    table_reader.page.locator(".ns-filter-topic").select_option("Language")
    assert column(table_reader, 2) == ["Language"] * TOPICS.count("Language")
    assert count(table_reader) == f"{TOPICS.count('Language')} of {len(YEARS)} papers"
    table_reader.page.locator(".ns-filter-topic").select_option("")
    box = table_reader.page.locator(".ns-filter-text")
    box.press_sequentially("vision learners")
    assert column(table_reader, 1) == [
        "Masked Autoencoders Are Scalable Vision Learners\nKaiming He, Xinlei Chen, Saining Xie, "
        "Yanghao Li, Piotr Dollár, Ross Girshick"]
    box.fill("")
    box.press_sequentially("dollár")  # an author, from the metadata file
    assert count(table_reader) == f"1 of {len(YEARS)} papers"


def test_a_shared_filtered_url_opens_the_same_view(table_reader: Reader) -> None:
    table_reader.open("papers/?topic=Vision&from=2020&sort=year&order=asc")
    shown = sorted(y for y, t in zip(YEARS, TOPICS, strict=True) if t == "Vision" and y
                   and y >= 2020)
    expect(table_reader.page.locator(".ns-count")).to_have_text(
        f"{len(shown)} of {len(YEARS)} papers")
    assert column(table_reader, 4) == [str(y) for y in shown]
    assert table_reader.page.locator(".ns-filter-topic").input_value() == "Vision"
    assert table_reader.page.locator(".ns-filter-from").input_value() == "2020"
    expect(table_reader.page.locator("th", has_text="Year")).to_have_attribute(
        "aria-sort", "ascending")


def test_starred_only(table_reader: Reader) -> None:
    table_reader.open("papers/?starred=1")
    assert column(table_reader, 1) == ["Deep Residual Learning for Image Recognition",
                                       "Attention Is All You Need"]


def test_instant_navigation_sets_up_the_table(table_reader: Reader) -> None:
    table_reader.open()
    table_reader.page.locator(".md-sidebar--primary").get_by_role(
        "link", name="All papers").click()
    table_reader.expect_page("All papers")
    expect(table_reader.page.locator(".ns-count")).to_have_text(f"{len(YEARS)} papers")


def test_without_javascript_it_is_the_whole_plain_table(
        new_reader: Callable[..., Reader], table_site: Site) -> None:
    reader = new_reader(table_site.url, java_script_enabled=False)
    reader.open("papers/")
    assert reader.page.locator(".ns-papers-controls *").count() == 0
    assert column(reader, 4) == [str(y or "") for y in YEARS]


def test_a_long_table_shows_a_page_of_rows_then_more_on_request(
        new_reader: Callable[..., Reader], long_site: Site) -> None:
    """The count is of every matching paper; the table holds the first PAGE until asked."""
    reader = new_reader(long_site.url)
    reader.open("papers/")
    expect(reader.page.locator(".ns-count")).to_have_text(f"{LONG} papers")
    rows = reader.page.locator(".md-typeset table tbody tr")
    expect(rows).to_have_count(PAGE)
    reader.page.get_by_role("button", name=f"Show {LONG - PAGE} more").click()
    expect(rows).to_have_count(LONG)
    expect(reader.page.locator(".ns-paging")).to_be_hidden()
    reader.page.locator("th", has_text="Paper").get_by_role("button").click()
    expect(rows).to_have_count(PAGE)  # a new order starts from the top again
    titles = [t.split("\n")[0].strip() for t in rows.locator("td:nth-child(1)").all_inner_texts()]
    assert titles == sorted(titles, key=str.lower)


_COLOURS = """() => {
  const drawing = document.querySelector('.ns-chart-drawing');
  const text = getComputedStyle(drawing.querySelector('text')).fill;
  const bar = getComputedStyle(drawing.querySelector('rect.ns-bar')).fill;
  return {text, bar, page: getComputedStyle(document.querySelector('.md-content')).color,
          background: getComputedStyle(document.body).backgroundColor};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_overview_charts_take_the_page_colours(
        new_reader: Callable[..., Reader], table_site: Site, scheme: str) -> None:
    """The drawing's text is the page's text colour in either scheme, its bars are coloured,
    and each chart has its table of numbers beside it."""
    reader = new_reader(table_site.url, color_scheme=scheme)
    reader.open("overview/")
    reader.expect_page("At a glance")
    expect(reader.page.locator("figure.ns-chart")).to_have_count(4)
    expect(reader.page.locator("figure.ns-chart table")).to_have_count(4)
    colours = reader.page.evaluate(_COLOURS)
    assert colours["text"] == colours["page"], colours
    assert colours["bar"] not in (colours["background"], "rgb(0, 0, 0)", "none"), colours
    reader.shoot(f"overview-{scheme}", full_page=True)
