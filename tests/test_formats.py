"""Notes of other shapes than the user's: one fixture file per format, golden model and pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from notes_site.model import Notebook, Paper, Points, Severity, Text
from notes_site.parse import NotesError, parse, read_notes
from notes_site.render import render
from tests.conftest import FIXTURES, check_golden, golden_json

FORMATS = FIXTURES / "formats"
BROKEN = {"empty.md"}
GOOD = sorted(p.name for p in FORMATS.glob("*.md") if p.name not in BROKEN)


def load(name: str) -> Notebook:
    result = parse(read_notes(FORMATS / name), f"formats/{name}")
    assert result.notebook is not None, result.diagnostics
    return result.notebook


def paper(notebook: Notebook, title: str) -> Paper:
    (found,) = [p for p in notebook.papers() if p.title == title]
    return found


@pytest.mark.parametrize("name", GOOD)
def test_golden_model_and_pages(name: str) -> None:
    result = parse(read_notes(FORMATS / name), f"formats/{name}")
    golden_json(f"formats/{name}.json", result)
    assert result.notebook is not None
    site = render([result.notebook])
    pages = "".join(f"<<<<< {path}\n{text}" for path, text in sorted(site.pages.items()))
    check_golden(f"formats/{name}.pages.md", pages)


def test_bullets_stars_and_emphasis() -> None:
    notebook = load("bullets.md")
    starred = [p.title for p in notebook.papers() if p.starred]
    assert starred == ["Deep Residual Learning", "Adam", "Dropout"]
    layer = paper(notebook, "Layer Normalization")
    assert not layer.starred and layer.summary == "emphasis around the link is not a star."
    assert [len(t.papers) for t in notebook.topics] == [6, 3]
    assert notebook.title == "Reading list" and notebook.intro == "Papers I keep coming back to."


def test_bold_titles_take_the_labelled_paper_link() -> None:
    notebook = load("bold-titles.md")
    seq = paper(notebook, "Sequence to Sequence Learning")
    assert seq.url == "https://papers.nips.cc/paper/5346-sequence-to-sequence.pdf"
    assert [link.url for link in seq.related] == ["https://github.com/example/seq2seq"]
    assert paper(notebook, "Neural Machine Translation by Jointly Learning to Align and "
                           "Translate").venue == "arXiv 1409.0473"
    assert paper(notebook, "A Survey With No Link Yet").url is None


def test_entries_without_links_are_kept_with_a_finding() -> None:
    result = parse(read_notes(FORMATS / "no-links.md"), "no-links.md")
    assert result.notebook is not None
    assert [p.title for p in result.notebook.papers()] == [
        "Understanding deep learning requires rethinking generalization",
        "The lottery ticket hypothesis", "Mixup"]
    assert [(d.line, d.code) for d in result.diagnostics] == [(2, "no-link"), (3, "no-link")]


def test_sub_bullets_by_spaces_and_tabs_stay_in_their_entry() -> None:
    notebook = load("subbullets.md")
    sgdr, lookahead = notebook.papers()
    assert sgdr.body == (Text("- cosine schedule\n- restarts help\n  - even with small budgets"),)
    assert lookahead.body == (Text("- tab indented point\n- another tab point"),
                              Points(("an indented sub-point", "and a second")))


def test_sub_topics_and_headings_without_space() -> None:
    result = parse(read_notes(FORMATS / "subtopics.md"), "subtopics.md")
    notebook = result.notebook
    assert notebook is not None and notebook.title == "My reading notes"
    vision, language = notebook.topics
    assert [s.title for s in vision.sections] == ["Detection", "Segmentation"]
    assert [len(s.papers) for s in vision.sections] == [2, 1]
    assert language.title == "Language"
    assert [(d.line, d.code) for d in result.diagnostics] == [
        (1, "heading-no-space"), (3, "heading-no-space")]


def test_comments_html_and_tables_are_kept() -> None:
    notebook = load("html.md")
    (topic,) = notebook.topics
    assert "commentedword" in topic.intro and "| small | 10M |" in topic.intro
    assert [p.title for p in notebook.papers()] == ["Transformer-XL", "XLNet"]
    assert notebook.papers()[0].body == (Text(
        "| Dataset | PPL |\n| --- | --- |\n| WikiText | 18.3 |\n\n"
        '<div class="note">\nraw html block words\n</div>'),)


def test_lines_in_code_fences_are_never_entries() -> None:
    notebook = load("code.md")
    assert [p.title for p in notebook.papers()] == ["Tooling", "Real entry"]
    assert [t.title for t in notebook.topics] == ["Code"]


def test_front_matter_title_and_venue() -> None:
    notebook = load("front-matter.md")
    assert notebook.title == "NeurIPS 2019 highlights"
    assert {p.venue for p in notebook.papers()} == {"NeurIPS 2019"}
    assert notebook.meta["author"] == "someone"


def test_crlf_bom_and_tabs() -> None:
    raw = (FORMATS / "crlf-bom-tabs.md").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\t" in raw
    notebook = load("crlf-bom-tabs.md")
    first, second = notebook.papers()
    assert notebook.topics[0].title == "Windows notes"
    assert first.summary == "summary with a tab."
    assert first.body == (Points(("tab indented sub-point",)),)
    assert second.line == 5


def test_cjk_titles_and_full_width_colon() -> None:
    notebook = load("cjk.md")
    first, second = notebook.papers()
    assert (first.title, first.summary) == ("注意力机制", "一种新的序列模型。")
    assert first.anchor == "注意力机制"
    assert second.summary == "跳跃连接，$y = F(x) + x$。"
    assert notebook.topics[0].slug == "深度学习"


def test_unsafe_links_are_kept_in_the_model() -> None:
    notebook = load("unsafe-links.md")
    first, second = notebook.papers()
    assert [link.url for link in first.related] == ["javascript:alert(2)", "data:text/html,hi"]
    assert second.url == "javascript:alert(4)"


def test_untrusted_title_is_kept_as_written() -> None:
    notebook = load("untrusted.md")
    assert notebook.papers()[0].title == (
        "<script>alert(1)</script> | pipes * stars ticks {#id}")


def test_an_empty_file_is_the_one_error_that_stops_a_build() -> None:
    result = parse(read_notes(FORMATS / "empty.md"), "empty.md")
    assert result.notebook is None
    assert [(d.line, d.code, d.severity) for d in result.errors] == [
        (1, "empty-notes", Severity.ERROR)]


def test_conflict_markers_are_findings_and_both_sides_are_papers() -> None:
    result = parse(read_notes(FORMATS / "conflict.md"), "conflict.md")
    assert result.notebook is not None
    assert [p.title for p in result.notebook.papers()] == ["Mine", "Theirs"]
    assert [(d.line, d.code) for d in result.errors] == [
        (2, "conflict-marker"), (4, "conflict-marker"), (6, "conflict-marker")]


def test_a_file_without_headings_is_one_topic_named_after_it() -> None:
    result = parse(read_notes(FORMATS / "no-heading.md"), "formats/no-heading.md")
    assert result.notebook is not None
    (topic,) = result.notebook.topics
    assert topic.title == "No heading" and [p.title for p in topic.papers] == ["A"]
    assert topic.intro == "Just prose, no heading at all."
    assert [(d.line, d.code) for d in result.diagnostics] == [(1, "no-topic"), (2, "no-link")] \
        or [(d.line, d.code) for d in result.diagnostics] == [(1, "no-topic")]


def test_not_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("## Thé\n".encode("latin-1"))
    with pytest.raises(NotesError) as caught:
        read_notes(path, "latin1.md")
    assert str(caught.value) == "latin1.md:1:6: byte 5: not UTF-8 (0xe9) [not-utf8]"


def test_front_matter_that_is_not_yaml_is_a_finding_and_stays_text() -> None:
    result = parse("---\ntitle: [broken\n---\n## T\n1. [A](https://a.org/a)\n", "fm.md")
    assert result.notebook is not None and [p.title for p in result.notebook.papers()] == ["A"]
    assert [(d.line, d.code) for d in result.errors] == [(2, "front-matter")]
    assert "title: [broken" in result.notebook.intro
