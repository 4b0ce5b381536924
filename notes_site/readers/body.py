"""An entry's body: the lines after its head, as dedented Markdown, sub-points and remarks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from notes_site import inline
from notes_site.blocks import Line, indent_of, shown
from notes_site.model import Block, Link, Points, Remark, Text
from notes_site.readers.context import Context

SUBPOINT = re.compile(r"^(?:\(\d{1,3}\)|\d{1,3}\)\.?)[ \t]*")
_REMARK = re.compile(r"^\[(?P<text>[^\[\]]+)\][ \t]*$")


def read_body(lines: Sequence[Line], ctx: Context) -> tuple[tuple[Block, ...], list[Link]]:
    """The body's blocks and the links in it, with their positions in the file.

    Each run of non-blank lines is dedented on its own: a table indented under the entry and
    an HTML block at column 0 after it both keep their meaning (not an indented code block).
    `<details>` tag lines are structure, not text: the outline has made their `<summary>` a
    section heading.
    """
    lines = [line for line in lines if not line.is_structure]
    while lines and lines[-1].kind == "blank":
        lines = lines[:-1]
    while lines and lines[0].kind == "blank":
        lines = lines[1:]
    if not lines:
        return (), []
    texts: list[str] = []
    shifts: list[int] = []
    for run in _runs(lines):
        columns = min(indent_of(line.text) for line in run)
        for line in run:
            text, shift = dedent(shown(line), columns)
            texts.append(text)
            # `shown` escapes a marker at the line's start (`\[^note]:`): links stay where
            # the file has them.
            shifts.append(shift - (len(text) + shift - len(line.text)))
    links = inline.links_in_markdown(ctx.md, texts, lines[0].number, shifts)
    return tuple(_blocks(texts, [line.kind for line in lines])), links


def _runs(lines: list[Line]) -> Iterator[list[Line]]:
    """Maximal runs of non-blank lines, each blank line a run of its own."""
    run: list[Line] = []
    for line in lines:
        if line.kind == "blank":
            if run:
                yield run
            yield [line]
            run = []
        else:
            run.append(line)
    if run:
        yield run


def dedent(text: str, columns: int) -> tuple[str, int]:
    """`text` with up to `columns` columns of leading white space removed (tabs count to the
    next multiple of 4), and how many characters that was."""
    col = cut = 0
    while cut < len(text) and text[cut] in " \t":
        width = 4 - col % 4 if text[cut] == "\t" else 1
        if col + width > columns:
            break
        col += width
        cut += 1
    return text[cut:], cut


def _blocks(texts: list[str], kinds: list[str]) -> Iterable[Block]:
    """Group dedented body lines into Text, Points and Remark blocks."""
    pending: list[str] = []
    points: list[list[str]] = []
    for text, kind in zip(texts, kinds, strict=True):
        stripped = text.strip()
        if kind == "text" and not text.startswith(" ") and SUBPOINT.match(stripped):
            yield from _flush(pending)
            pending = []
            points.append([SUBPOINT.sub("", stripped, count=1)])
        elif points and kind == "text" and not _REMARK.match(stripped):
            points[-1].append(stripped)
        elif points and kind == "blank":
            continue
        else:
            if points:
                yield Points(tuple(inline.collapse(" ".join(p)) for p in points))
                points = []
            pending.append(text)
    if points:
        yield Points(tuple(inline.collapse(" ".join(p)) for p in points))
    yield from _flush(pending)


def _flush(pending: list[str]) -> Iterable[Block]:
    """Paragraphs of plain body text; a lone bracketed paragraph becomes a Remark."""
    while pending and not pending[0].strip():
        pending = pending[1:]
    while pending and not pending[-1].strip():
        pending = pending[:-1]
    if not pending:
        return
    paragraphs: list[list[str]] = [[]]
    for text in pending:
        if text.strip():
            paragraphs[-1].append(text)
        elif paragraphs[-1]:
            paragraphs.append([])
    run: list[str] = []
    for paragraph in paragraphs:
        remark = _REMARK.match(" ".join(p.strip() for p in paragraph)) if paragraph else None
        if remark:
            if run:
                yield Text("\n".join(run).strip("\n"))
                run = []
            yield Remark(inline.collapse(remark["text"]))
        elif paragraph:
            run += paragraph + [""]
    if run:
        yield Text("\n".join(run).strip("\n"))
