"""Fetch a song from a link without letting the link reach inside the server's network.

A server that downloads whatever URL a client names is a classic way into the
network behind it (server-side request forgery): ``http://169.254.169.254/``
hands out cloud credentials, ``http://127.0.0.1:6379/`` talks to a database,
a redirect from an innocent page leads to either. :func:`fetch` therefore:

* accepts only ``http`` and ``https`` links, without user names or passwords;
* resolves the host itself and refuses it if **any** address it resolves to is
  loopback, private, link-local, multicast, reserved, unspecified or otherwise
  not globally routable (:attr:`ipaddress.IPv4Address.is_global`, looking
  through IPv4-mapped, 6to4, Teredo and NAT64 IPv6 addresses);
* connects to exactly the address it checked (the TLS certificate is still
  verified against the host name), so a DNS answer that changes between the
  check and the connection (DNS rebinding) cannot slip through;
* follows redirects itself, at most :attr:`FetchPolicy.max_redirects`, checking
  every hop the same way before connecting to it;
* caps the size (``Content-Length`` at once, then the bytes as they stream)
  and the total time of the whole download, redirects included; for a request
  naming several links, :func:`fetch_each` holds all of them to one size cap
  and one deadline together;
* ignores proxy environment variables (a proxy would do its own resolving).

Internal addresses can be allowed explicitly: all of them with
``FetchPolicy(allow_private=True)`` (``JAMWITHME_ALLOW_PRIVATE_URLS=1``), or a
few with ``FetchPolicy(allow=("127.0.0.1:8123", "10.1.0.0/16"))``
(``JAMWITHME_ALLOWED_ADDRESSES``), an address or network with an optional port.
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import os
import posixpath
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from typing import Union
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from jamwithme import settings
from jamwithme.errors import AudioLoadError, DownloadError, InputTooLargeError, ParameterError

logger = logging.getLogger("jamwithme")

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
IPNetwork = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

SCHEMES = ("http", "https")
REDIRECTS = (301, 302, 303, 307, 308)
MAX_URL_LENGTH = 2048
CHUNK = 64 * 1024
USER_AGENT = "JamWithMe/0.1 (+https://github.com/jamwithme)"
#: Content types that are certainly not a song: refused before the body is read.
NOT_AUDIO_TYPES = ("text/html", "application/xhtml+xml", "application/json", "text/xml", "application/xml")
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
    """What :func:`fetch` may download, how much and for how long.

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
        if self.max_bytes <= 0:
            raise ParameterError(f"max_bytes={self.max_bytes} must be positive")
        for name in ("timeout", "connect_timeout"):
            value = getattr(self, name)
            if not value > 0:
                raise ParameterError(f"{name}={value} must be a positive number of seconds")
        if self.max_redirects < 0:
            raise ParameterError(f"max_redirects={self.max_redirects} must be 0 or more")
        object.__setattr__(self, "allow", tuple(self.allow))
        object.__setattr__(self, "allow_rules", tuple(AllowRule.parse(a) for a in self.allow))


@dataclass(frozen=True)
class Download:
    """What :func:`fetch` brought back.

    ``url`` is the final address after redirects; ``name`` a file name for
    messages (the last part of the path).
    """

    data: bytes
    url: str
    name: str
    content_type: str | None


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # ASCII (IDNA) host name or IP literal, without brackets
    port: int
    request_path: str


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def _parse(url: object) -> _Target:
    """Check a link's form (no network): http(s), a host, no credentials."""
    if not isinstance(url, str) or not url.strip():
        raise DownloadError(f"{url!r} is not a link (expected http:// or https://...)")
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise DownloadError(f"the link is {len(url)} characters long, more than the {MAX_URL_LENGTH} allowed")
    shown = _short(url)
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
    return _Target(clean, scheme, ascii_host, port, request_path)


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
    return _parse(url).url


