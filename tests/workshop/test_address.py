"""The join link's root address: every way it is chosen, and the checks on a public address."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from prioritise.workshop import address
from prioritise.workshop.address import (
    REASONS,
    WORKS_IN_THE_ROOM,
    JoinRoot,
    choose_join_root,
    detect_lan_address,
    is_loopback_host,
    public_root,
)

LOCAL = "http://localhost:8501"


@pytest.mark.parametrize(
    ("given", "root"),
    [
        ("http://10.0.0.5:8501", "http://10.0.0.5:8501"),
        ("  https://Workshop.example.org/  ", "https://Workshop.example.org"),
        ("HTTPS://workshop.example.org/prioritise/", "https://workshop.example.org/prioritise"),
        ("http://[fd00::5]:8501", "http://[fd00::5]:8501"),
        ("http://taller", "http://taller"),
    ],
)
def test_a_public_address_becomes_a_plain_root(given: str, root: str) -> None:
    assert public_root(given) == root


@pytest.mark.parametrize(
    "given",
    [
        None,
        "",
        "   ",
        "10.0.0.5:8501",  # no scheme
        "workshop.example.org",
        "ftp://workshop.example.org",
        "http://",
        "http:///path",
        "http://host:port",  # not a number
        "http://host:99999",  # out of range
        "http://user:pass@host",  # credentials on the wall
        "http://host/?join=ABC",
        "http://host/#top",
        "http://ho st",
        "javascript:alert(1)",
    ],
)
def test_anything_else_is_not_a_public_address(given: str | None) -> None:
    assert public_root(given) is None


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("LOCALHOST.", True),
        ("app.localhost", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        (None, True),
        ("", True),
        ("0.0.0.0", False),  # every interface, not loopback
        ("192.168.1.20", False),
        ("10.0.0.5", False),
        ("fd00::5", False),
        ("workshop.example.org", False),
        ("localhost.example.org", False),
    ],
)
def test_loopback_hosts(host: str | None, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_a_configured_public_address_wins() -> None:
    chosen = choose_join_root(
        browser_root=LOCAL,
        public_url="https://workshop.example.org/",
        server_address="127.0.0.1",
        lan_address="192.168.1.20",
    )
    assert chosen == JoinRoot("https://workshop.example.org", "public_url")
    assert chosen.reachable


def test_a_bad_public_address_is_reported_and_the_page_address_kept() -> None:
    chosen = choose_join_root(
        browser_root="http://192.168.1.20:8501", public_url="ftp://x", lan_address="10.1.1.1"
    )
    assert chosen == JoinRoot("http://192.168.1.20:8501", "invalid_public_url")
    assert not chosen.reachable


def test_a_blank_public_address_counts_as_none() -> None:
    chosen = choose_join_root(browser_root=LOCAL, public_url="  ", lan_address="192.168.1.20")
    assert chosen.reason == "lan"


@pytest.mark.parametrize(
    "root", ["http://192.168.1.20:8501", "https://workshop.example.org/prioritise"]
)
def test_a_page_opened_at_a_network_address_keeps_it(root: str) -> None:
    chosen = choose_join_root(browser_root=root, server_address="", lan_address="10.9.9.9")
    assert chosen == JoinRoot(root, "browser")


@pytest.mark.parametrize("listen", ["127.0.0.1", "localhost", "::1"])
def test_a_server_on_loopback_only_cannot_be_reached(listen: str) -> None:
    chosen = choose_join_root(
        browser_root="http://127.0.0.1:8600", server_address=listen, lan_address="192.168.1.20"
    )
    assert chosen == JoinRoot("http://127.0.0.1:8600", "loopback_only")
    assert not chosen.reachable


def test_a_server_on_one_interface_gives_that_address_and_its_port() -> None:
    chosen = choose_join_root(
        browser_root="http://localhost:8600/base",
        server_address="192.168.1.30",
        server_port=8600,
        lan_address="192.168.1.20",
    )
    assert chosen == JoinRoot("http://192.168.1.30:8600/base", "server_address")


@pytest.mark.parametrize("listen", [None, "", "0.0.0.0", "::"])
@pytest.mark.parametrize("opened", [LOCAL, "http://127.0.0.1:8501", "http://[::1]:8501/"])
def test_at_localhost_the_lan_address_and_the_server_port_are_used(
    listen: str | None, opened: str
) -> None:
    chosen = choose_join_root(
        browser_root=opened, server_address=listen, server_port=8502, lan_address="192.168.1.20"
    )
    assert chosen == JoinRoot("http://192.168.1.20:8502", "lan")
    assert chosen.reachable


def test_a_page_opened_at_0_0_0_0_counts_as_this_computer() -> None:
    chosen = choose_join_root(browser_root="http://0.0.0.0:8501", lan_address="10.0.0.7")
    assert chosen == JoinRoot("http://10.0.0.7:8501", "lan")


def test_an_ipv6_lan_address_is_bracketed() -> None:
    chosen = choose_join_root(browser_root=LOCAL, server_address="fd00::7", server_port=8501)
    assert chosen == JoinRoot("http://[fd00::7]:8501", "server_address")


def test_without_a_lan_address_the_link_works_here_only() -> None:
    chosen = choose_join_root(browser_root=LOCAL, server_address="0.0.0.0", lan_address=None)
    assert chosen == JoinRoot(LOCAL, "no_lan")
    assert not chosen.reachable


def test_every_reason_is_listed_and_only_the_room_ones_are_reachable() -> None:
    assert set(REASONS) > WORKS_IN_THE_ROOM
    assert set(REASONS) - WORKS_IN_THE_ROOM == {"invalid_public_url", "loopback_only", "no_lan"}


def test_lan_detection_gives_a_network_address_or_none() -> None:
    found = detect_lan_address()
    if found is not None:  # machines without a route have none
        ip = ipaddress.ip_address(found)
        assert ip.version == 4 and not ip.is_loopback and not ip.is_unspecified


class FakeSocket:
    def __init__(self, local: str | None) -> None:
        self.local = local
        self.connected_to: tuple[str, int] | None = None

    def __enter__(self) -> FakeSocket:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def connect(self, where: tuple[str, int]) -> None:
        if self.local is None:
            raise OSError(101, "Network is unreachable")
        self.connected_to = where

    def getsockname(self) -> tuple[str, int]:
        assert self.local is not None
        return (self.local, 40000)


@pytest.mark.parametrize(
    ("local", "found"),
    [("192.168.1.20", "192.168.1.20"), ("127.0.0.1", None), ("0.0.0.0", None), (None, None)],
)
def test_lan_detection_uses_the_outgoing_interface(
    monkeypatch: pytest.MonkeyPatch, local: str | None, found: str | None
) -> None:
    made: list[FakeSocket] = []

    def fake_socket(family: int, kind: int) -> FakeSocket:
        assert (family, kind) == (socket.AF_INET, socket.SOCK_DGRAM)  # UDP: nothing is sent
        made.append(FakeSocket(local))
        return made[-1]

    monkeypatch.setattr(address.socket, "socket", fake_socket)
    assert detect_lan_address() == found
    if local is not None:
        assert made[0].connected_to == address.PROBE_ADDRESS
