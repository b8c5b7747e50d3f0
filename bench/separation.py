"""Separation speed and memory: JamWithMe against Spleeter's own ``Separator.separate``, in one run.

    .venv/bin/python bench/separation.py [--song PATH] [--rounds 5] [--long-minutes 10] [--spleeter-long]

1. **Time, alternating.** One process holds JamWithMe's separator, the path as it
   was before issue 15 (``bench/separation_before.py``: numpy float64 FFT, two
   inverse STFTs), and Spleeter's own ``Separator.separate``. Each round times one warm call of each,
   in a rotating order, so a busy machine slows them alike; the ratios are taken
   within each round, and the medians are printed. CPU seconds (all threads) are
   printed beside wall seconds: they are what a busy machine disturbs least.
2. **Agreement** of the new path's stems with the old path's on the whole song.
3. **Peak RSS**, each in a fresh child process: in memory, and file to file on a
   long input made by repeating the song (what ``jamwithme separate`` does).
4. **Cold start**: a fresh process running what ``jamwithme separate`` runs, from
   the process's launch to the first piece written (Python, TensorFlow import,
   graph build, checkpoint restore, first network run) and to the last.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("JAMWITHME_SHARED", ROOT.parent / "shared"))
SONG = SHARED / "audio" / "music" / "Karissa_Hobbs_-_Lets_Go_Fishin.ogg"


def peak_rss_gb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1e6  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def sdr(ref, est) -> float:
    import numpy as np

    return float(10 * np.log10(np.sum(ref**2) / (np.sum((ref - est) ** 2) + 1e-30)))


# --------------------------------------------------------------------------- 1, 2: alternating, one process


def alternating(song: Path, rounds: int) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from separation_before import SeparatorBefore
    from spleeter.separator import Separator as SpleeterSeparator

    from jamwithme import audio
    from jamwithme.models import ensure_model, spleeter_config
    from jamwithme.separation import Separator

    clip = audio.load(song)
    new = Separator(ensure_model())
    before = SeparatorBefore(new.model_folder)
    spleeter = SpleeterSeparator(str(spleeter_config()), multiprocess=False)
    waveform = clip.samples.T.copy()
    runs = {
        "new": lambda: new.separate(clip),
        "before (issue 15)": lambda: before.separate(clip),
        "Spleeter": lambda: spleeter.separate(waveform),
    }
    outputs = {name: run() for name, run in runs.items()}  # warm-up: TF, graphs, oneDNN primitives
    print("agreement of the new path with the old one, whole song (SDR):")
    for stem in ("vocals", "accompaniment"):
        print(f"  {stem:14} {sdr(outputs['before (issue 15)'][stem].samples, outputs['new'][stem].samples):6.1f} dB")
    del outputs
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    names = list(runs)
    print(f"{rounds} rounds, alternating (wall s / CPU s):")
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            c0, t0 = time.process_time(), time.perf_counter()
            runs[name]()
            wall[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
        print("  " + "   ".join(f"{name} {wall[name][-1]:.2f}/{cpu[name][-1]:.2f}" for name in names), flush=True)
    duration = clip.duration
    print(f"\nmedians of {rounds} rounds on {song.name} ({duration:.1f} s):")
    print(f"  {'':28} {'wall s':>7} {'CPU s':>7} {'x real time':>11}")
    for name in names:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"  {name:28} {w:7.2f} {c:7.2f} {duration / w:11.1f}")

    def ratio(a: str, b: str, times: dict[str, list[float]]) -> str:
        per_round = [x / y for x, y in zip(times[a], times[b])]
        return f"{statistics.median(per_round):.2f} (rounds {min(per_round):.2f}-{max(per_round):.2f})"

    print("ratios, median of the per-round ratios (wall; CPU):")
    for a, b in (("new", "Spleeter"), ("new", "before (issue 15)")):
        print(f"  {a} / {b}: {ratio(a, b, wall)}; {ratio(a, b, cpu)}")


# --------------------------------------------------------------------------- 3, 4: fresh processes


def child(kind: str, song: str, launched: float) -> dict:
    """Runs in a fresh process; ``launched`` is the parent's clock when it started this one."""
    result: dict = {"kind": kind, "python_up": time.time() - launched}
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from jamwithme import audio

    if kind == "cold":
        # What `jamwithme separate song -o out` runs (cli._cmd_separate), with timestamps.
        from jamwithme.separation import separate_file

        seen: list[float] = []

        def progress(fraction: float) -> None:
            if not seen:
                result["first_piece"] = time.time() - launched
            seen.append(fraction)

        with tempfile.TemporaryDirectory() as out:
            separate_file(song, out, fmt="wav", progress=progress)
        result["done"] = time.time() - launched
        return result
    from jamwithme.models import ensure_model, spleeter_config

    ensure_model()
    if kind == "jamwithme-file":
        from jamwithme.separation import Separator

        sep = Separator()
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            sep.separate_file(song, out, fmt="wav")
            result["seconds"] = time.perf_counter() - t0
        with audio.AudioReader(song) as reader:
            result["duration"] = reader.info.duration
        result["peak_rss_gb"] = peak_rss_gb()
        return result
    clip = audio.load(song)
    result["duration"] = clip.duration
    if kind == "jamwithme":
        from jamwithme.separation import Separator

        sep = Separator()
        run = lambda: sep.separate(clip)  # noqa: E731
    else:
        from spleeter.separator import Separator as SpleeterSeparator

        sep = SpleeterSeparator(str(spleeter_config()), multiprocess=False)
        waveform = clip.samples.T.copy()
        run = lambda: sep.separate(waveform)  # noqa: E731
    run()
    t0 = time.perf_counter()
    run()
    result["seconds"] = time.perf_counter() - t0
    result["peak_rss_gb"] = peak_rss_gb()
    return result


