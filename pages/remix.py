"""Beat remix: a new arrangement of the song from its own beats, with the analysis shown."""

from __future__ import annotations

import streamlit as st

from jamwithme import figures
from jamwithme.remix import DEFAULT_TEMPERATURE, render, walk
from ui import state
from ui.common import (
    analysis_job,
    analysis_key,
    figure_png,
    format_picker,
    friendly_errors,
    player,
    require_song,
    run_job,
    song_key,
    stem_sources,
)

METHODS = {
    "Musical (jumps within the same bar position, no loops)": "jukebox",
    "Original MusicRemixer rule": "original",
}


def next_seed() -> None:
    st.session_state[state.W_REMIX_SEED] = int(st.session_state.get(state.W_REMIX_SEED, 0)) + 1


def remix_job(clip, key_of_analysis, *, clusters, duration, temperature, seed, method, progress=None):
    """Analyse once per (song, source, clusters), then walk and render: another take reuses the analysis."""
    analysis = analysis_job(clip, key_of_analysis, clusters=clusters, progress=lambda f: progress and progress(0.8 * f))
    take = walk(analysis, duration=duration, temperature=temperature, seed=seed, method=method)
    return {"remix": render(clip, analysis, take)}, analysis, take


st.title("Beat remix")
song = require_song()
if song is not None:
    sources = stem_sources(song)
    source_name = st.selectbox("Remix", list(sources), key=state.W_REMIX_STEM)
    source = sources[source_name]
    c1, c2, c3 = st.columns(3)
    duration = c1.slider(
        "Length (seconds)",
        10,
        600,
        180,
        5,
        key=state.W_REMIX_DURATION,
        help="A new arrangement can be longer than the song.",
    )
    auto_k = c2.checkbox("Choose the number of clusters from the music", True, key=state.W_REMIX_AUTO_K)
    k = None if auto_k else c2.number_input("Clusters", 2, 64, 8, key=state.W_REMIX_CLUSTERS)
    temperature = c3.slider(
        "Temperature (how often it jumps)", 0.0, 5.0, float(DEFAULT_TEMPERATURE), 0.1, key=state.W_REMIX_TEMPERATURE
    )
    method = METHODS[st.radio("Method", list(METHODS), key=state.W_REMIX_METHOD, horizontal=True)]
    seed = st.number_input("Seed (same seed, same remix)", 0, 2**31 - 1, 0, key=state.W_REMIX_SEED)

    a_key = analysis_key(song, source_name, k)
    params = {
        "source": source_name,
        "clusters": k,
        "duration": duration,
        "temperature": temperature,
        "seed": int(seed),
        "method": method,
    }
    key = song_key(song, "remix", **params)
    go, again = st.columns([1, 4])
    clicked = go.button("Make remix", key=state.W_REMIX_GO, type="primary", icon=":material/shuffle:")
    again.button("Another take (new seed)", key=state.W_REMIX_AGAIN, on_click=next_seed, icon=":material/casino:")
    result = state.results().get(key)
    if result is None and (clicked or state.extras().get("remix_auto") == a_key):
        with friendly_errors("remix this song"):
            value = run_job(
                key,
                "Finding beats and remixing",
                remix_job,
                source,
                a_key,
                clusters=k,
                duration=float(duration),
                temperature=temperature,
                seed=int(seed),
                method=method,
            )
            stems, analysis, take = value
            state.results()[key] = stems
            state.extras()[key] = take
            state.extras()[a_key] = analysis
            state.extras()["remix_auto"] = a_key  # later takes render without another click
            result = stems
    if result is not None:
        take = state.extras()[key]
        analysis = state.extras()[a_key]
        clip = result["remix"]
        st.markdown(
            f"**{analysis.tempo:.0f} BPM** · {analysis.n_beats} beats · {analysis.n_clusters} clusters · "
            f"{take.n_jumps} jumps · {clip.duration:.1f} s"
        )
        fmt = format_picker(state.W_REMIX_FORMAT)
        stem = sources.stem_of(source_name) or "mix"
        player(
            key,
            "remix",
            clip,
            file_stem=f"{song.name.rsplit('.', 1)[0]}_{stem}_remix_seed{int(seed)}",
            fmt=fmt,
            widget_key="w_remix_dl",
        )
        tabs = st.tabs(["Jumps", "Beats", "Clusters", "Features", "Remix waveform"])
        with tabs[0]:
            st.image(figure_png((key, "jumps"), lambda: figures.jumps_figure(analysis, take)))
        with tabs[1]:
            st.image(figure_png((a_key, "beats"), lambda: figures.waveform_figure(source, analysis)))
        with tabs[2]:
            st.image(figure_png((a_key, "clusters"), lambda: figures.clusters_figure(analysis)))
        with tabs[3]:
            st.image(figure_png((a_key, "features"), lambda: figures.features_figure(analysis)))
        with tabs[4]:
            st.image(figure_png((key, "wave"), lambda: figures.waveform_figure(clip, analysis, take=take)))
