"""How deep notes may nest: a deeper line is brought back to the bound before anything reads it.

A level of a nested list is 4 columns of indentation (a tab reaching the next multiple of 4),
a level of a quote one `>`. Python-Markdown's time grows faster than the square of the depth
(800 nested bullets, 1.3 MB: 7.6 s, against 0.16 s to parse them), and no notes file we know
nests past 6. A line nested deeper than `MAX_DEPTH` keeps its text at `MAX_DEPTH`: only white
space and `>` marks go, never a word, and the file gets one finding at the first such line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notes_site.model import Diagnostic, Severity

MAX_DEPTH = 20
"""Levels of nesting kept."""
_INDENT = 4 * MAX_DEPTH
_QUOTES = re.compile(r"^(?:[ \t]*>)+")


def flatten(lines: Sequence[str], first: int, path: str, found: list[Diagnostic]) -> list[str]:
    """`lines` (the first numbered `first`) with what nests deeper than `MAX_DEPTH` brought
    back to it; one finding in `found` when a line was."""
    out = [_flattened(line) if line[:1] in (" ", "\t", ">") else line for line in lines]
    deep = [number for number, (old, new) in enumerate(zip(lines, out, strict=True), first)
            if old != new]
    if deep:
        found.append(Diagnostic(path, deep[0], 1, Severity.WARNING, "deep-nesting",
                                f"nested deeper than {MAX_DEPTH} levels on {len(deep)} lines: "
                                f"shown at that depth"))
    return out


def _flattened(line: str) -> str:
    """One line at no more than `MAX_DEPTH` levels of indentation and of quoting."""
    text = line.lstrip(" \t")
    if len(line[: len(line) - len(text)].expandtabs(4)) > _INDENT:
        line = " " * _INDENT + text
    quotes = _QUOTES.match(line)
    if quotes and quotes[0].count(">") > MAX_DEPTH:
        line = "> " * MAX_DEPTH + line[quotes.end():].lstrip(" \t")
    return line
