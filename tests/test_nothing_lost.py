"""Nothing lost: every word of a notes file appears in the text of the generated pages.

Pages are turned into HTML by Python-Markdown with the extensions mkdocs.yml loads, and a
page's words are its visible text plus its link targets. Words inside HTML comments are the
one deliberate exception (a comment is the author's way of hiding text). List markers, front
matter keys, the tags of raw HTML, emoji shortcodes (shown as the emoji) and a code fence's
language, and character references (`&amp;`), are syntax, not words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notes_site.model import Notebook
from notes_site.pages import topic_page
from notes_site.parse import parse, read_notes
from notes_site.render import render
from tests.conftest import FIXTURES, NOTES, page_html

#: Letters and digits: `_` is Markdown's emphasis mark, and a page may show it apart from the
#: letters beside it (`_http://a.org` is `_` and a link) without losing a character.
_WORD = re.compile(r"[^\W_]+")
_MARKER = re.compile(r"^[ \t]*(?:\d{1,9}[.)]|[-*+])(?=[ \t]|$)|^[ \t]*(?:\(\d+\)|\d+\)\.?)")
#: A comment never closed runs to the end of the file, as a browser reads it; a declaration
#: such as `<!x y>` is a comment to a browser too (the "bogus comment" of the HTML standard).
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|<![A-Za-z][^>]*>", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
#: `:star:` is markup for an emoji, which the page shows as the emoji (⭐), not as the word.
_EMOJI = re.compile(r":[a-z0-9_+\-]+:")
#: `&amp;` and `&#38;` are markup for a character, which the page shows instead of the word.
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
#: A code fence's info string, also where a fence opens a list item or a quote (`1. ```py`).
_FENCE_INFO = re.compile(r"^((?:[ \t]*(?:\d{1,9}[.)]|[-*+>])(?=[ \t]))*[ \t]*(?:`{3,}|~{3,})).*$",
                         re.MULTILINE)


#: Where a bare URL starts: the page may show the letters before it apart from it, as its link
#: (linkify and magiclink read `吐槽http://a.org` as `吐槽` and a link).
_URL_START = re.compile(r"(https?://|ftp://|www\.)", re.IGNORECASE)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts += [value or "" for name, value in attrs
                       if name in ("href", "title", "src", "alt")]


def page_text(pages: dict[str, str]) -> str:
    """The visible text and link, image and title attributes of the pages, as HTML."""
    parts: list[str] = []
    for text in pages.values():
        parser = _Text()
        parser.feed(page_html(text))
        parts += parser.parts
    return " ".join(parts)


def page_words(pages: dict[str, str]) -> set[str]:
    return set(_WORD.findall(page_text(pages)))


def front_matter_values(text: str) -> str:
    """The text with its front matter replaced by the front matter's values. Front matter is
    YAML that maps keys to values, between a first line `---` and a line `---` or `...`;
    anything else is text of the notes."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return text
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return text
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError:
        return text
    if not isinstance(meta, dict):
        return text
    return " ".join(str(v) for v in meta.values()) + "\n" + "\n".join(lines[end + 1:])


def source_words(text: str) -> set[str]:
    """The words a reader wrote: markers, front matter keys and comments left out. CRLF and a
    lone CR end a line, as in CommonMark."""
    text = front_matter_values(text.removeprefix("\ufeff").replace("\r\n", "\n")
                               .replace("\r", "\n"))
    text = _ENTITY.sub(" ", _EMOJI.sub(" ", text))
    text = _FENCE_INFO.sub(r"\1", _TAG.sub(" ", _COMMENT.sub(" ", text)))
    lines = [_MARKER.sub(" ", line) for line in text.split("\n")]
    return set(_WORD.findall(_URL_START.sub(r" \1", "\n".join(lines))))


