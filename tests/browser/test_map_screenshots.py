"""The map of the reading as a reader sees it, light and dark: each new page and block is
shot to screenshots/ and checked for what it shows (visible elements and their counts).

Counts come from the notes: the embedded notes star two papers in one topic and cite the
neural tangent kernel from two entries; the fixture notes (tests/fixtures/map/) mention
Attention from BERT and ResNet and list it under two topics.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from notes_site.metadata import PaperMeta, to_json
from tests.browser.conftest import Site, mkdocs_env, set_site_url
from tests.conftest import FIXTURES, make_project

if TYPE_CHECKING:
    from tests.browser.conftest import Reader

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}
META = {
    "arxiv:1706.03762": PaperMeta(("Ashish Vaswani", "Noam Shazeer"), 2017, "NeurIPS 2017",
                                  "inproceedings", "The dominant models use $O(n^2)$ attention."),
    "arxiv:1810.04805": PaperMeta(("Jacob Devlin", "Ming-Wei Chang"), 2019, "NAACL 2019",
                                  "inproceedings", "We introduce BERT."),
}


@pytest.fixture(scope="module")
def map_site(site: Site, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The fixture notes (two notebooks) with a metadata file, built into `map/` beside the
    embedded notes' site on the same server; its base URL."""
    notes = {f"docs/notes/{name}": (FIXTURES / "map" / name).read_text(encoding="utf-8")
             for name in ("reading.md", "more.md")}
    project = make_project(tmp_path_factory.mktemp("map-project"), notes,
                           f"      mathjax_url: {site.mathjax_url}\n")
    (project / "docs" / "notes" / "papers.meta.json").write_text(to_json(META),
                                                                  encoding="utf-8")
    url = f"{site.url}map/"
    set_site_url(project / "mkdocs.yml", url)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site.root / "map")],
        cwd=project, env=mkdocs_env(site.mathjax_url), capture_output=True, text=True,
        timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return url


@pytest.fixture(params=sorted(SCHEMES))
def scheme(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def shooter(new_reader: Callable[..., Reader], scheme: str) -> Callable[..., Reader]:
    """Open a reader at a base URL in the light or dark scheme."""
    def open_at(base: str | None = None) -> Reader:
        reader = new_reader(base, color_scheme=scheme)
        return reader

    return open_at


def shoot(reader: Reader, name: str, scheme: str) -> Path:
    drawn = reader.page.locator("body").get_attribute("data-md-color-scheme")
    assert drawn == SCHEMES[scheme], "the screenshot shows the intended scheme"
    return reader.shoot(f"{name}-{scheme}", full_page=True)


def test_mentioned_not_yet_noted(shooter: Callable[..., Reader], scheme: str) -> None:
    reader = shooter()
    reader.open("mentioned-not-yet-noted/")
    reader.expect_page("Mentioned, not yet noted")
    content = reader.page.locator("article.md-content__inner")
    expect(content.locator("h2.ns-unnoted")).to_have_count(1)
    expect(content.locator("h2.ns-unnoted")).to_contain_text("Neural Tangent Kernel")
    mentions = content.locator("ul li")
    expect(mentions).to_have_count(2)
    for item in mentions.all():
        expect(item).to_be_visible()
    shoot(reader, "mentioned", scheme)


def test_must_read_and_the_home_page_links(shooter: Callable[..., Reader], scheme: str) -> None:
    reader = shooter()
    reader.open()
    link = reader.page.locator("a.ns-must-read")
    expect(link).to_be_visible()
    expect(reader.page.locator(".ns-data a")).to_have_text(["papers.json", "papers.bib"])
    shoot(reader, "home-map", scheme)
    link.click()
    reader.expect_page("Must read")
    content = reader.page.locator("article.md-content__inner")
    expect(content.locator("h2")).to_have_count(1)
    expect(content.locator("li")).to_have_count(2)
    expect(content.locator("li").first).to_contain_text("★")
    shoot(reader, "must-read", scheme)


def test_tags_index(shooter: Callable[..., Reader], scheme: str) -> None:
    reader = shooter()
    reader.open("tags/")
    reader.expect_page("Tags")
    tags = reader.page.locator("article.md-content__inner h2 .md-tag")
    # Six topics, the notebook's venue and the year it names.
    expect(tags).to_have_count(8)
    expect(tags.filter(has_text="ICLR 2020")).to_be_visible()
    expect(tags.filter(has_text=re.compile(r"^\s*2020\s*$"))).to_be_visible()
    shoot(reader, "tags", scheme)


def test_backlinks_cross_listing_and_metadata(map_site: str, shooter: Callable[..., Reader],
                                              scheme: str) -> None:
    reader = shooter(map_site)
    reader.open("reading/attention/")
    reader.expect_page("Attention")
    content = reader.page.locator("article.md-content__inner")
    backlinks = content.locator(".ns-backlinks")
    expect(backlinks).to_have_count(1)
    expect(backlinks.locator("a")).to_have_text(["BERT", "ResNet"])
    expect(content.locator(".ns-also a")).to_have_text(["Theory"])
    # BERT's link to the Transformer opens its entry where the notes write it, marked there.
    transformer = content.locator('a[href$="#attention-is-all-you-need"]',
                                  has_text="the Transformer")
    expect(transformer).to_be_visible()
    expect(transformer.locator("xpath=..")).to_contain_text("the Transformer (in these notes)")
    authors = content.locator(".ns-authors")
    expect(authors).to_have_text(["Ashish Vaswani, Noam Shazeer · 2017 · NeurIPS 2017",
                                  "Jacob Devlin, Ming-Wei Chang · 2019 · NAACL 2019"])
    abstract = content.locator("details.ns-abstract").first
    expect(abstract.locator("p")).to_be_hidden()
    abstract.locator("summary").click()
    expect(abstract.locator("p")).to_be_visible()
    reader.typeset()
    expect(abstract.locator("mjx-container")).to_have_count(1)
    cite = content.locator("details.ns-cite").first
    cite.locator("summary").click()
    expect(cite.locator("pre")).to_be_visible()
    expect(cite.locator("code")).to_contain_text("@inproceedings{attention-is-all-you-need,")
    shoot(reader, "map-topic", scheme)
    content.locator(".ns-also a").click()
    reader.expect_page("Theory")
    expect(reader.page.locator(".ns-also a")).to_have_count(1)
    shoot(reader, "map-cross-listed", scheme)
