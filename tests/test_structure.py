"""How a file's structure is read, shape by shape, on small notes written for each shape of the
issue on real lists (the corpus files show them at scale: `tests/test_corpus.py`).

Each expected value is read off the snippet by hand, as GitHub shows it.
"""

from __future__ import annotations

from notes_site.model import Notebook
from notes_site.pages import topic_page
from notes_site.parse import parse
from notes_site.render import render


def read(text: str) -> Notebook:
    result = parse(text, "notes.md")
    assert result.notebook is not None
    return result.notebook


def titles(notebook: Notebook) -> list[str]:
    return [p.title for p in notebook.papers()]


def test_one_odd_heading_does_not_collapse_the_site() -> None:
    # A month heading holding one bullet that links `[[NIPS](url)]`, and a Contributing
    # section with one link, in a list whose papers sit under `###` topics.
    notebook = read(
        "# Reading list\n\n## 2016 Dec\n- [[NIPS](https://nips.cc/x)]\n\n## Papers\n"
        "### Vision\n- [ViT](https://arxiv.org/abs/2010.11929): images as words\n"
        "- [DETR](https://arxiv.org/abs/2005.12872): boxes as sets\n"
        "### Language\n- [BERT](https://arxiv.org/abs/1810.04805): masked words\n"
        "- [GPT-2](https://openai.com/gpt2.pdf): next words\n"
        "## Contributing\n- see [the guide](CONTRIBUTING.md)\n")
    assert "Contributing" not in titles(notebook) and "the guide" not in titles(notebook)
    pages = {t.title: [p.title for p in t.all_papers()] for t in notebook.topics}
    assert pages["Vision"] == ["ViT", "DETR"] and pages["Language"] == ["BERT", "GPT-2"]


def test_date_headings_subdivide_the_heading_before_them() -> None:
    # As in a real list: `## Survey` holds years; under `## Technique` an `<h3>` topic is
    # followed by `###` years of the same level, which GitHub's reader sees as its parts.
    notebook = read(
        "## Survey\n### 2025\n1. [S](https://arxiv.org/abs/2503.00001)\n"
        "## Technique\n<h3 id=\"llm\">Reasoning in <i>LLMs</i></h3>\n\n### 2025\n"
        "1. [A](https://arxiv.org/abs/2501.00001)\n### 2024\n1. [B](https://arxiv.org/abs/2401.00002)\n"
        "### Multimodal\n### 2025\n1. [C](https://arxiv.org/abs/2502.00003)\n")
    survey, topic = notebook.topics
    assert [(s.title, s.depth) for s in survey.sections] == [("2025", 1)]
    assert [(s.title, s.depth) for s in topic.sections] == [
        ("Reasoning in LLMs", 1), ("2025", 2), ("2024", 2), ("Multimodal", 1), ("2025", 2)]
    page = render([notebook]).pages[topic_page(notebook, topic)]
    assert "\n## Reasoning in LLMs {" in page and "\n### 2025 {" in page
    assert "\n#### A {" in page  # a paper one level below its section


def test_a_list_item_holding_only_a_heading_is_a_heading() -> None:
    notebook = read(
        "# Papers\n### Surveys\n+ 2019 | AutoML: A Survey | X. He | arXiv | [`PDF`](https://x.org/s)\n"
        "### Feature engineering\n+ #### Expand Reduce\n"
        " - 2022 | BERT-Sort: A Zero-shot Encoder | M. Bahrami | AutoML | [`PDF`](https://x.org/a)\n"
        "  - 2017 | AutoLearn | A. Kaul | ICDM | [`PDF`](https://x.org/b)\n"
        "+ #### Meta Learning\n  - 2020 | AutoML Pipeline Selection | C. Yang | KDD | "
        "[`PDF`](https://x.org/c)\n")
    surveys, topic = notebook.topics
    assert [p.title for p in surveys.papers] == ["AutoML: A Survey"]
    assert [(s.title, [p.title for p in s.papers]) for s in topic.sections] == [
        ("Expand Reduce", ["BERT-Sort: A Zero-shot Encoder", "AutoLearn"]),
        ("Meta Learning", ["AutoML Pipeline Selection"])]
    assert [p.url for p in notebook.papers()] == [
        "https://x.org/s", "https://x.org/a", "https://x.org/b", "https://x.org/c"]


def test_a_one_space_indented_item_after_sub_bullets_is_the_next_paper() -> None:
    notebook = read("## Topic\n- First [[pdf]](https://x.org/1)\n  - Authors, CVPR 2016\n"
                    " - Second [[pdf]](https://x.org/2)\n")
    assert titles(notebook) == ["First", "Second"]


