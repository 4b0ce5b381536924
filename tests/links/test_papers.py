"""Papers checked in batches through fake arXiv and OpenReview APIs on 127.0.0.1."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from notes_site.links.check import CheckOptions, Fetcher, LinkResult, Outcome, client_session
from notes_site.links.papers import (
    parse_arxiv_feed,
    parse_openreview_notes,
    titles_match,
    verify_arxiv,
    verify_openreview,
)
from notes_site.links.run import check_plan, prepare
from notes_site.model import Severity
from tests.links.conftest import FAST, Servers

ARXIV_FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <link href="http://arxiv.org/api/query?id_list=1805.08651" rel="self"/>
  <title type="html">ArXiv Query: id_list=1805.08651,bad</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <entry>
    <id>http://arxiv.org/abs/1805.08651v3</id>
    <title>Nonlinear ICA Using Auxiliary Variables and Generalized Contrastive
  Learning</title>
    <link href="http://arxiv.org/abs/1805.08651v3" rel="alternate" type="text/html"/>
  </entry>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_bad</id>
    <title>Error</title>
    <summary>incorrect id format for bad</summary>
  </entry>
</feed>"""


def test_an_arxiv_feed_gives_titles_by_id_without_version() -> None:
    assert parse_arxiv_feed(ARXIV_FEED) == {"1805.08651": "Nonlinear ICA Using Auxiliary "
                                            "Variables and Generalized Contrastive Learning"}


def test_a_throttled_arxiv_answer_is_not_a_feed() -> None:
    with pytest.raises(ValueError, match="not an Atom feed"):
        parse_arxiv_feed(b"Rate exceeded.")


def test_openreview_v1_and_v2_notes_give_titles() -> None:
    v1 = (b'{"notes": [{"id": "HJenn6VFvB", '
          b'"content": {"title": "Hamiltonian Generative Networks"}}]}')
    v2 = b'{"notes": [{"id": "X1", "content": {"title": {"value": "A  v2\\ntitle"}}}], "count": 1}'
    assert parse_openreview_notes(v1) == {"HJenn6VFvB": "Hamiltonian Generative Networks"}
    assert parse_openreview_notes(v2) == {"X1": "A v2 title"}
    with pytest.raises(ValueError):
        parse_openreview_notes(b'{"name": "RateLimitError"}')


@pytest.mark.parametrize(("noted", "real"), [
    ("RETHINKING SOFTMAX CROSS-ENTROPY LOSS FOR ADVERSARIAL ROBUSTNESS",
     "Rethinking Softmax Cross-Entropy Loss for Adversarial Robustness"),
    ("ProxSGD", "ProxSGD: Training Structured Neural Networks under Regularization and "
                "Constraints"),
    ("GENERAL INCOMPRESSIBLE-FLOW NETWORKS (GIN)",
     "Disentanglement by Nonlinear ICA with General Incompressible-flow Networks (GIN)"),
    ("Convolutional Conditional Neural Process", "Convolutional Conditional Neural Processes"),
    ("Learning with $l_2$ norms", "Learning with l_2 Norms"),
])
def test_titles_that_name_the_same_paper_match(noted: str, real: str) -> None:
    assert titles_match(noted, real)


def test_a_wrong_paper_does_not_match() -> None:
    assert not titles_match("Attention Is All You Need", "Hamiltonian Generative Networks")


def verify(options: CheckOptions, arxiv: list[str], openreview: list[str]
           ) -> dict[str, LinkResult]:
    async def go() -> dict[str, LinkResult]:
        async with client_session(options) as session:
            fetcher = Fetcher(session, options)
            found = await verify_arxiv(fetcher, arxiv)
            return {**found, **await verify_openreview(fetcher, openreview)}

    return asyncio.run(go())


