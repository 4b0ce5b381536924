"""`notes-site fmt`: canonical notes, not a word changed, a second run changes nothing.

Expected values come from the notes files themselves (their entries, their URLs), from
Python-Markdown and markdown-it's CommonMark renderer, and from the words of the input.
The embedded notes are only ever formatted as a copy in a temporary folder.
"""

from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from notes_site.cli import main
from notes_site.fmt import format_notes
from notes_site.parse import parse
from tests.conftest import FIXTURES, NOTES, ROOT

FORMATS = FIXTURES / "formats"


def words(text: str) -> list[str]:
    """The text's words; an entry's number counts as `#.` and a URL by its https, no-www form."""
    out = []
    for line in text.removeprefix("\ufeff").splitlines():
        tokens = line.split()
        if tokens and re.fullmatch(r"\d+[.)]", tokens[0]):
            tokens[0] = "#" + tokens[0][-1]
        out += [t.replace("http://", "https://").replace("://www.", "://") for t in tokens]
    return out


def papers(text: str) -> list[tuple[list[str], list[str], bool, list[str]]]:
    """What the site shows of each paper, as words (URLs in https, no-www form).

    A lone `\\` is left out of summaries: fmt strips the invisible space in `\\ ` at a line's
    end, which makes the backslash the line break its neighbours in such lists are.
    """
    notebook = parse(text, "notes.md").notebook
    assert notebook is not None
    return [(words(p.title), words(p.url or ""), p.starred,
             [w for w in words(p.summary) if w != "\\"]) for p in notebook.papers()]


def fmt(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["fmt", *args])
    return result.exit_code, result.stdout, result.stderr


def copy(source: Path, folder: Path) -> Path:
    target = folder / source.name
    shutil.copy(source, target)
    return target


def test_check_on_the_embedded_notes_prints_a_diff_and_changes_nothing(tmp_path: Path) -> None:
    notes = copy(NOTES, tmp_path)
    code, out, err = fmt("--check", str(notes))
    assert code == 1
    assert out.startswith(f"--- {notes}\n+++ {notes} (formatted)\n@@ ")
    assert f"would reformat {notes}" in err
    assert notes.read_bytes() == NOTES.read_bytes()


def test_the_embedded_notes_formatted(tmp_path: Path) -> None:
    notes = copy(NOTES, tmp_path)
    source = NOTES.read_text(encoding="utf-8")
    assert fmt(str(notes))[0] == 0
    after = notes.read_text(encoding="utf-8")
    assert words(after) == words(source)
    assert papers(after) == papers(source) and len(papers(after)) == 21
    # The first topic numbers its entries 1,2,3,4,5,1,7,8,6: now 1 to 9.
    first = after.split("\n## ")[0]
    assert re.findall(r"^(\d+)\. ", first, re.M) == [str(n) for n in range(1, 10)]
    # Links to hosts that serve https, and www.openreview.net, in canonical form.
    assert re.findall(r"http://\S+", source) and not re.findall(r"http://\S+", after)
    assert "www.openreview.net" in source and "www.openreview.net" not in after
    assert not [line for line in after.splitlines() if line != line.rstrip()]
    # Entries are separated by one blank line: no entry line directly follows text.
    lines = after.splitlines()
    for index, line in enumerate(lines[1:], start=1):
        if re.match(r"\d+\. ", line) and not lines[index - 1].startswith("#"):
            assert lines[index - 1] == "" and lines[index - 2] != "", (index, line)
    assert fmt("--check", str(notes)) == (0, "", "")


def test_the_line_62_trap_is_read_alike_by_python_markdown_and_commonmark(tmp_path: Path) -> None:
    notes = copy(NOTES, tmp_path)
    item = re.compile(r'<li>\s*(<p>)?<a href="https://openreview.net/pdf\?id=BkeoaeHKDS">GRADIENTS')
    assert not item.search(markdown.markdown(notes.read_text(encoding="utf-8")))
    fmt(str(notes))
    after = notes.read_text(encoding="utf-8")
    assert item.search(markdown.markdown(after))
    assert item.search(MarkdownIt("commonmark").render(after))


