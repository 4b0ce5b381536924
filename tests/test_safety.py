"""The safety rules on their own, and harmless HTML that paper lists use, built for real.

Expected values come from the HTML and URL standards (the scheme table; Chromium checks the
same table in tests/browser/test_safety.py), from the fixture files themselves (tags and
attributes to keep, positions of unsafe targets), and from MathJax's documented options.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from notes_site.allow_list import sanitize_html, sanitize_page
from notes_site.assets import read
from notes_site.defuse import defuse
from notes_site.html_tags import Balance, sanitize_tags
from notes_site.inline import markdown_parser
from notes_site.links.extract import extract_images
from notes_site.links.offline import lint_images, lint_url
from notes_site.model import Severity
from notes_site.url_schemes import SAFE_SCHEMES, is_safe_url, safe_url, url_scheme
from tests.conftest import FIXTURES, Build, make_project, mkdocs_build, page_html

ATTACKS = FIXTURES / "safety" / "attacks.md"
HARMLESS = FIXTURES / "safety" / "harmless.md"

# --- one scheme rule -----------------------------------------------------------------------

#: (spelling, the scheme a browser reads) per the WHATWG URL standard: leading C0 controls and
#: spaces stripped, tabs and newlines removed anywhere, ASCII case-insensitive; an `href` has
#: its character references decoded by the HTML parser first. "" is a relative URL.
SCHEME_SPELLINGS = [
    ("https://example.org/", "https"),
    ("HTTPS://example.org/", "https"),
    ("mailto:a@example.org", "mailto"),
    ("/relative", ""),
    ("relative/path.html#x", ""),
    ("#anchor", ""),
    ("//example.org/x", ""),
    ("javascript:alert(1)", "javascript"),
    ("JaVaScRiPt:alert(1)", "javascript"),
    ("  javascript:alert(1)", "javascript"),
    ("\tjavascript:alert(1)", "javascript"),
    ("java\tscript:alert(1)", "javascript"),
    ("java\nscript:alert(1)", "javascript"),
    ("java&#x09;script:alert(1)", "javascript"),
    ("&#106;avascript:alert(1)", "javascript"),
    ("&#x6A;avascript:alert(1)", "javascript"),
    ("&#0000106;avascript:alert(1)", "javascript"),
    ("javascript&colon;alert(1)", "javascript"),
    ("\x01javascript:alert(1)", "javascript"),
    ("vbscript:msgbox(1)", "vbscript"),
    ("VBScript:msgbox(1)", "vbscript"),
    ("data:text/html,<b>x</b>", "data"),
    ("DATA:image/png;base64,AAAA", "data"),
    ("file:///etc/passwd", "file"),
    ("ftp://ftp.example.org/", "ftp"),
]


@pytest.mark.parametrize(("url", "scheme"), SCHEME_SPELLINGS)
def test_url_scheme_reads_as_a_browser_does(url: str, scheme: str) -> None:
    assert url_scheme(url) == scheme


@pytest.mark.parametrize(("url", "scheme"), SCHEME_SPELLINGS)
def test_safe_url_and_the_lint_agree_on_every_spelling(url: str, scheme: str) -> None:
    safe = scheme in ("", "http", "https", "mailto")
    assert is_safe_url(url) is safe
    assert (safe_url(url) is None) is not safe
    finding = lint_url(url)
    assert (finding is not None and finding[1] == "bad-scheme") is not safe


def test_mathjax_follows_the_same_schemes() -> None:
    script = read("javascripts/notes-site.js")
    protocols = re.search(r"safeProtocols:\s*\{([^}]*)\}", script)
    assert protocols and "ui/safe" in script
    allowed = {name for name, value in re.findall(r"(\w+):\s*(true|false)", protocols[1])
               if value == "true"}
    assert allowed == SAFE_SCHEMES


# --- the sanitizer ------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ('<img src="x" onerror="alert(1)">', '<img src="x">'),
    ('<details open ontoggle="alert(1)">', '<details open="">'),
    ('<a href="&#106;avascript:alert(1)">', "<a>"),
    ('<a href="  JaVaScRiPt:alert(1)">', "<a>"),
    ('<p align="center" style="background:url(javascript:alert(1))">', '<p align="center">'),
    ("<script>alert(1)</script>", "alert(1)"),
    ('<iframe srcdoc="<script>alert(1)</script>">words</iframe>', "words"),
    ("<!-- a --!><img src=x onerror=alert(1)>", '<img src="x">'),
    ("a < b", "a &lt; b"),
    ('<a name="x"></a><br><sub>2</sub><kbd>K</kbd>',
     '<a name="x"></a><br><sub>2</sub><kbd>K</kbd>'),
])
def test_sanitize_tags_keeps_allowed_tags_and_all_text(raw: str, expected: str) -> None:
    assert sanitize_tags(raw) == expected


def test_an_element_opened_in_one_block_closes_in_a_later_one() -> None:
    balance = Balance()
    assert sanitize_tags("<details>\n<summary>Papers</summary>", balance) == (
        "<details>\n<summary>Papers</summary>")
    assert sanitize_tags("</details>", balance) == "</details>"
    assert sanitize_tags("</div>", balance) == ""  # stray: nothing of ours is closed by it
    assert balance.closing() == ""


def test_what_the_author_leaves_open_is_closed_at_the_end_of_the_text() -> None:
    md = markdown_parser()
    text = defuse('<p title="x"> words\n\nmore <b>bold', md)
    assert text == '<p title="x"> words\n\nmore <b>bold</b></p>'


@pytest.mark.parametrize(("markdown", "expected"), [
    ("![a](javascript:alert(1)) b", "a (`javascript:alert(1)`, not linked) b"),
    ("![a](https://x.org/a.png)", "![a](https://x.org/a.png)"),
    ("[![b](javascript:1)](https://x.org)", "[b (`javascript:1`, not linked)](https://x.org)"),
    ("[a](https://x.org){ onclick=1 }", "[a](https://x.org)\\{ onclick=1 }"),
    ("[a](javascript:x y) z", "[a\\](javascript:x y) z"),
    ("x <scr<script>ipt>y", "x &lt;script>y"),  # the text `<script>y`, not a tag
    ("`<b>` $a<b$ and <b>", "`<b>` $a<b$ and <b></b>"),
])
def test_defuse(markdown: str, expected: str) -> None:
    assert defuse(markdown, markdown_parser()) == expected


def test_a_page_with_nothing_to_remove_keeps_its_bytes() -> None:
    html = page_html("| a | b |\n| :-: | --: |\n| 1 | 2 |\n\n![x](https://x.org/a.png)\n")
    assert sanitize_page(html) == html
    assert sanitize_page(html + '<p onclick="x">y</p>') == sanitize_html(
        html + '<p onclick="x">y</p>')


@pytest.mark.parametrize("unsafe", [
    '<p data-search-exclude onclick="x">y</p>', '<p data-search-exclude><script>x</script></p>',
    '<a href="javascript:x" data-search-exclude>&para;</a>', "<!-- &para; --><p>b</p>",
    '<td style="text-align: center;" onmouseover="x">1</td>',
])
def test_spellings_nh3_changes_do_not_hide_what_it_removes(unsafe: str) -> None:
    # The spellings sanitize_page accepts without parsing (&para;, data-search-exclude
    # without a value, a table cell's style) beside what nh3 removes: the page is sanitized.
    html = page_html("## A\n\nB\n{ data-search-exclude }\n") + unsafe
    assert "&para;" in html and "data-search-exclude>" in html
    assert sanitize_page(html) == sanitize_html(html) != html


# --- findings -----------------------------------------------------------------------------

def test_every_unsafe_image_is_one_error_at_its_position() -> None:
    text = ATTACKS.read_text(encoding="utf-8")
    found = lint_images("a.md", extract_images(text))
    lines = text.split("\n")
    # Where the fixture writes `![` before a target that is not http(s): found by hand here.
    expected = [(n, line.index("![") + 1) for n, line in enumerate(lines, start=1)
                if re.search(r"!\[[^\]]*\]\((?!https?:)", line)]
    assert [(d.line, d.col) for d in found] == expected and len(expected) == 3
    assert {(d.severity, d.code) for d in found} == {(Severity.ERROR, "bad-scheme")}


def test_check_reports_unsafe_links_and_images_as_errors(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "notes_site.cli", "check", "--offline",
                           "--cache", "", str(ATTACKS)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    errors = [ln for ln in proc.stdout.splitlines() if ": error: " in ln]
    text = ATTACKS.read_text(encoding="utf-8").split("\n")
    for name in ("mdlink", "mixedmd", "spacemd", "entitymd", "vbmd", "datamd", "imagemd",
                 "svgdatamd", "refmd", "badgemd"):
        (number,) = [n for n, line in enumerate(text, start=1) if f"[{name}]" in line]
        col = text[number - 1].index(f"[{name}]") + 1
        col -= text[number - 1][col - 2] == "!"
        assert any(f"attacks.md:{number}:{col}: error: " in e for e in errors), name


# --- real builds --------------------------------------------------------------------------

class _Tags(HTMLParser):
    """Start tags with their attributes, as an HTML parser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, frozenset[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, frozenset((k, v or "") for k, v in attrs)))


