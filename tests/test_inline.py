"""Inline Markdown with positions."""

from __future__ import annotations

from hypothesis import strategies as st

from notes_site.inline import Source, inline_links, links_in_markdown, markdown_parser

MD = markdown_parser()


def parsed(text: str) -> list[object]:
    return list(inline_links(MD.parseInline(text)[0].children or []))


pieces = st.sampled_from([
    "[", "]", "(", ")", "<", ">", "$", "`", "\\", "&amp;", "*", "_", " ", "\n", ":", "word",
    "https://a.org/x", "github.com", "a@b.co", "[T](https://o.net/pdf?id=X)", '"t"',
])


def test_urls_stay_as_written() -> None:
    (link,) = parsed("[x](https://a.org/ä?q=1&r=2)")
    assert link.url == "https://a.org/ä?q=1&r=2"  # type: ignore[attr-defined]


def test_positions_across_lines() -> None:
    source = Source.of_lines([(7, 5, "see [A"), (8, 1, "B](https://a.org) and <https://b.org>")])
    links = parsed(source.text)
    assert [source.position(link.start) for link in links] == [(7, 9), (8, 23)]  # type: ignore[attr-defined]


def test_links_in_markdown_skip_code_and_keep_columns() -> None:
    lines = ["para [a](https://a.org)", "", "    [code](https://no.org)", "", "`[x](https://no.org)`",
             "bare https://bare.org/x here, github.com"]
    found = [(link.url, link.line, link.col) for link in links_in_markdown(MD, lines, 10, [2] * 6)]
    # Fuzzy links are off: `github.com` (or `model.py`) is text, not a link.
    assert found == [("https://a.org", 10, 8), ("https://bare.org/x", 15, 8)]
