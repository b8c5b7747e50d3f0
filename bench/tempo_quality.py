"""Tempo-change quality: the default Rubber Band R3 short window against R3's standard window and librosa.

    .venv/bin/python bench/tempo_quality.py [--seconds 30]

What the faster default gives up, in numbers, on 30 s of each song in
../shared/audio/music at rates 0.8 and 1.25 (lower is better everywhere):

* bass LSD: stretch, stretch back, and compare log spectra below 300 Hz with a
  16384-point FFT (0.37 s): the root-mean-square difference in dB. A round trip
  doubles each engine's artefacts, but equally for all three.
* full LSD: the same with a 2048-point FFT up to 16 kHz.
* click smear: energy in the 20 ms before each click of a 120 BPM click track,
  relative to the 20 ms after it, at rate 0.8, each click found where it landed.
* stereo: the change in left/right correlation of the first song.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MUSIC = ROOT.parent / "shared" / "audio" / "music"
ENGINES = ("rubberband", "rubberband-best", "librosa")


def lsd(reference: np.ndarray, estimate: np.ndarray, n_fft: int, fmax: float, sr: int) -> float:
    import librosa

    n = min(reference.shape[-1], estimate.shape[-1]) - sr  # the last second: engines end differently
    spectra = [np.abs(librosa.stft(x[sr:n], n_fft=n_fft, hop_length=n_fft // 4)) for x in (reference, estimate)]
    top = int(fmax / (sr / n_fft))
    ref, est = (s[1:top] for s in spectra)
    floor = ref.max() * 1e-4  # 80 dB below the peak: do not score noise
    return float(np.sqrt(np.mean((20 * np.log10(np.maximum(ref, floor) / np.maximum(est, floor))) ** 2)))


def click_smear(engine: str) -> float:
    from jamwithme.audio import SAMPLE_RATE as SR
    from jamwithme.audio import AudioClip
    from jamwithme.tempo import change_tempo

    n, period = 8 * SR, SR // 2
    y = np.zeros(n, np.float32)
    t = np.arange(int(0.02 * SR)) / SR
    for i in range(0, n - period, period):
        y[i : i + len(t)] += np.sin(2 * np.pi * 1000 * t) * np.exp(-t * 200)
    out = change_tempo(AudioClip(np.stack([y, y])), rate=0.8, engine=engine).samples[0].astype(np.float64)
    envelope = np.convolve(np.abs(out), np.ones(44) / 44, "same")
    above = envelope > 0.3 * envelope.max()
    starts = np.flatnonzero(above & ~np.concatenate([[False], above[:-1]]))
    before = after = 0.0
    last = -SR
    for i in starts:
        if i - last < SR // 10 or i < SR // 10:
            continue
        last = i
        before += np.sum(out[i - int(0.022 * SR) : i - int(0.002 * SR)] ** 2)
        after += np.sum(out[i : i + int(0.02 * SR)] ** 2)
    return 10 * math.log10(before / after)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    songs = sorted(MUSIC.glob("*.ogg"))
    if not songs:
        print(f"skipped: no songs in {MUSIC} (real audio comes from ../shared beside the project)")
        return 0
    from separation import machine  # bench/separation.py, beside this script

    from jamwithme.audio import AudioClip, load
    from jamwithme.tempo import change_tempo

    print(f"machine: {machine()}")
    print(f"{'song':<16} {'rate':>4}  " + "  ".join(f"{e:>24}" for e in ENGINES))
    print(f"{'':<16} {'':>4}  " + "  ".join(f"{'bass LSD':>11} {'full LSD':>12}" for _ in ENGINES))
    totals = {e: [] for e in ENGINES}
    stereo = {}
    for path in songs:
        song = load(path)
        sr = song.sample_rate
        start = min(30 * sr, max(0, song.n_samples - int(args.seconds * sr)))
        clip = AudioClip(song.samples[:, start : start + int(args.seconds * sr)], sr)
        if clip.duration < 10:
            continue
        for rate in (0.8, 1.25):
            cells = []
            for engine in ENGINES:
                there = change_tempo(clip, rate=rate, engine=engine)
                back = change_tempo(there, rate=1 / rate, engine=engine).samples
                x = clip.samples
                bass, full = lsd(x[0], back[0], 16384, 300.0, sr), lsd(x[0], back[0], 2048, 16000.0, sr)
                totals[engine].append((bass, full))
                cells.append(f"{bass:>8.2f} dB {full:>9.2f} dB")
                if path == songs[0] and rate == 0.8:
                    stereo[engine] = np.corrcoef(there.samples)[0, 1] - np.corrcoef(clip.samples)[0, 1]
            print(f"{path.stem[:16]:<16} {rate:>4.2f}  " + "  ".join(cells), flush=True)
    print(
        f"{'mean':<21} "
        + "  ".join(
            f"{np.mean([b for b, _ in totals[e]]):>8.2f} dB {np.mean([f for _, f in totals[e]]):>9.2f} dB"
            for e in ENGINES
        )
    )
    print("click smear at 0.8 (dB before/after each click): " + ", ".join(f"{e} {click_smear(e):.1f}" for e in ENGINES))
    print(
        f"stereo correlation change, {songs[0].stem[:16]} at 0.8: "
        + ", ".join(f"{e} {stereo[e]:+.3f}" for e in ENGINES)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
