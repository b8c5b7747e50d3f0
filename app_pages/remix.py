"""Beat remix: a new arrangement of the song from its own beats, with the analysis shown."""

from __future__ import annotations

import streamlit as st

from jamwithme import figures
from jamwithme.remix import DEFAULT_TEMPERATURE, FRESH_SEEDS
from jamwithme.service import jobs
from jamwithme.service.jobs import StemSettings, source_clip
from ui import state
from ui.media import figure_png, format_picker, player, stem_of
from ui.messages import friendly_errors
from ui.progress import job
from ui.server import service
from ui.song import SOURCES, require_song, separated_band, source_labels

METHODS = {
    "Musical (jumps within the same bar position, no loops)": "jukebox",
    "Original MusicRemixer rule": "original",
}


def make_remix() -> None:
    st.session_state["jwm_remix_go"] = True


def next_seed() -> None:
    state.set_value(state.W_REMIX_SEED, int(state.value(state.W_REMIX_SEED, 0)) + 1)
    st.session_state["jwm_remix_go"] = True  # another take renders without another click


st.title("Beat remix")
song = require_song()
if song is not None:
    labels = source_labels()
    if state.value(state.W_REMIX_STEM) not in (None, *labels):  # the last song's stem, which this one has not
        state.set_value(state.W_REMIX_STEM, labels[0])
    source_label = st.selectbox("Remix", labels, key=state.widget(state.W_REMIX_STEM, labels[0]))
    c1, c2, c3 = st.columns(3)
    duration = c1.slider(
        "Length (seconds)", 10, 600, step=5, key=state.widget(state.W_REMIX_DURATION, 180),
        help="A new arrangement can be longer than the song.",
    )  # fmt: skip
    auto_k = c2.checkbox("Choose the number of clusters from the music", key=state.widget(state.W_REMIX_AUTO_K, True))
    k = None if auto_k else c2.number_input("Clusters", 2, 64, key=state.widget(state.W_REMIX_CLUSTERS, 8))
    temperature = c3.slider(
        "Temperature (how often it jumps)", 0.0, 5.0, step=0.1,
        key=state.widget(state.W_REMIX_TEMPERATURE, float(DEFAULT_TEMPERATURE)),
    )  # fmt: skip
    methods = list(METHODS)
    method = METHODS[st.radio("Method", methods, key=state.widget(state.W_REMIX_METHOD, methods[0]), horizontal=True)]
    seed = st.number_input("Seed (same seed, same remix)", 0, FRESH_SEEDS - 1, key=state.widget(state.W_REMIX_SEED, 0))
    settings = {
        "source": SOURCES[source_label], "band": separated_band() or "full", "clusters": k,
        "duration": float(duration), "temperature": temperature, "seed": int(seed), "method": method,
    }  # fmt: skip
    go, again = st.columns([1, 4])
    # Pressed, the press is kept in the session by the callback (run before the script): a rerun that stops
    # this run before the job is queued cannot lose it.
    clicked = go.button(
        "Make remix", key=state.W_REMIX_GO, type="primary", icon=":material/shuffle:", on_click=make_remix
    )
    again.button("Another take (new seed)", key=state.W_REMIX_AGAIN, on_click=next_seed, icon=":material/casino:")
    progress_area = st.container()  # the job's progress, apart from the take so the take can go at once
    # The take shown, for these settings only. Drawn anew each run, this placeholder is what the browser shows
    # in the take's place until the run draws the take: while another take is made, its job's progress above
    # and nothing here (the last take's player and download gave the old take). The progress has its own area
    # because Streamlit folds deltas at one place: a take drawn where the progress was kept the old children.
    take_area = st.empty()
    with friendly_errors("remix this song"):
        with progress_area:
            start = clicked or st.session_state.pop("jwm_remix_go", False)
            key = job("remix", settings, "Finding beats and remixing", start=start)
        if key is not None:
            with take_area.container():
                svc = service()
                take = svc.read(key, jobs.walk_in)  # made again if it does not read
                # The beats the take was made from, made again (with progress) if they went since.
                beat_settings = {name: settings[name] for name in ("source", "band", "clusters")}
                a_key = job("beats", beat_settings, "Finding the beats again")
                analysis = svc.read(a_key, jobs.beats_in)
                clip = svc.clips(key, ["remix"])["remix"]
                st.markdown(
                    f"**{analysis.tempo:.0f} BPM** · {analysis.n_beats} beats · {analysis.n_clusters} clusters · "
                    f"{take.n_jumps} jumps · {clip.duration:.1f} s"
                )
                fmt = format_picker(state.W_REMIX_FORMAT)
                player(
                    key, "remix", fmt=fmt, widget_key="w_remix_dl",
                    file_stem=f"{stem_of(song.name)}_{settings['source']}_remix_seed{int(seed)}",
                )  # fmt: skip
                source = StemSettings(source=settings["source"], band=settings["band"])
                tabs = st.tabs(["Jumps", "Beats", "Clusters", "Features", "Remix waveform"])
                with tabs[0]:
                    st.image(figure_png(key, "jumps", lambda: figures.jumps_figure(analysis, take)))
                with tabs[1]:
                    beats = lambda: figures.waveform_figure(source_clip(svc.store, song.id, source), analysis)  # noqa: E731
                    st.image(figure_png(a_key, "beats", beats))
                with tabs[2]:
                    st.image(figure_png(a_key, "clusters", lambda: figures.clusters_figure(analysis)))
                with tabs[3]:
                    st.image(figure_png(a_key, "features", lambda: figures.features_figure(analysis)))
                with tabs[4]:
                    st.image(figure_png(key, "wave", lambda: figures.waveform_figure(clip, analysis, take=take)))
