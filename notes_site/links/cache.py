"""Link results kept between runs: URL (or paper id) → outcome and when it was checked.

Only successes are kept (`ok`, `redirected`): a failure is checked again next run, so a host
that was down once does not stay "broken" for a day. Entries older than the maximum age are
ignored. The file is written atomically (`notes_site.atomic_write`), and a corrupt,
conflicted or foreign file is a finding (`notes_site.derived`) and is replaced, never fatal.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from notes_site.atomic_write import write_atomically
from notes_site.derived import finding, read_json
from notes_site.links.model import LinkResult, Outcome
from notes_site.model import Diagnostic

FORMAT = "notes-site-link-cache"
VERSION = 1
_KEPT = (Outcome.OK, Outcome.REDIRECTED)


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """One remembered success."""

    outcome: Outcome
    checked: float
    """Unix time of the check."""
    status: int | None = None
    detail: str = ""
    new_url: str | None = None
    title: str | None = None

    def result(self, key: str) -> LinkResult:
        """The cached result for `key`, marked as cached."""
        return LinkResult(key, self.outcome, self.status, self.detail, self.new_url,
                          self.title, cached=True)


@dataclass(frozen=True, slots=True)
class Loaded:
    """A cache read from disk, and the finding to report if the file could not be used."""

    entries: Mapping[str, CacheEntry]
    finding: Diagnostic | None = None


REMEDY = "the link cache is written again from this run"


def load(path: str | os.PathLike[str]) -> Loaded:
    """The entries of the cache file at `path`; none (and a finding) if it is unusable."""
    read = read_json(Path(path), REMEDY)
    if read.finding or read.data is None:
        return Loaded({}, read.finding)
    try:
        return Loaded(_entries(read.data))
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        why = f"not a notes-site link cache ({error}); {REMEDY}"
        return Loaded({}, finding(Path(path), why))


def _entries(data: Any) -> dict[str, CacheEntry]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("no notes-site format marker")
    if data.get("version") != VERSION:
        raise ValueError(f"version {data.get('version')!r}, expected {VERSION}")
    entries = {}
    for key, fields in data["entries"].items():
        entry = CacheEntry(**{**fields, "outcome": Outcome(fields["outcome"])})
        if not isinstance(entry.checked, (int, float)):
            raise TypeError(f"entry {key!r} has no check time")
        entries[str(key)] = entry
    return entries


def fresh(entries: Mapping[str, CacheEntry], key: str, now: float, max_age: float
          ) -> LinkResult | None:
    """The cached result for `key` if it is younger than `max_age` seconds."""
    entry = entries.get(key)
    if entry is None or not 0 <= now - entry.checked <= max_age:
        return None
    return entry.result(key)


def remember(entries: dict[str, CacheEntry], result: LinkResult, now: float) -> None:
    """Keep `result` if it is a fresh success; failures and cache hits change nothing."""
    if result.outcome in _KEPT and not result.cached:
        entries[result.url] = CacheEntry(result.outcome, now, result.status, result.detail,
                                         result.new_url, result.title)


def save(path: str | os.PathLike[str], entries: Mapping[str, CacheEntry],
         now: float, max_age: float) -> None:
    """Write the entries still younger than `max_age`, atomically."""
    kept = {key: {**asdict(entry), "outcome": entry.outcome.value}
            for key, entry in sorted(entries.items()) if now - entry.checked <= max_age}
    text = json.dumps({"format": FORMAT, "version": VERSION, "entries": kept}, indent=1)
    write_atomically(path, text + "\n")
