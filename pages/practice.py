"""Practice: slow down or speed up, change key, loop a passage with a count-in; hear it, download it."""

from __future__ import annotations

import streamlit as st

from jamwithme.practice import export_filename, practice_loop
from jamwithme.tempo import change_tempo_and_key
from ui import state
from ui.common import (
    cached_result,
    format_picker,
    friendly_errors,
    player,
    require_song,
    run_job,
    song_key,
    stem_sources,
)

#: The stretch quality the page offers, and the engine behind each.
QUALITIES = {"Fast": "rubberband", "Best bass (about 2.4× slower)": "rubberband-best"}


def render(clip, *, rate, semitones, loop, engine="rubberband", progress=None):
    """Loop first (in the song's own time, so A and B are where you heard them), then tempo and key."""
    if loop is not None:
        clip = practice_loop(clip, **loop)
    if progress is not None:
        progress(0.3)
    return {"practice": change_tempo_and_key(clip, rate=rate, semitones=semitones, engine=engine)}


st.title("Practice")
song = require_song()
if song is not None:
    sources = stem_sources(song)
    source_name = st.selectbox("What to practise with", list(sources), key=state.W_STEM)
    source = sources[source_name]
    if len(sources) == 1:
        st.caption("Separate the song on the **Jam track** page to practise with the accompaniment alone.")
    left, right = st.columns(2)
    rate = left.slider(
        "Speed (1.00 = original tempo)",
        0.25,
        2.0,
        1.0,
        0.05,
        key=state.W_RATE,
        format="%.2f×",
        help="Time-stretch with Rubber Band: the pitch is kept.",
    )
    semitones = right.slider(
        "Key (semitones)", -12.0, 12.0, 0.0, 0.5, key=state.W_SEMITONES, help="Transpose without changing the tempo."
    )
    quality = st.radio(
        "Stretch quality",
        list(QUALITIES),
        horizontal=True,
        key=state.W_QUALITY,
        help="Both use Rubber Band's R3 engine. Best resolves bass notes a little better; "
        "Fast is what most practice needs.",
    )
    engine = QUALITIES[quality]
    loop = None
    with st.expander("Loop a passage (A–B), count-in and metronome", expanded=False):
        looping = st.checkbox("Loop a passage", key=state.W_LOOP_ON)
        duration = float(source.duration)
        a, b = st.slider("A and B (seconds)", 0.0, duration, (0.0, min(duration, 8.0)), 0.1, key=state.W_LOOP_RANGE)
        c1, c2, c3, c4 = st.columns(4)
        repeat = c1.number_input("Repeats", 1, 32, 4, key=state.W_LOOP_REPEAT)
        snap = c2.checkbox("Snap A and B to beats", True, key=state.W_LOOP_SNAP)
        count_in = c3.number_input("Count-in bars", 0, 4, 1, key=state.W_COUNT_IN)
        metronome = c4.checkbox("Metronome under it", key=state.W_METRONOME)
        if looping:
            loop = {
                "start": a,
                "end": b,
                "repeat": int(repeat),
                "snap": snap,
                "count_in_bars": int(count_in),
                "metronome": metronome,
            }
    params = {"source": source_name, "rate": rate, "semitones": semitones, "loop": loop, "engine": engine}
    key = song_key(song, "practice", **params)
    result = cached_result(key)
    if result is None and st.button("Render", key=state.W_RENDER, type="primary", icon=":material/play_arrow:"):
        with friendly_errors("render the practice track"):
            result = run_job(
                key,
                "Rendering the practice track",
                render,
                source,
                rate=rate,
                semitones=semitones,
                loop=loop,
                engine=engine,
            )
            state.results()[key] = result
    if result is not None:
        clip = result["practice"]
        fmt = format_picker(state.W_PRACTICE_FORMAT)
        name = export_filename(
            song.name.rsplit(".", 1)[0],
            stem=sources.stem_of(source_name),
            rate=rate,
            semitones=semitones,
            start=loop["start"] if loop else None,
            end=loop["end"] if loop else None,
            repeat=loop["repeat"] if loop else 1,
            count_in_bars=loop["count_in_bars"] if loop else 0,
            fmt=fmt,
        )
        st.caption(f"{clip.duration:.1f} s · {name}")
        player(key, "practice", clip, file_stem=name.rsplit(".", 1)[0], fmt=fmt, widget_key="w_practice_dl")
