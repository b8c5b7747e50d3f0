"""Musical insight on the development set with mir_eval, per part of the split, and its speed on a 3-minute song.

    .venv/bin/python bench/analysis.py [--split heldout|tune|all] [--fast | --real] [--songs NAME ...] [--json FILE]
    .venv/bin/python bench/analysis.py --fresh SEED [--count N]     # the blind test: songs nobody has seen

The development set is ``tests/songs.py``: band songs written as MIDI and
rendered by fluidsynth (every beat, bar, chord, key and section known), split
into a ``tune`` part (the only one thresholds may be tuned on) and a
``heldout`` part (what is reported), and the four Sectoid recordings of
``../shared/audio/tempo`` at x1, x0.8 and x1.25 (the "real" rows: tempo and
metre known, one constant tempo). The default runs the held-out part and the
real songs. Prints, per song and per group:

- tempo Acc1 (within 4 %) and any 2/3 or 3/2 error; the time signature
  (4/4, 3/4, 6/8, 12/8: the beat a drummer counts is the dotted quarter in
  6/8); the key (MIREX score; right means 1.0; for the real songs the key found, unscored);
- the grid: the 95th percentile of the distance between found and true beats
  (both ways, so a missed or extra beat counts; for the real songs, to a grid
  at their known tempo with the best phase), the spread of the found
  beat-to-beat intervals (std over mean), and the found bars whose length is
  not the true bar's length there (a 2/4 bar in a 4/4 song is a true 2);
- beat and downbeat F-measure (70 ms, first 5 s trimmed), chord majmin
  (weighted chord symbol recall), section boundary F within 3 s (start and
  end left out), section pairwise label F, the number of sections found
  against the truth, and the share of time whose section name is right
  (when the analysis names its sections);

then the analysis time of a 3-minute song, cold and warm (and the warm CPU time, which load does not stretch).

``--fresh SEED`` is the blind test: ``--count`` new band songs (12 unless
told) whose every choice is drawn from the seed (``songs.fresh_specs``:
metre, style, tempo 60-200, swing, drift, key, progressions, form, the
instruments, a 2/4 bar or a key change now and then), rendered and cached
like the set, scored against the same targets, with each song's parameters
and every target it misses printed under the table. Nothing may be tuned on
them: a seed that has been looked at is spent; draw another. Targets (issue 20,
on the held-out part): tempo Acc1, metre and key right on every song; on
songs made at one tempo the grid's p95 within 15 ms and its spread under 1 %;
no wrong-length bar; majmin >= 0.85; boundary F@3 s >= 0.7; under 5 s warm.
Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/ itself off the path: its queue.py would stand in for the standard library's queue.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import numpy as np  # noqa: E402
import songs  # noqa: E402  tests/songs.py: the development set


def machine() -> str:
    """bench/separation.py's description of the machine and its load."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_separation", ROOT / "bench" / "separation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.machine()


#: Targets of issue 20, for songs made at one tempo.
GRID_P95_MS, SPREAD = 15.0, 0.01


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
    times, cpu = [], []
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        analyze(long)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    # The CPU time (every thread of the process) is what the analysis costs; on a shared machine the wall time is
    # that and the waits for a core (at load 12-14 on 2 cores, three to four times as long).
    print(f"3-minute song ({long.duration:.0f} s): cold {times[0]:.2f} s, warm {min(times[1:]):.2f} s (best of 2; "
          f"CPU {min(cpu[1:]):.2f} s)")  # fmt: skip
    return min(times[1:])


def _row_text(song, analysis, row: dict, seconds: float) -> str:
    t = song.truth
    cells = [
        f"{song.name:22s} {t.bpm:5.0f}->{analysis.tempo:6.1f}{'' if row['acc1'] else '!'}",
        f"{analysis.time_signature:>4s}{'' if row['meter'] else '!' + t.time_signature}",
        f"grid {1000 * row['grid_p95']:6.1f} ms",
        f"spread {100 * row['ibi_spread']:5.2f} %",
    ]
    if "wrong_bars" in row:
        cells.append(f"bad bars {row['wrong_bars']:2d}")
        cells.append(f"beatF {row['beat_f']:.2f} downF {row['downbeat_f']:.2f}")
    if "key" in row:
        cells.append(f"{analysis.key:9s}{'' if row['key'] == 1.0 else '!' + t.key}")
        cells.append(f"majmin {row['majmin']:.2f}")
    else:  # a real song: its key is not known, but a change in it should be seen
        cells.append(f"{analysis.key:9s}")
    if "boundary_f" in row:
        cells.append(f"sectF {row['boundary_f']:.2f} pairF {row['pairwise_f']:.2f} n {row['n_sections']}/"
                     f"{row['true_sections']}")  # fmt: skip
        if "names" in row:
            cells.append(f"names {row['names']:.2f}")
    cells.append(f"({seconds:.1f} s)")
    return "  ".join(cells)


