"""Separation: agreement with the network's whole-song output, where the time goes, speed against Spleeter, memory.

    .venv/bin/python bench/separation.py [--song PATH] [--rounds 5] [--chunkings 17.8/3 46.1/3 ...]
                                         [--cap-minutes 19.9] [--skip-memory]

1. **Agreement with the whole-song pass.** The network is fully convolutional
   with inference-mode batch norm, so one pass over the whole song as a single
   input (:meth:`Separator.separate_array`) is its own ideal output. Each
   chunking's stems are compared with it (SDR, both stems), beside the frames
   the network runs per frame of the song (context is run twice).
2. **Profile** of the default chunking, one piece after the other on this
   thread: the magnitudes (STFT), the network, the stems (STFT again, masks,
   inverse STFT), the rest (cutting, crossfades, concatenation); wall and CPU
   seconds (CPU counts all threads). Then the same song the way
   ``Separator.separate`` runs it, with the network on a thread of its own.
3. **Time, alternating.** One process holds JamWithMe's separator (the default
   chunking and issue 15's 17.8 s / 3 s) and Spleeter's own
   ``Separator.separate``. Each round times one warm call of each in a rotating
   order, so a busy machine slows them alike; the ratios are taken within each
   round and their median printed, with the load average before and after,
   and how often the default run's progress moved (the longest wait for it).
4. **Cold start**: a fresh process running what ``jamwithme separate`` runs, from
   launch to the first piece written and to the last.
5. **Peak RSS at the 20-minute cap**, each in a fresh process: the song in
   memory, and file to file on the song looped to ``--cap-minutes`` (what
   ``jamwithme separate`` does). The API's and the app job's peaks at the cap
   are ``bench/memory.py --endpoints /separate`` and
   ``bench/job_memory.py --jobs separate``.
"""

from __future__ import annotations

import argparse
import copy
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
#: Issue 15's chunking, the one this issue started from.
BEFORE = "17.8/3"
if __name__ == "__main__":
    sys.path[0] = str(ROOT)  # not bench/, whose queue.py would stand in for the standard library's


def peak_rss_gb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1e6  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def sdr(ref, est) -> float:
    import numpy as np

    return float(10 * np.log10(np.sum(ref**2) / (np.sum((ref - est) ** 2) + 1e-30)))


def load_average() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def chunked(separator, text: str):
    """``separator`` (the same network and session) cutting songs as ``"46.1/3"`` says: window / context seconds."""
    from jamwithme.separation import Chunking

    window, context = (float(v) for v in text.split("/"))
    other = copy.copy(separator)
    other.chunking = Chunking(window=window, context=context)
    return other


def network_frames(separator, n: int) -> int:
    """Frames the network runs for a song of ``n`` samples, counted from the pieces without running it."""
    import numpy as np

    blocks = (np.zeros((2, min(n - i, 2**20)), np.float32) for i in range(0, n, 2**20))
    return sum(piece.f1 - piece.f0 for piece in separator.chunking.pieces(blocks))


# --------------------------------------------------------------------------- 1: agreement


def agreement(clip, separator, chunkings: list[str]) -> None:
    from jamwithme.separation import INSTRUMENTS, song_frames

    whole = separator.separate_array(clip.samples)
    one_pass = song_frames(clip.n_samples)
    print(f"\n1. agreement with one pass over the whole song ({one_pass} frames), SDR dB:")
    print(f"  {'window / context s':20} {'frames':>6} {'per song frame':>14} {'vocals':>7} {'accomp.':>7}")
    for text in chunkings:
        sep = chunked(separator, text)
        stems = sep.separate(clip)
        frames = network_frames(sep, clip.n_samples)
        scores = [sdr(whole[name], stems[name].samples) for name in INSTRUMENTS]
        label = text + (" (default)" if sep.chunking == separator.chunking else "")
        print(f"  {label:20} {frames:6d} {frames / one_pass:14.2f} {scores[0]:7.1f} {scores[1]:7.1f}", flush=True)


# --------------------------------------------------------------------------- 2: profile


class Clock:
    """Wall and CPU seconds by stage."""

    def __init__(self):
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def __call__(self, stage: str, fn, *args):
        c0, t0 = time.process_time(), time.perf_counter()
        out = fn(*args)
        self.wall[stage] = self.wall.get(stage, 0.0) + time.perf_counter() - t0
        self.cpu[stage] = self.cpu.get(stage, 0.0) + time.process_time() - c0
        return out


