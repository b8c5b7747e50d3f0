"""Musical insight on the development set with mir_eval, and its speed on a 3-minute song.

    .venv/bin/python bench/analysis.py [--fast]

The development set is ``tests/songs.py``: band songs synthesised from MIDI
(fluidsynth + FluidR3_GM; every beat, bar, chord, key and section known) and
the four Sectoid songs of ``../shared/audio/tempo`` at x1, x0.8 and x1.25
(tempo and metre known). Prints, per song and over the set:

- tempo Acc1 (within 4 %) and Acc2 (also at x2, x1/2, x3, x1/3), and any
  2/3 or 3/2 error; the time signature;
- beat F-measure (70 ms) and downbeat F-measure (mir_eval.beat, first 5 s
  trimmed as MIREX does);
- key MIREX score (1 right, 0.5 fifth, 0.3 relative, 0.2 parallel);
- chord majmin weighted chord symbol recall (mir_eval.chord);
- section boundary F-measure within 3 s (mir_eval.segment.detection, the
  song's start and end left out);

then the analysis time of a 3-minute song (three band songs joined), cold
(first call in the process: TensorFlow and the chord model load) and warm.
``--fast`` skips the tempo songs. Targets (issue 11): Acc1 on >= 90 % of the
set and no 2/3 or 3/2 error, beat F >= 0.9, downbeat F >= 0.8, every time
signature and (band songs) every key right, majmin WCSR >= 0.85, boundary
F@3 s >= 0.8, under 5 s warm. Exits 1 if a target is missed.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import numpy as np  # noqa: E402
import songs  # noqa: E402  tests/songs.py: the development set
from separation import machine  # noqa: E402  bench/separation.py, beside this script


def speed(band: list) -> float:
    """Analyse a 3-minute song (band songs joined) three times: the first is cold (TensorFlow, the model)."""
    from jamwithme.analysis import analyze
    from jamwithme.audio import AudioClip, load

    parts, total = [], 0.0
    for s in band:
        clip = load(s.path)
        parts.append(clip.samples)
        total += clip.duration
        if total >= 180.0:
            break
    long = AudioClip(np.concatenate(parts, axis=1)[:, : int(180 * clip.sample_rate)], clip.sample_rate)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        analyze(long)
        times.append(time.perf_counter() - start)
    print(f"3-minute song ({long.duration:.0f} s): cold {times[0]:.2f} s, warm {min(times[1:]):.2f} s (best of 2)")
    return min(times[1:])


def main() -> int:
    import librosa

    from jamwithme.analysis import analyze
    from jamwithme.audio import load

    fast = "--fast" in sys.argv
    print(f"machine: {machine()}; librosa {librosa.__version__}")
    try:
        dev = songs.band_songs()
    except songs.Unavailable as exc:
        print(f"band songs skipped: {exc}")
        dev = []
    if not fast:
        try:
            dev += songs.tempo_songs()
        except songs.Unavailable as exc:
            print(f"tempo songs skipped: {exc}")
    if not dev:
        print("skipped: no development song can be made here")
        return 0
    band = [s for s in dev if s.kind == "band"]
    warm = speed(band) if band else 0.0
    rows = []
    for song in dev:
        clip = load(song.path)
        start = time.perf_counter()
        analysis = analyze(clip)
        seconds = time.perf_counter() - start
        row = songs.evaluate(song, analysis)
        rows.append((song, row))
        extra = "".join(
            f" {k} {row[k]:.3f}" for k in ("beat_f", "downbeat_f", "key", "majmin", "boundary_f") if k in row
        )
        print(
            f"{song.name:28s} {song.truth.bpm:6.1f} -> {analysis.tempo:6.1f} BPM {analysis.time_signature}"
            f" {analysis.key:9s}{extra}  ({seconds:.1f} s)",
            flush=True,
        )

    def mean(key: str, kind: str | None = None) -> float:
        values = [r[key] for s, r in rows if key in r and (kind is None or s.kind == kind)]
        return statistics.fmean(values) if values else float("nan")

    acc1, acc2 = mean("acc1"), mean("acc2")
    ternary = sum(r["ternary"] for _, r in rows)
    meter = all(r["meter"] for _, r in rows)
    keys_right = all(r.get("key", 1.0) == 1.0 for _, r in rows)
    n_band = sum(s.kind == "band" for s, _ in rows)
    print(f"\n{len(rows)} songs ({n_band} band, {len(rows) - n_band} tempo)")
    print(f"tempo Acc1 {acc1:.1%}, Acc2 {acc2:.1%}, 2/3 or 3/2 errors: {ternary}; time signature always right: {meter}")
    summary = {k: mean(k) for k in ("beat_f", "downbeat_f", "key", "majmin", "boundary_f")}
    print(
        f"band songs: beat F {summary['beat_f']:.3f}, downbeat F {summary['downbeat_f']:.3f}, "
        f"key MIREX {summary['key']:.3f} (every key right: {keys_right}), chord majmin WCSR {summary['majmin']:.3f}, "
        f"section boundary F@3s {summary['boundary_f']:.3f}"
    )

    ok = acc1 >= 0.9 and ternary == 0 and meter and warm < 5.0
    if band:
        ok = ok and summary["beat_f"] >= 0.9 and summary["downbeat_f"] >= 0.8 and keys_right
        ok = ok and summary["majmin"] >= 0.85 and summary["boundary_f"] >= 0.8
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
