"""The map of the reading: related links to entries, "Referenced from", "Also listed in",
"Mentioned, not yet noted" and "Must read", on fixture notes and on the embedded notes.

Expected values are read off the fixture files by hand (`tests/fixtures/map/`): which entry
links to which, written out below, and checked in the HTML of a real `mkdocs build --strict`
(which also fails on any link to an anchor that does not exist).
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from notes_site.notebooks import load_notebooks
from notes_site.references import references
from tests.conftest import FIXTURES, NOTES, Build, make_project, mkdocs_build

MAP = FIXTURES / "map"
NOTES_FILES = {"docs/notes/reading.md": (MAP / "reading.md").read_text(encoding="utf-8"),
               "docs/notes/more.md": (MAP / "more.md").read_text(encoding="utf-8")}


@pytest.fixture(scope="module")
def map_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = make_project(tmp_path_factory.mktemp("map"), dict(NOTES_FILES))
    build = mkdocs_build(project)
    assert build.returncode == 0, build.log
    assert "WARNING" not in build.log, build.log
    return build


def block(page: str, css: str) -> list[list[tuple[str, str]]]:
    """Each `<p class="css">` of a page, as its links: (href, text)."""
    found = re.findall(rf'<p class="{css}"[^>]*>(.*?)</p>', page, re.S)
    return [[(html.unescape(h), html.unescape(re.sub(r"<[^>]+>", "", t)))
             for h, t in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', p, re.S)]
            for p in found]


def section(page: str, anchor: str) -> str:
    """The HTML of one paper: from its heading to the next heading of its level or above."""
    start = page.index(f'id="{anchor}"')
    end = re.search(r"<h[12] ", page[start:])
    return page[start:start + end.start()] if end else page[start:]


def marked(paper: str) -> list[tuple[str, str, str]]:
    """The links of a paper's text with the mark after each: (href, text, mark)."""
    return [(html.unescape(h), html.unescape(re.sub(r"<[^>]+>", "", t)), m) for h, t, m in
            re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a> \(([^()]*)\)', paper, re.S)]


def test_a_related_link_to_a_noted_paper_opens_its_entry(map_build: Build) -> None:
    attention = map_build.html("reading/attention/index.html")
    # BERT's "the Transformer" is http://arxiv.org/pdf/1706.03762v5.pdf: the paper noted with
    # https://arxiv.org/abs/1706.03762 on the same page. Each link is shown once, where the
    # notes write it, with its mark beside it: no Related line repeats them.
    bert = section(attention, "bert")
    assert marked(bert) == [
        ("./#attention-is-all-you-need", "the Transformer", "in these notes"),
        ("http://papers.nips.cc/paper/8076-neural-tangent-kernel.pdf", "NTK", "NeurIPS")]
    assert block(bert, "ns-related") == []
    models = map_build.html("more/models/index.html")
    assert [href for href, _, _ in marked(section(models, "resnet"))] == [
        "../../reading/attention/#attention-is-all-you-need",
        "https://papers.nips.cc/paper/8076-neural-tangent-kernel.pdf#page=2",
        "../../reading/theory/#wide-networks"]


def test_an_entry_shows_who_references_it(map_build: Build) -> None:
    attention = map_build.html("reading/attention/index.html")
    assert block(section(attention, "attention-is-all-you-need"), "ns-backlinks") == [[
        ("./#bert", "BERT"), ("../../more/models/#resnet", "ResNet")]]
    assert block(section(attention, "bert"), "ns-backlinks") == []
    theory = map_build.html("reading/theory/index.html")
    assert block(section(theory, "wide-networks"), "ns-backlinks") == [[
        ("../../more/models/#resnet", "ResNet")]]


def test_a_paper_listed_twice_links_each_place_to_the_other(map_build: Build) -> None:
    attention = map_build.html("reading/attention/index.html")
    theory = map_build.html("reading/theory/index.html")
    assert block(section(attention, "attention-is-all-you-need"), "ns-also") == [[
        ("../theory/#attention-cross-listed", "Theory")]]
    assert block(section(theory, "attention-cross-listed"), "ns-also") == [[
        ("../attention/#attention-is-all-you-need", "Attention")]]
    assert block(section(theory, "wide-networks"), "ns-also") == []


def test_papers_mentioned_twice_and_never_noted_get_a_page(map_build: Build) -> None:
    page = map_build.html("mentioned-not-yet-noted/index.html")
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    # The NTK: mentioned by BERT, Wide networks and ResNet with three spellings of one URL.
    # Adam: mentioned once, so not listed.
    assert re.findall(r'<h2 class="ns-unnoted" id="([^"]+)"', article) == ["ntk"]
    assert "Adam" not in article
    items = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', article)
    assert items == [("../reading/attention/#bert", "BERT"),
                     ("../reading/theory/#wide-networks", "Wide networks"),
                     ("../more/models/#resnet", "ResNet")]
    assert "mentioned by 3 entries" in article
    nav = re.findall(r'href="([^"]*mentioned-not-yet-noted/)"', map_build.html("index.html"))
    assert nav, "the page is in the navigation"


def test_the_must_read_page_groups_starred_papers_by_topic(map_build: Build) -> None:
    page = map_build.html("reading/starred-papers/index.html")
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    topics = re.findall(r'<h2 id="[^"]*"><a href="([^"]+)">([^<]+)</a>', article)
    assert topics == [("../attention/", "Attention"), ("../theory/", "Theory")]
    starred = re.findall(r'<li>★ <a href="([^"]+)">([^<]+)</a></li>', article)
    assert starred == [("../attention/#attention-is-all-you-need", "Attention Is All You Need"),
                       ("../theory/#attention-cross-listed", "Attention, cross-listed")]
    home = map_build.html("reading/index.html")
    assert '<a class="ns-must-read" href="starred-papers/">' in home, "linked from the home page"
    assert not (map_build.site / "more" / "starred-papers").exists(), "More has no starred paper"


def test_the_embedded_notes_list_the_ntk_as_mentioned_from_lines_4_and_62() -> None:
    lines = NOTES.read_text(encoding="utf-8").splitlines()
    ntk = [n for n, line in enumerate(lines, 1) if "8076-neural-tangent-kernel" in line]
    assert ntk == [4, 62]
    refs = references(load_notebooks([NOTES]).notebooks)
    assert [(u.text, [m.link.line for m in u.mentions]) for u in refs.unnoted] == [
        ("Neural Tangent Kernel", ntk)]
    assert [m.source.paper.line for m in refs.unnoted[0].mentions] == ntk


def test_the_embedded_site_shows_the_ntk_page(seed_build: Build) -> None:
    page = seed_build.html("mentioned-not-yet-noted/index.html")
    items = re.findall(r'<li><a href="([^"]+)">', page.split("<article", 1)[1])
    assert items == [
        "../optimization-generalization/"
        "#effect-of-activation-functions-on-the-training-of-overparametrized-neural-nets",
        "../transfer-learning/#gradients-as-features-for-deep-representation-learning"]


def test_a_paper_noted_twice_is_a_warning_that_fails_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path, dict(NOTES_FILES))
    proc = subprocess.run([sys.executable, "-m", "notes_site.cli", "check", "--offline",
                           "--format", "json"], cwd=project, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert '"duplicate-paper"' in proc.stdout
    assert '"severity": "warning"' in proc.stdout


def tag_listing(build: Build) -> dict[str, list[str]]:
    """The tags index of a built site: each tag with the pages it lists."""
    page = build.html("tags/index.html")
    found: dict[str, list[str]] = {}
    for tag, body in re.findall(r'<span class="md-tag">([^<]+)</span>(.*?)</ul>', page, re.S):
        found[html.unescape(tag)] = [html.unescape(t.strip())
                                     for t in re.findall(r"<a href=[^>]+>([^<]+)</a>", body)]
    return found


def test_topics_and_venues_are_material_tags(seed_build: Build, map_build: Build) -> None:
    topics = ["Optimization & Generalization", "Generative models", "Inference methods",
              "Continual learning", "Transfer learning", "Meta learning"]
    listing = tag_listing(seed_build)
    # mkdocs.yml's `venue: ICLR 2020` is each paper's venue, and names its year.
    assert sorted(listing) == sorted([*topics, "ICLR 2020", "2020"])
    assert sorted(listing["ICLR 2020"]) == sorted(listing["2020"]) == sorted(topics)
    assert listing["Meta learning"] == ["Meta learning"]
    # Fixture notes without a notebook venue: venues read from the URLs, arXiv as one tag.
    listing = tag_listing(map_build)
    assert sorted(listing["arXiv"]) == ["Attention", "Models", "Theory"]
    assert listing["OpenReview"] == ["Theory"]


def test_must_read_holds_the_starred_and_the_top_rated_papers() -> None:
    from notes_site.parse import parse
    from notes_site.reading_map import must_read, must_read_page

    notes = ("## Vision\n"
             "- [ResNet](https://arxiv.org/abs/1512.03385) :star::star::star:\n"
             "- [BatchNorm](https://arxiv.org/abs/1502.03167) :star:\n"
             "## Language\n"
             "- *[Attention](https://arxiv.org/abs/1706.03762)\n"
             "- [BERT](https://arxiv.org/abs/1810.04805) ⭐⭐⭐\n"
             "- [ELMo](https://arxiv.org/abs/1802.05365)\n")
    notebook = parse(notes, "n.md").notebook
    assert notebook is not None
    # Three stars is the highest rating written; Attention is starred; BatchNorm and ELMo
    # are neither.
    assert [p.title for p in must_read(notebook)] == ["ResNet", "Attention", "BERT"]
    page = must_read_page(notebook, "")
    assert re.findall(r"^## \[([^\]]+)\]", page, re.M) == ["Vision", "Language"]
    assert "- ⭐⭐⭐ [ResNet](vision.md#resnet)" in page
    assert "- ★ [Attention](language.md#attention)" in page
