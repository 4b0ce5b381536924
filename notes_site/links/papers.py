"""Paper-aware verification: arXiv and OpenReview ids checked in batches through their APIs.

arXiv asks robots for 15 s between page requests and OpenReview rate-limits guests, so the
papers are not fetched one PDF at a time: one API call answers for up to `api_batch` ids and
also gives each paper's real title, which is compared with the title in the notes.

- arXiv: `GET {arxiv_api}?id_list=ID,ID&max_results=N` answers an Atom feed; each `<entry>`
  has `<id>http://arxiv.org/abs/ID(vN)</id>` and `<title>`; an unknown id comes back as no
  entry; a malformed id makes arXiv refuse the whole batch (HTTP 400, one entry whose id is
  `…/api/errors#incorrect_id_format_for_ID`), so a refused batch is split to find the bad id,
  which is reported broken, and the rest are asked again. The same for an OpenReview batch
  refused with 400 or 422.
- OpenReview: `GET {openreview_api}?ids=ID,ID` answers `{"notes": [{"id": ..., "content":
  {"title": ...}}]}`; API v2 wraps each content field as `{"value": ...}`. Venues before 2023
  live in API v1, so ids v2 does not know are asked from the next endpoint.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from types import MappingProxyType
from typing import Any
from xml.etree import ElementTree

from yarl import URL

from notes_site.identity import PaperId, api_id
from notes_site.inline import collapse
from notes_site.links.check import Failure, Fetcher, LinkResult, Outcome
from notes_site.links.extract import NotedPaper
from notes_site.model import Diagnostic, Severity

_ATOM = "{http://www.w3.org/2005/Atom}"
_WORD = re.compile(r"[^\W_]+")
SITE_NAMES = MappingProxyType({"arxiv": "arXiv", "openreview": "OpenReview"})


def parse_arxiv_feed(xml: bytes) -> dict[str, str]:
    """arXiv id (no version) → title, for every paper entry of an API Atom feed.

    Raises `ValueError` when the answer is not an Atom feed (arXiv says "Rate exceeded." in
    plain text when it throttles).
    """
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise ValueError(f"not an Atom feed ({error})") from error
    titles = {}
    for entry in root.iter(f"{_ATOM}entry"):
        ident = api_id(entry.findtext(f"{_ATOM}id") or "")
        title = collapse(entry.findtext(f"{_ATOM}title") or "")
        if ident and title:
            titles[ident.id] = title
    return titles


def parse_openreview_notes(body: bytes) -> dict[str, str]:
    """Note id → title, from an OpenReview API v1 or v2 `notes` answer."""
    try:
        data = json.loads(body)
    except ValueError as error:
        raise ValueError(f"not JSON ({error})") from error
    if not isinstance(data, dict) or not isinstance(data.get("notes"), list):
        raise ValueError("no `notes` list in the answer")
    return {str(note["id"]): _note_title(note) for note in data["notes"]
            if isinstance(note, dict) and note.get("id")}


def _note_title(note: Mapping[str, Any]) -> str:
    title = (note.get("content") or {}).get("title", "")
    if isinstance(title, dict):
        title = title.get("value", "")
    return collapse(str(title))


def batches(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    """`items` in consecutive runs of at most `size`."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


#: Statuses with which an API refuses what a batch asks for (a malformed id), rather than
#: failing (5xx), not being there (404), refusing us (401, 403) or throttling (429). arXiv
#: answers a batch holding one malformed id with 400 and a single error entry (captured live,
#: issue 11); a batch so refused is split until the bad id is alone.
REFUSED = frozenset({400, 422})
_ARXIV_ERROR = re.compile(r"/api/errors#incorrect_id_format_for_(?P<id>.+)$")


def arxiv_refused_ids(xml: bytes) -> set[str]:
    """The ids an arXiv error feed names as malformed (`…/api/errors#incorrect_id_format_for_ID`);
    empty when the answer is not a feed or names none."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return set()
    found = (_ARXIV_ERROR.search(entry.findtext(f"{_ATOM}id") or "")
             for entry in root.iter(f"{_ATOM}entry"))
    return {match["id"] for match in found if match}


@dataclass(frozen=True, slots=True)
class _Asked:
    """What one API call said: titles found, or why it could not say."""

    titles: Mapping[str, str]
    failure: str | None = None
    refused: frozenset[str] | None = None
    """Set when the API refused the batch: the ids its answer names as the cause (maybe none)."""


@dataclass(slots=True)
class _Answers:
    """What the calls for a list of ids said, id by id."""

    titles: dict[str, str] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    """Ids the API could not answer for (it failed): unknown, not broken."""
    refused: dict[str, str] = field(default_factory=dict)
    """Ids the API refused on their own: broken."""

    def add(self, other: _Answers) -> None:
        """Take in the answers of another call."""
        self.titles.update(other.titles)
        self.failures.update(other.failures)
        self.refused.update(other.refused)


@dataclass(frozen=True, slots=True)
class _Api:
    """How to ask one API endpoint about a batch of ids and read its answers."""

    query: Callable[[Sequence[str]], URL]
    parse: Callable[[bytes], dict[str, str]]
    named: Callable[[bytes], set[str]] = lambda _body: set()
    """The ids a refusal names as its cause; OpenReview's refusals are read by status only."""


