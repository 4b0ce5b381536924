"""External checks against real servers on 127.0.0.1: each scenario ends in its outcome, and
waits (on a fake clock) exactly as long as the server asked or the backoff allows."""

from __future__ import annotations

import asyncio
import random
import uuid
from dataclasses import replace
from urllib.parse import quote

import pytest
from aiohttp.abc import AbstractResolver

from notes_site.links.check import (
    CheckOptions,
    Fetcher,
    HostGate,
    LinkResult,
    Outcome,
    StaticResolver,
    check_url,
    client_session,
    parse_accept,
    parse_duration,
    retry_after,
)
from tests.links.conftest import FAST, ONE_GB, FakeClock, Servers


def check(url: str, options: CheckOptions = FAST, resolver: AbstractResolver | None = None,
          clock: FakeClock | None = None) -> tuple[LinkResult, list[float]]:
    """Check one URL the way a run does, on a fake clock; the result and the waits, in seconds."""
    clock = clock or FakeClock()

    async def go() -> LinkResult:
        async with client_session(options, resolver) as session:
            fetcher = Fetcher(session, options, random.Random(7), clock.clock())
            return await check_url(fetcher, url)

    return asyncio.run(go()), clock.waits


def backoff(attempt: int) -> tuple[float, float]:
    """The bounds of the wait before retry `attempt + 1`, as `CheckOptions.backoff` documents
    it: between half and all of `backoff * 2**attempt`."""
    return FAST.backoff * 2**attempt / 2, FAST.backoff * 2**attempt


def within(waits: list[float], attempts: int) -> bool:
    """Whether `waits` are one backoff before each retry of `attempts` tries."""
    return len(waits) == attempts - 1 and all(
        low <= wait <= high for wait, (low, high) in zip(waits, map(backoff, range(attempts)),
                                                       strict=False))


def unique() -> str:
    return uuid.uuid4().hex


def test_200_is_ok(servers: Servers) -> None:
    result, waits = check(servers.url("/ok"))
    assert (result.outcome, result.status) == (Outcome.OK, 200)
    assert waits == []


@pytest.mark.parametrize("code", [404, 410])
def test_404_and_410_are_broken(servers: Servers, code: int) -> None:
    result, waits = check(servers.url(f"/status/{code}"))
    assert (result.outcome, result.status) == (Outcome.BROKEN, code)
    assert waits == []


def test_404_is_confirmed_with_get_but_410_is_not(servers: Servers) -> None:
    check(servers.url("/status/404"))
    check(servers.url("/status/410"))
    assert servers.state.hits["GET /status/404"] >= 1
    assert servers.state.hits["GET /status/410"] == 0


def test_403_is_not_silently_ok(servers: Servers) -> None:
    result, _ = check(servers.url("/status/403"))
    assert result.outcome is Outcome.UNKNOWN
    assert "--accept 403" in result.detail
    trusting = replace(FAST, accept=parse_accept("200-299,403"))
    accepted, _ = check(servers.url("/status/403"), trusting)
    assert accepted.outcome is Outcome.OK


def test_a_301_chain_is_redirected_with_the_new_url(servers: Servers) -> None:
    result, waits = check(servers.url("/chain/4"))
    assert result.outcome is Outcome.REDIRECTED
    assert result.new_url == servers.url("/chain/0")
    assert waits == []


def test_a_temporary_redirect_is_ok(servers: Servers) -> None:
    result, _ = check(servers.url("/temporary"))
    assert (result.outcome, result.new_url) == (Outcome.OK, None)


def test_a_redirect_loop_is_broken(servers: Servers) -> None:
    result, waits = check(servers.url("/loop/a"))
    assert result.outcome is Outcome.BROKEN
    assert "redirect loop" in result.detail
    assert waits == []


def test_more_than_ten_redirects_is_broken(servers: Servers) -> None:
    result, _ = check(servers.url("/endless/0"))
    assert result.outcome is Outcome.BROKEN
    assert "more than 10 redirects" in result.detail


def test_429_with_retry_after_then_200(servers: Servers) -> None:
    key = unique()
    result, waits = check(servers.url(f"/rate/{key}?after=1"))
    assert result.outcome is Outcome.OK
    assert servers.state.hits[f"HEAD /rate/{key}"] == 2
    assert waits == [1.0], "Retry-After: 1 is honoured, and nothing more"


def test_a_retry_after_date_is_waited_for_until_that_date(servers: Servers) -> None:
    key, date = unique(), "Wed, 21 Oct 2015 07:28:00 GMT"  # 1445412480, RFC 9110's example day
    clock = FakeClock(epoch=1445412480 - 2.0)
    result, waits = check(servers.url(f"/rate/{key}?after={quote(date)}"), clock=clock)
    assert result.outcome is Outcome.OK
    assert servers.state.hits[f"HEAD /rate/{key}"] == 2
    assert waits == [2.0]


def test_retry_after_over_the_cap_is_reported_not_waited(servers: Servers) -> None:
    result, waits = check(servers.url(f"/rate/{unique()}?after=3600"))
    assert (result.outcome, result.status) == (Outcome.UNKNOWN, 429)
    assert waits == []


def test_503_with_a_long_retry_after_is_unknown_not_broken(servers: Servers) -> None:
    result, waits = check(servers.url(f"/flaky/{unique()}?after=3600"))
    assert (result.outcome, result.status) == (Outcome.UNKNOWN, 503)
    assert waits == []