def apis(servers: Servers, api_batch: int = FAST.api_batch) -> CheckOptions:
    return replace(FAST, arxiv_api=servers.url("/arxiv/query"), api_batch=api_batch,
                   openreview_api=(servers.url("/openreview/v2/notes"),
                                   servers.url("/openreview/v1/notes")))


def test_ids_are_asked_in_batches(servers: Servers) -> None:
    servers.state.queries.clear()
    results = verify(apis(servers, api_batch=2), ["1805.08651", "1706.03762", "2001.99999"],
                     ["HJenn6VFvB", "NEWv2paper", "Skey4eBYPS"])
    assert {key: r.outcome for key, r in results.items()} == {
        "arxiv:1805.08651": Outcome.OK, "arxiv:1706.03762": Outcome.OK,
        "arxiv:2001.99999": Outcome.BROKEN, "openreview:HJenn6VFvB": Outcome.OK,
        "openreview:NEWv2paper": Outcome.OK, "openreview:Skey4eBYPS": Outcome.OK}
    assert results["openreview:NEWv2paper"].title == "A Paper Only API v2 Knows"
    assert results["arxiv:1706.03762"].title == "Attention Is All You Need"
    assert sorted(servers.state.queries) == [
        "/arxiv/query?id_list=1805.08651,1706.03762&max_results=2",
        "/arxiv/query?id_list=2001.99999&max_results=1",
        "/openreview/v1/notes?ids=HJenn6VFvB,Skey4eBYPS",
        "/openreview/v2/notes?ids=HJenn6VFvB,NEWv2paper",
        "/openreview/v2/notes?ids=Skey4eBYPS",
    ], "v1 is asked only for what v2 did not know"


def test_an_api_that_fails_leaves_papers_unknown_not_broken(servers: Servers) -> None:
    options = replace(apis(servers), arxiv_api=servers.url("/status/503"),
                      openreview_api=(servers.url("/status/404"),))
    results = verify(options, ["1805.08651"], ["HJenn6VFvB"])
    assert {r.outcome for r in results.values()} == {Outcome.UNKNOWN}
    assert "503" in results["arxiv:1805.08651"].detail


NOTES = """# Papers

## Checked through the APIs

1. [Hamiltonian Generative Networks](https://openreview.net/pdf?id=HJenn6VFvB): right link.
2. [Attention Is All You Need](https://openreview.net/forum?id=Skey4eBYPS): a wrong link.
3. [Nonlinear ICA Using Auxiliary Variables and Generalized Contrastive Learning](https://arxiv.org/pdf/1805.08651v2.pdf)
4. [A Paper Only API v2 Knows](http://www.openreview.net/pdf?id=NEWv2paper)
5. [A paper arXiv never had](https://arxiv.org/abs/2001.99999)
"""


def test_a_run_verifies_papers_and_reports_a_title_mismatch(servers: Servers,
                                                            tmp_path: Path) -> None:
    notes = tmp_path / "papers.md"
    notes.write_text(NOTES, encoding="utf-8")
    before = sum(servers.state.hits.values())
    report = check_plan(prepare([notes]), apis(servers))
    outcomes = {link.url: link.result and link.result.outcome for link in report.links}
    assert outcomes["https://arxiv.org/abs/2001.99999"] is Outcome.BROKEN
    assert list(outcomes.values()).count(Outcome.OK) == 4
    mismatch = [d for d in report.diagnostics if d.code == "title-mismatch"]
    assert [(d.line, d.col, d.severity) for d in mismatch] == [(6, 4, Severity.WARNING)]
    assert "'Attention Is All You Need'" in mismatch[0].message
    assert "'Convolutional Conditional Neural Processes'" in mismatch[0].message
    assert sum(servers.state.hits.values()) - before == 3, "one arXiv call, v2 and v1 calls"
    assert report.exit_code() == 1, "the paper arXiv never had is a broken link"


