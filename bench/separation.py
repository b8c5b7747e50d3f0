"""Separation speed and memory: JamWithMe against Spleeter's own ``Separator.separate``, in one run.

    .venv/bin/python bench/separation.py [--song PATH] [--long-minutes 10] [--spleeter-long]

Each measurement runs in a fresh child process so its peak RSS is its own.
"Warm" is the second call in that process (TensorFlow and the model already
loaded); real-time factor = song length / seconds taken.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SONG = ROOT.parent / "shared" / "audio" / "music" / "Karissa_Hobbs_-_Lets_Go_Fishin.ogg"


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6  # KiB on Linux


def child(kind: str, song: str) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from jamwithme import audio
    from jamwithme.models import ensure_model, spleeter_config

    ensure_model()
    result: dict = {"kind": kind}
    if kind == "jamwithme-file":
        # Streams decoder -> separation -> encoder: what `jamwithme separate` does.
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
    t0 = time.perf_counter()
    run()
    result["cold_seconds"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    run()
    result["seconds"] = time.perf_counter() - t0
    result["peak_rss_gb"] = peak_rss_gb()
    return result


def run_child(kind: str, song: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--song", str(song)],
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
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--song", type=Path, default=SONG)
    parser.add_argument("--long-minutes", type=float, default=10.0)
    parser.add_argument(
        "--spleeter-long", action="store_true", help="also run Spleeter on the long input (slow, ~13 GB)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, str(args.song))))
        return
    if not args.song.is_file():
        raise SystemExit(f"{args.song} is absent: benchmarks read real songs from ../shared")
    print(f"machine: {machine()}")
    print(f"song: {args.song.name}")
    rows = [("JamWithMe Separator.separate", run_child("jamwithme", args.song))]
    rows.append(("Spleeter Separator.separate", run_child("spleeter", args.song)))
    with tempfile.TemporaryDirectory() as tmp:
        long_song = make_long_input(args.song, args.long_minutes, Path(tmp))
        rows.append((f"JamWithMe file->file, {args.long_minutes:g} min", run_child("jamwithme-file", long_song)))
        if args.spleeter_long:
            rows.append((f"Spleeter, {args.long_minutes:g} min", run_child("spleeter", long_song)))
    print(f"{'':38} {'audio s':>8} {'cold s':>7} {'warm s':>7} {'x real time':>11} {'peak RSS GB':>11}")
    for label, r in rows:
        cold = f"{r['cold_seconds']:7.2f}" if "cold_seconds" in r else f"{'-':>7}"
        rtf = r["duration"] / r["seconds"]
        print(f"{label:38} {r['duration']:8.1f} {cold} {r['seconds']:7.2f} {rtf:11.1f} {r['peak_rss_gb']:11.2f}")


if __name__ == "__main__":
    main()
