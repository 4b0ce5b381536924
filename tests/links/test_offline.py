"""Offline lint: malformed URLs and bad schemes are errors, non-canonical links warnings."""

from __future__ import annotations

import pytest

from notes_site.links.extract import NotedPaper, extract_links
from notes_site.links.offline import canonical_url, duplicate_papers, lint_links, lint_url
from notes_site.model import Severity
from tests.conftest import NOTES


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "data:text/html,<b>hi</b>", "ftp://ftp.example.org/file",
    "file:///etc/passwd", "vbscript:msgbox",
])
def test_schemes_other_than_http_https_mailto_are_errors(url: str) -> None:
    assert lint_url(url) is not None
    severity, code, _ = lint_url(url) or (None, "", "")
    assert (severity, code) == (Severity.ERROR, "bad-scheme")


@pytest.mark.parametrize("url", [
    "https://", "http:///path", "https://exa%20mple.org/", "https://bad_host!.org/x",
    "https://[::1/", "https://example.org:99999/", "https://a..b/", "mailto:nobody",
    "https://example.org/a b", "",
])
def test_malformed_urls_are_errors(url: str) -> None:
    severity, code, _ = lint_url(url) or (None, "", "")
    assert (severity, code) == (Severity.ERROR, "malformed-url")


@pytest.mark.parametrize("url", [
    "https://openreview.net/pdf?id=HygpthEtvr", "https://arxiv.org/abs/1805.08651",
    "http://127.0.0.1:8000/x", "https://[::1]:8080/", "mailto:someone@openreview.net",
    "http://intranet.lab/page", "https://bücher.example/straße",
])
def test_good_urls_pass(url: str) -> None:
    assert lint_url(url) is None


def test_http_to_an_https_host_is_a_warning_with_the_https_url() -> None:
    url = "http://proceedings.mlr.press/v97/allen-zhu19a.html"
    assert lint_url(url) == (Severity.WARNING, "insecure-url", "http:// link to a host that "
                             "serves https: use https://proceedings.mlr.press/v97/allen-zhu19a.html")


def test_a_non_canonical_host_is_a_warning_with_the_canonical_url() -> None:
    url = "http://www.openreview.net/pdf?id=Skey4eBYPS"
    severity, code, message = lint_url(url) or ((), "", "")
    assert (severity, code) == (Severity.WARNING, "non-canonical-url")
    assert message.endswith("use https://openreview.net/pdf?id=Skey4eBYPS")


def test_relative_links_are_warned_about() -> None:
    assert (lint_url("other.md#part") or ())[:2] == (Severity.WARNING, "relative-url")


def test_canonical_url_keeps_everything_else() -> None:
    assert canonical_url("http://www.arxiv.org/abs/1805.08651v2#s1") == (
        "https://arxiv.org/abs/1805.08651v2#s1")
    assert canonical_url("http://example.org/x") == "http://example.org/x"
    assert canonical_url("http://arxiv.org:8080/abs/1") == "http://arxiv.org:8080/abs/1"


def test_the_embedded_notes_have_warnings_only() -> None:
    found = lint_links("notes.md", extract_links(NOTES.read_text(encoding="utf-8")))
    assert {d.severity for d in found} == {Severity.WARNING}
    assert sorted((d.line, d.code) for d in found) == [
        (4, "insecure-url"), (4, "insecure-url"), (25, "non-canonical-url"),
        (62, "insecure-url")]


def paper(url: str, line: int, path: str = "notes.md") -> NotedPaper:
    return NotedPaper(path, f"Paper on line {line}", url, line, 4)


@pytest.mark.parametrize(("first", "second"), [
    ("https://openreview.net/pdf?id=HygpthEtvr", "https://openreview.net/forum?id=HygpthEtvr"),
    ("https://arxiv.org/abs/1805.08651", "https://arxiv.org/pdf/1805.08651v3.pdf"),
    ("https://openreview.net/pdf?id=Skey4eBYPS", "http://www.openreview.net/pdf?id=Skey4eBYPS"),
    ("https://papers.nips.cc/paper/8076-ntk.pdf", "http://papers.nips.cc/paper/8076-ntk.pdf"),
])
def test_the_same_paper_noted_twice_is_a_warning(first: str, second: str) -> None:
    found = duplicate_papers([paper(first, 3), paper("https://arxiv.org/abs/1706.03762", 5),
                              paper(second, 9, "more.md")])
    assert [(d.path, d.line, d.severity, d.code) for d in found] == [
        ("more.md", 9, Severity.WARNING, "duplicate-paper")]
    assert "same paper as notes.md:3:4" in found[0].message


def test_different_papers_are_not_duplicates() -> None:
    assert duplicate_papers([paper("https://openreview.net/pdf?id=A1", 1),
                             paper("https://openreview.net/pdf?id=B2", 2),
                             paper("https://arxiv.org/abs/1805.08651", 3),
                             paper("https://arxiv.org/abs/1805.08652", 4)]) == []
