"""Tempo-change speed and memory: Rubber Band (the default) against librosa's phase vocoder, in one run.

    .venv/bin/python bench/tempo.py [--song PATH] [--rates 0.8 1.25]

On Lets_Go_Fishin (2:13, stereo, 44.1 kHz) at rates 0.8 and 1.25, prints for
each engine (the default R3 short window, R3's standard window as
"rubberband-best", and librosa) the threads it used, seconds per minute of
audio, seconds for the whole song, CPU seconds, and peak RSS. Each measurement runs in a fresh child process, so its
peak RSS is its own; "added" is the peak minus the peak once the song is
decoded (what the stretch itself costs).

Targets (issue 3): the default engine at least as fast as librosa's on real
music, and under 5 s for the whole song at either rate. Exits 1 if one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from separation import machine  # bench/separation.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
SONG = ROOT.parent / "shared" / "audio" / "music" / "Karissa_Hobbs_-_Lets_Go_Fishin.ogg"
ENGINES = ("rubberband", "rubberband-best", "librosa")
WHOLE_SONG_TARGET = 5.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(engine: str, rate: float, song: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from jamwithme.audio import load
    from jamwithme.tempo import change_tempo

    if engine == "librosa":
        import librosa  # noqa: F401  (import time is not stretch time)
    else:
        import pedalboard  # noqa: F401
    from jamwithme.tempo import workers

    clip = load(song)
    loaded = peak_rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    out = change_tempo(clip, rate=rate, engine=engine)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "engine": engine,
        "rate": rate,
        "duration": clip.duration,
        "seconds": wall,
        "cpu": cpu,
        "peak_mb": peak_rss_mb(),
        "added_mb": peak_rss_mb() - loaded,
        "out_samples": out.n_samples,
        "threads": workers() if engine != "librosa" else 1,
    }


def measure(engine: str, rate: float, song: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", engine, str(rate), "--song", str(song)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{engine} at {rate}: {proc.stderr.strip().splitlines()[-1:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--song", type=Path, default=SONG)
    parser.add_argument("--rates", type=float, nargs="+", default=[0.8, 1.25])
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "RATE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], float(args.child[1]), str(args.song))))
        return 0
    if not args.song.is_file():
        print(f"skipped: {args.song} is absent (real audio comes from ../shared beside the project)")
        return 0
    import librosa
    import pedalboard

    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {machine()}; load average {load_avg}")
    print(f"pedalboard {pedalboard.__version__} (Rubber Band R3), librosa {librosa.__version__}")
    results = {(e, r): measure(e, r, args.song) for r in args.rates for e in ENGINES}
    duration = next(iter(results.values()))["duration"]
    print(f"song: {args.song.name}, {duration:.1f} s stereo; each row a fresh process")
    header = f"{'rate':>5}  {'engine':<15} {'threads':>7} {'s/min audio':>11} {'whole song':>10} {'CPU':>7}"
    print(f"{header} {'peak RSS':>9} {'added':>8}")
    for (engine, rate), r in results.items():
        print(
            f"{rate:>5.2f}  {engine:<15} {r['threads']:>7} {r['seconds'] / (duration / 60):>9.2f} s "
            f"{r['seconds']:>8.2f} s {r['cpu']:>5.2f} s {r['peak_mb']:>6.0f} MB {r['added_mb']:>5.0f} MB"
        )
    missed = False
    for rate in args.rates:
        rb, lr = results[("rubberband", rate)], results[("librosa", rate)]
        fast_enough = rb["seconds"] <= lr["seconds"]
        under = rb["seconds"] < WHOLE_SONG_TARGET
        missed |= not (fast_enough and under)
        print(
            f"rate {rate:.2f}: rubberband/librosa time {rb['seconds'] / lr['seconds']:.2f}x "
            f"(target <= 1: {'ok' if fast_enough else 'MISSED'}); whole song {rb['seconds']:.2f} s "
            f"(target < {WHOLE_SONG_TARGET:.0f} s: {'ok' if under else 'MISSED'})"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
