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

import asyncio
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from yarl import URL

from notes_site.identity import PaperId, api_id
from notes_site.inline import collapse
from notes_site.links.extract import NotedPaper
from notes_site.links.model import CheckOptions, Failure, LinkResult, Outcome
from notes_site.metadata import PaperMeta, from_arxiv, from_openreview
from notes_site.model import Diagnostic, Severity

if TYPE_CHECKING:
    from aiohttp.abc import AbstractResolver

    from notes_site.links.check import Fetcher

_ATOM = "{http://www.w3.org/2005/Atom}"
_WORD = re.compile(r"[^\W_]+")
SITE_NAMES = MappingProxyType({"arxiv": "arXiv", "openreview": "OpenReview"})


def arxiv_entries(xml: bytes) -> dict[str, ElementTree.Element]:
    """arXiv id (no version) → its `<entry>`, for every paper entry of an API Atom feed.

    Raises `ValueError` when the answer is not an Atom feed (arXiv says "Rate exceeded." in
    plain text when it throttles).
    """
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise ValueError(f"not an Atom feed ({error})") from error
    found = {}
    for entry in root.iter(f"{_ATOM}entry"):
        ident = api_id(entry.findtext(f"{_ATOM}id") or "")
        if ident and ident.site == "arxiv" and (entry.findtext(f"{_ATOM}title") or "").strip():
            found[ident.id] = entry
    return found


def arxiv_title(entry: ElementTree.Element) -> str:
    """The title of an arXiv feed entry, white space collapsed."""
    return collapse(entry.findtext(f"{_ATOM}title") or "")


def parse_arxiv_feed(xml: bytes) -> dict[str, str]:
    """arXiv id (no version) → title, for every paper entry of an API Atom feed."""
    return {ident: arxiv_title(entry) for ident, entry in arxiv_entries(xml).items()}


def openreview_notes(body: bytes) -> dict[str, dict[str, Any]]:
    """Note id → note, from an OpenReview API v1 or v2 `notes` answer."""
    try:
        data = json.loads(body)
    except ValueError as error:
        raise ValueError(f"not JSON ({error})") from error
    if not isinstance(data, dict) or not isinstance(data.get("notes"), list):
        raise ValueError("no `notes` list in the answer")
    return {str(note["id"]): note for note in data["notes"]
            if isinstance(note, dict) and note.get("id")}


def parse_openreview_notes(body: bytes) -> dict[str, str]:
    """Note id → title, from an OpenReview API v1 or v2 `notes` answer."""
    return {ident: _note_title(note) for ident, note in openreview_notes(body).items()}


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

    found: Mapping[str, Any]
    """Id → what the API answered for it (an Atom entry, a note)."""
    failure: str | None = None
    refused: frozenset[str] | None = None
    """Set when the API refused the batch: the ids its answer names as the cause (maybe none)."""
    excluded: bool = False
    """The API was not asked: its address is private (`notes_site.links.addresses`)."""


@dataclass(slots=True)
class Answers:
    """What the calls for a list of ids said, id by id: found, failed (unknown), refused."""

    found: dict[str, Any] = field(default_factory=dict)
    """Id → what the API answered for it."""
    failures: dict[str, str] = field(default_factory=dict)
    """Ids the API could not answer for (it failed): unknown, not broken."""
    refused: dict[str, str] = field(default_factory=dict)
    """Ids the API refused on their own: broken."""
    excluded: dict[str, str] = field(default_factory=dict)
    """Ids not asked because the API's address is private: excluded."""

    def add(self, other: Answers) -> None:
        """Take in the answers of another call."""
        self.found.update(other.found)
        self.failures.update(other.failures)
        self.refused.update(other.refused)
        self.excluded.update(other.excluded)


@dataclass(frozen=True, slots=True)
class _Api:
    """How to ask one API endpoint about a batch of ids and read its answers."""

    query: Callable[[Sequence[str]], URL]
    parse: Callable[[bytes], Mapping[str, Any]]
    named: Callable[[bytes], set[str]] = lambda _body: set()
    """The ids a refusal names as its cause; OpenReview's refusals are read by status only."""


async def _ask(fetcher: Fetcher, url: URL, api: _Api) -> _Asked:
    fetcher.slow_host(url.host or "", fetcher.options.api_interval)
    reply = await fetcher.fetch(str(url), fetcher.options.api_body_cap)
    if isinstance(reply, Failure):
        return _Asked({}, reply.detail, excluded=reply.outcome is Outcome.EXCLUDED)
    status = f"{reply.status} {reply.reason}".strip()
    if reply.status in REFUSED:
        return _Asked({}, status, frozenset(api.named(reply.body)))
    if reply.status != 200:
        return _Asked({}, status)
    try:
        return _Asked(api.parse(reply.body))
    except ValueError as error:
        return _Asked({}, str(error))


