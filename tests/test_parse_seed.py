"""The parser on the user's own notes: what issue 2 promises about them."""

from __future__ import annotations

import re

import pytest

from notes_site.model import Notebook, Paper, Points, Remark, Severity
from notes_site.parse import ParseResult, parse
from tests.conftest import NOTES, SHARED_NOTES, golden_json


@pytest.fixture(scope="module")
def result() -> ParseResult:
    return parse(NOTES.read_text(encoding="utf-8"), "docs/notes/iclr2020.md")


@pytest.fixture(scope="module")
def notebook(result: ParseResult) -> Notebook:
    assert result.notebook is not None
    return result.notebook


def by_title(notebook: Notebook, start: str) -> Paper:
    (paper,) = [p for p in notebook.papers() if p.title.startswith(start)]
    return paper


def test_embedded_notes_are_the_users_notes_byte_for_byte() -> None:
    if not SHARED_NOTES.exists():
        pytest.skip(f"{SHARED_NOTES} is not beside this checkout")
    assert NOTES.read_bytes() == SHARED_NOTES.read_bytes()


def test_model_matches_golden(result: ParseResult) -> None:
    golden_json("iclr2020.model.json", result)


def test_six_topics_in_source_order(notebook: Notebook) -> None:
    assert [t.title for t in notebook.topics] == [
        "Optimization & Generalization", "Generative models", "Inference methods",
        "Continual learning", "Transfer learning", "Meta learning",
    ]
    assert [len(t.papers) for t in notebook.topics] == [9, 4, 1, 3, 3, 1]


def test_twenty_one_papers_with_collapsed_titles_and_urls(notebook: Notebook) -> None:
    papers = notebook.papers()
    assert len(papers) == 21
    assert all(p.url and p.url.startswith("http") for p in papers)
    assert all("  " not in p.title and "\n" not in p.title for p in papers)
    rethinking = by_title(notebook, "RETHINKING")
    assert rethinking.title == "RETHINKING SOFTMAX CROSS-ENTROPY LOSS FOR ADVERSARIAL ROBUSTNESS"
    assert rethinking.url == "https://openreview.net/pdf?id=Byg9A24tvB"
    assert [p.line for p in papers] == sorted(p.line for p in papers)


def test_two_starred_papers(notebook: Notebook) -> None:
    starred = [p.title for p in notebook.papers() if p.starred]
    assert starred == [
        "Unordered gradient estimator for discrete random variable",
        "EFFECT OF ACTIVATION FUNCTIONS ON THE TRAINING OF OVERPARAMETRIZED NEURAL NETS",
    ]


def test_the_swallowed_paper_is_its_own_entry(notebook: Notebook) -> None:
    gradients = by_title(notebook, "GRADIENTS AS FEATURES")
    assert gradients.title == "GRADIENTS AS FEATURES FOR DEEP REPRESENTATION LEARNING"
    assert gradients.line == 62
    before = by_title(notebook, "UNDERSTANDING AND IMPROVING")
    assert "GRADIENTS" not in str(before.body) and "GRADIENTS" not in before.summary


def test_related_links(notebook: Notebook) -> None:
    related = {p.title[:30]: [(link.text, link.line, link.col) for link in p.related]
               for p in notebook.papers() if p.related}
    assert related == {
        "EFFECT OF ACTIVATION FUNCTIONS": [
            ("A Convergence Theory for Deep Learning via Over-Parameterization", 4, 199),
            ("Neural Tangent Kernel", 4, 319),
        ],
        "GENERAL INCOMPRESSIBLE-FLOW NE": [
            ("Nonlinear ICA Using Auxiliary Variables and Generalized Contrastive Learning",
             26, 231),
        ],
        "GRADIENTS AS FEATURES FOR DEEP": [("NTK", 62, 323)],
    }


def test_math_spans_stay_byte_for_byte(notebook: Notebook) -> None:
    texts = [p.summary for p in notebook.papers()]
    texts += [item for p in notebook.papers() for b in p.body if isinstance(b, Points)
              for item in b.items]
    spans = [m for text in texts for m in re.findall(r"\$[^$]+\$", text)]
    assert spans == ["$l_2$", "$r$", "$r \\ge k$", "$k$"]
    source = NOTES.read_text(encoding="utf-8")
    assert all(span in source for span in spans)


def test_sub_points_and_remark(notebook: Notebook) -> None:
    hyper = by_title(notebook, "HYPERPARAMETERS")
    assert hyper.summary == ""
    (points,) = hyper.body
    assert isinstance(points, Points) and len(points.items) == 2
    assert points.items[0].startswith("Optimal hyperparameters")
    transfer = by_title(notebook, "UNDERSTANDING AND IMPROVING")
    assert [type(b) for b in transfer.body] == [Points, Remark]
    assert transfer.body[1] == Remark(
        "The condition number of the matrix measures the ratio of the maximum relative "
        "stretching to the maximum relative shrinking that matrix does to any non zero vectors.")


def test_lazy_continuation_belongs_to_the_entry(notebook: Notebook) -> None:
    rethinking = by_title(notebook, "RETHINKING")
    assert rethinking.summary.endswith(
        "Other related works focus on intra-class compactness without controlling "
        "inter-class dispersion, such as constrative loss, triplet loss, center loss.")


def test_findings_empty_entry_and_numbering(result: ParseResult) -> None:
    findings = [(d.line, d.col, d.code) for d in result.diagnostics]
    assert findings == [(11, 1, "numbering"), (15, 1, "numbering"), (21, 1, "numbering"),
                        (66, 1, "empty-entry")]
    assert all(d.severity is Severity.INFO for d in result.diagnostics)
    assert str(result.diagnostics[-1]).startswith("docs/notes/iclr2020.md:66:1: empty entry")


def test_anchors_are_unique_and_stable(notebook: Notebook) -> None:
    anchors = [p.anchor for p in notebook.papers()]
    assert len(set(anchors)) == 21
    again = parse(NOTES.read_text(encoding="utf-8"), "docs/notes/iclr2020.md").notebook
    assert again is not None and [p.anchor for p in again.papers()] == anchors


def test_venue_option_overrides_url_venue() -> None:
    result = parse(NOTES.read_text(encoding="utf-8"), "n.md", venue="ICLR 2020")
    assert result.notebook is not None
    assert {p.venue for p in result.notebook.papers()} == {"ICLR 2020"}
