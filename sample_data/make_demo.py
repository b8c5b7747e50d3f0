"""Synthesize the demo song in sample_data/: a backing band and a voice-like melody.

    .venv/bin/python sample_data/make_demo.py

No third-party audio: drums, bass and chords are synthesized, and the "voice" is
a sawtooth with vibrato through vowel formants, so separation has something
vocal-like to take out. 100 BPM, four bars of C–Am–F–G, twice: 19.2 s.
Deterministic (fixed seed), so the committed file can be rebuilt exactly.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from scipy.signal import lfilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from jamwithme.audio import SAMPLE_RATE, AudioClip, save  # noqa: E402

SR = SAMPLE_RATE
BPM = 100
BEAT = 60 / BPM
BARS = 8
CHORDS = [(48, 52, 55), (45, 48, 52), (41, 45, 48), (43, 47, 50)]  # C, Am, F, G (MIDI)
MELODY = [  # (beat, length in beats, MIDI note), one phrase over four bars, sung twice
    (0, 1, 64), (1, 1, 67), (2, 2, 72), (4, 1, 69), (5, 1, 67), (6, 2, 64),
    (8, 1, 65), (9, 1, 69), (10, 2, 72), (12, 1, 71), (13, 1, 67), (14, 2, 62),
]  # fmt: skip
VOWELS = [(730, 1090, 2440), (270, 2290, 3010), (570, 840, 2410), (530, 1840, 2480)]  # a, i, o, e


def hz(midi: float) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def env(n: int, attack: float, release: float) -> np.ndarray:
    a, r = max(1, int(attack * SR)), max(1, int(release * SR))
    e = np.ones(n)
    e[:a] = np.linspace(0, 1, a)[:n]
    e[-r:] *= np.linspace(1, 0, min(r, n))
    return e


def resonator(x: np.ndarray, freq: float, bandwidth: float) -> np.ndarray:
    r = np.exp(-np.pi * bandwidth / SR)
    theta = 2 * np.pi * freq / SR
    return lfilter([1 - r], [1, -2 * r * np.cos(theta), r * r], x)


def drums(n: int, rng: np.random.Generator) -> np.ndarray:
    out = np.zeros(n)
    for beat in range(BARS * 4):
        i = int(beat * BEAT * SR)
        t = np.arange(int(0.25 * SR)) / SR
        if beat % 2 == 0:  # kick
            kick = np.sin(2 * np.pi * (50 + 80 * np.exp(-t * 30)) * t) * np.exp(-t * 12)
            out[i : i + len(t)] += 0.9 * kick[: n - i]
        else:  # snare
            snare = (
                rng.standard_normal(len(t)) * np.exp(-t * 20) * 0.35
                + np.sin(2 * np.pi * 190 * t) * np.exp(-t * 25) * 0.3
            )
            out[i : i + len(t)] += snare[: n - i]
        for half in (0, 0.5):  # hi-hat on eighths: broadband highs
            j = int((beat + half) * BEAT * SR)
            th = np.arange(int(0.05 * SR)) / SR
            hat = np.diff(rng.standard_normal(len(th) + 1)) * np.exp(-th * 90) * 0.12
            out[j : j + len(th)] += hat[: n - j]
    return out


def band(n: int) -> np.ndarray:
    out = np.zeros(n)
    for bar in range(BARS):
        chord = CHORDS[bar % 4]
        i0, length = int(bar * 4 * BEAT * SR), int(4 * BEAT * SR)
        t = np.arange(length) / SR
        pad = sum(np.sin(2 * np.pi * hz(m + 12) * t) + 0.3 * np.sin(4 * np.pi * hz(m + 12) * t) for m in chord)
        out[i0 : i0 + length] += 0.07 * pad * env(length, 0.05, 0.1)
        for beat in range(4):  # bass on each beat, root and fifth
            j = i0 + int(beat * BEAT * SR)
            note = chord[0] - 12 + (7 if beat == 2 else 0)
            tb = np.arange(int(BEAT * SR * 0.9)) / SR
            bass = np.sin(2 * np.pi * hz(note) * tb) + 0.4 * np.sin(4 * np.pi * hz(note) * tb)
            out[j : j + len(tb)] += 0.25 * bass * env(len(tb), 0.005, 0.05)
    return out


def voice(n: int) -> np.ndarray:
    out = np.zeros(n)
    for rep in range(2):
        for k, (beat, length, note) in enumerate(MELODY):
            i = int((rep * 16 + beat) * BEAT * SR)
            m = int(length * BEAT * SR * 0.95)
            t = np.arange(m) / SR
            f = hz(note) * (1 + 0.012 * np.sin(2 * np.pi * 5.5 * t) * np.clip(t * 3, 0, 1))
            phase = 2 * np.pi * np.cumsum(f) / SR
            saw = 2 * ((phase / (2 * np.pi)) % 1.0) - 1
            f1, f2, f3 = VOWELS[k % 4]
            sung = resonator(saw, f1, 80) + 0.6 * resonator(saw, f2, 90) + 0.3 * resonator(saw, f3, 120)
            out[i : i + m] += sung * env(m, 0.04, 0.08)
    return 0.5 * out / np.max(np.abs(out))


def main() -> Path:
    rng = np.random.default_rng(7)
    n = int(BARS * 4 * BEAT * SR)
    backing = drums(n, rng) + band(n)
    vox = voice(n)
    left = backing * 0.9 + vox
    right = backing * 0.8 + vox + 0.1 * np.roll(backing, 300)  # a little width in the band, voice centred
    mix = np.stack([left, right])
    mix *= 0.89 / np.max(np.abs(mix))  # -1 dBFS
    target = Path(__file__).resolve().parent / "demo_song.mp3"
    save(AudioClip(mix.astype(np.float32)), target, "mp3")
    return target


if __name__ == "__main__":
    print(main())