def profile_once(separator, clip) -> Clock:
    """``Separator.separate`` taken apart: the same pieces and stages, one after the other, each timed."""
    import numpy as np

    from jamwithme.separation import Band
    from jamwithme.separation.spectrogram import magnitude, synthesise

    clock = Clock()
    c0, t0 = time.process_time(), time.perf_counter()
    step = 44100 * 30
    blocks = (clip.samples[:, i : i + step] for i in range(0, clip.n_samples, step))
    fade = separator.chunking.fade
    parts = []
    for piece in separator.chunking.pieces(blocks):
        magnitudes = clock("magnitudes (STFT)", magnitude, piece)
        mask = clock("network", separator.masks, magnitudes)
        stop = piece.emit_to + (0 if piece.last else fade)
        stems = clock("stems (STFT, masks, inverse STFT)", synthesise, piece, mask, Band.FULL, piece.emit_from, stop)
        parts.append(stems["vocals"][:, : piece.emit_to - piece.emit_from].copy())
    np.concatenate(parts, axis=1)
    clock.wall["total"] = time.perf_counter() - t0
    clock.cpu["total"] = time.process_time() - c0
    clock.wall["rest (cutting, crossfades, copies)"] = clock.wall["total"] - sum(
        v for k, v in clock.wall.items() if k != "total"
    )
    clock.cpu["rest (cutting, crossfades, copies)"] = clock.cpu["total"] - sum(
        v for k, v in clock.cpu.items() if k != "total"
    )
    return clock


def profile(separator, clip, rounds: int) -> None:
    clocks = [profile_once(separator, clip) for _ in range(rounds)]
    overlapped = Clock()
    for _ in range(rounds):
        overlapped("total", separator.separate, clip)
    print(f"\n2. profile of the default chunking, median of {rounds} runs, one stage after the other (s):")
    print(f"  {'stage':40} {'wall':>6} {'CPU':>6} {'of CPU':>6}")
    cpu_total = statistics.median(c.cpu["total"] for c in clocks)
    for stage in clocks[0].wall:
        wall = statistics.median(c.wall[stage] for c in clocks)
        cpu = statistics.median(c.cpu[stage] for c in clocks)
        print(f"  {stage:40} {wall:6.2f} {cpu:6.2f} {cpu / cpu_total:6.0%}")
    print(
        f"  {'Separator.separate (network on a thread)':40} {overlapped.wall['total'] / rounds:6.2f} "
        f"{overlapped.cpu['total'] / rounds:6.2f}   (mean)",
        flush=True,
    )


# --------------------------------------------------------------------------- 3: alternating


def alternating(clip, separator, rounds: int) -> None:
    from spleeter.separator import Separator as SpleeterSeparator

    from jamwithme.models import spleeter_config

    before = chunked(separator, BEFORE)
    spleeter = SpleeterSeparator(str(spleeter_config()), multiprocess=False)
    waveform = clip.samples.T.copy()
    reports: list[float] = []  # when the default run's progress moved, this round
    gaps: list[tuple[float, int]] = []  # per round: the longest wait for progress, and how many reports

    def with_progress():
        reports[:] = [time.perf_counter()]
        separator.separate(clip, progress=lambda fraction: reports.append(time.perf_counter()))
        gaps.append((max(b - a for a, b in zip(reports, reports[1:])), len(reports) - 1))

    runs = {
        "JamWithMe": with_progress,
        f"JamWithMe {BEFORE} (before)": lambda: before.separate(clip),
        "Spleeter": lambda: spleeter.separate(waveform),
    }
    for run in runs.values():  # warm-up: TF, graphs, oneDNN primitives
        run()
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    names = list(runs)
    print(f"\n3. {rounds} rounds, alternating, warm (wall s / CPU s); load average before: {load_average()}")
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            c0, t0 = time.process_time(), time.perf_counter()
            runs[name]()
            wall[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
        print("  " + "   ".join(f"{name} {wall[name][-1]:.2f}/{cpu[name][-1]:.2f}" for name in names), flush=True)
    print(f"  load average after: {load_average()}")
    print(f"  {'median':28} {'wall s':>7} {'CPU s':>7} {'x real time':>11}")
    for name in names:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"  {name:28} {w:7.2f} {c:7.2f} {clip.duration / w:11.1f}")

    def ratio(a: str, b: str, times: dict[str, list[float]]) -> str:
        per_round = [x / y for x, y in zip(times[a], times[b])]
        return f"{statistics.median(per_round):.3f} (rounds {min(per_round):.2f}-{max(per_round):.2f})"

    waits = [g for g, _ in gaps[1:]]  # not the warm-up
    print(f"  progress: {statistics.median(n for _, n in gaps[1:]):.0f} reports a run; the longest wait for one "
          f"{statistics.median(waits):.2f} s (median over rounds; {min(waits):.2f}-{max(waits):.2f})")  # fmt: skip
    print("  ratios, median of the per-round ratios (wall; CPU):")
    for a, b in (("JamWithMe", "Spleeter"), (names[1], "Spleeter"), ("JamWithMe", names[1])):
        print(f"    {a} / {b}: {ratio(a, b, wall)}; {ratio(a, b, cpu)}")