def missing_words(text: str, path: str = "notes.md") -> set[str]:
    result = parse(text, path)
    assert result.notebook is not None, result.diagnostics
    pages = render([result.notebook]).pages
    shown = page_text(pages)
    # A word is on the page when the page has it as a word, or inside a longer one: CJK text
    # has no spaces, so `吐槽过[论文](u)` shows as the one run of letters `吐槽过论文`.
    return {word for word in source_words(text) - set(_WORD.findall(shown)) if word not in shown}


FIXTURE_FILES = [NOTES, FIXTURES / "awesome-list.md"] + sorted(
    p for p in (FIXTURES / "formats").glob("*.md")
    if p.name not in ("conflict.md", "empty.md", "no-heading.md"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: Path(p).name)
def test_every_word_of_every_fixture_reaches_a_page(path: Path) -> None:
    assert missing_words(read_notes(path), path.name) == set()


def test_comment_words_are_the_named_exception() -> None:
    text = read_notes(FIXTURES / "formats" / "html.md")
    result = parse(text, "html.md")
    assert result.notebook is not None
    shown = page_words(render([result.notebook]).pages)
    assert "commentedword" in _WORD.findall(text) and "commentedword" not in shown


# --- generated notes --------------------------------------------------------------------

words = st.from_regex(r"[a-z][a-z0-9]{2,8}", fullmatch=True)
phrases = st.lists(words, min_size=1, max_size=6).map(" ".join)
urls = st.builds(lambda host, path: f"https://{host}.org/{path}", words, words)
math = st.builds(lambda a, b: f"${a}_{{{b}}} \\ge {b}$", words, words)
summaries = st.lists(st.one_of(phrases, math, st.builds(lambda t, u: f"[{t}]({u})", phrases,
                                                         urls)), max_size=4).map(" ".join)
markers = st.sampled_from(["1.", "2.", "7)", "-", "*", "+"])
stars = st.sampled_from(["", "*", "★ "])
separators = st.sampled_from([": ", ", ", " - ", " — ", "：", " "])


@st.composite
def bodies(draw: st.DrawFn) -> str:
    parts = []
    for kind in draw(st.lists(st.sampled_from(["points", "remark", "text", "code", "comment",
                                                "bullets"]), max_size=3)):
        if kind == "points":
            parts.append("\n".join(f"    {i}). {draw(phrases)}"
                                   for i in range(1, draw(st.integers(1, 3)) + 1)))
        elif kind == "remark":
            parts.append(f"    [{draw(phrases)}]")
        elif kind == "text":
            parts.append(f"    {draw(summaries)}")
        elif kind == "code":
            parts.append(f"    ```\n    1. {draw(phrases)}\n    ```")
        elif kind == "comment":
            parts.append(f"<!-- {draw(phrases)} -->")
        else:
            parts.append("\n".join(f"  - {draw(phrases)}" for _ in range(draw(st.integers(1, 3)))))
    return "\n\n".join(parts)


@st.composite
def entries(draw: st.DrawFn) -> str:
    marker, star, title = draw(markers), draw(stars), draw(phrases)
    if marker == "*" and star == "*":
        star = "* "
    head = (f"{marker} {star}[{title}]({draw(urls)}){draw(separators)}{draw(summaries)}"
            if draw(st.booleans()) else f"{marker} {title}: {draw(summaries)}")
    body = draw(bodies())
    return head + ("\n\n" + body if body else "")


@st.composite
def paragraph_entries(draw: st.DrawFn) -> str:
    """`**Title** \\` / `*Authors* \\` / `venue [[Paper](url)]`, or a citation paragraph."""
    if draw(st.booleans()):
        return (f"**{draw(phrases)}** \\\n*{draw(phrases)}* \\\n"
                f"{draw(phrases)} [[Paper]({draw(urls)})] \\\n{draw(phrases)}\n")
    return (f'**[{draw(st.integers(1, 99))}]** {draw(phrases)}. "**{draw(phrases)}**." '
            f"{draw(phrases)} [[pdf]]({draw(urls)}) :star::star:\n")


@st.composite
def table_entries(draw: st.DrawFn) -> str:
    """A table of papers: one row per paper, the title column linked."""
    rows = [f"| {draw(words)} | [{draw(phrases)}]({draw(urls)}) | {draw(phrases)} |"
            for _ in range(draw(st.integers(1, 3)))]
    return "\n".join([f"| {draw(words)} | {draw(words)} | {draw(words)} |", "| --- | --- | --- |",
                      *rows])


@st.composite
def link_elsewhere_tables(draw: st.DrawFn) -> str:
    """A weekly table: the title in a plain column, its links in another (`[Paper](u), [Tweet]
    (u)`) or as badges."""
    rows = [f"| {draw(phrases)} | [Paper]({draw(urls)}), [Tweet]({draw(urls)}) |"
            if draw(st.booleans()) else
            f"| {draw(phrases)} | [![arXiv](https://img.shields.io/b.svg)](https://arxiv.org/abs/"
            f"{draw(st.integers(1000, 2999))}.0{draw(st.integers(1000, 9999))}) |"
            for _ in range(draw(st.integers(1, 3)))]
    return "\n".join([f"| {draw(words)} | {draw(words)} |", "| --- | --- |", *rows])


@st.composite
def labelled_entries(draw: st.DrawFn) -> str:
    """Entries whose title is not their first link: labels after it, a venue or a short name
    before it, a quoted title, a pipe-separated line; some indented by one space after an
    entry with sub-bullets (CommonMark starts a new item there)."""
    title, url = draw(phrases), draw(urls)
    shape = draw(st.sampled_from(["labels", "venue", "quoted", "pipes", "bold-link"]))
    if shape == "labels":
        head = f"- {title} [[arXiv]({url})] [[code]({draw(urls)})]"
    elif shape == "venue":
        head = f"- (*{draw(words).upper()}'{draw(st.integers(10, 29))}*) {title} [[paper]({url})]"
    elif shape == "quoted":
        head = f'* **{draw(words)}**: "{title}", *{draw(words)}*. [[Paper]({url})]'
    elif shape == "pipes":
        head = f"+ {draw(st.integers(1990, 2029))} | {title} | {draw(phrases)} | [`PDF`]({url})"
    else:
        head = f"1. **[{title}.]({url})** [[code]({draw(urls)})]\n    *{draw(phrases)}*"
    subs = "\n".join(f"  - {draw(phrases)}" for _ in range(draw(st.integers(0, 2))))
    after = f" - {draw(phrases)} [[pdf]({draw(urls)})]" if subs and draw(st.booleans()) else ""
    return "\n".join(x for x in (head, subs, after) if x)


@st.composite
def section(draw: st.DrawFn, level: int) -> list[str]:
    """A heading and the entries under it, in one of the shapes real lists use."""
    heading = draw(st.sampled_from(["#", "html", "item"])) if level > 2 else "#"
    if heading == "html":
        parts = [f"<h{level} id=\"{draw(words)}\">{draw(phrases)}</h{level}>"]
    elif heading == "item":
        parts = [f"+ {'#' * level} {draw(phrases)}"]
    else:
        parts = [f"{'#' * level} {draw(phrases)}"]
    if draw(st.booleans()):
        parts.append(draw(phrases))
    shape = draw(st.sampled_from(["items", "items", "paragraphs", "table", "details", "labelled",
                                  "elsewhere"]))
    if shape == "labelled":
        parts += draw(st.lists(labelled_entries(), min_size=1, max_size=4))
    elif shape == "elsewhere":
        parts += ["", draw(link_elsewhere_tables())]
    elif shape == "items":
        parts += draw(st.lists(entries(), max_size=4))
    elif shape == "paragraphs":
        parts += ["", *draw(st.lists(paragraph_entries(), min_size=1, max_size=3))]
    elif shape == "table":
        parts += ["", draw(table_entries())]
    else:
        parts += ["<details>", f"<summary>{draw(phrases)}</summary>", "",
                  *draw(st.lists(entries(), min_size=1, max_size=2)), "", "</details>"]
    return parts


@st.composite
def preamble(draw: st.DrawFn, level: int) -> list[str]:
    """Headings of any level below the title before the first topic, with text and a table:
    the words a reader sees first."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 2))):
        deeper = draw(st.integers(min(level + 1, 6), 6))
        parts += [f"{'#' * deeper} {draw(phrases)}", draw(phrases)]
        if draw(st.booleans()):
            parts += ["", f"| {draw(words)} | {draw(words)} |", "| --- | --- |",
                      f"| {draw(phrases)} | {draw(phrases)} |", ""]
    return parts


@st.composite
def notes(draw: st.DrawFn) -> str:
    level = draw(st.sampled_from([2, 2, 3, 4]))
    parts = [f"# {draw(phrases)}"] if draw(st.booleans()) else []
    parts += draw(preamble(level))
    if draw(st.booleans()):
        parts += ["## Contents", *(f"- [{p}](#{p.replace(' ', '-')})"
                                   for p in draw(st.lists(phrases, max_size=3)))]
    for _ in range(draw(st.integers(1, 3))):
        parts += draw(section(level))
        if draw(st.booleans()):
            parts += draw(section(level + 1))
    return "\n".join(parts) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_every_word_of_generated_notes_reaches_a_page(text: str) -> None:
    assert missing_words(text) == set()


# --- the file's order --------------------------------------------------------------------


class _Visible(_Text):
    """Only the text a reader sees, in page order (no link targets)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        return


_TARGETS = re.compile(r"\]\([^)\s]*\)?|https?://\S+")


def out_of_order(text: str, change: Callable[[Notebook], Notebook] | None = None
                 ) -> list[tuple[int, int]]:
    """Pairs of source lines (line numbers) of one topic whose words its page shows the other
    way round. A line's words are those written once in the file and shown once on the page;
    within a line the page may reorder (a title before its venue tag), across lines it may not.
    """
    result = parse(text, "notes.md")
    assert result.notebook is not None
    notebook = change(result.notebook) if change else result.notebook
    pages = render([notebook]).pages
    lines = text.replace("\r\n", "\n").split("\n")
    once = {w for w, n in Counter(_WORD.findall(text)).items() if n == 1}
    wrong: list[tuple[int, int]] = []
    starts = [t.line for t in notebook.topics] + [len(lines) + 1]
    for topic, end in zip(notebook.topics, starts[1:], strict=True):
        visible = _Visible()
        visible.feed(page_html(pages[topic_page(notebook, topic)]))
        shown = _WORD.findall(" ".join(visible.parts))
        at = {w: k for k, w in enumerate(shown) if shown.count(w) == 1}
        spans = []
        for number in range(topic.line + 1, end):
            words = _WORD.findall(_MARKER.sub(" ", _TARGETS.sub(" ", lines[number - 1])))
            found = [at[w] for w in words if w in once and w in at]
            if found:
                spans.append((number, min(found), max(found)))
        wrong += [(a[0], b[0]) for a, b in zip(spans, spans[1:], strict=False) if a[2] > b[1]]
    return wrong


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_the_words_of_each_topic_keep_the_file_order(text: str) -> None:
    assert out_of_order(text) == []


def test_the_order_check_sees_papers_shown_out_of_order() -> None:
    """The check itself: a page whose papers are shown the other way round fails it."""
    def reverse(notebook: Notebook) -> Notebook:
        topics = tuple(replace(t, papers=t.papers[::-1]) for t in notebook.topics)
        return replace(notebook, topics=topics)

    text = "## Topic\n1. [Alpha](https://a.org/1): beta\n2. [Gamma](https://a.org/2): delta\n"
    assert out_of_order(text) == []
    assert out_of_order(text, reverse) == [(2, 3)]


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: Path(p).name)
def test_every_fixture_keeps_its_order(path: Path) -> None:
    assert out_of_order(read_notes(path)) == []
