"""Peak memory of the API server at the duration cap: ``POST /separate``, ``/remix`` and ``/analyze`` of a 19:55 song.

    .venv/bin/python bench/memory.py [--song PATH] [--seconds 1195] [--endpoints /separate /remix]

The song is a shared one looped with the bundled ffmpeg to ``--seconds``
(19:55 by default, just under the 20-minute cap) and encoded as a 192 kb/s
MP3 (27 MB, under the API's 100 MB body cap), as a user would upload it. Each endpoint gets a fresh ``jamwithme serve``
(model preloaded, as in production; each measurement starts once it is loaded), one upload, and the peak resident memory
of the server and its children (the ffmpeg decoder) sampled every 20 ms from
before the upload to the end of the answer. The target (issue 14) is 1.5 GB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from conftest import free_port  # noqa: E402
from servers import serve_command, start_server, stop_server  # noqa: E402

SONG = ROOT.parent / "shared" / "audio" / "music" / "Karissa_Hobbs_-_Lets_Go_Fishin.ogg"
TARGET_GB = 1.5


def make_song(source: Path, folder: Path, seconds: float) -> Path:
    """``source`` looped to ``seconds`` with ffmpeg, as an MP3."""
    from jamwithme.audio import ffmpeg_exe

    if not source.is_file():
        sys.exit(f"{source} is absent: the benchmark needs a real song from ../shared (or --song PATH)")
    out = folder / f"long-{int(seconds)}s.mp3"
    cmd = [ffmpeg_exe(), "-v", "error", "-y", "-stream_loop", "-1", "-i", str(source), "-t", f"{seconds:g}",
           "-c:a", "libmp3lame", "-b:a", "192k", str(out)]  # fmt: skip
    subprocess.run(cmd, check=True)
    return out


class PeakRss:
    """Samples the resident memory of a process and its children until stopped; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.02):
        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                total = self.process.memory_info().rss
                for child in self.process.children(recursive=True):
                    try:
                        total += child.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                return
            self.peak = max(self.peak, total)
            time.sleep(self.interval)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def serve(port: int, log_path: Path) -> subprocess.Popen:
    """``jamwithme serve`` on ``port``, its model preloaded, once ``/health`` answers (its output in ``log_path``)."""
    # an empty store of its own: a result stored by an earlier run would be served without the work
    store = log_path.with_suffix(".store")
    env = {"JAMWITHME_API_PRELOAD": "1", "TF_CPP_MIN_LOG_LEVEL": "2", "JAMWITHME_CACHE_DIR": str(store)}
    _, proc = start_server(serve_command(port), env, log_path, port, "/health", what="the API server")
    return proc


def measure(endpoint: str, song: Path, folder: Path) -> tuple[int, float, float, int]:
    """(status, seconds, peak RSS in GB, RSS in GB before the upload) of one upload to a fresh server."""
    port = free_port()
    proc = serve(port, folder / f"server{endpoint.replace('/', '-')}.log")
    try:
        time.sleep(15)  # let the preloading model finish, so its memory counts as the baseline
        before = psutil.Process(proc.pid).memory_info().rss
        data = {"seed": "1"} if endpoint == "/remix" else {"format": "wav"} if endpoint == "/separate" else {}
        with PeakRss(proc.pid) as peak, song.open("rb") as fh:
            started = time.perf_counter()
            response = httpx.post(
                f"http://127.0.0.1:{port}{endpoint}",
                files={"file": (song.name, fh, "audio/mpeg")},
                data=data,
                timeout=3600,
            )
            seconds = time.perf_counter() - started
        if response.status_code != 200:
            print(f"  {endpoint}: {response.status_code} {response.text[:300]}")
        return response.status_code, seconds, peak.peak / 1e9, before / 1e9
    finally:
        stop_server(proc, 20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--song", type=Path, default=SONG)
    parser.add_argument("--seconds", type=float, default=1195.0)
    parser.add_argument("--endpoints", nargs="+", default=["/separate", "/remix", "/analyze"])
    args = parser.parse_args()
    with TemporaryDirectory(prefix="jamwithme-bench-") as tmp:
        folder = Path(tmp)
        song = make_song(args.song, folder, args.seconds)
        minutes, seconds = divmod(round(args.seconds), 60)
        print(f"song: {args.song.name} looped to {minutes}:{seconds:02d}, {song.stat().st_size / 1e6:.1f} MB MP3")
        ok = True
        for endpoint in args.endpoints:
            status, took, peak, before = measure(endpoint, song, folder)
            verdict = "ok" if status == 200 and peak <= TARGET_GB else "OVER" if status == 200 else "FAILED"
            print(
                f"{endpoint:10s} status {status}  {took:6.1f} s  server peak RSS {peak:.2f} GB "
                f"(idle {before:.2f} GB)  target {TARGET_GB} GB: {verdict}"
            )
            ok = ok and verdict == "ok"
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
