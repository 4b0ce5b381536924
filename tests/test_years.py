"""Years without asking anyone (`notes_site.years`): each rule on real lines of the corpus in
`../shared/corpus` (quoted lines name their file), and the rules over whole corpus files.

The expected years are the ones the lines themselves print (a venue's year, an arXiv id's
digits as arXiv documents them); over the corpus, the years read from words and headings are
checked against a second source, the arXiv id of the same paper.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest

from notes_site.exports import papers_json, schema
from notes_site.identity import API_SITES, ARXIV, paper_id
from notes_site.metadata import PaperMeta
from notes_site.model import Notebook
from notes_site.parse import parse
from notes_site.venues import url_year
from notes_site.years import (
    ARXIV_ID,
    HEADING,
    METADATA,
    TEXT,
    URL,
    Year,
    arxiv_year,
    heading_year,
    notebook_years,
    paper_year,
    placed,
    text_year,
)
from tests.test_corpus import CORPUS, corpus_file


def notebook(text: str) -> Notebook:
    result = parse(text, "notes.md")
    assert result.notebook is not None
    return result.notebook


# --- arXiv ids: https://info.arxiv.org/help/arxiv_identifier.html --------------------------


@pytest.mark.parametrize(("ident", "year"), [
    ("1706.03762", 2017),          # YYMM.NNNNN since April 2007
    ("2106.01234", 2021),
    ("0704.0001", 2007),           # the first new-style id
    ("hep-th/9901001", 1999),      # archive/YYMMNNN, August 1991 to March 2007
    ("cs/0112017", 2001),
    ("math.GT/0309136", 2003),
])
def test_arxiv_ids_give_the_year_they_were_issued(ident: str, year: int) -> None:
    assert arxiv_year(ident) == year


def test_ids_arxiv_never_issued_give_no_year() -> None:
    assert arxiv_year("0612.01234") is None  # new-style ids start in 0704
    assert arxiv_year("1713.01234") is None  # no month 13


# --- the venue's own URL --------------------------------------------------------------------


@pytest.mark.parametrize(("url", "year"), [
    # Hannibal046__Awesome-LLM__README.md:51
    ("https://papers.nips.cc/paper/2020/file/1457c0d6bfcb4967418bfb8ac142f64a-Paper.pdf", 2020),
    ("https://proceedings.neurips.cc/paper_files/paper/2022/hash/x-Abstract-Conference.html",
     2022),
    ("https://proceedings.neurips.cc/paper/2021/hash/x-Abstract.html", 2021),
    # zhaoxin94__awesome-domain-adaptation__README.md
    ("http://openaccess.thecvf.com/content_CVPR_2019/html/Wang_Few-Shot_Adaptive_Faster_R-CNN"
     "_CVPR_2019_paper.html", 2019),
    ("http://openaccess.thecvf.com/content_CVPRW_2019/papers/MULA/Wan_Co-Compressing_and_"
     "Unifying_Deep_CNN_Models_for_Efficient_Human_Face_CVPRW_2019_paper.pdf", 2019),
    ("http://openaccess.thecvf.com/content_cvpr_2016/papers/He_Deep_CVPR_2016_paper.pdf", 2016),
    # SkalskiP__top-cvpr-2024-papers__README.md:271
    ("https://openaccess.thecvf.com/content/CVPR2024/html/Ryou_Robust_Image_Denoising_through_"
     "Adversarial_Frequency_Mixup_CVPR_2024_paper.html", 2024),
    # Hannibal046__Awesome-LLM__README.md:45 (BERT, NAACL 2019)
    ("https://aclanthology.org/N19-1423.pdf", 2019),
    # Hironsan__awesome-embedding-models__README.md:25, :58
    ("http://www.aclweb.org/anthology/P12-1092", 2012),
    ("https://www.aclweb.org/anthology/W/W16/W16-2501.pdf", 2016),
    ("https://aclanthology.org/2020.acl-main.1/", 2020),
    ("https://aclanthology.org/J93-2004", 1993),
    # PMLR names a paper by its first author and two-digit year: v97 is ICML 2019.
    ("http://proceedings.mlr.press/v97/zhang19a.html", 2019),
    ("http://proceedings.mlr.press/v70/arjovsky17a/arjovsky17a.pdf", 2017),
    # naganandy__graph-based-deep-learning-literature__…iclr_2020.md:1
    ("https://openreview.net/group?id=ICLR.cc/2020/Conference", 2020),
])
def test_a_venue_url_gives_its_year(url: str, year: int) -> None:
    assert url_year(url) == year


@pytest.mark.parametrize("url", [
    "https://papers.nips.cc/paper/5423-generative-adversarial-nets",  # old NeurIPS paths
    "https://openreview.net/forum?id=SyK00v5xx",
    "https://proceedings.mlr.press/v97/",
    "https://aclanthology.org/volumes/2020.challengehml-1/",
    "https://github.com/2019/x",
])
def test_a_url_without_a_year_gives_none(url: str) -> None:
    assert url_year(url) is None


# --- the entry's words ----------------------------------------------------------------------


@pytest.mark.parametrize(("line", "year"), [
    # Hironsan__awesome-embedding-models__README.md:25
    ("* Improving Word Representations via Global Context and Multiple Word Prototypes (2012), "
     "EH Huang et al. [[pdf]](http://www.aclweb.org/anthology/P12-1092)", 2012),
    # XiaoxinHe__Awesome-Graph-LLM__README.md:33
    ("- (*NeurIPS'23*) Can Language Models Solve Graph Problems in Natural Language? "
     "[[paper](https://arxiv.org/abs/2305.10037)]", 2023),
    # heejkoo__Awesome-Diffusion-Models__README.md:132
    ("arXiv 2022. [[Paper](https://arxiv.org/abs/2207.02196)] \\", 2022),
    # jindongwang__transferlearning__doc_transfer_learning_application.md:39
    ("- ECCV-22 DecoupleNet: Decoupled Network for Domain Adaptive Semantic Segmentation "
     "[[arXiv](https://arxiv.org/pdf/2207.09988.pdf)]", 2022),
    # benedekrozemberczki__awesome-community-detection__chapters_physics.md:4
    ("- **Community Detection on Networks with Ricci Flow (Nature Scientific Reports 2019)**",
     2019),
    # eugeneyan__applied-ml__README.md: a year as a tag
    ("1. [Testing Firefox More Efficiently with Machine Learning](https://hacks.mozilla.org/"
     "2020/07/testing-firefox-more-efficiently-with-machine-learning/) `Mozilla` `2020`", 2020),
    ("CVPR 2016", 2016),
    ("ICLR2020", 2020),
])
def test_words_that_name_a_year(line: str, year: int) -> None:
    assert text_year(line) == year


@pytest.mark.parametrize("line", [
    # Hannibal046__Awesome-LLM__README.md:46, :93: model versions, not years
    "| 2019-02 |        GPT 2.0       |       OpenAI       |",
    "[Llama 2: Open Foundation and Fine-Tuned Chat Models](https://arxiv.org/pdf/2307.09288.pdf)",
    "arXiv 1905.01234",            # an id, not a year
    "CVPR 2016 and ICCV 2017",     # two years: no guess
    "Top 2019 papers",             # a year after no venue
    "(2150)",
])
def test_words_that_name_no_single_year(line: str) -> None:
    assert text_year(line) is None


def test_headings_that_name_a_year() -> None:
    # vlgiitr__papers_we_read__README.md:25 `### 2024`; THUYimingLi…:354 `#### 2021 `
    assert heading_year("2024") == 2024
    assert heading_year("2021 ") == 2021
    # naganandy…iclr_2020.md:1, as the heading's text
    assert heading_year("Submissions in ICLR 2020") == 2020
    assert heading_year("Transformers") is None
    assert heading_year("Top 100") is None


# --- the rules in order ---------------------------------------------------------------------

NOTES = """\
# Notes

