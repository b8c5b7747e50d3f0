"""What a client sees when a dependency fails, after how long, and whether the job completes (issue 22).

    .venv/bin/python bench/faults.py [--quick] [--only s3-frozen ...]

Starts its own Redis, S3 server (``weed mini``), ``jamwithme worker`` processes
and ``jamwithme serve``, all on loopback (tests/servers.py), then makes each
fault and prints one row per fault: what the client got (an answer, or the
error and its HTTP status), how many seconds after the fault, the bound the
settings promise for it, and whether the job the client waited for completed
once the fault was over (and how long after the fault that was).

The settings are the defaults (Redis timeout 5 s, S3 timeout 10 s, 60 s wait
with no worker, 60 s download deadline per request; the workers' heartbeat 5 s),
except the download deadline, which is 5 s as in the issue's probe.
``--quick`` uses 1 s, 2 s, 5 s and a 1 s heartbeat instead.

Faults: a stored result damaged (16 bytes flipped, size and modification time
kept) and one evicted, read through the service; Redis stopped mid-job and
started again empty; Redis frozen (SIGSTOP) under the API (``/health`` and a
request); the S3 server stopped mid-job, and frozen under the API; every worker
killed mid-job; ten slow links in one ``/remix``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

# bench/queue.py shares its name with the standard library's queue module: take this folder off the path.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
import numpy as np  # noqa: E402
from servers import (  # noqa: E402
    free_ports,
    redis_process,
    s3_process,
    serve_command,
    server_process,
    slow_files,
    worker_env,
    workers,
)

from jamwithme import audio  # noqa: E402
from jamwithme.errors import JamWithMeError, UnavailableError  # noqa: E402
from jamwithme.service import Service  # noqa: E402
from jamwithme.service.queue import JobState, LocalQueue  # noqa: E402
from jamwithme.service.redis_link import client  # noqa: E402
from jamwithme.service.rq_queue import RQQueue  # noqa: E402
from jamwithme.service.s3_store import S3Store  # noqa: E402
from jamwithme.service.store import LocalStore  # noqa: E402

NO_SONG = hashlib.sha256(b"probes read no song").hexdigest()
QUEUE = "bench-faults"
ROWS: list[tuple[str, str, str, str, str]] = []


def row(fault: str, saw: str, after: float | None, bound: str, completed: str) -> None:
    shown = "" if after is None else f"{after:.1f} s"
    ROWS.append((fault, saw, shown, bound, completed))
    print(f"  {fault:48s} | {saw:64s} | {shown:>7s} | {bound:25s} | {completed}", flush=True)


def told(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).split(';')[0][:40]}"


def timed(call):
    """``(value or exception, seconds)`` of ``call()``."""
    started = time.monotonic()
    try:
        value = call()
    except JamWithMeError as exc:
        value = exc
    return value, time.monotonic() - started


def until_done(service: Service, key: str, since: float, limit: float = 600.0) -> str:
    """Wait for ``key`` as a client honouring Retry-After does; "yes, N s after the fault" or "no"."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            service.wait(key, timeout=limit)
            return f"yes, {time.monotonic() - since:.1f} s after the fault"
        except UnavailableError:
            time.sleep(1.0)
        except JamWithMeError as exc:
            return f"no ({told(exc)})"
    return "no (still waiting)"


def running(service: Service, key: str) -> bool:
    with contextlib.suppress(JamWithMeError):
        return service.queue.status(key).state is JobState.RUNNING
    return False


def wait_until(check, limit: float = 120.0) -> None:
    end = time.monotonic() + limit
    while not check():
        if time.monotonic() > end:
            raise RuntimeError("the bench's set-up did not reach its state in time")
        time.sleep(0.05)


def wav(seconds: float) -> bytes:
    t = np.arange(int(44100 * seconds)) / 44100
    clicks = (np.sin(2 * np.pi * 1000 * t) * (np.mod(t, 0.5) < 0.02)).astype(np.float32)
    return audio.encode(audio.AudioClip(np.stack([clicks, clicks]), 44100), "wav")


# --------------------------------------------------------------------------- faults


