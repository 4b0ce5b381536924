"""No request to a private address unless asked for (issue 21, part A).

The servers of `tests/links/conftest.py` listen on 127.0.0.1 and count every request they
receive (`State.hits`, `State.queries`): without `--allow-private`, `check` and `metadata`
must leave those counts where they were, and say why each link was not requested. The
expected networks are those of RFC 1918 (10/8, 172.16/12, 192.168/16), RFC 4193 (fc00::/7),
RFC 3927 and RFC 4291 (169.254/16, fe80::/10), RFC 1122 and RFC 4291 (loopback, unspecified).
"""

from __future__ import annotations

import asyncio
import json
import random
import socket
import uuid
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest
from aiohttp.abc import AbstractResolver, ResolveResult
from click.testing import CliRunner, Result

from notes_site.cli import main
from notes_site.links.addresses import private_kind
from notes_site.links.check import (
    Fetcher,
    LinkResult,
    Outcome,
    PrivateAddressError,
    PublicResolver,
    StaticResolver,
    check_url,
)
from tests.links.conftest import FAST, Servers
from tests.links.test_metadata import project

ALLOW = "not requested without --allow-private"


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("127.255.255.254", "loopback"), ("::1", "loopback"),
    ("::ffff:127.0.0.1", "loopback"),
    ("10.0.0.1", "private"), ("172.16.0.1", "private"), ("172.31.255.255", "private"),
    ("192.168.1.1", "private"), ("fd12:3456::1", "private"), ("fc00::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("[fe80::1%eth0]", "link-local"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("172.15.255.255", None), ("172.32.0.0", None), ("11.0.0.1", None), ("192.169.0.1", None),
    ("93.184.216.34", None), ("2606:2800:220:1::", None), ("example.org", None),
])
def test_the_refused_networks(address: str, kind: str | None) -> None:
    assert private_kind(address) == kind


class _Addresses(AbstractResolver):
    """A name with several addresses, as DNS may answer."""

    def __init__(self, addresses: list[str]) -> None:
        self.addresses = addresses

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        return [ResolveResult(hostname=host, host=a, port=port, family=socket.AF_INET, proto=0,
                              flags=socket.AI_NUMERICHOST) for a in self.addresses]

    async def close(self) -> None:
        pass


def test_the_resolver_keeps_only_public_addresses() -> None:
    async def resolve(addresses: list[str]) -> list[str]:
        found = await PublicResolver(_Addresses(addresses)).resolve("mixed.test", 80)
        return [result["host"] for result in found]

    assert asyncio.run(resolve(["10.1.2.3", "93.184.216.34"])) == ["93.184.216.34"]
    with pytest.raises(PrivateAddressError, match="mixed.test resolves to 10.1.2.3, a private"):
        asyncio.run(resolve(["10.1.2.3", "192.168.0.7"]))


def _hits(servers: Servers, key: str) -> int:
    return sum(n for name, n in servers.state.hits.items() if name.endswith(f"/hit/{key}"))


def _check(tmp_path: Path, notes: str, *args: str) -> Result:
    path = tmp_path / "notes.md"
    path.write_text(f"## Papers\n\n{notes}", encoding="utf-8")
    return CliRunner().invoke(main, ["check", str(path), "--cache", "", "--timeout", "2",
                                     "--retries", "0", "--host-interval", "0", "--format",
                                     "json", *args])


def test_check_sends_no_request_to_a_loopback_server(servers: Servers, tmp_path: Path) -> None:
    key = uuid.uuid4().hex
    arxiv = servers.url("/arxiv/query")
    notes = (f"1. [By address]({servers.url(f'/hit/{key}')})\n"
             f"2. [By name](http://localhost:{servers.port}/hit/{key})\n"
             f"3. [IPv6](http://[::1]:{servers.port}/hit/{key})\n"
             f"4. [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n")
    servers.state.queries.clear()
    result = _check(tmp_path, notes, "--arxiv-api", arxiv)
    assert (_hits(servers, key), servers.state.queries) == (0, [])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    details = {link["url"]: (link["outcome"], link["detail"]) for link in report["links"]}
    assert details == {
        servers.url(f"/hit/{key}"):
            ("excluded", f"127.0.0.1, a loopback address: {ALLOW}"),
        f"http://localhost:{servers.port}/hit/{key}":
            ("excluded", f"localhost resolves to 127.0.0.1, a loopback address: {ALLOW}"),
        f"http://[::1]:{servers.port}/hit/{key}":
            ("excluded", f"::1, a loopback address: {ALLOW}"),
        "https://arxiv.org/abs/1706.03762":
            ("excluded", f"arXiv API: 127.0.0.1, a loopback address: {ALLOW}"),
    }
    said = [(d["line"], d["severity"]) for d in report["diagnostics"] if d["code"] == "excluded"]
    assert said == [(3, "info"), (4, "info"), (5, "info"), (6, "info")]