def check_link(url: str, *, policy: FetchPolicy | None = None) -> str:
    """Check a link's form and every address its host resolves to, without downloading; return it normalised.

    For a request naming several links: all are checked before the first is
    downloaded, so one internal link refuses the request before any traffic.
    :func:`fetch` checks again (and connects to the address it checked).

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
    target = _parse(url)
    _check_addresses(target, _resolve(target, policy.connect_timeout), policy)
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


def _size(n: float) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.1f} kB"


def _resolve(target: _Target, timeout: float) -> list[IPAddress]:
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
        raise DownloadError(f"{target.host}: the host name did not resolve within {timeout:.0f} s") from None
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


def _check_addresses(target: _Target, addresses: list[IPAddress], policy: FetchPolicy) -> IPAddress:
    """Refuse the host if any of its addresses is internal and not allowed; return the one to use."""
    if policy.allow_private:
        return addresses[0]
    for ip in addresses:
        reason = internal_reason(ip)
        if reason and not any(rule.matches(ip, target.port) for rule in policy.allow_rules):
            literal = _is_literal(target.host)
            what = f"{target.host} is" if literal else f"{target.host} resolves to {ip}, which is"
            raise DownloadError(
                f"{_short(target.url)}: {what} a {reason} address; links into private or internal networks are refused"
            )
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to a fixed, already checked IP address (the Host header keeps the name)."""

    def __init__(self, host: str, port: int, *, ip: IPAddress, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._ip = str(ip)

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed IP address; the certificate is verified against the host name."""

    def __init__(self, host: str, port: int, *, ip: IPAddress, timeout: float):
        super().__init__(host, port, timeout=timeout, context=_tls_context())
        self._ip = str(ip)

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


_tls: ssl.SSLContext | None = None


def _tls_context() -> ssl.SSLContext:
    """The system's trusted certificates (``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` if set), plus certifi's."""
    global _tls
    if _tls is None:
        context = ssl.create_default_context()
        if not (os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR")):
            try:
                import certifi

                context.load_verify_locations(certifi.where())
            except ImportError:
                pass
        _tls = context
    return _tls


class _Deadline:
    """Seconds left of the whole download (of all downloads of a request); shuts a socket down when they run out.

    A server that trickles one byte at a time would defeat a per-read timeout,
    so a timer closes the connection at the deadline whatever it is doing.
    ``what`` names what the deadline bounds, for the message.
    """

    def __init__(self, seconds: float, what: str = "the download"):
        self.seconds = seconds
        self.what = what
        self.end = time.monotonic() + seconds

    def passed(self, shown: str) -> DownloadError:
        return DownloadError(f"{shown}: {self.what} took longer than {self.seconds:g} s")

    def left(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return self.left() <= 0

    def watch(self, conn: http.client.HTTPConnection) -> threading.Timer:
        def cut() -> None:
            sock = conn.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        timer = threading.Timer(max(0.0, self.left()), cut)
        timer.daemon = True
        timer.start()
        return timer


def _name_of(url: str) -> str:
    name = posixpath.basename(unquote(urlsplit(url).path)) or "download"
    return "".join(c for c in name if c.isprintable() and c not in "/\\")[:100] or "download"


def fetch_each(urls: Sequence[str], *, policy: FetchPolicy | None = None) -> Iterator[Download]:
    """Download several links in order, under one size cap and one deadline for all of them together.

    Every link is checked (form, host, addresses) before the first is
    downloaded, so one internal link refuses the request before any traffic.
    ``policy.max_bytes`` and ``policy.timeout`` bound the downloads together: ten
    slow links cannot hold a request ten times as long as one.

    Yields
    ------
    Download
        Each link's download, in order (one held at a time).

    Raises
    ------
    DownloadError, InputTooLargeError, AudioLoadError
        As :func:`fetch`; the deadline's and the cap's messages say they are for all the links together.

    Examples
    --------
    >>> songs = list(fetch_each(["https://example.com/a.mp3", "https://example.com/b.mp3"]))  # doctest: +SKIP
    """
    policy = policy or FetchPolicy()
    checked = [check_link(u, policy=policy) for u in urls]
    together = len(checked) > 1
    what = f"the downloads of all {len(checked)} links together" if together else "the download"
    deadline = _Deadline(policy.timeout, what)
    budget = policy.max_bytes
    for url in checked:
        if budget <= 0:
            raise InputTooLargeError(f"{_short(url)}: nothing is left of the download limit")
        if deadline.expired():
            raise deadline.passed(_short(url))
        try:
            got = fetch(url, policy=replace(policy, max_bytes=budget), deadline=deadline)
        except InputTooLargeError as exc:
            if not together:
                raise
            cap = policy.max_bytes / 1e6
            raise InputTooLargeError(f"{exc} (the {cap:g} MB limit is for all {len(checked)} links together)") from None
        budget -= len(got.data)
        yield got


def fetch(url: str, *, policy: FetchPolicy | None = None, deadline: _Deadline | None = None) -> Download:
    """Download a song from an http(s) link, safely (see the module's description).

    Parameters
    ----------
    url : str
        An ``http://`` or ``https://`` link.
    policy : FetchPolicy, optional
        Caps and which internal addresses are allowed (default: none).
    deadline : optional
        A deadline shared with other downloads (:func:`fetch_each`); default: ``policy.timeout`` from now.

    Returns
    -------
    Download
        The bytes, the final URL after redirects, a file name and the content type.
        The bytes are not checked to be audio: pass them to :func:`jamwithme.audio.load`.

    Raises
    ------
    DownloadError
        Not http(s), an internal address (also after a redirect), unreachable,
        an error status, too many redirects, or slower than ``policy.timeout``.
    InputTooLargeError
        Bigger than ``policy.max_bytes`` (announced or while streaming).
    AudioLoadError
        The server says it is a web page or another kind of text, not audio.

    Examples
    --------
    >>> song = fetch("https://example.com/song.mp3")  # doctest: +SKIP
    >>> clip = audio.load(song.data, name=song.name)  # doctest: +SKIP
    """
    policy = policy or FetchPolicy()
    deadline = deadline or _Deadline(policy.timeout)
    target = _parse(url)
    for hop in range(policy.max_redirects + 1):
        try:
            status, location, payload = _get(target, policy, deadline)
        except (DownloadError, AudioLoadError) as exc:
            if hop == 0:
                raise
            raise type(exc)(f"{exc} (reached by a redirect from {_short(url)})") from None
        if status in REDIRECTS:
            if not location:
                raise DownloadError(f"{_short(target.url)}: redirect {status} without a Location")
            if hop == policy.max_redirects:
                break
            next_url = urljoin(target.url, location.strip())
            logger.info("fetch: %s redirects to %s", _short(target.url), _short(next_url))
            try:
                target = _parse(next_url)
            except DownloadError as exc:
                raise DownloadError(f"{exc} (reached by a redirect from {_short(url)})") from None
            continue
        return payload
    raise DownloadError(f"{_short(url)}: more than {policy.max_redirects} redirects")


def _get(target: _Target, policy: FetchPolicy, deadline: _Deadline) -> tuple[int, str | None, Download | None]:
    """One GET: (status, Location, download), the download only for a 2xx answer."""
    shown = _short(target.url)
    connect_timeout = min(policy.connect_timeout, max(0.1, deadline.left()))
    ip = _check_addresses(target, _resolve(target, connect_timeout), policy)
    if deadline.expired():
        raise deadline.passed(shown)
    kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    conn = kind(target.host, target.port, ip=ip, timeout=connect_timeout)
    timer = deadline.watch(conn)
    try:
        conn.putrequest("GET", target.request_path, skip_accept_encoding=True)
        conn.putheader("User-Agent", USER_AGENT)
        conn.putheader("Accept", "audio/*, video/*, application/octet-stream;q=0.9, */*;q=0.5")
        conn.putheader("Accept-Encoding", "identity")
        conn.putheader("Connection", "close")
        conn.endheaders()
        conn.sock.settimeout(max(0.1, deadline.left()))
        response = conn.getresponse()
        if response.status in REDIRECTS:
            return response.status, response.getheader("Location"), None
        if not 200 <= response.status < 300:
            reason = (response.reason or "").strip()[:80]
            raise DownloadError(f"{shown}: the server answered {response.status} {reason}".rstrip())
        return response.status, None, _read_body(target, response, policy, deadline)
    except ssl.SSLCertVerificationError as exc:
        raise DownloadError(f"{shown}: the site's certificate is not valid ({exc.verify_message})") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:  # InvalidURL is a ValueError
        if deadline.expired():
            raise deadline.passed(shown) from None
        if isinstance(exc, (socket.timeout, TimeoutError)):
            raise DownloadError(f"{shown}: the server did not answer in time") from None
        detail = str(exc) or type(exc).__name__
        raise DownloadError(f"{shown}: the download failed ({detail[:200]})") from None
    finally:
        timer.cancel()
        conn.close()


def _read_body(
    target: _Target, response: http.client.HTTPResponse, policy: FetchPolicy, deadline: _Deadline
) -> Download:
    shown = _short(target.url)
    content_type = (response.getheader("Content-Type") or "").split(";", 1)[0].strip().lower() or None
    if content_type in NOT_AUDIO_TYPES or (content_type or "").startswith("text/"):
        raise AudioLoadError(f"{shown}: the link leads to a web page or text ({content_type}), not to an audio file")
    limit = _size(policy.max_bytes)
    length = response.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > policy.max_bytes:
        raise InputTooLargeError(f"{shown}: the file is {_size(int(length))}, more than the {limit} download limit")
    body = bytearray()
    while True:
        if deadline.expired():
            raise deadline.passed(shown)
        chunk = response.read1(CHUNK)
        if not chunk:
            break
        body += chunk
        if len(body) > policy.max_bytes:
            raise InputTooLargeError(f"{shown}: the file is bigger than the {limit} download limit")
    if deadline.expired():
        raise deadline.passed(shown)
    return Download(bytes(body), target.url, _name_of(target.url), content_type)