def start_tags(markup: str) -> list[tuple[str, frozenset[tuple[str, str]]]]:
    parser = _Tags()
    parser.feed(markup)
    return parser.tags


def articles(build: Build, but: str = "") -> str:
    """The article of every page of the built site (but the page folder `but`)."""
    pages = sorted(p for p in build.site.rglob("index.html") if not but or p.parent.name != but)
    return "".join(p.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>")[0]
                   for p in pages)


def test_harmless_html_of_paper_lists_survives(tmp_path: Path) -> None:
    source = HARMLESS.read_text(encoding="utf-8")
    build = mkdocs_build(make_project(tmp_path, {"docs/notes/h.md": source}))
    assert build.returncode == 0 and "WARNING" not in build.log, build.log
    shown = set(start_tags(articles(build)))
    written = start_tags(source)
    assert len(written) >= 20
    assert [tag for tag in written if tag not in shown] == []


def test_the_attack_fixture_builds_and_escape_html_shows_it_all_as_text(tmp_path: Path) -> None:
    build = mkdocs_build(make_project(tmp_path, {"docs/notes/a.md": ATTACKS.read_text()},
                                      "      escape_html: true\n"))
    assert build.returncode == 0, build.log
    # The overview's charts are the renderer's own SVG (allow_list.CHART_TAGS); an `<svg>` of the
    # notes would be on a topic page.
    html = articles(build, but="overview")
    assert "&lt;img src=&quot;missing.png&quot; onerror=&quot;alert(1)&quot;&gt;" in html or (
        '&lt;img src="missing.png" onerror="alert(1)"&gt;' in html)
    for tag, attrs in start_tags(html):
        assert not any(name.startswith("on") for name, _ in attrs), (tag, attrs)
        assert tag not in ("script", "iframe", "object", "svg", "form", "meta"), tag