def test_with_allow_private_the_same_links_are_requested(servers: Servers,
                                                         tmp_path: Path) -> None:
    key = uuid.uuid4().hex
    notes = (f"1. [By address]({servers.url(f'/hit/{key}')})\n"
             f"2. [By name](http://localhost:{servers.port}/hit/{key})\n")
    result = _check(tmp_path, notes, "--allow-private")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["outcomes"] == {"ok": 2}
    assert _hits(servers, key) >= 2


def test_mkdocs_yml_can_allow_private_addresses(servers: Servers, tmp_path: Path) -> None:
    key = uuid.uuid4().hex
    (tmp_path / "notes.md").write_text(f"## P\n\n1. [A]({servers.url(f'/hit/{key}')})\n",
                                       encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - notes:\n      notes: [notes.md]\n"
        "      allow_private: true\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "mkdocs.yml"),
                                       "--cache", "", "--retries", "0"])
    assert result.exit_code == 0, result.output
    assert _hits(servers, key) >= 1


def _metadata(servers: Servers, root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [
        "metadata", "-f", str(root / "mkdocs.yml"), "--timeout", "2", "--retries", "0",
        "--api-interval", "0", "--arxiv-api", servers.url("/arxiv/query"),
        "--openreview-api", servers.url("/openreview/v2/notes"), *args])


def test_metadata_sends_no_request_to_loopback_apis(servers: Servers, tmp_path: Path) -> None:
    root = project(tmp_path)
    servers.state.queries.clear()
    result = _metadata(servers, root)
    assert servers.state.queries == []
    assert result.exit_code == 0, result.output
    # Five papers of the notes are on arXiv or OpenReview (the sixth link names an id).
    refused = [line for line in result.stderr.splitlines() if line.endswith(ALLOW)]
    assert len(refused) == 6, result.stderr
    assert "arxiv:1706.03762: no metadata: arXiv API: 127.0.0.1, a loopback address" in (
        result.stderr)
    assert "wrote 0 of 6 papers" in result.stdout


def test_metadata_with_allow_private_asks_them(servers: Servers, tmp_path: Path) -> None:
    root = project(tmp_path)
    servers.state.queries.clear()
    result = _metadata(servers, root, "--allow-private")
    assert result.exit_code == 0, result.output
    assert servers.state.queries, "the fake APIs were asked"


class _PublicTestName(AbstractResolver):
    """`papers.test` stands for a public server (it is the loopback one, reached without the
    filter); every other name is resolved through the filter, `localhost` to 127.0.0.1."""

    def __init__(self) -> None:
        self.vetted = PublicResolver(StaticResolver({"localhost": "127.0.0.1"}))

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        if host == "papers.test":
            return await StaticResolver({host: "127.0.0.1"}).resolve(host, port, family)
        return await self.vetted.resolve(host, port, family)

    async def close(self) -> None:
        pass


def _follow(url: str) -> LinkResult:
    options = replace(FAST, allow_private=False)

    async def go() -> LinkResult:
        connector = aiohttp.TCPConnector(resolver=_PublicTestName())
        async with aiohttp.ClientSession(connector=connector) as session:
            return await check_url(Fetcher(session, options, random.Random(1)), url)

    return asyncio.run(go())


@pytest.mark.parametrize("target", ["http://127.0.0.1:{port}/hit/{key}",
                                    "http://localhost:{port}/hit/{key}"])
def test_a_redirect_to_a_private_address_is_not_followed(servers: Servers, target: str) -> None:
    key = uuid.uuid4().hex
    to = target.format(port=servers.port, key=key)
    result = _follow(f"http://papers.test:{servers.port}/redirect?to={to}")
    assert result.outcome is Outcome.EXCLUDED
    assert result.detail.endswith(f"a loopback address: {ALLOW}")
    assert _hits(servers, key) == 0
    assert servers.state.hits["HEAD /redirect"] >= 1, "the public first hop was requested"
