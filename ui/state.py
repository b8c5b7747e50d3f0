"""Every session-state key and widget key of the app, in one place.

Pages read and write the session only through these names, so two pages never
disagree on what a key holds, and every widget has an explicit, unique key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from jamwithme.audio import AudioClip

# --- session state
SONG = "jwm_song"  # Song: the current song
RESULTS = "jwm_results"  # {result key: {name: AudioClip}}: this session's results
EXTRAS = "jwm_extras"  # {result key: anything else a result carries (remix path, analysis)}
ENCODED = "jwm_encoded"  # {(result key, name, format): bytes}: encoded previews
JOBS = "jwm_jobs"  # {result key: job id}: work queued or running for this session

# --- widgets: load page
W_UPLOAD = "w_load_upload"
W_URL = "w_load_url"
W_FETCH = "w_load_fetch"
W_DEMO = "w_load_demo"
W_TEMPO = "w_load_tempo"
# --- widgets: jam track page
W_BAND = "w_jam_band"
W_SEPARATE = "w_jam_separate"
W_JAM_FORMAT = "w_jam_format"
# --- widgets: practice page
W_STEM = "w_practice_stem"
W_RATE = "w_practice_rate"
W_SEMITONES = "w_practice_semitones"
W_QUALITY = "w_practice_quality"
W_LOOP_ON = "w_practice_loop_on"
W_LOOP_RANGE = "w_practice_loop_range"
W_LOOP_REPEAT = "w_practice_loop_repeat"
W_LOOP_SNAP = "w_practice_loop_snap"
W_COUNT_IN = "w_practice_count_in"
W_METRONOME = "w_practice_metronome"
W_RENDER = "w_practice_render"
W_PRACTICE_FORMAT = "w_practice_format"
# --- widgets: remix page
W_REMIX_STEM = "w_remix_stem"
W_REMIX_DURATION = "w_remix_duration"
W_REMIX_CLUSTERS = "w_remix_clusters"
W_REMIX_AUTO_K = "w_remix_auto_k"
W_REMIX_TEMPERATURE = "w_remix_temperature"
W_REMIX_SEED = "w_remix_seed"
W_REMIX_METHOD = "w_remix_method"
W_REMIX_GO = "w_remix_go"
W_REMIX_AGAIN = "w_remix_again"
W_REMIX_FORMAT = "w_remix_format"
# --- widgets: mixer page
W_MIX_GAIN = "w_mix_gain_{}"
W_MIX_MUTE = "w_mix_mute_{}"
W_MIX_SOLO = "w_mix_solo_{}"
W_MIX_LUFS = "w_mix_lufs"
W_MIX_RECIPE = "w_mix_recipe"
W_MIX_FORMAT = "w_mix_format"


@dataclass(frozen=True, eq=False)
class Song:
    """The song the session works on."""

    clip: AudioClip
    name: str
    hash: str  # SHA-256 of the file's bytes: what every cached result is keyed on
    source: str  # "upload", "link" or "demo"


def _dict(key: str) -> dict:
    if key not in st.session_state:
        st.session_state[key] = {}
    return st.session_state[key]


def song() -> Song | None:
    return st.session_state.get(SONG)


def set_song(value: Song) -> None:
    st.session_state[SONG] = value


def results() -> dict[str, dict[str, AudioClip]]:
    return _dict(RESULTS)


def extras() -> dict[str, Any]:
    return _dict(EXTRAS)


def encoded() -> dict[tuple, bytes]:
    return _dict(ENCODED)


def jobs() -> dict[str, str]:
    return _dict(JOBS)
