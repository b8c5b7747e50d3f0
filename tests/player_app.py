"""A Streamlit script that mounts the practice player on synthetic stems, for the browser tests and bench.

A "short" option switches to a 20 s song in the same player (its click stem 1 s shorter).
The song's analysis: its grid, C major, chords by the bar (C, G7, Am, then F and G7 in one bar), a verse
and a chorus.
Stems: "tone" (a 440 Hz sine at -12 dBFS) and "clicks" (a click track at 120 BPM,
beats every 0.5 s, a bar every 4 beats). Environment: JAM_PLAYER_SECONDS (default 180),
JAM_PLAYER_FORMAT ("flac" lossless by default, or "mp3" as the app sends),
JAM_PLAYER_ENGINE ("stretch" or "playback-rate"), JAM_PLAYER_MODE ("practice", or "mixer": the Mixer
page's player, without the analysis), JAM_PLAYER_MELODY ("1": the song's melody, player_song.melody_line,
as the player's notes; "ask": the notes only once the "Show the melody" checkbox is ticked, as the Practice
page delivers them while the song may be playing), JAM_PLAYER_NO_BEAT ("1": the song's analysis found no
steady beat: a grid without beats, and a saved state asking for the metronome and the count-in).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import streamlit as st

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from player_song import melody_line, synthetic_stems  # noqa: E402

from jamwithme import audio  # noqa: E402
from jamwithme.analysis import SongAnalysis  # noqa: E402
from jamwithme.analysis.grid import Grid  # noqa: E402
from jamwithme.audio import SAMPLE_RATE, AudioClip  # noqa: E402
from ui.player import practice_player  # noqa: E402


@st.cache_data
def _song(seconds: float, fmt: str) -> tuple[dict[str, bytes], Grid]:
    stems, grid = synthetic_stems(seconds)
    if seconds < 60:  # stems of unequal length, as a short song's test of the padding
        stems["clicks"] = AudioClip(stems["clicks"].samples[:, :-SAMPLE_RATE])
    return {name: audio.encode(clip, fmt) for name, clip in stems.items()}, grid


def _analysis(grid: Grid, seconds: float) -> SongAnalysis:
    """C major: bars of C, G7, Am, then F changing to G7 halfway (so a chord changes inside a bar), a
    verse and a chorus."""
    chords = []
    for i, a in enumerate(float(d) for d in grid.downbeats):
        if i % 4 == 3:
            chords += [(a, a + 1.0, "F:maj"), (a + 1.0, a + 2.0, "G:7")]
        else:
            chords.append((a, a + 2.0, ("C:maj", "G:7", "A:min")[i % 4]))
    sections = [(0.0, seconds / 2, "verse"), (seconds / 2, seconds, "chorus")]
    return SongAnalysis(grid, "C major", 0.9, chords, sections, (0.0, min(30.0, seconds)))


def main() -> None:
    seconds = float(os.environ.get("JAM_PLAYER_SECONDS", "180"))
    if st.radio("Song", ["long", "short"], key="song", horizontal=True) == "short":
        seconds = 20.0
    stems, grid = _song(seconds, os.environ.get("JAM_PLAYER_FORMAT", "flac"))
    no_beat = os.environ.get("JAM_PLAYER_NO_BEAT") == "1"
    if no_beat:
        grid = Grid(np.zeros(0), np.zeros(0, np.int64), pulse=False)
        st.session_state.setdefault("player_state", {"metronome": True, "count_in": True})
    mixer = os.environ.get("JAM_PLAYER_MODE") == "mixer"
    melody = os.environ.get("JAM_PLAYER_MELODY") == "1"
    if os.environ.get("JAM_PLAYER_MELODY") == "ask":
        melody = st.checkbox("Show the melody", key="melody_on")
    settings = practice_player(
        stems,
        analysis=None if mixer else _analysis(grid, seconds),
        mode="mixer" if mixer else "practice",
        state=st.session_state.get("player_state"),
        key="player",
        engine=os.environ.get("JAM_PLAYER_ENGINE", "stretch"),
        notes=melody_line(seconds) if melody else None,
    )
    st.session_state["player_state"] = settings
    st.slider("A slider of the page's own", 0, 10, 5, key="page_slider")  # its keys are not the player's
    st.code(settings.json(), language="json")


main()
