"""When each paper first appeared in the notes, read from the notes file's git history.

One `git log --reverse -p` pass over the file: each added line's links are named by their
paper identity (`notes_site.identity.paper_key`), and the first commit that adds a paper's
link is the day it was noted. A paper moved to another topic or retitled keeps its first date,
since its link names the same paper. The answer is cached by the file's path and the
repository's HEAD (`.cache/notes-site/history.json` beside mkdocs.yml): a build at the same
commit runs no `git log`.

Without history, the dates are left out, never guessed, with one finding: a file outside a git
repository, in a shallow clone (`git rev-parse --is-shallow-repository`; CI must check out
with `fetch-depth: 0`), never committed, or no git at all.

`first_dates` reads `git log` output and is pure; `noted_dates` runs git and keeps the cache.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from notes_site.identity import paper_id
from notes_site.model import Diagnostic, Severity

Noted = Mapping[str, datetime]
"""By paper key (`notes_site.identity.paper_key`): when the paper first appeared in the notes."""
NO_DATES: Noted = MappingProxyType({})

CACHE_FILE = Path(".cache") / "notes-site" / "history.json"
"""Where the dates are cached, relative to the folder of mkdocs.yml."""
_CACHE_VERSION = 1
#: Starts each commit's header line in the log: NUL can be in no notes line.
_COMMIT = "\x00"
_FORMAT = "--format=%x00%H %aI"
_URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+|(?:arXiv|doi):[^\s<>()\[\]\"'`]+",
                  re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class History:
    """What a notes file's history says: the dates by paper key, or why there are none."""

    dates: Noted = field(default_factory=dict)
    finding: Diagnostic | None = None


def first_dates(log: str) -> dict[str, datetime]:
    """From `git log --reverse -p` output (each commit headed by `_FORMAT`), the first date
    each paper's link was added on. Pure."""
    found: dict[str, datetime] = {}
    when: datetime | None = None
    for line in log.split("\n"):
        if line.startswith(_COMMIT):
            when = datetime.fromisoformat(line[1:].split(" ", 1)[1])
        elif when and line.startswith("+") and not line.startswith("+++"):
            for key in _keys(line):
                found.setdefault(key, when)
    return found


def _keys(line: str) -> Iterable[str]:
    for match in _URL.finditer(line):
        ident = paper_id(match[0].rstrip(".,;:!?*"))
        if ident is not None:
            yield str(ident)


# --- the edge: git, and the cache -----------------------------------------------------------


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_PAGER": "cat", "LC_ALL": "C"}
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=env, check=False,
                          timeout=600)


def _finding(path: Path, why: str) -> Diagnostic:
    return Diagnostic(str(path), 1, 1, Severity.INFO, "no-history",
                      f"{why}: the dates papers were noted are left out (the All papers "
                      "table's Noted column, Recently noted, feed.xml)")


def file_history(path: Path, cache: Path | None = None) -> History:
    """The dates of one notes file's papers; with `cache`, read from and kept in that file."""
    folder = path.resolve().parent
    try:
        shallow = _git(folder, "rev-parse", "--is-shallow-repository", "HEAD")
    except (OSError, subprocess.SubprocessError):
        return History(finding=_finding(path, "git could not be run"))
    if shallow.returncode != 0:
        return History(finding=_finding(path, "not in a git repository with commits"))
    flag, head = (shallow.stdout.split() + ["", ""])[:2]
    if flag == "true":
        return History(finding=_finding(path, "a shallow clone (check out with fetch-depth: 0)"))
    key = f"{head}:{path.resolve()}"
    if cache is not None and (known := _cached(cache, key)) is not None:
        return History(known)
    log = _git(folder, "log", "--reverse", "-p", "-U0", "--no-color", "--no-ext-diff",
               _FORMAT, "--", path.resolve().name)
    dates = first_dates(log.stdout) if log.returncode == 0 else {}
    if not dates:
        return History(finding=_finding(path, "no commit of this file names a paper"))
    if cache is not None:
        _keep(cache, key, dates)
    return History(dates)


def noted_dates(paths: Sequence[Path], cache: Path | None = None
                ) -> tuple[Noted, list[Diagnostic]]:
    """The dates of every notes file's papers (the earliest when two files note one paper),
    and one finding for the files without history (naming the first of them)."""
    dates: dict[str, datetime] = {}
    missing: list[Diagnostic] = []
    for path in paths:
        history = file_history(path, cache)
        for key, when in history.dates.items():
            dates[key] = min(when, dates.get(key, when))
        if history.finding:
            missing.append(history.finding)
    return MappingProxyType(dates), missing[:1]


def _read_cache(cache: Path) -> dict[str, dict[str, str]]:
    """The cache's entries, by `HEAD:path`; none when it is missing or not one."""
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("version") == _CACHE_VERSION and isinstance(data.get("files"), dict):
            return dict(data["files"])
    except (OSError, ValueError, AttributeError):
        pass
    return {}


def _cached(cache: Path, key: str) -> dict[str, datetime] | None:
    entry = _read_cache(cache).get(key)
    try:
        return {k: datetime.fromisoformat(v) for k, v in entry.items()} if entry else None
    except (TypeError, ValueError):
        return None


def _keep(cache: Path, key: str, dates: Mapping[str, datetime]) -> None:
    """Keep the dates under `key`, replacing the entry of an older HEAD for the same file."""
    path = key.split(":", 1)[1]
    entries = {k: v for k, v in _read_cache(cache).items()
               if k.split(":", 1)[1] != path}
    entries[key] = {k: v.isoformat() for k, v in sorted(dates.items())}
    text = json.dumps({"version": _CACHE_VERSION, "files": entries}, indent=1, sort_keys=True)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=cache.parent, prefix=".history.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text + "\n")
        os.replace(temp, cache)
    except OSError:
        pass  # a cache that cannot be written costs the next build one `git log`, no more
