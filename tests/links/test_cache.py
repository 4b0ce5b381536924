"""The cache: successes only, a maximum age, atomic writes, a corrupt file rebuilt."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from notes_site.links import cache
from notes_site.links.check import LinkResult, Outcome
from notes_site.links.run import check_plan, prepare
from tests.links.conftest import FAST, Servers

OK = LinkResult("https://a.org/", Outcome.OK, 200, "200 OK")
MOVED = LinkResult("https://b.org/", Outcome.REDIRECTED, 200, "moved", "https://c.org/")


def test_successes_round_trip(tmp_path: Path) -> None:
    entries: dict[str, cache.CacheEntry] = {}
    cache.remember(entries, OK, now=1000)
    cache.remember(entries, MOVED, now=1000)
    cache.save(tmp_path / "c.json", entries, now=1000, max_age=60)
    loaded = cache.load(tmp_path / "c.json")
    assert loaded.finding is None
    assert cache.fresh(loaded.entries, OK.url, now=1030, max_age=60) == replace(OK, cached=True)
    assert cache.fresh(loaded.entries, MOVED.url, now=1030, max_age=60) == replace(
        MOVED, cached=True)


@pytest.mark.parametrize("outcome", [Outcome.BROKEN, Outcome.TIMEOUT, Outcome.UNKNOWN,
                                     Outcome.EXCLUDED])
def test_failures_are_never_cached(outcome: Outcome) -> None:
    entries: dict[str, cache.CacheEntry] = {}
    cache.remember(entries, LinkResult("https://a.org/", outcome), now=0)
    assert entries == {}


def test_entries_older_than_the_max_age_are_ignored_and_dropped(tmp_path: Path) -> None:
    entries: dict[str, cache.CacheEntry] = {}
    cache.remember(entries, OK, now=1000)
    assert cache.fresh(entries, OK.url, now=1061, max_age=60) is None
    cache.save(tmp_path / "c.json", entries, now=1061, max_age=60)
    assert cache.load(tmp_path / "c.json").entries == {}


#: Each file with where Python's JSON decoder says it breaks (1:1 for JSON of another shape).
@pytest.mark.parametrize(("content", "place"), [
    ("{not json", (1, 2)), ('["a list"]', (1, 1)),
    ('{"format": "something-else", "entries": {}}', (1, 1)),
    ('{"format": "notes-site-link-cache", "version": 99, "entries": {}}', (1, 1)),
    ('{"format": "notes-site-link-cache", "version": 1, "entries": {"u": {"outcome": "meh"}}}',
     (1, 1)),
    ("https://a.org/,200,1700000000\n", (1, 1)),
    ('{"format": "notes-site-link-cache",\n "version": 1,\n "entries": {"u": {"outc', (3, 20)),
])
def test_a_corrupt_or_foreign_file_is_a_finding_not_a_stop(tmp_path: Path, content: str,
                                                           place: tuple[int, int]) -> None:
    path = tmp_path / "c.json"
    path.write_text(content, encoding="utf-8")
    loaded = cache.load(path)
    assert loaded.entries == {}
    assert loaded.finding is not None
    assert (loaded.finding.path, loaded.finding.line, loaded.finding.col) == (str(path), *place)
    assert loaded.finding.severity.value == "error"
    assert loaded.finding.message.endswith("the link cache is written again from this run")


def test_a_missing_file_is_an_empty_cache(tmp_path: Path) -> None:
    assert cache.load(tmp_path / "none.json") == cache.Loaded({})


def test_writes_are_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.json"
    path.write_text("previous", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        cache.save(path, {}, now=0, max_age=1)
    assert path.read_text(encoding="utf-8") == "previous"
    assert os.listdir(tmp_path) == ["c.json"], "no temporary file left behind"


def notes(tmp_path: Path, servers: Servers) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(f"## Links\n\n1. [Fine]({servers.url('/ok')})\n"
                    f"2. [Moved]({servers.url('/chain/2')})\n"
                    f"3. [Gone]({servers.url('/status/410')})\n", encoding="utf-8")
    return path


def requests(servers: Servers) -> int:
    return sum(servers.state.hits.values())


def test_a_second_run_asks_only_about_failures(tmp_path: Path, servers: Servers) -> None:
    options = replace(FAST, cache=str(tmp_path / "cache.json"))
    plan = prepare([notes(tmp_path, servers)])
    first = check_plan(plan, options, clock=lambda: 1000.0)
    before = requests(servers)
    second = check_plan(plan, options, clock=lambda: 1010.0)
    assert [link.result.outcome for link in second.links if link.result] == [
        Outcome.OK, Outcome.REDIRECTED, Outcome.BROKEN]
    assert [link.result.cached for link in second.links if link.result] == [True, True, False]
    assert requests(servers) - before == 1, "only the broken link is asked again"
    assert first.exit_code() == second.exit_code() == 1
    saved = json.loads((tmp_path / "cache.json").read_text(encoding="utf-8"))
    assert sorted(saved["entries"]) == [servers.url("/chain/2"), servers.url("/ok")]


def test_past_the_max_age_links_are_asked_again(tmp_path: Path, servers: Servers) -> None:
    options = replace(FAST, cache=str(tmp_path / "cache.json"), max_age=60)
    plan = prepare([notes(tmp_path, servers)])
    check_plan(plan, options, clock=lambda: 1000.0)
    before = requests(servers)
    later = check_plan(plan, options, clock=lambda: 1061.0)
    assert not any(link.result and link.result.cached for link in later.links)
    assert requests(servers) - before >= 3


def test_a_corrupt_cache_is_reported_and_rebuilt_by_a_run(tmp_path: Path,
                                                          servers: Servers) -> None:
    path = tmp_path / "cache.json"
    path.write_text("\0\0 garbage", encoding="utf-8")
    report = check_plan(prepare([notes(tmp_path, servers)]), replace(FAST, cache=str(path)))
    [finding] = [d for d in report.diagnostics if d.path == str(path)]
    assert (finding.line, finding.col, finding.code) == (1, 1, "broken-file")
    assert cache.load(path).finding is None
    assert len(cache.load(path).entries) == 2
