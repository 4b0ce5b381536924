"""One fixture folder per entry reader (and the outline): golden model and pages, the shapes
that real paper lists use, nothing lost, and a real strict build of them all."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from notes_site.cli import main
from notes_site.defuse import defuse
from notes_site.inline import markdown_parser
from notes_site.model import Notebook, Paper, Severity, Text
from notes_site.parse import ParseResult, parse, read_notes
from notes_site.render import render
from tests.conftest import FIXTURES, Build, check_golden, golden_json, make_project, mkdocs_build
from tests.test_nothing_lost import missing_words

READERS = FIXTURES / "readers"
FILES = sorted(READERS.glob("*/*.md"))


def result(name: str) -> ParseResult:
    return parse(read_notes(READERS / name), f"readers/{name}")


def load(name: str) -> Notebook:
    notebook = result(name).notebook
    assert notebook is not None
    return notebook


def titled(notebook: Notebook, title: str) -> Paper:
    (found,) = [p for p in notebook.papers() if p.title == title]
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_model_and_pages(path: Path) -> None:
    name = f"{path.parent.name}/{path.name}"
    parsed = result(name)
    golden_json(f"readers/{name}.json", parsed)
    assert parsed.notebook is not None
    site = render([parsed.notebook])
    pages = "".join(f"<<<<< {page}\n{text}" for page, text in sorted(site.pages.items()))
    check_golden(f"readers/{name}.pages.md", pages)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_word_reaches_a_page(path: Path) -> None:
    assert missing_words(read_notes(path), path.name) == set()


# --- items ----------------------------------------------------------------------------------


def test_titles_are_never_cut_inside_a_link_or_at_their_own_colon() -> None:
    notebook = load("items/titles.md")
    assert [p.title for p in notebook.papers()] == [
        "AE-GAN: adversarial eliminating with GAN",
        "DSSD: Deconvolutional Single Shot Detector",
        "R-FCN: Object Detection via Region-based Fully Convolutional Networks",
        "Feature Pyramid Networks for Object Detection",
        "YOLO9000: Better, Faster, Stronger",
    ]
    assert titled(notebook, "DSSD: Deconvolutional Single Shot Detector").url == (
        "https://arxiv.org/pdf/1701.06659.pdf")


def test_an_entry_spread_over_lines_is_one_paper_with_its_links() -> None:
    fpn = titled(load("items/titles.md"), "Feature Pyramid Networks for Object Detection")
    assert fpn.url == "https://arxiv.org/pdf/1612.03144.pdf"
    assert [link.url for link in fpn.related] == ["https://github.com/example/fpn"]
    assert fpn.body == (Text("- Lin, Dollár, Girshick, He, Hariharan, Belongie. *CVPR 2017*"),)


def test_star_ratings_are_kept() -> None:
    assert titled(load("items/titles.md"), "YOLO9000: Better, Faster, Stronger").rating == 3
    emoji = load("items/emoji.md")
    assert [(p.rating, p.summary) for p in emoji.papers()] == [
        (3, ":star::star::star: :fire:"), (1, ":star: still a classic :rocket:")]


def test_repeated_one_numbering_is_not_a_finding() -> None:
    parsed = result("items/auto-numbered.md")
    assert parsed.notebook is not None and len(parsed.notebook.papers()) == 4
    assert parsed.diagnostics == ()


def test_tables_of_contents_and_badges_are_not_papers() -> None:
    notebook = load("items/toc-and-badges.md")
    assert [p.title for p in notebook.papers()] == [
        "Intriguing properties of neural networks",
        "Explaining and Harnessing Adversarial Examples",
        "Certified Adversarial Robustness via Randomized Smoothing",
        "Provably Robust Deep Learning via Adversarially Trained Smoothed Classifiers"]
    assert "[Adversarial examples](#adversarial-examples)" in notebook.intro
    assert [t.title for t in notebook.topics] == ["Adversarial examples", "Certified defences"]


def test_links_to_the_notes_own_headings_go_to_their_pages() -> None:
    site = render([load("items/toc-and-badges.md")])
    assert "[Adversarial examples](<adversarial-examples.md>)" in site.pages["index.md"]
    assert "[Randomized smoothing](<certified-defences.md#randomized-smoothing>)" in \
        site.pages["index.md"]
    assert "[the first section](<adversarial-examples.md>)" in site.pages["certified-defences.md"]


def test_a_paper_noted_twice_is_shown_twice() -> None:
    notebook = load("items/noted-twice.md")
    assert [p.title for p in notebook.topics[0].papers + notebook.topics[1].papers].count(
        "Attention Is All You Need") == 2


def test_unsafe_empty_and_conflicted_text_is_kept() -> None:
    parsed = result("items/unsafe-and-empty.md")
    assert parsed.notebook is not None
    papers = parsed.notebook.papers()
    assert [p.title for p in papers] == ["Code release", "A paper", "Conflicted paper"]
    assert papers[0].summary == "with [code]() left empty."
    assert [(d.line, d.code, d.severity) for d in parsed.diagnostics] == [
        (5, "conflict-marker", Severity.ERROR), (7, "conflict-marker", Severity.ERROR),
        (9, "conflict-marker", Severity.ERROR)]
    (body,) = papers[2].body
    assert isinstance(body, Text) and "\\=======" in body.markdown and "theirs" in body.markdown


# --- paragraphs, tables, headings, outline ----------------------------------------------------


def test_paragraph_entries_with_backslash_breaks() -> None:
    notebook = load("paragraphs/bold-paragraphs.md")
    ddpm, sde = notebook.papers()
    assert ddpm.title == "Denoising Diffusion Probabilistic Models"
    assert ddpm.url == "https://arxiv.org/abs/2006.11239"
    assert ddpm.summary == ("*Jonathan Ho, Ajay Jain, Pieter Abbeel* · NeurIPS 2020. "
                            "[[Paper](https://arxiv.org/abs/2006.11239)] "
                            "[[Github](https://github.com/hojonathanho/diffusion)] · 19 Jun 2020")
    assert sde.line == 10


def test_citation_paragraphs_take_the_bold_title_in_quotes() -> None:
    notebook = load("paragraphs/citations.md")
    first, second = notebook.papers()
    assert first.title == "On the importance of initialization and momentum in deep learning"
    assert first.summary.startswith('**[22]** Sutskever, Ilya, et al. ICML (2013)')
    assert (first.rating, second.rating) == (3, 5)
    assert second.title == "Adam: A method for stochastic optimization"


def test_table_rows_are_papers_and_other_tables_stay_tables() -> None:
    notebook = load("tables/paper-table.md")
    assert [(p.title, p.url) for p in notebook.papers()] == [
        ("Swin Transformer", "https://arxiv.org/pdf/2103.14030.pdf"),
        ("MAE", "https://arxiv.org/pdf/2111.06377.pdf"),
        ("How to find research ideas", None)]
    swin = notebook.papers()[0]
    assert isinstance(swin.body[0], Text) and swin.body[0].markdown.startswith(
        "- **Date:** 1/15/22\n- **Cover:** <img")
    assert "| small | 10M |" in str(notebook.papers()[-1].body)


def test_paper_headings_keep_their_bullets_as_notes() -> None:
    notebook = load("headings/personal-notes.md")
    assert [p.title for p in notebook.papers()] == [
        "Deep Residual Learning for Image Recognition", "An Image is Worth 16x16 Words",
        "BERT: Pre-training of Deep Bidirectional Transformers"]
    assert [p.url for p in notebook.papers()] == [
        "https://arxiv.org/abs/1512.03385", "https://arxiv.org/abs/2010.11929",
        "https://arxiv.org/abs/1810.04805"]
    notes = {"Architecture", "Training", "Results", "Questions"}
    assert not notes & {p.title for p in notebook.papers()}
    bullets = re.findall(r"^\s*- (\w+)$", read_notes(READERS / "headings/personal-notes.md"),
                         re.MULTILINE)
    assert set(bullets) == notes
    assert all(any(word in str(p.body) for p in notebook.papers()) for word in notes)


def test_topics_at_any_heading_level_and_without_headings() -> None:
    deep = load("outline/deep-topics.md")
    assert deep.title == "Reading log"
    assert [(t.title, len(t.papers)) for t in deep.topics] == [
        ("Graph neural networks", 2), ("Generative models", 1)]
    parsed = result("outline/plain-line-topics.md")
    assert parsed.notebook is not None
    (topic,) = parsed.notebook.topics
    assert topic.title == "Plain line topics" and len(topic.papers) == 2
    assert [d.code for d in parsed.diagnostics] == ["no-topic"]


def test_papers_inside_details_are_found_and_the_summary_names_them() -> None:
    notebook = load("outline/details.md")
    assert [(t.title, [p.title for p in t.all_papers()]) for t in notebook.topics] == [
        ("Language models", ["Attention Is All You Need",
                             "Language Models are Few-Shot Learners"]),
        ("Vision", ["An Image is Worth 16x16 Words"])]


# --- a real build ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("readers")
    notes = {f"notes/{p.parent.name}-{p.name}": p.read_bytes() for p in FILES}
    return mkdocs_build(make_project(tmp, notes))


def test_every_fixture_builds_strictly_with_its_findings_logged(built: Build) -> None:
    assert built.returncode == 0, built.log
    assert "WARNING" not in built.log
    assert re.search(r"INFO    -  notes/items-noted-twice.md:7:1: same paper as "
                     r"notes/items-noted-twice.md:2:1", built.log), built.log
    assert re.search(r"notes/items-unsafe-and-empty.md:3:\d+: .*\[bad-scheme\]", built.log)


def test_emoji_render_as_on_github(built: Build) -> None:
    page = built.html("items-emoji/must-read/index.html")
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    assert article.count("⭐") == 4 and "🔥" in article and "🚀" in article
    assert ":star:" not in article and "cdn." not in article


def test_each_paper_is_a_heading_and_a_search_entry(built: Build) -> None:
    index = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))
    titles = {doc["title"] for doc in index["docs"] if "#" in doc["location"]}
    for path in FILES:
        notebook = parse(read_notes(path), "n.md").notebook
        assert notebook is not None
        for paper in notebook.papers():
            assert any(paper.title.split(":")[0][:20] in title for title in titles), paper.title


def test_check_fails_on_what_the_build_only_logs() -> None:
    result = CliRunner().invoke(main, ["check", "--offline",
                                       str(READERS / "items/unsafe-and-empty.md")])
    assert result.exit_code == 1, result.output
    errors = re.findall(r":(\d+):\d+: error: .*\[([\w-]+)\]", result.output)
    assert ("3", "bad-scheme") in errors
    assert [e for e in errors if e[1] == "conflict-marker"] == [
        ("5", "conflict-marker"), ("7", "conflict-marker"), ("9", "conflict-marker")]


def test_a_resolved_link_keeps_the_label_edits_of_the_sanitizer() -> None:
    """The label is edited by the sanitizer (`{` escaped, `<b>` closed at the end) and the
    target by the resolver; the two edits must not overlap."""
    md = markdown_parser()
    resolve = {"#sec": "p.md#s"}.get
    assert defuse("see [a <b> c {x}](#sec) now", md, resolve=resolve) == (
        "see [a <b> c \\{x}](<p.md#s>) now</b>")
    assert defuse("[gone *em*](notes/x.md) end", md, resolve=resolve) == (
        "gone *em* (`notes/x.md`, not in this site) end")
    assert defuse('[t](#sec "title words")', md, resolve=resolve) == (
        '[t](<p.md#s> "title words")')
