"""External link checks over HTTP, polite to the hosts and bounded in time and bytes.

One `Fetcher` per run holds an aiohttp session, a global limit and one `HostGate` per host
(a limit on requests in flight and a minimum interval between request starts). Each request
is retried with exponential backoff and jitter on 429, 5xx, timeouts and resets, honouring
`Retry-After` up to a cap. `check_url` follows redirects itself (at most `max_redirects`),
tries HEAD first and GET when HEAD is refused, never reads a body past `body_cap`, and ends
in one of the fixed `Outcome`s.
"""

from __future__ import annotations

import asyncio
import random
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from notes_site.links.addresses import ip_literal, private_kind, refusal
from notes_site.links.model import (
    CheckOptions,
    Failure,
    LinkResult,
    Outcome,
    is_excluded,
    parse_accept,
    parse_duration,
)

__all__ = [
    "CheckOptions", "Clock", "Failure", "Fetcher", "HostGate", "LinkResult", "Outcome",
    "PrivateAddressError", "PublicResolver", "Reply", "StaticResolver", "check_url",
    "client_session", "is_excluded", "parse_accept", "parse_duration", "retry_after",
]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
#: Statuses after which a HEAD is retried as a GET: servers that do not implement HEAD say so
#: in many ways, and a 404 to a HEAD is worth confirming.
_HEAD_REFUSED = frozenset({400, 403, 404, 405, 406, 500, 501})
_NO_HEAD = frozenset({405, 501})


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds a `Retry-After` header asks for (delta seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(parsedate_to_datetime(value).timestamp() - now, 0.0)
    except (TypeError, ValueError):
        return None


class StaticResolver(AbstractResolver):
    """Resolves names from a fixed map and nothing else: no DNS query leaves the machine.

    Tests map names such as `papers.test` to 127.0.0.1; any other name fails to resolve.
    """

    def __init__(self, hosts: Mapping[str, str]) -> None:
        self._hosts = dict(hosts)

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """The one address mapped to `host`, or `OSError` as a failed lookup would raise."""
        if host not in self._hosts:
            raise OSError(socket.EAI_NONAME, f"{host} is not in the static hosts map")
        return [ResolveResult(hostname=host, host=self._hosts[host], port=port,
                              family=socket.AF_INET, proto=0, flags=socket.AI_NUMERICHOST)]

    async def close(self) -> None:
        """Nothing to release."""


class PrivateAddressError(OSError):
    """A name resolves only to addresses a check must not connect to (`addresses`)."""


class PublicResolver(AbstractResolver):
    """Resolves through `inner` (the system's resolver by default) and keeps only public
    addresses, so that the connector never connects to another: a name with none left fails
    with `PrivateAddressError`. Every redirect's hop is resolved here too."""

    def __init__(self, inner: AbstractResolver | None = None) -> None:
        self._inner = inner or aiohttp.ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """The public addresses of `host`; `PrivateAddressError` when it has none."""
        found = await self._inner.resolve(host, port, family)
        public = [result for result in found if not private_kind(result["host"])]
        if found and not public:
            raise PrivateAddressError(refusal(host, found[0]["host"]))
        return public

    async def close(self) -> None:
        """Close the inner resolver."""
        await self._inner.close()


def client_session(options: CheckOptions, resolver: AbstractResolver | None = None
                   ) -> aiohttp.ClientSession:
    """The session a run uses: limits, timeout and headers from `options`, no redirects, and
    only public addresses unless `options.allow_private`."""
    if not options.allow_private:
        resolver = PublicResolver(resolver)
    connector = aiohttp.TCPConnector(limit=options.concurrency,
                                     limit_per_host=options.host_concurrency,
                                     resolver=resolver, ttl_dns_cache=300)
    return aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=options.timeout),
        headers={"User-Agent": options.user_agent,
                 "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"},
        auto_decompress=False,
        trust_env=False,
    )


@dataclass(frozen=True, slots=True)
class Clock:
    """Where a check reads the time and how it waits: the real ones by default. Tests give
    their own, which records each wait and returns at once, to see what was waited for."""

    now: Callable[[], float] = time.time
    """Unix time, which a `Retry-After` date is compared with."""
    monotonic: Callable[[], float] = time.monotonic
    """Seconds that only go forward: when a host's next request may start."""
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    """Wait this many seconds (a backoff, a `Retry-After`, a host's interval)."""


@dataclass(slots=True)
class HostGate:
    """Requests to one host: at most `concurrency` in flight, starts `interval` apart."""

    concurrency: int
    interval: float
    clock: Clock = Clock()
    _slots: asyncio.Semaphore = field(init=False)
    _next: float = 0.0

    def __post_init__(self) -> None:
        self._slots = asyncio.Semaphore(self.concurrency)

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold a slot from the host's next free start time until the request is done."""
        async with self._slots:
            now = self.clock.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
            if start > now:
                await self.clock.sleep(start - now)
            yield

    def defer(self, seconds: float) -> None:
        """No request to this host starts in the next `seconds` (the host asked us to wait)."""
        self._next = max(self._next, self.clock.monotonic() + seconds)


