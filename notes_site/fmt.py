"""`notes-site fmt`: notes rewritten into one canonical form without changing a word.

What changes, each a small step over the lines, using the positions the parser
(`Paper.line`, `Paper.col`) and the link extractor (`Link.line`, `Link.col`) give:

- entry numbers in order where the file numbers them (the first number of a list kept, as the
  parser's `numbering` finding counts them);
- link URLs in their canonical form (`notes_site.links.offline.canonical_url`: https for hosts
  that serve it, `openreview.net` for `www.openreview.net`, ...);
- the body lines of an entry indented 4 spaces per nesting level (tabs counted to 4), which
  Python-Markdown and CommonMark read alike;
- no trailing white space, except two spaces that make a hard line break (a line followed by
  more text of its paragraph): those stay, as exactly two spaces, because Python-Markdown has
  no backslash break (a `\\` followed by an invisible space becomes a `\\` break in CommonMark,
  as its neighbours in such lists are);
- exactly one blank line before an entry that follows text (between entries, and the seed's
  line-62 trap: an entry at column 0 right after a paragraph line, which CommonMark reads as
  part of that paragraph); an entry right under its heading stays there.

Never touched: lines in code fences, HTML comments and front matter, as the parser's block
stream has them (`notes_site.parse.read_source`: fmt reads no Markdown structure of its own),
and indented code blocks as CommonMark reads them. Pure: text in, text out; line endings,
the byte-order mark and the atomic write are the job of `format_file` and
`notes_site.atomic_write`, at the edge.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from notes_site.blocks import ENTRY
from notes_site.links.extract import extract_links
from notes_site.links.offline import canonical_url
from notes_site.lists import Nesting
from notes_site.model import Notebook, Paper, Severity
from notes_site.parse import NotesError, Source, parse, read_notes, read_source

_NUMBER = re.compile(r"(\d{1,9})([.)])")
_TRAILING = re.compile(r"[ \t]+$")
#: Kinds of the block stream whose lines are content as written.
_VERBATIM = ("code", "comment")


@dataclass(frozen=True, slots=True)
class Layout:
    """Where things are, as 0-based line indexes of the text being formatted."""

    protected: frozenset[int]
    """Lines in fences, indented code blocks, HTML comments and front matter."""
    starts: frozenset[int]
    """Lines where a paper's entry starts as a list item."""
    headings: frozenset[int]
    """Topic and section heading lines."""


#: Rounds of `format_notes` at most; one usually settles it, see `_format_once`.
_ROUNDS = 4


def format_notes(text: str, path: str) -> str:
    """`text` in canonical form, LF line ends, no BOM; NotesError when it cannot be parsed.

    Re-indenting can move where CommonMark sees an indented code block (a line that was code
    under a badly indented bullet is a nested item once the bullet is indented), and code is
    never touched: so the steps run again until the text settles.
    """
    for _ in range(_ROUNDS):
        formatted = _format_once(text, path)
        if formatted == text:
            break
        text = formatted
    return text


def _format_once(text: str, path: str) -> str:
    """One round of every step. Entries are spaced first and the text read again: where
    CommonMark sees code blocks depends on where entries start."""
    source, notebook = _read(text, path)
    text = "\n".join(space_entries(source.lines, _layout(source, notebook, code=False)))
    source, notebook = _read(text, path)
    layout = _layout(source, notebook)
    lines = canonical_links(text, layout.protected).split("\n")
    lines = renumber(lines, _numbered_lists(notebook))
    lines = reindent(lines, layout)
    return "\n".join(strip_trailing(lines, layout))


def _read(text: str, path: str) -> tuple[Source, Notebook]:
    """The text as the parser reads it: its lines and block stream, and its notebook.
    `NotesError` with the first error finding (a file the site shows with errors, such as
    conflict markers or front matter that is not YAML, is left as it is)."""
    result = parse(text, path)
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if result.notebook is None or errors:
        raise NotesError(errors[0])
    return read_source(text, path, []), result.notebook


def _layout(source: Source, notebook: Notebook, code: bool = True) -> Layout:
    headings = {t.line - 1 for t in notebook.topics}
    headings |= {s.line - 1 for t in notebook.topics for s in t.sections}
    protected = set(protected_lines(source))
    if code:
        protected |= set(code_block_lines("\n".join(source.lines)))
    return Layout(frozenset(protected), frozenset(_list_entries(source, notebook)),
                  frozenset(headings))


def _list_entries(source: Source, notebook: Notebook) -> Iterable[int]:
    """Lines where a paper starts as a list item: an entry line of the block stream, the paper
    at its marker. Papers written as table rows, headings or paragraphs are not spaced or
    re-indented (a blank line would split a table)."""
    for paper in notebook.papers():
        line = source.block(paper.line)
        marker = ENTRY.match(source.lines[paper.line - 1])
        if line is not None and line.kind == "entry" and marker \
                and marker.start("marker") == paper.col - 1:
            yield paper.line - 1


