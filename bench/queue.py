"""The queue's cost and what workers buy: local threads versus RQ workers on Redis with an S3 bucket.

    .venv/bin/python bench/queue.py [--trivial 40] [--jobs 4] [--song PATH]

Starts its own Redis and S3 server (``weed mini``) on loopback, as the tests
do (tests/servers.py), and ``jamwithme worker`` processes. Prints:

* the service's overhead per job: submit-to-done time of a trivial job
  (``probe``) and of a 30 s separation, minus the same job called directly in
  this process, for the local queue (threads) and for RQ (Redis + a worker;
  the store a local folder, then the S3 bucket, which adds the upload and the
  download of the song and the stems);
* throughput of 30 s separations with 1 and 2 workers (``--jobs`` songs
  submitted at once), with this machine's core count;
* the time to recover after a worker is killed (SIGKILL) mid-separation: from
  the kill until another worker runs the job, and until it is done.

Target: RQ's overhead on a trivial job under 50 ms (exit status 1 if missed).
The 30 s songs are cut from ``Lets_Go_Fishin`` in ../shared, or from
sample_data/demo_song.mp3 when ../shared is absent.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file shares its name with the standard library's queue module: take its folder off the
# path before anything imports ``queue`` (concurrent.futures does), or that would import this.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse  # noqa: E402
import contextlib  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
SONG = ROOT.parent / "shared" / "audio" / "music" / "Karissa_Hobbs_-_Lets_Go_Fishin.ogg"
DEMO = ROOT / "sample_data" / "demo_song.mp3"
TRIVIAL_TARGET_MS = 50.0
SONG_ID = "0" * 64  # probes read no song

from servers import redis_server, s3_server, worker_env, workers  # noqa: E402

from jamwithme.audio import AudioClip, load  # noqa: E402
from jamwithme.service import Service, jobs  # noqa: E402
from jamwithme.service.queue import JobState, LocalQueue  # noqa: E402
from jamwithme.service.rq_queue import RQQueue  # noqa: E402
from jamwithme.service.s3_store import S3Store  # noqa: E402
from jamwithme.service.store import LocalStore  # noqa: E402


def songs_30s(n: int, source: Path) -> list[AudioClip]:
    """``n`` different 30 s clips (different starting points of one song)."""
    clip = load(source if source.is_file() else DEMO)
    sr, length = clip.sample_rate, 30 * clip.sample_rate
    samples = clip.samples if clip.n_samples >= length + n * sr else np.tile(clip.samples, (1, 3))
    return [AudioClip(np.ascontiguousarray(samples[:, i * sr : i * sr + length]), sr) for i in range(n)]


def median_ms(values: list[float]) -> float:
    return 1000 * statistics.median(values)


def time_jobs(service: Service, name: str, settings: list[dict], song_ids: list[str]) -> list[float]:
    """Submit-to-done seconds of each job, one after another."""
    took = []
    for song_id, s in zip(song_ids, settings):
        started = time.perf_counter()
        service.wait(service.submit(name, song_id, s), timeout=600)
        took.append(time.perf_counter() - started)
    return took


def direct(store, name: str, settings: list[dict], song_ids: list[str]) -> list[float]:
    """Seconds of each job called in this process: no queue at all."""
    func, model = jobs.JOBS[name]
    took = []
    for song_id, s in zip(song_ids, settings):
        started = time.perf_counter()
        func(store, song_id, model(**s))
        took.append(time.perf_counter() - started)
    return took


def s3_store(s3, prefix: str, cache: Path) -> S3Store:
    return S3Store(
        s3.url, bucket=s3.bucket, prefix=prefix, access_key=s3.access_key, secret_key=s3.secret_key, cache=cache
    )


def peak_rss_mb(pid: int) -> float:
    """High-water mark of a process's resident memory (Linux ``VmHWM``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trivial", type=int, default=40, help="trivial jobs per queue (default 40)")
    parser.add_argument("--jobs", type=int, default=4, help="30 s separations per throughput run (default 4)")
    parser.add_argument("--song", type=Path, default=SONG, help="the song the 30 s clips are cut from")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    ok = True
    cores = os.cpu_count()
    print(f"machine: {cores} cores; Redis and weed mini on loopback, workers are processes on this machine")
    load = "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    print(f"load average before: {load} (other work on the machine skews every figure)")

    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-queue-")))
        redis_url = stack.enter_context(redis_server(tmp / "redis"))
        s3 = stack.enter_context(s3_server(tmp / "s3"))
        local_dir = tmp / "local-store"

        # ------------------------------------------------------------ trivial job
        probes = lambda: [{"nonce": uuid.uuid4().hex} for _ in range(args.trivial)]  # noqa: E731
        ids = [SONG_ID] * args.trivial
        local = Service(LocalStore(local_dir), LocalQueue(LocalStore(local_dir)))
        base_local = median_ms(direct(local.store, "probe", probes(), ids))
        q_local = median_ms(time_jobs(local, "probe", probes(), ids))
        print("\ntrivial job (probe), median of", args.trivial)
        print(f"  called directly, local folder:     {base_local:7.1f} ms")
        print(f"  local queue (threads):             {q_local:7.1f} ms   overhead {q_local - base_local:6.1f} ms")

        prefix = f"bench-{uuid.uuid4().hex[:8]}/"
        env_local = {**worker_env(redis_url, None), "JAMWITHME_QUEUE_NAME": "bench-local"}
        env_local["JAMWITHME_CACHE_DIR"] = str(local_dir)
        with workers(1, env_local, tmp / "w-local"):
            rq_local = Service(LocalStore(local_dir), RQQueue(LocalStore(local_dir), redis_url, name="bench-local"))
            time_jobs(rq_local, "probe", probes()[:3], ids[:3])  # warm-up: imports on the worker
            q_rq = median_ms(time_jobs(rq_local, "probe", probes(), ids))
        overhead = q_rq - base_local
        print(f"  RQ, 1 worker, local folder:        {q_rq:7.1f} ms   overhead {overhead:6.1f} ms", end="")
        print(f"   (target < {TRIVIAL_TARGET_MS:.0f} ms: {'met' if overhead < TRIVIAL_TARGET_MS else 'MISSED'})")
        ok &= overhead < TRIVIAL_TARGET_MS

        env_s3 = {**worker_env(redis_url, s3), "JAMWITHME_QUEUE_NAME": "bench-s3", "JAMWITHME_S3_PREFIX": prefix}
        env_s3["JAMWITHME_WORKER_HEARTBEAT"] = "5"  # the default (the tests use 1 s)
        bucket = s3_store(s3, prefix, tmp / "client-cache")
        base_s3 = median_ms(direct(bucket, "probe", probes(), ids))
        with workers(1, env_s3, tmp / "w-s3"):
            rq_s3 = Service(bucket, RQQueue(bucket, redis_url, name="bench-s3"))
            time_jobs(rq_s3, "probe", probes()[:3], ids[:3])
            q_s3 = median_ms(time_jobs(rq_s3, "probe", probes(), ids))
        print(f"  called directly, S3 bucket:        {base_s3:7.1f} ms")
        print(f"  RQ, 1 worker, S3 bucket:           {q_s3:7.1f} ms   overhead {q_s3 - base_s3:6.1f} ms")

        # ------------------------------------------------------------ 30 s separation
        from jamwithme.separation import get_separator

        get_separator()
        rounds = 3
        clips = songs_30s(2 + 3 * rounds + 2 * args.jobs + 1, args.song)
        song = iter(clips)
        add = lambda service: service.add_song(next(song), name="song", source_kind="bench").id  # noqa: E731
        direct(local.store, "separate", [{}], [add(local)])  # warm-up: TensorFlow's first run
        with workers(1, {**env_s3}, tmp / "w-sep", preload=True, prefix="sep") as (first,):
            rq_s3 = Service(bucket, RQQueue(bucket, redis_url, name="bench-s3"))
            rq_s3.wait(rq_s3.submit("separate", add(rq_s3), {}), timeout=600)  # the worker's first run
            times: dict[str, list[float]] = {"direct": [], "local": [], "rq": []}
            for _ in range(rounds):  # interleaved, so a busy moment of the machine hits all three alike
                times["direct"] += direct(local.store, "separate", [{}], [add(local)])
                times["local"] += time_jobs(local, "separate", [{}], [add(local)])
                times["rq"] += time_jobs(rq_s3, "separate", [{}], [add(rq_s3)])
            d, q, r = (statistics.median(times[k]) for k in ("direct", "local", "rq"))
            spread = max(max(v) - min(v) for v in times.values())
            print(f"\n30 s separation, median of {rounds} (runs of one kind differed by up to {spread:.1f} s)")
            print(f"  called directly, local folder:     {d:7.2f} s")
            print(f"  local queue (threads):             {q:7.2f} s    overhead {1000 * (q - d):6.0f} ms")
            print(f"  RQ, 1 worker, S3 bucket:           {r:7.2f} s    overhead {1000 * (r - d):6.0f} ms")

            # ------------------------------------------------------------ throughput
            print(f"\nthroughput: {args.jobs} different 30 s songs submitted at once ({cores} cores)")
            batches = [[next(song) for _ in range(args.jobs)] for _ in range(2)]
            for n_workers, batch in zip((1, 2), batches):
                with workers(n_workers - 1, env_s3, tmp / "w-more", preload=True, prefix=f"more{n_workers}-") as more:
                    ids_ = [rq_s3.add_song(c, name="t", source_kind="bench").id for c in batch]
                    started = time.perf_counter()
                    keys = [rq_s3.submit("separate", i, {}) for i in ids_]
                    for key in keys:
                        rq_s3.wait(key, timeout=1200)
                    took = time.perf_counter() - started
                    rss = max(peak_rss_mb(w.pid) for w in [first, *more])
                print(
                    f"  {n_workers} worker{'s' if n_workers > 1 else ' '}: {took:6.1f} s for {len(keys)} jobs, "
                    f"{60 * len(keys) / took:5.2f} jobs/min, {len(keys) * 30 / took:4.2f}x real time, "
                    f"peak RSS per worker {rss:.0f} MB"
                )

        # ------------------------------------------------------------ recovery after kill -9
        with workers(2, env_s3, tmp / "w-kill", preload=True, prefix="kill") as pool:
            rq_s3 = Service(bucket, RQQueue(bucket, redis_url, name="bench-s3"))
            key = rq_s3.submit("separate", add(rq_s3), {})
            while not ((s := rq_s3.status(key)).state is JobState.RUNNING and s.progress > 0.1):
                time.sleep(0.02)
            host = rq_s3.queue._fetch(key).get_meta(refresh=True)["worker"]
            doomed = next(w for w in pool if host.endswith(f":{w.pid}"))
            killed = time.perf_counter()
            doomed.kill9()
            while rq_s3.queue._fetch(key).get_meta(refresh=True).get("tries", 1) < 2:
                rq_s3.status(key)  # a client looking at the job runs RQ's clean-up of abandoned jobs
                time.sleep(0.02)
            rerun = time.perf_counter() - killed
            rq_s3.wait(key, timeout=600)
            done = time.perf_counter() - killed
        heartbeat = float(env_s3["JAMWITHME_WORKER_HEARTBEAT"])
        print(f"\nrecovery after kill -9 of the worker separating a 30 s song (heartbeat {heartbeat:g} s)")
        print(f"  running again on the other worker: {rerun:5.1f} s after the kill (3 missed heartbeats)")
        print(f"  done:                              {done:5.1f} s after the kill")
        local.queue.shutdown()
    print("load average after: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