def song_misses(row: dict) -> list[str]:
    """The targets of issue 20 one song misses (grid and spread only where it is made at one tempo)."""
    out = []
    out += [] if row["acc1"] else ["tempo" + (" (2/3 or 3/2)" if row["ternary"] else "")]
    out += [] if row["meter"] else ["metre"]
    out += [] if row.get("key", 1.0) == 1.0 else [f"key (score {row['key']:.1f})"]
    if row["steady"]:
        out += [f"grid p95 {1000 * row['grid_p95']:.1f} ms"] if 1000 * row["grid_p95"] > GRID_P95_MS else []
        out += [f"spread {row['ibi_spread']:.2%}"] if row["ibi_spread"] >= SPREAD else []
    out += [f"{row['wrong_bars']} wrong-length bars"] if row.get("wrong_bars") else []
    out += [f"majmin {row['majmin']:.2f}"] if row.get("majmin", 1.0) < 0.85 else []
    out += [f"boundary F {row['boundary_f']:.2f}"] if row.get("boundary_f", 1.0) < 0.7 else []
    return out


def summary(name: str, rows: list[tuple]) -> tuple[dict, list[str]]:
    """Figures of a group of songs, and what misses its targets."""

    def mean(key: str) -> float:
        values = [r[key] for _, r in rows if key in r]
        return statistics.fmean(values) if values else math.nan

    steady = [(s, r) for s, r in rows if r["steady"]]
    out = {
        "songs": len(rows),
        "acc1": mean("acc1"),
        "ternary": sum(r["ternary"] for _, r in rows),
        "meter_right": sum(r["meter"] for _, r in rows),
        "key_right": sum(r.get("key") == 1.0 for _, r in rows),
        "with_key": sum("key" in r for _, r in rows),
        "majmin": mean("majmin"),
        "boundary_f": mean("boundary_f"),
        "pairwise_f": mean("pairwise_f"),
        "beat_f": mean("beat_f"),
        "downbeat_f": mean("downbeat_f"),
        "wrong_bars": sum(r.get("wrong_bars", 0) for _, r in rows),
        "steady_songs": len(steady),
        "grid_p95_ms_median": 1000 * statistics.median([r["grid_p95"] for _, r in steady]) if steady else math.nan,
        "grid_p95_ms_worst": 1000 * max(r["grid_p95"] for _, r in steady) if steady else math.nan,
        "grid_within_target": sum(1000 * r["grid_p95"] <= GRID_P95_MS for _, r in steady),
        "spread_median": statistics.median([r["ibi_spread"] for _, r in steady]) if steady else math.nan,
        "spread_worst": max(r["ibi_spread"] for _, r in steady) if steady else math.nan,
        "names": mean("names"),
    }
    print(f"\n== {name}: {out['songs']} songs ({out['steady_songs']} at one tempo)")
    print(f"tempo Acc1 {out['acc1']:.1%}, 2/3 or 3/2 errors {out['ternary']}; metre right {out['meter_right']} of "
          f"{out['songs']}; key right {out['key_right']} of {out['with_key']}")  # fmt: skip
    print(
        f"grid (songs at one tempo): p95 median {out['grid_p95_ms_median']:.1f} ms, worst "
        f"{out['grid_p95_ms_worst']:.1f} ms, within {GRID_P95_MS:.0f} ms on {out['grid_within_target']} of "
        f"{out['steady_songs']}; spread median {out['spread_median']:.2%}, worst {out['spread_worst']:.2%}"
    )
    if not math.isnan(out["beat_f"]):
        print(f"beat F {out['beat_f']:.3f}, downbeat F {out['downbeat_f']:.3f}, wrong-length bars {out['wrong_bars']}")
    if not math.isnan(out["majmin"]):
        names = "" if math.isnan(out["names"]) else f", names right {out['names']:.2f}"
        print(
            f"chord majmin {out['majmin']:.3f}; sections: boundary F@3s {out['boundary_f']:.3f}, "
            f"pairwise F {out['pairwise_f']:.3f}{names}"
        )
    missed = []
    if out["acc1"] < 1.0:
        missed.append("tempo Acc1 below 100 %")
    if out["meter_right"] < out["songs"]:
        missed.append("a metre wrong")
    if out["key_right"] < out["with_key"]:
        missed.append("a key wrong")
    if out["grid_within_target"] < out["steady_songs"]:
        missed.append(f"grid p95 over {GRID_P95_MS:.0f} ms")
    if steady and out["spread_worst"] >= SPREAD:
        missed.append(f"beat spread over {SPREAD:.0%}")
    if out["wrong_bars"]:
        missed.append("wrong-length bars")
    if out["majmin"] < 0.85:
        missed.append("chord majmin below 0.85")
    if out["boundary_f"] < 0.7:
        missed.append("section boundary F below 0.7")
    return out, missed


