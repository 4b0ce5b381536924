"""Paper-aware verification: arXiv and OpenReview ids checked in batches through their APIs.

arXiv asks robots for 15 s between page requests and OpenReview rate-limits guests, so the
papers are not fetched one PDF at a time: one API call answers for up to `api_batch` ids and
also gives each paper's real title, which is compared with the title in the notes.

- arXiv: `GET {arxiv_api}?id_list=ID,ID&max_results=N` answers an Atom feed; each `<entry>`
  has `<id>http://arxiv.org/abs/ID(vN)</id>` and `<title>`; a bad id comes back as an entry
  titled `Error`, an unknown one as no entry.
- OpenReview: `GET {openreview_api}?ids=ID,ID` answers `{"notes": [{"id": ..., "content":
  {"title": ...}}]}`; API v2 wraps each content field as `{"value": ...}`. Venues before 2023
  live in API v1, so ids v2 does not know are asked from the next endpoint.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class _Asked:
    """What one API call said: titles found, or why it could not say."""

    titles: Mapping[str, str]
    failure: str | None = None


async def _ask(fetcher: Fetcher, url: URL, parse: Callable[[bytes], dict[str, str]]
               ) -> _Asked:
    fetcher.slow_host(url.host or "", fetcher.options.api_interval)
    reply = await fetcher.fetch(str(url), fetcher.options.api_body_cap)
    if isinstance(reply, Failure):
        return _Asked({}, reply.detail)
    if reply.status != 200:
        return _Asked({}, f"{reply.status} {reply.reason}".strip())
    try:
        return _Asked(parse(reply.body))
    except ValueError as error:
        return _Asked({}, str(error))


async def verify_arxiv(fetcher: Fetcher, ids: Sequence[str]) -> dict[str, LinkResult]:
    """`arxiv:ID` → result (with the real title when found), asked in batches."""
    results: dict[str, LinkResult] = {}
    for batch in batches(ids, fetcher.options.api_batch):
        query = URL(fetcher.options.arxiv_api).update_query(
            id_list=",".join(batch), max_results=str(len(batch)))
        asked = await _ask(fetcher, query, parse_arxiv_feed)
        for ident in batch:
            results[f"arxiv:{ident}"] = _paper_result("arxiv", ident, asked)
    return results


async def verify_openreview(fetcher: Fetcher, ids: Sequence[str]) -> dict[str, LinkResult]:
    """`openreview:ID` → result, asking each endpoint in turn for the ids still unknown."""
    found: dict[str, str] = {}
    failures: dict[str, str] = {}
    for endpoint in fetcher.options.openreview_api:
        pending = [ident for ident in ids if ident not in found]
        for batch in batches(pending, fetcher.options.api_batch):
            query = URL(endpoint).update_query(ids=",".join(batch))
            asked = await _ask(fetcher, query, parse_openreview_notes)
            found.update(asked.titles)
            if asked.failure:
                failures.update(dict.fromkeys(batch, f"{endpoint}: {asked.failure}"))
    return {f"openreview:{ident}": _paper_result(
        "openreview", ident, _Asked(found, None if ident in found else failures.get(ident)))
        for ident in ids}


def _paper_result(site: str, ident: str, asked: _Asked) -> LinkResult:
    key, name = f"{site}:{ident}", SITE_NAMES[site]
    if ident in asked.titles:
        return LinkResult(key, Outcome.OK, 200, f"found on {name}", title=asked.titles[ident])
    if asked.failure:
        return LinkResult(key, Outcome.UNKNOWN, None, f"{name} API: {asked.failure}")
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