async def _ask_batch(fetcher: Fetcher, batch: Sequence[str], api: _Api) -> Answers:
    """Ask for `batch`; a refused batch is asked again without the ids the refusal names, or
    in halves when it names none, until each refused id stands alone."""
    asked = await _ask(fetcher, api.query(batch), api)
    if asked.excluded:
        return Answers(excluded=dict.fromkeys(batch, asked.failure or "excluded"))
    if asked.refused is None:
        failures = dict.fromkeys(batch, asked.failure) if asked.failure else {}
        return Answers(dict(asked.found), failures)
    detail = asked.failure or "refused"
    if len(batch) == 1:
        return Answers(refused={batch[0]: detail})
    named = [ident for ident in batch if ident in asked.refused]
    answers = Answers(refused=dict.fromkeys(named, detail))
    rest = [ident for ident in batch if ident not in asked.refused]
    halves = [rest] if named else [rest[:len(rest) // 2], rest[len(rest) // 2:]]
    for part in filter(None, halves):
        answers.add(await _ask_batch(fetcher, part, api))
    return answers


async def ask_arxiv(fetcher: Fetcher, ids: Sequence[str]) -> Answers:
    """What arXiv's API says about each id (its Atom `<entry>`), asked in batches."""
    def query(batch: Sequence[str]) -> URL:
        return URL(fetcher.options.arxiv_api).update_query(
            id_list=",".join(batch), max_results=str(len(batch)))

    api = _Api(query, arxiv_entries, arxiv_refused_ids)
    answers = Answers()
    for batch in batches(ids, fetcher.options.api_batch):
        answers.add(await _ask_batch(fetcher, batch, api))
    return answers


async def ask_openreview(fetcher: Fetcher, ids: Sequence[str]) -> Answers:
    """What OpenReview says about each id (its note), asking each endpoint in turn for the
    ids still unknown."""
    answers = Answers()
    for endpoint in fetcher.options.openreview_api:
        api = _Api(_openreview_query(endpoint), openreview_notes)
        pending = [i for i in ids if i not in answers.found and i not in answers.refused]
        for batch in batches(pending, fetcher.options.api_batch):
            found = await _ask_batch(fetcher, batch, api)
            found.failures = {i: f"{endpoint}: {why}" for i, why in found.failures.items()}
            found.refused = {i: f"{endpoint}: {why}" for i, why in found.refused.items()}
            found.excluded = {i: f"{endpoint}: {why}" for i, why in found.excluded.items()}
            answers.add(found)
    return answers


async def verify_arxiv(fetcher: Fetcher, ids: Sequence[str]) -> dict[str, LinkResult]:
    """`arxiv:ID` → result (with the real title when found), asked in batches."""
    answers = await ask_arxiv(fetcher, ids)
    titles = {i: arxiv_title(entry) for i, entry in answers.found.items()}
    return {f"arxiv:{ident}": _paper_result("arxiv", ident, answers, titles) for ident in ids}


async def verify_openreview(fetcher: Fetcher, ids: Sequence[str]) -> dict[str, LinkResult]:
    """`openreview:ID` → result, asking each endpoint in turn for the ids still unknown."""
    answers = await ask_openreview(fetcher, ids)
    titles = {i: _note_title(note) for i, note in answers.found.items()}
    return {f"openreview:{ident}": _paper_result("openreview", ident, answers, titles)
            for ident in ids}


def _openreview_query(endpoint: str) -> Callable[[Sequence[str]], URL]:
    def query(batch: Sequence[str]) -> URL:
        return URL(endpoint).update_query(ids=",".join(batch))

    return query


def _paper_result(site: str, ident: str, answers: Answers, titles: Mapping[str, str]
                  ) -> LinkResult:
    key, name = f"{site}:{ident}", SITE_NAMES[site]
    if ident in titles:
        return LinkResult(key, Outcome.OK, 200, f"found on {name}", title=titles[ident])
    if ident in answers.refused:
        return LinkResult(key, Outcome.BROKEN, None,
                          f"{name} API refuses the id {ident!r} ({answers.refused[ident]})")
    if ident in answers.excluded:
        return LinkResult(key, Outcome.EXCLUDED, None, f"{name} API: {answers.excluded[ident]}")
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
        if not result or not result.title:  # only a paper API gives a title
            continue
        ident = api_id(paper.url)
        if not ident or titles_match(paper.title, result.title):
            continue
        message = (f"title differs from {SITE_NAMES[ident.site]} {ident.id}: noted "
                   f"{paper.title!r}, the paper is {result.title!r}")
        found.append(Diagnostic(paper.path, paper.line, paper.col, Severity.WARNING,
                                "title-mismatch", message))
    return found


@dataclass(frozen=True, slots=True)
class Fetched:
    """What `notes-site metadata` learnt: metadata by paper key, and why the rest is missing."""

    found: dict[str, PaperMeta]
    missing: dict[str, str]
    """Paper key → why there is no metadata (the API failed, refused the id, or has no such
    paper). Never written to the metadata file: the next run asks again."""


async def paper_metadata(fetcher: Fetcher, keys: Sequence[str]) -> Fetched:
    """Metadata for each `arxiv:ID` / `openreview:ID` key, asked in batches, both sites at once."""
    ids = {site: [k.partition(":")[2] for k in keys if k.startswith(f"{site}:")]
           for site in SITE_NAMES}
    arxiv, openreview = await asyncio.gather(ask_arxiv(fetcher, ids["arxiv"]),
                                             ask_openreview(fetcher, ids["openreview"]))
    found = {f"arxiv:{i}": from_arxiv(entry) for i, entry in arxiv.found.items()}
    found |= {f"openreview:{i}": from_openreview(note) for i, note in openreview.found.items()}
    missing = {}
    for site, answers in (("arxiv", arxiv), ("openreview", openreview)):
        for ident in ids[site]:
            if f"{site}:{ident}" not in found:
                missing[f"{site}:{ident}"] = _paper_result(site, ident, answers, {}).detail
    return Fetched(found, missing)


def fetch_metadata(options: CheckOptions, keys: Sequence[str], *,
                   resolver: AbstractResolver | None = None) -> Fetched:
    """`paper_metadata` in its own HTTP session (`resolver` replaces DNS in tests)."""
    async def run() -> Fetched:
        from notes_site.links.check import Fetcher, client_session

        async with client_session(options, resolver) as session:
            return await paper_metadata(Fetcher(session, options), keys)

    return asyncio.run(run())
