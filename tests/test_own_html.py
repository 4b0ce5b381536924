"""The renderer's own blocks (badges, related line, map lines, All papers table) are HTML in
one form, for the plugin and the export alike: what Python-Markdown, configured as the site's
mkdocs.yml, makes of the Markdown they stand for, the text in them shown as the site's
extensions show it (math, emoji, bare URLs, backslashes)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from notes_site.allow_list import sanitize_page
from notes_site.config import ConfigError, markdown_options, read_mkdocs_yml
from notes_site.defuse import escape_text
from notes_site.held import new_nonce
from notes_site.metadata import PaperMeta
from notes_site.model import Link, Notebook
from notes_site.nh3_spellings import Events as _Events
from notes_site.notebooks import load_notebooks
from notes_site.own_html import Row, badge_line, link_to, map_line, papers_table, related_line
from notes_site.parse import parse
from notes_site.render import render
from notes_site.site_markdown import MKDOCS_DEFAULT, InlineHtml, MarkdownOptions, needs_markdown
from notes_site.url_schemes import is_safe_url
from tests.conftest import FIXTURES, ROOT, converter, page_html

#: The repo's site, as the plugin hands it to the renderer.
SITE = markdown_options(read_mkdocs_yml(ROOT / "mkdocs.yml"))
#: Text Python-Markdown shows as more than its characters on this site, and text it does not.
MARKUP = ["$k$-means", ":star: paper", "see https://x.org", r"a \(b\)", "write a@b.org",
          r"C_d back\slash", "www.x.org site"]
PLAIN = ["BERT: pre-training", "Adam & <b>AdamW</b>", "x | y", "[bracketed] title",
         "*not emphasis*", "`code`", "C# and F#", "it's \"quoted\""]


def events(html: str) -> list[tuple[str, ...]]:
    """Tags, attributes and text, white space between blocks aside."""
    return [e for e in _Events.of(html) if not (e[0] == "text" and not e[1].strip())]


def inline(markdown_text: str, md: markdown.Markdown | None = None) -> str:
    """One line of Markdown as the site's Python-Markdown writes it in its paragraph."""
    out = (md or converter()).reset().convert(markdown_text)
    assert out.startswith("<p>") and out.endswith("</p>"), out
    return out[3:-4]


@pytest.mark.parametrize("text", MARKUP)
def test_text_an_extension_changes_is_what_python_markdown_writes(text: str) -> None:
    assert needs_markdown(text)
    assert InlineHtml(SITE).text(text) == inline(escape_text(text))


def test_math_emoji_and_urls_show_as_the_site_shows_them() -> None:
    shown = InlineHtml(SITE)
    assert shown.text("$k$-means") == r'<span class="arithmatex">\(k\)</span>-means'
    assert shown.text(":star: paper") == "⭐ paper"
    assert "<a href=" in shown.text("see https://x.org")


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_escaped_as_python_markdown_shows_it(text: str) -> None:
    assert not needs_markdown(text)
    # Python-Markdown writes `[` as the reference escape_text gave it; the text is the same.
    assert events(InlineHtml(SITE).text(text)) == events(inline(escape_text(text)))


@pytest.mark.parametrize(("text", "href"), [
    ("Adam & co", "https://arxiv.org/abs/1412.6980"),
    ("$x$ bounds", "../b/#x"),
    ("plain", "https://x.org/a?b=1&amp;c=2"),
    ("see https://x.org", "https://x.org/p?q=1"),
    (":fire: paper", r"https://x.org/a\_b"),
])
def test_links_are_what_python_markdown_writes(text: str, href: str) -> None:
    expected = inline(f"[{escape_text(text)}](<{href}>)")
    shown = InlineHtml(SITE).link(text, href)
    assert events(shown) == events(expected)
    if needs_markdown(text) or "\\" in href or "&amp;" in href:
        assert shown == expected


def test_a_badge_link_has_the_class_attr_list_gives_it() -> None:
    for url in ("https://x.org/?a=1&b=2", "https://x.org/?a=1&amp;b=2"):  # escaped, converted
        expected = inline(f"[paper ↗](<{url}>){{ .ns-link }}")
        assert InlineHtml(SITE).link("paper ↗", url, "ns-link") == expected


def test_a_site_whose_extensions_change_plain_text_converts_every_text() -> None:
    smarty = MarkdownOptions((*MKDOCS_DEFAULT.extensions, "smarty"))
    md = markdown.Markdown(extensions=list(smarty.extensions))
    shown = InlineHtml(smarty)
    assert not shown.fast and InlineHtml(SITE).fast and InlineHtml().fast
    assert shown.text('it\'s "quoted" -- here') == inline(escape_text('it\'s "quoted" -- here'), md)
    assert "&ldquo;" in shown.text('"quoted"')