async def _ask(fetcher: Fetcher, url: URL, api: _Api) -> _Asked:
    fetcher.slow_host(url.host or "", fetcher.options.api_interval)
    reply = await fetcher.fetch(str(url), fetcher.options.api_body_cap)
    if isinstance(reply, Failure):
        return _Asked({}, reply.detail)
    status = f"{reply.status} {reply.reason}".strip()
    if reply.status in REFUSED:
        return _Asked({}, status, frozenset(api.named(reply.body)))
    if reply.status != 200:
        return _Asked({}, status)
    try:
        return _Asked(api.parse(reply.body))
    except ValueError as error:
        return _Asked({}, str(error))


async def _ask_batch(fetcher: Fetcher, batch: Sequence[str], api: _Api) -> _Answers:
    """Ask for `batch`; a refused batch is asked again without the ids the refusal names, or
    in halves when it names none, until each refused id stands alone."""
    asked = await _ask(fetcher, api.query(batch), api)
    if asked.refused is None:
        failures = dict.fromkeys(batch, asked.failure) if asked.failure else {}
        return _Answers(dict(asked.titles), failures)
    detail = asked.failure or "refused"
    if len(batch) == 1:
        return _Answers(refused={batch[0]: detail})
    named = [ident for ident in batch if ident in asked.refused]
    answers = _Answers(refused=dict.fromkeys(named, detail))
    rest = [ident for ident in batch if ident not in asked.refused]
    halves = [rest] if named else [rest[:len(rest) // 2], rest[len(rest) // 2:]]
    for part in filter(None, halves):
        answers.add(await _ask_batch(fetcher, part, api))
    return answers


async def verify_arxiv(fetcher: Fetcher, ids: Sequence[str]) -> dict[str, LinkResult]:
    """`arxiv:ID` → result (with the real title when found), asked in batches."""
    def query(batch: Sequence[str]) -> URL:
        return URL(fetcher.options.arxiv_api).update_query(
            id_list=",".join(batch), max_results=str(len(batch)))

    api = _Api(query, parse_arxiv_feed, arxiv_refused_ids)
    answers = _Answers()
    for batch in batches(ids, fetcher.options.api_batch):
        answers.add(await _ask_batch(fetcher, batch, api))
    return {f"arxiv:{ident}": _paper_result("arxiv", ident, answers) for ident in ids}


async def verify_openreview(fetcher: Fetcher, ids: Sequence[str]) -> dict[str, LinkResult]:
    """`openreview:ID` → result, asking each endpoint in turn for the ids still unknown."""
    answers = _Answers()
    for endpoint in fetcher.options.openreview_api:
        api = _Api(_openreview_query(endpoint), parse_openreview_notes)
        pending = [i for i in ids if i not in answers.titles and i not in answers.refused]
        for batch in batches(pending, fetcher.options.api_batch):
            found = await _ask_batch(fetcher, batch, api)
            found.failures = {i: f"{endpoint}: {why}" for i, why in found.failures.items()}
            found.refused = {i: f"{endpoint}: {why}" for i, why in found.refused.items()}
            answers.add(found)
    return {f"openreview:{ident}": _paper_result("openreview", ident, answers) for ident in ids}


def _openreview_query(endpoint: str) -> Callable[[Sequence[str]], URL]:
    def query(batch: Sequence[str]) -> URL:
        return URL(endpoint).update_query(ids=",".join(batch))

    return query


def _paper_result(site: str, ident: str, answers: _Answers) -> LinkResult:
    key, name = f"{site}:{ident}", SITE_NAMES[site]
    if ident in answers.titles:
        return LinkResult(key, Outcome.OK, 200, f"found on {name}", title=answers.titles[ident])
    if ident in answers.refused:
        return LinkResult(key, Outcome.BROKEN, None,
                          f"{name} API refuses the id {ident!r} ({answers.refused[ident]})")
    if ident in answers.failures:
        return LinkResult(key, Outcome.UNKNOWN, None, f"{name} API: {answers.failures[ident]}")
    return LinkResult(key, Outcome.BROKEN, None, f"no {name} paper with id {ident}")


def paper_keys(urls: Sequence[str]) -> dict[str, PaperId]:
    """URL → the arXiv or OpenReview paper it names, for the URLs that name one."""
    return {url: ident for url in urls if (ident := api_id(url))}


def normalise_title(title: str) -> str:
    """A title reduced to what a comparison should see: letters and digits, case folded."""
    text = unicodedata.normalize("NFKD", title).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(text))


def titles_match(noted: str, real: str) -> bool:
    """Whether a noted title names the paper with the `real` title.

    Equal once normalised; or every noted word (a final plural `s` aside) is in the real
    title, since notes often shorten ("ProxSGD", "META DROPOUT"); or nearly the same letters.
    """
    left, right = normalise_title(noted), normalise_title(real)
    if not left or not right or left == right:
        return True
    stems = {word.removesuffix("s") for word in right.split()}
    if all(word.removesuffix("s") in stems for word in left.split()):
        return True
    return SequenceMatcher(None, left, right).ratio() >= 0.9


def title_mismatches(noted: Sequence[NotedPaper], results: Mapping[str, LinkResult]
                     ) -> list[Diagnostic]:
    """A warning for each paper whose real title (from an API) differs from the noted one."""
    found = []
    for paper in noted:
        result = results.get(paper.url)
        ident = api_id(paper.url)
        if not result or not result.title or not ident or titles_match(paper.title, result.title):
            continue
        message = (f"title differs from {SITE_NAMES[ident.site]} {ident.id}: noted "
                   f"{paper.title!r}, the paper is {result.title!r}")
        found.append(Diagnostic(paper.path, paper.line, paper.col, Severity.WARNING,
                                "title-mismatch", message))
    return found
