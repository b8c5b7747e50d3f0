"""HTTP API throughput: requests per minute of ``POST /remix`` on a 30 s song, 1 and 4 clients, and peak RSS.

    .venv/bin/python bench/api.py [--song PATH] [--seconds 30] [--workers 1]

A real ``jamwithme serve`` runs in a child process; a local ``http.server``
serves the song (the first 30 s of ``Lets_Go_Fishin`` as a 16-bit WAV, or a
synthesized song if ``../shared`` is absent), and every request names it by
URL, as MusicRemixer's clients did: download, decode, beat analysis, walk,
render and WAV encoding, each request with its own seed. After one warm-up
request, each client posts back to back for ``--seconds``. Peak RSS is the
server process's high-water mark (``VmHWM``) at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from conftest import free_port  # noqa: E402
from servers import serve_command, serve_folder, start_server, stop_server  # noqa: E402

SONG = ROOT.parent / "shared" / "audio" / "music" / "Karissa_Hobbs_-_Lets_Go_Fishin.ogg"
CLIENTS = (1, 4)


def make_song(source: Path, folder: Path, seconds: float = 30.0) -> Path:
    """A ``seconds``-long WAV: from the middle of ``source`` if present, else synthesized."""
    from jamwithme import audio

    if source.is_file():
        clip = audio.load(source)
        start = max(0, min(clip.n_samples - int(seconds * clip.sample_rate), 30 * clip.sample_rate))
        clip = audio.AudioClip(clip.samples[:, start : start + int(seconds * clip.sample_rate)])
    else:
        from synth_music import four_chord_track

        long_song, _ = four_chord_track(cycles=4, bpm=120)
        clip = audio.AudioClip(long_song.samples[:, : int(seconds * long_song.sample_rate)])
    path = folder / "song.wav"
    path.write_bytes(audio.encode(clip, "wav"))
    return path


def peak_rss_mb(pid: int) -> float:
    """High-water mark of the process's resident set (Linux), else its current RSS."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


def start_api(song_port: int, workers: int, max_pending: int, log: Path) -> tuple[subprocess.Popen, str]:
    """``jamwithme serve`` on a free port, fetching songs from 127.0.0.1:``song_port`` only; (process, base URL)."""
    port = free_port()
    env = {
        "JAMWITHME_ALLOWED_ADDRESSES": f"127.0.0.1:{song_port}",
        "JAMWITHME_API_WORKERS": str(workers),
        "JAMWITHME_API_MAX_PENDING": str(max_pending),
    }
    base, proc = start_server(serve_command(port), env, log, port, "/health", what="the API server")
    return proc, base


def run_clients(base: str, url: str, clients: int, seconds: float, seed0: int) -> tuple[int, float, list[float]]:
    """``clients`` threads posting /remix back to back for ``seconds``; (requests done, elapsed, latencies)."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = time.perf_counter()
    stop = start + seconds

    def client(k: int) -> None:
        with httpx.Client(base_url=base, timeout=600) as http:
            i = 0
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                response = http.post("/remix", json={"urls": [url], "seed": seed0 + 1000 * k + i})
                elapsed = time.perf_counter() - t0
                i += 1
                with lock:
                    if response.status_code == 200:
                        latencies.append(elapsed)
                    else:
                        failures.append(f"{response.status_code} {response.text[:200]}")

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. {failures[0]}")
    return len(latencies), time.perf_counter() - start, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--song", type=Path, default=SONG, help="song to cut 30 s from (default: Lets_Go_Fishin)")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long each run posts (default 30)")
    parser.add_argument("--workers", type=int, default=1, help="job threads of the server (default 1, as served)")
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        from separation import machine

        print(f"machine: {machine()}")
    except ImportError:
        pass
    with TemporaryDirectory(prefix="jamwithme-bench-") as tmp, serve_folder(Path(tmp)) as songs:
        song = make_song(args.song, Path(tmp))
        from jamwithme import audio

        duration = audio.load(song).duration
        label = f"{args.song.name}, 30 s from 0:30" if args.song.is_file() else "synthesized song"
        print(f"song: {label} ({duration:.1f} s, {song.stat().st_size / 1e6:.1f} MB WAV), served by URL")
        url = f"{songs}/song.wav"
        proc, base = start_api(urlsplit(songs).port, args.workers, max(CLIENTS) * 2, Path(tmp) / "server.log")
        try:
            idle = peak_rss_mb(proc.pid)
            t0 = time.perf_counter()
            warm = httpx.post(f"{base}/remix", json={"urls": [url], "seed": 0}, timeout=600)  # imports, JIT
            if warm.status_code != 200:
                raise SystemExit(f"warm-up request failed: {warm.status_code} {warm.text[:300]}")
            print(f"server: {args.workers} job worker(s); first request {time.perf_counter() - t0:.2f} s; "
                  f"peak RSS after start-up {idle:.0f} MB")  # fmt: skip
            print(f"{'clients':>7} {'requests':>8} {'seconds':>8} {'req/min':>8} {'median s':>9} {'p90 s':>6}")
            for clients in CLIENTS:
                done, elapsed, lat = run_clients(base, url, clients, args.seconds, seed0=clients * 100_000)
                p90 = statistics.quantiles(lat, n=10)[-1] if len(lat) >= 2 else lat[0]
                print(f"{clients:7d} {done:8d} {elapsed:8.1f} {done / elapsed * 60:8.1f} "
                      f"{statistics.median(lat):9.2f} {p90:6.2f}")  # fmt: skip
            print(f"server peak RSS: {peak_rss_mb(proc.pid):.0f} MB")
        finally:
            stop_server(proc)


if __name__ == "__main__":
    main()
