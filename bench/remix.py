"""Beat-cluster remix speed: analysis once, then new takes cheaply, on Lets_Go_Fishin (2:13).

    .venv/bin/python bench/remix.py

Prints, for a 3-minute remix:

- the analysis time (beats, bars, features, clusters), cold (first call in the
  process: librosa's compiled beat tracker is loaded from numba's cache, or
  compiled on the very first run of a fresh environment) and warm;
- the time of a new walk with another seed, the analysis reused (median and
  worst of 20 seeds), target under 1 s;
- the rendering time (joining the beats with crossfades), and a whole new take
  (walk + render) as the app makes it.

Targets: analysis under 10 s, a new walk under 1 s.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from separation import machine  # bench/separation.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SONG = ROOT.parent / "shared" / "audio" / "music" / "Karissa_Hobbs_-_Lets_Go_Fishin.ogg"
DURATION = 180.0
ANALYSIS_TARGET = 10.0
WALK_TARGET = 1.0


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def main() -> int:
    if not SONG.is_file():
        print(f"skipped: {SONG} is absent (real audio comes from ../shared beside the project)")
        return 0
    import librosa
    import sklearn

    from jamwithme.audio import load
    from jamwithme.beats import analyze
    from jamwithme.remix import beat_remix, render, walk

    print(f"machine: {machine()}; librosa {librosa.__version__}, scikit-learn {sklearn.__version__}")
    clip, t_load = timed(load, SONG)
    print(f"song: {SONG.name}, {clip.duration:.1f} s; decoded in {t_load:.2f} s")

    analysis, t_cold = timed(analyze, clip)
    _, t_warm = timed(analyze, clip)
    print(
        f"analysis: {t_cold:.2f} s cold, {t_warm:.2f} s warm "
        f"({analysis.tempo:.1f} BPM, {analysis.n_beats} beats, {analysis.n_clusters} clusters)"
        f"   target < {ANALYSIS_TARGET:.0f} s: {'ok' if max(t_cold, t_warm) < ANALYSIS_TARGET else 'MISSED'}"
    )

    walks = []
    for seed in range(1, 21):
        take, seconds = timed(walk, analysis, duration=DURATION, seed=seed)
        walks.append(seconds)
    print(
        f"new {DURATION / 60:.0f}-minute walk, analysis reused: median {statistics.median(walks) * 1000:.1f} ms, "
        f"worst {max(walks) * 1000:.1f} ms over 20 seeds ({take.path.size} beats, {take.n_jumps} jumps)"
        f"   target < {WALK_TARGET:.0f} s: {'ok' if max(walks) < WALK_TARGET else 'MISSED'}"
    )
    _, t_ending = timed(walk, analysis, duration=DURATION, seed=99, ending=True)
    print(f"  with ending=True: {t_ending * 1000:.1f} ms")

    renders = [timed(render, clip, analysis, take)[1] for _ in range(5)]
    print(f"render {DURATION:.0f} s of stereo audio: median {statistics.median(renders) * 1000:.1f} ms")
    remix, t_take = timed(beat_remix, clip, analysis=analysis, duration=DURATION, seed=7)
    print(
        f"whole new take (beat_remix with the analysis reused): {t_take * 1000:.1f} ms, "
        f"{remix.duration:.2f} s long, {remix.n_jumps} jumps"
    )
    slow = max(t_cold, t_warm) >= ANALYSIS_TARGET or max(walks) >= WALK_TARGET
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
