"""A link's form and where it leads, checked before any traffic: the rules :func:`jamwithme.web.fetch.fetch` follows.

A link is ``http`` or ``https``, has a host and no user name or password
(:func:`check_url`); every address its host resolves to must be public, or
allowed by the :class:`FetchPolicy` (:func:`check_link`); an IPv6 address is
judged by the IPv4 address it carries, if any (:func:`internal_reason`).
:func:`jamwithme.web.fetch.fetch` connects to exactly the address checked here,
and checks every redirect's hop again.
"""

from __future__ import annotations

import ipaddress
import socket
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Union
from urllib.parse import quote, urlsplit, urlunsplit

from jamwithme import checks, settings
from jamwithme.errors import DownloadError, ParameterError

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
IPNetwork = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

SCHEMES = ("http", "https")
MAX_URL_LENGTH = 2048
#: NAT64 (RFC 6052): the last 32 bits are an IPv4 address.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_dns_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="jamwithme-dns")


@dataclass(frozen=True)
class AllowRule:
    """An internal network (and optionally one port) that links may reach anyway."""

    network: IPNetwork
    port: int | None = None

    @classmethod
    def parse(cls, text: str) -> "AllowRule":
        """``"127.0.0.1:8123"``, ``"10.0.0.0/8"``, ``"[::1]:8000"``, ``"::1"`` or ``"fd00::/8"``."""
        spec, port = text.strip(), None
        try:
            if spec.startswith("["):
                inner, _, rest = spec[1:].partition("]")
                if rest:
                    port = int(rest.removeprefix(":"))
                spec = inner
            elif spec.count(":") == 1:
                spec, port_text = spec.split(":")
                port = int(port_text)
            network = ipaddress.ip_network(spec, strict=False)
        except ValueError:
            raise ParameterError(
                f"allowed address {text!r} is not an address or network with an optional port "
                "(e.g. 127.0.0.1:8123, 10.0.0.0/8, [::1]:8000)"
            ) from None
        if port is not None and not 0 < port < 65536:
            raise ParameterError(f"allowed address {text!r}: port {port} is out of range")
        return cls(network, port)

    def matches(self, ip: IPAddress, port: int) -> bool:
        return ip.version == self.network.version and ip in self.network and self.port in (None, port)