def test_a_malformed_arxiv_id_is_reported_and_the_rest_of_its_batch_checked(
        servers: Servers) -> None:
    # "1805.0865l" ends in a letter l, a typo arXiv refuses with 400 for the whole batch.
    servers.state.queries.clear()
    results = verify(apis(servers), ["1805.08651", "1805.0865l", "1706.03762", "2001.99999"], [])
    assert {key: r.outcome for key, r in results.items()} == {
        "arxiv:1805.08651": Outcome.OK, "arxiv:1805.0865l": Outcome.BROKEN,
        "arxiv:1706.03762": Outcome.OK, "arxiv:2001.99999": Outcome.BROKEN}
    assert "refuses the id '1805.0865l'" in results["arxiv:1805.0865l"].detail
    assert "400" in results["arxiv:1805.0865l"].detail
    assert results["arxiv:1706.03762"].title == "Attention Is All You Need"
    assert servers.state.queries == [
        "/arxiv/query?id_list=1805.08651,1805.0865l,1706.03762,2001.99999&max_results=4",
        "/arxiv/query?id_list=1805.08651,1706.03762,2001.99999&max_results=3",
    ], "the refusal names the bad id: one more call, without it"


def test_two_malformed_arxiv_ids_in_one_batch(servers: Servers) -> None:
    results = verify(apis(servers), ["bad one", "1706.03762", "1805.08651v2x"], [])
    assert [results[f"arxiv:{i}"].outcome for i in ("bad one", "1706.03762", "1805.08651v2x")
            ] == [Outcome.BROKEN, Outcome.OK, Outcome.BROKEN]


def test_an_openreview_batch_refused_with_400_is_split_to_find_the_bad_id(
        servers: Servers) -> None:
    servers.state.queries.clear()
    ids = ["HJenn6VFvB", "Skey4eBYPS", "NEWv2paper", "Bad id!"]
    results = verify(apis(servers), [], ids)
    assert {key: r.outcome for key, r in results.items()} == {
        "openreview:HJenn6VFvB": Outcome.OK, "openreview:Skey4eBYPS": Outcome.OK,
        "openreview:NEWv2paper": Outcome.OK, "openreview:Bad id!": Outcome.BROKEN}
    assert "refuses the id 'Bad id!'" in results["openreview:Bad id!"].detail
    v2 = [q for q in servers.state.queries if q.startswith("/openreview/v2/")]
    # The whole batch, then its halves, then the refused half's halves; v1 only for the
    # well-formed ids v2 did not know.
    assert len(v2) == 5
    assert [q for q in servers.state.queries if q.startswith("/openreview/v1/")] == [
        "/openreview/v1/notes?ids=HJenn6VFvB,Skey4eBYPS"]


def test_a_404_endpoint_is_a_failure_not_a_refusal(servers: Servers) -> None:
    options = replace(apis(servers), openreview_api=(servers.url("/status/404"),))
    results = verify(options, [], ["HJenn6VFvB", "Skey4eBYPS"])
    assert {r.outcome for r in results.values()} == {Outcome.UNKNOWN}


def test_a_run_reports_the_typo_and_checks_the_rest_of_its_batch(servers: Servers,
                                                                 tmp_path: Path) -> None:
    # 1813.08651: month 13 does not exist; arXiv refuses the batch this id is in.
    notes = tmp_path / "papers.md"
    notes.write_text(NOTES + "6. [A typo](https://arxiv.org/abs/1813.08651)\n", encoding="utf-8")
    report = check_plan(prepare([notes]), apis(servers))
    outcomes = {link.url: link.result and link.result.outcome for link in report.links}
    assert outcomes["https://arxiv.org/abs/1813.08651"] is Outcome.BROKEN
    assert outcomes["https://arxiv.org/pdf/1805.08651v2.pdf"] is Outcome.OK
    assert Outcome.UNKNOWN not in outcomes.values()
    broken = [d for d in report.diagnostics if d.code == "broken"]
    assert [d.line for d in broken] == [9, 10]
    assert "refuses the id '1813.08651'" in broken[1].message