def test_the_extensions_are_read_as_mkdocs_reads_them() -> None:
    config = read_mkdocs_yml(ROOT / "mkdocs.yml")
    before = repr(config["markdown_extensions"])
    loaded = load_config(str(ROOT / "mkdocs.yml"))
    assert SITE.extensions == tuple(loaded.markdown_extensions)
    assert dict(SITE.configs) == loaded.mdx_configs
    assert repr(config["markdown_extensions"]) == before, "the export writes it back as read"
    assert markdown_options({}) == MKDOCS_DEFAULT


def test_extensions_mkdocs_cannot_load_are_a_config_error() -> None:
    with pytest.raises(ConfigError, match="no_such_extension"):
        markdown_options({"markdown_extensions": ["no_such_extension"]})


def test_table_is_what_python_markdown_makes_of_the_markdown_table() -> None:
    shown = InlineHtml(SITE)
    papers = [("Adam & AdamW <fast>", "../optimization/#adam", "Optimization & more",
               "ICLR 2020", "★ ⭐⭐", "2015", "2024-03-01", "Diederik P. Kingma, Jimmy Ba"),
              ("Bounds on $x^2$", "../nlp/#bounds", "NLP :fire:", "", "", "", "", "")]
    rows = [Row(shown.link(title, href), shown.text(topic), shown.text(venue), stars, year,
                noted, shown.text(authors))
            for title, href, topic, venue, stars, year, noted, authors in papers]
    lines = ["| Paper | Topic | Venue | Year | Starred | Noted |",
             "| --- | --- | --- | --- | :---: | --- |"]
    lines += [f"| [{escape_text(title)}]({href})"
              + (f'<br><small class="ns-authors">{escape_text(authors)}</small>' if authors
                 else "")
              + f" | {escape_text(topic)} | {escape_text(venue)} | {year} | {stars} | {noted} |"
              for title, href, topic, venue, stars, year, noted, authors in papers]
    expected = converter().reset().convert("\n".join(lines))
    assert events(papers_table(rows)) == events(expected)
    assert r'<span class="arithmatex">\(x^2\)</span>' in papers_table(rows)


def test_badge_line_is_what_attr_list_makes() -> None:
    star = '<span class="ns-star" title="Starred: a paper that matters">★ starred</span>'
    markdown_text = (f'{star} <span class="ns-venue">{escape_text("NeurIPS $2019$")}</span> '
                     "[paper ↗](<https://example.org/a?b=1&c=2>){ .ns-link }\n"
                     "{ .ns-meta data-search-exclude }")
    shown = InlineHtml(SITE)
    line = badge_line([star, f'<span class="ns-venue">{shown.text("NeurIPS $2019$")}</span>',
                       shown.link("paper ↗", "https://example.org/a?b=1&c=2", "ns-link")])
    assert events(line) == events(converter().reset().convert(markdown_text))


def test_related_line_is_what_attr_list_makes() -> None:
    markdown_text = ("**Related:** [Adam & co](<https://arxiv.org/abs/1412.6980>) (arXiv) · "
                     "[Other $x$](../b/#x) (in these notes) · "
                     "gone (`javascript:x`, not linked)\n{ .ns-related }")
    shown = InlineHtml(SITE)
    items = [shown.link("Adam & co", "https://arxiv.org/abs/1412.6980") + " (arXiv)",
             shown.link("Other $x$", "../b/#x") + " (in these notes)",
             f"{shown.text('gone')} ({shown.code('javascript:x')}, not linked)"]
    assert events(related_line(items)) == events(converter().reset().convert(markdown_text))


def test_map_line_is_what_attr_list_makes() -> None:
    markdown_text = ("**Referenced from:** [Adam & co](../b/#adam) · [Other :star:](#x)\n"
                     "{ .ns-backlinks data-search-exclude }")
    shown = InlineHtml(SITE)
    items = [shown.link("Adam & co", "../b/#adam"), shown.link("Other :star:", "#x")]
    line = map_line("ns-backlinks", "Referenced from", items)
    assert events(line) == events(converter().reset().convert(markdown_text))


def test_links_point_where_mkdocs_points_them() -> None:
    # MkDocs 1.6 writes `optimization.md#adam` from papers.md as these (use_directory_urls).
    assert link_to("papers.md", "optimization.md", "adam", True) == "../optimization/#adam"
    assert link_to("papers.md", "optimization.md", "adam", False) == "optimization.html#adam"
    assert link_to("nb/papers.md", "nb/optimization.md", "a", True) == "../optimization/#a"