# --------------------------------------------------------------------------- 4: fresh processes


def child(kind: str, song: str, launched: float) -> dict:
    """Runs in a fresh process; ``launched`` is the parent's clock when it started this one."""
    result: dict = {"kind": kind, "python_up": time.time() - launched}
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from jamwithme import audio

    if kind == "cold":
        # What `jamwithme separate song -o out` runs (cli.commands.separate), with timestamps.
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
    from jamwithme.models import ensure_model
    from jamwithme.separation import Separator

    ensure_model()
    sep = Separator()
    if kind == "file":
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            sep.separate_file(song, out, fmt="wav")
            result["seconds"] = time.perf_counter() - t0
        with audio.AudioReader(song) as reader:
            result["duration"] = reader.info.duration
    else:
        clip = audio.load(song)
        result["duration"] = clip.duration
        sep.separate(clip)
        t0 = time.perf_counter()
        sep.separate(clip)
        result["seconds"] = time.perf_counter() - t0
    result["peak_rss_gb"] = peak_rss_gb()
    return result


def run_child(kind: str, song: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--song", str(song)]
        + ["--launched", repr(time.time())],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def make_long_input(song: Path, minutes: float, folder: Path) -> Path:
    """``song`` looped to ``minutes`` with the bundled ffmpeg, as a 192 kb/s MP3 (a FLAC would pass the size cap)."""
    from jamwithme.audio import ffmpeg_exe

    target = folder / f"long_{minutes:g}min.mp3"
    cmd = [ffmpeg_exe(), "-v", "error", "-y", "-stream_loop", "-1", "-i", str(song), "-t", f"{minutes * 60:g}",
           "-c:a", "libmp3lame", "-b:a", "192k", str(target)]  # fmt: skip
    subprocess.run(cmd, check=True)
    return target


def memory(song: Path, cap_minutes: float) -> None:
    print("\n4. cold start, fresh processes (what `jamwithme separate` runs), s after launch:")
    for _ in range(2):
        r = run_child("cold", song)
        print(f"  Python up {r['python_up']:.2f}, first progress {r['first_piece']:.2f}, song done {r['done']:.2f}")
    rows = [("Separator.separate, in memory", run_child("memory", song))]
    with tempfile.TemporaryDirectory() as tmp:
        long_song = make_long_input(song, cap_minutes, Path(tmp))
        rows.append((f"file -> file, {cap_minutes:g} min", run_child("file", long_song)))
    print("\n5. peak RSS, each in a fresh process (warm = second call in memory):")
    print(f"  {'':34} {'audio s':>8} {'s':>7} {'x real time':>11} {'peak RSS GB':>11}")
    for label, r in rows:
        rtf = r["duration"] / r["seconds"]
        print(f"  {label:34} {r['duration']:8.1f} {r['seconds']:7.2f} {rtf:11.1f} {r['peak_rss_gb']:11.2f}")


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
    python = platform.python_version()
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {python}; load average {load_average()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--song", type=Path, default=SONG)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--chunkings", nargs="+", default=[BEFORE, "46.1/3", "60/3", "75/3", "75/6", "100/3"])
    parser.add_argument("--cap-minutes", type=float, default=19.9)
    sections = ["agreement", "profile", "alternating", "memory"]
    parser.add_argument("--skip", nargs="*", default=[], choices=sections, help="sections to leave out")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--launched", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, str(args.song), args.launched)))
        return
    if not args.song.is_file():
        raise SystemExit(f"{args.song} is absent: benchmarks read real songs from ../shared (or $JAMWITHME_SHARED)")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from jamwithme import audio
    from jamwithme.separation import Separator

    print(f"machine: {machine()}")
    clip = audio.load(args.song)
    print(f"song: {args.song.name} ({clip.duration:.1f} s)")
    separator = Separator()
    c = separator.chunking
    print(f"default chunking: {c.window} s window, {c.context} s context, {c.crossfade} s crossfade "
          f"({c.window_frames} frames a piece, {c.pad_frames} of context a side)")  # fmt: skip
    if "agreement" not in args.skip:
        agreement(clip, separator, args.chunkings)
    if "profile" not in args.skip:
        profile(separator, clip, max(1, args.rounds // 2))
    if "alternating" not in args.skip:
        alternating(clip, separator, args.rounds)
    if "memory" not in args.skip:
        memory(args.song, args.cap_minutes)
    print(f"\nload average at the end: {load_average()}")


if __name__ == "__main__":
    main()