def top_level_items(text: str) -> tuple[int, int]:
    """List items at the top level as CommonMark (markdown-it) and Python-Markdown read them."""
    tokens = MarkdownIt("commonmark").parse(text)
    commonmark = sum(1 for t in tokens if t.type == "list_item_open" and t.level == 1)
    depth = python_markdown = 0
    for match in re.finditer(r"<(/?)(ul|ol|li)\b", markdown.markdown(text)):
        if match[2] != "li":
            depth += -1 if match[1] else 1
        elif not match[1] and depth == 1:
            python_markdown += 1
    return commonmark, python_markdown


def test_nesting_is_read_alike_by_python_markdown_and_commonmark() -> None:
    for source in (FORMATS / "subbullets.md", FIXTURES / "awesome-list.md"):
        text = source.read_text(encoding="utf-8")
        entries = len(papers(text))
        commonmark, python_markdown = top_level_items(text)
        assert python_markdown != commonmark, source  # the fixture shows the disagreement
        assert top_level_items(format_notes(text, str(source))) == (entries, entries), source


def test_fixtures_keep_their_words_and_papers_and_settle_in_one_run(tmp_path: Path) -> None:
    readers = sorted((FIXTURES / "readers").glob("*/*.md"))
    for source in sorted(FORMATS.glob("*.md")) + [FIXTURES / "awesome-list.md"] + readers:
        if source.stem in ("conflict", "empty", "unsafe-and-empty"):
            continue  # conflict markers and an empty file are not formatted
        notes = copy(source, tmp_path)
        code, _, err = fmt(str(notes))
        assert code == 0, (source, err)
        before = source.read_text(encoding="utf-8")
        after = notes.read_text(encoding="utf-8")
        assert words(after) == words(before), source
        assert papers(after) == papers(before), source
        assert fmt("--check", str(notes)) == (0, "", ""), source