def test_headings_before_the_first_topic_keep_their_words() -> None:
    notebook = read("# Weekly papers\n### How to read\nwords before any topic\n\n"
                    "#### A table\n| a | b |\n| --- | --- |\n| cellword | other |\n\n"
                    "## Topic\n1. [Paper](https://x.org/p): summary\n")
    for word in ("How to read", "words before any topic", "A table", "cellword"):
        assert word in notebook.intro


def test_titles_without_their_tags() -> None:
    notebook = read(
        "## Topic\n"
        "- Domain Adaptation by Backprop [[ICML2015]](https://arxiv.org/abs/1409.7495) "
        "[[Pytorch]](https://github.com/x/y)\n"
        "- (*NeurIPS'23*) Can LMs Solve Graph Problems? [[paper](https://arxiv.org/abs/2305.1)]"
        "[[code](https://github.com/a/b)]\n"
        "* **RoboRefer**: \"Spatial Referring with Reasoning\", *arXiv, June 2025*. "
        "[[Paper](https://arxiv.org/abs/2506.04308)]\n"
        "- [[NFM] Neural Factorization Machines (NUS 2017)](https://github.com/w/r/nfm.pdf)\n"
        "- [How Contextual are Word Representations (2019) - Ethayarajh](notes/x.md)\n"
        "- ECCV-22 DecoupleNet: Decoupled Network [[arXiv](https://arxiv.org/pdf/2207.09988.pdf)]\n"
        "- #### GARField: Group Anything [[Paper](https://arxiv.org/abs/2401.09419)]"
        "[[Review](./summaries/GARField.md)]\n")
    assert titles(notebook) == [
        "Domain Adaptation by Backprop", "Can LMs Solve Graph Problems?",
        "Spatial Referring with Reasoning", "Neural Factorization Machines",
        "How Contextual are Word Representations", "DecoupleNet: Decoupled Network",
        "GARField: Group Anything"]
    urls = [p.url for p in notebook.papers()]
    assert urls[0] == "https://arxiv.org/abs/1409.7495"  # the venue label, not the code
    assert urls[1] == "https://arxiv.org/abs/2305.1" and urls[6] == (
        "https://arxiv.org/abs/2401.09419")
    summaries = [p.summary for p in notebook.papers()]
    assert "NeurIPS'23" in summaries[1] and "NUS 2017" in summaries[3]
    assert summaries[6].startswith("[[Paper]")  # the `####` is markup, not a heading again


def test_a_table_whose_links_sit_in_another_column() -> None:
    notebook = read(
        "## Weekly\n| Paper | Links |\n| --- | --- |\n"
        "| Toolformer: LMs teach themselves | [Paper](https://arxiv.org/abs/2302.04761), "
        "[Tweet](https://twitter.com/x/1) |\n"
        "| OneFormer: One Transformer | [![arXiv](https://img.shields.io/a.svg)]"
        "(https://arxiv.org/abs/2211.06220) |\n")
    assert [(p.title, p.url) for p in notebook.papers()] == [
        ("Toolformer: LMs teach themselves", "https://arxiv.org/abs/2302.04761"),
        ("OneFormer: One Transformer", "https://arxiv.org/abs/2211.06220")]


def test_html_blocks_with_a_bold_link_are_papers() -> None:
    notebook = read(
        "## 3d\n\n<p align=\"left\">\n    <a href=\"https://arxiv.org/abs/2404.04319\">\n"
        "        <strong>🔥 SpatialTracker: Tracking Any 2D Pixels</strong>\n    </a>\n"
        "    [<a href=\"https://github.com/h/s\">code</a>]\n</p>\n")
    (paper,) = notebook.papers()
    assert (paper.title, paper.url, paper.starred) == (
        "SpatialTracker: Tracking Any 2D Pixels", "https://arxiv.org/abs/2404.04319", True)
    assert [link.url for link in paper.related] == ["https://github.com/h/s"]


def test_a_topic_after_a_divided_group_is_in_no_group() -> None:
    # `## Summaries` holds most papers under `###` years and is divided into them; the
    # `## License` after it is its sibling, not one of its years.
    notebook = read(
        "# Paper summaries\n## Summaries\n### 2024\n- [A](https://arxiv.org/abs/2401.00001)\n"
        "- [B](https://arxiv.org/abs/2402.00002)\n### 2023\n- [C](https://arxiv.org/abs/2301.00003)\n"
        "- [E](https://arxiv.org/abs/2302.00005)\n"
        "## Ideas\n- [D](https://arxiv.org/abs/2001.00004)\n## License\nMIT\n")
    assert [(t.title, t.group) for t in notebook.topics] == [
        ("2024", "Summaries"), ("2023", "Summaries"), ("Ideas", ""), ("License", "")]
