"""The renderer's raw HTML is what Python-Markdown, configured as the site's mkdocs.yml, makes
of the Markdown it replaces (issue 13): the same elements, attributes and text."""

from __future__ import annotations

from notes_site.defuse import escape_text
from notes_site.nh3_spellings import Events as _Events
from notes_site.raw_html import (
    Row,
    badge_line,
    html_link,
    link_to,
    map_line,
    papers_table,
    plain,
    related_line,
)
from tests.conftest import converter

ROWS = [Row("Adam & AdamW <fast>", "../optimization/#adam", "Optimization & more", "ICLR 2020",
            "★ ⭐⭐", "2015", "2024-03-01", "Diederik P. Kingma, Jimmy Ba"),
        Row("BERT: pre-training", "../nlp/#bert", "NLP", "", "")]


def events(html: str) -> list[tuple[str, ...]]:
    """Tags, attributes and text, white space between blocks aside."""
    return [e for e in _Events.of(html) if not (e[0] == "text" and not e[1].strip())]


def test_table_is_what_python_markdown_makes_of_the_markdown_table() -> None:
    lines = ["| Paper | Topic | Venue | Year | Starred | Noted |",
             "| --- | --- | --- | --- | :---: | --- |"]
    lines += [f"| [{escape_text(r.title)}]({r.href})"
              + (f'<br><small class="ns-authors">{escape_text(r.authors)}</small>' if r.authors
                 else "")
              + f" | {escape_text(r.topic)} | {escape_text(r.venue)} | {r.year} | {r.starred} "
              f"| {r.noted} |" for r in ROWS]
    assert events(papers_table(ROWS)) == events(converter().reset().convert("\n".join(lines)))


def test_badge_line_is_what_attr_list_makes() -> None:
    star = '<span class="ns-star" title="Starred: a paper that matters">★ starred</span>'
    markdown = (f'{star} <span class="ns-venue">{escape_text("NeurIPS 2019")}</span> '
                "[paper ↗](<https://example.org/a?b=1&c=2>){ .ns-link }\n"
                "{ .ns-meta data-search-exclude }")
    expected = events(converter().reset().convert(markdown))
    assert events(badge_line(star, "NeurIPS 2019", "https://example.org/a?b=1&c=2")) == expected


def test_text_the_extensions_would_change_keeps_the_markdown() -> None:
    changed = ("$k$-means", ":star: paper", "see https://x.org")
    for text in changed:  # math, emoji, magiclink: Python-Markdown shows more than the text
        assert converter().reset().convert(escape_text(text)) != f"<p>{text}</p>", text
    for text in (*changed, "www.x.org", "a@b.org", r"a \(b\)"):  # and, to be safe, these
        assert not plain(text), text
    assert plain("BERT: Pre-training of deep bidirectional transformers")


def test_links_point_where_mkdocs_points_them() -> None:
    # MkDocs 1.6 writes `optimization.md#adam` from papers.md as these (use_directory_urls).
    assert link_to("papers.md", "optimization.md", "adam", True) == "../optimization/#adam"
    assert link_to("papers.md", "optimization.md", "adam", False) == "optimization.html#adam"
    assert link_to("nb/papers.md", "nb/optimization.md", "a", True) == "../optimization/#a"


def test_related_line_is_what_attr_list_makes() -> None:
    markdown = ("**Related:** [Adam & co](<https://arxiv.org/abs/1412.6980>) (arXiv) · "
                "[Other](../b/#x) (in these notes)\n{ .ns-related }")
    expected = events(converter().reset().convert(markdown))
    items = [html_link("Adam & co", "https://arxiv.org/abs/1412.6980") + " (arXiv)",
             html_link("Other", "../b/#x") + " (in these notes)"]
    assert events(related_line(items)) == expected


def test_map_line_is_what_attr_list_makes() -> None:
    markdown = ("**Referenced from:** [Adam & co](../b/#adam) · [Other](#x)\n"
                "{ .ns-backlinks data-search-exclude }")
    expected = events(converter().reset().convert(markdown))
    items = [html_link("Adam & co", "../b/#adam"), html_link("Other", "#x")]
    assert events(map_line("ns-backlinks", "Referenced from", items)) == expected


def test_the_markdown_table_shows_authors_as_written() -> None:
    """A title with math keeps the All papers table in Markdown; its authors show as the
    characters they are, escaped once."""
    from notes_site.metadata import PaperMeta
    from notes_site.parse import parse
    from notes_site.render import render

    notes = "## Theory\n\n1. [Bounds on $x^2$](https://arxiv.org/abs/1706.03762): a note.\n"
    nb = parse(notes, "n.md").notebook
    assert nb is not None
    meta = {"arxiv:1706.03762": PaperMeta(authors=("Ada & Bob", "<Eve>"))}
    page = render([nb], metadata=meta).pages["papers.md"]
    assert "| [Bounds on $x^2$]" in page  # the Markdown table, not the raw HTML one
    html = converter().reset().convert(page.split("---\n", 2)[2])
    assert "Ada &amp; Bob, &lt;Eve&gt;" in html and "&amp;amp;" not in html
