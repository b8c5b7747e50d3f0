"""Synthesized music with a known answer for the beat, remix and figure tests.

A click track (4/4 unless asked) over a repeating four-chord progression (one chord per
bar, C - G - Am - F), so the true chord and position in the bar of every beat
is known: a correct remix jumps only between beats with the same chord at the
same position in the bar.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jamwithme.audio import SAMPLE_RATE, AudioClip

#: MIDI notes of each chord: bass root, then the triad.
PROGRESSION = {
    "C": (36, 60, 64, 67),
    "G": (43, 59, 62, 67),
    "Am": (45, 60, 64, 69),
    "F": (41, 60, 65, 69),
}


@dataclass(frozen=True)
class Truth:
    """What the synthesized song is: beat times, chord and position in the bar of each beat."""

    beat_times: np.ndarray  # (n_beats,) seconds
    chord: np.ndarray  # (n_beats,) index into PROGRESSION
    position: np.ndarray  # (n_beats,) 0 = downbeat
    lead_in: float  # seconds before the first beat
    bpm: float

    def beat_of(self, seconds: np.ndarray) -> np.ndarray:
        """Index of the true beat nearest to each time."""
        return np.abs(np.asarray(seconds)[:, None] - self.beat_times[None, :]).argmin(axis=1)


def _tone(midi: int, n: int, sr: int, amp: float, decay: float) -> np.ndarray:
    t = np.arange(n) / sr
    freq = 440.0 * 2 ** ((midi - 69) / 12)
    attack = np.minimum(1.0, t / 0.004)
    # Two partials so chroma sees a real instrument rather than a pure sine.
    wave = np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(2 * np.pi * 2 * freq * t)
    return amp * attack * np.exp(-t * decay) * wave


def four_chord_track(
    *,
    bpm: float = 120.0,
    cycles: int = 8,
    beats_per_bar: int = 4,
    sr: int = SAMPLE_RATE,
    lead_in: float = 0.5,
    seed: int = 0,
) -> tuple[AudioClip, Truth]:
    """``cycles`` repetitions of four bars (C, G, Am, F), a strummed chord and a click on every beat.

    Downbeats get a louder, lower click and the chord's bass root, like a real
    band. The last chord rings for two seconds after the last beat (the song's
    real ending). Returns a stereo clip and the :class:`Truth`.
    """
    rng = np.random.default_rng(seed)
    period = 60.0 / bpm
    n_beats = cycles * 4 * beats_per_bar
    beat_times = lead_in + np.arange(n_beats) * period
    total = int(round((beat_times[-1] + period + 2.0) * sr))
    y = np.zeros(total, np.float64)
    names = list(PROGRESSION)
    chord = (np.arange(n_beats) // beats_per_bar) % len(names)
    position = np.arange(n_beats) % beats_per_bar
    beat_len = int(round(period * sr))
    for i, t0 in enumerate(beat_times):
        start = int(round(t0 * sr))
        last = i == n_beats - 1
        n = total - start if last else beat_len
        bass, *triad = PROGRESSION[names[chord[i]]]
        decay = 1.5 if last else 6.0
        for note in triad:
            y[start : start + n] += _tone(note, n, sr, 0.08, decay)
        if position[i] == 0:
            y[start : start + n] += _tone(bass, n, sr, 0.25, decay / 2)
        click_n = int(0.02 * sr)
        click_t = np.arange(click_n) / sr
        click_freq, click_amp = (1000.0, 0.5) if position[i] == 0 else (2000.0, 0.25)
        y[start : start + click_n] += click_amp * np.sin(2 * np.pi * click_freq * click_t) * np.exp(-click_t * 250)
    y += 1e-3 * rng.standard_normal(total)  # a little room noise: no two beats are identical
    y = (y / np.max(np.abs(y)) * 0.8).astype(np.float32)
    truth = Truth(beat_times=beat_times, chord=chord, position=position, lead_in=lead_in, bpm=bpm)
    return AudioClip(np.stack([y, y]), sr), truth