def run_child(kind: str, song: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--song", str(song), "--launched", repr(time.time())],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def make_long_input(song: Path, minutes: float, folder: Path) -> Path:
    """A FLAC of ``minutes`` minutes made by repeating the song (streamed, not held in memory)."""
    sys.path.insert(0, str(ROOT))
    from jamwithme import audio

    target = folder / f"long_{minutes:g}min.flac"
    need = int(minutes * 60 * audio.SAMPLE_RATE)
    written = 0
    with audio.AudioWriter(target, "flac") as writer:
        while written < need:
            with audio.AudioReader(song) as reader:
                for block in reader.blocks():
                    block = block[:, : need - written]
                    writer.write(block)
                    written += block.shape[1]
                    if written >= need:
                        break
    return target


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}; load average {load}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--song", type=Path, default=SONG)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--long-minutes", type=float, default=10.0)
    parser.add_argument(
        "--spleeter-long", action="store_true", help="also run Spleeter on the long input (slow, ~13 GB)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--launched", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, str(args.song), args.launched)))
        return
    if not args.song.is_file():
        raise SystemExit(f"{args.song} is absent: benchmarks read real songs from ../shared (or $JAMWITHME_SHARED)")
    print(f"machine: {machine()}")
    print(f"song: {args.song.name}")
    alternating(args.song, args.rounds)

    print("\ncold start, fresh processes (what `jamwithme separate` runs), s after launch:")
    for _ in range(2):
        r = run_child("cold", args.song)
        print(f"  Python up {r['python_up']:.2f}, first piece out {r['first_piece']:.2f}, song done {r['done']:.2f}")

    rows = [("JamWithMe Separator.separate", run_child("jamwithme", args.song))]
    rows.append(("Spleeter Separator.separate", run_child("spleeter", args.song)))
    with tempfile.TemporaryDirectory() as tmp:
        long_song = make_long_input(args.song, args.long_minutes, Path(tmp))
        rows.append((f"JamWithMe file->file, {args.long_minutes:g} min", run_child("jamwithme-file", long_song)))
        if args.spleeter_long:
            rows.append((f"Spleeter, {args.long_minutes:g} min", run_child("spleeter", long_song)))
    print("\npeak memory, each in a fresh process (warm = second call):")
    print(f"  {'':38} {'audio s':>8} {'warm s':>7} {'x real time':>11} {'peak RSS GB':>11}")
    for label, r in rows:
        rtf = r["duration"] / r["seconds"]
        print(f"  {label:38} {r['duration']:8.1f} {r['seconds']:7.2f} {rtf:11.1f} {r['peak_rss_gb']:11.2f}")
    print(f"\nload average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