@dataclass(frozen=True, slots=True)
class Reply:
    """What one HTTP exchange gave: a status, the headers that matter, maybe a body."""

    status: int
    reason: str = ""
    location: str | None = None
    retry_after: str | None = None
    body: bytes = b""


class BodyTooLarge(Exception):
    """A body that `Fetcher.fetch` needed whole is over its cap."""


class Fetcher:
    """Polite HTTP for a run: global and per-host limits, retries, capped bodies.

    `rng` drives the backoff jitter; `clock` is where the waits happen.
    """

    def __init__(self, session: aiohttp.ClientSession, options: CheckOptions,
                 rng: random.Random | None = None, clock: Clock = Clock()) -> None:
        self.session = session
        self.options = options
        self.clock = clock
        self._rng = rng or random.Random()
        self._global = asyncio.Semaphore(options.concurrency)
        self._gates: dict[str, HostGate] = {}
        self._get_only: set[str] = set()

    def gate(self, host: str) -> HostGate:
        """The gate of `host`, made on first use with the run's per-host limits."""
        if host not in self._gates:
            self._gates[host] = HostGate(self.options.host_concurrency, self.options.host_interval,
                                         self.clock)
        return self._gates[host]

    def slow_host(self, host: str, interval: float) -> None:
        """Make `host` a one-request-at-a-time host with `interval` between requests (an API)."""
        self._gates.setdefault(host, HostGate(1, interval, self.clock))

    async def probe(self, url: str) -> Reply | Failure:
        """HEAD (GET when the host refuses HEAD) with retries; the body is not kept."""
        return await self._retrying(url, self._head_then_get)

    async def fetch(self, url: str, cap: int) -> Reply | Failure:
        """GET with retries, reading the body up to `cap` bytes (a longer body is a failure)."""
        async def get(target: URL) -> Reply:
            return await self._exchange("GET", target, cap, whole=True)

        return await self._retrying(url, get)

    async def _retrying(self, url: str, send: Callable[[URL], Awaitable[Reply]]
                        ) -> Reply | Failure:
        target = URL(url, encoded=True)
        refused = self._refused(target.host or "")
        if refused:
            return Failure(Outcome.EXCLUDED, refused, False)
        gate = self.gate(target.host or "")
        result: Reply | Failure = Failure(Outcome.UNKNOWN, "not tried", False)
        for attempt in range(self.options.retries + 1):
            async with gate.turn(), self._global:
                result = await self._attempt(send, target)
            wait = self._wait_before_retry(result, attempt)
            if wait is None:
                return result
            if isinstance(result, Reply) and result.status in (429, 503):
                gate.defer(wait)
            else:
                await self.clock.sleep(wait)
        return result

    def _refused(self, host: str) -> str | None:
        """Why a URL whose host is a private address literal is not requested; names are
        vetted when they are resolved (`PublicResolver`)."""
        if self.options.allow_private:
            return None
        literal = ip_literal(host)
        return refusal(host, literal) if literal and private_kind(literal) else None

    def _wait_before_retry(self, result: Reply | Failure, attempt: int) -> float | None:
        """Seconds to wait before trying again, or None when this result is final."""
        if attempt >= self.options.retries:
            return None
        if isinstance(result, Failure):
            return self._backoff(attempt) if result.retryable else None
        if result.status not in _RETRY_STATUS:
            return None
        asked = retry_after(result.retry_after, self.clock.now())
        if asked is None:
            return self._backoff(attempt)
        return asked if asked <= self.options.retry_after_cap else None

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter: between half and all of `backoff * 2**attempt`."""
        return self.options.backoff * 2**attempt * (0.5 + self._rng.random() / 2)

    async def _attempt(self, send: Callable[[URL], Awaitable[Reply]], target: URL
                       ) -> Reply | Failure:
        try:
            return await send(target)
        except BodyTooLarge as error:
            return Failure(Outcome.UNKNOWN, str(error), False)
        except (TimeoutError, aiohttp.ServerTimeoutError):
            return Failure(Outcome.TIMEOUT, f"no answer within {self.options.timeout:g} s", True)
        except aiohttp.ClientConnectorDNSError as error:
            if isinstance(error.os_error, PrivateAddressError):
                return Failure(Outcome.EXCLUDED, str(error.os_error), False)
            return Failure(Outcome.BROKEN, f"cannot resolve host {target.host}", False)
        except aiohttp.ClientSSLError as error:
            return Failure(Outcome.BROKEN, f"TLS error: {error.os_error}", False)
        except aiohttp.ClientConnectorError as error:
            return Failure(Outcome.BROKEN, f"cannot connect: {error.os_error}", False)
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError,
                aiohttp.ClientPayloadError, ConnectionResetError):
            return Failure(Outcome.BROKEN, "connection reset", True)
        except (aiohttp.InvalidURL, ValueError) as error:
            return Failure(Outcome.BROKEN, f"invalid URL: {error}", False)
        except aiohttp.ClientError as error:
            return Failure(Outcome.UNKNOWN, f"bad response: {error}", False)

    async def _head_then_get(self, target: URL) -> Reply:
        host = target.host or ""
        if host not in self._get_only:
            reply = await self._exchange("HEAD", target, 0, whole=False)
            if reply.status not in _HEAD_REFUSED:
                return reply
            if reply.status in _NO_HEAD:
                self._get_only.add(host)
        return await self._exchange("GET", target, self.options.body_cap, whole=False)

    async def _exchange(self, method: str, target: URL, cap: int, whole: bool) -> Reply:
        """One request, no redirects followed; at most `cap` body bytes are read."""
        async with self.session.request(method, target, allow_redirects=False) as response:
            body = await _read_capped(response, cap, whole)
            return Reply(response.status, response.reason or "",
                         response.headers.get("Location"), response.headers.get("Retry-After"),
                         body)


async def _read_capped(response: aiohttp.ClientResponse, cap: int, whole: bool) -> bytes:
    """At most `cap` bytes of the body; past that the connection is dropped unread.

    With `whole` the body is needed and one over the cap raises `BodyTooLarge`. Without, only
    the status matters: a short body of known length is read so the connection can be reused,
    anything else (too long, or of unknown length, maybe endless) is not read at all.
    """
    if response.method == "HEAD":
        return b""
    length = response.content_length
    if (length is not None and length > cap) or (length is None and not whole):
        response.close()
        if whole:
            raise BodyTooLarge(f"response of {length} bytes is over the {cap}-byte cap")
        return b""
    body = await _read_upto(response.content, cap + 1)
    if len(body) > cap:
        response.close()
        if whole:
            raise BodyTooLarge(f"response is over the {cap}-byte cap")
        return b""
    return body


async def _read_upto(stream: aiohttp.StreamReader, limit: int) -> bytes:
    """Read until the end of the stream or `limit` bytes, whichever comes first."""
    body = b""
    while len(body) < limit:
        chunk = await stream.read(limit - len(body))
        if not chunk:
            break
        body += chunk
    return body


async def check_url(fetcher: Fetcher, url: str) -> LinkResult:
    """Check one URL: follow redirects, classify the final answer into an `Outcome`."""
    if is_excluded(url, fetcher.options.exclude):
        return LinkResult(url, Outcome.EXCLUDED, detail="excluded")
    seen = {url}
    current, moved_to, permanent = url, None, True
    for _ in range(fetcher.options.max_redirects + 1):
        reply = await fetcher.probe(current)
        if isinstance(reply, Failure):
            return LinkResult(url, reply.outcome, detail=reply.detail)
        if reply.status not in _REDIRECTS or not reply.location:
            return _final(url, reply, fetcher.options, moved_to)
        following = _redirect_target(current, reply.location)
        if following is None:
            return LinkResult(url, Outcome.BROKEN, reply.status,
                              f"redirect to an unusable location {reply.location!r}")
        permanent = permanent and reply.status in _PERMANENT
        moved_to = following if permanent else moved_to
        if following in seen:
            return LinkResult(url, Outcome.BROKEN, reply.status, f"redirect loop at {following}")
        seen.add(following)
        current = following
    return LinkResult(url, Outcome.BROKEN, None,
                      f"more than {fetcher.options.max_redirects} redirects")


def _redirect_target(current: str, location: str) -> str | None:
    """The absolute http(s) URL a `Location` header points to, or None."""
    try:
        target = URL(current, encoded=True).join(URL(location))
    except ValueError:
        return None
    return str(target) if target.scheme in ("http", "https") and target.host else None


def _final(url: str, reply: Reply, options: CheckOptions, moved_to: str | None) -> LinkResult:
    """Classify the status the redirects ended on."""
    status, said = reply.status, f"{reply.status} {reply.reason}".strip()
    if status in options.accept:
        if moved_to:
            return LinkResult(url, Outcome.REDIRECTED, status, "moved permanently", moved_to)
        return LinkResult(url, Outcome.OK, status, said)
    if status in (401, 403):
        return LinkResult(url, Outcome.UNKNOWN, status,
                          f"{said}: the host refused the checker; open it in a browser, "
                          f"or pass --accept {status} to trust it")
    if status == 429:
        asked = f" (Retry-After {reply.retry_after})" if reply.retry_after else ""
        return LinkResult(url, Outcome.UNKNOWN, status, f"{said}: rate limited{asked}")
    if status == 503 and reply.retry_after:
        return LinkResult(url, Outcome.UNKNOWN, status,
                          f"{said}: unavailable for now (Retry-After {reply.retry_after})")
    if 400 <= status < 600:
        return LinkResult(url, Outcome.BROKEN, status, said)
    return LinkResult(url, Outcome.UNKNOWN, status, f"unexpected {said}")
