"""Real HTTP servers on 127.0.0.1 for the link checker's tests, and a guard against the internet.

One aiohttp application (and two raw asyncio servers: one that never answers, one that resets)
runs on its own event loop in a background thread for the whole session; the checker under
test runs on the main thread with `asyncio.run`, as the command line does. Every test also
runs under a guard: a DNS lookup of a non-local name, or a connection to anything but
loopback, fails the test instead of leaving the machine.
"""

from __future__ import annotations

import asyncio
import re
import socket
import struct
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from notes_site.links.check import CheckOptions, Clock
from tests.conftest import free_port

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
ONE_GB = 1 << 30
CHUNK = 64 * 1024

#: Fast, small settings, so that a scenario that really waits (a timeout) ends soon; the
#: servers are on 127.0.0.1, which a check connects to only when private addresses are allowed.
FAST = CheckOptions(concurrency=16, host_concurrency=8, host_interval=0.0, timeout=0.5,
                    retries=2, backoff=0.05, retry_after_cap=3.0, cache="", api_interval=0.0,
                    allow_private=True)


@dataclass
class FakeClock:
    """A clock that waits for nothing: each wait is recorded, and time jumps to its end.

    Its Unix time is `epoch` plus the seconds waited so far, so a `Retry-After` date is read
    against a time the test chose.
    """

    epoch: float = 1_445_412_480.0
    """2015-10-21 07:28:00 UTC."""
    elapsed: float = 0.0
    waits: list[float] = field(default_factory=list)
    """Every wait asked for, in order, in seconds."""
    ends: list[float] = field(default_factory=list)
    """The monotonic time at which each wait ends."""

    def now(self) -> float:
        return self.epoch + self.elapsed

    def monotonic(self) -> float:
        return self.elapsed

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.elapsed += seconds
        self.ends.append(self.elapsed)
        await asyncio.sleep(0)

    def clock(self) -> Clock:
        """The `Clock` the code under test is given."""
        return Clock(self.now, self.monotonic, self.sleep)


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail on any DNS lookup or connection that would leave 127.0.0.1."""
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in LOOPBACK and name is not None:
            raise AssertionError(f"test tried to resolve {name!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def allowed(address: Any) -> None:
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            raise AssertionError(f"test tried to connect to {address!r}")

    def connect(self: socket.socket, address: Any) -> None:
        allowed(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        allowed(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


@dataclass
class State:
    """What the servers saw: requests per path and method, bytes a body actually sent."""

    hits: Counter[str] = field(default_factory=Counter)
    sent: Counter[str] = field(default_factory=Counter)
    """Body bytes a streaming handler handed to the connection, by key."""
    ended: defaultdict[str, threading.Event] = field(
        default_factory=lambda: defaultdict(threading.Event))
    """Set when a streaming handler stops (its client went away), by key."""
    queries: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Servers:
    """Base URLs of the servers, and the state they share with the tests."""

    http: str
    """`http://127.0.0.1:PORT` of the aiohttp application."""
    port: int
    hang: str
    """A server that accepts and never answers."""
    reset: str
    """A server that resets every connection once the request has arrived."""
    refused: str
    """A port on which nothing listens."""
    state: State

    def url(self, path: str) -> str:
        """A URL of the aiohttp application."""
        return f"{self.http}{path}"


ARXIV_TITLES = {
    "1805.08651": "Nonlinear ICA Using Auxiliary Variables and Generalized Contrastive Learning",
    "1706.03762": "Attention Is All You Need",
}
#: What the fake arXiv says beyond titles: authors, first publication, journal reference,
#: abstract (the Atom elements of the arXiv API User's Manual, "Entry Metadata").
ARXIV_META = {
    "1805.08651": (("Aapo Hyvarinen", "Hiroaki Sasaki", "Richard E. Turner"),
                   "2018-05-22T14:42:08Z", "AISTATS 2019",
                   "Nonlinear ICA is a fundamental problem for unsupervised\n  representation "
                   "learning."),
    "1706.03762": (("Ashish Vaswani", "Noam Shazeer"), "2017-06-12T17:57:34Z", "",
                   "The dominant sequence transduction models are based on complex\n  recurrent "
                   "networks with $O(n^2)$ cost."),
}
OPENREVIEW_V2 = {"NEWv2paper": "A Paper Only API v2 Knows"}
#: Beyond titles, as the OpenReview notes API gives them: v1 content fields are plain values,
#: v2 wraps each as {"value": ...}; times are milliseconds since 1970 (openreview-py's Note).
OPENREVIEW_META: dict[str, dict[str, Any]] = {
    "NEWv2paper": {"content": {"authors": ["Ada Lovelace"], "venue": "Transactions on Machine "
                               "Learning Research (TMLR)", "abstract": "Only v2 has it."},
                   "pdate": 1700000000000},
    "HJenn6VFvB": {"content": {"authors": ["Peter Toth", "Danilo Jimenez Rezende"],
                               "venue": "ICLR 2020", "abstract": "The Hamiltonian formalism."},
                   "cdate": 1569438000000},
    "Skey4eBYPS": {"content": {"authors": ["Jonathan Gordon"], "abstract": "ConvCNPs."},
                   "cdate": 1569438000000},
}
OPENREVIEW_V1 = {
    "HJenn6VFvB": "Hamiltonian Generative Networks",
    "Skey4eBYPS": "Convolutional Conditional Neural Processes",
}


#: What the fake arXiv takes for a well-formed id: new-style `YYMM.NNNNN` with a month 01-12,
#: old-style `archive(.SC)/YYMMNNN`, each with an optional version (arXiv's help page
#: "Understanding the arXiv identifier").
ARXIV_WELL_FORMED = re.compile(
    r"(\d\d(0[1-9]|1[0-2])\.\d{4,5}|[a-z][a-z-]*(\.[A-Z]{2})?/\d{7})(v\d+)?")
#: What the fake OpenReview takes for a well-formed note id (they are 8 to 14 characters of
#: letters, digits, `_` and `-`).
OPENREVIEW_WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{1,40}")


def _atom(ids: list[str]) -> str:
    """A 200 answer of arXiv's API: one entry per id it has (version in `<id>`), none for an
    unknown id. Shape: arXiv API User's Manual, "Entry Metadata"."""
    entries = []
    for ident in ids:
        if ident in ARXIV_TITLES:
            title = ARXIV_TITLES[ident].replace(" and ", " and\n  ", 1)
            authors, published, journal, summary = ARXIV_META[ident]
            names = "".join(f"<author><name>{name}</name></author>" for name in authors)
            ref = f"<arxiv:journal_ref>{journal}</arxiv:journal_ref>" if journal else ""
            entries.append(f"<entry><id>http://arxiv.org/abs/{ident}v2</id>"
                           f"<published>{published}</published><title>{title}</title>"
                           f"<summary>{summary}</summary>{names}{ref}</entry>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
            'xmlns:arxiv="http://arxiv.org/schemas/atom">'
            f"<title>arXiv Query</title>{''.join(entries)}</feed>")


