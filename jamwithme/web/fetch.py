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

Those checks are in :mod:`jamwithme.web.link_checks`; here the download itself.
"""

from __future__ import annotations

import http.client
import logging
import os
import posixpath
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from urllib.parse import unquote, urljoin, urlsplit

from jamwithme.errors import AudioLoadError, DownloadError, InputTooLargeError
from jamwithme.web.link_checks import (
    FetchPolicy,
    IPAddress,
    Target,
    check_link,
    checked_address,
    parse_link,
    resolve,
    short_url,
)

logger = logging.getLogger("jamwithme")

REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024
USER_AGENT = "JamWithMe/0.1 (+https://github.com/jamwithme)"
#: Content types that are certainly not a song: refused before the body is read.
NOT_AUDIO_TYPES = ("text/html", "application/xhtml+xml", "application/json", "text/xml", "application/xml")


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


def _size(n: float) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.1f} kB"


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
            raise InputTooLargeError(f"{short_url(url)}: nothing is left of the download limit")
        if deadline.expired():
            raise deadline.passed(short_url(url))
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
    target = parse_link(url)
    for hop in range(policy.max_redirects + 1):
        try:
            status, location, payload = _get(target, policy, deadline)
        except (DownloadError, AudioLoadError) as exc:
            if hop == 0:
                raise
            raise type(exc)(f"{exc} (reached by a redirect from {short_url(url)})") from None
        if status in REDIRECTS:
            if not location:
                raise DownloadError(f"{short_url(target.url)}: redirect {status} without a Location")
            if hop == policy.max_redirects:
                break
            next_url = urljoin(target.url, location.strip())
            logger.info("fetch: %s redirects to %s", short_url(target.url), short_url(next_url))
            try:
                target = parse_link(next_url)
            except DownloadError as exc:
                raise DownloadError(f"{exc} (reached by a redirect from {short_url(url)})") from None
            continue
        return payload
    raise DownloadError(f"{short_url(url)}: more than {policy.max_redirects} redirects")


def _get(target: Target, policy: FetchPolicy, deadline: _Deadline) -> tuple[int, str | None, Download | None]:
    """One GET: (status, Location, download), the download only for a 2xx answer."""
    shown = short_url(target.url)
    connect_timeout = min(policy.connect_timeout, max(0.1, deadline.left()))
    ip = checked_address(target, resolve(target, connect_timeout), policy)
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
    target: Target, response: http.client.HTTPResponse, policy: FetchPolicy, deadline: _Deadline
) -> Download:
    shown = short_url(target.url)
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
