"""Which addresses a link check may connect to: the rule, with no network.

A notes file is text anyone can send in a pull request, and `notes-site check` runs it in CI,
often beside other services. Without `--allow-private` a check connects only to public
addresses: not to the machine itself, the private networks around it, link-local addresses
(a cloud's metadata service at 169.254.169.254) or the unspecified address. The rule is
applied to the address actually connected to (each name resolved, each redirect's hop), not to
the name in the URL: see `notes_site.links.check.PublicResolver`.
"""

from __future__ import annotations

import ipaddress
from types import MappingProxyType

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: The refused networks, each with the word a report uses for it.
PRIVATE_NETWORKS = MappingProxyType({
    ipaddress.ip_network("127.0.0.0/8"): "loopback",
    ipaddress.ip_network("::1/128"): "loopback",
    ipaddress.ip_network("10.0.0.0/8"): "private",
    ipaddress.ip_network("172.16.0.0/12"): "private",
    ipaddress.ip_network("192.168.0.0/16"): "private",
    ipaddress.ip_network("fc00::/7"): "private",
    ipaddress.ip_network("169.254.0.0/16"): "link-local",
    ipaddress.ip_network("fe80::/10"): "link-local",
    # 0.0.0.0/8 is "this network": Linux connects 0.0.0.0 (and its /8) to the machine itself.
    ipaddress.ip_network("0.0.0.0/8"): "unspecified",
    ipaddress.ip_network("::/128"): "unspecified",
})

ALLOW_HINT = "not requested without --allow-private"


def ip_literal(host: str) -> IPAddress | None:
    """The address `host` spells (`127.0.0.1`, `::1`, `[::1]`, `fe80::1%eth0`), or None for a
    name."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def private_kind(address: str | IPAddress) -> str | None:
    """`loopback`, `private`, `link-local` or `unspecified` when a check must not connect to
    `address` by default; None for a public address. An IPv4 address written as IPv6
    (`::ffff:127.0.0.1`) is judged as the IPv4 address it is."""
    ip = ip_literal(address) if isinstance(address, str) else address
    if ip is None:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return next((kind for network, kind in PRIVATE_NETWORKS.items()
                 if ip.version == network.version and ip in network), None)


def refusal(host: str, address: str | IPAddress) -> str:
    """Why a link to `host`, at `address`, was not requested: the report's detail."""
    kind = private_kind(address)
    where = f"{address}" if str(address) == host else f"{host} resolves to {address}"
    return f"{where}, a {kind} address: {ALLOW_HINT}"