def _atom_refusal(ident: str) -> str:
    """arXiv's answer to a batch holding a malformed id: HTTP 400 and a feed with one error
    entry naming that id, whatever the other ids were. Shape: captured live (issue 11: `<id>`
    `https://arxiv.org/api/errors#incorrect_id_format_for_ID`), the title, summary and author
    as in the arXiv API User's Manual, "Errors"."""
    error = f"https://arxiv.org/api/errors#incorrect_id_format_for_{ident}"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>arXiv Query</title><entry><id>{error}</id><title>Error</title>"
            f"<summary>incorrect id format for {ident}</summary>"
            f'<link href="{error}" rel="alternate" type="text/html"/>'
            "<author><name>arXiv api core</name></author></entry></feed>")


def _note(ident: str, title: str, v2: bool) -> dict[str, Any]:
    """A note as OpenReview's API v1 or v2 answers it."""
    extra = OPENREVIEW_META.get(ident, {})
    content = {"title": title, **extra.get("content", {})}
    if v2:
        content = {key: {"value": value} for key, value in content.items()}
    return {"id": ident, **{k: v for k, v in extra.items() if k != "content"},
            "content": content}


def _gigabyte() -> Iterator[bytes]:
    """1 GiB of zeros, made as it is sent."""
    chunk = bytes(CHUNK)
    for _ in range(ONE_GB // CHUNK):
        yield chunk


def _application(state: State) -> web.Application:
    routes = web.RouteTableDef()

    def seen(request: web.Request) -> int:
        key = f"{request.method} {request.path}"
        state.hits[key] += 1
        return state.hits[key]

    @routes.route("*", "/ok")
    async def ok(request: web.Request) -> web.Response:
        seen(request)
        return web.Response(text="fine")

    @routes.route("*", "/hit/{key}")
    async def hit(request: web.Request) -> web.Response:
        seen(request)
        return web.Response(text="counted")

    @routes.route("*", "/redirect")
    async def redirect(request: web.Request) -> web.Response:
        seen(request)
        raise web.HTTPFound(request.query["to"])

    @routes.route("*", "/status/{code}")
    async def status(request: web.Request) -> web.Response:
        seen(request)
        return web.Response(status=int(request.match_info["code"]))

    @routes.route("*", "/chain/{n}")
    async def chain(request: web.Request) -> web.Response:
        seen(request)
        n = int(request.match_info["n"])
        if n == 0:
            return web.Response(text="arrived")
        raise web.HTTPMovedPermanently(f"/chain/{n - 1}")

    @routes.route("*", "/temporary")
    async def temporary(request: web.Request) -> web.Response:
        raise web.HTTPFound("/ok")

    @routes.route("*", "/loop/{side}")
    async def loop(request: web.Request) -> web.Response:
        other = "b" if request.match_info["side"] == "a" else "a"
        raise web.HTTPMovedPermanently(f"/loop/{other}")

    @routes.route("*", "/endless/{n}")
    async def endless(request: web.Request) -> web.Response:
        raise web.HTTPFound(f"/endless/{int(request.match_info['n']) + 1}")

    @routes.route("*", "/rate/{key}")
    async def rate(request: web.Request) -> web.Response:
        if seen(request) == 1:
            return web.Response(status=429, headers={"Retry-After": request.query.get("after",
                                                                                      "1")})
        return web.Response(text="thanks for waiting")

    @routes.route("*", "/flaky/{key}")
    async def flaky(request: web.Request) -> web.Response:
        if seen(request) == 1:
            after = request.query.get("after")
            return web.Response(status=503, headers={"Retry-After": after} if after else {})
        return web.Response(text="back")

    @routes.head("/nohead")
    @routes.head("/drip/{key}")
    @routes.head("/huge/{key}")
    async def no_head(request: web.Request) -> web.Response:
        seen(request)
        return web.Response(status=405)

    @routes.get("/nohead", allow_head=False)
    async def nohead_get(request: web.Request) -> web.Response:
        seen(request)
        return web.Response(text="GET works")

    @routes.get("/drip/{key}", allow_head=False)
    async def drip(request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        try:
            await response.prepare(request)
            while True:
                await response.write(b".")
                state.sent[key] += 1
                await asyncio.sleep(0.05)
        finally:
            state.ended[key].set()

    @routes.get("/huge/{key}", allow_head=False)
    async def huge(request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        response = web.StreamResponse(headers={"Content-Length": str(ONE_GB),
                                               "Content-Type": "application/pdf"})
        try:
            await response.prepare(request)
            for chunk in _gigabyte():
                await response.write(chunk)
                state.sent[key] += len(chunk)
        finally:
            state.ended[key].set()
        return response

    @routes.get("/arxiv/query")
    async def arxiv(request: web.Request) -> web.Response:
        seen(request)
        state.queries.append(request.path_qs)
        ids = request.query.get("id_list", "").split(",")
        bad = [ident for ident in ids if not ARXIV_WELL_FORMED.fullmatch(ident)]
        if bad:
            return web.Response(status=400, text=_atom_refusal(bad[0]),
                                content_type="application/atom+xml")
        return web.Response(text=_atom(ids), content_type="application/atom+xml")

    @routes.get("/openreview/{version}/notes")
    async def openreview(request: web.Request) -> web.Response:
        seen(request)
        state.queries.append(request.path_qs)
        v2 = request.match_info["version"] == "v2"
        known = OPENREVIEW_V2 if v2 else OPENREVIEW_V1
        ids = request.query.get("ids", "").split(",")
        if not all(OPENREVIEW_WELL_FORMED.fullmatch(ident) for ident in ids):
            # The body names no id: the client may only use the status (openreview-py raises
            # its OpenReviewException with this JSON as it comes).
            return web.json_response({"name": "ValidationError", "status": 400,
                                      "message": "Invalid ids"}, status=400)
        notes = [_note(i, known[i], v2) for i in ids if i in known]
        return web.json_response({"notes": notes, "count": len(notes)})

    app = web.Application()
    app.add_routes(routes)
    return app


class _Hang(asyncio.Protocol):
    """Accepts the connection and the request, and never says a word."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport


class _Reset(asyncio.Protocol):
    """Resets the connection (RST, not FIN) as soon as a request arrives."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        sock = self.transport.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        assert isinstance(self.transport, asyncio.Transport)
        self.transport.abort()


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    """The servers, on a loop in a background thread, for the whole test session."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="link-servers", daemon=True)
    thread.start()
    state = State()

    def run(coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, loop).result(timeout=10)

    async def start() -> tuple[web.AppRunner, list[asyncio.Server], list[int]]:
        runner = web.AppRunner(_application(state), shutdown_timeout=0.1)
        await runner.setup()
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        await web.SockSite(runner, listener).start()
        raw = [await loop.create_server(proto, "127.0.0.1", 0) for proto in (_Hang, _Reset)]
        ports = [int(sock.getsockname()[1]) for sock in
                 [listener, *(server.sockets[0] for server in raw)]]
        return runner, raw, ports

    runner, raw, (port, hang, reset) = run(start())
    yield Servers(f"http://127.0.0.1:{port}", port, f"http://127.0.0.1:{hang}/",
                  f"http://127.0.0.1:{reset}/", f"http://127.0.0.1:{free_port()}/", state)

    async def stop() -> None:
        for server in raw:
            server.close()
        await runner.cleanup()

    run(stop())
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=5)
