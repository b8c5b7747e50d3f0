"""The practice player's test song: a 440 Hz tone and a click track at 120 BPM, as two stems."""

from __future__ import annotations

import numpy as np

from jamwithme.analysis.grid import Grid
from jamwithme.audio import SAMPLE_RATE, AudioClip

BPM = 120.0
TONE_HZ = 440.0


def synthetic_stems(seconds: float) -> tuple[dict[str, AudioClip], Grid]:
    """The test song: ({"tone", "clicks"} stereo clips, its beat grid: 4/4 at 120 BPM from 0 s)."""
    n = round(seconds * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    tone = (0.25 * np.sin(2 * np.pi * TONE_HZ * t)).astype(np.float32)
    beats = np.arange(0.0, seconds - 0.05, 60.0 / BPM)
    clicks = np.zeros(n, np.float32)
    burst_t = np.arange(round(0.02 * SAMPLE_RATE)) / SAMPLE_RATE
    burst = (0.5 * np.sin(2 * np.pi * 1000 * burst_t) * np.exp(-burst_t * 200)).astype(np.float32)
    for b in beats:
        i = round(b * SAMPLE_RATE)
        clicks[i : i + len(burst)] += burst[: n - i]
    stems = {name: AudioClip(np.stack([y, y])) for name, y in (("tone", tone), ("clicks", clicks))}
    return stems, Grid.from_times(beats, beats[::4], time_signature="4/4", tempo=BPM, steady=True)


#: The test song's melody: a C major scale up and down, a note on every beat held 0.4 s (a 0.1 s rest after each).
SCALE = (60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62)
NOTE_SECONDS = 0.4


def melody_line(seconds: float):
    """The melody's notes (a :class:`jamwithme.notes.Transcription`): SCALE on the beats, each NOTE_SECONDS long,
    in phrases of four bars (16 notes: the rests are shorter than a beat, so the phrase length ends them)."""
    from jamwithme.notes import Note, Transcription, phrases_of

    beat = 60.0 / BPM
    notes = tuple(Note(i * beat, i * beat + NOTE_SECONDS, SCALE[i % len(SCALE)], 100)
                  for i in range(int(seconds / beat)))  # fmt: skip
    beats = np.arange(0.0, seconds - 0.05, beat)
    phrases = phrases_of(notes, beats=beats, downbeats=beats[::4])
    return Transcription(notes=notes, phrases=phrases, duration=seconds)
