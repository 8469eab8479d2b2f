"""The address that phones in the room open: the root of every join link and QR code.

A browser on the facilitator's laptop often shows the app at ``http://localhost:8501``, which
no other device can open. ``choose_join_root`` picks, in this order:

1. the public address the app was started with (``--public-url`` or ``$PRIORITISE_PUBLIC_URL``);
2. the address the page was opened at, when it is not this computer's own (loopback) address;
3. when the server listens only on loopback, nothing reachable (``loopback_only``);
4. the address the server was told to listen on, when it names one interface;
5. the machine's address on the local network (``detect_lan_address``), with the server's port;
6. else the page's own address, which works on this computer only (``no_lan``).

Nothing here needs Streamlit: the app passes in what it knows and shows the reason.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

PUBLIC_URL_ENV = "PRIORITISE_PUBLIC_URL"
"""The environment variable with the app's public address (`prioritise app --public-url` sets it
for the server it starts)."""

PROBE_ADDRESS = ("192.0.2.1", 9)
"""A documentation-only address (RFC 5737): "connecting" a UDP socket to it sends nothing but
makes the system pick the interface it would route through."""

WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::"})
"""Server addresses that mean "every interface"."""

REASONS = (
    "public_url",
    "invalid_public_url",
    "browser",
    "loopback_only",
    "server_address",
    "lan",
    "no_lan",
)
"""Why a join root was chosen; the first three and ``server_address`` and ``lan`` work from the
room, ``invalid_public_url``, ``loopback_only`` and ``no_lan`` deserve a warning."""

WORKS_IN_THE_ROOM = frozenset({"public_url", "browser", "server_address", "lan"})


@dataclass(frozen=True)
class JoinRoot:
    """The root address for join links (no trailing slash) and why it was chosen."""

    url: str
    reason: str

    @property
    def reachable(self) -> bool:
        """Whether other devices can be expected to open it."""
        return self.reason in WORKS_IN_THE_ROOM


def public_root(text: str | None) -> str | None:
    """``text`` as a root address for links, or None when it is not one.

    A root address is an http or https URL with a host name, an optional port and path, and no
    user name, password, query or fragment: ``https://workshop.example.org/prioritise``.
    """
    text = (text or "").strip()
    if not text or any(char.isspace() for char in text):
        return None
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.query or parts.fragment or "@" in parts.netloc:
        return None
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        return None
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_loopback_host(host: str | None) -> bool:
    """Whether ``host`` names this computer only: localhost, 127.x.x.x, ::1 (or no host)."""
    if not host:
        return True
    name = host.strip().rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    address = _ip(name)
    return address is not None and address.is_loopback


def _only_here(host: str | None) -> bool:
    """A host that a browser on another device cannot open: loopback, or 0.0.0.0 / ::."""
    if is_loopback_host(host):
        return True
    address = _ip(host or "")
    return address is not None and address.is_unspecified


def detect_lan_address() -> str | None:
    """This computer's IPv4 address on the network it would route through, or None.

    A UDP socket is "connected" to a documentation-only address: no packet is sent, but the
    system fills in the local address of the outgoing interface. Without a route (no network)
    or with only a loopback address, there is none.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(PROBE_ADDRESS)
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    return None if _only_here(address) else address


def _with_host(root: str, host: str, port: int) -> str:
    parts = urlsplit(root)
    shown = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{shown}:{port}{parts.path.rstrip('/')}"


def choose_join_root(
    *,
    browser_root: str,
    public_url: str | None = None,
    server_address: str | None = None,
    server_port: int = 8501,
    lan_address: str | None = None,
) -> JoinRoot:
    """The root of the join link, and why (one of ``REASONS``).

    ``browser_root`` is the app's address as the facilitator's browser opened it;
    ``server_address`` and ``server_port`` are what the server listens on (no address: every
    interface); ``lan_address`` is ``detect_lan_address()``.
    """
    if public_url and public_url.strip():
        configured = public_root(public_url)
        if configured is not None:
            return JoinRoot(configured, "public_url")
        return JoinRoot(browser_root, "invalid_public_url")
    if not _only_here(urlsplit(browser_root).hostname):
        return JoinRoot(browser_root, "browser")
    listen = (server_address or "").strip()
    if listen not in WILDCARD_ADDRESSES and is_loopback_host(listen):
        return JoinRoot(browser_root, "loopback_only")
    if listen not in WILDCARD_ADDRESSES:
        return JoinRoot(_with_host(browser_root, listen, server_port), "server_address")
    if lan_address:
        return JoinRoot(_with_host(browser_root, lan_address, server_port), "lan")
    return JoinRoot(browser_root, "no_lan")