def test_real_lists_keep_their_words_and_papers_and_settle_in_one_run() -> None:
    corpus = sorted((ROOT.parent / "shared" / "corpus").glob("*__README.md"))
    if not corpus:
        pytest.skip("../shared/corpus is not beside this checkout")
    for source in corpus:
        text = source.read_text(encoding="utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
        once = format_notes(text, source.name)
        assert words(once) == words(text), source.name
        assert papers(once) == papers(text), source.name
        assert format_notes(once, source.name) == once, source.name


def test_line_ends_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    source = FORMATS / "crlf-bom-tabs.md"
    raw = source.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    notes = copy(source, tmp_path)
    notes.chmod(0o640)
    fmt(str(notes))
    after = notes.read_bytes()
    assert after != raw
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\r\n") == after.count(b"\n")
    assert stat.S_IMODE(notes.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == [notes.name]  # no temporary file left


def test_fences_comments_and_front_matter_are_never_touched() -> None:
    untouched = [
        "---", "title: T   ", "---",
        "<!-- 3. [A](http://www.openreview.net/forum?id=a)   ", "\t  x  ", "-->",
        "## Topic",
        "1. [B](https://arxiv.org/abs/1)",
        "    ```",
        "5. [C](http://www.openreview.net/forum?id=c)   ",
        "\t\tindented\t",
        "    ```",
    ]
    text = "\n".join(untouched) + "\n"
    after = format_notes(text, "notes.md").split("\n")
    for line in untouched[:6] + untouched[8:]:
        assert line in after, line


def test_a_hard_line_break_keeps_its_meaning() -> None:
    text = "## Topic\n1. [A](https://a.org): one   \ntwo  \n\n    three \n2. [B](https://b.org)  \n"
    after = format_notes(text, "notes.md")
    assert after == ("## Topic\n1. [A](https://a.org): one  \ntwo\n\n    three\n\n"
                     "2. [B](https://b.org)\n")
    assert markdown.markdown(after).count("<br />") == markdown.markdown(text).count("<br />") == 1


def test_a_file_with_an_error_is_left_alone(tmp_path: Path) -> None:
    notes = copy(FORMATS / "conflict.md", tmp_path)  # git conflict markers from line 2
    code, out, err = fmt(str(notes))
    assert code == 2 and out == ""
    assert err.startswith(f"{notes}:2:1: git conflict marker")
    assert notes.read_bytes() == (FORMATS / "conflict.md").read_bytes()


# --- generated notes -------------------------------------------------------------------------

WORD = st.sampled_from(["alpha", "beta", "gamma", "$x^2$", "`code`", "Δ", "(note)", "e.g.", "R2"])
URL = st.sampled_from([
    "http://www.openreview.net/forum?id=ab", "https://openreview.net/pdf?id=cd",
    "http://arxiv.org/abs/1805.08651", "http://papers.nips.cc/paper/1-x.pdf",
    "https://example.org/a", "http://example.org/b",
])
SPACE = st.sampled_from(["", "", " ", "  ", "   ", "\t"])
INDENT = st.sampled_from(["", " ", "  ", "   ", "    ", "\t", "      ", "        ", "\t\t"])


def phrase(min_size: int = 1) -> st.SearchStrategy[str]:
    return st.lists(WORD, min_size=min_size, max_size=6).map(" ".join)


@st.composite
def entry(draw: st.DrawFn) -> list[str]:
    marker = draw(st.sampled_from(["1.", "2.", "7.", "10.", "3)", "-", "*"]))
    star = draw(st.sampled_from(["", "*", "★ "]))
    head = f"{marker} {star}[{draw(phrase())}]({draw(URL)}): {draw(phrase())}{draw(SPACE)}"
    lines = [head]
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["lazy", "indented", "point", "blank", "link"]))
        if kind == "blank":
            lines.append(draw(SPACE))
        elif kind == "lazy":
            lines.append(draw(phrase()) + draw(SPACE))
        elif kind == "link":
            lines.append(f"{draw(INDENT)}see [{draw(phrase())}]({draw(URL)}){draw(SPACE)}")
        else:
            bullet = "- " if kind == "indented" else "1). "
            lines.append(f"{draw(INDENT)}{bullet}{draw(phrase())}{draw(SPACE)}")
    return lines