def test_a_title_with_math_is_math_in_every_block_and_authors_are_escaped_once() -> None:
    notes = ("## Theory\n\n1. [Bounds on $x^2$](https://arxiv.org/abs/1706.03762): a note.\n"
             "2. [Adam](https://arxiv.org/abs/1412.6980): see "
             "[Bounds on $x^2$](https://arxiv.org/abs/1706.03762).\n")
    nb = parse(notes, "n.md").notebook
    assert nb is not None
    meta = {"arxiv:1706.03762": PaperMeta(authors=("Ada & Bob", "<Eve>"))}
    site = render([nb], metadata=meta, markdown=SITE)
    math = r'<span class="arithmatex">\(x^2\)</span>'
    table = page_html(site.pages["papers.md"])
    assert f"Bounds on {math}</a>" in table and "<table>" in site.pages["papers.md"]
    assert "Ada &amp; Bob, &lt;Eve&gt;" in table and "&amp;amp;" not in table
    topic = site.pages["theory.md"]
    assert '<p class="ns-backlinks" data-search-exclude><strong>Referenced from:</strong> ' \
           '<a href="./#adam">Adam</a></p>' in topic
    assert f">Bounds on {math}</a> (in these notes)" not in topic  # the summary shows it


#: Titles, venues and link texts that try to put HTML or a script into a generated block.
HOSTILE = """# Hostile

## T $<img src=x onerror=alert(1)>$ :star:

1. [P <script>alert(1)</script> $<b onclick=x>$](https://arxiv.org/abs/1706.03762): a summary.
2. [Adam <b>x</b> :fire:](https://arxiv.org/abs/1412.6980): see [P](https://arxiv.org/abs/1706.03762).
3. [Gone https://x.org/<b>](javascript:alert(5)) (W $x$): bad.
"""
#: Related links no text of the paper shows: the renderer lists them in its Related line.
HOSTILE_RELATED = (
    Link("R <img src=x onerror=2> $y$", "https://arxiv.org/abs/1412.6980", 1, 1),
    Link("J $x$ <i>", "javascript:alert(4)", 1, 1),
    Link("Q :fire: <b>", 'https://x.org/a"onmouseover=3', 1, 1),
    Link("W $z$ https://x.org/<b>", "https://www.aclweb.org/anthology/N19-1423.pdf", 1, 1),
    Link("L <i>", "#nowhere", 1, 1),
    Link("F <i>", "missing/file.pdf", 1, 1))


def hostile_notebook() -> Notebook:
    """`HOSTILE`, its first paper given `HOSTILE_RELATED`."""
    nb = parse(HOSTILE, "n.md").notebook
    assert nb is not None
    topic = nb.topics[0]
    first = dataclasses.replace(topic.papers[0], related=HOSTILE_RELATED)
    return dataclasses.replace(nb, topics=(dataclasses.replace(
        topic, papers=(first, *topic.papers[1:])),))


#: The elements and attributes of the renderer's own blocks: a notes file adds none.
OWN_TAGS = {"p", "span", "a", "strong", "code", "table", "thead", "tbody", "tr", "th", "td",
            "br", "small", "details", "summary", "pre", "div", "figure", "figcaption", "svg",
            "g", "rect", "text", "title"}
OWN_ATTRIBUTES = {"class", "href", "title", "style", "data-search-exclude", "viewbox", "x",
                  "y", "rx", "width", "height", "role", "aria-hidden", "text-anchor"}


@pytest.mark.parametrize("source", ["hostile", "attacks"])
def test_a_notes_file_cannot_put_markup_into_a_block(source: str, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text((FIXTURES / "safety" / "attacks.md").read_text(encoding="utf-8"),
                     encoding="utf-8")
    notebooks = [hostile_notebook()] if source == "hostile" else \
        load_notebooks([notes], title="Notes").notebooks
    site = render(notebooks, markdown=SITE, hold=new_nonce())
    blocks = [block for held in site.held.values() for block in held]
    kinds = {block.split(">", 1)[0] for block in blocks}
    assert {'<p class="ns-meta" data-search-exclude', "<table"} <= kinds
    if source == "hostile":
        assert {'<p class="ns-related"', '<p class="ns-backlinks" data-search-exclude'} <= kinds
    for block in blocks:
        assert sanitize_page(block) == block, block
        for event in _Events.of(block):
            if event[0] != "start":
                continue
            assert event[1] in OWN_TAGS, (event, block)
            for name, _, value in (attribute.partition("=") for attribute in event[2:]):
                assert name in OWN_ATTRIBUTES, (event, block)
                assert name != "href" or is_safe_url(value), (event, block)
