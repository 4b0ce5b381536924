"""What a link check is told and what it ends in: options, outcomes, results. No network.

Kept apart from `check` (which needs aiohttp, ~0.2 s to import) so that a run that makes no
request (`--offline`, or every answer cached) and the command line's option parsing do not
import the HTTP client.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from notes_site import __version__


class Outcome(StrEnum):
    """How a link check ended; the only values a result can take."""

    OK = "ok"
    REDIRECTED = "redirected"
    """Works, but moved permanently: the notes should use the new URL."""
    BROKEN = "broken"
    TIMEOUT = "timeout"
    EXCLUDED = "excluded"
    """Not requested: matched `--exclude`, a link that HTTP cannot check, or one to a private
    address without `--allow-private`."""
    UNKNOWN = "unknown"
    """The host answered but would not say (403, 429 past the cap, odd status)."""


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The outcome of checking one URL."""

    url: str
    outcome: Outcome
    status: int | None = None
    """The last HTTP status seen, if any."""
    detail: str = ""
    """Why, in a few words: `404 Not Found`, `redirect loop`, `connection reset`."""
    new_url: str | None = None
    """Where a permanent redirect leads."""
    title: str | None = None
    """The paper's real title, when a paper API was asked."""
    cached: bool = False


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """Every setting of a link check, with its default: the command line shows and uses these."""

    concurrency: int = 16
    """Requests in flight over all hosts."""
    host_concurrency: int = 2
    """Requests in flight to one host."""
    host_interval: float = 0.2
    """Seconds between the starts of two requests to one host."""
    timeout: float = 20.0
    """Seconds for one request, from connecting to the end of the headers (and small body)."""
    retries: int = 3
    """Extra tries after a 429, a 5xx, a timeout or a reset."""
    backoff: float = 1.0
    """Seconds before the first retry; doubled for each further one, with jitter."""
    retry_after_cap: float = 60.0
    """The longest `Retry-After` honoured; a host asking for more is reported, not waited on."""
    max_redirects: int = 10
    body_cap: int = 64 * 1024
    """Bytes of a GET body read at most (only to reuse the connection); larger ones are cut."""
    accept: frozenset[int] = frozenset(range(200, 300))
    """Statuses that mean the link works."""
    exclude: tuple[str, ...] = ()
    """Regular expressions: matching URLs are not requested."""
    max_age: float = 86400.0
    """Seconds a cached success stays valid."""
    cache: str = ".notes-site-cache.json"
    """The cache file; empty for none."""
    arxiv_api: str = "https://export.arxiv.org/api/query"
    openreview_api: tuple[str, ...] = (
        "https://api2.openreview.net/notes",
        "https://api.openreview.net/notes",
    )
    """Asked in order: API v2 first, then v1 for ids v2 does not know (venues before 2023)."""
    api_batch: int = 50
    """Paper ids per API request."""
    api_interval: float = 3.0
    """Seconds between two calls to a paper API (arXiv asks for three)."""
    api_body_cap: int = 8 * 1024 * 1024
    user_agent: str = f"notes-site/{__version__} (link checker)"
    allow_private: bool = False
    """Connect to loopback, private, link-local and unspecified addresses too (an intranet's
    links); by default such a link is `excluded` (`notes_site.links.addresses`)."""


_STATUS_RANGE = re.compile(r"(\d{3})(?:\s*(-|\.\.=|\.\.)\s*(\d{3}))?")


def parse_accept(spec: str) -> frozenset[int]:
    """Statuses from a list such as `200-299, 403`.

    Ranges are `A-B` or `A..=B` (both inclusive) or lychee's `A..B` (B excluded).
    """
    codes: set[int] = set()
    for part in filter(None, (p.strip() for p in spec.split(","))):
        match = _STATUS_RANGE.fullmatch(part)
        if not match:
            raise ValueError(f"not an HTTP status or range: {part!r}")
        low, sep, high = match.groups()
        end = int(high or low) + (0 if sep == ".." else 1)
        codes.update(range(int(low), end))
    if not codes:
        raise ValueError(f"no HTTP status in {spec!r}")
    return frozenset(codes)


_DURATION = re.compile(r"(\d+(?:\.\d*)?)\s*([smhdw]?)")
_UNIT_SECONDS = MappingProxyType({"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800})


def parse_duration(spec: str) -> float:
    """Seconds from `90`, `90s`, `30m`, `12h`, `7d` or `2w`."""
    match = _DURATION.fullmatch(spec.strip().lower())
    if not match:
        raise ValueError(f"not a duration: {spec!r} (try 3600, 30m, 12h, 7d)")
    return float(match[1]) * _UNIT_SECONDS[match[2]]


def is_excluded(url: str, patterns: Sequence[str]) -> bool:
    """Whether `url` matches one of the `--exclude` regular expressions (anywhere in it)."""
    return bool(patterns) and any(re.search(pattern, url) for pattern in patterns)


@dataclass(frozen=True, slots=True)
class Failure:
    """An exchange that gave no status: a timeout, a reset, a name that does not resolve."""

    outcome: Outcome
    detail: str
    retryable: bool