@st.composite
def notes(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        lines += [f"## {draw(phrase())}", *draw(st.lists(st.just(""), max_size=2))]
        if draw(st.booleans()):
            lines.append(draw(phrase()))
        for block in draw(st.lists(st.one_of(entry(), st.just(["```", "5. [x](http://a.b)  ",
                                                            "```"]),
                                             st.just(["<!--  ", "1. [y](http://c.d) ", "-->"])),
                                   min_size=1, max_size=5)):
            lines += block
            lines += draw(st.lists(SPACE, max_size=2))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_generated_notes_keep_every_word_and_settle_in_one_run(text: str) -> None:
    once = format_notes(text, "notes.md")
    assert words(once) == words(text)
    assert papers(once) == papers(text)
    assert format_notes(once, "notes.md") == once


def test_a_table_of_papers_stays_one_table() -> None:
    text = ("## Papers\n\n| paper | note |\n|---|---|\n"
            "| [A](http://arxiv.org/abs/1) | one |\n| [B](https://arxiv.org/abs/2) | two |\n")
    after = format_notes(text, "notes.md")
    assert after == text.replace("http://", "https://")
    assert markdown.markdown(after, extensions=["tables"]).count("<tr>") == 3


def test_a_notes_folder_is_formatted_file_by_file(tmp_path: Path) -> None:
    """`fmt` takes a notes folder: its index and every note, never a housekeeping file."""
    folder = tmp_path / "notes"
    shutil.copytree(FIXTURES / "folders" / "index-relative", folder)
    license_text = (folder / "LICENSE").read_bytes()
    index = folder / "README.md"
    before = index.read_text(encoding="utf-8")
    code, _, err = fmt("--check", str(folder))
    # The index nests its authors' sub-bullets by two spaces (fixture line 8): not canonical.
    assert code == 1 and f"would reformat {index}" in err
    assert index.read_text(encoding="utf-8") == before
    assert fmt(str(folder))[0] == 0
    after = index.read_text(encoding="utf-8")
    assert after != before and after.split() == before.split()  # white space only
    assert fmt("--check", str(folder))[0] == 0
    assert (folder / "LICENSE").read_bytes() == license_text


# --- fmt reads the notes as the parser does ----------------------------------------------------

ENTRIES = "## Topic\n1. [A](http://arxiv.org/abs/1706.03762)   \n"
#: Front matter, and what fmt must make of it: kept as written where the parser reads it as
#: front matter, formatted where the parser reads its lines as text, and where the parser finds
#: an error in it, refused with that very finding (exit code 2, the file untouched).
FRONT_MATTER = {
    "a mapping": ("---\ntitle: T   \nurl: http://www.openreview.net/forum?id=a\n---\n", "kept"),
    "the end as dots": ("---\ntitle: T   \n...\n", "kept"),
    "never closed": ("---\ntitle: T   \n", "text"),
    "not YAML": ("---\ntitle: [T\n---\n", "refused"),
    "not a mapping": ("---\n- a   \n---\n", "refused"),
    "a date that is no date": ("---\ndate: 2020-13-45\n---\n", "refused"),
    "brackets too deep": ("---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n", "refused"),
}


@pytest.mark.parametrize("case", FRONT_MATTER)
def test_front_matter_is_what_the_parser_reads(tmp_path: Path, case: str) -> None:
    front, verdict = FRONT_MATTER[case]
    notes = tmp_path / "notes.md"
    notes.write_text(front + ENTRIES, encoding="utf-8")
    result = parse(front + ENTRIES, str(notes))
    code, _, err = fmt(str(notes))
    after = notes.read_text(encoding="utf-8")
    if verdict == "refused":
        assert [d.code for d in result.errors] == ["front-matter"]
        assert (code, err) == (2, f"{result.errors[0]}\n")
        assert after == front + ENTRIES
        return
    assert code == 0 and not result.errors
    assert result.notebook is not None and bool(result.notebook.meta) == (verdict == "kept")
    formatted = "## Topic\n1. [A](https://arxiv.org/abs/1706.03762)\n"
    if verdict == "kept":
        assert after == front + formatted
    else:
        assert after == "\n".join(line.rstrip() for line in front.split("\n")) + formatted


def test_fmt_reads_lines_as_the_parser_does_and_keeps_a_lone_cr(tmp_path: Path) -> None:
    """A file whose lines end in CR alone (classic Mac) is formatted line by line, as the
    parser numbers them, and keeps its line end."""
    notes = tmp_path / "notes.md"
    notes.write_bytes(b"## Topic\r2. [A](http://arxiv.org/abs/1)   \r\r"
                      b"<!-- 9. [B](http://x.org)  \r-->\r")
    assert fmt(str(notes))[0] == 0
    assert notes.read_bytes() == (b"## Topic\r2. [A](https://arxiv.org/abs/1)\r\r"
                                  b"<!-- 9. [B](http://x.org)  \r-->\r")


def test_an_entry_with_a_comment_on_its_line_is_formatted_as_the_parser_reads_it() -> None:
    """The parser reads `1. [A](url) <!-- note -->` as an entry: fmt formats it as one. A line
    that opens a comment running on stays as written, with the comment's lines."""
    text = ("## Topic\n1. [A](http://arxiv.org/abs/1) <!-- to read -->  \n"
            "2. [B](http://arxiv.org/abs/2) <!-- read  \n   later -->\n")
    assert format_notes(text, "notes.md") == (
        "## Topic\n1. [A](https://arxiv.org/abs/1) <!-- to read -->\n\n"
        "2. [B](http://arxiv.org/abs/2) <!-- read  \n   later -->\n")
