"""A Streamlit script that mounts the practice player on synthetic stems, for the browser tests and bench.

A "short" option switches to a 20 s song in the same player (its click stem 1 s shorter).
Stems: "tone" (a 440 Hz sine at -12 dBFS) and "clicks" (a click track at 120 BPM,
beats every 0.5 s, a bar every 4 beats). Environment: JAM_PLAYER_SECONDS (default 180),
JAM_PLAYER_FORMAT ("flac" lossless by default, or "mp3" as the app sends),
JAM_PLAYER_ENGINE ("stretch" or "playback-rate").
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from player_song import synthetic_stems  # noqa: E402

from jamwithme import audio  # noqa: E402
from jamwithme.analysis.grid import Grid  # noqa: E402
from jamwithme.audio import SAMPLE_RATE, AudioClip  # noqa: E402
from ui.player import practice_player  # noqa: E402


@st.cache_data
def _song(seconds: float, fmt: str) -> tuple[dict[str, bytes], Grid]:
    stems, grid = synthetic_stems(seconds)
    if seconds < 60:  # stems of unequal length, as a short song's test of the padding
        stems["clicks"] = AudioClip(stems["clicks"].samples[:, :-SAMPLE_RATE])
    return {name: audio.encode(clip, fmt) for name, clip in stems.items()}, grid


def main() -> None:
    seconds = float(os.environ.get("JAM_PLAYER_SECONDS", "180"))
    if st.radio("Song", ["long", "short"], key="song", horizontal=True) == "short":
        seconds = 20.0
    stems, grid = _song(seconds, os.environ.get("JAM_PLAYER_FORMAT", "flac"))
    chords = [
        {"start": float(a), "end": float(a + 2), "label": "C" if i % 2 == 0 else "G"}
        for i, a in enumerate(grid.downbeats)
    ]
    sections = [
        {"start": 0.0, "end": seconds / 2, "label": "verse"},
        {"start": seconds / 2, "end": seconds, "label": "chorus"},
    ]
    settings = practice_player(
        stems,
        grid=grid,
        chords=chords,
        sections=sections,
        state=st.session_state.get("player_state"),
        key="player",
        engine=os.environ.get("JAM_PLAYER_ENGINE", "stretch"),
    )
    st.session_state["player_state"] = settings
    st.code(settings.json(), language="json")


main()