def test_503_then_200(servers: Servers) -> None:
    key = unique()
    result, waits = check(servers.url(f"/flaky/{key}"))
    assert result.outcome is Outcome.OK
    assert servers.state.hits[f"HEAD /flaky/{key}"] == 2
    assert within(waits, 2), f"one backoff before the retry: {waits}"


def test_a_lasting_500_is_broken_after_the_retries(servers: Servers) -> None:
    before = servers.state.hits["HEAD /status/500"] + servers.state.hits["GET /status/500"]
    result, waits = check(servers.url("/status/500"))
    after = servers.state.hits["HEAD /status/500"] + servers.state.hits["GET /status/500"]
    assert (result.outcome, result.status) == (Outcome.BROKEN, 500)
    assert after - before == 2 * (FAST.retries + 1), "HEAD then GET, on each of 3 tries"
    assert within(waits, FAST.retries + 1), f"a growing backoff before each retry: {waits}"


def test_head_405_then_get_200(servers: Servers) -> None:
    result, _ = check(servers.url("/nohead"))
    assert (result.outcome, result.status) == (Outcome.OK, 200)
    assert servers.state.hits["GET /nohead"] >= 1


def test_a_server_that_never_answers_times_out(servers: Servers) -> None:
    result, waits = check(servers.hang)
    assert result.outcome is Outcome.TIMEOUT
    assert within(waits, FAST.retries + 1), f"a growing backoff before each retry: {waits}"


def test_a_reset_connection_is_retried_then_broken(servers: Servers) -> None:
    result, waits = check(servers.reset)
    assert result.outcome is Outcome.BROKEN
    assert result.detail == "connection reset"
    assert within(waits, FAST.retries + 1), f"a growing backoff before each retry: {waits}"


def test_a_body_dripping_forever_is_not_waited_for(servers: Servers) -> None:
    key = unique()
    result, waits = check(servers.url(f"/drip/{key}"))
    assert (result.outcome, result.status) == (Outcome.OK, 200)
    assert waits == []
    assert servers.state.ended[key].wait(5), "the checker hung up on the dripping server"


def test_a_1_gb_body_is_not_downloaded(servers: Servers) -> None:
    key = unique()
    result, waits = check(servers.url(f"/huge/{key}"))
    assert (result.outcome, result.status) == (Outcome.OK, 200)
    assert waits == []
    assert servers.state.ended[key].wait(5), "the checker hung up on the 1 GB body"
    assert servers.state.sent[key] < 16 * 1024 * 1024 < ONE_GB


def test_an_unresolvable_host_is_broken_without_any_dns_query(servers: Servers) -> None:
    resolver = StaticResolver({"papers.test": "127.0.0.1"})
    result, waits = check(f"http://nowhere.test:{servers.port}/ok", resolver=resolver)
    assert result.outcome is Outcome.BROKEN
    assert "cannot resolve host nowhere.test" in result.detail
    assert waits == []


def test_a_mapped_name_reaches_the_local_server(servers: Servers) -> None:
    resolver = StaticResolver({"papers.test": "127.0.0.1"})
    result, _ = check(f"http://papers.test:{servers.port}/ok", resolver=resolver)
    assert result.outcome is Outcome.OK


def test_a_refused_connection_is_broken(servers: Servers) -> None:
    result, waits = check(servers.refused)
    assert result.outcome is Outcome.BROKEN
    assert "cannot connect" in result.detail
    assert waits == []


def test_an_excluded_url_is_not_requested(servers: Servers) -> None:
    before = sum(servers.state.hits.values())
    result, _ = check(servers.url("/ok?private"), replace(FAST, exclude=(r"\?private",)))
    assert result.outcome is Outcome.EXCLUDED
    assert sum(servers.state.hits.values()) == before


def test_the_host_interval_spaces_request_starts() -> None:
    clock = FakeClock()

    async def go() -> None:
        gate = HostGate(concurrency=4, interval=0.1, clock=clock.clock())

        async def one() -> None:
            async with gate.turn():
                pass

        await asyncio.gather(*(one() for _ in range(4)))

    asyncio.run(go())
    assert clock.ends == pytest.approx([0.1, 0.2, 0.3]), "the first at once, then 0.1 s apart"


def test_the_host_limit_caps_requests_in_flight() -> None:
    async def go() -> int:
        gate, busy, most = HostGate(concurrency=2, interval=0.0), 0, 0

        async def one() -> None:
            nonlocal busy, most
            async with gate.turn():
                busy += 1
                most = max(most, busy)
                await asyncio.sleep(0)  # let the others try to enter
                busy -= 1

        await asyncio.gather(*(one() for _ in range(10)))
        return most

    assert asyncio.run(go()) == 2


def test_accept_and_durations_parse() -> None:
    assert parse_accept("200-204, 403") == frozenset({200, 201, 202, 203, 204, 403})
    assert parse_accept("200..=201,429") == frozenset({200, 201, 429})
    assert parse_accept("200..202") == frozenset({200, 201})
    with pytest.raises(ValueError):
        parse_accept("ok")
    assert parse_duration("90") == 90
    assert parse_duration("12h") == 12 * 3600
    assert parse_duration("7d") == 7 * 86400
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after("120", now=0) == 120
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 60) == 60
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 + 60) == 0
    assert retry_after("whenever", now=0) is None
    assert retry_after(None, now=0) is None
