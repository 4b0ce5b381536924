"""A `notes-site check` run: notes files in, a `Report` out.

`prepare` reads and parses the notes (through `notes_site.notebooks`, as the plugin does),
extracts the links and lints them: everything that needs no network. `check_plan` then asks the
servers and the paper APIs about what is left, through the cache, and adds their verdicts.
"""

from __future__ import annotations

import asyncio
import gc
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from notes_site.links import cache
from notes_site.links.extract import NotedPaper, extract, noted_papers
from notes_site.links.model import CheckOptions, LinkResult, Outcome, is_excluded
from notes_site.links.offline import (
    Finding,
    duplicate_papers,
    lint_images,
    lint_links,
    lint_url,
)
from notes_site.links.papers import paper_keys, title_mismatches, verify_arxiv, verify_openreview
from notes_site.links.report import CheckedLink, Place, Report
from notes_site.model import Diagnostic, Severity
from notes_site.notebooks import load_notebooks
from notes_site.paper_notes import linked_file

if TYPE_CHECKING:
    from aiohttp.abc import AbstractResolver

    from notes_site.links.check import Fetcher


class Progress(Protocol):
    """Told how many checks a run will make, then each time some are done."""

    def start(self, total: int) -> None:
        """`total` checks are about to be made."""

    def advance(self, done: int) -> None:
        """`done` more checks are finished."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What a run looks at, before any request: the links, their places, offline findings."""

    files: tuple[str, ...]
    places: Mapping[str, tuple[Place, ...]]
    """Each unique URL, in order of first appearance, and everywhere it is written."""
    papers: tuple[NotedPaper, ...]
    diagnostics: tuple[Diagnostic, ...]
    """Notes findings (as warnings) and offline lint."""
    settled: Mapping[str, LinkResult]
    """URLs decided without a request: malformed, bad scheme, relative, mailto."""

    def offline_report(self, elapsed: float = 0.0) -> Report:
        """The report of a run that makes no request."""
        links = tuple(CheckedLink(url, places) for url, places in self.places.items())
        return Report(self.files, links, _ordered(self.diagnostics, self.files), True, elapsed)


def prepare(paths: Sequence[Path], findings: Sequence[Diagnostic] = ()) -> Plan:
    """Read, parse, extract and lint the notes files; `NotesError` if one cannot be read.
    `findings` are about the site's other files (a broken metadata file), reported as they are.

    Each file is read once: its links and images come from the text its notebook was parsed
    from, and each unique URL is linted once.
    """
    loaded = load_notebooks(paths)
    places: dict[str, list[Place]] = {}
    papers: list[NotedPaper] = []
    diagnostics = [*findings, *(as_finding(d) for d in loaded.findings)]
    verdicts: dict[str, Finding | None] = {}

    def verdict(url: str) -> Finding | None:
        if url not in verdicts:
            verdicts[url] = lint_url(url)
        return verdicts[url]

    for notebook, text in zip(loaded.notebooks, loaded.texts, strict=True):
        found = extract(text)
        notes = {p.notes.path for p in notebook.papers() if p.notes}
        found = replace(found, links=tuple(link for link in found.links if linked_file(
            link.url, notebook.path, notebook.folder) not in notes))
        for link in found.links:
            places.setdefault(link.url, []).append(Place(notebook.path, link.line, link.col))
        papers += noted_papers(notebook.path, notebook, found.links)
        diagnostics += lint_links(notebook.path, found.links, verdict)
        diagnostics += lint_images(notebook.path, found.images)
    for path, text in loaded.notes:
        found = extract(text)
        for link in found.links:
            places.setdefault(link.url, []).append(Place(path, link.line, link.col))
        diagnostics += lint_links(path, found.links, verdict)
        diagnostics += lint_images(path, found.images)
    diagnostics += duplicate_papers(papers)
    settled = {url: result for url in places if (result := _settled(url, verdict(url)))}
    return Plan(tuple(n.path for n in loaded.notebooks),
                {url: tuple(found) for url, found in places.items()},
                tuple(papers), tuple(diagnostics), settled)


def as_finding(diagnostic: Diagnostic) -> Diagnostic:
    """A notes finding as `check` shows it: errors stay errors, the rest become warnings."""
    if diagnostic.severity is Severity.ERROR:
        return diagnostic
    return replace(diagnostic, severity=Severity.WARNING)


def _settled(url: str, finding: Finding | None) -> LinkResult | None:
    """The result of a URL that is not requested, or None if it is to be requested; `finding`
    is what the lint says about it."""
    if finding and finding[0] is Severity.ERROR:
        return LinkResult(url, Outcome.BROKEN, detail=finding[2])
    if finding and finding[1] == "relative-url":
        return LinkResult(url, Outcome.EXCLUDED, detail="relative link")
    if url.lower().startswith("mailto:"):
        return LinkResult(url, Outcome.EXCLUDED, detail="mailto: is not requested")
    return None


