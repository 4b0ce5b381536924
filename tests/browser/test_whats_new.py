"""What's new, in Chromium: a site whose notes were committed three times (tests/test_history.py)
shows the newest papers on its home page, leads from one to its heading, sorts All papers by
the day noted, and serves a feed.xml that a feed parser reads back with the same order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import feedparser
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Site, build_served, serve
from tests.conftest import make_project
from tests.test_history import FEB, FIRST, JAN, MAR, SECOND, THIRD, commit, git

if TYPE_CHECKING:
    from tests.browser.conftest import Reader

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dated_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The three-commit notes repository, built and served on a loopback port."""
    with serve(tmp_path_factory.mktemp("dated-www")) as site:
        project = make_project(tmp_path_factory.mktemp("dated"), {"notes.md": FIRST},
                               f"      mathjax_url: {site.mathjax_url}\n")
        git(project, "init", "-q", "-b", "main")
        for text, when in ((FIRST, JAN), (SECOND, FEB), (THIRD, MAR)):
            commit(project, text, when)
        build_served(project, site)
        yield site


def test_the_newest_paper_leads_to_its_heading(new_reader: Callable[..., Reader],
                                               dated_site: Site) -> None:
    reader = new_reader(dated_site.url)
    reader.open()
    recent = reader.page.locator("h2#recently-noted + ul li")
    expect(recent).to_have_count(4)
    assert re.match(r"2024-03-10 · BERT · Sequence models", recent.first.inner_text())
    recent.first.get_by_role("link", name="BERT").click()
    reader.expect_page("Sequence models")
    assert reader.page.url.endswith("/sequence-models/#bert")
    expect(reader.page.locator("h2#bert")).to_be_visible()


def test_all_papers_sorted_by_the_day_noted(new_reader: Callable[..., Reader],
                                            dated_site: Site) -> None:
    reader = new_reader(dated_site.url)
    reader.open("papers/?sort=noted&order=desc")
    cells = reader.page.locator(".md-typeset table tbody tr td:nth-child(6)")
    expect(cells).to_have_count(4)
    assert [c.strip() for c in cells.all_inner_texts()] == [
        "2024-03-10", "2024-02-10", "2024-01-10", "2024-01-10"]


def test_the_served_feed_reads_back_newest_first(new_reader: Callable[..., Reader],
                                                 dated_site: Site) -> None:
    reader = new_reader(dated_site.url)
    reader.open()
    response = reader.page.request.get(f"{dated_site.url}feed.xml")
    assert response.ok
    feed = feedparser.parse(response.body())
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries][:2] == ["BERT", "Deep Residual Learning"]
    assert feed.entries[0].link == f"{dated_site.url}sequence-models/#bert"
