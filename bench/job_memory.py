"""Memory of every job a page or endpoint runs, on one song at the duration cap, in one process.

    .venv/bin/python bench/job_memory.py [--minutes 19.9] [--jobs analysis separate practice ...]

Stores Lets_Go_Fishin looped to the length asked (as a 128 kb/s MP3 upload)
in a fresh store, loads the separation and chord models as a server would,
then runs each job in turn on the service's own queue and prints, for each,
its seconds, the process's peak resident memory (RSS) while it ran, that
peak above the RSS it started from, and the RSS it leaves. The jobs behind
the pages: ``analysis`` (Practice, Beat remix), ``separate`` (Jam track),
``practice`` (Practice's render at 0.80x), ``remix`` (Beat remix), ``mix``
and ``mix -14 LUFS`` and ``mix recipe`` (Mixer), ``export`` and ``export 0.80x`` (Practice's
"Export what I hear"), ``notes`` (the Melody page, "Show the melody": the
vocals' notes). The whole app in a browser is ``bench/session_memory.py``.
Needs ``../shared/audio``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SONG = ROOT.parent / "shared" / "audio" / "music" / "Karissa_Hobbs_-_Lets_Go_Fishin.ogg"
sys.path[0] = str(ROOT)  # not bench/, whose queue.py would stand in for the standard library's

JOBS = {
    "analysis": ("analysis", {}),
    "separate": ("separate", {"band": "full"}),
    "practice": ("practice", {"rate": 0.8, "source": "accompaniment", "band": "full"}),
    "remix": ("remix", {"seed": 1, "source": "accompaniment"}),
    "mix": ("mix", {}),
    "mix -14 LUFS": ("mix", {"lufs": -14.0}),
    "mix recipe": ("mix", {"recipe": True}),
    "export": ("export", {"player": {}}),
    "export 0.80x": ("export", {"player": {"speed": 0.8, "metronome": True, "count_in": True}}),
    "notes": ("notes", {"part": "melody"}),
}


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=19.9)
    parser.add_argument("--jobs", nargs="+", default=list(JOBS), choices=list(JOBS))
    args = parser.parse_args(argv)
    if not SONG.is_file():
        print("bench/job_memory.py: needs ../shared/audio; skipped")
        return
    work = Path(tempfile.mkdtemp(prefix="jamwithme-bench-"))
    os.environ["JAMWITHME_CACHE_DIR"] = str(work / "store")
    try:
        from jamwithme.analysis.chords import get_chord_model
        from jamwithme.audio import ffmpeg_exe
        from jamwithme.separation import get_separator
        from jamwithme.service import default_service

        song = work / "song.mp3"
        subprocess.run(
            [ffmpeg_exe(), "-v", "error", "-y", "-stream_loop", "-1", "-i", str(SONG), "-t", f"{args.minutes * 60:.0f}",
             "-c:a", "libmp3lame", "-b:a", "128k", str(song)],
            check=True,
        )  # fmt: skip
        svc = default_service()
        get_separator(), get_chord_model()  # a server has both by the time a long job runs
        peak = [0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], rss())
                time.sleep(0.005)

        threading.Thread(target=sample, daemon=True).start()
        info = svc.add_song(str(song), name=song.name)
        print(f"{args.minutes:g}-minute song, {os.cpu_count()} cores; process RSS with both models loaded: "
              f"{rss() / 1e9:.2f} GB")  # fmt: skip
        print(f"{'job':<14} {'seconds':>8} {'peak GB':>8} {'above start':>12} {'after GB':>9}")
        for name in args.jobs:
            if name not in ("analysis", "separate"):
                svc.run("separate", info.id, JOBS["separate"][1])  # stored already after the first
            if name.startswith("export"):
                svc.run("analysis", info.id, {})
            job, settings = JOBS[name]
            start = rss()
            peak[0] = start
            t0 = time.perf_counter()
            svc.run(job, info.id, settings)
            took = time.perf_counter() - t0
            print(f"{name:<14} {took:8.0f} {peak[0] / 1e9:8.2f} {(peak[0] - start) / 1e9:12.2f} {rss() / 1e9:9.2f}",
                  flush=True)  # fmt: skip
        stop.set()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
