"""The block stream: every source line of a notes file, classified once.

Entry starts, headings, table rows and the rest are found line by line, before any Markdown
parser sees the text: CommonMark reads `3. [Title](url)` after an indented paragraph as a lazy
continuation and loses the paper (seed line 62). Lines inside code fences and HTML comments are
never structure. The outline (`notes_site.outline`) and the entry readers (`notes_site.readers`)
work on this stream.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from notes_site.model import Diagnostic, Severity

HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*(?:#+[ \t]*)?$")
_HEADING_NO_SPACE = re.compile(r"^(#{1,6})([^#\s].*?)[ \t]*$")
#: An entry start: a list marker at any indent (the outline keeps those at columns 0–3).
ENTRY = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>(?P<number>\d{1,9})[.)]|[-*+])(?:[ \t]+|$)")
_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
#: A code fence opening or closing, at any indent (fences inside entries are indented).
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_TABLE_ROW = re.compile(r"^ {0,3}\|")
#: Git's conflict markers, at the start of a line: ours from `<<<<<<<`, the merge base (diff3
#: style) from `|||||||`, theirs from `=======`, to `>>>>>>>`. The one rule for a notes file
#: and for the files derived from it (`notes_site.derived`).
CONFLICT_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?:[ \r]|$)")
#: The code of the finding about a conflict marker, in notes and derived files alike.
CONFLICT_CODE = "conflict-marker"
_DETAILS = re.compile(r"^ {0,3}</?details\b[^>]*>[ \t]*$", re.IGNORECASE)
_SUMMARY = re.compile(r"^ {0,3}(?:<details\b[^>]*>[ \t]*)?<summary\b[^>]*>(?P<text>.*?)</summary>"
                      r"[ \t]*$", re.IGNORECASE)
#: A heading written as HTML alone on its line (`<h2 id="x">Technique</h2>`), or a list item
#: that holds only a heading and no link (`+ #### Meta Learning`): GitHub shows both as headings.
_HTML_HEADING = re.compile(
    r"^ {0,3}<h(?P<level>[1-6])\b[^>]*>(?P<text>.*?)</?h(?P=level)/?>[ \t]*$", re.IGNORECASE)
_ITEM_HEADING = re.compile(r"^ {0,3}[-*+][ \t]+(?P<marks>#{1,6})[ \t]+(?P<text>(?:(?!\]\().)+?)"
                           r"[ \t]*#*[ \t]*$")
_COMMENT_OPEN = "<!--"
_COMMENT_CLOSE = "-->"


@dataclass(frozen=True, slots=True)
class Line:
    """One source line as the block scanner sees it."""

    number: int
    """1-based line number in the file."""
    text: str
    kind: str
    """`blank`, `text`, `heading`, `entry`, `table`; `code` and `comment` for lines inside
    those; `details` for a `<details>` or `</details>` tag alone on its line; `conflict` for a
    git conflict marker."""
    level: int = 0
    """Heading level (a `<summary>` line is a heading one level below the heading it is in)."""
    indent: int = 0
    """Indent in columns (tabs to 4)."""
    opens: bool = False
    """Whether the line opens a code fence or an HTML comment that the lines after it are in
    (the line itself is classified as any other: `1. [A](url) <!-- to read` is an entry)."""

    @property
    def is_structure(self) -> bool:
        """Whether the line is markup the page does not show as it is (a `<details>` tag)."""
        return self.kind == "details"


def indent_of(text: str) -> int:
    """Columns of leading white space, tabs counting to the next multiple of 4."""
    expanded = text.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def scan(lines: Sequence[str], first: int, path: str, found: list[Diagnostic]) -> list[Line]:
    """Classify every line; `first` is the number of the first line in the file."""
    # `=======` alone is also a setext underline: markers count only beside a `<<<<<<<`.
    conflicted = any(line.startswith("<<<<<<<") for line in lines)
    out: list[Line] = []
    fence: str | None = None
    in_comment = False
    heading_level = 0
    for number, text in enumerate(lines, start=first):
        if fence is not None:
            if text.strip().startswith(fence) and not text.strip().strip(fence[0]):
                fence = None
            out.append(Line(number, text, "code"))
            continue
        if in_comment:
            in_comment = _COMMENT_CLOSE not in text
            out.append(Line(number, text, "comment"))
            continue
        if conflicted and CONFLICT_MARKER.match(text):
            line = Line(number, text, "conflict")
            found.append(Diagnostic(path, number, 1, Severity.ERROR, CONFLICT_CODE,
                                    "git conflict marker: resolve the merge; both sides are "
                                    "shown on the site until then"))
        else:
            line = _classify(number, text, heading_level)
        if line.kind == "heading" and not _SUMMARY.match(text):
            heading_level = line.level
            if not HEADING.match(text) and _HEADING_NO_SPACE.match(text):
                found.append(Diagnostic(path, number, 1, Severity.INFO, "heading-no-space",
                                        "heading without a space after its `#`: read as a "
                                        "heading"))
        if match := FENCE.match(text):
            fence = match[1]
        opened = text.rfind(_COMMENT_OPEN)
        in_comment = opened >= 0 and _COMMENT_CLOSE not in text[opened:]
        out.append(replace(line, opens=True) if fence is not None or in_comment else line)
    return out


def _classify(number: int, text: str, heading_level: int) -> Line:
    """One line outside code and comments; `heading_level` is the last heading's level."""
    if not text.strip():
        return Line(number, text, "blank")
    if match := HEADING.match(text) or _HEADING_NO_SPACE.match(text):
        return Line(number, text, "heading", level=len(match[1]))
    if match := _HTML_HEADING.match(text):
        return Line(number, text, "heading", level=int(match["level"]))
    if match := _ITEM_HEADING.match(text):
        return Line(number, text, "heading", level=len(match["marks"]))
    if _SUMMARY.match(text):
        return Line(number, text, "heading", level=min(heading_level + 1, 7))
    if _DETAILS.match(text):
        return Line(number, text, "details")
    if _TABLE_ROW.match(text):
        return Line(number, text, "table")
    if not _BREAK.match(text) and (match := ENTRY.match(text)):
        return Line(number, text, "entry", indent=indent_of(match["indent"]))
    return Line(number, text, "text", indent=indent_of(text))


def heading_source(line: Line) -> str:
    """The Markdown of a heading line: markers, closing hashes or `<summary>` tags removed."""
    if match := _SUMMARY.match(line.text) or _HTML_HEADING.match(line.text) \
            or _ITEM_HEADING.match(line.text):
        return match["text"].strip()
    if match := HEADING.match(line.text):
        return (match[2] or "").strip()
    match = _HEADING_NO_SPACE.match(line.text)
    return match[2].strip() if match else line.text.strip()


_FOOTNOTE = re.compile(r"^( {0,3})(\[\^[^\]]+\]:)")


def shown(line: Line) -> str:
    """A line's text as the page should show it: a conflict marker is escaped so that it stays
    text (`=======` would otherwise underline the line above as a heading), and so is a
    footnote definition, whose reference is rarely on the same generated page."""
    if line.kind == "conflict":
        return "\\" + line.text
    return _FOOTNOTE.sub(r"\1\\\2", line.text)