@pytest.mark.parametrize("markdown", [" x\0</b> words", "  a01 \0a00</b>", "\t[t](u)\0 <i>x</i>"])
def test_a_nul_in_an_indented_line_moves_no_edit(markdown: str) -> None:
    """Found by tests/test_fuzz.py: markdown-it reads a NUL as U+FFFD, and an edit placed by
    finding its text in the line landed at the line's start, cutting words. Expected: the
    text with the NUL as U+FFFD and only the tags changed (`</b>` stray, `<i>` kept)."""
    expected = {" x\0</b> words": " x\ufffd words", "  a01 \0a00</b>": "  a01 \ufffda00",
                "\t[t](u)\0 <i>x</i>": "\t[t](u)\ufffd <i>x</i>"}[markdown]
    assert defuse(markdown, markdown_parser()) == expected


@pytest.mark.parametrize(("markdown", "expected"), [
    ("\x0b\na00\n<<<<<<< ours", "\x0b\na00\n&lt;&lt;&lt;&lt;&lt;&lt;&lt; ours"),
    ("\u3000\nx [a](javascript:alert(1)) b", "\u3000\nx a (`javascript:alert(1)`, not linked) b"),
    ("- \xa0\na00[a000<!--", "- \xa0\na00[a000&lt;!--"),
])
def test_a_paragraph_after_a_line_of_other_white_space_is_edited_in_place(
        markdown: str, expected: str) -> None:
    """Found by tests/test_fuzz.py: markdown-it-py strips a paragraph with `str.strip`, which
    takes a line (or a list item's first line) of a vertical tab, U+00A0 or U+3000 (an
    ideographic space) off its start, and the
    edits landed a line too early (`a00` lost, `x` cut). Expected: only `<` escaped, only the
    unsafe link defused, the way `test_defuse` shows them."""
    assert defuse(markdown, markdown_parser()) == expected


@pytest.mark.parametrize("markdown", ["```a00\n{#id}", "~~~~\n{: onclick=alert(1) }\n~~~"])
def test_a_fence_left_open_at_the_end_is_code_for_python_markdown_too(markdown: str) -> None:
    """Found by tests/test_fuzz.py: an open fence runs to the end of the text (CommonMark,
    and the notes' parser), but Python-Markdown read its lines as a paragraph and took
    `{#id}` as an attribute list. The page must show those lines as code, as written."""
    html = page_html(defuse(markdown, markdown_parser()))
    body = markdown.split("\n", 1)[1]
    assert "<code>" in html and body in html.replace("&quot;", '"')
    assert 'id="id"' not in html and "onclick" not in html.split("<code>")[0]