def stored_damage(tmp: Path) -> None:
    store = LocalStore(tmp / "store-local")
    service = Service(store, LocalQueue(store))
    song = service.add_song(audio.AudioClip(np.stack([np.sin(np.arange(44100 * 8) / 20.0)] * 2).astype(np.float32)),
                            name="tone", source_kind="bench")  # fmt: skip
    for fault in ("damaged (16 bytes, size and mtime kept)", "evicted"):
        key = service.run("practice", song.id, {"rate": 0.8, "semitones": float(len(fault) % 5)})
        path = store.folder / key / "practice.npy"
        if fault == "evicted":
            shutil.rmtree(path.parent)
        else:
            before = path.stat()
            with open(path, "r+b") as fh:
                fh.seek(before.st_size // 2)
                fh.write(os.urandom(16))
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        started = service.queue.started
        got, took = timed(lambda k=key: service.clips(k, ["practice"])["practice"].n_samples)
        saw = f"the result ({got} samples), made again" if isinstance(got, int) else told(got)
        remade = "yes (made again once)" if service.queue.started == started + 1 else "no"
        row(f"stored result {fault}", saw, took, "the job's own time", remade)
    service.queue.shutdown()


def redis_stopped(tmp: Path, quick: bool) -> None:
    with redis_process(tmp / "redis-stop") as redis_srv:
        store_dir = tmp / "store-redis"
        env = rq_env(redis_srv.url, store_dir, quick)
        with workers(1, env, tmp / "w-redis"):
            service = rq_service(redis_srv.url, store_dir, quick)
            key = service.submit("probe", NO_SONG, {"hold": 6.0, "nonce": uuid.uuid4().hex})
            wait_until(lambda: running(service, key))
            redis_srv.stop()
            fault = time.monotonic()
            got, took = timed(lambda: service.wait(key))
            threading.Timer(5.0, redis_srv.start).start()  # back, empty, 5 s after the fault
            time.sleep(5.5)
            row("Redis stopped mid-job (back empty after 5 s)", told(got) + " (503)", took,
                f"Redis timeout {env['JAMWITHME_REDIS_TIMEOUT']} s", until_done(service, key, fault))  # fmt: skip


def redis_frozen(tmp: Path, quick: bool) -> None:
    with redis_process(tmp / "redis-freeze") as redis_srv:
        timeout = "1" if quick else "5"
        env = {"JAMWITHME_REDIS_URL": redis_srv.url, "JAMWITHME_REDIS_TIMEOUT": timeout,
               "JAMWITHME_QUEUE_NAME": QUEUE, "JAMWITHME_CACHE_DIR": str(tmp / "api-freeze-cache")}  # fmt: skip
        with api(tmp / "api-freeze.log", env) as base:
            redis_srv.freeze()
            fault = time.monotonic()
            try:
                posted: dict = {}

                def post() -> None:
                    files = {"file": ("clicks.wav", wav(3.0), "audio/wav")}
                    posted["r"], posted["t"] = timed(lambda: httpx.post(f"{base}/remix", files=files, timeout=120))

                poster = threading.Thread(target=post)
                poster.start()
                worst, health = 0.0, None
                while time.monotonic() - fault < 8:  # health polled while the request waits
                    health, took = timed(lambda: httpx.get(f"{base}/health", timeout=60))
                    worst = max(worst, took)
                    time.sleep(0.2)
                schema, schema_took = timed(lambda: httpx.get(f"{base}/openapi.json", timeout=60))
                poster.join()
                queue = health.json()["dependencies"]["queue"]
                row("Redis frozen: /health, polled for 8 s", f"{health.status_code} queue: {queue}"[:64], worst,
                    "2 s (slowest shown)", "")  # fmt: skip
                row("Redis frozen: another request beside it", f"{schema.status_code} /openapi.json", schema_took,
                    "not held up", "")  # fmt: skip
                r = posted["r"]
                row("Redis frozen: POST /remix", f"{r.status_code} {r.json().get('error', '')}"[:64], posted["t"],
                    f"Redis timeout {timeout} s", "")  # fmt: skip
            finally:
                redis_srv.thaw()


def s3_stopped(tmp: Path, quick: bool) -> None:
    with s3_process(tmp / "s3") as s3_srv, redis_process(tmp / "redis-s3") as redis_srv:
        s3 = s3_srv.info
        prefix = f"bench-{uuid.uuid4().hex[:8]}/"
        timeout = "2" if quick else "10"
        env = {**rq_env(redis_srv.url, tmp / "unused", quick), **s3.env(), "JAMWITHME_S3_PREFIX": prefix,
               "JAMWITHME_S3_TIMEOUT": timeout}  # fmt: skip
        env.pop("JAMWITHME_CACHE_DIR")
        store = S3Store(s3.url, bucket=s3.bucket, prefix=prefix, access_key=s3.access_key, secret_key=s3.secret_key,
                        cache=tmp / "s3-client-cache", timeout=float(timeout))  # fmt: skip
        service = Service(store, RQQueue(store, client(redis_srv.url, timeout=float(env["JAMWITHME_REDIS_TIMEOUT"])),
                                         name=QUEUE, heartbeat=float(env["JAMWITHME_WORKER_HEARTBEAT"])))  # fmt: skip
        with workers(1, env, tmp / "w-s3"):
            key = service.submit("probe", NO_SONG, {"hold": 3.0, "nonce": uuid.uuid4().hex})
            wait_until(lambda: running(service, key))
            s3_srv.stop()
            fault = time.monotonic()
            got, took = timed(lambda: service.wait(key))
            leaks = [x for x in (s3.url, s3.bucket, prefix) if x in str(got)]
            saw = told(got) + (f" NAMES {leaks}" if leaks else " (503)")
            s3_srv.start()
            row("S3 stopped mid-job (back after a restart)", saw, took, "the job's first try",
                until_done(service, key, fault))  # fmt: skip


def s3_frozen(tmp: Path, quick: bool) -> None:
    """The bucket frozen (SIGSTOP: connections open, nothing answers) under the API: only the timeouts catch it."""
    with s3_process(tmp / "s3-freeze") as s3_srv:
        s3 = s3_srv.info
        prefix = f"bench-{uuid.uuid4().hex[:8]}/"
        timeout = "2" if quick else "10"
        env = {**s3.env(), "JAMWITHME_S3_PREFIX": prefix, "JAMWITHME_S3_TIMEOUT": timeout,
               "JAMWITHME_CACHE_DIR": str(tmp / "api-s3-freeze-cache")}  # fmt: skip
        files = {"file": ("clicks.wav", wav(2.0), "audio/wav")}
        with api(tmp / "api-s3-freeze.log", env) as base:
            s3_srv.freeze()
            fault = time.monotonic()
            try:
                r, took = timed(lambda: httpx.post(f"{base}/separate", files=files, timeout=600))
                worst, health, end = 0.0, None, time.monotonic() + 8
                while time.monotonic() < end:  # health polled while the bucket stays frozen
                    health, h_took = timed(lambda: httpx.get(f"{base}/health", timeout=60))
                    worst = max(worst, h_took)
                    time.sleep(0.2)
                leaks = [x for x in (s3.url, s3.bucket, prefix) if x in r.text or x in health.text]
                saw = f"{r.status_code} {r.json().get('error', '')}"[:64] + (f" NAMES {leaks}" if leaks else "")
                store = health.json()["dependencies"]["store"]
                row("S3 frozen (SIGSTOP): /health, polled for 8 s", f"{health.status_code} store: {store}"[:64],
                    worst, "2 s (slowest shown)", "")  # fmt: skip
            finally:
                s3_srv.thaw()
            done = "no (still refused)"
            while time.monotonic() - fault < 600:  # the client again, as Retry-After says, once the bucket is back
                again = httpx.post(f"{base}/separate", files=files, timeout=600)
                if again.status_code == 200:
                    done = f"yes, {time.monotonic() - fault:.1f} s after the fault"
                    break
                if again.status_code != 503:
                    done = f"no ({again.status_code})"
                    break
                time.sleep(float(again.headers.get("Retry-After", 1)))
            row("S3 frozen: POST /separate (thawed after)", saw, took, f"S3 timeout {timeout} s", done)


def workers_killed(tmp: Path, quick: bool) -> None:
    with redis_process(tmp / "redis-kill") as redis_srv:
        store_dir = tmp / "store-kill"
        env = rq_env(redis_srv.url, store_dir, quick)
        service = rq_service(redis_srv.url, store_dir, quick)
        with workers(2, env, tmp / "w-kill", prefix="doomed") as doomed:
            key = service.submit("probe", NO_SONG, {"hold": 20.0, "nonce": uuid.uuid4().hex})
            wait_until(lambda: running(service, key))
            for w in doomed:
                w.kill9()
            fault = time.monotonic()
        got, took = timed(lambda: service.wait(key))
        with workers(1, env, tmp / "w-kill", prefix="rescuer"):
            row("every worker killed mid-job (one started after)", told(got) + " (503)", took,
                f"3 beats + {env['JAMWITHME_NO_WORKER_WAIT']} s", until_done(service, key, fault))  # fmt: skip


def slow_links(tmp: Path) -> None:
    with slow_files(wav(1.0), seconds=4.0) as (base_url, _):  # about 4 s a file, as in the probe
        host = base_url.split("//", 1)[1]
        env = {"JAMWITHME_ALLOWED_ADDRESSES": host, "JAMWITHME_DOWNLOAD_TIMEOUT": "5",
               "JAMWITHME_CACHE_DIR": str(tmp / "api-links-cache")}  # fmt: skip
        with api(tmp / "api-links.log", env) as base:
            urls = [f"{base_url}/{i}.wav" for i in range(10)]
            r, took = timed(lambda: httpx.post(f"{base}/remix", json={"urls": urls}, timeout=600))
            saw = f"{r.status_code} {r.json()['error'].split(': ', 1)[-1]}"[:64]
            row("10 links of about 4 s each in one /remix", saw, took, "5 s for all (the setting)", "refused")


# --------------------------------------------------------------------------- set-up


def rq_env(redis_url: str, store_dir: Path, quick: bool) -> dict[str, str]:
    env = {**worker_env(redis_url, None), "JAMWITHME_QUEUE_NAME": QUEUE, "JAMWITHME_CACHE_DIR": str(store_dir)}
    env.update(
        JAMWITHME_REDIS_TIMEOUT="1" if quick else "5",
        JAMWITHME_NO_WORKER_WAIT="5" if quick else "60",
        JAMWITHME_WORKER_HEARTBEAT="1" if quick else "5",
    )
    return env


def rq_service(redis_url: str, store_dir: Path, quick: bool) -> Service:
    env = rq_env(redis_url, store_dir, quick)
    store = LocalStore(store_dir)
    queue = RQQueue(
        store, client(redis_url, timeout=float(env["JAMWITHME_REDIS_TIMEOUT"])), name=QUEUE,
        heartbeat=float(env["JAMWITHME_WORKER_HEARTBEAT"]), no_worker_wait=float(env["JAMWITHME_NO_WORKER_WAIT"]),
    )  # fmt: skip
    return Service(store, queue)


@contextlib.contextmanager
def api(log: Path, env: dict[str, str]):
    """``jamwithme serve`` on a free loopback port with ``env``; yields its base URL once ``/health`` answers."""
    (port,) = free_ports(1)
    with server_process(serve_command(port), {"TF_CPP_MIN_LOG_LEVEL": "2", **env}, log, port, "/health") as (base, _):
        yield base


#: Every fault, in the order they run.
FAULTS = {
    "damage": lambda tmp, quick: stored_damage(tmp),
    "redis-stopped": redis_stopped,
    "redis-frozen": redis_frozen,
    "s3-stopped": s3_stopped,
    "s3-frozen": s3_frozen,
    "workers-killed": workers_killed,
    "slow-links": lambda tmp, quick: slow_links(tmp),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short timeouts and heartbeat (1 s Redis, 5 s no worker)")
    parser.add_argument("--only", nargs="+", choices=list(FAULTS), help="these faults alone (default: every one)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    print(f"machine: {os.cpu_count()} cores; every server on loopback on this machine")
    print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    print(f"\n  {'fault':48s} | {'what the client saw':64s} | {'after':>7s} | {'bound (setting)':25s} | job completed")
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as folder:
        tmp = Path(folder)
        for name in args.only or FAULTS:
            FAULTS[name](tmp, args.quick)
    print("\nload average after: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