def protected_lines(source: Source) -> Iterable[int]:
    """Indexes of lines fmt never changes, as the parser reads them (`parse.read_source`): its
    front matter (none when it is not a YAML mapping: those lines are text to it), and the
    lines in code fences and HTML comments with the lines that open them."""
    yield from range(source.front)
    for line in source.blocks:
        if line.opens or line.kind in _VERBATIM:
            yield line.number - 1


def code_block_lines(text: str) -> Iterable[int]:
    """Indexes of the lines of indented code blocks, as CommonMark reads them.

    Their indentation and trailing white space are their content; the link extractor skips
    them, so their URLs stay as written too.
    """
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "code_block" and token.map:
            yield from range(*token.map)


def canonical_links(text: str, protected: frozenset[int]) -> str:
    """`text` with each link's URL, where written verbatim, in its canonical form."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    edits = []
    for link in extract_links(text):
        better = canonical_url(link.url)
        if better == link.url or link.line - 1 in protected:
            continue
        at = _written_at(text, link.url, starts[link.line - 1] + link.col - 1)
        if at >= 0:
            edits.append((at, link.url, better))
    for at, old, new in sorted(set(edits), reverse=True):
        text = text[:at] + new + text[at + len(old):]
    return text


def _written_at(text: str, url: str, start: int) -> int:
    """Where a link starting at offset `start` writes `url` verbatim, or -1.

    A bare URL or a definition starts with it, an autolink with `<`, an inline link has it
    after `](` (a link text may hold the same URL: that one is a word, not the target).
    """
    if text.startswith(url, start):
        return start
    if text.startswith("<" + url, start):
        return start + 1
    for opener in ("](", "](<"):
        at = text.find(opener + url, start)
        if at >= 0 and "\n\n" not in text[start:at]:
            return at + len(opener)
    return -1


def _numbered_lists(notebook: Notebook) -> list[tuple[Paper, ...]]:
    """The papers of each topic and each section: one list each, numbered on its own."""
    lists = []
    for topic in notebook.topics:
        lists.append(topic.papers)
        lists.extend(section.papers for section in topic.sections)
    return lists


def renumber(lines: list[str], lists: Iterable[Sequence[Paper]]) -> list[str]:
    """Numbered entries of each list counted up by one from the list's first number."""
    out = list(lines)
    for papers in lists:
        expected: int | None = None
        for paper in papers:
            line = out[paper.line - 1]
            match = _NUMBER.match(line, paper.col - 1)
            if match is None:
                continue
            expected = int(match[1]) if expected is None else expected + 1
            out[paper.line - 1] = line[:match.start(1)] + str(expected) + line[match.end(1):]
    return out


def reindent(lines: list[str], layout: Layout) -> list[str]:
    """Each list entry at column 0 and the lines under it at 4 spaces a level, by the one rule
    for nesting (`notes_site.lists`): an entry holds its lines up to the next entry or heading
    (as the parser cuts them), so it is a held level."""
    out = list(lines)
    nesting: Nesting | None = None
    for index, line in enumerate(lines):
        if index in layout.headings:
            nesting = None
        elif index in layout.starts:
            nesting = Nesting(held=True)
            entry = nesting.line(line)
            out[index] = line if index in layout.protected else entry
        elif nesting is not None and index not in layout.protected:
            out[index] = nesting.line(line)
    return out


def strip_trailing(lines: list[str], layout: Layout) -> list[str]:
    """No trailing white space, but a hard line break (two spaces) inside a paragraph kept."""
    out = []
    for index, line in enumerate(lines):
        if index in layout.protected:
            out.append(line)
            continue
        stripped = _TRAILING.sub("", line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        hard_break = (line.endswith("  ") and stripped and following.strip()
                      and index + 1 not in layout.starts and index + 1 not in layout.headings
                      and index not in layout.headings)
        out.append(stripped + "  " if hard_break else stripped)
    return out


def space_entries(lines: list[str], layout: Layout) -> list[str]:
    """Exactly one blank line before each entry that follows text (not its heading)."""
    out = list(lines)
    for start in sorted(layout.starts, reverse=True):
        above = start - 1
        while above >= 0 and not out[above].strip() and above not in layout.protected:
            above -= 1
        if above < 0 or (above in layout.headings and above == start - 1):
            continue
        out[above + 1:start] = [""]
    return out


# --- the edge: files ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Formatted:
    """A notes file and its canonical form, both as they would be written (line ends, BOM)."""

    path: Path
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        """A unified diff from the file to its canonical form."""
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
            fromfile=str(self.path), tofile=f"{self.path} (formatted)")
        return "".join(line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n"
                       for line in lines)


def format_file(path: Path) -> Formatted:
    """Read and format one notes file, keeping its line ends (CRLF or LF) and its BOM."""
    raw = read_notes(path)
    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    text = raw.removeprefix(bom)
    # Lines as the parser reads them (CRLF, CR or LF); written back with the file's own end.
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text and "\n" not in text else "\n"
    after = format_notes(text, str(path))
    return Formatted(path, raw, bom + after.replace("\n", newline))