def check_plan(plan: Plan, options: CheckOptions, *,
               resolver: AbstractResolver | None = None, progress: Progress | None = None,
               clock: Callable[[], float] = time.time, rng: random.Random | None = None
               ) -> Report:
    """Check every link of `plan` over the network (and the cache); the full report.

    `resolver` replaces DNS (tests use `StaticResolver`), `clock` gives the Unix time the cache
    compares ages with, `rng` drives the backoff jitter.
    """
    started = time.monotonic()
    with _heap_frozen():
        results, broken_cache = asyncio.run(
            _results(plan, options, _Run(resolver, progress, clock(), rng)))
    links = tuple(CheckedLink(url, places, results[url]) for url, places in plan.places.items())
    found = [*plan.diagnostics, *broken_cache, *title_mismatches(plan.papers, results)]
    found += [d for link in links
              if link.url not in plan.settled and not is_excluded(link.url, options.exclude)
              for d in link_diagnostics(link)]
    return Report(plan.files, links, _ordered(found, plan.files), False,
                  time.monotonic() - started)


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """What is loaded before the requests (modules, the plan) outlives them: the garbage
    collector need not walk it again at each full collection while they run. The caller gets
    its collector back as it was."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@dataclass(frozen=True, slots=True)
class _Run:
    resolver: AbstractResolver | None
    progress: Progress | None
    now: float
    rng: random.Random | None


async def _results(plan: Plan, options: CheckOptions, run: _Run
                   ) -> tuple[dict[str, LinkResult], list[Diagnostic]]:
    """A result for every URL of the plan: settled, excluded, cached, or asked for; and the
    finding about a cache file that could not be used (it is written again)."""
    results = {**plan.settled, **_excluded(plan, options)}
    loaded = cache.load(options.cache) if options.cache else cache.Loaded({})
    entries = dict(loaded.entries)
    todo = [url for url in plan.places if url not in results]
    keys = {url: str(ident) for url, ident in paper_keys(todo).items()}
    for url in todo:
        hit = cache.fresh(entries, keys.get(url, url), run.now, options.max_age)
        if hit:
            results[url] = replace(hit, url=url)
    asked = await _ask(options, run, [url for url in todo if url not in results], keys)
    for url, result in asked.items():
        results[url] = result if result.url == url else replace(result, url=url)
        if options.cache:
            cache.remember(entries, replace(result, url=keys.get(url, url)), run.now)
    if options.cache and (asked or loaded.finding):
        cache.save(options.cache, entries, run.now, options.max_age)
    return results, [loaded.finding] if loaded.finding else []


def _excluded(plan: Plan, options: CheckOptions) -> dict[str, LinkResult]:
    """The URLs `--exclude` keeps from being requested."""
    return {url: LinkResult(url, Outcome.EXCLUDED, detail="matches --exclude")
            for url in plan.places
            if url not in plan.settled and is_excluded(url, options.exclude)}


async def _ask(options: CheckOptions, run: _Run, urls: Sequence[str], keys: Mapping[str, str]
               ) -> dict[str, LinkResult]:
    """Results for `urls` from the servers; paper URLs through the APIs, by paper id."""
    plain = [url for url in urls if url not in keys]
    ids: dict[str, set[str]] = {"arxiv": set(), "openreview": set()}
    for url in urls:
        if url in keys:
            site, _, ident = keys[url].partition(":")
            ids[site].add(ident)
    if run.progress:
        run.progress.start(len(plain) + sum(map(len, ids.values())))
    if not urls:
        return {}
    # aiohttp takes ~0.2 s to import: only a run that makes a request pays for it.
    from notes_site.links.check import Fetcher, client_session

    async with client_session(options, run.resolver) as session:
        fetcher = Fetcher(session, options, run.rng)
        by_url, by_id = await asyncio.gather(
            _check_all(fetcher, plain, run.progress), _verify_all(fetcher, ids, run.progress))
    return {**by_url, **{url: by_id[keys[url]] for url in urls if url in keys}}


async def _check_all(fetcher: Fetcher, urls: Sequence[str], progress: Progress | None
                     ) -> dict[str, LinkResult]:
    from notes_site.links.check import check_url

    async def one(url: str) -> LinkResult:
        result = await check_url(fetcher, url)
        if progress:
            progress.advance(1)
        return result

    return {result.url: result for result in await asyncio.gather(*map(one, urls))}


async def _verify_all(fetcher: Fetcher, ids: Mapping[str, set[str]], progress: Progress | None
                      ) -> dict[str, LinkResult]:
    verify = {"arxiv": verify_arxiv, "openreview": verify_openreview}
    found: dict[str, LinkResult] = {}
    asked = (verify[site](fetcher, sorted(ids[site])) for site in ids if ids[site])
    for batch in await asyncio.gather(*asked):
        found.update(batch)
        if progress:
            progress.advance(len(batch))
    return found


_SEVERITY = MappingProxyType({
    Outcome.BROKEN: Severity.ERROR, Outcome.REDIRECTED: Severity.WARNING,
    Outcome.TIMEOUT: Severity.WARNING, Outcome.UNKNOWN: Severity.WARNING,
    Outcome.EXCLUDED: Severity.INFO,
})
"""The severity of each outcome that is worth a finding: only a broken link is an error. A
link excluded by the run (a private address) is a note with the reason; one the user excluded
(`--exclude`) or that HTTP cannot check is not."""


def link_diagnostics(link: CheckedLink) -> list[Diagnostic]:
    """A finding at each place of a requested link whose outcome is not ok."""
    result = link.result
    if result is None or result.outcome not in _SEVERITY:
        return []
    message = {
        Outcome.BROKEN: f"broken link {link.url}: {result.detail}",
        Outcome.REDIRECTED: f"{link.url} moved permanently: use {result.new_url}",
        Outcome.TIMEOUT: f"{link.url} timed out: {result.detail}",
        Outcome.UNKNOWN: f"{link.url} could not be checked: {result.detail}",
        Outcome.EXCLUDED: f"{link.url}: {result.detail}",
    }[result.outcome]
    return [Diagnostic(p.path, p.line, p.col, _SEVERITY[result.outcome], result.outcome.value,
                       message) for p in link.places]


def _ordered(diagnostics: Sequence[Diagnostic], files: Sequence[str]) -> tuple[Diagnostic, ...]:
    """Diagnostics in file order, then by position; stable for equal positions."""
    rank = {path: i for i, path in enumerate(files)}
    return tuple(sorted(diagnostics, key=lambda d: (rank.get(d.path, len(rank)), d.path,
                                                    d.line, d.col)))
