"""A Streamlit script that mounts the melody lane on a known line, for the browser test.

The line: a C major scale up and down, a note every 0.5 s at 120 BPM for 20 s
(no rests, so a note is always lit), played as sines on one stem; a radio moves
the key by 0 or +2 semitones.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import streamlit as st

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from jamwithme import audio  # noqa: E402
from jamwithme.analysis.grid import Grid  # noqa: E402
from jamwithme.audio import SAMPLE_RATE, AudioClip  # noqa: E402
from jamwithme.notes import Note, Transcription, phrases_of  # noqa: E402
from ui.melody import melody_lane  # noqa: E402

SECONDS = 20.0
SCALE = [60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62]


def line() -> list[Note]:
    return [Note(0.5 * i, 0.5 * i + 0.5, SCALE[i % len(SCALE)], 100) for i in range(int(SECONDS / 0.5))]


@st.cache_data
def _stem() -> bytes:
    t = np.arange(int(SECONDS * SAMPLE_RATE)) / SAMPLE_RATE
    y = np.zeros_like(t)
    for n in line():
        inside = (t >= n.start) & (t < n.end)
        y[inside] = 0.2 * np.sin(2 * np.pi * 440.0 * 2 ** ((n.pitch - 69) / 12) * t[inside])
    return audio.encode(AudioClip(np.stack([y, y]).astype(np.float32), SAMPLE_RATE), "wav")


def main() -> None:
    beats = np.arange(0.0, SECONDS, 0.5)
    grid = Grid(beats, np.arange(beats.size) % 4, "4/4", 120.0, steady=True)
    notes = tuple(line())
    found = Transcription(notes=notes, phrases=phrases_of(notes, beats=beats, downbeats=grid.downbeats),
                          duration=SECONDS)  # fmt: skip
    semitones = st.radio("Semitones", [0, 2], key="semitones", horizontal=True)
    melody_lane(found, SimpleNamespace(key="C major", grid=grid), {"line": _stem()}, semitones=semitones,
                key="lane", song="line")  # fmt: skip


if __name__ == "__main__":  # streamlit run; the test imports line() alone
    main()
