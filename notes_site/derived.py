"""Files notes-site derives and keeps beside the notes: the metadata file and the link cache.

Both are JSON that a program wrote, and both can be broken by what happens to files: a merge
that leaves git conflict markers, a write cut short, a disk or a permission. Such a file is
never a reason to stop: it is read here into its data or one finding at the `line:col` where
it breaks, and the caller goes on without it. A conflicted file's two sides can be taken
apart (`conflict_sides`) so that what both sides hold is kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notes_site.blocks import CONFLICT_CODE, CONFLICT_MARKER
from notes_site.model import Diagnostic, Severity

CONFLICT = CONFLICT_CODE
"""The code of a finding about conflict markers: the same as in a notes file."""
BROKEN = "broken-file"
"""The code of a finding about a derived file that cannot be read or parsed."""


@dataclass(frozen=True, slots=True)
class Read:
    """A derived JSON file as read: its data, or why there is none."""

    data: Any = None
    """The parsed JSON; None when there is no file or it is broken."""
    finding: Diagnostic | None = None
    text: str | None = None
    """The file's text, when it could be decoded (a conflicted file's sides are in it)."""


def finding(path: Path, why: str, line: int = 1, col: int = 1, code: str = BROKEN
            ) -> Diagnostic:
    """An error about the derived file at `path`."""
    return Diagnostic(str(path), line, col, Severity.ERROR, code, why)


def read_json(path: Path, remedy: str) -> Read:
    """The JSON in `path` (nothing when there is no file), or a finding that says where it
    breaks and ends with `remedy` (what happens without it)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Read()
    except OSError as error:
        return Read(finding=finding(path, f"cannot read: {error.strerror}; {remedy}"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _place(raw, error.start)
        return Read(finding=finding(path, f"byte {error.start}: not UTF-8; {remedy}", line, col))
    marker = conflict_line(text)
    if marker:
        return Read(text=text, finding=finding(
            path, f"git conflict marker: resolve the merge; {remedy}", marker, 1, CONFLICT))
    try:
        return Read(json.loads(text), text=text)
    except json.JSONDecodeError as error:
        why = f"not JSON: {error.msg}; {remedy}"
        return Read(text=text, finding=finding(path, why, error.lineno, error.colno))


def _place(raw: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in bytes) of byte `offset`."""
    return raw.count(b"\n", 0, offset) + 1, offset - raw.rfind(b"\n", 0, offset)


def conflict_line(text: str) -> int | None:
    """The 1-based line of the first `<<<<<<<` marker, or None."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("<<<<<<<") and CONFLICT_MARKER.match(line):
            return number
    return None


def conflict_sides(text: str) -> tuple[str, str]:
    """A conflicted file's two versions: the lines outside the conflicts with ours, and with
    theirs (the merge base of a diff3-style conflict in neither)."""
    sides: tuple[list[str], list[str]] = ([], [])
    keep = (True, True)
    for line in text.splitlines(keepends=True):
        match = CONFLICT_MARKER.match(line)
        if match:
            keep = {"<": (True, False), "|": (False, False), "=": (False, True),
                    ">": (True, True)}[match[1][0]]
            continue
        for side, kept in zip(sides, keep, strict=True):
            if kept:
                side.append(line)
    return "".join(sides[0]), "".join(sides[1])