def main() -> int:
    import librosa

    from jamwithme.analysis import analyze
    from jamwithme.audio import load

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["heldout", "tune", "all"], default="heldout")
    parser.add_argument("--fast", action="store_true", help="leave out the real (tempo) songs and the speed test")
    parser.add_argument("--real", action="store_true", help="only the real (tempo) songs, without the speed test")
    parser.add_argument("--songs", nargs="*", help="only these songs (by name)")
    parser.add_argument("--json", type=Path, help="write every row and summary here")
    parser.add_argument("--fresh", type=int, metavar="SEED", help="the blind test: new songs drawn from SEED")
    parser.add_argument("--count", type=int, default=12, help="how many fresh songs (with --fresh; default 12)")
    args = parser.parse_args()
    print(f"machine: {machine()}; librosa {librosa.__version__}")
    split = None if args.split == "all" else args.split
    groups: dict[str, list] = {}
    if args.fresh is not None:
        if args.count < 1:
            parser.error(f"--count={args.count} must be at least 1")
        args.fast, args.real = True, True  # the fresh songs alone: no fixed songs, no speed test
        try:
            groups[f"fresh-{args.fresh}"] = songs.fresh_songs(args.fresh, args.count)
        except songs.Unavailable as exc:
            print(f"fresh songs skipped: {exc}")
    try:
        for song in [] if args.real else songs.band_songs(args.songs, split=split):
            groups.setdefault(song.split, []).append(song)
    except songs.Unavailable as exc:
        print(f"band songs skipped: {exc}")
    if not args.fast and not args.songs:
        try:
            groups["real"] = songs.tempo_songs()
        except songs.Unavailable as exc:
            print(f"tempo songs skipped: {exc}")
    if not groups:
        print("skipped: no development song can be made here")
        return 0
    band = [s for name in ("heldout", "tune") for s in groups.get(name, [])]
    warm = speed(band) if band and not args.fast else 0.0
    report, missed_all = {"machine": machine(), "groups": {}}, []
    for name in ("tune", "heldout", "real", f"fresh-{args.fresh}"):
        if name not in groups:
            continue
        print(f"\n-- {name}")
        rows, crashed = [], []
        for song in groups[name]:
            clip = load(song.path)
            start = time.perf_counter()
            try:
                analysis = analyze(clip)
            except Exception as exc:  # a song the analysis cannot read is a finding; the others still count
                crashed.append(song.name)
                print(f"{song.name:22s} ANALYSIS FAILED: {type(exc).__name__}: {exc}", flush=True)
                continue
            seconds = time.perf_counter() - start
            row = songs.evaluate(song, analysis)
            rows.append((song, row))
            print(_row_text(song, analysis, row, seconds), flush=True)
        figures, missed = summary(name, rows) if rows else ({}, [])
        if crashed:
            print(f"analysis failed on {len(crashed)} of {len(groups[name])}: {', '.join(crashed)}")
            missed.append(f"analysis failed on {', '.join(crashed)}")
        if name.startswith("fresh"):
            print("\nmisses, with what made each song:")
            found = dict((s.name, row) for s, row in rows)
            for spec in songs.fresh_specs(args.fresh, args.count):
                misses = song_misses(found[spec.name]) if spec.name in found else ["the analysis failed"]
                print(f"{'MISS ' + ', '.join(misses) if misses else 'ok'} -- {songs.describe(spec)}")
        report["groups"][name] = {"summary": figures, "rows": {s.name: r for s, r in rows}, "failed": crashed}
        if name != "tune":  # targets hold where nothing was tuned
            missed_all += [f"{name}: {m}" for m in missed]
    if warm >= 5.0:
        missed_all.append(f"analysis of a 3-minute song takes {warm:.1f} s warm")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=float))
    print("\ntargets met" if not missed_all else "\nTARGET MISSED: " + "; ".join(missed_all))
    return 0 if not missed_all else 1


if __name__ == "__main__":
    sys.exit(main())