## 2018

1. [Attention Is All You Need](https://arxiv.org/abs/1706.03762): NeurIPS 2017.
2. [Deep Residual Learning](http://openaccess.thecvf.com/content_cvpr_2016/papers/He.pdf): ResNet.
3. [A blog post (2019)](https://example.com/post): a year in the title.
4. [Something](https://example.com/x): no year of its own.
"""


def test_each_paper_gets_the_first_rule_that_answers() -> None:
    nb = notebook(NOTES)
    meta = {"arxiv:1706.03762": PaperMeta(year=2017)}
    years = notebook_years(nb, meta)
    by_title = {p.title: years.get(p.anchor) for p in nb.papers()}
    assert by_title == {
        "Attention Is All You Need": Year(2017, METADATA),
        "Deep Residual Learning": Year(2016, URL),
        "A blog post": Year(2019, TEXT),  # `A blog post (2019)`: the year is no title
        "Something": Year(2018, HEADING),
    }
    first = nb.papers()[0]
    assert paper_year(first, ("2018",)) == Year(2017, ARXIV_ID)


def test_papers_json_says_each_year_and_where_it_came_from() -> None:
    nb = notebook(NOTES)
    document = json.loads(papers_json([nb], {"arxiv:1706.03762": PaperMeta(year=2017)}))
    jsonschema.validate(document, schema())
    assert [(p["year"], p["year_source"]) for p in document["papers"]] == [
        (2017, "metadata"), (2016, "url"), (2019, "text"), (2018, "heading")]


# --- over the corpus ------------------------------------------------------------------------


def _corpus_notebooks() -> list[tuple[str, Notebook]]:
    corpus_file("mli__paper-reading__README.md")  # skips without the corpus
    found = []
    for path in sorted(Path(CORPUS).glob("*__*.md")):
        result = parse(path.read_text(encoding="utf-8"), path.name)
        if result.notebook is not None:
            found.append((path.name, result.notebook))
    return found


def test_most_corpus_papers_linking_arxiv_or_openreview_get_a_year() -> None:
    """At least 80% of the papers that link arXiv or OpenReview, in each corpus file with ten
    or more of them."""
    counted = 0
    for name, nb in _corpus_notebooks():
        years = notebook_years(nb)
        linked = [p for p in nb.papers()
                  if p.url and (i := paper_id(p.url)) and i.site in API_SITES]
        if len(linked) < 10:
            continue
        counted += 1
        with_year = sum(p.anchor in years for p in linked)
        assert with_year >= 0.8 * len(linked), f"{name}: {with_year} of {len(linked)}"
    assert counted >= 10


def test_years_from_words_and_headings_agree_with_the_arxiv_id() -> None:
    """A paper's published year is its arXiv year or up to two years later: the years the
    words and headings give are checked against the arXiv ids of the same papers."""
    agree = disagree = 0
    for _, nb in _corpus_notebooks():
        for paper, headings in placed(nb):
            ident = paper_id(paper.url) if paper.url else None
            if not (ident and ident.site == ARXIV and (issued := arxiv_year(ident.id))):
                continue
            without_url = paper_year(dataclasses.replace(paper, url=None), headings)
            if without_url is None:
                continue
            if 0 <= without_url.year - issued <= 2:
                agree += 1
            else:
                disagree += 1
    assert agree >= 500
    assert disagree <= 0.02 * (agree + disagree), (agree, disagree)