@dataclass(frozen=True)
class FetchPolicy:
    """What :func:`~jamwithme.web.fetch.fetch` may download, how much and for how long.

    Parameters
    ----------
    max_bytes : int
        Largest download in bytes (default 100 MB, or ``JAMWITHME_MAX_DOWNLOAD_BYTES``).
    timeout : float
        Seconds for the whole download, redirects included (default 60, or
        ``JAMWITHME_DOWNLOAD_TIMEOUT``).
    connect_timeout : float
        Seconds to resolve a host and open a connection (default 10).
    max_redirects : int
        Redirects followed before giving up (default 5).
    allow_private : bool
        Allow every internal address (default False, or ``JAMWITHME_ALLOW_PRIVATE_URLS=1``).
        Only for a server that is not exposed to anyone untrusted.
    allow : tuple of str
        Internal addresses or networks, each with an optional port, that are
        allowed although internal, e.g. ``("127.0.0.1:8123",)`` (default:
        ``JAMWITHME_ALLOWED_ADDRESSES``, comma-separated).

    Examples
    --------
    >>> FetchPolicy(max_bytes=10_000_000, allow=("127.0.0.1:8123",)).allow_rules[0].port
    8123
    """

    max_bytes: int = field(default_factory=lambda: settings.current().max_download_bytes)
    timeout: float = field(default_factory=lambda: settings.current().download_timeout)
    connect_timeout: float = 10.0
    max_redirects: int = 5
    allow_private: bool = field(default_factory=lambda: settings.current().allow_private_urls)
    allow: tuple[str, ...] = field(default_factory=lambda: settings.current().allowed)
    #: ``allow`` parsed (set in ``__post_init__``).
    allow_rules: tuple[AllowRule, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        checks.positive("max_bytes", self.max_bytes, unit="bytes")
        for name in ("timeout", "connect_timeout"):
            checks.positive(name, getattr(self, name), unit="seconds")
        checks.integer("max_redirects", self.max_redirects, lo=0)
        object.__setattr__(self, "allow", tuple(self.allow))
        object.__setattr__(self, "allow_rules", tuple(AllowRule.parse(a) for a in self.allow))


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str  # ASCII (IDNA) host name or IP literal, without brackets
    port: int
    request_path: str


def short_url(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def parse_link(url: object) -> Target:
    """Check a link's form (no network): http(s), a host, no credentials."""
    if not isinstance(url, str) or not url.strip():
        raise DownloadError(f"{url!r} is not a link (expected http:// or https://...)")
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise DownloadError(f"the link is {len(url)} characters long, more than the {MAX_URL_LENGTH} allowed")
    shown = short_url(url)
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError as exc:
        raise DownloadError(f"{shown!r} is not a valid link ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        what = f"{scheme}:// links" if scheme else "links without http:// or https://"
        raise DownloadError(f"{shown!r}: {what} are not accepted; only http and https")
    if not host:
        raise DownloadError(f"{shown!r} has no host name")
    if parts.username is not None or parts.password is not None:
        raise DownloadError(f"{shown!r}: links with a user name or password are not accepted")
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise DownloadError(f"{shown!r}: the host name {host!r} is not valid") from None
    if any(c in ascii_host for c in "\x00 /\\%@") or any(ord(c) < 33 for c in ascii_host):
        raise DownloadError(f"{shown!r}: the host name {host!r} is not valid")
    if port is None:
        port = 443 if scheme == "https" else 80
    if port == 0:
        raise DownloadError(f"{shown!r}: port 0 is not valid")
    # Percent-encode what may not appear raw on the request line; keep existing escapes.
    try:
        path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
        query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    except UnicodeError:  # lone surrogates: not text any server could receive
        raise DownloadError(f"{shown!r} is not a valid link (it holds invalid characters)") from None
    request_path = path + (f"?{query}" if query else "")
    netloc = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
    if parts.port is not None:
        netloc += f":{port}"
    clean = urlunsplit((scheme, netloc, path, query, ""))
    return Target(clean, scheme, ascii_host, port, request_path)


def check_url(url: str) -> str:
    """Check a link's form without touching the network; return it normalised.

    Raises
    ------
    DownloadError
        Not http(s), no host, credentials in the link, or malformed.

    Examples
    --------
    >>> check_url("https://example.com/song one.mp3")
    'https://example.com/song%20one.mp3'
    """
    return parse_link(url).url


def check_link(url: str, *, policy: FetchPolicy | None = None) -> str:
    """Check a link's form and every address its host resolves to, without downloading; return it normalised.

    For a request naming several links: all are checked before the first is
    downloaded, so one internal link refuses the request before any traffic.
    :func:`~jamwithme.web.fetch.fetch` checks again (and connects to the address it checked).

    Raises
    ------
    DownloadError
        As :func:`check_url`; or the host does not resolve, or resolves to an
        internal address the policy does not allow.

    Examples
    --------
    >>> check_link("http://10.0.0.1/song.mp3")  # doctest: +SKIP
    Traceback (most recent call last):
    DownloadError: http://10.0.0.1/song.mp3: 10.0.0.1 is a private address; ...
    """
    policy = policy or FetchPolicy()
    target = parse_link(url)
    # the request's whole download time bounds the name lookup too (a server told to give up on links after 3 s
    # answered a host name that never resolved after the lookup's own 10 s)
    checked_address(target, resolve(target, min(policy.connect_timeout, policy.timeout)), policy)
    return target.url


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo client, NAT64), if any."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def internal_reason(ip: IPAddress) -> str | None:
    """Why an address is internal (``"loopback"``, ``"private"``...), or None if it is public.

    Examples
    --------
    >>> internal_reason(ipaddress.ip_address("169.254.169.254"))
    'link-local'
    >>> internal_reason(ipaddress.ip_address("::ffff:10.0.0.1"))
    'private'
    >>> internal_reason(ipaddress.ip_address("8.8.8.8")) is None
    True
    """
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        reason = internal_reason(embedded)
        if reason:
            return reason
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("internal", not ip.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def resolve(target: Target, timeout: float) -> list[IPAddress]:
    """Every address the host resolves to (the operating system's resolver, bounded in time)."""
    try:
        literal = ipaddress.ip_address(target.host)
        return [literal]
    except ValueError:
        pass
    future = _dns_pool.submit(socket.getaddrinfo, target.host, target.port, type=socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=timeout)
    except FutureTimeout:
        raise DownloadError(f"{target.host}: the host name did not resolve within {round(timeout, 1):g} s") from None
    except (OSError, UnicodeError, ValueError) as exc:
        raise DownloadError(f"{target.host}: the host name does not resolve ({exc})") from None
    addresses: list[IPAddress] = []
    for family, _, _, _, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise DownloadError(f"{target.host}: the host name has no IPv4 or IPv6 address")
    return addresses


def checked_address(target: Target, addresses: list[IPAddress], policy: FetchPolicy) -> IPAddress:
    """Refuse the host if any of its addresses is internal and not allowed; return the one to use."""
    if policy.allow_private:
        return addresses[0]
    for ip in addresses:
        reason = internal_reason(ip)
        if reason and not any(rule.matches(ip, target.port) for rule in policy.allow_rules):
            literal = _is_literal(target.host)
            what = f"{target.host} is" if literal else f"{target.host} resolves to {ip}, which is"
            raise DownloadError(
                f"{short_url(target.url)}: {what} a {reason} address; "
                "links into private or internal networks are refused"
            )
    return addresses[0]
