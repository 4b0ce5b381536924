"""List nesting written as 4 spaces a level: the one re-indenting rule, for the renderer and fmt.

Authors nest lists by 2 spaces, 3, or a tab, as GitHub (CommonMark) reads them; Python-Markdown
sees a level only at 4 spaces. The renderer re-indents a note's and a body's lists so that the
site shows the nesting meant (`render.nest_lists`), and `fmt` writes the body lines of each
entry so (`fmt.reindent`). A level is read from widths (tabs to the next multiple of 4):

- an item (`blocks.ENTRY`) deeper than the open item above it opens a level, one at the same
  width is that level's next item, one left of it closes the levels deeper than itself;
- an indented line that is not an item belongs to the deepest open item whose marker stands
  left of it (a line at an item's own width after a blank line is, for CommonMark, no longer
  inside that item), and is written one level deeper than that item;
- a line at column 0 ends the list, or, in an entry (`held`), only its sub-lists: the parser
  (`readers.items.runs`) gives an entry every line up to the next entry, so such a line is the
  entry's lazy continuation.

Levels count from the first item's own indent: an entry written at column 2 is level 0 and is
written at column 0, its lines under it. Blank lines and lines the caller keeps as they are
(code) are not read.
"""

from __future__ import annotations

from notes_site.blocks import ENTRY

INDENT = " " * 4
"""One level of nesting."""


class Nesting:
    """The open list levels above the lines read so far, as the widths of their items."""

    def __init__(self, *, held: bool = False) -> None:
        self._widths: list[int] = []
        self._held = held
        self.item_level: int | None = None
        """The level of the last line read, when it was an item."""

    def line(self, line: str) -> str:
        """`line` re-indented at its level; a blank line, or one outside any list, as it is."""
        self.item_level = None
        if not line.strip():
            return line
        body = line.lstrip(" \t")
        width = len(line[: len(line) - len(body)].expandtabs(4))
        floor = 1 if self._held else 0
        if ENTRY.match(line):
            while len(self._widths) > floor and self._widths[-1] > width:
                self._widths.pop()
            if not self._widths or self._widths[-1] < width:
                self._widths.append(width)
            self.item_level = len(self._widths) - 1
            return INDENT * self.item_level + body
        if not width:
            del self._widths[floor:]
            return line
        while len(self._widths) > 1 and self._widths[-1] >= width:
            self._widths.pop()
        return INDENT * len(self._widths) + body if self._widths else line
